"""The one exception hierarchy every call raises.

    SendwireError
    ├── ValidationError          bad input, refused before any request is made
    ├── ApiError                 the service answered with an error status
    │   ├── BadRequestError      400
    │   ├── AuthenticationError  401, 403
    │   ├── NotFoundError        404
    │   ├── ConflictError        409
    │   ├── RateLimitError       429 (``retry_after``)
    │   └── ServerError          5xx
    └── TransportError           no usable answer: connection refused, reset, protocol error
        ├── TimeoutError         a phase timeout, or the attempt's total deadline
        ├── ResponseTooLargeError   the answer decoded past ``max_response_bytes``
        ├── MalformedResponseError  a success answer that is not the JSON the API sends
        ├── UnsafeLinkError      a link from the server that leaves the base URL (not followed)
        └── PagingLoopError      a paging link back to a page already read

``sendwire.TimeoutError`` subclasses ``TransportError`` *and* the builtin ``TimeoutError``, so
``except TimeoutError`` catches it whichever of the two names is in scope. It is left out of
``sendwire.__all__`` so that ``from sendwire import *`` never shadows the builtin.

``outcome_unknown`` tells whether the server may have acted on the request even though an
error was raised (a 5xx, or a connection lost after the request was sent). Code that must not
repeat a create (bulk sending) reconciles those cases instead of resending.

An ``UnsafeLinkError`` or a ``PagingLoopError`` is raised before the link is requested, so
nothing was sent for it (``outcome_unknown`` is False); a ``MalformedResponseError`` or a
``ResponseTooLargeError`` follows a request the server received and answered, so
``outcome_unknown`` is True: for a create, the message may exist.

No exception text or repr carries credentials: only the method, the URL (which never holds a
secret) and what the service said.
"""

from __future__ import annotations

import builtins

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "MalformedResponseError",
    "NotFoundError",
    "PagingLoopError",
    "RateLimitError",
    "ResponseTooLargeError",
    "SendwireError",
    "ServerError",
    "TransportError",
    "UnsafeLinkError",
    "ValidationError",
]


class SendwireError(Exception):
    """Base of every error the client raises."""

    #: True when the server may have carried out the request despite the error.
    outcome_unknown: bool = False


class ValidationError(SendwireError, ValueError):
    """The arguments break a rule of the API; nothing was sent."""

    def __init__(self, message: str, *, field: str | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        #: The API's error code for this refusal (e.g. 21211), when the spec's rules give one.
        self.code = code

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, field={self.field!r})"


class ApiError(SendwireError):
    """The service answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: int | None = None,
        more_info: str | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.more_info = more_info
        self.method = method
        self.url = url

    def __str__(self) -> str:
        code = f" (code {self.code})" if self.code is not None else ""
        where = f" [{self.method} {self.url}]" if self.method else ""
        return f"HTTP {self.status}{code}: {self.message}{where}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, method={self.method!r}, url={self.url!r})"
        )


class BadRequestError(ApiError):
    """400: the service refused the request's parameters."""


class AuthenticationError(ApiError):
    """401 or 403: missing, wrong or insufficient credentials."""


class NotFoundError(ApiError):
    """404: no such resource in this account."""


class ConflictError(ApiError):
    """409: the resource's state forbids the change (e.g. canceling a sent message)."""


class RateLimitError(ApiError):
    """429: too many requests; ``retry_after`` is the server's requested pause in seconds."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 429,
        code: int | None = None,
        more_info: str | None = None,
        method: str = "",
        url: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message, status=status, code=code, more_info=more_info, method=method, url=url
        )
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the service failed; for a create, the message may or may not exist."""

    outcome_unknown = True


class TransportError(SendwireError):
    """No usable answer arrived (connection refused or dropped, protocol error)."""

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        url: str = "",
        may_have_reached_server: bool = True,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.may_have_reached_server = may_have_reached_server

    @property
    def outcome_unknown(self) -> bool:  # type: ignore[override]
        return self.may_have_reached_server

    def __str__(self) -> str:
        where = f" [{self.method} {self.url}]" if self.method else ""
        return f"{self.message}{where}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, method={self.method!r}, url={self.url!r}, "
            f"may_have_reached_server={self.may_have_reached_server!r})"
        )


class TimeoutError(TransportError, builtins.TimeoutError):
    """A connect, read, write or connection-pool timeout."""


class ResponseTooLargeError(TransportError):
    """The answer grew past the client's ``max_response_bytes`` once decoded; reading stopped
    there, so a huge or compressed-bomb answer costs no more memory than the cap."""


class MalformedResponseError(TransportError):
    """A success status with a body that is not the API's JSON (not JSON, cut short, or the
    wrong shape). The service received the request, so a create may have taken effect."""


class UnsafeLinkError(TransportError):
    """The server sent a link (``next_page_uri``) that does not stay on the client's base URL
    (same scheme, host and port, the same list's path). It was not requested; ``url`` names
    it without any user part."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message, method="GET", url=url, may_have_reached_server=False)


class PagingLoopError(TransportError):
    """A paging link leads back to a page already read; the walk stops instead of looping."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message, method="GET", url=url, may_have_reached_server=False)
