"""What profiling found behind goals that miss, by goal; printed only under a goal missed, with
the profiles of the same run after it, so a note that no longer matches them is easy to spot."""

NOTES = {
    "mock_fetch_rps": """
A large share of the mock's time is not in the mock's own code. uvicorn's httptools protocol
writes the head and the body of every answer with separate `transport.write` calls, so each
answer costs two `send` system calls, expensive on this virtual machine; uvloop's own loop
comes next, and uvicorn's proxy-headers middleware (on by default) adds a little. The
application (routing, authentication, validation against the spec, the SQLite read and the
JSON rendering) is the mock's own share. What would move the figure: head and body in one
write, `proxy_headers=False`, or several worker processes (the goal fixes one).
""",
    "mock_create_rps": """
A create does what a fetch does plus validating the form against the spec, counting segments
and inserting the row. The insert is the biggest single cost (one SQLite insert into a table
keyed by a random SID with three secondary indexes); uvicorn's two writes per answer apply.
""",
    "mock_page_ms": """
A 1000-message page reads 1000 rows through the listing index and renders 1000 messages to
JSON in Python; the profile of the mock while serving pages, when taken, is below.
""",
    "per_call_vs_raw_httpx": """
The profiles below show the sendwire `Client` call path on top of `httpx.Client`; the rows
that are not httpx or httpcore are what the facade adds (request building, validation, and
turning the JSON into typed models).
""",
    "per_call_vs_twilio_sdk": """
The twilio SDK does comparable work per call (request building on `requests`, model objects),
so a loss here points at the facade's own rows in the profiles below.
""",
    "async_per_call_cpu_vs_raw_aiohttp": """
One call at a time pays every layer once per call. On the fast path a create goes from the
facade straight to aiohttp and the answer comes back without an `httpx.Response` in between,
so the gap to raw aiohttp is the facade's own work: building and validating the request
against the spec, the call loop, the per-request timeouts aiohttp then arms, and decoding the
answer into a lazy `Message`. A fetch has the same fixed costs on a cheaper request, so its
ratio is the larger one.
""",
    "listing_vs_raw_loop": """
A page's 1000 messages are decoded (orjson when installed) and wrapped as lazy `Message`
objects that convert a property only when it is read, so the walk costs about what the raw
loop's decoding does; the page requests carry a query and take httpx's full path.
""",
    "send_many_vs_sdk_loop": """
On loopback a create costs well under a millisecond, so a sequential loop is already fast; the
ratio asked for is bounded by the mock's own ceiling divided by the sequential rate, shown in
the measured column. Where each answer takes as long as a request to a real service does (the
latency table), concurrency is what pays.
""",
    "send_many_vs_mock_ceiling": """
The client process, not the mock, sets the pace: it is busy all the time while the mock waits
for work. On the fast path most samples below are aiohttp's own request handling and the
`send`/`recv` system calls, expensive on this virtual machine; the bulk engine's journal
writes outcomes to SQLite on its own thread, which the profile of the event loop's thread
does not show but the CPU figures include. On the plain path httpx's client layer, httpcore
and anyio cost several times more (two `send` calls per request, a scan of the pool per
request, cancellation scopes; encode/httpx#3215): compare the two `send_many` rows.
""",
    "send_many_vs_raw_aiohttp": """
Raw aiohttp is a floor no layered client reaches: it sends a prebuilt form and decodes the
answer with nothing around it. What `send_many` adds per message over one `AsyncClient` call
is the bulk engine: the journal (SQLite writes of intents and outcomes on its own thread), the
rate gate, progress, and the typed `Message` it keeps for the result. The profile below covers
the event loop's thread only; the journal thread's CPU is in the figures, not the samples.
""",
    "send_many_vs_gather": """
A gather over `AsyncClient.create` makes the same calls with none of the bulk engine around
them, so the gap is the engine's own cost per message: journal writes and their hand-offs to
the journal's thread, the rate gate and progress. The profile below shows where it goes.
""",
    "send_many_vs_sdk_loop_on_loopback": """
On loopback a sequential SDK create is fast, and the client's CPU bounds both sides on this
machine (the mock has the other core): three times the loop's rate needs a third of its CPU
per message. With latency per answer, where the loop waits and `send_many` does not, the
ratio is many times larger (the latency table).
""",
    "send_many_vs_concurrency_over_latency": """
C requests in flight at 20 ms each allow C / 20 ms only while the client can spend the CPU:
at the client's cost per message (the CPU column of the latency table) one core runs out
before that rate at the larger concurrency, so the tuned run is bounded by CPU, not by
waiting. At 16 in flight the bound is close to what the client's CPU allows, so the ratio
wobbles with the machine's load.
""",
}
