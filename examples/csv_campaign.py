"""A reminder campaign from a CSV file: one message per row, each sent exactly once.

    python examples/csv_campaign.py examples/campaign.csv

(With the environment of examples/send_and_track.py.) The journal next to the CSV file
makes the run resumable: after a crash or Ctrl-C, run the same command again and only what
was not sent goes out. Rows the client refuses (a bad number) fail alone, with the API's
error code. `sendwire bulk send` does the same from the command line.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from sendwire import Client

SENDER = "+15017122661"
TEMPLATE = "Hi {name}, a reminder of your appointment on {appointment}."


def rows(path: Path) -> Iterator[dict[str, str]]:
    """Read lazily, so a file of millions of rows costs no memory."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {"to": row["to"], "from_": SENDER, "body": TEMPLATE.format(**row)}


def main(path: Path) -> int:
    journal = path.with_suffix(".journal")
    with (
        Client.from_env() as client,
        client.messages.send_many(
            rows(path), concurrency=8, rate_limit=20, journal=journal
        ) as result,
    ):
        for failure in result.failed:
            print(f"row {failure.index + 1}: {failure.request['to']}: {failure.error}")
        print(
            f"{result.succeeded_count} sent, {result.failed_count} failed "
            f"of {result.total} in {result.duration:.1f} s"
        )
        return 1 if result.failed_count else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
