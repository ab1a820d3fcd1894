"""The speed goals set in the issues, checked against a run's results."""

from __future__ import annotations

from typing import Any

import attrs

MIB = 1024 * 1024
# "Flat" memory: walking (or sending) ten times as much must not hold more than this much
# extra at the peak.
FLAT_MARGIN_BYTES = 16 * MIB


@attrs.frozen
class Goal:
    key: str
    source: str
    text: str
    measured: str
    met: bool | None  # None: not measured in this run


def _row(rows: list[dict[str, Any]], **match: str) -> dict[str, Any] | None:
    for row in rows:
        if all(row.get(k) == v for k, v in match.items()):
            return row
    return None


def evaluate(results: dict[str, Any]) -> list[Goal]:
    scenarios = results.get("scenarios", {})
    goals: list[Goal] = []
    goals += _mock(scenarios.get("mock_server"))
    goals += _facade(scenarios.get("per_call"), scenarios.get("listing"))
    goals += _bulk(scenarios.get("bulk"))
    goals += _fast_path(scenarios.get("per_call"), scenarios.get("listing"), scenarios.get("bulk"))
    return goals


def _missing(key: str, source: str, text: str) -> Goal:
    return Goal(key, source, text, "not measured in this run", None)


def _mock(result: dict[str, Any] | None) -> list[Goal]:
    source = "mock (issue 3)"
    texts = {
        "mock_fetch": "fetch >= 5,000 req/s (one worker, 16 connections)",
        "mock_create": "create >= 2,500 req/s with full validation",
        "mock_page": "a 1000-message page in < 30 ms with 1,000,000 messages stored",
    }
    if not result:
        return [_missing(k, source, t) for k, t in texts.items()]
    goals = []
    rows = result["throughput"]["rows"]
    for key, endpoint, target in (("mock_fetch", "fetch", 5000), ("mock_create", "create", 2500)):
        row = _row(rows, server="sendwire mock", endpoint=endpoint)
        if row is None:
            goals.append(_missing(key, source, texts[key]))
            continue
        rps = row["requests_per_second"]
        goals.append(
            Goal(
                key,
                source,
                texts[key],
                f"{rps['median']:,.0f} req/s"
                + (f" (runs {rps['low']:,.0f}-{rps['high']:,.0f})" if rps["runs"] > 1 else ""),
                rps["median"] >= target,
            )
        )
    big = result.get("big_store")
    if big:
        walk, first = big["walk"], big["first_page"]
        stored = big["stored"]
        text = texts["mock_page"]
        if stored < 1_000_000:
            text += f" (this run stored only {stored:,})"
        goals.append(
            Goal(
                "mock_page",
                source,
                text,
                f"walk of {walk['pages']} pages: median {walk['median_ms']:.1f} ms, "
                f"p90 {walk['p90_ms']:.1f} ms; first page p50 {first['p50_ms']:.1f} ms, "
                f"p99 {first['p99_ms']:.1f} ms",
                walk["median_ms"] < 30 and first["p50_ms"] < 30,
            )
        )
    else:
        goals.append(_missing("mock_page", source, texts["mock_page"]))
    return goals


