"""Run inside the changed copy: the new kinds (an enum-typed filter, a comparison filter
family over a date property, a new subresource with list and fetch) over HTTP on both
clients, the CLI and the copy's own mock.

Prints one JSON object of observations for the test to judge. Arguments: the wire names of
the enum filter and of the date family, the new list and fetch operations' operationIds,
and the property the new items carry.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any

import httpx

import sendwire
from sendwire import AsyncClient, Client, NotFoundError
from sendwire._generated.operations import OPERATIONS
from sendwire.testing import MockProcess

ENUM_FILTER, DATE_FILTER, LIST_OP, FETCH_OP, ITEM_PROPERTY = sys.argv[1:6]
SENDER = "+15017122661"
FAILING = "+15005553003"  # the mock's recipient whose messages end undelivered
MISSING_MESSAGE = "SM" + "0" * 32


def snake(name: str) -> str:
    return "".join(
        ("_" + c.lower()) if c.isupper() and i else c.lower() for i, c in enumerate(name)
    )


def cli(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "sendwire", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return (
        json.loads(done.stdout)
        if done.returncode == 0
        else f"exit {done.returncode}: {done.stderr}"
    )


def main() -> None:
    ops = {op.operation_id: op for op in OPERATIONS}
    list_name, fetch_name = ops[LIST_OP].method_name, ops[FETCH_OP].method_name
    enum_arg, date_arg = snake(ENUM_FILTER), snake(DATE_FILTER)
    prop = enum_arg
    seen: dict[str, Any] = {"sendwire": sendwire.__file__}
    account = ("AC" + "2" * 32, "secret-token-456")
    today = dt.datetime.now(dt.timezone.utc).date()
    day = dt.timedelta(days=1)
    with MockProcess(account=account, step_seconds=0) as mock:
        url = mock.url
        with Client(*account, base_url=url) as client:
            good = client.messages.create(to="+15558675310", from_=SENDER, body="ok")
            bad = client.messages.create(to=FAILING, from_=SENDER, body="no")
            good_value = getattr(client.messages.get(good.sid), prop)
            bad_value = getattr(client.messages.get(bad.sid), prop)
            seen["enum_values"] = [str(good_value), str(bad_value)]
            # The enum filter takes a plain string and the enum member alike.
            seen["sync_enum_str"] = [
                m.sid for m in client.messages.list(**{enum_arg: str(bad_value)})
            ]
            seen["sync_enum_member"] = [
                m.sid for m in client.messages.list(**{enum_arg: good_value})
            ]
            seen["sync_date"] = {
                name: sorted(m.sid for m in client.messages.list(**{date_arg + suffix: value}))
                for name, suffix, value in (
                    ("on_today", "", today),
                    ("before_today", "_before", today),
                    ("before_yesterday", "_before", today - day),
                    ("after_today", "_after", today),
                    ("after_tomorrow", "_after", today + day),
                    (
                        "after_instant",
                        "_after",
                        dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1),
                    ),
                )
            }
            seen["created"] = sorted([good.sid, bad.sid])
            seen["good"], seen["bad"] = good.sid, bad.sid
            items = list(getattr(client.api, list_name)(good.sid))
            seen["sync_items"] = [getattr(item, ITEM_PROPERTY) for item in items]
            fetched = getattr(client.api, fetch_name)(good.sid, items[0].sid)
            seen["sync_fetch"] = [fetched.sid == items[0].sid, type(fetched).__name__]
            try:
                list(getattr(client.api, list_name)(MISSING_MESSAGE))
                seen["sync_missing"] = None
            except NotFoundError as error:
                seen["sync_missing"] = error.status
            seen["item_sid"] = items[0].sid

        async def run_async() -> None:
            async with AsyncClient(*account, base_url=url) as client:
                found = [m.sid async for m in client.messages.list(**{enum_arg: str(bad_value)})]
                seen["async_enum"] = found
                found = [m.sid async for m in client.messages.list(**{date_arg + "_after": today})]
                seen["async_date"] = sorted(found)
                items = [i async for i in getattr(client.api, list_name)(good.sid)]
                seen["async_items"] = [getattr(item, ITEM_PROPERTY) for item in items]
                fetched = await getattr(client.api, fetch_name)(good.sid, items[0].sid)
                seen["async_fetch"] = fetched.sid == items[0].sid

        asyncio.run(run_async())

        # The mock itself, over plain HTTP with the wire names.
        base = f"{url}/2010-04-01/Accounts/{account[0]}/Messages"
        raw = httpx.get(f"{base}.json", params={ENUM_FILTER: str(bad_value)}, auth=account)
        seen["mock_enum"] = [raw.status_code, [m["sid"] for m in raw.json().get("messages", [])]]
        raw = httpx.get(
            f"{base}.json", params={DATE_FILTER + "<": (today - day).isoformat()}, auth=account
        )
        seen["mock_before"] = [raw.status_code, len(raw.json().get("messages", []))]
        raw = httpx.get(f"{base}.json", params={DATE_FILTER + ">": today.isoformat()}, auth=account)
        seen["mock_after"] = [raw.status_code, len(raw.json().get("messages", []))]
        path_of = {
            op_id: ops[op_id].template.split("/Messages/{MessageSid}/", 1)[1]
            for op_id in (LIST_OP, FETCH_OP)
        }
        listing = httpx.get(f"{base}/{good.sid}/{path_of[LIST_OP]}", auth=account)
        seen["mock_list"] = [listing.status_code, sorted(listing.json())]
        one = httpx.get(
            f"{base}/{good.sid}/{path_of[FETCH_OP].replace('{Sid}', seen['item_sid'])}",
            auth=account,
        )
        seen["mock_fetch"] = [one.status_code, one.json().get("sid"), one.json().get(ITEM_PROPERTY)]
        missing = httpx.get(f"{base}/{MISSING_MESSAGE}/{path_of[LIST_OP]}", auth=account)
        seen["mock_missing"] = [missing.status_code, missing.json().get("code")]
        bad_query = httpx.get(f"{base}.json", params={DATE_FILTER + "<": "soon"}, auth=account)
        seen["mock_bad_date"] = [bad_query.status_code, bad_query.json().get("code")]

        env = {
            **os.environ,
            "SENDWIRE_BASE_URL": url,
            "TWILIO_ACCOUNT_SID": account[0],
            "TWILIO_AUTH_TOKEN": account[1],
        }
        flag = "--" + enum_arg.replace("_", "-")
        seen["cli_enum"] = cli(env, "list", flag, str(bad_value), "--json")
        flag = "--" + date_arg.replace("_", "-") + "-after"
        seen["cli_date"] = cli(env, "list", flag, (today + day).isoformat(), "--json")
        seen["cli_list"] = cli(env, "api", list_name.replace("_", "-"), "--message-sid", good.sid)
        seen["cli_fetch"] = cli(
            env, "api", FETCH_OP, "--message-sid", good.sid, "--sid", seen["item_sid"]
        )
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
