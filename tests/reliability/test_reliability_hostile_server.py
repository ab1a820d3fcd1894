"""What each client does when the server is the enemy, on every HTTP path.

A small real server on 127.0.0.1 (``hostile_server``) answers with links that lead away from
the base URL, paging loops, bodies that never end or inflate past any reason, answers that
trickle a byte at a time, and success answers to a create that cannot be read. Every case runs
on the four HTTP paths: the sync ``Client`` on its direct transport and on plain httpx, the
``AsyncClient`` on aiohttp and on plain httpx; the CLI and the bulk sweeps are checked too.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hostile_server import Handler, Listener, gzip_bomb, hostile_server
from reliability_helpers import SENDER, new_account

from sendwire import (
    AsyncClient,
    Client,
    MalformedResponseError,
    PagingLoopError,
    ResponseTooLargeError,
    SendwireError,
    TimeoutError,
    UnsafeLinkError,
)
from sendwire._transport import stacks as http
from sendwire.testing import MockServer

SID, TOKEN = new_account()
LIST_PATH = f"/2010-04-01/Accounts/{SID}/Messages.json"
PATHS = ["sync-direct", "sync-httpx", "async-aiohttp", "async-httpx"]


def message(number: int) -> dict[str, Any]:
    return {"sid": f"SM{number:032x}", "account_sid": SID, "body": f"m{number}", "to": SENDER}


def page(items: list[dict[str, Any]], uri: str, next_uri: str | None) -> dict[str, Any]:
    return {"messages": items, "uri": uri, "next_page_uri": next_uri, "page_size": 50}


@pytest.fixture(params=PATHS)
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    name: str = request.param
    if name == "async-aiohttp" and not http.fast_available():
        pytest.skip("sendwire[fast] (aiohttp) is not installed")
    monkeypatch.setenv(http.ENV, http.PLAIN if name.endswith("httpx") else http.FAST)
    return name


@pytest.fixture
def elsewhere() -> Iterator[Listener]:
    """The other host a leaked request would reach; it must receive nothing."""
    listener = Listener()
    yield listener
    listener.close()


# -- running one operation on one path ---------------------------------------------------------


def _sync_ops(client: Client) -> dict[str, Callable[[], Any]]:
    def pages() -> list[Any]:
        current = client.messages.page(page_size=50)
        seen = [*current]
        while (current := current.next_page()) is not None:  # type: ignore[assignment]
            seen.extend(current)
        return seen

    return {
        "list": lambda: [m.sid for m in client.messages.list()],
        "pages": pages,
        "get": lambda: client.messages.get(message(1)["sid"]),
        "create": lambda: client.messages.create(to="+15558675310", from_=SENDER, body="hi"),
    }


def _async_ops(client: AsyncClient) -> dict[str, Callable[[], Any]]:
    async def listing() -> list[str]:
        return [m.sid async for m in client.messages.list()]

    async def pages() -> list[Any]:
        current = await client.messages.page(page_size=50)
        seen = [*current]
        while (current := await current.next_page()) is not None:  # type: ignore[assignment]
            seen.extend(current)
        return seen

    return {
        "list": listing,
        "pages": pages,
        "get": lambda: client.messages.get(message(1)["sid"]),
        "create": lambda: client.messages.create(to="+15558675310", from_=SENDER, body="hi"),
    }


def run(path: str, url: str, operation: str, **options: Any) -> Any:
    """``operation`` on a client of ``path`` rooted at ``url``."""
    if path.startswith("sync"):
        with Client(SID, TOKEN, base_url=url, **options) as client:
            return _sync_ops(client)[operation]()

    async def main() -> Any:
        async with AsyncClient(SID, TOKEN, base_url=url, **options) as client:
            return await _async_ops(client)[operation]()

    return asyncio.run(main())


def assert_no_secret(text: str) -> None:
    assert TOKEN not in text
    assert "pw" not in text


# -- links that leave the base URL ---------------------------------------------------------------

# {P}: the server's port, {O}: the other host's, {L}: the list's path.
HOSTILE_LINKS = [
    "@127.0.0.1:{O}{L}",
    "//127.0.0.1:{O}{L}",
    "///127.0.0.1:{O}{L}",
    "http://127.0.0.1:{O}{L}",
    "HTTP://127.0.0.1:{O}{L}",
    "http:127.0.0.1:{O}{L}",
    "http://localhost:{P}{L}",
    "http://[::1]:{P}{L}",
    "http://0x7f.0.0.1:{P}{L}",
    "http://127.0.0.1{L}",
    "https://127.0.0.1:{P}{L}",
    "ftp://127.0.0.1:{P}{L}",
    "http://user:pw@127.0.0.1:{P}{L}",
    "http://127.0.0.1:{P}@127.0.0.1:{O}{L}",
    "http://127.0.0.1:{P}%40127.0.0.1:{O}{L}",
    "http://127.0.0.1:{P}/prefix{L}",
    "/\\127.0.0.1:{O}{L}",
    "\\\\127.0.0.1:{O}{L}",
    " //127.0.0.1:{O}{L}",
    "\t{L}?Page=1",
    "{L}?Page=1\r\nHost: 127.0.0.1:{O}",
    "{L}\x00",
    "{L}#@127.0.0.1:{O}",
    "/%40127.0.0.1:{O}{L}",
    "{L}/../../ACffffffffffffffffffffffffffffffff/Messages.json",
    "/2010-04-01/Accounts/%2e%2e/{L}",
    "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json",
    "/2010-04-01/Accounts/{S}/Messages%2Ejson?Page=1",
    "/2010-04-01/Accounts/{S}/Messages/SM00000000000000000000000000000001/Media.json",
    "javascript:alert(1)",
    "{L}?" + "x" * 9000,
]
SAFE_LINKS = [
    "{L}?Page=1&PageToken=PA1",
    "http://127.0.0.1:{P}{L}?Page=1&PageToken=PA1",
]


def _link(template: str, port: int, other: int) -> str:
    return template.format(P=port, O=other, L=LIST_PATH, S=SID)


def _two_pages(link: Callable[[int], str]) -> Callable[[Handler], None]:
    def respond(handler: Handler) -> None:
        if handler.path.startswith(LIST_PATH) and "Page=1" not in handler.path:
            uri = f"{LIST_PATH}?PageSize=50&Page=0"
            handler.send_json(200, page([message(1)], uri, link(handler.server.port)))
        else:
            handler.send_json(200, page([message(2)], handler.path, None))

    return respond


# ``list()`` meets every shape; the page-by-page walk (``page.next_page()``) the first few.
LINK_CASES = [("list", t) for t in HOSTILE_LINKS] + [("pages", t) for t in HOSTILE_LINKS[:4]]


@pytest.mark.parametrize(("operation", "template"), LINK_CASES)
def test_a_link_off_the_base_url_is_refused_unsent(
    path: str, operation: str, template: str, elsewhere: Listener
) -> None:
    with hostile_server(_two_pages(lambda port: _link(template, port, elsewhere.port))) as server:
        with pytest.raises(UnsafeLinkError) as caught:
            run(path, server.url, operation)
        assert len(server.requests) == 1, server.requests
    assert elsewhere.received == []
    error = caught.value
    assert error.outcome_unknown is False
    assert_no_secret(str(error) + repr(error))
    assert "@" not in error.url.partition("//")[2].partition("/")[0]
    assert "refused to follow" in str(error)


@pytest.mark.parametrize("template", SAFE_LINKS)
def test_a_link_on_the_base_url_is_followed(path: str, template: str, elsewhere: Listener) -> None:
    with hostile_server(_two_pages(lambda port: _link(template, port, elsewhere.port))) as server:
        sids = run(path, server.url, "list")
        assert sids == [message(1)["sid"], message(2)["sid"]]
        assert [request[1] for request in server.requests][1].endswith("Page=1&PageToken=PA1")
        assert all(r[2]["authorization"].startswith("Basic ") for r in server.requests)


# -- paging loops --------------------------------------------------------------------------------


def _loop(kind: str) -> Callable[[Handler], None]:
    first = f"{LIST_PATH}?PageSize=50&Page=0"
    second = f"{LIST_PATH}?PageSize=50&Page=1&PageToken=B"
    third = f"{LIST_PATH}?PageSize=50&Page=2&PageToken=C"

    def respond(handler: Handler) -> None:
        at = handler.path
        if kind == "self":  # every page links to itself
            handler.send_json(200, page([message(1)], first, first))
        elif kind == "self-unnamed":  # the page does not name itself; its link repeats
            handler.send_json(200, page([message(1)], "", second))
        elif "Page=1" in at:
            handler.send_json(200, page([message(2)], second, third))
        elif "Page=2" in at:
            handler.send_json(200, page([message(3)], third, second))  # back to page 1
        else:
            handler.send_json(200, page([message(1)], first, second))

    return respond


@pytest.mark.parametrize("kind", ["self", "self-unnamed", "cycle"])
@pytest.mark.parametrize("operation", ["list", "pages"])
def test_a_paging_loop_ends_the_walk(path: str, kind: str, operation: str) -> None:
    with hostile_server(_loop(kind)) as server:
        with pytest.raises(PagingLoopError):
            run(path, server.url, operation)
        assert len(server.requests) <= 3


# -- answers too large ---------------------------------------------------------------------------

CAP = 1024 * 1024
BOMB_SIZE = 128 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(BOMB_SIZE)


def test_a_compression_bomb_stops_at_the_cap_with_bounded_memory(path: str, bomb: bytes) -> None:
    def respond(handler: Handler) -> None:
        handler.send_bytes(200, bomb, Content_Type="application/json", Content_Encoding="gzip")

    assert len(bomb) < CAP  # the compressed body alone is under the cap
    with hostile_server(respond) as server:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError) as caught:
                run(path, server.url, "get", max_response_bytes=CAP, max_retries=0)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert caught.value.outcome_unknown is True
    assert "max_response_bytes" in str(caught.value)
    # The bomb inflates to 128 MiB; reading stops after the 1 MiB cap (and one slice more).
    assert peak < 32 * 1024 * 1024, peak


def test_stacked_codings_are_refused(path: str, bomb: bytes) -> None:
    def respond(handler: Handler) -> None:
        handler.send_bytes(200, bomb, Content_Encoding="gzip, gzip")

    with hostile_server(respond) as server, pytest.raises(SendwireError, match="stacked"):
        run(path, server.url, "get", max_retries=0)


def test_an_endless_body_stops_at_the_cap(path: str) -> None:
    endless = hostile_server(lambda h: h.endless_chunks(b"x" * 65536, 64 * CAP))
    with endless as server, pytest.raises(ResponseTooLargeError):
        run(path, server.url, "list", max_response_bytes=CAP, max_retries=0)


def test_an_answer_under_the_cap_is_read(path: str) -> None:
    items = [message(n) for n in range(200)]
    body = page(items, LIST_PATH, None)

    with hostile_server(lambda h: h.send_json(200, body)) as server:
        sids = run(path, server.url, "list", max_response_bytes=CAP)
    assert len(sids) == 200


# -- trickling answers ---------------------------------------------------------------------------

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n"


def _trickle(where: str) -> Callable[[Handler], None]:
    def respond(handler: Handler) -> None:
        if where == "headers":
            handler.trickle(HEAD + b"X-Padding: " + b"a" * 400, every=0.05)
        else:
            handler.wfile.write(HEAD + b"\r\n")
            handler.trickle(b'{"sid": "' + b"a" * 490, every=0.05)

    return respond


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_trickling_answer_ends_at_the_deadline(path: str, where: str) -> None:
    with hostile_server(_trickle(where)) as server:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            run(path, server.url, "get", timeout=1.0, max_retries=0)
        elapsed = time.monotonic() - started
    # The trickle would last 25 s; the deadline (1 s) ends it. Generous bound for a busy box.
    assert elapsed < 12, elapsed


# -- success answers that cannot be read ---------------------------------------------------------

UNREADABLE = [
    b"not json",
    b'{"sid": "SM',
    b"[]",
    b'"text"',
    b"{}",
    b'{"sid": 5}',
    b"",
]


@pytest.mark.parametrize("body", UNREADABLE, ids=repr)
def test_an_unreadable_create_answer_leaves_the_outcome_unknown(path: str, body: bytes) -> None:
    with hostile_server(
        lambda h: h.send_bytes(201, body, Content_Type="application/json")
    ) as server:
        with pytest.raises(MalformedResponseError) as caught:
            run(path, server.url, "create")
        assert len(server.requests) == 1  # never repeated
    assert caught.value.outcome_unknown is True
    assert_no_secret(str(caught.value))


# -- the command line and the bulk sweeps ------------------------------------------------------


def _cli(
    server_url: str, http_choice: str, *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "SENDWIRE_BASE_URL": server_url,
        http.ENV: http_choice,
    }
    return subprocess.run(
        [sys.executable, "-m", "sendwire", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _sweepable(link: Callable[[int], str]) -> Callable[[Handler], None]:
    listing = _two_pages(link)

    def respond(handler: Handler) -> None:
        if handler.command == "DELETE":
            handler.send_bytes(204, b"")
        elif handler.command == "POST":
            handler.send_json(200, {**message(1), "body": ""})
        else:
            listing(handler)

    return respond


CLI_CASES = [
    ("list",),
    ("list", "--json"),
    ("bulk", "delete", "--all", "--no-progress"),
    ("bulk", "redact", "--all", "--no-progress"),
]


@pytest.mark.parametrize("choice", [http.FAST, http.PLAIN])
@pytest.mark.parametrize("command", CLI_CASES, ids=" ".join)
@pytest.mark.parametrize("template", ["@127.0.0.1:{O}{L}", "http://127.0.0.1:{O}{L}"])
def test_the_cli_refuses_a_hostile_link_in_one_line(
    choice: str, command: tuple[str, ...], template: str, elsewhere: Listener, tmp_path: Path
) -> None:
    link = lambda port: _link(template, port, elsewhere.port)
    with hostile_server(_sweepable(link)) as server:
        done = _cli(server.url, choice, *command, cwd=tmp_path)
    assert done.returncode == 1, (done.stdout, done.stderr)
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("sendwire: error: refused to follow"), errors
    assert "Traceback" not in done.stderr
    assert elsewhere.received == []
    assert_no_secret(done.stdout + done.stderr)


@pytest.mark.parametrize("path", ["async-aiohttp", "async-httpx"], indirect=True)
@pytest.mark.parametrize("action", ["delete_many", "redact_many"])
def test_a_bulk_sweep_stops_at_a_hostile_link(
    path: str, action: str, elsewhere: Listener, tmp_path: Path
) -> None:
    link = lambda port: _link("//127.0.0.1:{O}{L}", port, elsewhere.port)

    async def main(url: str) -> None:
        async with AsyncClient(SID, TOKEN, base_url=url) as client:
            await getattr(client.messages, action)(journal=tmp_path / "sweep.journal")

    with hostile_server(_sweepable(link)) as server, pytest.raises(UnsafeLinkError):
        asyncio.run(main(server.url))
    assert elsewhere.received == []


# -- bulk send: an unreadable 201 is reconciled, not resent ------------------------------------


def _tampering_proxy(
    upstream: httpx.Client, garble: Callable[[bytes], bytes]
) -> Callable[[Handler], None]:
    """Forward each request upstream (the real mock); a create's 201 body is garbled."""

    def respond(handler: Handler) -> None:
        forwarded = {
            k: v
            for k, v in handler.headers.items()
            if k.lower() in ("authorization", "content-type")
        }
        answer = upstream.request(
            handler.command, handler.path, headers=forwarded, content=handler.body
        )
        body = answer.content
        if handler.command == "POST" and answer.status_code == 201:
            body = garble(body)
        handler.send_bytes(answer.status_code, body, Content_Type="application/json")

    return respond