def _facade(per_call: dict[str, Any] | None, listing: dict[str, Any] | None) -> list[Goal]:
    source = "facade (issue 4)"
    goals = []
    texts = {
        "facade_overhead": "per call within 1.2x of a raw httpx.Client loop (create and fetch)",
        "facade_vs_sdk": "per call no slower than the official twilio SDK (create and fetch)",
        "facade_list_memory": "listing 100,000 messages with page_size=1000 keeps memory flat",
    }
    if per_call:
        rows = per_call["rows"]
        ratios = {
            op: _row(rows, operation=op, client="sendwire Client") for op in ("create", "fetch")
        }
        sdk = {op: _row(rows, operation=op, client="twilio SDK") for op in ("create", "fetch")}
        if all(ratios.values()) and all(sdk.values()):
            shown = ", ".join(
                f"{op} {r['ratio_to_raw_httpx']['median']:.2f}x"  # type: ignore[index]
                + (
                    f" (CPU {r['cpu_ratio_to_raw_httpx']['median']:.2f}x)"  # type: ignore[index]
                    if "cpu_ratio_to_raw_httpx" in r  # type: ignore[operator]
                    else ""
                )
                for op, r in ratios.items()
            )
            goals.append(
                Goal(
                    "facade_overhead",
                    source,
                    texts["facade_overhead"],
                    shown,
                    all(
                        r["ratio_to_raw_httpx"]["median"] <= 1.2
                        for r in ratios.values()  # type: ignore[index]
                    ),
                )
            )
            parts, met = [], True
            for op in ("create", "fetch"):
                ours = ratios[op]["us_per_call"]["median"]  # type: ignore[index]
                theirs = sdk[op]["us_per_call"]["median"]  # type: ignore[index]
                parts.append(f"{op} {ours:,.0f} vs {theirs:,.0f} us ({ours / theirs:.2f}x)")
                met = met and ours <= theirs
            goals.append(
                Goal("facade_vs_sdk", source, texts["facade_vs_sdk"], "; ".join(parts), met)
            )
        else:
            goals += [_missing(k, source, texts[k]) for k in ("facade_overhead", "facade_vs_sdk")]
    else:
        goals += [_missing(k, source, texts[k]) for k in ("facade_overhead", "facade_vs_sdk")]
    row = _row(listing["rows"], client="sendwire Client") if listing else None
    if listing and row is not None and "rss_growth_after_tenth" in row:
        grew = row["rss_growth_after_tenth"]
        text = texts["facade_list_memory"]
        if listing["messages"] != 100_000:
            text += f" (this run listed {listing['messages']:,})"
        goals.append(
            Goal(
                "facade_list_memory",
                source,
                text,
                f"RSS rose {grew / MIB:.1f} MiB after the first tenth of "
                f"{listing['messages']:,} messages (at the end {row['rss_end'] / MIB:.1f} MiB, "
                f"peak {row['rss_peak'] / MIB:.1f} MiB)",
                grew <= FLAT_MARGIN_BYTES,
            )
        )
    else:
        goals.append(_missing("facade_list_memory", source, texts["facade_list_memory"]))
    return goals


