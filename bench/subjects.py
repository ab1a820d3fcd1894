"""The clients compared, each behind the same small interface.

Every subject does the same work per call: send one request, read the answer, decode it
(raw httpx decodes JSON; the SDKs build their typed objects, as their users get them).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx

from bench import paths
from bench.servers import Account

TO = "+15558675310"
FROM = "+15017122661"
BODY = "Hello from the benchmark: your code is 123456."


class Subject(Protocol):
    name: str

    def time_creates(self, count: int) -> float:
        """Seconds for `count` sequential creates."""

    def time_fetches(self, sids: list[str]) -> float:
        """Seconds for fetching each SID once, sequentially."""

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        """Seconds to walk the stored messages (all, or the newest `limit`), and how many."""

    def close(self) -> None: ...


def _message_path(account: Account, sid: str) -> str:
    return f"/2010-04-01/Accounts/{account.sid}/Messages/{sid}.json"


class RawHttpx:
    name = "raw httpx.Client"

    def __init__(self, url: str, account: Account) -> None:
        self.account = account
        self.client = httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30)

    def time_creates(self, count: int) -> float:
        client, path = self.client, self.account.messages_path
        data = {"To": TO, "From": FROM, "Body": BODY}
        started = time.perf_counter()
        for _ in range(count):
            response = client.post(path, data=data)
            response.raise_for_status()
            response.json()
        return time.perf_counter() - started

    def time_fetches(self, sids: list[str]) -> float:
        client = self.client
        paths = [_message_path(self.account, sid) for sid in sids]
        started = time.perf_counter()
        for path in paths:
            response = client.get(path)
            response.raise_for_status()
            response.json()
        return time.perf_counter() - started

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        seen = 0
        started = time.perf_counter()
        uri: str | None = f"{self.account.messages_path}?PageSize={page_size}"
        while uri is not None and (limit is None or seen < limit):
            response = self.client.get(uri)
            response.raise_for_status()
            page = response.json()
            seen += len(page["messages"])
            uri = page["next_page_uri"]
        return time.perf_counter() - started, seen

    def close(self) -> None:
        self.client.close()


class _AsyncShell:
    """Runs an async subject's loops on one event loop that lives as long as the subject."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, coroutine: Any) -> Any:
        # Let the loop first see what happened while it was paused (the server closing idle
        # connections), so no client starts a timed loop on connections already gone.
        self.loop.run_until_complete(asyncio.sleep(0.01))
        return self.loop.run_until_complete(coroutine)

    def close_loop(self) -> None:
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()


class RawHttpxAsync(_AsyncShell):
    name = "raw httpx.AsyncClient"

    def __init__(self, url: str, account: Account) -> None:
        super().__init__()
        self.account = account

        async def make() -> httpx.AsyncClient:
            return httpx.AsyncClient(base_url=url, auth=(account.sid, account.token), timeout=30)

        self.client: httpx.AsyncClient = self.run(make())

    def time_creates(self, count: int) -> float:
        async def loop() -> float:
            client, path = self.client, self.account.messages_path
            data = {"To": TO, "From": FROM, "Body": BODY}
            started = time.perf_counter()
            for _ in range(count):
                response = await client.post(path, data=data)
                response.raise_for_status()
                response.json()
            return time.perf_counter() - started

        result: float = self.run(loop())
        return result

    def time_fetches(self, sids: list[str]) -> float:
        async def loop() -> float:
            client = self.client
            paths = [_message_path(self.account, sid) for sid in sids]
            started = time.perf_counter()
            for path in paths:
                response = await client.get(path)
                response.raise_for_status()
                response.json()
            return time.perf_counter() - started

        result: float = self.run(loop())
        return result

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        raise NotImplementedError

    def close(self) -> None:
        self.run(self.client.aclose())
        self.close_loop()


class RawAiohttp(_AsyncShell):
    """aiohttp's own client, the floor for the async client's cost per call."""

    name = "raw aiohttp.ClientSession"

    def __init__(self, url: str, account: Account) -> None:
        import aiohttp

        super().__init__()
        self.url = url
        self.account = account

        async def make() -> aiohttp.ClientSession:
            return aiohttp.ClientSession(headers={"Authorization": f"Basic {account.basic}"})

        self.session = self.run(make())

    def time_creates(self, count: int) -> float:
        async def loop() -> float:
            session, target = self.session, self.url + self.account.messages_path
            data = {"To": TO, "From": FROM, "Body": BODY}
            started = time.perf_counter()
            for _ in range(count):
                async with session.post(target, data=data) as response:
                    response.raise_for_status()
                    await response.json()
            return time.perf_counter() - started

        result: float = self.run(loop())
        return result

    def time_fetches(self, sids: list[str]) -> float:
        async def loop() -> float:
            session = self.session
            urls = [self.url + _message_path(self.account, sid) for sid in sids]
            started = time.perf_counter()
            for url in urls:
                async with session.get(url) as response:
                    response.raise_for_status()
                    await response.json()
            return time.perf_counter() - started

        result: float = self.run(loop())
        return result

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        raise NotImplementedError

    def close(self) -> None:
        self.run(self.session.close())
        self.close_loop()


