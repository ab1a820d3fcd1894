"""Run inside the changed copy: every layer, over HTTP against the copy's own mock.

Prints one JSON object of observations for the test to judge. Arguments: the wire names of
the new string and boolean fields, the new status, the Body limit, the removed property.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from typing import Any

import httpx

import sendwire
from sendwire import AsyncClient, Client, MessageStatus, ValidationError
from sendwire.testing import MockProcess

STRING_FIELD, BOOL_FIELD, NEW_STATUS, LIMIT, REMOVED = sys.argv[1:6]
SENDER = "+15017122661"


def snake(name: str) -> str:
    return "".join(
        ("_" + c.lower()) if c.isupper() and i else c.lower() for i, c in enumerate(name)
    )


def main() -> None:
    string_arg, bool_arg = snake(STRING_FIELD), snake(BOOL_FIELD)
    seen: dict[str, Any] = {"sendwire": sendwire.__file__}
    account = ("AC" + "1" * 32, "secret-token-123")
    with MockProcess(account=account, step_seconds=0) as mock:
        url = mock.url
        fields = {"to": "+15558675310", "from_": SENDER, "body": "hi"}
        with Client(*account, base_url=url) as client:
            made = client.messages.create(**fields, **{string_arg: "blue", bool_arg: True})
            seen["sync_create"] = [getattr(made, string_arg), getattr(made, bool_arg)]
            seen["sync_removed_gone"] = not hasattr(made, snake(REMOVED))
            seen["sync_list_match"] = [m.sid for m in client.messages.list(**{string_arg: "blue"})]
            seen["sync_list_other"] = [m.sid for m in client.messages.list(**{string_arg: "red"})]
            seen["created"] = made.sid
            try:
                client.messages.create(**{**fields, "body": "x" * (int(LIMIT) + 1)})
                seen["sync_bound"] = None
            except ValidationError as error:
                seen["sync_bound"] = [error.code, str(error)]
            try:
                client.messages.create(**fields, **{string_arg: "x" * 41})
                seen["sync_new_code"] = None
            except ValidationError as error:
                seen["sync_new_code"] = [error.code, str(error)]

        async def run_async() -> None:
            async with AsyncClient(*account, base_url=url) as client:
                made = await client.messages.create(
                    **fields, **{string_arg: "green", bool_arg: False}
                )
                seen["async_create"] = [getattr(made, string_arg), getattr(made, bool_arg)]
                found = [m.sid async for m in client.messages.list(**{string_arg: "green"})]
                seen["async_list_match"] = found == [made.sid]
                try:
                    await client.messages.create(**{**fields, "body": "x" * (int(LIMIT) + 1)})
                    seen["async_bound"] = None
                except ValidationError as error:
                    seen["async_bound"] = error.code

        asyncio.run(run_async())
        status = MessageStatus(NEW_STATUS)
        seen["enum_known"] = status.is_known and status.name == NEW_STATUS.upper()

        # The mock itself: the echoed fields, the removed property, the bound's error text.
        raw = httpx.get(
            f"{url}/2010-04-01/Accounts/{account[0]}/Messages/{seen['created']}.json", auth=account
        ).json()
        seen["mock_json"] = {k: raw.get(k) for k in (snake(STRING_FIELD), snake(BOOL_FIELD))}
        seen["mock_removed_gone"] = snake(REMOVED) not in raw
        refused = httpx.post(
            f"{url}/2010-04-01/Accounts/{account[0]}/Messages.json",
            auth=account,
            data={"To": "+15558675310", "From": SENDER, "Body": "x" * (int(LIMIT) + 1)},
        )
        seen["mock_bound"] = [
            refused.status_code,
            refused.json().get("code"),
            refused.json().get("message"),
        ]
        refused = httpx.post(
            f"{url}/2010-04-01/Accounts/{account[0]}/Messages.json",
            auth=account,
            data={"To": "+15558675310", "From": SENDER, "Body": "hi", STRING_FIELD: "x" * 41},
        )
        seen["mock_new_code"] = [
            refused.status_code,
            refused.json().get("code"),
            refused.json().get("message"),
        ]

        # The CLI.
        env = {
            "SENDWIRE_BASE_URL": url,
            "TWILIO_ACCOUNT_SID": account[0],
            "TWILIO_AUTH_TOKEN": account[1],
        }
        import os

        cli_env = {**os.environ, **env}
        sent = subprocess.run(
            [
                sys.executable,
                "-m",
                "sendwire",
                "send",
                "--to",
                "+15558675311",
                "--from",
                SENDER,
                "--body",
                "cli",
                "--field",
                f"{STRING_FIELD}=violet",
                "--field",
                f"{bool_arg}=yes",
                "--json",
            ],
            capture_output=True,
            text=True,
            env=cli_env,
            check=False,
        )
        seen["cli_send"] = json.loads(sent.stdout) if sent.returncode == 0 else sent.stderr
        listed = subprocess.run(
            [
                sys.executable,
                "-m",
                "sendwire",
                "list",
                "--" + string_arg.replace("_", "-"),
                "violet",
                "--json",
            ],
            capture_output=True,
            text=True,
            env=cli_env,
            check=False,
        )
        seen["cli_list"] = json.loads(listed.stdout) if listed.returncode == 0 else listed.stderr
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
