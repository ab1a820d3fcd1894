"""Raw clients sending many creates with a fixed number in flight: the floor for send_many.

Each sends the same form the bulk scenario sends, reads and decodes every answer, and keeps
``concurrency`` requests in flight with that many tasks over one connection pool. Nothing
else: no validation, no journal, no retries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bench.servers import Account
from bench.subjects import BODY, FROM

RAW_AIOHTTP = "raw aiohttp.ClientSession"
RAW_HTTPX = "raw httpx.AsyncClient (httpcore)"
RAW_HTTPX_SENDWIRE = "raw httpx.AsyncClient over sendwire's aiohttp transport"
RAW_HTTPX_AIOHTTP = "raw httpx.AsyncClient over httpx-aiohttp"


def _form(index: int) -> dict[str, str]:
    return {"To": f"+1555{index % 10_000_000:07d}", "From": FROM, "Body": BODY}


async def _spread(count: int, concurrency: int, one: Callable[[int], Awaitable[None]]) -> None:
    """`concurrency` workers taking the next index until `count` are done."""
    next_index = iter(range(count))

    async def worker() -> None:
        for index in next_index:
            await one(index)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _aiohttp(url: str, account: Account, count: int, concurrency: int) -> None:
    import aiohttp

    target = url + account.messages_path
    headers = {"Authorization": f"Basic {account.basic}"}
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def one(index: int) -> None:
            async with session.post(target, data=_form(index)) as response:
                if response.status != 201:
                    raise RuntimeError(f"raw aiohttp: HTTP {response.status}")
                await response.json()

        await _spread(count, concurrency, one)


def _transport(kind: str) -> httpx.AsyncBaseTransport | None:
    if kind == RAW_HTTPX_SENDWIRE:
        from sendwire._transport.aiohttp_transport import AiohttpTransport

        return AiohttpTransport()
    if kind == RAW_HTTPX_AIOHTTP:
        from httpx_aiohttp import AiohttpTransport as Theirs

        transport: httpx.AsyncBaseTransport = Theirs()
        return transport
    return None


async def _httpx(kind: str, url: str, account: Account, count: int, concurrency: int) -> None:
    async with httpx.AsyncClient(
        base_url=url, auth=(account.sid, account.token), timeout=30, transport=_transport(kind)
    ) as client:

        async def one(index: int) -> None:
            response = await client.post(account.messages_path, data=_form(index))
            response.raise_for_status()
            response.json()

        await _spread(count, concurrency, one)


def available() -> list[str]:
    """The raw senders this install can run (the aiohttp ones need sendwire[fast]/[bench])."""
    from importlib.util import find_spec

    names = []
    if find_spec("aiohttp") is not None:
        names += [RAW_AIOHTTP, RAW_HTTPX_SENDWIRE]
        if find_spec("httpx_aiohttp") is not None:
            names.append(RAW_HTTPX_AIOHTTP)
    return [*names, RAW_HTTPX]


def sender(kind: str, url: str, account: Account, concurrency: int) -> Callable[[int], Any]:
    """A function that sends `count` creates its way and returns when all are answered."""
    if kind == RAW_AIOHTTP:
        return lambda count: asyncio.run(_aiohttp(url, account, count, concurrency))
    return lambda count: asyncio.run(_httpx(kind, url, account, count, concurrency))
