"""Helpers of the reliability suite: mock processes, raw HTTP, full listings, schema checks."""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import httpx
import pytest

from sendwire._schema.formats import FORMATS
from sendwire._schema.jsonschema import to_json_schema
from sendwire.mock.spec import default_spec_path, load_spec
from sendwire.testing import MockProcess, MockServer

SENDER = "+15017122661"
ERROR_KEYS = {"code", "message", "more_info", "status"}
MORE_INFO = "https://www.twilio.com/docs/errors/{code}"


def quick_and_full(quick: Any, full: Any) -> list[Any]:
    """Parameters for a quick size (run by `make test`) and the full size (marked `soak`)."""
    return [
        pytest.param(quick, id="quick"),
        pytest.param(full, id="full", marks=[pytest.mark.soak, pytest.mark.slow]),
    ]


def figures(name: str, **values: Any) -> None:
    """Print what a run measured, for RELIABILITY.md (`make soak` shows it with `-s`)."""
    print(f"\n[figures] {name}: " + ", ".join(f"{k}={v}" for k, v in values.items()))


def new_account() -> tuple[str, str]:
    """An account SID and a distinctive random token (easy to spot if it ever leaks)."""
    return "AC" + secrets.token_hex(16), "tok" + secrets.token_hex(20)


@contextmanager
def mock_process(
    *,
    account: tuple[str, str] | None = None,
    faults: str | None = None,
    seed: int | None = None,
    db: Path | None = None,
    step_seconds: float = 0,
    extra_args: Sequence[str] = (),
) -> Iterator[tuple[MockProcess, MockServer]]:
    """`sendwire mock` as a child process on a free loopback port, stopped afterwards."""
    process = MockProcess(
        account=account or new_account(),
        faults=faults,
        seed=seed,
        db=db,
        step_seconds=step_seconds,
        extra_args=extra_args,
    )
    server = process.start()
    try:
        yield process, server
    finally:
        process.terminate()


def http_for(server: MockServer, auth: tuple[str, str] | None = None) -> httpx.Client:
    """A plain HTTP client rooted at the server, authenticated as its account by default."""
    return httpx.Client(base_url=server.url, auth=auth or server.auth, timeout=30.0, verify=False)


def messages_path(account_sid: str, sid: str | None = None) -> str:
    base = f"/2010-04-01/Accounts/{account_sid}/Messages"
    return f"{base}/{sid}.json" if sid else f"{base}.json"


def list_all(http: httpx.Client, account_sid: str, **params: Any) -> list[dict[str, Any]]:
    """Every message of the account as the API lists it, following `next_page_uri`.

    No retries: used where no faults are injected, so any error answer fails the test.
    """
    found: list[dict[str, Any]] = []
    response = http.get(messages_path(account_sid), params={"PageSize": 1000, **params})
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        found.extend(page["messages"])
        if not page["next_page_uri"]:
            return found
        response = http.get(page["next_page_uri"])


def snapshot(http: httpx.Client, account_sid: str) -> list[tuple[str, str, str]]:
    """What a full listing shows of each message, to compare the state before and after."""
    return sorted((m["sid"], m["body"], m["date_updated"]) for m in list_all(http, account_sid))


def duplicates(values: Iterable[str]) -> dict[str, int]:
    return {value: count for value, count in Counter(values).items() if count > 1}


def create(http: httpx.Client, account_sid: str, **params: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"To": "+15558675310", "From": SENDER, "Body": "hello"}
    data.update(params)
    response = http.post(messages_path(account_sid), data=data)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def assert_api_error(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    """The answer is one of `statuses` in the API's error format, with no trace in it."""
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers.get("content-type", "").startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["status"] == response.status_code
    assert isinstance(body["code"], int)
    assert body["more_info"] == MORE_INFO.format(code=body["code"])
    assert "Traceback" not in body["message"]
    return body


# -- raw HTTP, for requests httpx refuses to build ---------------------------------------------


def raw_request(
    url: str, request: bytes, timeout: float = 10.0
) -> tuple[int, dict[str, str], bytes]:
    """Send `request` bytes as they are; return (status, headers, body) of the answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            if _complete(data):
                break
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def basic(account: tuple[str, str]) -> str:
    return httpx.BasicAuth(*account)._auth_header


# -- the spec's Message schema -----------------------------------------------------------------


@cache
def _schema_check(name: str) -> Callable[[Any], Any]:
    document = load_spec(default_spec_path())
    schema = to_json_schema(document["components"]["schemas"][name])
    check: Callable[[Any], Any] = fastjsonschema.compile(schema, formats=FORMATS)
    return check


def assert_schema_valid(name: str, instance: Any) -> None:
    """`instance` is valid against `components/schemas/<name>` of the spec."""
    try:
        _schema_check(name)(instance)
    except fastjsonschema.JsonSchemaValueException as exc:  # pragma: no cover - on failure
        raise AssertionError(f"not a valid {name}: {exc.message}: {instance!r}") from None


# -- processes ---------------------------------------------------------------------------------


def rss_kib(pid: int) -> int:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        result: str = connection.execute("PRAGMA integrity_check").fetchone()[0]
    return result


def cli_env(server: MockServer, **extra: str) -> dict[str, str]:
    """The environment a `sendwire` command needs to reach the server; nothing else secret."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SENDWIRE_"))}
    env.update(
        TWILIO_ACCOUNT_SID=server.account_sid,
        TWILIO_AUTH_TOKEN=server.auth_token,
        SENDWIRE_BASE_URL=server.url,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env
