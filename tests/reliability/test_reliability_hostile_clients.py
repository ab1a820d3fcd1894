"""Clients of the mock that try to exhaust it: slow heads, huge heads, idle crowds.

Each test runs a real `sendwire mock` process with small limits, and talks to it with raw
sockets where a well-behaved HTTP client would refuse to misbehave.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import httpx
import pytest
from reliability_helpers import (
    ERROR_KEYS,
    create,
    figures,
    http_for,
    mock_process,
    quick_and_full,
    rss_kib,
)

from sendwire.mock.config import ConnectionLimits
from sendwire.testing import MockProcess, MockServer

HEAD = b"GET /_mock/health HTTP/1.1\r\nHost: mock\r\n"
MIB = 1024 * 1024


def address(server: MockServer) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def connect(server: MockServer, timeout: float = 10.0) -> socket.socket:
    return socket.create_connection(address(server), timeout=timeout)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; a reset also counts as closed."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    return data


def answer(data: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split(" ")[1]), headers, body


def assert_error_answer(data: bytes, status: int) -> dict[str, object]:
    """An answer in the API's error format, closing the connection."""
    code, headers, body = answer(data)
    assert code == status, data[:300]
    assert headers["content-type"] == "application/json"
    assert headers["connection"] == "close"
    document: dict[str, object] = json.loads(body)
    assert set(document) == ERROR_KEYS and document["status"] == status
    return document


def read_answer(sock: socket.socket) -> bytes:
    """One whole answer (head and `Content-Length` body), leaving the connection open."""
    sock.settimeout(10)
    data = b""
    while True:
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = answer(head + sep)[1].get("content-length", "0")
            if len(body) >= int(length):
                return data
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection (FIN or reset) within `seconds`."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


@contextmanager
def limited_mock(*flags: str) -> Iterator[tuple[MockProcess, MockServer]]:
    with mock_process(extra_args=flags) as (process, server):
        yield process, server


def open_descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def open_idle(server: MockServer, count: int) -> list[socket.socket]:
    """`count` connections that never send a byte."""
    return [connect(server) for _ in range(count)]