class SendwireSync:
    name = "sendwire Client"

    def __init__(self, url: str, account: Account) -> None:
        from sendwire import Client

        self.client = Client(account.sid, account.token, base_url=url)

    def time_creates(self, count: int) -> float:
        create = self.client.messages.create
        started = time.perf_counter()
        for _ in range(count):
            create(to=TO, from_=FROM, body=BODY)
        return time.perf_counter() - started

    def time_fetches(self, sids: list[str]) -> float:
        get = self.client.messages.get
        started = time.perf_counter()
        for sid in sids:
            get(sid)
        return time.perf_counter() - started

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        seen = 0
        started = time.perf_counter()
        for _ in self.client.messages.list(page_size=page_size, limit=limit):
            seen += 1
        return time.perf_counter() - started, seen

    def close(self) -> None:
        self.client.close()


class SendwireAsync(_AsyncShell):
    name = "sendwire AsyncClient"
    path = paths.FAST

    def __init__(self, url: str, account: Account) -> None:
        super().__init__()
        from sendwire import AsyncClient

        async def make() -> AsyncClient:
            with paths.on(self.path):
                return AsyncClient(account.sid, account.token, base_url=url)

        self.client = self.run(make())

    def time_creates(self, count: int) -> float:
        async def loop() -> float:
            create = self.client.messages.create
            started = time.perf_counter()
            for _ in range(count):
                await create(to=TO, from_=FROM, body=BODY)
            return time.perf_counter() - started

        result: float = self.run(loop())
        return result

    def time_fetches(self, sids: list[str]) -> float:
        async def loop() -> float:
            get = self.client.messages.get
            started = time.perf_counter()
            for sid in sids:
                await get(sid)
            return time.perf_counter() - started

        result: float = self.run(loop())
        return result

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        async def walk() -> tuple[float, int]:
            seen = 0
            started = time.perf_counter()
            async for _ in self.client.messages.list(page_size=page_size, limit=limit):
                seen += 1
            return time.perf_counter() - started, seen

        result: tuple[float, int] = self.run(walk())
        return result

    def close(self) -> None:
        self.run(self.client.close())
        self.close_loop()


class SendwireAsyncPlain(SendwireAsync):
    name = "sendwire AsyncClient (plain httpx)"
    path = paths.PLAIN


def twilio_client(url: str, account: Account, pool: int = 10) -> Any:
    """The official SDK pointed at the mock: `client.api.base_url` is the documented switch."""
    from requests.adapters import HTTPAdapter
    from twilio.rest import Client as TwilioClient

    client = TwilioClient(account.sid, account.token)
    client.api.base_url = url
    # The SDK pools HTTPS connections only; give plain http:// (the loopback mock) a pool of
    # the same kind so it is not penalised for the scheme.
    client.http_client.session.mount("http://", HTTPAdapter(pool_maxsize=pool))
    return client


class Twilio:
    name = "twilio SDK"

    def __init__(self, url: str, account: Account) -> None:
        self.client = twilio_client(url, account)

    def time_creates(self, count: int) -> float:
        create = self.client.messages.create
        started = time.perf_counter()
        for _ in range(count):
            create(to=TO, from_=FROM, body=BODY)
        return time.perf_counter() - started

    def time_fetches(self, sids: list[str]) -> float:
        messages = self.client.messages
        started = time.perf_counter()
        for sid in sids:
            messages(sid).fetch()
        return time.perf_counter() - started

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        seen = 0
        started = time.perf_counter()
        for _ in self.client.messages.stream(page_size=page_size, limit=limit):
            seen += 1
        return time.perf_counter() - started, seen

    def close(self) -> None:
        session = self.client.http_client.session
        if session is not None:
            session.close()


def per_call_subjects() -> list[Callable[[str, Account], Subject]]:
    """Every client of the per-call scenario this install can run."""
    subjects: list[Callable[[str, Account], Subject]] = [RawHttpx, RawHttpxAsync]
    if paths.FAST in paths.available():
        subjects += [RawAiohttp, SendwireSync, SendwireAsync, SendwireAsyncPlain]
    else:
        subjects += [SendwireSync, SendwireAsyncPlain]
    return [*subjects, Twilio]


def rotate(items: list[Any], shift: int) -> Iterator[Any]:
    """The items starting at `shift`, so no subject always runs first."""
    for index in range(len(items)):
        yield items[(index + shift) % len(items)]