@pytest.mark.parametrize("path", ["async-aiohttp", "async-httpx"], indirect=True)
@pytest.mark.parametrize(
    "garble", [lambda b: b[: len(b) // 2], lambda b: b"<html>ok</html>", lambda b: b"{}"]
)
def test_bulk_send_reconciles_unreadable_create_answers(
    path: str, garble: Callable[[bytes], bytes], mock: MockServer, tmp_path: Path
) -> None:
    account_sid, token = mock.create_account()
    rows = [{"to": f"+1555000{n:04d}", "from_": SENDER, "body": f"row {n}"} for n in range(5)]

    async def main(url: str) -> tuple[int, int, int]:
        async with AsyncClient(account_sid, token, base_url=url) as client:
            with await client.messages.send_many(rows, journal=tmp_path / "j") as result:
                return result.succeeded_count, result.failed_count, result.reconciled_count

    upstream = httpx.Client(base_url=mock.url, timeout=10.0)
    with upstream, hostile_server(_tampering_proxy(upstream, garble)) as proxy:
        succeeded, failed, reconciled = asyncio.run(main(proxy.url))
    assert (succeeded, failed, reconciled) == (5, 0, 5)
    stored = mock.http.get(
        mock.messages_path(account_sid), params={"PageSize": 100}, auth=(account_sid, token)
    ).json()["messages"]
    assert sorted(m["body"] for m in stored) == [f"row {n}" for n in range(5)]  # each once
