"""How big and how long each scenario runs: the full suite and the tiny smoke run."""

from __future__ import annotations

import attrs


@attrs.frozen
class Sizes:
    name: str
    # Repetitions: each figure is the median of this many runs.
    runs: int
    long_runs: int
    # Scenario 1: sequential calls per client and round, and the rounds (short blocks taken
    # in turns, so each client's figure is paired with the baseline's from the same moment).
    per_call_calls: int
    per_call_warmup: int
    per_call_rounds: int
    # Scenario 2: messages listed, and the page size.
    list_messages: int
    page_size: int
    # Scenario 3: messages per bulk run; concurrency of the tuned run; SDK thread pool.
    bulk_messages: int
    # The sequential SDK loop's rate does not depend on how many it sends; fewer keeps the
    # suite's length reasonable.
    bulk_sequential_messages: int
    bulk_tuned_concurrency: int
    sdk_threads: int
    # Memory of send_many over a generator: rows and how often RSS is sampled.
    memory_rows: int
    memory_samples: int
    memory_seconds: float  # the memory run stops feeding rows after this long
    # The same race with this much latency added to every answer, as over a network; the
    # sequential SDK loop then sends fewer messages (its rate does not depend on how many).
    bulk_latency_ms: int
    latency_messages: int
    latency_sequential_messages: int
    # Scenario 4: load generator settings and the big store.
    load_seconds: float
    warmup_seconds: float  # 0: no warm-up run
    profile_seconds: float
    max_profiles: int  # per scenario
    profiled: tuple[str, ...]  # scenarios whose misses are profiled
    prism_endpoints: tuple[str, ...]  # what Prism is measured on
    bulk_warmup: int  # messages sent once before the bulk figures are taken
    # Boot Prism when the run starts rather than when its scenario does: quicker in total, but
    # Node's start-up then overlaps the first scenario, so only the smoke run does it.
    early_prism: bool
    parallel: bool  # run the scenarios at the same time (only when the figures do not matter)
    load_connections: int
    big_store: int
    latency_seconds: float
    # Scenario 5: stored message counts.
    growth_sizes: tuple[int, ...]
    growth_calls: int


FULL = Sizes(
    name="full",
    runs=5,
    long_runs=3,
    per_call_calls=200,
    per_call_warmup=100,
    per_call_rounds=25,
    list_messages=100_000,
    page_size=1000,
    bulk_messages=10_000,
    bulk_sequential_messages=2_000,
    bulk_tuned_concurrency=64,
    sdk_threads=32,
    memory_rows=1_000_000,
    memory_samples=20,
    memory_seconds=180.0,
    bulk_latency_ms=20,
    latency_messages=3_000,
    latency_sequential_messages=500,
    load_seconds=6.0,
    warmup_seconds=1.0,
    profile_seconds=5.0,
    max_profiles=2,
    profiled=("per_call", "listing", "bulk", "mock_server"),
    prism_endpoints=("fetch", "create", "list page (50)"),
    bulk_warmup=300,
    early_prism=False,
    parallel=False,
    load_connections=16,
    big_store=1_000_000,
    latency_seconds=5.0,
    growth_sizes=(1_000, 10_000, 100_000),
    growth_calls=500,
)

SMOKE = Sizes(
    name="smoke",
    runs=1,
    long_runs=1,
    per_call_calls=10,
    per_call_warmup=2,
    per_call_rounds=2,
    list_messages=250,
    page_size=100,
    bulk_messages=40,
    bulk_sequential_messages=20,
    bulk_tuned_concurrency=8,
    sdk_threads=4,
    memory_rows=100,
    memory_samples=4,
    memory_seconds=30.0,
    bulk_latency_ms=20,
    latency_messages=40,
    latency_sequential_messages=10,
    load_seconds=1.0,
    warmup_seconds=0.0,
    profile_seconds=1.0,
    max_profiles=1,
    profiled=("per_call", "mock_server"),  # one in-process profile and one of a server
    prism_endpoints=("fetch",),
    bulk_warmup=0,
    early_prism=True,
    parallel=False,
    load_connections=4,
    big_store=500,
    latency_seconds=0.5,
    growth_sizes=(100,),
    growth_calls=5,
)


# Between the two: figures worth comparing while choosing a design, in minutes rather than
# the full suite's twenty (`python -m bench --medium`; written to a temporary directory).
MEDIUM = attrs.evolve(
    FULL,
    name="medium",
    runs=3,
    per_call_calls=100,
    per_call_warmup=50,
    per_call_rounds=10,
    list_messages=20_000,
    bulk_messages=3_000,
    bulk_sequential_messages=600,
    memory_rows=20_000,
    memory_samples=10,
    memory_seconds=30.0,
    latency_messages=2_000,
    latency_sequential_messages=100,
    profile_seconds=3.0,
    big_store=100_000,
    growth_sizes=(1_000, 10_000),
)
