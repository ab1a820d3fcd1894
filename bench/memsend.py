"""send_many over a long generator in a fresh process, reporting resident memory as it goes.

`python -m bench.memsend URL ACCOUNT_SID ROWS SECONDS SAMPLES`, the token in the
environment. The generator ends early once SECONDS have passed, so the run has a bound.
Prints one JSON object: rows sent and failed, seconds, RSS before the run and
(rows done, RSS bytes) samples taken from `on_progress`.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from bench import child
from bench.memory import rss_bytes


def main(argv: list[str]) -> int:
    from bench.scenarios.bulk import items
    from sendwire import Client

    url, sid, rows_text, seconds_text, samples_text = argv
    rows, samples_wanted = int(rows_text), int(samples_text)
    every = max(1, rows // samples_wanted)
    samples: list[tuple[int, int]] = []
    next_mark = 0

    def progress(report: Any) -> None:
        nonlocal next_mark
        if report.processed >= next_mark:
            samples.append((report.processed, rss_bytes()))
            next_mark = report.processed + every

    deadline = time.monotonic() + float(seconds_text)
    with Client(sid, child.token(), base_url=url) as client:
        before = rss_bytes()
        with client.messages.send_many(items(rows, deadline), on_progress=progress) as result:
            done, failed, duration = result.succeeded_count, result.failed_count, result.duration
        samples.append((done + failed, rss_bytes()))
    print(
        json.dumps(
            {
                "succeeded": done,
                "failed": failed,
                "seconds": duration,
                "rss_before": before,
                "samples": samples,
            }
        )
    )
    return 0


def send(url: str, sid: str, token: str, rows: int, seconds: float, samples: int) -> dict[str, Any]:
    """Run one memory run in a subprocess and return what it printed."""
    return child.run(
        "bench.memsend",
        [url, sid, str(rows), str(seconds), str(samples)],
        token,
        timeout=seconds + 600,
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