def close_all(sockets: Sequence[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


# Slow heads ---------------------------------------------------------------------------------


def test_a_head_sent_one_byte_a_second_is_cut_off() -> None:
    with limited_mock("--header-timeout", "1") as (_, server):
        sock = connect(server)
        started = time.monotonic()
        sent = 0
        try:
            for byte in HEAD + b"X-Slow: " + b"a" * 60:
                sock.sendall(bytes([byte]))
                sent += 1
                if closed_within(sock, 1.0):
                    break
            else:
                pytest.fail("the mock still reads a head that trickles in")
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            sock.close()
        # Cut off after about the header timeout, long before the head could be complete.
        assert sent < 8 and time.monotonic() - started < 8
        # The mock itself is fine.
        with http_for(server) as http:
            assert http.get("/_mock/health").status_code == 200


def test_a_connection_that_says_nothing_is_closed_after_the_header_timeout() -> None:
    with limited_mock("--header-timeout", "1") as (_, server):
        sock = connect(server)
        try:
            assert closed_within(sock, 6.0)
        finally:
            sock.close()


def test_a_prompt_head_on_a_slow_network_still_gets_its_answer() -> None:
    """The timeout is for the whole head, not between bytes: a head in a few pieces is fine."""
    with limited_mock("--header-timeout", "2") as (_, server), connect(server) as sock:
        for piece in (HEAD[:10], HEAD[10:30], HEAD[30:], b"Connection: close\r\n\r\n"):
            sock.sendall(piece)
            time.sleep(0.2)
        assert answer(read_until_closed(sock))[0] == 200


# Large heads --------------------------------------------------------------------------------


def test_an_8_mb_header_line_gets_431_in_the_api_format() -> None:
    with limited_mock("--max-header-bytes", "8192") as (_, server), connect(server) as sock:
        try:
            sock.sendall(HEAD + b"X-Big: " + b"a" * (8 * MIB) + b"\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert_error_answer(read_until_closed(sock), 431)


def test_a_head_within_the_cap_is_served_and_one_just_over_it_is_refused() -> None:
    limit = 4096
    with limited_mock("--max-header-bytes", str(limit)) as (_, server), http_for(server) as http:
        fits = http.get("/_mock/health", headers={"X-Pad": "a" * (limit - 600)})
        assert fits.status_code == 200
        over = http.get("/_mock/health", headers={"X-Pad": "a" * limit})
        assert over.status_code == 431
        assert set(over.json()) == ERROR_KEYS
        # A body of any size does not count against the head.
        long_url = "https://x/" + "c" * 3000
        created = create(http, server.account_sid, Body="b" * 1500, StatusCallback=long_url)
        assert created["body"] == "b" * 1500


def test_too_many_header_fields_get_431() -> None:
    with limited_mock("--max-headers", "20") as (_, server), http_for(server) as http:
        few = {f"X-Field-{n}": "1" for n in range(10)}
        assert http.get("/_mock/health", headers=few).status_code == 200
        many = {f"X-Field-{n}": "1" for n in range(40)}
        refused = http.get("/_mock/health", headers=many)
        assert refused.status_code == 431 and set(refused.json()) == ERROR_KEYS


def test_unfinished_huge_heads_leave_the_mock_small() -> None:
    """Eight clients each stream a header of tens of MiB and never end it."""
    with limited_mock("--max-header-bytes", "32768") as (process, server):
        before = rss_kib(process.pid)
        outcomes: list[int] = []

        def flood() -> None:
            with connect(server) as sock:
                chunk = HEAD + b"X-Huge: " + b"a" * MIB
                try:
                    for _ in range(64):
                        sock.sendall(chunk)
                        chunk = b"a" * MIB
                except (BrokenPipeError, ConnectionResetError):
                    pass
                data = read_until_closed(sock)
                outcomes.append(answer(data)[0] if data else 0)

        threads = [threading.Thread(target=flood) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        after = rss_kib(process.pid)
        # Each flood was cut off (431, or a reset once it went on past the linger allowance),
        # and what the mock holds did not grow with what was sent (8 x 64 MiB).
        assert len(outcomes) == 8 and set(outcomes) <= {431, 0}
        assert after - before < 40 * 1024, (before, after)
        with http_for(server) as http:
            assert http.get("/_mock/health").status_code == 200


# Idle and crowded connections -----------------------------------------------------------------


def test_an_idle_kept_alive_connection_is_closed_after_the_idle_timeout() -> None:
    with limited_mock("--idle-timeout", "1") as (_, server), connect(server) as sock:
        sock.sendall(HEAD + b"\r\n")
        time.sleep(0.2)
        assert answer(read_answer(sock))[0] == 200
        assert closed_within(sock, 6.0)


# Opens N connections to HOST:PORT, says "ready", and holds them until its stdin closes.
_CROWD = """
import resource, socket, sys
host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
held = [socket.create_connection((host, port), timeout=30) for _ in range(count)]
print("ready", flush=True)
sys.stdin.read()
"""


@contextmanager
def idle_crowd(server: MockServer, count: int) -> Iterator[None]:
    """`count` connections that never send a byte, held by child processes of 5,000 each."""
    host, port = address(server)
    sizes = [min(5000, count - start) for start in range(0, count, 5000)]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CROWD, host, str(port), str(size)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for size in sizes
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield
    finally:
        for child in children:
            child.communicate(timeout=60)


@pytest.mark.parametrize("size", quick_and_full((2000, ["--max-connections", "100"]), (20_000, [])))
def test_thousands_of_idle_connections_do_not_stop_a_create(size: tuple[int, list[str]]) -> None:
    """Full size: 20,000 idle connections, as many as the process may open, at the defaults."""
    crowd, flags = size
    with limited_mock(*flags) as (process, server), idle_crowd(server, crowd):
        started = time.monotonic()
        with http_for(server) as http:
            assert create(http, server.account_sid)["status"] == "queued"
        took = time.monotonic() - started
        # The oldest idle connections were shed, so descriptors stay near the cap.
        cap = int(flags[1]) if flags else ConnectionLimits().connection_cap()
        descriptors = open_descriptors(process.pid)
        assert descriptors < cap + 40
        figures("idle crowd", connections=crowd, cap=cap, descriptors=descriptors,
                create_ms=round(took * 1000))  # fmt: skip


def test_the_default_cap_stays_below_the_descriptor_limit() -> None:
    """A mock under a small descriptor limit sizes its cap from it: more idle connections than
    it has descriptors still leave room for a create."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (512, hard))  # inherited by the child
    try:
        context = limited_mock()
        process, server = context.__enter__()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        crowd = open_idle(server, 1500)
        try:
            with http_for(server) as http:
                assert create(http, server.account_sid)["status"] == "queued"
            assert open_descriptors(process.pid) < 512
        finally:
            close_all(crowd)
    finally:
        context.__exit__(None, None, None)


def test_a_shed_idle_connection_is_closed_cleanly() -> None:
    """The oldest idle connection makes room with a plain close, not a reset."""
    with limited_mock("--max-connections", "3") as (_, server):
        oldest = connect(server)
        oldest.sendall(HEAD + b"\r\n")
        assert answer(read_answer(oldest))[0] == 200
        newer = open_idle(server, 3)
        try:
            oldest.settimeout(15)
            assert oldest.recv(1) == b""  # FIN: a reset would raise
        finally:
            oldest.close()
            close_all(newer)


def busy_connection(server: MockServer) -> socket.socket:
    """A connection whose request is being handled: its body is still on its way."""
    sock = connect(server)
    sock.sendall(
        f"POST /2010-04-01/Accounts/{server.account_sid}/Messages.json HTTP/1.1\r\n"
        "Host: mock\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Authorization: {httpx.BasicAuth(*server.auth)._auth_header}\r\n"
        "Content-Length: 40\r\n\r\nTo=%2B15558675310".encode()
    )
    return sock


def test_past_the_cap_with_every_connection_busy_a_newcomer_gets_503() -> None:
    with limited_mock("--max-connections", "4") as (_, server):
        busy = [busy_connection(server) for _ in range(4)]
        time.sleep(0.3)
        try:
            with connect(server) as newcomer:
                newcomer.sendall(HEAD + b"\r\n")
                document = assert_error_answer(read_until_closed(newcomer), 503)
                assert document["code"] == 20503
            # The busy ones were neither reset nor dropped: each gets its answer.
            for sock in busy:
                sock.sendall(b"&From=%2B15017122661&Bo")
                status = answer(read_answer(sock))[0]
                assert status == 400  # "Bo" is not a parameter: an answer all the same
        finally:
            close_all(busy)
        with http_for(server) as http:
            assert create(http, server.account_sid)["status"] == "queued"


def test_limits_set_to_0_are_off() -> None:
    flags = ["--header-timeout", "0", "--max-header-bytes", "0", "--max-headers", "0"]
    flags += ["--idle-timeout", "0", "--max-connections", "0"]
    with limited_mock(*flags) as (_, server):
        with http_for(server) as http:
            big = http.get("/_mock/health", headers={"X-Pad": "a" * (256 * 1024)})
            assert big.status_code == 200
            many = {f"X-Field-{n}": "1" for n in range(300)}
            assert http.get("/_mock/health", headers=many).status_code == 200
        with connect(server) as sock:
            assert not closed_within(sock, 1.5)


@pytest.mark.parametrize(
    "flag", ["--header-timeout", "--max-header-bytes", "--max-headers", "--idle-timeout",
             "--max-connections"],
)  # fmt: skip
def test_a_negative_limit_is_a_usage_error(flag: str) -> None:
    from sendwire.cli import main

    with pytest.raises(SystemExit) as exit:
        main(["mock", flag, "-1"])
    assert exit.value.code == 2
