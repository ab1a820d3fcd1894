"""Fault injection for client testing: rate limits, server errors and dropped connections."""

from __future__ import annotations

import asyncio
import random
import socket
import struct
from collections.abc import MutableMapping
from typing import Any

from . import errors
from .config import Faults
from .pipeline import Answer, ApiRequest, Layer

RATE_LIMITED = "429"
UNAVAILABLE = "503"
RESET = "reset"
RESET_AFTER_COMMIT = "reset_after_commit"

# Key under which the server puts the connection's transport into the ASGI scope.
TRANSPORT_KEY = "sendwire.transport"


class FaultInjector:
    """Draws, with a seeded generator, which fault (if any) hits the next API request."""

    def __init__(self, faults: Faults, seed: int | None) -> None:
        self.configure(faults, seed)

    def configure(self, faults: Faults, seed: int | None) -> None:
        self.faults = faults
        self.seed = seed
        self.active = faults.any
        self._random = random.Random(seed)
        self._thresholds = (
            (faults.rate_limited, RATE_LIMITED),
            (faults.unavailable, UNAVAILABLE),
            (faults.reset, RESET),
            (faults.reset_after_commit, RESET_AFTER_COMMIT),
        )

    def draw(self) -> str | None:
        roll = self._random.random()
        for rate, fault in self._thresholds:
            if roll < rate:
                return fault
            roll -= rate
        return None


class FaultInjection:
    """Draws a fault for each API request. Rate limits, outages and resets hit before the
    operation runs; a fault an operation declares on its answer (such as
    `reset_after_commit` on creates) hits after it has done its work."""

    def __init__(self, injector: FaultInjector, next_layer: Layer) -> None:
        self.injector = injector
        self.next = next_layer

    async def __call__(self, request: ApiRequest) -> Answer:
        injector = self.injector
        if not injector.active:
            return await self.next(request)
        fault = request.fault = injector.draw()
        faults = injector.faults
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if fault == RESET:
            return Answer(0, dropped=RESET)
        if fault == RATE_LIMITED:
            retry = str(faults.retry_after).encode()
            raise errors.ApiError(
                429, errors.TOO_MANY_REQUESTS, "Too Many Requests", ((b"retry-after", retry),)
            )
        if fault == UNAVAILABLE:
            raise errors.ApiError(503, errors.SERVICE_UNAVAILABLE, "Service Unavailable")
        answer = await self.next(request)
        if fault is not None and fault in answer.faults:
            return answer._replace(dropped=fault)
        return answer


class ConnectionDropped(Exception):
    """Raised when the hosting server gives no way to drop the connection itself."""


async def drop_connection(scope: MutableMapping[str, Any]) -> None:
    """Close the client's connection at once, with a TCP reset and no HTTP answer."""
    transport = scope.get("extensions", {}).get(TRANSPORT_KEY)
    if transport is None:
        raise ConnectionDropped("the server does not expose its transport")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        try:
            # Linger 0: close() sends RST instead of a FIN, like a crashed peer.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    transport.abort()
    # Let the server see the connection is gone before the app returns, so it does not
    # try to answer on it.
    await asyncio.sleep(0)
