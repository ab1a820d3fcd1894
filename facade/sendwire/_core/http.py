"""Which HTTP stack the async client runs on: the one place that chooses.

With ``sendwire[fast]`` installed (aiohttp), ``AsyncClient`` and ``send_many`` send over
aiohttp's connection pool, several times cheaper per request under concurrency than httpx's
own async pool, and their plain calls skip httpx's client layer too (``aiohttp_client``);
without it, plain httpx does everything. Set
``SENDWIRE_HTTP=httpx`` to force the plain path (``SENDWIRE_HTTP=fast`` insists on the fast
one and fails if it is missing). The sync ``Client`` always runs on httpx's own pool, the
cheaper one for one request at a time, and its plain calls skip httpx's client layer
(``httpx_direct``) unless ``SENDWIRE_HTTP=httpx``. A proxy set in the environment
(``HTTPS_PROXY`` and the like) puts both clients on plain httpx, which is what honours it.
"""

from __future__ import annotations

import os
import urllib.request
import weakref
from collections.abc import Awaitable, Callable
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, cast

import httpx

from .._version import USER_AGENT
from .config import ClientConfig
from .plain_call import Answer

if TYPE_CHECKING:
    from .aiohttp_client import FastAsyncClient

__all__ = [
    "ENV",
    "FAST",
    "PLAIN",
    "async_answers",
    "bulk_lanes",
    "default_async_http",
    "fast_available",
    "http_path",
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


def http_path(choice: str | None = None) -> str:
    """``FAST`` or ``PLAIN``: ``choice``, else ``$SENDWIRE_HTTP``, else fast when installed
    and no proxy is set in the environment."""
    wanted = _wanted(choice)
    if wanted in ("", "auto"):
        return FAST if fast_available() and not _env_proxy() else PLAIN
    if wanted == PLAIN:
        return PLAIN
    if not fast_available():
        raise RuntimeError(f"{ENV}=fast needs aiohttp: pip install 'sendwire[fast]'")
    return FAST


def default_async_http(config: ClientConfig, path: str | None = None) -> httpx.AsyncClient:
    """The ``httpx.AsyncClient`` an ``AsyncClient`` owns when it is given none."""
    options: dict[str, Any] = {"timeout": config.timeout, "headers": {"User-Agent": USER_AGENT}}
    if http_path(path) == PLAIN:
        return httpx.AsyncClient(**options)
    from .aiohttp_client import FastAsyncClient
    from .aiohttp_transport import AiohttpTransport

    client = FastAsyncClient(transport=AiohttpTransport(max_connections=FAST_POOL), **options)
    _fast_clients.add(client)
    return client


def bulk_lanes(http: httpx.AsyncClient, concurrency: int, plain_lane: int) -> int:
    """How many clients a bulk run spreads ``concurrency`` requests over.

    httpx's own pool scans every connection it holds on each request, so on the plain path
    many small pools (``plain_lane`` connections each) cost far less CPU than one large one.
    aiohttp's pool does not: one client does as well as many (measured with send_many), so
    the fast path adds a client only past the size of one pool.
    """
    per_lane = FAST_POOL if http in _fast_clients else plain_lane
    return -(-concurrency // per_lane)


def new_async_http(config: ClientConfig) -> httpx.AsyncClient:
    """The async client's own pool: the fast path when installed (see above)."""
    return default_async_http(config)


def new_sync_http(config: ClientConfig) -> httpx.Client:
    """The sync client's own pool: httpx's, with the short way for plain calls (see above)."""
    options: dict[str, Any] = {"timeout": config.timeout, "headers": {"User-Agent": USER_AGENT}}
    if _wanted(None) == PLAIN or _env_proxy():
        return httpx.Client(**options)
    from .httpx_direct import DirectClient

    return DirectClient(**options)


def async_answers(http: httpx.AsyncClient) -> Callable[..., Awaitable[Answer]]:
    """How the async client reads an answer over ``http``: status, headers and body.

    A fast client of ours hands them over without an ``httpx.Response`` in between; any
    other client is asked through ``request``, as httpx's users ask it.
    """
    if http in _fast_clients:
        return cast("FastAsyncClient", http).answer

    async def answer(method: str, url: str, **options: Any) -> Answer:
        response = await http.request(method, url, **options)
        return response.status_code, response.headers, response.content

    return answer


def sync_answers(http: httpx.Client) -> Callable[..., Answer]:
    """The sync twin of ``async_answers``: always through ``request`` (the short way of
    ``httpx_direct`` lives there)."""

    def answer(method: str, url: str, **options: Any) -> Answer:
        response = http.request(method, url, **options)
        return response.status_code, response.headers, response.content

    return answer
