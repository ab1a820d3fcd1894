"""What profiling found behind goals that miss; printed only under a goal that missed.

The profiles measured in the same run follow each note, so a note that no longer matches
them is easy to spot.
"""

from __future__ import annotations

NOTES: dict[str, str] = {
    "mock_fetch": """
A large share of the mock's time is not in the mock's own code. uvicorn's httptools protocol
writes the head and the body of every answer with separate `transport.write` calls
(`RequestResponseCycle.send`, lines 524 and 551 in the profile), so each answer costs two
`send` system calls, and system calls are expensive on this virtual machine; uvloop's own
loop (`Runner.run`) comes next, and uvicorn's proxy-headers middleware (on by default) adds
a little. The
application (routing, authentication, validation against the spec, the SQLite read and the
JSON rendering) is the `MockApp._api` share. What would move the figure: sending head and
body in one write (a raw asyncio protocol instead of uvicorn), `proxy_headers=False`, or
several worker processes (the goal fixes one).
""",
    "mock_create": """
A create does what a fetch does plus validating the form against the spec, counting
segments and inserting the row. The insert is the biggest single cost
(`Store.insert_message`: one SQLite insert into a table keyed by a random SID with three
secondary indexes, each a B-tree insert); the same two writes per answer in uvicorn apply.
""",
    "facade_overhead": """
The profiles below show the sendwire `Client` call path on top of `httpx.Client`; the rows
that are not httpx or httpcore are what the facade adds (request building, validation, and
turning the JSON into typed models).
""",
    "facade_vs_sdk": """
See the per-call table: the twilio SDK does comparable work per call (request building on
`requests`, model objects), so a loss here points at the facade's own rows in the profiles
below.
""",
    "bulk_vs_ceiling": """
The client process, not the mock, sets the pace: it is busy all the time while the mock
waits for work. On the fast path (the default with `sendwire[fast]`) a create goes from the
facade straight to aiohttp (`request (sendwire/_core/aiohttp_client.py)` → `exchange`), and
most of the samples below are aiohttp's own request handling and the `send`/`recv` system
calls, which are expensive on this virtual machine. The bulk engine's journal writes every
outcome to SQLite on its own thread (`sendwire-journal`), which this profile of the event
loop's thread does not show but the CPU figures include. On the plain path httpx's client
layer, httpcore and anyio cost several times more (two `send` calls per request, a scan of
the pool per request, cancellation scopes; encode/httpx#3215): compare the two `send_many`
rows.
""",
    "bulk_vs_sdk": """
On loopback a create costs well under a millisecond, so a sequential loop is already fast;
the ratio asked for is bounded by the mock's own ceiling divided by the sequential rate,
shown in the measured column. Where each answer takes as long as a request to a real
service does (the 20 ms table), concurrency is what pays.
""",
    "mock_page": """
A 1000-message page reads 1000 rows through the listing index and renders 1000 messages
to JSON in Python; the profile of the mock while serving pages, when taken, is below.
""",
    "fast_bulk_vs_raw": """
Raw aiohttp is a floor no layered client reaches: it sends a prebuilt form and decodes the
answer with nothing around it. One `AsyncClient` call on the fast path costs close to it
(the per-call table), so what `send_many` adds per message is the bulk engine: the journal
(SQLite writes of each intent and outcome on the `sendwire-journal` thread, with a thread
hand-off each time; a temporary file without fsync when no journal is given), the rate
gate, progress, and the typed `Message` it keeps for the result. The profile below covers the event loop's thread only; the journal thread's CPU is
in the figures but not in the samples. What would move the figure: batching the journal's
writes (one transaction per group of outcomes rather than per message).
""",
    "fast_bulk_vs_sdk": """
On loopback a sequential SDK create is fast, and the client's CPU is what bounds both sides
on this machine (the mock has the other core): three times the loop's rate needs a third of
its CPU per message. `send_many`'s CPU per message is about half the SDK loop's; see the
note above for where it goes. With 20 ms per answer, where the loop waits and `send_many`
does not, the ratio is many times larger (the latency table).
""",
    "fast_latency": """
C requests in flight at 20 ms each allow C / 20 ms only while the client can spend the CPU:
at the client's cost per message (the CPU column of the latency table) one core runs out
before that rate at the larger concurrency, so the tuned run is bounded by CPU, not by
waiting. At 16 in flight the bound is close to what the client's CPU allows, so the ratio
wobbles with the machine's load.
""",
    "fast_async_per_call": """
One call at a time pays every layer once per call. On the fast path a create goes from the
facade straight to aiohttp and the answer comes back without an `httpx.Response` in
between, so the gap to raw aiohttp is the facade's own work: building and validating the
request against the spec (`sendwire/_core/requests.py`, `sendwire/_schema/`), the call loop,
the per-request timeouts aiohttp then arms, and decoding the answer into a lazy `Message`.
A fetch has the same fixed costs on top of a cheaper request, so its ratio is the larger one.
""",
    "fast_listing": """
The listing path is the sync `Client` on httpx's sync stack. A page's 1000 messages are
decoded (orjson when installed) and wrapped as lazy `Message` objects that convert a
property only when it is read, so the walk costs about what the raw loop's decoding does;
the page requests themselves carry a query and take httpx's full path.
""",
}