def _bulk(result: dict[str, Any] | None) -> list[Goal]:
    source = "bulk (issue 5)"
    texts = {
        "bulk_vs_sdk": "send_many of 10,000 >= 10x a sequential twilio SDK loop",
        "bulk_vs_ceiling": "send_many >= 70% of the mock's own create throughput (same run)",
        "bulk_memory": "memory flat with a 1,000,000-row generator",
    }
    if not result:
        return [_missing(k, source, t) for k, t in texts.items()]
    names = result["names"]
    default = _row(result["rows"], client=names["default"])
    tuned = _row(result["rows"], client=names["tuned"])
    ceiling = _row(result["rows"], client=names["ceiling"])
    goals = []
    suffix = "" if result["messages"] == 10_000 else f" (this run sent {result['messages']:,})"
    if default is not None and tuned is not None and ceiling is not None:
        best = max((default, tuned), key=lambda r: r["messages_per_second"]["median"])
        label = "default" if best is default else "tuned"
        d_sdk, t_sdk = (r["ratio_to_sdk_sequential"]["median"] for r in (default, tuned))
        d_cap, t_cap = (r["ratio_to_ceiling"]["median"] for r in (default, tuned))
        bound = ceiling["ratio_to_sdk_sequential"]["median"]
        measured = (
            f"on loopback: default {d_sdk:.1f}x, tuned {t_sdk:.1f}x (the mock's own ceiling is "
            f"{bound:.1f}x the loop, so nothing can reach 10x here)"
            if bound < 10
            else f"on loopback: default {d_sdk:.1f}x, tuned {t_sdk:.1f}x"
        )
        slow = result.get("with_latency")
        if slow:
            s_default = _row(slow["rows"], client=names["default"])
            s_tuned = _row(slow["rows"], client=names["tuned"])
            if s_default is not None and s_tuned is not None:
                measured += (
                    f"; with {slow['latency_ms']} ms per answer: default "
                    f"{s_default['ratio_to_sdk_sequential']['median']:.1f}x, tuned "
                    f"{s_tuned['ratio_to_sdk_sequential']['median']:.1f}x"
                )
        goals.append(
            Goal(
                "bulk_vs_sdk",
                source,
                texts["bulk_vs_sdk"] + suffix,
                measured,
                best["ratio_to_sdk_sequential"]["median"] >= 10,
            )
        )
        goals.append(
            Goal(
                "bulk_vs_ceiling",
                source,
                texts["bulk_vs_ceiling"] + suffix,
                f"default {d_cap:.0%}, tuned {t_cap:.0%} (best: {label})",
                best["ratio_to_ceiling"]["median"] >= 0.7,
            )
        )
    else:
        goals += [_missing(k, source, texts[k]) for k in ("bulk_vs_sdk", "bulk_vs_ceiling")]
    memory = result.get("memory")
    if memory:
        text = texts["bulk_memory"]
        consumed = memory["consumed"]
        if memory["rows"] != 1_000_000:
            text += f" (this run: {memory['rows']:,} rows)"
        growth = memory["rss_growth_after_first_tenth"]
        ok = growth <= FLAT_MARGIN_BYTES and memory["failed"] == 0
        shown = (
            f"RSS moved {growth / MIB:.1f} MiB between 10% and 100% of {consumed:,} rows sent "
            f"({memory['failed']:,} failed)"
        )
        if consumed < memory["rows"]:
            shown += f"; the time budget ended the generator after {consumed:,} rows"
        goals.append(Goal("bulk_memory", source, text, shown, ok))
    else:
        goals.append(_missing("bulk_memory", source, texts["bulk_memory"]))
    return goals


FAST_SOURCE = "fast path (issue 11)"
FAST_TEXTS = {
    "fast_bulk_vs_raw": (
        "send_many, 16 in flight: >= 0.6x raw aiohttp's messages/s and <= 2x its client CPU "
        "per message"
    ),
    "fast_bulk_vs_sdk": "send_many, 16 in flight: >= 3x the SDK's sequential loop on loopback",
    "fast_latency": "with 20 ms per answer, send_many at concurrency C >= 0.9 x C / 20 ms",
    "fast_async_per_call": (
        "AsyncClient per call (create and fetch): client CPU <= 1.3x raw aiohttp's"
    ),
    "fast_listing": (
        "listing 100,000 messages, page_size=1000: <= 1.2x a raw httpx.Client loop that "
        "decodes the JSON"
    ),
}


def _fast_path(
    per_call: dict[str, Any] | None,
    listing: dict[str, Any] | None,
    bulk: dict[str, Any] | None,
) -> list[Goal]:
    return [
        _fast_bulk_vs_raw(bulk),
        _fast_bulk_vs_sdk(bulk),
        _fast_latency(bulk),
        _fast_async_per_call(per_call),
        _fast_listing(listing),
    ]


def _fast_missing(key: str) -> Goal:
    return _missing(key, FAST_SOURCE, FAST_TEXTS[key])


def _fast_goal(key: str, measured: str, met: bool, suffix: str = "") -> Goal:
    return Goal(key, FAST_SOURCE, FAST_TEXTS[key] + suffix, measured, met)


def _bulk_suffix(result: dict[str, Any]) -> str:
    path = "" if result.get("fast_path", True) else " (sendwire[fast] not installed: plain path)"
    sent = "" if result["messages"] == 10_000 else f" (this run sent {result['messages']:,})"
    return path + sent


