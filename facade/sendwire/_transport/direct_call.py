"""Direct calls: the facade's simple requests, recognised and encoded exactly as httpx would.

Both clients' own connection pools send these straight to their transport, around httpx's
client layer (URL merging and re-parsing, header and cookie merging, the auth flow, the redirect
loop, the cookie jar's walk over every answer): the sync one straight to its httpx transport
(``httpx_direct``), the async one straight to aiohttp (``aiohttp_client``). A direct call is
what the facade sends: a method, an absolute URL with nothing to percent-encode and no query,
maybe a form, Basic auth and a timeout. Anything else, or a client someone has added event
hooks or cookies to, or httpx's own request log switched on, takes httpx's full path over
the same pool.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpx

__all__ = ["FORM", "basic_header", "encode_form", "is_direct_call", "timeout_phases"]

FORM = "application/x-www-form-urlencoded"
# An absolute URL that httpx would send unchanged (nothing to percent-encode, no query).
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.:\[\]_~/-]+")
# What the facade passes; any other keyword sends the request through httpx.
_SIMPLE = frozenset({"data", "params", "auth", "timeout"})
_httpx_log = logging.getLogger("httpx")
_basic_headers: weakref.WeakKeyDictionary[httpx.BasicAuth, str] = weakref.WeakKeyDictionary()


def is_direct_call(
    client: httpx.Client | httpx.AsyncClient, url: object, options: Mapping[str, Any]
) -> bool:
    """Whether ``client.request(method, url, **options)`` may go straight to the transport."""
    hooks = client.event_hooks
    data = options.get("data")
    return (
        isinstance(url, str)
        and _PLAIN_URL.fullmatch(url) is not None
        and not options.get("params")
        and options.keys() <= _SIMPLE
        and type(options.get("auth")) is httpx.BasicAuth
        and (data is None or isinstance(data, Mapping))
        and not hooks["request"]
        and not hooks["response"]
        and not client.cookies.jar
        and not _httpx_log.isEnabledFor(logging.INFO)
    )


def _text(value: Any) -> str:
    # httpx's rendering of a form value (primitive_value_to_str).
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def encode_form(data: Mapping[str, Any]) -> bytes:
    """The body httpx sends for ``data=``: a list value is the same name repeated."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            pairs.extend((key, _text(item)) for item in value)
        else:
            pairs.append((key, _text(value)))
    return urlencode(pairs, doseq=True).encode("utf-8")


def basic_header(auth: httpx.BasicAuth) -> str:
    """The ``Authorization`` value ``auth`` sends, worked out once per auth object."""
    header = _basic_headers.get(auth)
    if header is None:
        # httpx's own auth flow writes the header, so it is byte for byte what httpx sends.
        flow = auth.auth_flow(httpx.Request("GET", "http://localhost/"))
        header = _basic_headers[auth] = next(flow).headers["Authorization"]
    return header


def timeout_phases(
    client: httpx.Client | httpx.AsyncClient, options: Mapping[str, Any]
) -> dict[str, float | None]:
    """The timeouts httpx would put on the request: the call's, else the client's."""
    timeout = options.get("timeout", httpx.USE_CLIENT_DEFAULT)
    if isinstance(timeout, httpx.Timeout):
        return timeout.as_dict()
    if timeout is httpx.USE_CLIENT_DEFAULT:
        return client.timeout.as_dict()
    return httpx.Timeout(timeout).as_dict()
