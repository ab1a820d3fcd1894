"""The clients compared, each behind one small interface: a create, a fetch and a walk of
every stored message, timed in sequence, or creates with many in flight.

Every client does the same work per call: send one request, read the answer, decode it (raw
clients decode the JSON; the SDKs build the typed objects their users get). An async client
runs on an event loop of its own that lives as long as it does.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from typing import Any

import attrs
import httpx

from bench.servers import Account

TO, FROM = "+15558675310", "+15017122661"
BODY = "Hello from the benchmark: your code is 123456."
FORM = {"To": TO, "From": FROM, "Body": BODY}
# sendwire reads its HTTP stack from this variable whenever a client makes its own HTTP
# client: "httpx" turns every short way off, "fast" insists on them (aiohttp for async).
HTTP_ENV, PLAIN = "SENDWIRE_HTTP", "httpx"


def fast_available() -> bool:
    return find_spec("aiohttp") is not None


def default_path() -> str:
    """The path users get by default with this install ("" leaves the choice to sendwire)."""
    return "fast" if fast_available() else ""


@contextmanager
def http_path(path: str) -> Iterator[None]:
    """sendwire clients made (and bulk runs started) inside this block run on `path`."""
    before = os.environ.pop(HTTP_ENV, None)
    os.environ.update({HTTP_ENV: path} if path else {})
    try:
        yield
    finally:
        os.environ.pop(HTTP_ENV, None)
        os.environ.update({HTTP_ENV: before} if before is not None else {})


def message_path(account: Account, sid: str) -> str:
    return f"/2010-04-01/Accounts/{account.sid}/Messages/{sid}.json"


@attrs.define
class Subject:
    name: str
    create: Callable[[], Any]
    fetch: Callable[[str], Any]
    walk: Callable[[int, int | None], Any]  # (page_size, limit) -> how many were listed
    close: Callable[[], Any]
    client: Any = None
    loop: asyncio.AbstractEventLoop | None = None  # for an async client

    def _timed(self, call: Callable[..., Any], calls: list[tuple[Any, ...]]) -> tuple[float, Any]:
        """Seconds for the calls in sequence, and the last one's result."""

        async def run_async() -> tuple[float, Any]:
            result, started = None, time.perf_counter()
            for args in calls:
                result = await call(*args)
            return time.perf_counter() - started, result

        if self.loop is None:
            result, started = None, time.perf_counter()
            for args in calls:
                result = call(*args)
            return time.perf_counter() - started, result
        return self.run(run_async())

    def run(self, job: Any) -> Any:
        """Run a coroutine on this client's loop."""
        assert self.loop is not None
        # Let the loop first see what happened while it was paused (the server closing idle
        # connections), so nothing timed starts on connections already gone.
        self.loop.run_until_complete(asyncio.sleep(0.01))
        return self.loop.run_until_complete(job)

    def time_creates(self, count: int) -> float:
        return float(self._timed(self.create, [()] * count)[0])

    def time_fetches(self, sids: list[str]) -> float:
        return float(self._timed(self.fetch, [(sid,) for sid in sids])[0])

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        seconds, seen = self._timed(self.walk, [(page_size, limit)])
        return seconds, seen

    def spread(self, count: int, concurrency: int = 16) -> None:
        """`count` creates, `concurrency` workers taking the next until all are answered."""
        left = iter(range(count))

        async def worker() -> None:
            for _ in left:
                await self.create()

        async def workers() -> None:
            await asyncio.gather(*(worker() for _ in range(concurrency)))

        self.run(workers())


def _unsupported(*args: object) -> int:
    raise NotImplementedError


def raw_httpx(url: str, account: Account) -> Subject:
    client = httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30)

    def walk(page_size: int, limit: int | None) -> int:
        seen, uri = 0, f"{account.messages_path}?PageSize={page_size}"
        while uri is not None and (limit is None or seen < limit):
            page = client.get(uri).raise_for_status().json()
            seen, uri = seen + len(page["messages"]), page["next_page_uri"]
        return seen

    return Subject(
        "raw httpx.Client",
        lambda: client.post(account.messages_path, data=FORM).raise_for_status().json(),
        lambda sid: client.get(message_path(account, sid)).raise_for_status().json(),
        walk,
        client.close,
    )


