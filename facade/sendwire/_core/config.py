"""Client settings, checked once at construction and shared by both clients.

Credentials live only inside the ``httpx.BasicAuth`` object, which no repr here shows.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs
import httpx

from ..errors import ValidationError
from . import validate
from .limits import DEFAULT_MAX_RESPONSE_BYTES, AttemptLimits
from .requests import check_account_sid
from .retry import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ClientConfig",
    "TimeoutTypes",
    "env_arguments",
    "make_config",
    "with_options",
]

DEFAULT_BASE_URL = "https://api.twilio.com"
#: Each phase (connect, write, read, waiting for a pooled connection) has its own bound.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 3

TimeoutTypes = float | int | httpx.Timeout


@attrs.frozen(slots=True)
class ClientConfig:
    account_sid: str
    base_url: str
    timeout: httpx.Timeout
    retry: RetryPolicy
    #: The bounds of one attempt: answer size and total time.
    limits: AttemptLimits
    #: Who the requests authenticate as: the account SID, or the API key SID.
    principal: str
    auth: httpx.BasicAuth = attrs.field(repr=False, eq=False)
    #: Uniform in [0, 1); the jitter source, replaceable for tests.
    random: Callable[[], float] = attrs.field(default=random.random, repr=False, eq=False)

    def describe(self) -> str:
        kind = "auth token" if self.principal == self.account_sid else f"API key {self.principal}"
        return f"account_sid={self.account_sid!r}, base_url={self.base_url!r}, auth={kind!r}"


def make_config(
    account_sid: object,
    auth_token: object,
    *,
    api_key: object,
    api_secret: object,
    base_url: object,
    timeout: object,
    max_retries: object,
    max_response_bytes: object = DEFAULT_MAX_RESPONSE_BYTES,
) -> ClientConfig:
    account_sid = check_account_sid(account_sid)
    if auth_token is not None:
        if api_key is not None or api_secret is not None:
            raise ValidationError(
                "give either auth_token, or api_key with api_secret, not both", field="auth_token"
            )
        principal, secret = account_sid, validate.non_empty_text(auth_token, "auth_token")
    elif api_key is not None and api_secret is not None:
        principal = validate.non_empty_text(api_key, "api_key")
        secret = validate.non_empty_text(api_secret, "api_secret")
    else:
        raise ValidationError(
            "credentials are missing: give auth_token, or api_key and api_secret",
            field="auth_token",
        )
    checked_timeout = _timeout(timeout)
    max_bytes = validate.integer(max_response_bytes, "max_response_bytes", 1, 2**62)
    return ClientConfig(
        account_sid=account_sid,
        base_url=_base_url(base_url),
        timeout=checked_timeout,
        retry=RetryPolicy(max_retries=_max_retries(max_retries)),
        limits=AttemptLimits.of(max_bytes, checked_timeout),
        principal=principal,
        auth=httpx.BasicAuth(principal, secret),
    )


def with_options(config: ClientConfig, *, timeout: object, max_retries: object) -> ClientConfig:
    changes: dict[str, Any] = {}
    if timeout is not None:
        changes["timeout"] = checked = _timeout(timeout)
        changes["limits"] = AttemptLimits.of(config.limits.max_bytes, checked)
    if max_retries is not None:
        changes["retry"] = attrs.evolve(config.retry, max_retries=_max_retries(max_retries))
    return attrs.evolve(config, **changes) if changes else config


def env_arguments(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Constructor arguments from ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN`` (or
    ``TWILIO_API_KEY`` with ``TWILIO_API_SECRET``) and, if set, ``SENDWIRE_BASE_URL``."""
    env = os.environ if environ is None else environ
    account_sid = env.get("TWILIO_ACCOUNT_SID")
    if not account_sid:
        raise ValidationError("TWILIO_ACCOUNT_SID is not set", field="account_sid")
    arguments: dict[str, Any] = {"account_sid": account_sid}
    if env.get("TWILIO_AUTH_TOKEN"):
        arguments["auth_token"] = env["TWILIO_AUTH_TOKEN"]
    elif env.get("TWILIO_API_KEY") and env.get("TWILIO_API_SECRET"):
        arguments["api_key"] = env["TWILIO_API_KEY"]
        arguments["api_secret"] = env["TWILIO_API_SECRET"]
    else:
        raise ValidationError(
            "TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET) is not set",
            field="auth_token",
        )
    if env.get("SENDWIRE_BASE_URL"):
        arguments["base_url"] = env["SENDWIRE_BASE_URL"]
    return arguments


def _base_url(value: object) -> str:
    url = validate.non_empty_text(value, "base_url").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"base_url must be an http(s) URL, got {url!r}", field="base_url")
    if parts.username is not None or parts.password is not None:
        # Credentials in a URL end up in logs and exception texts; refuse them outright.
        raise ValidationError(
            "base_url must not contain credentials; pass them as arguments", field="base_url"
        )
    if parts.query or parts.fragment:
        raise ValidationError("base_url must not have a query or fragment", field="base_url")
    return url


def _timeout(value: object) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        phases = (value.connect, value.read, value.write, value.pool)
        if any(phase is None for phase in phases):
            raise ValidationError(
                "every timeout phase needs a bound; an unbounded request can hang forever",
                field="timeout",
            )
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        seconds = float(value)
        return httpx.Timeout(seconds, connect=min(seconds, DEFAULT_TIMEOUT.connect or seconds))
    raise ValidationError(
        f"timeout must be a positive number of seconds or an httpx.Timeout, got {value!r}",
        field="timeout",
    )


def _max_retries(value: object) -> int:
    return validate.integer(value, "max_retries", 0, 100)
