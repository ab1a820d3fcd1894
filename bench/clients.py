"""The clients compared, each behind one small interface (a create, a fetch, a walk of every
stored message), timed in sequence or with many creates in flight. Each does the same work per
call: one request, its answer read and decoded (raw clients decode the JSON; the SDKs build
their typed objects). An async client runs on an event loop of its own.

In a fresh process (token in the environment, one JSON line out): `python -m bench.clients walk
CLIENT URL SID PAGE_SIZE` (RSS every page), `send URL SID ROWS SECONDS SAMPLES` (send_many
over a generator ended after SECONDS), `events URL SID` (reads the inbox's stream until SIGTERM).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from unittest.mock import patch

import attrs
import httpx

from bench.servers import BODY, FORM, FROM, TO, Account

# sendwire reads its HTTP stack from this variable whenever a client makes its own HTTP
# client: "httpx" turns every short way off, "fast" insists on them (aiohttp for async).
HTTP_ENV, PLAIN = "SENDWIRE_HTTP", "httpx"


FAST = find_spec("aiohttp") is not None  # sendwire[fast]: the async client's short way
DEFAULT = "fast" if FAST else "auto"  # the path users get by default with this install


def http_path(path: str) -> Any:
    """A block in which sendwire clients made (and bulk runs started) run on `path`."""
    return patch.dict(os.environ, {HTTP_ENV: path})


def sids_to_fetch(url: str, account: Account, count: int) -> list[str]:
    """`count` SIDs to fetch in turn, from at most 200 messages created up front."""
    with httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30) as client:
        made = [client.post(account.messages_path, data=FORM) for _ in range(min(200, count))]
    return [made[i % len(made)].raise_for_status().json()["sid"] for i in range(count)]


@attrs.define
class Subject:
    name: str
    create: Callable[[], Any]
    fetch: Callable[[str], Any]
    walk: Callable[[int, int | None], Any] | None  # (page_size, limit) -> how many listed
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

        if self.loop is not None:
            return self.run(run_async())
        result, started = None, time.perf_counter()
        for args in calls:
            result = call(*args)
        return time.perf_counter() - started, result

    def run(self, job: Any) -> Any:
        """Run a coroutine on this client's loop, after letting it see what happened while it
        was paused (the server closing idle connections), so nothing timed starts on those."""
        assert self.loop is not None
        self.loop.run_until_complete(asyncio.sleep(0.01))
        return self.loop.run_until_complete(job)

    def time_creates(self, count: int) -> float:
        return float(self._timed(self.create, [()] * count)[0])

    def time_fetches(self, sids: list[str]) -> float:
        return float(self._timed(self.fetch, [(sid,) for sid in sids])[0])

    def time_list(self, page_size: int, limit: int | None = None) -> tuple[float, int]:
        return self._timed(self.walk, [(page_size, limit)])

    def spread(self, count: int, concurrency: int = 16) -> None:
        """`count` creates, `concurrency` workers taking the next until all are answered."""
        left = iter(range(count))

        async def worker() -> None:
            for _ in left:
                await self.create()

        async def workers() -> None:
            await asyncio.gather(*(worker() for _ in range(concurrency)))

        self.run(workers())


def raw_httpx(url: str, account: Account) -> Subject:
    client = httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30)

    def walk(page_size: int, limit: int | None) -> int:
        seen, uri = 0, f"{account.messages_path}?PageSize={page_size}"
        while uri is not None and (limit is None or seen < limit):
            page = client.get(uri).raise_for_status().json()
            seen, uri = seen + len(page["messages"]), page["next_page_uri"]
        return seen

    create = lambda: client.post(account.messages_path, data=FORM).raise_for_status().json()
    fetch = lambda sid: client.get(account.message_path(sid)).raise_for_status().json()
    return Subject("raw httpx.Client", create, fetch, walk, client.close)


def raw_httpx_async(
    url: str, account: Account, transport: Any = None, name: str = "raw httpx.AsyncClient"
) -> Subject:
    loop = asyncio.new_event_loop()
    auth = (account.sid, account.token)
    client = httpx.AsyncClient(base_url=url, auth=auth, timeout=30, transport=transport)

    async def create() -> Any:
        return (await client.post(account.messages_path, data=FORM)).raise_for_status().json()

    async def fetch(sid: str) -> Any:
        return (await client.get(account.message_path(sid))).raise_for_status().json()

    return Subject(name, create, fetch, None, client.aclose, client, loop)


def raw_aiohttp(url: str, account: Account) -> Subject:
    """aiohttp's own client: the floor for an async client's cost per call."""
    import aiohttp

    loop = asyncio.new_event_loop()
    headers = {"Authorization": f"Basic {account.basic}"}
    session = loop.run_until_complete(_made(lambda: aiohttp.ClientSession(headers=headers)))

    async def call(method: str, target: str, **options: Any) -> Any:
        async with session.request(method, url + target, **options) as answer:
            answer.raise_for_status()
            return await answer.json()

    create = lambda: call("POST", account.messages_path, data=FORM)
    fetch = lambda sid: call("GET", account.message_path(sid))
    return Subject("raw aiohttp.ClientSession", create, fetch, None, session.close, session, loop)


async def _made(make: Callable[[], Any]) -> Any:
    return make()  # on the loop: aiohttp's session wants one running when it is made


def sendwire(url: str, account: Account, path: str | None = None, sync: bool = True) -> Subject:
    """sendwire's `Client` (or `AsyncClient`) on the default path or on `path`."""
    from sendwire import AsyncClient, Client

    loop = None if sync else asyncio.new_event_loop()
    with http_path(path or DEFAULT):
        make = lambda: (Client if sync else AsyncClient)(account.sid, account.token, base_url=url)
        client = make() if loop is None else loop.run_until_complete(_made(make))
    messages = client.messages

    async def walk_async(page_size: int, limit: int | None) -> int:
        return len([_ async for _ in messages.list(page_size=page_size, limit=limit)])

    walk = lambda size, limit: sum(1 for _ in messages.list(page_size=size, limit=limit))
    kind = "Client" if sync else "AsyncClient"
    name = f"sendwire {kind}" + (" (plain httpx)" if path == PLAIN else "")
    create = lambda: messages.create(to=TO, from_=FROM, body=BODY)
    walks = walk if sync else walk_async
    return Subject(name, create, messages.get, walks, client.close, client, loop)


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
    messages, close = client.messages, client.http_client.session.close
    create = lambda: messages.create(to=TO, from_=FROM, body=BODY)
    walk = lambda size, limit: sum(1 for _ in messages.stream(page_size=size, limit=limit))
    return Subject("twilio SDK", create, lambda sid: messages(sid).fetch(), walk, close, client)


