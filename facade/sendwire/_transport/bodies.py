"""Reading an answer's body within the attempt's limits, whichever stack delivers it.

The cap counts decoded bytes. httpx decodes each raw chunk it is given whole, and one 64 KiB
chunk of a deflate bomb inflates to some 64 MiB, so compressed bodies are fed to its decoder
in small slices (each inflates to about a megabyte at most) and counted as they come out.
Stacked codings (``gzip, gzip``) would multiply that bound, and no API answers with them, so
they are refused. Bodies without a coding are read as they arrive, without slicing.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator

import httpx

from .._core.limits import AnswerTooLarge, BodyLimit

__all__ = ["known_within", "read_async", "read_sync"]

_SLICE = 1024
_CODINGS = frozenset({"gzip", "deflate", "br", "zstd"})


def _coded(headers: httpx.Headers, request: httpx.Request | None) -> bool:
    codings = [
        value.strip().lower() for value in headers.get_list("content-encoding", split_commas=True)
    ]
    known = [value for value in codings if value in _CODINGS]
    if len(known) > 1:
        raise httpx.DecodingError(
            f"stacked content codings are not accepted: {', '.join(known)}", request=request
        )
    return bool(known)


def known_within(headers: httpx.Headers, max_bytes: int) -> bool:
    """Whether the body is plain (no coding) with a ``Content-Length`` within ``max_bytes``,
    so it can be read in one go: the parser stops at that length."""
    length = headers.get("content-length")
    return (
        length is not None
        and length.isdigit()
        and int(length) <= max_bytes
        and "content-encoding" not in headers
    )


def _slices(chunks: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        for start in range(0, len(chunk), _SLICE):
            yield chunk[start : start + _SLICE]


async def _aslices(chunks: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        for start in range(0, len(chunk), _SLICE):
            yield chunk[start : start + _SLICE]


def read_sync(
    headers: httpx.Headers,
    raw: Iterable[bytes],
    max_bytes: int,
    deadline: float,
    request: httpx.Request | None,
) -> bytes:
    """The body from its raw chunks, decoded, up to ``max_bytes``; a read timeout once
    ``deadline`` (a ``time.monotonic()`` value) passes between chunks."""
    chunks = raw
    if _coded(headers, request):
        chunks = httpx.Response(200, headers=headers, content=_slices(raw)).iter_bytes()
    body = BodyLimit(max_bytes)
    try:
        for chunk in chunks:
            body.add(chunk)
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the attempt's deadline passed", request=request)
    except AnswerTooLarge as exc:
        if request is not None:
            exc.request = request
        raise
    return body.body()


async def read_async(
    headers: httpx.Headers,
    raw: AsyncIterable[bytes],
    max_bytes: int,
    request: httpx.Request | None,
) -> bytes:
    """The async ``read_sync``; the caller bounds the time (``asyncio.timeout``)."""
    chunks = raw
    if _coded(headers, request):
        chunks = httpx.Response(200, headers=headers, content=_aslices(raw)).aiter_bytes()
    body = BodyLimit(max_bytes)
    try:
        async for chunk in chunks:
            body.add(chunk)
    except AnswerTooLarge as exc:
        if request is not None:
            exc.request = request
        raise
    return body.body()
