"""`pip install sendwire` without extras: no aiohttp, no orjson, and everything still works.

The check runs in a child process whose import system cannot see the fast path's packages
(as if they were not installed), against the session's mock server over HTTP.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from typing import Any

CHILD = textwrap.dedent(
    """
    import asyncio, os, sys
    from importlib.machinery import PathFinder

    MISSING = {"aiohttp", "orjson", "httpx_aiohttp"}

    class WithoutExtras(PathFinder):
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name.partition(".")[0] in MISSING:
                return None
            return PathFinder.find_spec(name, path, target)

    sys.meta_path[:] = [WithoutExtras if f is PathFinder else f for f in sys.meta_path]

    from sendwire import AsyncClient, Client
    from sendwire._core import responses
    from sendwire._transport import stacks as http

    url, sid, token = os.environ["MOCK_URL"], os.environ["MOCK_SID"], os.environ["MOCK_TOKEN"]
    to, sender = "+15550009901", "+15017122661"
    assert not http.fast_available() and http.http_path() == http.PLAIN
    assert responses._loads is responses._json_loads

    with Client(sid, token, base_url=url) as client:
        sent = client.messages.create(to=to, from_=sender, body="plain sync")
        assert client.messages.get(sent.sid).body == "plain sync"
        rows = [{"to": to, "from": sender, "body": f"bulk {i}"} for i in range(12)]
        with client.messages.send_many(rows, concurrency=4) as result:
            assert result.succeeded_count == 12, result

    async def run_async():
        async with AsyncClient(sid, token, base_url=url) as client:
            await client.messages.create(to=to, from_=sender, body="plain async")
            rows = [{"to": to, "from": sender, "body": f"abulk {i}"} for i in range(12)]
            (await client.messages.send_many(rows, concurrency=8)).close()
            return [m async for m in client.messages.list(to=to, page_size=5)]

    listed = asyncio.run(run_async())
    assert len(listed) == 26, len(listed)
    assert not MISSING & set(sys.modules), MISSING & set(sys.modules)
    print("plain install works")
    """
)


def test_without_the_fast_extra_the_clients_send_list_and_bulk_send(sendwire_mock: Any) -> None:
    sendwire_mock.reset()
    env = {
        **os.environ,
        "MOCK_URL": sendwire_mock.url,
        "MOCK_SID": sendwire_mock.account_sid,
        "MOCK_TOKEN": sendwire_mock.auth_token,
    }
    env.pop("SENDWIRE_HTTP", None)
    run = subprocess.run(
        [sys.executable, "-c", CHILD],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "plain install works" in run.stdout
