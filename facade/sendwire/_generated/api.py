"""Every operation of the spec as a typed method of ``client.api``.

Generated from spec/messages.yaml by `make generate` (tools/codegen/facade); do not edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, Literal, Protocol, TypeVar

from sendwire._generated import operations as ops
from sendwire._generated.models import (
    Feedback,
    Media,
    Message,
    PageData,
    parse_feedback,
    parse_media,
    parse_media_list,
    parse_message,
    parse_message_list,
)
from sendwire._schema.operation import OperationInputs

__all__ = ["Api", "AsyncApi", "AsyncCalls", "Calls"]

T = TypeVar("T")


def _nothing(data: Any) -> None:
    """For answers without a body."""


class AsyncCalls(Protocol):
    """What ``AsyncApi`` needs of a client (``AsyncClient`` has it)."""

    async def send_operation(
        self,
        operation: OperationInputs,
        path: Sequence[str],
        query: Mapping[str, Any],
        body: Mapping[str, Any],
        parse: Callable[[Any], T],
        max_retries: int | None = None,
    ) -> T: ...

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
    ) -> AsyncIterator[T]: ...


class AsyncApi:
    """Every operation of the spec, by its operationId in snake_case (asynchronous)."""

    def __init__(self, client: AsyncCalls) -> None:
        self._client = client

    def list_message(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: dt.date | str | None = None,
        date_sent_before: dt.date | str | None = None,
        date_sent_after: dt.date | str | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[Message]:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages.json: List messages. Every item, a page at a time as you iterate."""
        return self._client.walk_operation(
            ops.LIST_MESSAGE,
            (),
            {
                "to": to,
                "from_": from_,
                "date_sent": date_sent,
                "date_sent_before": date_sent_before,
                "date_sent_after": date_sent_after,
            },
            parse_message_list,
            limit=limit,
            page_size=page_size,
            max_retries=max_retries,
        )

    async def create_message(
        self,
        *,
        to: str,
        status_callback: str | None = None,
        application_sid: str | None = None,
        max_price: float | None = None,
        provide_feedback: bool | None = None,
        attempt: int | None = None,
        validity_period: int | None = None,
        force_delivery: bool | None = None,
        content_retention: Literal["retain", "discard"] | None = None,
        address_retention: Literal["retain", "obfuscate"] | None = None,
        smart_encoded: bool | None = None,
        persistent_action: str | Sequence[str] | None = None,
        traffic_type: Literal["free"] | None = None,
        shorten_urls: bool | None = None,
        schedule_type: Literal["fixed"] | None = None,
        send_at: dt.datetime | str | None = None,
        send_as_mms: bool | None = None,
        content_variables: str | Mapping[str, Any] | None = None,
        risk_check: Literal["enable", "disable"] | None = None,
        from_: str | None = None,
        messaging_service_sid: str | None = None,
        body: str | None = None,
        media_url: str | Sequence[str] | None = None,
        content_sid: str | None = None,
        max_retries: int | None = None,
    ) -> Message:
        """POST /2010-04-01/Accounts/{AccountSid}/Messages.json: Send a message."""
        return await self._client.send_operation(
            ops.CREATE_MESSAGE,
            (),
            {},
            {
                "to": to,
                "status_callback": status_callback,
                "application_sid": application_sid,
                "max_price": max_price,
                "provide_feedback": provide_feedback,
                "attempt": attempt,
                "validity_period": validity_period,
                "force_delivery": force_delivery,
                "content_retention": content_retention,
                "address_retention": address_retention,
                "smart_encoded": smart_encoded,
                "persistent_action": persistent_action,
                "traffic_type": traffic_type,
                "shorten_urls": shorten_urls,
                "schedule_type": schedule_type,
                "send_at": send_at,
                "send_as_mms": send_as_mms,
                "content_variables": content_variables,
                "risk_check": risk_check,
                "from_": from_,
                "messaging_service_sid": messaging_service_sid,
                "body": body,
                "media_url": media_url,
                "content_sid": content_sid,
            },
            parse_message,
            max_retries,
        )

    async def fetch_message(self, sid: str, *, max_retries: int | None = None) -> Message:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json: Fetch a message."""
        return await self._client.send_operation(
            ops.FETCH_MESSAGE,
            (sid,),
            {},
            {},
            parse_message,
            max_retries,
        )

    async def update_message(
        self,
        sid: str,
        *,
        body: str | None = None,
        status: Literal["canceled"] | None = None,
        max_retries: int | None = None,
    ) -> Message:
        """POST /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json: Redact or cancel a message."""
        return await self._client.send_operation(
            ops.UPDATE_MESSAGE,
            (sid,),
            {},
            {"body": body, "status": status},
            parse_message,
            max_retries,
        )

    async def delete_message(self, sid: str, *, max_retries: int | None = None) -> None:
        """DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json: Delete a message."""
        return await self._client.send_operation(
            ops.DELETE_MESSAGE,
            (sid,),
            {},
            {},
            _nothing,
            max_retries,
        )

    def list_media(
        self,
        message_sid: str,
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[Media]:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json: List a message's media. Every item, a page at a time as you iterate."""
        return self._client.walk_operation(
            ops.LIST_MEDIA,
            (message_sid,),
            {},
            parse_media_list,
            limit=limit,
            page_size=page_size,
            max_retries=max_retries,
        )

    async def fetch_media(
        self, message_sid: str, sid: str, *, max_retries: int | None = None
    ) -> Media:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json: Fetch one media item."""
        return await self._client.send_operation(
            ops.FETCH_MEDIA,
            (
                message_sid,
                sid,
            ),
            {},
            {},
            parse_media,
            max_retries,
        )

    async def delete_media(
        self, message_sid: str, sid: str, *, max_retries: int | None = None
    ) -> None:
        """DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json: Delete one media item."""
        return await self._client.send_operation(
            ops.DELETE_MEDIA,
            (
                message_sid,
                sid,
            ),
            {},
            {},
            _nothing,
            max_retries,
        )

    async def create_message_feedback(
        self,
        message_sid: str,
        *,
        outcome: Literal["confirmed", "unconfirmed"] | None = None,
        max_retries: int | None = None,
    ) -> Feedback:
        """POST /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Feedback.json: Report whether a message reached its recipient."""
        return await self._client.send_operation(
            ops.CREATE_MESSAGE_FEEDBACK,
            (message_sid,),
            {},
            {"outcome": outcome},
            parse_feedback,
            max_retries,
        )


class Calls(Protocol):
    """What ``Api`` needs of a client (``AsyncClient`` has it)."""

    def send_operation(
        self,
        operation: OperationInputs,
        path: Sequence[str],
        query: Mapping[str, Any],
        body: Mapping[str, Any],
        parse: Callable[[Any], T],
        max_retries: int | None = None,
    ) -> T: ...

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
    ) -> Iterator[T]: ...


class Api:
    """Every operation of the spec, by its operationId in snake_case (synchronous)."""

    def __init__(self, client: Calls) -> None:
        self._client = client

    def list_message(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: dt.date | str | None = None,
        date_sent_before: dt.date | str | None = None,
        date_sent_after: dt.date | str | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> Iterator[Message]:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages.json: List messages. Every item, a page at a time as you iterate."""
        return self._client.walk_operation(
            ops.LIST_MESSAGE,
            (),
            {
                "to": to,
                "from_": from_,
                "date_sent": date_sent,
                "date_sent_before": date_sent_before,
                "date_sent_after": date_sent_after,
            },
            parse_message_list,
            limit=limit,
            page_size=page_size,
            max_retries=max_retries,
        )

    def create_message(
        self,
        *,
        to: str,
        status_callback: str | None = None,
        application_sid: str | None = None,
        max_price: float | None = None,
        provide_feedback: bool | None = None,
        attempt: int | None = None,
        validity_period: int | None = None,
        force_delivery: bool | None = None,
        content_retention: Literal["retain", "discard"] | None = None,
        address_retention: Literal["retain", "obfuscate"] | None = None,
        smart_encoded: bool | None = None,
        persistent_action: str | Sequence[str] | None = None,
        traffic_type: Literal["free"] | None = None,
        shorten_urls: bool | None = None,
        schedule_type: Literal["fixed"] | None = None,
        send_at: dt.datetime | str | None = None,
        send_as_mms: bool | None = None,
        content_variables: str | Mapping[str, Any] | None = None,
        risk_check: Literal["enable", "disable"] | None = None,
        from_: str | None = None,
        messaging_service_sid: str | None = None,
        body: str | None = None,
        media_url: str | Sequence[str] | None = None,
        content_sid: str | None = None,
        max_retries: int | None = None,
    ) -> Message:
        """POST /2010-04-01/Accounts/{AccountSid}/Messages.json: Send a message."""
        return self._client.send_operation(
            ops.CREATE_MESSAGE,
            (),
            {},
            {
                "to": to,
                "status_callback": status_callback,
                "application_sid": application_sid,
                "max_price": max_price,
                "provide_feedback": provide_feedback,
                "attempt": attempt,
                "validity_period": validity_period,
                "force_delivery": force_delivery,
                "content_retention": content_retention,
                "address_retention": address_retention,
                "smart_encoded": smart_encoded,
                "persistent_action": persistent_action,
                "traffic_type": traffic_type,
                "shorten_urls": shorten_urls,
                "schedule_type": schedule_type,
                "send_at": send_at,
                "send_as_mms": send_as_mms,
                "content_variables": content_variables,
                "risk_check": risk_check,
                "from_": from_,
                "messaging_service_sid": messaging_service_sid,
                "body": body,
                "media_url": media_url,
                "content_sid": content_sid,
            },
            parse_message,
            max_retries,
        )

    def fetch_message(self, sid: str, *, max_retries: int | None = None) -> Message:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json: Fetch a message."""
        return self._client.send_operation(
            ops.FETCH_MESSAGE,
            (sid,),
            {},
            {},
            parse_message,
            max_retries,
        )

    def update_message(
        self,
        sid: str,
        *,
        body: str | None = None,
        status: Literal["canceled"] | None = None,
        max_retries: int | None = None,
    ) -> Message:
        """POST /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json: Redact or cancel a message."""
        return self._client.send_operation(
            ops.UPDATE_MESSAGE,
            (sid,),
            {},
            {"body": body, "status": status},
            parse_message,
            max_retries,
        )

    def delete_message(self, sid: str, *, max_retries: int | None = None) -> None:
        """DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json: Delete a message."""
        return self._client.send_operation(
            ops.DELETE_MESSAGE,
            (sid,),
            {},
            {},
            _nothing,
            max_retries,
        )

    def list_media(
        self,
        message_sid: str,
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_retries: int | None = None,
    ) -> Iterator[Media]:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json: List a message's media. Every item, a page at a time as you iterate."""
        return self._client.walk_operation(
            ops.LIST_MEDIA,
            (message_sid,),
            {},
            parse_media_list,
            limit=limit,
            page_size=page_size,
            max_retries=max_retries,
        )

    def fetch_media(self, message_sid: str, sid: str, *, max_retries: int | None = None) -> Media:
        """GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json: Fetch one media item."""
        return self._client.send_operation(
            ops.FETCH_MEDIA,
            (
                message_sid,
                sid,
            ),
            {},
            {},
            parse_media,
            max_retries,
        )

    def delete_media(self, message_sid: str, sid: str, *, max_retries: int | None = None) -> None:
        """DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json: Delete one media item."""
        return self._client.send_operation(
            ops.DELETE_MEDIA,
            (
                message_sid,
                sid,
            ),
            {},
            {},
            _nothing,
            max_retries,
        )

    def create_message_feedback(
        self,
        message_sid: str,
        *,
        outcome: Literal["confirmed", "unconfirmed"] | None = None,
        max_retries: int | None = None,
    ) -> Feedback:
        """POST /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Feedback.json: Report whether a message reached its recipient."""
        return self._client.send_operation(
            ops.CREATE_MESSAGE_FEEDBACK,
            (message_sid,),
            {},
            {"outcome": outcome},
            parse_feedback,
            max_retries,
        )
