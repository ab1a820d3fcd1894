"""How a bulk run spreads its requests over connection pools."""

from __future__ import annotations

import httpx

from sendwire._transport.stacks import FAST_POOL, is_fast

__all__ = ["bulk_lanes"]


def bulk_lanes(http: httpx.AsyncClient, concurrency: int, plain_lane: int) -> tuple[int, int]:
    """How many clients a bulk run spreads ``concurrency`` requests over, and how many
    requests in flight one of them carries before the next is opened.

    httpx's own pool scans every connection it holds on each request, so on the plain path
    many small pools (``plain_lane`` connections each) cost far less CPU than one large one.
    aiohttp's pool does not: one client does as well as many (measured with send_many), so
    the fast path adds a client only past the size of one pool.
    """
    per_lane = FAST_POOL if is_fast(http) else plain_lane
    return -(-concurrency // per_lane), per_lane
