"""One listing walk in a fresh process, reporting resident memory as it goes.

`python -m bench.memwalk CLIENT URL ACCOUNT_SID PAGE_SIZE`, the token in the environment.
Prints one JSON object: the messages seen, the seconds taken and (messages seen, RSS bytes)
samples, one per page.
A fresh process keeps other scenarios' memory out of the figure, and sampling RSS costs
nothing measurable, unlike tracing every allocation.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from typing import Any

from bench import child
from bench.memory import rss_bytes

CLIENTS = ("sendwire", "twilio")


def _messages(client: str, url: str, sid: str, token: str, page_size: int) -> Iterator[Any]:
    if client == "sendwire":
        from sendwire import Client

        with Client(sid, token, base_url=url) as sendwire:
            yield from sendwire.messages.list(page_size=page_size)
    else:
        from bench.servers import Account
        from bench.subjects import twilio_client

        sdk = twilio_client(url, Account(sid, token))
        yield from sdk.messages.stream(page_size=page_size)


def main(argv: list[str]) -> int:
    client, url, sid, page_size_text = argv
    page_size = int(page_size_text)
    token = child.token()
    samples = [(0, rss_bytes())]
    seen = 0
    started = time.perf_counter()
    for _ in _messages(client, url, sid, token, page_size):
        seen += 1
        if seen % page_size == 0:
            samples.append((seen, rss_bytes()))
    seconds = time.perf_counter() - started
    samples.append((seen, rss_bytes()))
    print(json.dumps({"seen": seen, "seconds": seconds, "samples": samples}))
    return 0


def walk(client: str, url: str, sid: str, token: str, page_size: int) -> dict[str, Any]:
    """Run one walk in a subprocess and return what it printed."""
    return child.run("bench.memwalk", [client, url, sid, str(page_size)], token)


def summary(result: dict[str, Any]) -> dict[str, int]:
    """RSS at the start, after the first page, at a tenth of the walk, at the end and at the
    peak; and how far it rose after that tenth (what holding more than a page would show:
    the allocator's own ups and downs stay small, keeping what was listed grows without end).
    """
    samples = result["samples"]
    seen = samples[-1][0]
    first_page = samples[1][1] if len(samples) > 1 else samples[0][1]
    tenth_at = next((i for i, (count, _) in enumerate(samples) if count >= seen / 10), 0)
    tenth = samples[tenth_at][1]
    return {
        "rss_start": samples[0][1],
        "rss_first_page": first_page,
        "rss_tenth": tenth,
        "rss_end": samples[-1][1],
        "rss_peak": max(rss for _, rss in samples),
        "rss_growth_after_tenth": max(0, max(rss for _, rss in samples[tenth_at:]) - tenth),
    }


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
