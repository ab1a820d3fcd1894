"""A short version of the soak run (`make soak` runs the 60-second one, tools/soak.py).

The mock process takes a mixed load (creates, fetches, list pages, deletes) on 16 connections
for a few seconds: no answer may be an error, and its memory may not grow once warmed up
(each connection deletes its oldest message, so the stored data does not grow either).
Latencies are reported, not asserted: speed belongs to the benchmarks.
"""

from __future__ import annotations

import soak

SECONDS = 5.0


def test_the_mock_holds_a_mixed_load_without_error_and_with_flat_memory() -> None:
    report = soak.run(seconds=SECONDS, connections=16, keep=20, seed=3)
    print(soak.summary(report))
    assert report.errors == 0, report.error_samples
    # Every kind of request of the mix was made, many times.
    assert all(report.by_operation[name] >= 10 for name in ("create", "fetch", "list", "delete"))
    assert report.by_operation["next_page"] >= 1
    # The store stays bounded: at most `keep` messages per connection, plus the last create.
    assert report.stored_at_end <= 16 * 21
    assert len(report.rss_kib_samples) >= 3
    assert report.rss_growth_kib <= report.rss_growth_limit_kib, report.rss_kib_samples
    assert report.ok
