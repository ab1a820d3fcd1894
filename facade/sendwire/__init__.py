"""Sendwire: a typed client for the Messages API.

    from sendwire import Client

    with Client(account_sid, auth_token) as client:
        message = client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
        for m in client.messages.list(to="+15558675310", limit=20):
            print(m.sid, m.status, m.date_sent)

``AsyncClient`` offers the same calls with ``await`` and ``async for``. Every error is a
``SendwireError`` (see ``sendwire.errors``); ``sendwire.webhooks`` checks signed callbacks.
"""

from __future__ import annotations

from . import errors, webhooks
from ._version import __version__
from .async_client import AsyncClient
from .client import Client
from .enums import FeedbackOutcome, MessageDirection, MessageStatus
from .errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MalformedResponseError,
    NotFoundError,
    PagingLoopError,
    RateLimitError,
    ResponseTooLargeError,
    SendwireError,
    ServerError,
    TransportError,
    UnsafeLinkError,
    ValidationError,
)
from .errors import TimeoutError as TimeoutError  # not in __all__: see below
from .models import Feedback, Media, Message
from .pages import AsyncPage, Page

# TimeoutError is importable by name but left out of __all__ so a star-import never shadows
# the builtin of the same name.
__all__ = [
    "ApiError",
    "AsyncClient",
    "AsyncPage",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "Feedback",
    "FeedbackOutcome",
    "MalformedResponseError",
    "Media",
    "Message",
    "MessageDirection",
    "MessageStatus",
    "NotFoundError",
    "Page",
    "PagingLoopError",
    "RateLimitError",
    "ResponseTooLargeError",
    "SendwireError",
    "ServerError",
    "TransportError",
    "UnsafeLinkError",
    "ValidationError",
    "__version__",
    "errors",
    "webhooks",
]
