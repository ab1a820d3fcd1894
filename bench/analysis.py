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
`send_many` runs on `httpx.AsyncClient`, and the client process, not the mock, sets the
pace: it is busy all the time while the mock waits for work. Almost all of that time is in
httpx, httpcore and anyio rather than in sendwire (see the profile): for every request
httpcore writes the head and the body with two separate `send` system calls
(`_send_request_headers`, `_send_request_body`), re-checks the pooled connections
(`_assign_requests_to_connections` → `has_expired` → `get_extra_info`) and wraps each step
in anyio cancellation scopes. This is a known property of httpx's async stack
(encode/httpx#3215, encode/httpcore#924); the engine's small per-lane pools already avoid
the worst of the pool scan. The journal thread (SQLite writes of each outcome) also takes
its share of the one interpreter lock. With many requests in flight the client spends about
as much CPU on each request as a whole sequential twilio call takes on loopback, which is
why the two run at about the same rate there. What would move the figure: a leaner HTTP/1.1
path for bulk writes (one write per request, no per-request pool scan), or lanes in
separate processes.
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
}
