"""The few ASGI pieces the mock's layers share: types, reading a bounded body, answering."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from . import errors

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Headers = tuple[tuple[bytes, bytes], ...]

JSON = (b"content-type", b"application/json")
_DRAIN_LIMIT = 32 * 1024 * 1024


class ClientGone(Exception):
    """The client hung up while its request was being read."""


def dumps(payload: Any) -> bytes:
    try:
        return orjson.dumps(payload)
    except TypeError:
        # orjson stops at 64-bit integers; a client may echo a huge `Page` number.
        return json.dumps(payload, separators=(",", ":")).encode()


def header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            value_bytes: bytes = value
            return value_bytes
    return None


async def read_body(receive: Receive, declared: bytes | None, limit: int) -> bytes:
    """The whole request body, refused with a 413 answer beyond `limit` bytes."""
    if declared is not None:
        try:
            too_big = int(declared) > limit
        except ValueError:
            raise errors.invalid_parameter("Invalid Content-Length") from None
        if too_big:
            await _drain(receive)
            raise errors.too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            if message.get("more_body", False):
                await _drain(receive)
            raise errors.too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _drain(receive: Receive) -> None:
    """Read and drop the rest of a refused body, so the client gets to read our answer."""
    drained = 0
    while drained <= _DRAIN_LIMIT:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def respond(
    send: Send,
    status: int,
    body: bytes,
    extra: Headers = (),
    content_type: tuple[bytes, bytes] = JSON,
) -> None:
    headers = [(b"content-length", str(len(body)).encode())]
    if body:
        headers.append(content_type)
    headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
