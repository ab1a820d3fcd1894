"""The fast path's ``httpx.AsyncClient``: the facade's plain requests go straight to aiohttp.

Measured with 16 creates in flight against the mock, httpx's client layer (its request and
response objects, URL merging and parsing, the auth flow, the cookie jar) cost more CPU per
request than aiohttp and the whole facade together. Calls ``plain_call`` recognises are
encoded as httpx encodes them and sent over the transport's aiohttp pool; anything else
takes httpx's full path over the same pool. Errors, timeouts and the answer are the same
either way: an ``httpx.Response`` or the httpx error for the failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .aiohttp_transport import AiohttpTransport, RawHeaders, client_timeout
from .aiohttp_transport import Answer as RawAnswer
from .plain_call import FORM, Answer, basic_header, encode_form, is_plain, timeout_phases

__all__ = ["FastAsyncClient"]


class FastAsyncClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` over ``AiohttpTransport`` with a short way for plain calls."""

    def __init__(self, *, transport: AiohttpTransport, **options: Any) -> None:
        super().__init__(transport=transport, **options)
        self._aiohttp = transport
        self._defaults: tuple[list[tuple[bytes, bytes]], dict[str, str]] = ([], {})

    async def request(self, method: str, url: httpx.URL | str, **options: Any) -> httpx.Response:
        if self.is_closed or not is_plain(self, url, options):
            return await super().request(method, url, **options)
        status, raw, content = await self._exchange(method, str(url), options)
        return self._response(method, str(url), status, raw, content)

    async def answer(self, method: str, url: str, **options: Any) -> Answer:
        """``request``'s answer as the facade reads it, without building an ``httpx.Response``
        when the body needs no decoding and sets no cookie."""
        if self.is_closed or not is_plain(self, url, options):
            response = await super().request(method, url, **options)
            return response.status_code, response.headers, response.content
        status, raw, content = await self._exchange(method, url, options)
        headers = httpx.Headers(raw)
        if "content-encoding" in headers or "set-cookie" in headers:
            response = self._response(method, url, status, raw, content)
            return status, response.headers, response.content
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

    async def _exchange(self, method: str, url: str, options: Mapping[str, Any]) -> RawAnswer:
        headers = {**self._default_headers(), "Authorization": basic_header(options["auth"])}
        data = options.get("data")
        body = None
        if data:
            body = encode_form(data)
            headers["Content-Type"] = FORM
        phases = timeout_phases(self, options)
        return await self._aiohttp.exchange(
            method, url, headers, body, client_timeout(phases), lambda: httpx.Request(method, url)
        )

    def _response(
        self, method: str, url: str, status: int, raw: RawHeaders, content: bytes
    ) -> httpx.Response:
        response = httpx.Response(status, headers=raw, stream=httpx.ByteStream(content))
        response.read()  # decodes by Content-Encoding, as httpx does
        if "set-cookie" in response.headers:
            response.request = httpx.Request(method, url)
            self.cookies.extract_cookies(response)
        return response
