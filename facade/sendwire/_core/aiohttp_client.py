"""The fast path's ``httpx.AsyncClient``: the facade's plain requests go straight to aiohttp.

Measured with 16 creates in flight against the mock, httpx's client layer (its request and
response objects, URL merging and parsing, the auth flow, the cookie jar) cost more CPU per
request than aiohttp and the whole facade together. Calls ``plain_call`` recognises are
encoded as httpx encodes them and sent over the transport's aiohttp pool; anything else
takes httpx's full path over the same pool. Errors, timeouts and the answer are the same
either way: an ``httpx.Response`` or the httpx error for the failure.
"""

from __future__ import annotations

from typing import Any

import httpx

from .aiohttp_transport import AiohttpTransport, client_timeout
from .plain_call import FORM, basic_header, encode_form, is_plain, timeout_phases

__all__ = ["FastAsyncClient", "encode_form"]


class FastAsyncClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` over ``AiohttpTransport`` with a short way for plain calls."""

    def __init__(self, *, transport: AiohttpTransport, **options: Any) -> None:
        super().__init__(transport=transport, **options)
        self._aiohttp = transport

    async def request(self, method: str, url: httpx.URL | str, **options: Any) -> httpx.Response:
        if self.is_closed or not is_plain(self, url, options):
            return await super().request(method, url, **options)
        assert isinstance(url, str)  # is_plain checked it
        defaults = self.headers
        headers = {
            "Accept": defaults["Accept"],
            "Accept-Encoding": defaults["Accept-Encoding"],  # what httpx can decode
            "User-Agent": defaults["User-Agent"],
            "Authorization": basic_header(options["auth"]),
        }
        data = options.get("data")
        body = None
        if data:
            body = encode_form(data)
            headers["Content-Type"] = FORM
        phases = timeout_phases(self, options)
        status, raw, content = await self._aiohttp.exchange(
            method, url, headers, body, client_timeout(phases), lambda: httpx.Request(method, url)
        )
        response = httpx.Response(status, headers=raw, stream=httpx.ByteStream(content))
        response.read()  # decodes by Content-Encoding, as httpx does
        if "set-cookie" in response.headers:
            response.request = httpx.Request(method, url)
            self.cookies.extract_cookies(response)
        return response
