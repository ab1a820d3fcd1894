"""Helpers to run one scenario against both clients, over HTTP, against the real mock server.

Scenarios are ``async`` functions that use ``resolve()`` and ``collect()``, so the same code
drives a ``Client`` (plain values, iterators) and an ``AsyncClient`` (awaitables, async
iterators). The ``runner`` fixture (conftest.py) runs each test once per client.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from typing import Any, TypeVar

import httpx

from sendwire import AsyncClient, Client

T = TypeVar("T")
AnyClient = Client | AsyncClient
Scenario = Callable[[Any], Awaitable[T]]

_numbers = itertools.count(1)


def fresh_number() -> str:
    """A recipient no other test uses, so list filters see only this test's messages."""
    return f"+1555{next(_numbers):07d}"


async def resolve(value: Any) -> Any:
    """The result of a call of either client."""
    return await value if inspect.isawaitable(value) else value


async def collect(items: Iterable[T] | AsyncIterable[T]) -> list[T]:
    """Every item of a sync or async iterator."""
    if isinstance(items, AsyncIterable):
        return [item async for item in items]
    return list(items)


class CountingTransport(httpx.BaseTransport):
    """The real transport, counting the requests that reach it."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncCountingTransport(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Runner:
    """Builds a client of one kind against the mock and runs a scenario with it."""

    def __init__(self, kind: str, mock: Any) -> None:
        self.kind = kind
        self.mock = mock
        #: Every retry delay the client asked to sleep, in order.
        self.sleeps: list[float] = []
        #: Requests that reached the transport (when ``count_requests=True``).
        self.requests: list[httpx.Request] = []

    def run(
        self,
        scenario: Scenario[T],
        *,
        count_requests: bool = False,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        **options: Any,
    ) -> T:
        options.setdefault("base_url", self.mock.url)
        if "api_key" not in options:
            options.setdefault("auth_token", self.mock.auth_token)
        account_sid = options.pop("account_sid", self.mock.account_sid)
        return asyncio.run(self._main(scenario, account_sid, count_requests, transport, options))

    async def _main(
        self,
        scenario: Scenario[T],
        account_sid: str,
        count_requests: bool,
        transport: Any,
        options: dict[str, Any],
    ) -> T:
        if self.kind == "sync":
            if count_requests:
                transport = CountingTransport()
                self.requests = transport.requests
            http = httpx.Client(transport=transport) if transport is not None else None
            with Client(account_sid, http_client=http, sleep=self.sleeps.append, **options) as c:
                try:
                    return await scenario(c)
                finally:
                    if http is not None:
                        http.close()

        async def sleep(delay: float) -> None:
            self.sleeps.append(delay)

        if count_requests:
            transport = AsyncCountingTransport()
            self.requests = transport.requests
        ahttp = httpx.AsyncClient(transport=transport) if transport is not None else None
        async with AsyncClient(account_sid, http_client=ahttp, sleep=sleep, **options) as ac:
            try:
                return await scenario(ac)
            finally:
                if ahttp is not None:
                    await ahttp.aclose()


def set_faults(mock: Any, faults: str, seed: int = 1) -> None:
    """Inject faults (``"429=0.5,retry_after=0"``) into the mock's answers; ``""`` stops."""
    mock.set_faults(faults, seed=seed)


def request_counts(mock: Any) -> dict[str, dict[str, int]]:
    """Requests the mock answered, by operation and status (or injected fault)."""
    counts: dict[str, dict[str, int]] = mock.stats()["requests"]
    return counts
