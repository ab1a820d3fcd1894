"""The HTTP clients a Sendwire client opens when it is not given one."""

from __future__ import annotations

import httpx

from .._version import USER_AGENT
from .config import ClientConfig


def new_async_http(config: ClientConfig) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=config.timeout, headers={"User-Agent": USER_AGENT})


def new_sync_http(config: ClientConfig) -> httpx.Client:
    return httpx.Client(timeout=config.timeout, headers={"User-Agent": USER_AGENT})
