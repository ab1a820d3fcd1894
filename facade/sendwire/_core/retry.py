"""When to repeat a request and how long to wait first: the one place that decides, for the
clients (``RetryPolicy``), the transports (``resend_stale``) and bulk runs (``bulk_backoff``).
Pure: no clock reads, no sleeping.

Two kinds of request:

* ``IDEMPOTENT`` (fetch, list, redact, cancel, delete, media): repeating it cannot do harm, so
  it is retried on 429, on 5xx and on any connection failure.
* ``UNSENT_ONLY`` (create, feedback): repeating it could send a message twice, so it is retried
  only when the first attempt provably never reached the service: a 429 (the service refused
  it without acting) or a connection that failed before the request went out (connect error,
  connect timeout, no free connection in the pool). After a read error, a reset, a protocol
  error, a read or write timeout, or any 5xx, the outcome is unknown and the error surfaces.

Delays grow exponentially with full jitter (a uniform pick between 0 and the capped bound), and
a ``Retry-After`` answer is honoured exactly, unless it asks for longer than
``max_retry_after``: then the error surfaces at once rather than blocking the caller.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import enum
import math

import attrs
import httpx


class RetrySafety(enum.Enum):
    IDEMPOTENT = "idempotent"
    UNSENT_ONLY = "unsent_only"


# Failures that happen before a single byte of the request is written.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures that say nothing about the network and will not change on a retry (a body that
# cannot be decoded, redirects, a bad proxy or scheme, a request httpx refuses to write).
_NEVER_RETRY = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.ProxyError,
    httpx.DecodingError,
    httpx.TooManyRedirects,
)


def reached_server(exc: httpx.RequestError) -> bool:
    """Whether the request may have reached the service before ``exc``."""
    return not isinstance(exc, _NOT_SENT)


def _retryable_status(status: int, safety: RetrySafety) -> bool:
    if status == 429:
        return True
    return safety is RetrySafety.IDEMPOTENT and status >= 500 and status not in (501, 505)


@attrs.frozen(slots=True)
class RetryPolicy:
    """How many times to retry and how long to wait; ``max_retries=0`` turns retries off."""

    max_retries: int = 3
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def backoff(self, retries_done: int, rand: float) -> float:
        """Full jitter: ``rand`` (uniform in [0, 1)) times the capped exponential bound."""
        bound = min(self.max_delay, self.initial_delay * (2.0 ** min(retries_done, 32)))
        return rand * bound

    def after_status(
        self,
        safety: RetrySafety,
        retries_done: int,
        status: int,
        retry_after: float | None,
        rand: float,
    ) -> float | None:
        """The pause before the next attempt after an error answer, or None to give up."""
        if retries_done >= self.max_retries or not _retryable_status(status, safety):
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(retries_done, rand)

    def after_transport_error(
        self,
        safety: RetrySafety,
        retries_done: int,
        exc: httpx.RequestError,
        rand: float,
    ) -> float | None:
        """The pause before the next attempt after a network failure, or None to give up."""
        if retries_done >= self.max_retries or isinstance(exc, _NEVER_RETRY):
            return None
        if safety is RetrySafety.UNSENT_ONLY and reached_server(exc):
            return None
        return self.backoff(retries_done, rand)


#: How many times a request refused by a pooled connection that was already closing is sent
#: again on another one (httpcore likewise skips the connections it finds closed).
STALE_RESENDS = 3


def resend_stale(resends_done: int) -> bool:
    """Whether to send again a request that a pooled connection refused to write because it
    was closing (so it never reached the server): yes, up to ``STALE_RESENDS`` times."""
    return resends_done < STALE_RESENDS


def bulk_backoff(attempts: int, rand: float) -> float:
    """The pause before a bulk run tries one item again after ``attempts`` failed attempts:
    full jitter (``rand`` uniform in [0, 1)) under a bound doubling from 0.2 s to 5 s."""
    return min(5.0, 0.1 * 2.0**attempts) * rand


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())
