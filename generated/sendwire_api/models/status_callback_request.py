from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="StatusCallbackRequest")


@_attrs_define
class StatusCallbackRequest:
    """The form the service posts to a `StatusCallback` URL. It carries a subset of the
    standard messaging webhook parameters plus `MessageStatus` and `ErrorCode`;
    `RawDlrDoneDate` comes with most `delivered`/`undelivered` SMS/MMS callbacks and the
    `Channel*`/`EventType` parameters with RCS, WhatsApp and other channels.

        Attributes:
            message_sid (str):
            account_sid (str):
            message_status (MessageStatus): The message's status. Outbound: `accepted` and `scheduled` (Messaging Service
                only),
                `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read` (RCS and
                WhatsApp), `canceled` (a canceled scheduled message). Inbound: `receiving`, `received`.
                `partially_delivered` is deprecated.
            sms_sid (str | Unset):
            messaging_service_sid (str | Unset):
            from_ (str | Unset):
            to (str | Unset):
            api_version (str | Unset):
            sms_status (MessageStatus | Unset): The message's status. Outbound: `accepted` and `scheduled` (Messaging
                Service only),
                `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read` (RCS and
                WhatsApp), `canceled` (a canceled scheduled message). Inbound: `receiving`, `received`.
                `partially_delivered` is deprecated.
            error_code (str | Unset): Set when `MessageStatus` is `failed` or `undelivered`.
            raw_dlr_done_date (str | Unset): The carrier receipt's done date, `YYMMDDhhmm`.
            channel_install_sid (str | Unset):
            channel_status_message (str | Unset):
            channel_prefix (str | Unset):
            event_type (str | Unset): `READ` once the recipient has read the message (RCS, WhatsApp).
    """

    message_sid: str
    account_sid: str
    message_status: MessageStatus
    sms_sid: str | Unset = UNSET
    messaging_service_sid: str | Unset = UNSET
    from_: str | Unset = UNSET
    to: str | Unset = UNSET
    api_version: str | Unset = UNSET
    sms_status: MessageStatus | Unset = UNSET
    error_code: str | Unset = UNSET
    raw_dlr_done_date: str | Unset = UNSET
    channel_install_sid: str | Unset = UNSET
    channel_status_message: str | Unset = UNSET
    channel_prefix: str | Unset = UNSET
    event_type: str | Unset = UNSET
    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message_sid = self.message_sid

        account_sid = self.account_sid

        message_status = self.message_status.value

        sms_sid = self.sms_sid

        messaging_service_sid = self.messaging_service_sid

        from_ = self.from_

        to = self.to

        api_version = self.api_version

        sms_status: str | Unset = UNSET
        if not isinstance(self.sms_status, Unset):
            sms_status = self.sms_status.value

        error_code = self.error_code

        raw_dlr_done_date = self.raw_dlr_done_date

        channel_install_sid = self.channel_install_sid

        channel_status_message = self.channel_status_message

        channel_prefix = self.channel_prefix

        event_type = self.event_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "MessageSid": message_sid,
                "AccountSid": account_sid,
                "MessageStatus": message_status,
            }
        )
        if sms_sid is not UNSET:
            field_dict["SmsSid"] = sms_sid
        if messaging_service_sid is not UNSET:
            field_dict["MessagingServiceSid"] = messaging_service_sid
        if from_ is not UNSET:
            field_dict["From"] = from_
        if to is not UNSET:
            field_dict["To"] = to
        if api_version is not UNSET:
            field_dict["ApiVersion"] = api_version
        if sms_status is not UNSET:
            field_dict["SmsStatus"] = sms_status
        if error_code is not UNSET:
            field_dict["ErrorCode"] = error_code
        if raw_dlr_done_date is not UNSET:
            field_dict["RawDlrDoneDate"] = raw_dlr_done_date
        if channel_install_sid is not UNSET:
            field_dict["ChannelInstallSid"] = channel_install_sid
        if channel_status_message is not UNSET:
            field_dict["ChannelStatusMessage"] = channel_status_message
        if channel_prefix is not UNSET:
            field_dict["ChannelPrefix"] = channel_prefix
        if event_type is not UNSET:
            field_dict["EventType"] = event_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message_sid = d.pop("MessageSid")

        account_sid = d.pop("AccountSid")

        message_status = MessageStatus(d.pop("MessageStatus"))

        sms_sid = d.pop("SmsSid", UNSET)

        messaging_service_sid = d.pop("MessagingServiceSid", UNSET)

        from_ = d.pop("From", UNSET)

        to = d.pop("To", UNSET)

        api_version = d.pop("ApiVersion", UNSET)

        _sms_status = d.pop("SmsStatus", UNSET)
        sms_status: MessageStatus | Unset
        if isinstance(_sms_status, Unset):
            sms_status = UNSET
        else:
            sms_status = MessageStatus(_sms_status)

        error_code = d.pop("ErrorCode", UNSET)

        raw_dlr_done_date = d.pop("RawDlrDoneDate", UNSET)

        channel_install_sid = d.pop("ChannelInstallSid", UNSET)

        channel_status_message = d.pop("ChannelStatusMessage", UNSET)

        channel_prefix = d.pop("ChannelPrefix", UNSET)

        event_type = d.pop("EventType", UNSET)

        status_callback_request = cls(
            message_sid=message_sid,
            account_sid=account_sid,
            message_status=message_status,
            sms_sid=sms_sid,
            messaging_service_sid=messaging_service_sid,
            from_=from_,
            to=to,
            api_version=api_version,
            sms_status=sms_status,
            error_code=error_code,
            raw_dlr_done_date=raw_dlr_done_date,
            channel_install_sid=channel_install_sid,
            channel_status_message=channel_status_message,
            channel_prefix=channel_prefix,
            event_type=event_type,
        )

        status_callback_request.additional_properties = d
        return status_callback_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
