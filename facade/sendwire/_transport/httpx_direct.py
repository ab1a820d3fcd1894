"""The sync client's own ``httpx.Client``: the facade's direct calls go straight to its transport.

For one sequential create, httpx's client layer (``build_request``'s merging and URL
re-parsing, the auth and redirect generators, the cookie jar's walk over every answer) costs
more CPU than the facade's validation and parsing together. ``direct_call`` says which calls
can skip it; they are built here with the headers, body and timeouts httpx would give them
and handed to the same ``HTTPTransport``, so the connection pool, the wire bytes and the
errors (httpx's, mapped by the transport) are the same either way.
"""

from __future__ import annotations

from typing import Any

import httpx

from .._core.call import Answer
from .._core.limits import AttemptLimits
from .bodies import read_sync
from .deadline import BoundedHTTPTransport, attempt_deadline
from .direct_call import FORM, basic_header, encode_form, is_direct_call, timeout_phases
from .httpx_path import answer_via_httpx

__all__ = ["DirectClient"]

_FORM_HEADER = (b"Content-Type", FORM.encode("ascii"))
_EMPTY_BODY = (b"Content-Length", b"0")
_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class DirectClient(httpx.Client):
    """An ``httpx.Client`` over a transport of its own that sends direct calls to it."""

    def __init__(self, **options: Any) -> None:
        transport = BoundedHTTPTransport()
        super().__init__(transport=transport, **options)
        self._direct_transport = transport

    def answer(self, method: str, url: str, limits: AttemptLimits, **options: Any) -> Answer:
        """Status, headers and body of one attempt, within ``limits``."""
        if self.is_closed or not is_direct_call(self, url, options):
            return answer_via_httpx(self, method, url, limits, **options)
        method = method.upper()
        data = options.get("data")
        body = encode_form(data) if data else b""
        request = httpx.Request(
            method,
            url,
            stream=httpx.ByteStream(body),
            extensions={"timeout": timeout_phases(self, options)},
        )
        # The order build_request, encode_request and the auth flow give them.
        headers = [(b"Host", request.url.netloc), *self.headers.raw]
        if body:
            headers += [(b"Content-Length", str(len(body)).encode("ascii")), _FORM_HEADER]
        elif method in _METHODS_WITH_BODY:
            headers.append(_EMPTY_BODY)
        headers.append((b"Authorization", basic_header(options["auth"]).encode("ascii")))
        request.headers = httpx.Headers(headers)
        with attempt_deadline(limits.seconds) as deadline:
            try:
                response = self._direct_transport.handle_request(request)
                response.request = request
                try:
                    content = read_sync(
                        response.headers, response.iter_raw(), limits.max_bytes, deadline, request
                    )
                finally:
                    response.close()  # returns the connection to the pool, or drops it
            except httpx.RequestError as exc:
                exc.request = request
                raise
        if "set-cookie" in response.headers:
            self.cookies.extract_cookies(response)
        return response.status_code, response.headers, content
