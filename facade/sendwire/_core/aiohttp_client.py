"""The fast path's ``httpx.AsyncClient``: the facade's plain requests go straight to aiohttp.

Measured with 16 creates in flight against the mock, httpx's client layer (its request and
response objects, URL merging and parsing, the auth flow, the cookie jar) cost more CPU per
request than aiohttp and the whole facade together. The facade's calls are simple: a method,
an absolute URL without a query, maybe a form, Basic auth and the client's timeouts. Those
are encoded here exactly as httpx encodes them and sent over the transport's aiohttp pool;
anything else (query parameters, other options, a proxy from the environment, cookies the
server set) takes httpx's full path over the same pool. Errors, timeouts and the answer are
the same either way: an ``httpx.Response`` or the httpx error for the failure.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpx

from .aiohttp_transport import AiohttpTransport, client_timeout

__all__ = ["FastAsyncClient", "encode_form"]

_FORM = "application/x-www-form-urlencoded"
# An absolute URL that httpx would send unchanged (nothing to percent-encode, no query).
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.:\[\]_~/-]+")
# What the facade passes; any other keyword sends the request through httpx.
_SIMPLE = frozenset({"data", "params", "auth", "timeout"})
_basic_headers: weakref.WeakKeyDictionary[httpx.BasicAuth, str] = weakref.WeakKeyDictionary()


def _text(value: Any) -> str:
    # httpx's rendering of a form value (primitive_value_to_str).
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def encode_form(data: Mapping[str, Any]) -> bytes:
    """The body httpx sends for ``data=``: a list value is the same name repeated."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            pairs.extend((key, _text(item)) for item in value)
        else:
            pairs.append((key, _text(value)))
    return urlencode(pairs, doseq=True).encode("utf-8")


def _basic(auth: httpx.BasicAuth) -> str:
    header = _basic_headers.get(auth)
    if header is None:
        # httpx's own auth flow writes the header, so it is byte for byte what httpx sends.
        flow = auth.auth_flow(httpx.Request("GET", "http://localhost/"))
        header = _basic_headers[auth] = next(flow).headers["Authorization"]
    return header


class FastAsyncClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` over ``AiohttpTransport`` with a short way for plain calls."""

    def __init__(self, *, transport: AiohttpTransport, **options: Any) -> None:
        super().__init__(transport=transport, **options)
        self._aiohttp = transport
        # Proxies from the environment become mounts: those requests need httpx's routing.
        self._direct = not self._mounts

    async def request(self, method: str, url: httpx.URL | str, **options: Any) -> httpx.Response:
        auth = options.get("auth")
        data = options.get("data")
        if (
            not self._direct
            or not isinstance(url, str)
            or not _PLAIN_URL.fullmatch(url)
            or options.get("params")
            or not options.keys() <= _SIMPLE
            or type(auth) is not httpx.BasicAuth
            or not (data is None or isinstance(data, Mapping))
            or self.cookies.jar
        ):
            return await super().request(method, url, **options)
        timeout = options.get("timeout")
        phases = (timeout if isinstance(timeout, httpx.Timeout) else self.timeout).as_dict()
        defaults = self.headers
        headers = {
            "Accept": defaults["Accept"],
            "Accept-Encoding": defaults["Accept-Encoding"],  # what httpx can decode
            "User-Agent": defaults["User-Agent"],
            "Authorization": _basic(auth),
        }
        body = None
        if data is not None:
            body = encode_form(data)
            headers["Content-Type"] = _FORM
        status, raw, content = await self._aiohttp.exchange(
            method, url, headers, body, client_timeout(phases), lambda: httpx.Request(method, url)
        )
        response = httpx.Response(status, headers=raw, stream=httpx.ByteStream(content))
        response.read()  # decodes by Content-Encoding, as httpx does
        if "set-cookie" in response.headers:
            response.request = httpx.Request(method, url)
            self.cookies.extract_cookies(response)
        return response
