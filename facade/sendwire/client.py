"""The synchronous client: a thin shell that sends what the core prepares, and sleeps."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._core import requests as build
from ._core.call import Call, Retry
from ._core.config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    TimeoutTypes,
    env_arguments,
    make_config,
    with_options,
)
from ._core.dates import DateFilter
from ._core.paging import Cursor, follow
from ._core.parse import PageData
from ._core.prepared import PreparedRequest
from ._core.validate import message_sid
from ._version import USER_AGENT
from .bulk.methods import BulkMethods
from .models import Feedback, Media, Message
from .pages import Page

if TYPE_CHECKING:
    from typing_extensions import Self

    from .async_client import AsyncClient

__all__ = ["Client", "MediaResource", "Messages"]

T = TypeVar("T")


class Client:
    """A connection to the Messages API.

    ``Client(account_sid, auth_token)`` or ``Client(account_sid, api_key=..., api_secret=...)``.
    Use it as a context manager, or call ``close()``, to release its connections.

    ``max_retries`` (default 3) applies to every call unless a call passes its own;
    ``timeout`` bounds each phase of a request (default 5 s to connect, 30 s for the rest).
    ``http_client`` lets you bring a configured ``httpx.Client`` (proxies, transports); the
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
        )
        owns_http = http_client is None
        if http_client is None:
            http_client = httpx.Client(timeout=config.timeout, headers={"User-Agent": USER_AGENT})
        self._setup(config, http_client, owns_http, sleep)

    def _setup(
        self,
        config: ClientConfig,
        http: httpx.Client,
        owns_http: bool,
        sleep: Callable[[float], None],
    ) -> None:
        self._config = config
        self._http = http
        self._owns_http = owns_http
        self._sleep = sleep
        self.messages = Messages(self)

    @classmethod
    def from_env(cls, **overrides: Any) -> Client:
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
    ) -> Client:
        """A client with other retry or timeout settings sharing this one's connections."""
        clone = object.__new__(Client)
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

    # ---- the I/O: one call, its retries, and paging ------------------------------------------

    def _send(self, request: PreparedRequest[T], max_retries: int | None) -> T:
        call = Call(request, self._config, max_retries)
        config = self._config
        while True:
            call.begin()
            try:
                response = self._http.request(
                    request.method,
                    call.url,
                    params=request.params,
                    data=request.data,
                    auth=config.auth,
                    timeout=config.timeout,
                )
            except httpx.RequestError as exc:
                step: Retry = call.on_transport_error(exc)
            else:
                result = call.on_response(response.status_code, response.headers, response.content)
                if not isinstance(result, Retry):
                    return result
                step = result
            self._sleep(step.delay)

    def _page(self, request: PreparedRequest[PageData[T]], max_retries: int | None) -> Page[T]:
        data = self._send(request, max_retries)
        return Page.of(data, lambda uri: self._page(follow(request, uri), max_retries))

    def _walk(
        self, first: PreparedRequest[PageData[T]], limit: int | None, max_retries: int | None
    ) -> Iterator[T]:
        cursor = Cursor(first, limit)
        request = cursor.first_request()
        while request is not None:
            data = self._send(request, max_retries)
            yield from cursor.take(data)
            request = cursor.next_request(data)


class Messages(BulkMethods):
    """``client.messages``: send, read, list, redact, cancel and delete messages."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._account_sid = client.account_sid

    def create(
        self,
        *,
        to: str,
        from_: str | None = None,
        messaging_service_sid: str | None = None,
        body: str | None = None,
        media_url: str | Iterable[str] | None = None,
        content_sid: str | None = None,
        content_variables: str | Mapping[str, Any] | None = None,
        status_callback: str | None = None,
        application_sid: str | None = None,
        max_price: float | None = None,
        provide_feedback: bool | None = None,
        attempt: int | None = None,
        validity_period: int | None = None,
        force_delivery: bool | None = None,
        content_retention: str | None = None,
        address_retention: str | None = None,
        smart_encoded: bool | None = None,
        persistent_action: str | Sequence[str] | None = None,
        traffic_type: str | None = None,
        shorten_urls: bool | None = None,
        schedule_type: str | None = None,
        send_at: dt.datetime | None = None,
        send_as_mms: bool | None = None,
        risk_check: str | None = None,
        max_retries: int | None = None,
    ) -> Message:
        """Send a message. Needs ``to``, a sender (``from_`` or ``messaging_service_sid``) and
        content (``body``, ``media_url`` or ``content_sid``).

        Retried only when the request provably never reached the service, so a message is
        never sent twice; see ``SendwireError.outcome_unknown`` for the cases left open.
        """
        request = build.create(
            self._account_sid,
            to=to,
            from_=from_,
            messaging_service_sid=messaging_service_sid,
            body=body,
            media_url=media_url,
            content_sid=content_sid,
            content_variables=content_variables,
            status_callback=status_callback,
            application_sid=application_sid,
            max_price=max_price,
            provide_feedback=provide_feedback,
            attempt=attempt,
            validity_period=validity_period,
            force_delivery=force_delivery,
            content_retention=content_retention,
            address_retention=address_retention,
            smart_encoded=smart_encoded,
            persistent_action=persistent_action,
            traffic_type=traffic_type,
            shorten_urls=shorten_urls,
            schedule_type=schedule_type,
            send_at=send_at,
            send_as_mms=send_as_mms,
            risk_check=risk_check,
        )
        return self._client._send(request, max_retries)

    def get(self, sid: str, *, max_retries: int | None = None) -> Message:
        """Fetch one message."""
        return self._client._send(build.fetch(self._account_sid, sid), max_retries)

    def list(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> Iterator[Message]:
        """Messages, newest first, fetched a page at a time as you iterate.

        ``date_sent*`` take a ``date``, an aware ``datetime`` (sent as its UTC instant) or one of
        the documented strings; ``date_sent_before``/``_after`` include the bound itself.
        Arguments are checked now; requests start with the iteration.
        """
        first = build.list_page(
            self._account_sid,
            to=to,
            from_=from_,
            date_sent=date_sent,
            date_sent_before=date_sent_before,
            date_sent_after=date_sent_after,
            page_size=page_size,
            limit=limit,
        )
        return self._client._walk(first, limit, max_retries)

    def page(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        page_size: int = 50,
        max_retries: int | None = None,
    ) -> Page[Message]:
        """The first page of messages; ``page.next_page()`` reads on."""
        first = build.list_page(
            self._account_sid,
            to=to,
            from_=from_,
            date_sent=date_sent,
            date_sent_before=date_sent_before,
            date_sent_after=date_sent_after,
            page_size=page_size,
        )
        return self._client._page(first, max_retries)

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
        self, sid: str, outcome: str = "confirmed", *, max_retries: int | None = None
    ) -> Feedback:
        """Report whether the recipient confirmed the message (``confirmed``/``unconfirmed``)."""
        return self._client._send(build.feedback(self._account_sid, sid, outcome), max_retries)

    def media(self, sid: str) -> MediaResource:
        """The media files of one message."""
        return MediaResource(self._client, message_sid(sid))


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
