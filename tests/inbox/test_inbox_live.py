"""Live events, sent callbacks in the detail, the console request log, the guard off
loopback, and the indexes the inbox's queries walk."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from inbox_helpers import RunningApp, WsgiApp, eventually, inbox, send

from sendwire.mock import Account, MockConfig, create_app
from sendwire.mock.inbox.search import Filters, conversation_sql, search_sql
from sendwire.mock.server import BackgroundServer
from sendwire.mock.store import SCHEMA
from sendwire.testing import MockServer
from sendwire.webhooks import RequestValidator


class EventReader:
    """Reads the inbox's event stream in a thread, collecting the `changed` events."""

    def __init__(self, url: str, auth: tuple[str, str] | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        self.hello = threading.Event()
        self._client = httpx.Client(timeout=httpx.Timeout(10.0, read=None), auth=auth)
        self._thread = threading.Thread(target=self._read, args=(url,), daemon=True)
        self._thread.start()
        assert self.hello.wait(10), "the stream did not start"

    def _read(self, url: str) -> None:
        try:
            with self._client.stream("GET", url + "/_mock/events") as stream:
                assert stream.headers["content-type"] == "text/event-stream"
                kind = ""
                for line in stream.iter_lines():
                    if line.startswith("event: "):
                        kind = line[7:]
                        self.hello.set()
                    elif line.startswith("data: ") and kind == "changed":
                        self.events.append(json.loads(line[6:]))
        except httpx.HTTPError:
            pass  # closed by the test or by the server's shutdown

    def named(self, account: str, kind: str) -> set[str]:
        return {
            sid
            for event in self.events
            for sid in event.get("accounts", {}).get(account, {}).get(kind, ())
        }

    def close(self) -> None:
        self._client.close()
        self._thread.join(5)


@pytest.fixture
def events(mock: MockServer) -> Iterator[EventReader]:
    reader = EventReader(mock.url)
    yield reader
    reader.close()


def test_events_name_new_messages_and_status_moves(
    mock: MockServer, api: httpx.Client, events: EventReader
) -> None:
    created = send(api)
    eventually(lambda: created["sid"] in events.named(mock.account_sid, "messages"))
    assert created["sid"] not in events.named(mock.account_sid, "statuses")
    mock.advance(600)
    eventually(lambda: created["sid"] in events.named(mock.account_sid, "statuses"))
    assert any(event.get("requests") for event in events.events)
    mock.reset()
    eventually(lambda: any(event.get("reset") for event in events.events))


def test_the_detail_lists_the_status_callbacks_sent(
    mock: MockServer, api: httpx.Client, serve_app: Callable[[WsgiApp], RunningApp]
) -> None:
    received: list[list[tuple[str, str]]] = []

    def receiver(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        received.append(parse_qsl(environ["wsgi.input"].read(length).decode(), True))
        start_response("202 Accepted", [])
        return []

    url = serve_app(receiver).url
    created = send(api, StatusCallback=url)
    mock.advance(600)

    def four_sent() -> list[dict[str, Any]] | None:
        callbacks: list[dict[str, Any]] = inbox(mock.http, "message", Sid=created["sid"])[
            "callbacks"
        ]
        return callbacks if len(callbacks) == 4 else None

    sent = eventually(four_sent)
    assert [c["status"] for c in sent] == ["queued", "sending", "sent", "delivered"]
    validator = RequestValidator(mock.auth_token)
    for callback, form in zip(sent, received):
        assert callback["url"] == url and callback["answer"] == "202"
        assert validator.validate(url, form, callback["signature"])


def test_log_requests_prints_a_line_per_request(capsys: pytest.CaptureFixture[str]) -> None:
    account = Account.generate()
    app = create_app(MockConfig(accounts=[account], log_requests=True))
    with BackgroundServer(app) as server:
        base = f"{server.url}/2010-04-01/Accounts/{account.sid}"
        httpx.get(base + "/Messages.json", auth=(account.sid, account.auth_token))
        httpx.get(base + "/Messages.json", auth=(account.sid, "wrong"))
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:4] for line in lines] == [
        ["GET", f"/2010-04-01/Accounts/{account.sid}/Messages.json", "ListMessage", "200"],
        ["GET", f"/2010-04-01/Accounts/{account.sid}/Messages.json", "ListMessage", "401"],
    ]
    assert account.auth_token not in "".join(lines) and "wrong" not in "".join(lines)


def test_off_loopback_the_inbox_asks_for_the_accounts_credentials() -> None:
    account, other = Account.generate(), Account.generate()
    app = create_app(MockConfig(accounts=[account, other]))
    with BackgroundServer(app, host="0.0.0.0") as server:
        url = server.url.replace("0.0.0.0", "127.0.0.1")
        for path in ("/_mock/inbox/", "/_mock/inbox/api/messages", "/_mock/events"):
            refused = httpx.get(url + path)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"].startswith("Basic")
        wrong = httpx.get(url + "/_mock/inbox/api/accounts", auth=(account.sid, "nope"))
        assert wrong.status_code == 401
        auth = (account.sid, account.auth_token)
        shown = httpx.get(url + "/_mock/inbox/api/accounts", auth=auth).json()
        assert [a["sid"] for a in shown["accounts"]] == [account.sid]
        peek = httpx.get(
            url + "/_mock/inbox/api/messages", params={"AccountSid": other.sid}, auth=auth
        )
        assert peek.status_code == 404
        assert httpx.get(url + "/_mock/inbox/", auth=auth).status_code == 200
        reader = EventReader(url, auth)
        reader.close()


def _plan(sql: str, args: int) -> str:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.create_function("sendwire_status_at", 7, lambda *a: "queued")
    rows = db.execute("EXPLAIN QUERY PLAN " + sql, [None] * args).fetchall()
    return " | ".join(row[-1] for row in rows)


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(status="delivered", direction="inbound", text="x")],
)
def test_searches_walk_the_date_index_without_sorting(filters: Filters) -> None:
    for keyed in (False, True):
        sql, binds = search_sql(filters, keyed)
        plan = _plan(sql, len(binds))
        assert "messages_by_date" in plan and "TEMP B-TREE" not in plan, plan


def test_number_searches_and_conversations_use_the_number_indexes() -> None:
    for keyed in (False, True):
        sql, binds = search_sql(Filters(number="+15550001", text="x"), keyed)
        plan = _plan(sql, len(binds))
        assert "messages_by_to" in plan and "messages_by_from" in plan, plan
        assert "SCAN messages" not in plan, plan  # (scanning the few rows of a subquery is fine)
        plan = _plan(conversation_sql(keyed), 13 if keyed else 9)
        assert "messages_by_to" in plan and "SCAN messages" not in plan, plan