def sendwire_subjects(url: str, account: Account) -> list[Subject]:
    """sendwire's clients on the default path and on plain httpx (the same, without aiohttp,
    for the async client)."""
    subjects = [sendwire(url, account), sendwire(url, account, PLAIN)]
    subjects += [sendwire(url, account, sync=False)] if FAST else []
    return [*subjects, sendwire(url, account, PLAIN, sync=False)]


@contextmanager
def closing(subjects: list[Subject]) -> Iterator[list[Subject]]:
    try:
        yield subjects
    finally:
        for subject in subjects:
            if subject.loop is None:
                subject.close()
                continue
            subject.loop.run_until_complete(subject.close())
            subject.loop.run_until_complete(subject.loop.shutdown_asyncgens())
            subject.loop.close()


TOKEN_ENV = "BENCH_TOKEN"


def rss_bytes() -> int:
    status = Path("/proc/self/status").read_text().splitlines()
    return next((int(x.split()[1]) * 1024 for x in status if x.startswith("VmRSS:")), 0)


def in_child(args: list[str], token: str) -> dict[str, Any]:
    command, env = [sys.executable, "-m", "bench.clients", *args], {**os.environ, TOKEN_ENV: token}
    out = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=3600, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench.clients {' '.join(args)} failed: {out.stderr[-1500:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def items(count: int, deadline: float | None = None) -> Iterator[dict[str, Any]]:
    """A lazy batch: nothing is built before the engine asks for it. With a deadline the
    generator simply ends early (which bounds the long memory run)."""
    for index in range(count):
        if deadline is not None and index % 1000 == 0 and time.monotonic() > deadline:
            return
        yield {"to": f"+1555{index % 10_000_000:07d}", "from_": FROM, "body": BODY}


def walk_memory(client: str, url: str, account: Account, page_size: int) -> dict[str, int]:
    """A walk in a fresh process (`client` sendwire or twilio): RSS after the first page, at a
    tenth of the walk, at the end and at the peak, and how far it rose after that tenth (the
    allocator's ups and downs stay small; keeping what was listed grows without end)."""
    walk = in_child(["walk", client, url, account.sid, str(page_size)], account.token)
    counts, rss = zip(*walk["samples"])
    tenth = next(i for i, count in enumerate(counts) if count >= counts[-1] / 10)
    keys = ("rss_first_page", "rss_tenth", "rss_end", "rss_peak", "rss_growth_after_tenth")
    grew = max(0, max(rss[tenth:]) - rss[tenth])
    return dict(zip(keys, (rss[min(1, len(rss) - 1)], rss[tenth], rss[-1], max(rss), grew)))


def _walk(client: str, url: str, sid: str, page_size: str) -> dict[str, Any]:
    token, size = os.environ[TOKEN_ENV], int(page_size)
    if client == "sendwire":
        from sendwire import Client

        messages: Any = Client(sid, token, base_url=url).messages.list(page_size=size)
    else:
        messages = twilio_client(url, Account(sid, token)).messages.stream(page_size=size)
    samples, seen = [(0, rss_bytes())], 0
    for _ in messages:
        seen += 1
        if seen % size == 0:
            samples.append((seen, rss_bytes()))
    return {"seen": seen, "samples": [*samples, (seen, rss_bytes())]}


def _send(url: str, sid: str, rows: str, seconds: str, samples_wanted: str) -> dict[str, Any]:
    from sendwire import Client

    every, samples = max(1, int(rows) // int(samples_wanted)), []

    def progress(report: Any) -> None:
        if not samples or report.processed >= samples[-1][0] + every:
            samples.append((report.processed, rss_bytes()))

    made = items(int(rows), time.monotonic() + float(seconds))
    with Client(sid, os.environ[TOKEN_ENV], base_url=url) as client:
        before = rss_bytes()
        with client.messages.send_many(made, on_progress=progress) as result:
            done, failed = result.succeeded_count, result.failed_count
            samples.append((done + failed, rss_bytes()))
            figures = {"succeeded": done, "failed": failed, "seconds": result.duration}
    return {**figures, "rss_before": before, "samples": samples}


def _events(url: str, sid: str) -> dict[str, Any]:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwinds to the figures below
    events = size = 0
    try:
        auth = (sid, os.environ[TOKEN_ENV])
        with httpx.stream("GET", url, auth=auth, timeout=None) as stream:
            print("streaming" if stream.is_success else stream.status_code, flush=True)
            for line in stream.iter_lines():
                events, size = events + line.startswith("data:"), size + len(line) + 1
    except SystemExit:
        pass
    return {"events": events, "bytes": size}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    print(json.dumps({"walk": _walk, "send": _send, "events": _events}[command](*arguments)))
