"""A tour of Sendwire against a local mock server: ``python -m sendwire.demo`` (``make demo``).

It starts ``sendwire mock`` on a free port (in-memory state), sends an SMS and an MMS, lists
with a filter, redacts and deletes, bulk-sends 500 rows from a generated CSV through the
``sendwire bulk send`` command (with its progress bar), prints a summary and stops the mock.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sendwire import Client
from sendwire.testing import MockProcess

SENDER = "+15017122661"
BULK_ROWS = 500


def _step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def _write_campaign(path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["to", "name", "media_url"])
        for i in range(BULK_ROWS):
            media = "https://demo.example.com/coupon.png" if i % 100 == 0 else ""
            writer.writerow([f"+1555010{i:04d}", f"customer {i}", media])


def _tour(client: Client) -> None:
    _step("send an SMS")
    sms = client.messages.create(to="+15558675310", from_=SENDER, body="Hello from Sendwire!")
    print(f"{sms.sid}  status={sms.status}  segments={sms.num_segments}")

    _step("send an MMS")
    mms = client.messages.create(
        to="+15558675310",
        from_=SENDER,
        body="With a picture",
        media_url=["https://demo.example.com/cat.jpg"],
    )
    media = list(client.messages.media(mms.sid).list())
    print(f"{mms.sid}  num_media={mms.num_media}  media={[m.sid for m in media]}")

    _step("list messages to +15558675310")
    for message in client.messages.list(to="+15558675310", limit=10):
        print(f"{message.sid}  {message.date_sent:%Y-%m-%d %H:%M:%S}  {message.body!r}")

    _step("redact the SMS, delete the MMS")
    print(f"redacted body: {client.messages.redact(sms.sid).body!r}")
    client.messages.delete(mms.sid)
    print(
        f"deleted {mms.sid}; left to that number: "
        f"{len(list(client.messages.list(to='+15558675310')))}"
    )


def _bulk(env: dict[str, str], workdir: Path) -> int:
    _step(f"bulk-send {BULK_ROWS} rows with `sendwire bulk send`")
    campaign = workdir / "campaign.csv"
    _write_campaign(campaign)
    command = [
        sys.executable,
        "-m",
        "sendwire",
        "bulk",
        "send",
        str(campaign),
        "--from",
        SENDER,
        "--body",
        "Hi {name}, your code is ready.",
    ]
    print(
        "$ sendwire bulk send campaign.csv --from",
        SENDER,
        "--body 'Hi {name}, your code is ready.'",
        flush=True,
    )
    return subprocess.run(command, env=env, check=False).returncode


def main() -> int:
    print("Starting the mock server (sendwire mock --port 0)...", flush=True)
    started = time.monotonic()
    with MockProcess(step_seconds=0) as mock, tempfile.TemporaryDirectory() as tmp:
        print(f"Mock at {mock.url}, account {mock.account_sid}")
        env = {
            **os.environ,
            "TWILIO_ACCOUNT_SID": mock.account_sid,
            "TWILIO_AUTH_TOKEN": mock.auth_token,
            "SENDWIRE_BASE_URL": mock.url,
        }
        with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
            _tour(client)
            status = _bulk(env, Path(tmp))
            stored = sum(1 for _ in client.messages.list(page_size=1000))
        _step("summary")
        print(
            f"bulk send exit status {status}; the mock now holds {stored} messages "
            f"({BULK_ROWS} from the campaign, 1 redacted SMS); "
            f"demo took {time.monotonic() - started:.1f}s"
        )
        print("Stopping the mock.")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
