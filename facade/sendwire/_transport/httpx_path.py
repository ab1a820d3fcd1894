"""One attempt through httpx's full client layer (any ``httpx.Client`` or ``AsyncClient``),
its body read within the attempt's limits."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import Any

import httpx

from .._core.call import Answer
from .._core.limits import AttemptLimits
from .bodies import read_async, read_sync
from .deadline import attempt_deadline

__all__ = ["answer_via_httpx", "answer_via_httpx_async", "within_deadline"]


def answer_via_httpx(
    http: httpx.Client, method: str, url: str, limits: AttemptLimits, **options: Any
) -> Answer:
    with (
        attempt_deadline(limits.seconds) as deadline,
        http.stream(method, url, **options) as answer,
    ):
        content = read_sync(
            answer.headers, answer.iter_raw(), limits.max_bytes, deadline, answer.request
        )
        return answer.status_code, answer.headers, content


async def answer_via_httpx_async(
    http: httpx.AsyncClient, method: str, url: str, max_bytes: int, **options: Any
) -> Answer:
    """The body is read up to ``max_bytes``; ``within_deadline`` bounds the time."""
    async with http.stream(method, url, **options) as answer:
        content = await read_async(answer.headers, answer.aiter_raw(), max_bytes, answer.request)
        return answer.status_code, answer.headers, content


def _expired(seconds: float) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"no whole answer within the attempt's deadline of {seconds:g} s")


if sys.version_info >= (3, 11):

    async def within_deadline(seconds: float, attempt: Awaitable[Answer]) -> Answer:
        """``attempt``'s answer, or a read timeout once ``seconds`` have passed."""
        timer = asyncio.timeout(seconds)
        try:
            async with timer:
                return await attempt
        except TimeoutError:
            if not timer.expired():
                raise
        raise _expired(seconds)

else:  # pragma: no cover - Python 3.10

    async def within_deadline(seconds: float, attempt: Awaitable[Answer]) -> Answer:
        try:
            return await asyncio.wait_for(attempt, seconds)
        except asyncio.TimeoutError:
            raise _expired(seconds) from None
