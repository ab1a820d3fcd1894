"""How far one attempt may go: the most answer bytes to decode, and a total deadline.

httpx bounds each phase (connect, each read, each write, the wait for a connection) but not
the attempt as a whole, so a server trickling a byte at a time could hold a call forever, and
a body (or a small compressed one) could fill memory. The transports enforce both bounds
named here on every HTTP path; the call turns ``AnswerTooLarge`` into
``ResponseTooLargeError``, and a passed deadline arrives as an httpx timeout.
"""

from __future__ import annotations

import attrs
import httpx

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "AnswerTooLarge", "AttemptLimits", "BodyLimit"]

#: 32 MiB: a 1,000-message page is about 1.5 MB.
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024


class AnswerTooLarge(httpx.DecodingError):
    """The answer grew past the cap; reading stopped there."""


@attrs.frozen(slots=True)
class AttemptLimits:
    #: The most bytes of an answer's body to accept, counted after decoding.
    max_bytes: int
    #: Seconds one attempt may take from the start of the request to the body's last byte.
    seconds: float

    @classmethod
    def of(cls, max_bytes: int, timeout: httpx.Timeout) -> AttemptLimits:
        """The deadline is the largest phase timeout: no attempt outlives the timeout it was
        given (plus the time to notice)."""
        phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        return cls(max_bytes, max(p for p in phases if p is not None))


class BodyLimit:
    """Collects a body chunk by chunk, failing as soon as it passes ``max_bytes``."""

    __slots__ = ("_chunks", "_max_bytes", "_size")

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._size = 0
        self._chunks: list[bytes] = []

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._max_bytes:
            self._chunks.clear()
            raise AnswerTooLarge(
                f"the answer passed the limit of {self._max_bytes} bytes (max_response_bytes)"
            )
        self._chunks.append(chunk)

    def body(self) -> bytes:
        return b"".join(self._chunks)