def _fast_bulk_vs_raw(bulk: dict[str, Any] | None) -> Goal:
    key = "fast_bulk_vs_raw"
    if not bulk:
        return _fast_missing(key)
    default = _row(bulk["rows"], client=bulk["names"]["default"])
    if default is None or "ratio_to_raw_aiohttp" not in default:
        return _fast_missing(key)
    speed = default["ratio_to_raw_aiohttp"]["median"]
    cpu = default["cpu_ratio_to_raw_aiohttp"]["median"]
    ours = default["cpu_us_per_message"]["median"]
    floor = _row(bulk["rows"], client=bulk["names"]["raw_aiohttp"])
    theirs = floor["cpu_us_per_message"]["median"] if floor else float("nan")
    measured = (
        f"{speed:.2f}x the messages/s (goal 0.6x); {cpu:.2f}x the CPU per message, "
        f"{ours:,.0f} vs {theirs:,.0f} us (goal 2x)"
    )
    return _fast_goal(key, measured, speed >= 0.6 and cpu <= 2.0, _bulk_suffix(bulk))


def _fast_bulk_vs_sdk(bulk: dict[str, Any] | None) -> Goal:
    key = "fast_bulk_vs_sdk"
    if not bulk:
        return _fast_missing(key)
    default = _row(bulk["rows"], client=bulk["names"]["default"])
    if default is None:
        return _fast_missing(key)
    times = default["ratio_to_sdk_sequential"]["median"]
    return _fast_goal(key, f"{times:.1f}x (goal 3x)", times >= 3.0, _bulk_suffix(bulk))


def _fast_latency(bulk: dict[str, Any] | None) -> Goal:
    key = "fast_latency"
    slow = (bulk or {}).get("with_latency")
    if not slow or "concurrency" not in slow:
        return _fast_missing(key)
    parts, met = [], True
    for name, concurrency in slow["concurrency"].items():
        row = _row(slow["rows"], client=name)
        if row is None:
            continue
        bound = 0.9 * concurrency / (slow["latency_ms"] / 1000)
        rate = row["messages_per_second"]["median"]
        ok = rate >= bound
        parts.append(f"{name}: {rate:,.0f} msg/s, goal {bound:,.0f} ({rate / bound:.2f}x)")
        if name != bulk["names"].get("plain"):  # type: ignore[index]
            met = met and ok  # the plain path is shown, the goal is the default path's
    if not parts:
        return _fast_missing(key)
    return _fast_goal(key, "; ".join(parts), met)


def _fast_async_per_call(per_call: dict[str, Any] | None) -> Goal:
    key = "fast_async_per_call"
    if not per_call:
        return _fast_missing(key)
    parts, met = [], True
    for op in ("create", "fetch"):
        row = _row(per_call["rows"], operation=op, client="sendwire AsyncClient")
        floor = _row(per_call["rows"], operation=op, client="raw aiohttp.ClientSession")
        if row is None or floor is None or "cpu_ratio_to_raw_aiohttp" not in row:
            return _fast_missing(key)
        times = row["cpu_ratio_to_raw_aiohttp"]["median"]
        ours, theirs = row["cpu_us_per_call"]["median"], floor["cpu_us_per_call"]["median"]
        parts.append(f"{op} {times:.2f}x ({ours:,.0f} vs {theirs:,.0f} us CPU)")
        met = met and times <= 1.3
    return _fast_goal(key, "; ".join(parts), met)


def _fast_listing(listing: dict[str, Any] | None) -> Goal:
    key = "fast_listing"
    row = _row(listing["rows"], client=listing["sendwire_name"]) if listing else None
    if listing is None or row is None:
        return _fast_missing(key)
    times = row["ratio_to_raw_httpx"]["median"]
    suffix = "" if listing["messages"] == 100_000 else f" (this run listed {listing['messages']:,})"
    memory = ""
    if "rss_growth_after_tenth" in row:
        memory = f"; RSS rose {row['rss_growth_after_tenth'] / MIB:.1f} MiB after the first tenth"
    return _fast_goal(key, f"{times:.2f}x the raw loop's time{memory}", times <= 1.2, suffix)