def raw_httpx_async(
    url: str, account: Account, transport: Any = None, name: str = "raw httpx.AsyncClient"
) -> Subject:
    loop = asyncio.new_event_loop()
    auth = (account.sid, account.token)
    client = httpx.AsyncClient(base_url=url, auth=auth, timeout=30, transport=transport)

    async def create() -> Any:
        return (await client.post(account.messages_path, data=FORM)).raise_for_status().json()

    async def fetch(sid: str) -> Any:
        return (await client.get(message_path(account, sid))).raise_for_status().json()

    close = _closer(loop, client.aclose)
    return Subject(name, create, fetch, _unsupported, close, client, loop)


def raw_aiohttp(url: str, account: Account) -> Subject:
    """aiohttp's own client: the floor for an async client's cost per call."""
    import aiohttp

    loop = asyncio.new_event_loop()

    async def make() -> aiohttp.ClientSession:
        return aiohttp.ClientSession(headers={"Authorization": f"Basic {account.basic}"})

    session = loop.run_until_complete(make())

    async def call(method: str, target: str, **options: Any) -> Any:
        async with session.request(method, url + target, **options) as answer:
            answer.raise_for_status()
            return await answer.json()

    create = lambda: call("POST", account.messages_path, data=FORM)
    fetch = lambda sid: call("GET", message_path(account, sid))
    close = _closer(loop, session.close)
    return Subject("raw aiohttp.ClientSession", create, fetch, _unsupported, close, session, loop)


def _closer(loop: asyncio.AbstractEventLoop, aclose: Callable[[], Any]) -> Callable[[], None]:
    def close() -> None:
        loop.run_until_complete(aclose())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

    return close


def sendwire_sync(url: str, account: Account, path: str | None = None) -> Subject:
    from sendwire import Client

    with http_path(default_path() if path is None else path):
        client = Client(account.sid, account.token, base_url=url)
    messages = client.messages
    return Subject(
        "sendwire Client" + (" (plain httpx)" if path == PLAIN else ""),
        lambda: messages.create(to=TO, from_=FROM, body=BODY),
        messages.get,
        lambda size, limit: sum(1 for _ in messages.list(page_size=size, limit=limit)),
        client.close,
        client,
    )


def sendwire_async(url: str, account: Account, path: str | None = None) -> Subject:
    from sendwire import AsyncClient

    loop = asyncio.new_event_loop()

    async def make() -> AsyncClient:
        with http_path(default_path() if path is None else path):
            return AsyncClient(account.sid, account.token, base_url=url)

    client = loop.run_until_complete(make())
    messages = client.messages

    async def walk(page_size: int, limit: int | None) -> int:
        return len([_ async for _ in messages.list(page_size=page_size, limit=limit)])

    create = lambda: messages.create(to=TO, from_=FROM, body=BODY)
    name = "sendwire AsyncClient" + (" (plain httpx)" if path == PLAIN else "")
    return Subject(name, create, messages.get, walk, _closer(loop, client.close), client, loop)


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


def twilio(url: str, account: Account) -> Subject:
    client = twilio_client(url, account)
    messages = client.messages
    return Subject(
        "twilio SDK",
        lambda: messages.create(to=TO, from_=FROM, body=BODY),
        lambda sid: messages(sid).fetch(),
        lambda size, limit: sum(1 for _ in messages.stream(page_size=size, limit=limit)),
        client.http_client.session.close,
        client,
    )


def sendwire_subjects(url: str, account: Account) -> list[Subject]:
    """sendwire's clients on the default path and on plain httpx (the same, without aiohttp,
    for the async client)."""
    subjects = [sendwire_sync(url, account), sendwire_sync(url, account, PLAIN)]
    if fast_available():
        subjects.append(sendwire_async(url, account))
    return [*subjects, sendwire_async(url, account, PLAIN)]


@contextmanager
def closing(subjects: list[Subject]) -> Iterator[list[Subject]]:
    try:
        yield subjects
    finally:
        for subject in subjects:
            subject.close()


def rotate(items: list[Any], shift: int) -> Iterator[Any]:
    """The items starting at `shift`, so no subject always runs first."""
    for index in range(len(items)):
        yield items[(index + shift) % len(items)]
