"""One API call across its attempts: what each answer or failure means, and what comes next.

The sync and async clients drive it with the same loop, differing only in ``await``
(``answer`` comes from ``_transport.stacks.sync_answers`` / ``async_answers``)::

    call = CallState(request, config, max_retries)
    while True:
        call.begin()
        try:
            status, headers, body = answer(..., limits)  # or: await answer(...)
        except httpx.RequestError as exc:
            step = call.on_transport_error(exc)          # a Retry, or raises TransportError
        else:
            step = call.on_response(status, headers, body)  # the result, a Retry, or raises
            if not isinstance(step, Retry):
                return step
        sleep(step.delay)                                # or: await sleep(...)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Generic, TypeVar

import attrs
import httpx

from ..errors import (
    MalformedResponseError,
    ResponseTooLargeError,
    SendwireError,
    TimeoutError,
    TransportError,
)
from .config import ClientConfig
from .limits import AnswerTooLarge
from .prepared import PreparedRequest
from .resource import Resource
from .responses import api_error, decode_json, retry_after_seconds
from .retry import RetrySafety, reached_server
from .validate import integer

T = TypeVar("T")

#: What one attempt brings back, whichever HTTP stack carried it: the status, the headers and
#: the decoded body (read within the attempt's ``AttemptLimits``).
Answer = tuple[int, Mapping[str, str], bytes]

logger = logging.getLogger("sendwire")


@attrs.frozen(slots=True)
class Retry:
    """Wait ``delay`` seconds, then send the same request again."""

    delay: float


class CallState(Generic[T]):
    __slots__ = ("_ambiguous", "_config", "_policy", "_request", "_retries", "_started", "url")

    def __init__(
        self, request: PreparedRequest[T], config: ClientConfig, max_retries: int | None
    ) -> None:
        self._request = request
        self._config = config
        self._policy = (
            config.retry
            if max_retries is None
            else attrs.evolve(config.retry, max_retries=integer(max_retries, "max_retries", 0, 100))
        )
        self._retries = 0
        self._started = 0.0
        # Set once an attempt may have taken effect on the server without us seeing the answer.
        self._ambiguous = False
        self.url = config.base_url + request.path

    @property
    def attempt(self) -> int:
        """1 for the first attempt, 2 for the first retry, and so on."""
        return self._retries + 1

    def begin(self) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            self._started = time.perf_counter()

    def on_response(self, status: int, headers: Mapping[str, str], content: bytes) -> T | Retry:
        request = self._request
        if logger.isEnabledFor(logging.DEBUG):
            self._log_answer(str(status))
        if 200 <= status < 300:
            return self._parse(content)
        if status == 404 and self._ambiguous and request.not_found_after_retry_is_done:
            # An earlier attempt deleted it; its answer was lost on the way back.
            logger.debug(
                "%s %s: 404 after a lost answer, taken as done", request.method, self._log_path()
            )
            return request.parse(None)
        delay = self._policy.after_status(
            request.safety,
            self._retries,
            status,
            retry_after_seconds(headers),
            self._config.random(),
        )
        if delay is None:
            raise api_error(status, headers, content, request.method, self.url)
        if status >= 500:
            self._ambiguous = True
        return self._retry(delay, f"HTTP {status}")

    def _parse(self, content: bytes) -> T:
        """The result of a success answer; one that cannot be read is a
        ``MalformedResponseError``: the service took the request, so its outcome is unknown."""
        request = self._request
        try:
            result = request.parse(decode_json(content, request.method, self.url))
            if isinstance(result, Resource) and "sid" in type(result)._readers:
                sid = result.sid
                if not isinstance(sid, str) or not sid:
                    raise SendwireError("the answer has no sid")
        except (SendwireError, ValueError, TypeError, KeyError) as exc:
            raise MalformedResponseError(
                f"the service answered with a success status but an unreadable body: {exc}",
                method=request.method,
                url=self.url,
            ) from None
        return result

    def on_transport_error(self, exc: httpx.RequestError) -> Retry:
        request = self._request
        sent = reached_server(exc)
        if logger.isEnabledFor(logging.DEBUG):
            self._log_answer(type(exc).__name__)
        delay = self._policy.after_transport_error(
            request.safety, self._retries, exc, self._config.random()
        )
        if delay is None:
            cls: type[TransportError] = TransportError
            if isinstance(exc, httpx.TimeoutException):
                cls = TimeoutError
            elif isinstance(exc, AnswerTooLarge):
                cls = ResponseTooLargeError
            detail = str(exc) or type(exc).__name__
            if not sent:
                detail += "; the request was not sent"
            elif request.safety is RetrySafety.UNSENT_ONLY:
                detail += "; the request may have been processed, so it was not repeated"
            raise cls(
                f"{type(exc).__name__}: {detail}",
                method=request.method,
                url=self.url,
                may_have_reached_server=sent or self._ambiguous,
            ) from exc
        if sent:
            self._ambiguous = True
        return self._retry(delay, type(exc).__name__)

    def _retry(self, delay: float, reason: str) -> Retry:
        self._retries += 1
        logger.debug(
            "retrying %s %s after %s: attempt %d of %d in %.3f s",
            self._request.method,
            self._log_path(),
            reason,
            self._retries + 1,
            self._policy.max_retries + 1,
            delay,
        )
        return Retry(delay)

    def _log_answer(self, outcome: str) -> None:
        elapsed_ms = (time.perf_counter() - self._started) * 1000.0 if self._started else 0.0
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %d)",
            self._request.method,
            self._log_path(),
            outcome,
            elapsed_ms,
            self.attempt,
        )

    def _log_path(self) -> str:
        # The query can hold phone numbers; the path is enough to follow what happens.
        return self._request.path.partition("?")[0]
