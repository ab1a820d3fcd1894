"""Which HTTP stack each client runs on, and how it reads an answer: the one place that chooses.

With ``sendwire[fast]`` installed (aiohttp), ``AsyncClient`` and ``send_many`` send over
aiohttp's connection pool, several times cheaper per request under concurrency than httpx's
own async pool, and their direct calls skip httpx's client layer too (``aiohttp_client``);
without it, plain httpx does everything. Set ``SENDWIRE_HTTP=httpx`` to force the plain path
(``SENDWIRE_HTTP=fast`` insists on the fast one and fails if it is missing). The sync
``Client`` always runs on httpx's own pool, the cheaper one for one request at a time, and its
direct calls skip httpx's client layer (``httpx_direct``) unless ``SENDWIRE_HTTP=httpx``. A
proxy set in the environment (``HTTPS_PROXY`` and the like) puts both clients on plain httpx,
which is what honours it, unless ``SENDWIRE_HTTP=fast`` insists on direct calls
(``direct_calls_allowed``).
"""

from __future__ import annotations

import os
import urllib.request
import weakref
from collections.abc import Awaitable, Callable
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, cast

import httpx

from .._core.call import Answer
from .._core.config import ClientConfig
from .._core.limits import AttemptLimits
from .._version import USER_AGENT
from .deadline import BoundedHTTPTransport
from .httpx_path import answer_via_httpx, answer_via_httpx_async, within_deadline

if TYPE_CHECKING:
    from .aiohttp_client import FastAsyncClient

__all__ = [
    "ENV",
    "FAST",
    "FAST_POOL",
    "PLAIN",
    "async_answers",
    "direct_calls_allowed",
    "fast_available",
    "http_path",
    "is_fast",
    "new_async_http",
    "new_sync_http",
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


def direct_calls_allowed(choice: str | None = None) -> bool:
    """Whether the clients' own pools send direct calls around httpx's client layer: not when
    ``SENDWIRE_HTTP=httpx``,
    nor (unless ``SENDWIRE_HTTP=fast`` insists) when the environment sets a proxy, which only
    httpx's full path honours."""
    wanted = _wanted(choice)
    return wanted == FAST or (wanted != PLAIN and not _env_proxy())


def http_path(choice: str | None = None) -> str:
    """``FAST`` or ``PLAIN``: ``choice``, else ``$SENDWIRE_HTTP``, else fast when installed
    and direct calls are allowed."""
    if not direct_calls_allowed(choice):
        return PLAIN
    if fast_available():
        return FAST
    if _wanted(choice) == FAST:
        raise RuntimeError(f"{ENV}=fast needs aiohttp: pip install 'sendwire[fast]'")
    return PLAIN


def is_fast(http: httpx.AsyncClient) -> bool:
    """Whether ``http`` is a fast client of ours (aiohttp's pool of ``FAST_POOL`` connections)."""
    return http in _fast_clients


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
    """The sync client's own pool: httpx's, with direct calls (see above)."""
    if not direct_calls_allowed():
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
        fast = cast("FastAsyncClient", http)

        async def answer(method: str, url: str, limits: AttemptLimits, **options: Any) -> Answer:
            fast.pool.session()  # the pool is set up at the first call, before any deadline
            return await fast.answer(method, url, limits, **options)

    else:

        async def answer(method: str, url: str, limits: AttemptLimits, **options: Any) -> Answer:
            attempt = answer_via_httpx_async(http, method, url, limits.max_bytes, **options)
            return await within_deadline(limits.seconds, attempt)

    return answer


def sync_answers(http: httpx.Client) -> Callable[..., Answer]:
    """The sync twin of ``async_answers``: our own client sends direct calls
    (``httpx_direct``), any other goes through ``stream``."""
    from .httpx_direct import DirectClient

    if isinstance(http, DirectClient):
        return http.answer

    def answer(method: str, url: str, limits: AttemptLimits, **options: Any) -> Answer:
        return answer_via_httpx(http, method, url, limits, **options)

    return answer
