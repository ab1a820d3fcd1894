# Generated from async_client.py by tools/unasync.py (`make unasync`); do not edit.
"""The synchronous client: a thin shell that sends what the core prepares, and sleeps.

``Client`` has the same calls as ``AsyncClient`` without ``await``; both share everything but
the I/O with ``sendwire._core``. This module is derived from ``async_client.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._core import requests as build
from ._core.call import CallState, Retry
from ._core.config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    TimeoutTypes,
    env_arguments,
    make_config,
    with_options,
)
from ._core.paging import Cursor, next_page_request
from ._core.prepared import PreparedRequest
from ._generated.api import Api
from ._generated.enums import FeedbackOutcome
from ._generated.models import Feedback, Media, Message, PageData
from ._schema.operation import OperationInputs
from ._transport.stacks import new_sync_http, sync_answers
from .bulk.methods import BulkMethods
from .pages import Page

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from ._generated.operations import (
        CreateMessageParams,
        ListMessageFilters,
        UpdateMessageParams,
    )
    from .async_client import AsyncClient

__all__ = ["Client", "MediaResource", "Messages"]

T = TypeVar("T")


class Client:
    """A connection to the Messages API.

    ``Client(account_sid, auth_token)`` or
    ``Client(account_sid, api_key=..., api_secret=...)``. Use it as a context manager, or
    call ``close()``, to release its connections.

    ``max_retries`` (default 3) applies to every call unless a call passes its own;
    ``timeout`` bounds each phase of a request (default 5 s to connect, 30 s for the rest).
    An attempt ends with ``sendwire.TimeoutError`` once it has run as long as the largest
    phase timeout, however slowly the server trickles; an answer that decodes past
    ``max_response_bytes`` (default 32 MiB) raises ``ResponseTooLargeError``.
    ``http_client`` lets you bring a configured httpx client (proxies, transports); the
    client does not close one it did not create. ``sleep`` is called with each retry delay.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str | None = None,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        config = make_config(
            account_sid,
            auth_token,
            api_key=api_key,
            api_secret=api_secret,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
        )
        owns_http = http_client is None
        if http_client is None:
            http_client = new_sync_http(config)
        self._setup(config, http_client, owns_http, sleep)

    @classmethod
    def _from_config(cls, config: ClientConfig) -> Self:
        client = object.__new__(cls)
        client._setup(config, new_sync_http(config), True, time.sleep)
        return client

    def _setup(
        self,
        config: ClientConfig,
        http: httpx.Client,
        owns_http: bool,
        sleep: Callable[[float], None],
    ) -> None:
        self._config = config
        self._http = http
        self._answer = sync_answers(http)
        self._owns_http = owns_http
        self._sleep = sleep
        self.messages = Messages(self)
        #: Every operation of the spec as a typed method (``client.api.list_media(sid)``).
        self.api = Api(self)

    @classmethod
    def from_env(cls, **overrides: Any) -> Self:
        """A client from ``TWILIO_ACCOUNT_SID`` and ``TWILIO_AUTH_TOKEN`` (or
        ``TWILIO_API_KEY``/``TWILIO_API_SECRET``), and ``SENDWIRE_BASE_URL`` if set."""
        return cls(**{**env_arguments(), **overrides})

    @property
    def account_sid(self) -> str:
        return self._config.account_sid

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def with_options(
        self, *, max_retries: int | None = None, timeout: TimeoutTypes | None = None
    ) -> Self:
        """A client with other retry or timeout settings sharing this one's connections."""
        clone = object.__new__(type(self))
        clone._setup(
            with_options(self._config, timeout=timeout, max_retries=max_retries),
            self._http,
            False,
            self._sleep,
        )
        return clone

    def to_async(self) -> AsyncClient:
        """An ``AsyncClient`` with the same credentials and settings and its own connections."""
        from .async_client import AsyncClient

        return AsyncClient._from_config(self._config)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self._config.describe()})"

    # ---- hooks for layers built on the client (the bulk engine) -------------------------------

    @property
    def http_client(self) -> httpx.Client:
        """The httpx client the calls go through."""
        return self._http

    @property
    def owns_http_client(self) -> bool:
        """True when the client opened its connection pool itself (no ``http_client=``)."""
        return self._owns_http

    def spawn(self) -> Self:
        """A client with the same credentials and settings and a connection pool of its own."""
        return self._from_config(self._config)

    def send_request(self, request: PreparedRequest[T], *, max_retries: int | None = None) -> T:
        """Send a request prepared by ``sendwire._core.requests``, retried as its kind allows."""
        return self._send(request, max_retries)

    def send_operation(
        self,
        operation: OperationInputs,
        path: Sequence[str],
        query: Mapping[str, Any],
        body: Mapping[str, Any],
        parse: Callable[[Any], T],
        max_retries: int | None = None,
    ) -> T:
        """Call any operation of the generated table (``path`` without the account), retried
        by its method's safety; ``client.api`` has a typed method for each."""
        full = build.with_account(operation, self.account_sid, path)
        request = build.operation(operation, full, query, body, parse)
        return self._send(request, max_retries)

    def walk_operation(
        self,
        operation: OperationInputs,
        path: Sequence[str],
        query: Mapping[str, Any],
        parse: Callable[[Any], PageData[T]],
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> Iterator[T]:
        """Every item of a list operation, a page at a time as you iterate."""
        full = build.with_account(operation, self.account_sid, path)
        first = build.operation_page(
            operation, full, query, parse, page_size=page_size, limit=limit
        )
        return self._walk(first, limit, max_retries)

    # ---- the I/O: one call, its retries, and paging ------------------------------------------

    def _send(self, request: PreparedRequest[T], max_retries: int | None) -> T:
        call = CallState(request, self._config, max_retries)
        config = self._config
        while True:
            call.begin()
            try:
                status, headers, content = self._answer(
                    request.method,
                    call.url,
                    config.limits,
                    params=request.params,
                    data=request.data,
                    auth=config.auth,
                    timeout=config.timeout,
                )
            except httpx.RequestError as exc:
                step: Retry = call.on_transport_error(exc)
            else:
                result = call.on_response(status, headers, content)
                if not isinstance(result, Retry):
                    return result
                step = result
            self._sleep(step.delay)

    def _page(
        self,
        request: PreparedRequest[PageData[T]],
        max_retries: int | None,
        seen: Iterable[str] = (),
    ) -> Page[T]:
        data = self._send(request, max_retries)
        base_url, walked = self._config.base_url, frozenset(seen)

        def fetch(page: PageData[T]) -> Page[T]:
            # Each page keeps the links that led to it, so a link back to one of them fails.
            links = set(walked)
            following = next_page_request(request, base_url, page, links)
            return self._page(following, max_retries, links)

        return Page.of(data, fetch)

    def _walk(
        self, first: PreparedRequest[PageData[T]], limit: int | None, max_retries: int | None
    ) -> Iterator[T]:
        cursor = Cursor(first, self._config.base_url, limit)
        request = cursor.first_request()
        while request is not None:
            data = self._send(request, max_retries)
            for item in cursor.take(data):
                yield item
            request = cursor.next_request(data)


class Messages(BulkMethods):
    """``client.messages``: send, read, list, update, redact, cancel and delete messages.

    ``create``, ``update``, ``list`` and ``page`` take every field and filter the spec
    declares, named in snake_case (``From`` is ``from_``, ``DateSent<`` is
    ``date_sent_before``).
    """

    def __init__(self, client: Client) -> None:
        self._client = client
        self._account_sid = client.account_sid

    @property
    def client(self) -> Client:
        """The client these calls go through."""
        return self._client

    def create(
        self, *, max_retries: int | None = None, **fields: Unpack[CreateMessageParams]
    ) -> Message:
        """Send a message. Needs ``to``, a sender (``from_`` or ``messaging_service_sid``) and
        content (``body``, ``media_url`` or ``content_sid``).

        Retried only when the request provably never reached the service, so a message is
        never sent twice; see ``SendwireError.outcome_unknown`` for the cases left open.
        """
        return self._client._send(build.create(self._account_sid, fields), max_retries)

    def get(self, sid: str, *, max_retries: int | None = None) -> Message:
        """Fetch one message."""
        return self._client._send(build.fetch(self._account_sid, sid), max_retries)

    def list(
        self,
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
        **filters: Unpack[ListMessageFilters],
    ) -> Iterator[Message]:
        """Messages, newest first, fetched a page at a time as you iterate.

        ``date_sent*`` take a ``date``, an aware ``datetime`` (sent as its UTC instant) or one of
        the documented strings; ``date_sent_before``/``_after`` include the bound itself.
        Arguments are checked now; requests start with the iteration.
        """
        first = build.list_page(self._account_sid, filters, page_size=page_size, limit=limit)
        return self._client._walk(first, limit, max_retries)

    def page(
        self,
        *,
        page_size: int = 50,
        max_retries: int | None = None,
        **filters: Unpack[ListMessageFilters],
    ) -> Page[Message]:
        """The first page of messages; ``page.next_page()`` reads on."""
        first = build.list_page(self._account_sid, filters, page_size=page_size)
        return self._client._page(first, max_retries)

    def update(
        self, sid: str, *, max_retries: int | None = None, **fields: Unpack[UpdateMessageParams]
    ) -> Message:
        """Change a message's fields; ``redact`` and ``cancel`` are the documented uses."""
        request = build.update(self._account_sid, sid, fields)
        return self._client._send(request, max_retries)

    def redact(self, sid: str, *, max_retries: int | None = None) -> Message:
        """Erase a message's body (it becomes ``""``); everything else is kept."""
        return self._client._send(build.redact(self._account_sid, sid), max_retries)

    def cancel(self, sid: str, *, max_retries: int | None = None) -> Message:
        """Cancel a scheduled message (``ConflictError`` once it is no longer scheduled)."""
        return self._client._send(build.cancel(self._account_sid, sid), max_retries)

    def delete(self, sid: str, *, max_retries: int | None = None) -> None:
        """Delete a message with its media. A retry that finds it already gone counts as done."""
        self._client._send(build.delete(self._account_sid, sid), max_retries)

    def feedback(
        self, sid: str, outcome: str = FeedbackOutcome.CONFIRMED, *, max_retries: int | None = None
    ) -> Feedback:
        """Report whether the recipient confirmed the message (``confirmed``/``unconfirmed``)."""
        request = build.feedback(self._account_sid, sid, outcome)
        return self._client._send(request, max_retries)

    def media(self, sid: str) -> MediaResource:
        """The media files of one message."""
        return MediaResource(self._client, build.message_sid(sid))


class MediaResource:
    """``client.messages.media(sid)``: list, fetch and delete a message's media."""

    def __init__(self, client: Client, message_sid: str) -> None:
        self._client = client
        self._account_sid = client.account_sid
        self.message_sid = message_sid

    def list(
        self,
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> Iterator[Media]:
        first = build.media_list_page(
            self._account_sid, self.message_sid, page_size=page_size, limit=limit
        )
        return self._client._walk(first, limit, max_retries)

    def page(self, *, page_size: int = 50, max_retries: int | None = None) -> Page[Media]:
        first = build.media_list_page(self._account_sid, self.message_sid, page_size=page_size)
        return self._client._page(first, max_retries)

    def get(self, media_sid: str, *, max_retries: int | None = None) -> Media:
        request = build.media_fetch(self._account_sid, self.message_sid, media_sid)
        return self._client._send(request, max_retries)

    def delete(self, media_sid: str, *, max_retries: int | None = None) -> None:
        request = build.media_delete(self._account_sid, self.message_sid, media_sid)
        self._client._send(request, max_retries)
