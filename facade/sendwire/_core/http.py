"""Which HTTP stack each client runs on: the one place that chooses.

With ``sendwire[fast]`` installed (aiohttp), ``AsyncClient`` and ``send_many`` send over
aiohttp's connection pool, several times cheaper per request under concurrency than httpx's
own async pool, and their plain calls skip httpx's client layer too (``aiohttp_client``);
without it, plain httpx does everything. Set
``SENDWIRE_HTTP=httpx`` to force the plain path (``SENDWIRE_HTTP=fast`` insists on the fast
one and fails if it is missing). The sync ``Client`` always runs on httpx's own pool, the
cheaper one for one request at a time, and its plain calls skip httpx's client layer
(``httpx_direct``) unless ``SENDWIRE_HTTP=httpx``. A proxy set in the environment
(``HTTPS_PROXY`` and the like) puts both clients on plain httpx, which is what honours it,
unless ``SENDWIRE_HTTP=fast`` insists on the short ways (``short_ways``).
"""

from __future__ import annotations

import os
import urllib.request
import weakref
from collections.abc import Awaitable, Callable
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, cast

import httpx

from .._transport.deadline import BoundedHTTPTransport
from .._transport.httpx_path import answer_via_httpx, answer_via_httpx_async, within_deadline
from .._version import USER_AGENT
from .config import ClientConfig
from .limits import AttemptLimits
from .plain_call import Answer

if TYPE_CHECKING:
    from .aiohttp_client import FastAsyncClient

__all__ = [
    "ENV",
    "FAST",
    "PLAIN",
    "async_answers",
    "bulk_lanes",
    "fast_available",
    "http_path",
    "new_async_http",
    "new_sync_http",
    "short_ways",
    "sync_answers",
]

ENV = "SENDWIRE_HTTP"
FAST = "fast"
PLAIN = "httpx"
#: Connections of one fast client (aiohttp's default limit, and httpx's).
FAST_POOL = 100

_fast_clients: weakref.WeakSet[httpx.AsyncClient] = weakref.WeakSet()


def fast_available() -> bool:
    return find_spec("aiohttp") is not None


def _env_proxy() -> bool:
    # The variables httpx reads for its proxies (through the same stdlib call).
    return any(key in urllib.request.getproxies() for key in ("http", "https", "all"))


def _wanted(choice: str | None) -> str:
    wanted = (choice or os.environ.get(ENV) or "").strip().lower()
    if wanted not in ("", "auto", PLAIN, FAST):
        raise ValueError(f"{ENV} must be 'fast', 'httpx' or 'auto', not {wanted!r}")
    return wanted


def short_ways(choice: str | None = None) -> bool:
    """Whether the clients' own pools take their short ways: not when ``SENDWIRE_HTTP=httpx``,
    nor (unless ``SENDWIRE_HTTP=fast`` insists) when the environment sets a proxy, which only
    httpx's full path honours."""
    wanted = _wanted(choice)
    return wanted == FAST or (wanted != PLAIN and not _env_proxy())


def http_path(choice: str | None = None) -> str:
    """``FAST`` or ``PLAIN``: ``choice``, else ``$SENDWIRE_HTTP``, else fast when installed
    and the short ways are allowed."""
    if not short_ways(choice):
        return PLAIN
    if fast_available():
        return FAST
    if _wanted(choice) == FAST:
        raise RuntimeError(f"{ENV}=fast needs aiohttp: pip install 'sendwire[fast]'")
    return PLAIN


def bulk_lanes(http: httpx.AsyncClient, concurrency: int, plain_lane: int) -> tuple[int, int]:
    """How many clients a bulk run spreads ``concurrency`` requests over, and how many
    requests in flight one of them carries before the next is opened.

    httpx's own pool scans every connection it holds on each request, so on the plain path
    many small pools (``plain_lane`` connections each) cost far less CPU than one large one.
    aiohttp's pool does not: one client does as well as many (measured with send_many), so
    the fast path adds a client only past the size of one pool.
    """
    per_lane = FAST_POOL if http in _fast_clients else plain_lane
    return -(-concurrency // per_lane), per_lane


def _options(config: ClientConfig) -> dict[str, Any]:
    return {"timeout": config.timeout, "headers": {"User-Agent": USER_AGENT}}


def new_async_http(config: ClientConfig) -> httpx.AsyncClient:
    """The ``httpx.AsyncClient`` an ``AsyncClient`` owns when given none: the fast path when
    installed (see above)."""
    if http_path() == PLAIN:
        return httpx.AsyncClient(**_options(config))
    from .aiohttp_client import FastAsyncClient
    from .aiohttp_transport import AiohttpTransport

    transport = AiohttpTransport(max_connections=FAST_POOL)
    client = FastAsyncClient(transport=transport, **_options(config))
    _fast_clients.add(client)
    return client


def new_sync_http(config: ClientConfig) -> httpx.Client:
    """The sync client's own pool: httpx's, with the short way for plain calls (see above)."""
    if not short_ways():
        return httpx.Client(transport=BoundedHTTPTransport(), **_options(config))
    from .httpx_direct import DirectClient

    return DirectClient(**_options(config))


def async_answers(http: httpx.AsyncClient) -> Callable[..., Awaitable[Answer]]:
    """How the async client reads an answer over ``http``: status, headers and the decoded
    body, one attempt within its ``AttemptLimits`` (``answer(method, url, limits, **options)``).

    A fast client of ours hands them over without an ``httpx.Response`` in between; any
    other client is asked through ``stream``, as httpx's users ask it.
    """
    if http in _fast_clients:
        read = cast("FastAsyncClient", http).answer
    else:

        async def read(method: str, url: str, max_bytes: int, **options: Any) -> Answer:
            return await answer_via_httpx_async(http, method, url, max_bytes, **options)

    async def answer(method: str, url: str, limits: AttemptLimits, **options: Any) -> Answer:
        return await within_deadline(limits.seconds, read(method, url, limits.max_bytes, **options))

    return answer


def sync_answers(http: httpx.Client) -> Callable[..., Answer]:
    """The sync twin of ``async_answers``: our own client takes its short way
    (``httpx_direct``), any other goes through ``stream``."""
    from .httpx_direct import DirectClient

    if isinstance(http, DirectClient):
        return http.answer

    def answer(method: str, url: str, limits: AttemptLimits, **options: Any) -> Answer:
        return answer_via_httpx(http, method, url, limits, **options)

    return answer
