from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_direction import MessageDirection
from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_subresource_uris_type_0 import MessageSubresourceUrisType0


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """An inbound or outbound message.

    Attributes:
        body (None | str | Unset): The text content of the message (up to 1,600 characters).
        num_segments (None | str | Unset): How many SMS segments make up the message; `0` at first for a message sent
            with
            a Messaging Service, before a sender is chosen.
        direction (MessageDirection | Unset): `inbound` for received messages, `outbound-api` for messages created
            through this
            API, `outbound-call` for messages created during a call, `outbound-reply` for replies
            to an incoming message.
        from_ (None | str | Unset): The sender: an E.164 phone number, alphanumeric sender ID, Wireless SIM, short code
            or channel address such as `whatsapp:+15554449999`.
        to (None | str | Unset): The recipient's E.164 phone number or channel address.
        date_updated (None | str | Unset): When the resource was last updated (RFC 2822, GMT).
        price (None | str | Unset): The amount billed, in `price_unit`; filled in once the message has been sent or
            received, possibly later.
        error_message (None | str | Unset): A description of `error_code` when the status is `failed` or `undelivered`,
            otherwise null. Its wording may change; do not parse it.
        uri (None | str | Unset): The resource's URI, relative to the API's host.
        account_sid (None | str | Unset): The SID of the Account the message belongs to.
        num_media (None | str | Unset): How many media files the message carries.
        status (MessageStatus | Unset): The message's status. Outbound: `accepted` and `scheduled` (Messaging Service
            only),
            `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read` (RCS and
            WhatsApp), `canceled` (a canceled scheduled message). Inbound: `receiving`, `received`.
            `partially_delivered` is deprecated.
        messaging_service_sid (None | str | Unset): The SID of the Messaging Service used to send the message.
        sid (None | str | Unset): The message's unique SID.
        date_sent (None | str | Unset): When the message was sent (RFC 2822, GMT); for inbound messages, when the
            service
            called the incoming-message webhook.
        date_created (None | str | Unset): When the resource was created (RFC 2822, GMT).
        error_code (int | None | Unset): The error code when the status is `failed` or `undelivered` (30001-30010 for
            carrier delivery, 63001-63014 for channels), otherwise null.
        price_unit (None | str | Unset): The ISO 4217 currency of `price`, e.g. `USD`.
        api_version (None | str | Unset): The API version that processed the message.
        subresource_uris (MessageSubresourceUrisType0 | None | Unset): URIs of related resources (`media`, `feedback`),
            relative to the API's host.
    """

    body: None | str | Unset = UNSET
    num_segments: None | str | Unset = UNSET
    direction: MessageDirection | Unset = UNSET
    from_: None | str | Unset = UNSET
    to: None | str | Unset = UNSET
    date_updated: None | str | Unset = UNSET
    price: None | str | Unset = UNSET
    error_message: None | str | Unset = UNSET
    uri: None | str | Unset = UNSET
    account_sid: None | str | Unset = UNSET
    num_media: None | str | Unset = UNSET
    status: MessageStatus | Unset = UNSET
    messaging_service_sid: None | str | Unset = UNSET
    sid: None | str | Unset = UNSET
    date_sent: None | str | Unset = UNSET
    date_created: None | str | Unset = UNSET
    error_code: int | None | Unset = UNSET
    price_unit: None | str | Unset = UNSET
    api_version: None | str | Unset = UNSET
    subresource_uris: MessageSubresourceUrisType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_subresource_uris_type_0 import MessageSubresourceUrisType0  # noqa: PLC0415

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        num_segments: None | str | Unset
        if isinstance(self.num_segments, Unset):
            num_segments = UNSET
        else:
            num_segments = self.num_segments

        direction: str | Unset = UNSET
        if not isinstance(self.direction, Unset):
            direction = self.direction.value

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        date_updated: None | str | Unset
        if isinstance(self.date_updated, Unset):
            date_updated = UNSET
        else:
            date_updated = self.date_updated

        price: None | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        uri: None | str | Unset
        if isinstance(self.uri, Unset):
            uri = UNSET
        else:
            uri = self.uri

        account_sid: None | str | Unset
        if isinstance(self.account_sid, Unset):
            account_sid = UNSET
        else:
            account_sid = self.account_sid

        num_media: None | str | Unset
        if isinstance(self.num_media, Unset):
            num_media = UNSET
        else:
            num_media = self.num_media

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        messaging_service_sid: None | str | Unset
        if isinstance(self.messaging_service_sid, Unset):
            messaging_service_sid = UNSET
        else:
            messaging_service_sid = self.messaging_service_sid

        sid: None | str | Unset
        if isinstance(self.sid, Unset):
            sid = UNSET
        else:
            sid = self.sid

        date_sent: None | str | Unset
        if isinstance(self.date_sent, Unset):
            date_sent = UNSET
        else:
            date_sent = self.date_sent

        date_created: None | str | Unset
        if isinstance(self.date_created, Unset):
            date_created = UNSET
        else:
            date_created = self.date_created

        error_code: int | None | Unset
        if isinstance(self.error_code, Unset):
            error_code = UNSET
        else:
            error_code = self.error_code

        price_unit: None | str | Unset
        if isinstance(self.price_unit, Unset):
            price_unit = UNSET
        else:
            price_unit = self.price_unit

        api_version: None | str | Unset
        if isinstance(self.api_version, Unset):
            api_version = UNSET
        else:
            api_version = self.api_version

        subresource_uris: dict[str, Any] | None | Unset
        if isinstance(self.subresource_uris, Unset):
            subresource_uris = UNSET
        elif isinstance(self.subresource_uris, MessageSubresourceUrisType0):
            subresource_uris = self.subresource_uris.to_dict()
        else:
            subresource_uris = self.subresource_uris

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if body is not UNSET:
            field_dict["body"] = body
        if num_segments is not UNSET:
            field_dict["num_segments"] = num_segments
        if direction is not UNSET:
            field_dict["direction"] = direction
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to
        if date_updated is not UNSET:
            field_dict["date_updated"] = date_updated
        if price is not UNSET:
            field_dict["price"] = price
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if uri is not UNSET:
            field_dict["uri"] = uri
        if account_sid is not UNSET:
            field_dict["account_sid"] = account_sid
        if num_media is not UNSET:
            field_dict["num_media"] = num_media
        if status is not UNSET:
            field_dict["status"] = status
        if messaging_service_sid is not UNSET:
            field_dict["messaging_service_sid"] = messaging_service_sid
        if sid is not UNSET:
            field_dict["sid"] = sid
        if date_sent is not UNSET:
            field_dict["date_sent"] = date_sent
        if date_created is not UNSET:
            field_dict["date_created"] = date_created
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if price_unit is not UNSET:
            field_dict["price_unit"] = price_unit
        if api_version is not UNSET:
            field_dict["api_version"] = api_version
        if subresource_uris is not UNSET:
            field_dict["subresource_uris"] = subresource_uris

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_subresource_uris_type_0 import MessageSubresourceUrisType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_num_segments(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        num_segments = _parse_num_segments(d.pop("num_segments", UNSET))

        _direction = d.pop("direction", UNSET)
        direction: MessageDirection | Unset
        if isinstance(_direction, Unset):
            direction = UNSET
        else:
            direction = MessageDirection(_direction)

        def _parse_from_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        def _parse_date_updated(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_updated = _parse_date_updated(d.pop("date_updated", UNSET))

        def _parse_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("error_message", UNSET))

        def _parse_uri(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uri = _parse_uri(d.pop("uri", UNSET))

        def _parse_account_sid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_sid = _parse_account_sid(d.pop("account_sid", UNSET))

        def _parse_num_media(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        num_media = _parse_num_media(d.pop("num_media", UNSET))

        _status = d.pop("status", UNSET)
        status: MessageStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = MessageStatus(_status)

        def _parse_messaging_service_sid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        messaging_service_sid = _parse_messaging_service_sid(d.pop("messaging_service_sid", UNSET))

        def _parse_sid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sid = _parse_sid(d.pop("sid", UNSET))

        def _parse_date_sent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_sent = _parse_date_sent(d.pop("date_sent", UNSET))

        def _parse_date_created(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_created = _parse_date_created(d.pop("date_created", UNSET))

        def _parse_error_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        error_code = _parse_error_code(d.pop("error_code", UNSET))

        def _parse_price_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        price_unit = _parse_price_unit(d.pop("price_unit", UNSET))

        def _parse_api_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_version = _parse_api_version(d.pop("api_version", UNSET))

        def _parse_subresource_uris(data: object) -> MessageSubresourceUrisType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                subresource_uris_type_0 = MessageSubresourceUrisType0.from_dict(data)

                return subresource_uris_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageSubresourceUrisType0 | None | Unset, data)

        subresource_uris = _parse_subresource_uris(d.pop("subresource_uris", UNSET))

        message = cls(
            body=body,
            num_segments=num_segments,
            direction=direction,
            from_=from_,
            to=to,
            date_updated=date_updated,
            price=price,
            error_message=error_message,
            uri=uri,
            account_sid=account_sid,
            num_media=num_media,
            status=status,
            messaging_service_sid=messaging_service_sid,
            sid=sid,
            date_sent=date_sent,
            date_created=date_created,
            error_code=error_code,
            price_unit=price_unit,
            api_version=api_version,
            subresource_uris=subresource_uris,
        )

        message.additional_properties = d
        return message

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
