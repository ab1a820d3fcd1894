"""The fast path's ``httpx.AsyncClient``: the facade's plain requests go straight to aiohttp.

Measured with 16 creates in flight against the mock, httpx's client layer (its request and
response objects, URL merging and parsing, the auth flow, the cookie jar) cost more CPU per
request than aiohttp and the whole facade together. Calls ``direct_call`` recognises are
encoded as httpx encodes them and sent over the transport's aiohttp pool; anything else
takes httpx's full path over the same pool. Errors, timeouts and the answer are the same
either way: an ``httpx.Response`` or the httpx error for the failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .._core.call import Answer
from .._core.limits import AttemptLimits
from .aiohttp_transport import AiohttpTransport, Body, RawHeaders, client_timeout
from .bodies import known_within, read_async
from .direct_call import FORM, basic_header, encode_form, is_direct_call, timeout_phases
from .httpx_path import answer_via_httpx_async, within_deadline

__all__ = ["FastAsyncClient"]


class FastAsyncClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` over ``AiohttpTransport`` that sends direct calls to aiohttp."""

    def __init__(self, *, transport: AiohttpTransport, **options: Any) -> None:
        super().__init__(transport=transport, **options)
        self._aiohttp = transport
        self._defaults: tuple[list[tuple[bytes, bytes]], dict[str, str]] = ([], {})

    @property
    def pool(self) -> AiohttpTransport:
        return self._aiohttp

    async def request(self, method: str, url: httpx.URL | str, **options: Any) -> httpx.Response:
        if self.is_closed or not is_direct_call(self, url, options):
            return await super().request(method, url, **options)
        status, raw, stream = await self._exchange(method, str(url), options, None)
        response = httpx.Response(status, headers=raw, stream=stream)
        await response.aread()  # decodes by Content-Encoding, as httpx does
        self._keep_cookies(method, str(url), response)
        return response

    async def answer(self, method: str, url: str, limits: AttemptLimits, **options: Any) -> Answer:
        """``request``'s answer as the facade reads it, within ``limits``, without building an
        ``httpx.Response`` when no cookie is set. aiohttp keeps the deadline of a direct call
        (its ``total`` timeout, cheaper than a timeout around the call)."""
        max_bytes = limits.max_bytes
        if self.is_closed or not is_direct_call(self, url, options):
            attempt = answer_via_httpx_async(self, method, url, max_bytes, **options)
            return await within_deadline(limits.seconds, attempt)
        status, raw, stream = await self._exchange(method, url, options, limits.seconds)
        headers = httpx.Headers(raw)
        try:
            if known_within(headers, max_bytes):
                content = await stream.read()  # the usual answer: one read, no chunk loop
            else:
                content = await read_async(headers, stream, max_bytes, None)
        finally:
            await stream.aclose()
        if "set-cookie" in headers:
            self._keep_cookies(method, url, httpx.Response(status, headers=raw))
        return status, headers, content

    def _default_headers(self) -> dict[str, str]:
        # The client's headers as aiohttp takes them, worked out again only when they change.
        raw = self.headers.raw
        known, headers = self._defaults
        if raw != known:
            encoding = self.headers.encoding
            headers = {k.decode(encoding): v.decode(encoding) for k, v in raw}
            self._defaults = (raw, headers)
        return headers

    async def _exchange(
        self, method: str, url: str, options: Mapping[str, Any], total: float | None
    ) -> tuple[int, RawHeaders, Body]:
        headers = {**self._default_headers(), "Authorization": basic_header(options["auth"])}
        data = options.get("data")
        body = None
        if data:
            body = encode_form(data)
            headers["Content-Type"] = FORM
        phases = timeout_phases(self, options)
        return await self._aiohttp.exchange(
            method,
            url,
            headers,
            body,
            client_timeout(phases, total),
            lambda: httpx.Request(method, url),
        )

    def _keep_cookies(self, method: str, url: str, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            response.request = httpx.Request(method, url)
            self.cookies.extract_cookies(response)
