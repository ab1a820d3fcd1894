"""What the API's layers pass each other: a request in, an answer out.

The mock answers an API request through a stack of small layers, each wrapping the next one
(the way Starlette composes middleware): routing, statistics, the request log, error
rendering, fault injection and, innermost, the operation's handler. A layer sees the
`ApiRequest`, may answer it itself, or awaits the next layer and looks at its `Answer`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .asgi import Headers, Receive, Scope
    from .routing import Route

UNKNOWN_OPERATION = "(unknown)"


class Answer(NamedTuple):
    status: int
    body: bytes = b""
    headers: Headers = ()
    #: The fault that drops the connection instead of sending this answer.
    dropped: str | None = None
    #: Operation-specific faults this answer may suffer (declared by its handler).
    faults: frozenset[str] = frozenset()

    @property
    def outcome(self) -> str:
        """How the request ended, as counted: the status, or the fault that dropped it."""
        return self.dropped or str(self.status)


class ApiRequest:
    """One API request as it passes through the layers."""

    __slots__ = (
        "account",
        "endpoint",
        "fault",
        "operation_id",
        "params",
        "receive",
        "route",
        "scope",
    )

    def __init__(self, scope: Scope, receive: Receive) -> None:
        self.scope = scope
        self.receive = receive
        #: Set by routing: the matched path template and its parameters (None: no match),
        #: and the operation for the request's method (None: the path has no such method).
        self.route: Route[Any] | None = None
        self.params: dict[str, str] = {}
        self.endpoint: Any = None
        self.operation_id = UNKNOWN_OPERATION
        #: The account the credentials proved (set by dispatch), and the fault drawn for it.
        self.account: str | None = None
        self.fault: str | None = None


Layer = Callable[[ApiRequest], Awaitable[Answer]]
