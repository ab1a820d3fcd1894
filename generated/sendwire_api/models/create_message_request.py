from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.address_retention import AddressRetention
from ..models.content_retention import ContentRetention
from ..models.risk_check import RiskCheck
from ..models.schedule_type import ScheduleType
from ..models.traffic_type import TrafficType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateMessageRequest")


@_attrs_define
class CreateMessageRequest:
    """A new outbound message. Besides `To`, a request needs a sender (`From` or
    `MessagingServiceSid`) and content (`Body`, `MediaUrl` or `ContentSid`).

        Attributes:
            to (str): The recipient's E.164 phone number or channel address, e.g. `whatsapp:+15552229999`.
            status_callback (str | Unset): Where the service sends status-change requests for this message. The host name
                must be valid and may not contain underscores. Takes precedence over the
                Messaging Service's callback URL and over `ApplicationSid`.
            application_sid (str | Unset): A TwiML Application whose message status callback URL receives status changes.
            max_price (float | Unset): Obsolete; has no effect since 2024-06-03.
            provide_feedback (bool | Unset): Whether delivery feedback will be sent through the MessageFeedback subresource
                (default false).
            attempt (int | Unset): Total number of attempts made to send this message, this one included.
            validity_period (int | Unset): Seconds the message may wait in the outgoing queue before it is dropped (default
                36000).
            force_delivery (bool | Unset): Reserved.
            content_retention (ContentRetention | Unset): Whether the message content may be stored or must be discarded.
            address_retention (AddressRetention | Unset): Whether the addresses may be stored or must be obfuscated.
            smart_encoded (bool | Unset): Replace Unicode characters that have a GSM-7 look-alike.
            persistent_action (list[str] | Unset): Rich actions for non-SMS channels, e.g. a location in WhatsApp.
            traffic_type (TrafficType | Unset):
            shorten_urls (bool | Unset): Shorten links in the body (Messaging Services with link shortening; default false).
            schedule_type (ScheduleType | Unset): `fixed` schedules the message for `SendAt` (Messaging Service only).
            send_at (datetime.datetime | Unset): When to send a scheduled message (ISO 8601).
            send_as_mms (bool | Unset): Deliver as a single MMS even without media.
            content_variables (str | Unset): JSON object of template variables for `ContentSid`.
            risk_check (RiskCheck | Unset): `disable` skips risk checks on this message.
            from_ (str | Unset): The sender: one of the account's phone numbers (E.164), a short code, an
                alphanumeric sender ID, a channel address (e.g. `whatsapp:+15554449999`) or a
                Messaging Service SID (`MG...`). May be omitted with `MessagingServiceSid`.
            messaging_service_sid (str | Unset): The Messaging Service to send with; it picks a sender when `From` is
                omitted.
            body (str | Unset): The message text, up to 1,600 characters.
            media_url (list[str] | Unset): URLs of up to ten media files to attach (repeat the parameter for each).
            content_sid (str | Unset): A Content Template to send.
    """

    to: str
    status_callback: str | Unset = UNSET
    application_sid: str | Unset = UNSET
    max_price: float | Unset = UNSET
    provide_feedback: bool | Unset = UNSET
    attempt: int | Unset = UNSET
    validity_period: int | Unset = UNSET
    force_delivery: bool | Unset = UNSET
    content_retention: ContentRetention | Unset = UNSET
    address_retention: AddressRetention | Unset = UNSET
    smart_encoded: bool | Unset = UNSET
    persistent_action: list[str] | Unset = UNSET
    traffic_type: TrafficType | Unset = UNSET
    shorten_urls: bool | Unset = UNSET
    schedule_type: ScheduleType | Unset = UNSET
    send_at: datetime.datetime | Unset = UNSET
    send_as_mms: bool | Unset = UNSET
    content_variables: str | Unset = UNSET
    risk_check: RiskCheck | Unset = UNSET
    from_: str | Unset = UNSET
    messaging_service_sid: str | Unset = UNSET
    body: str | Unset = UNSET
    media_url: list[str] | Unset = UNSET
    content_sid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        status_callback = self.status_callback

        application_sid = self.application_sid

        max_price = self.max_price

        provide_feedback = self.provide_feedback

        attempt = self.attempt

        validity_period = self.validity_period

        force_delivery = self.force_delivery

        content_retention: str | Unset = UNSET
        if not isinstance(self.content_retention, Unset):
            content_retention = self.content_retention.value

        address_retention: str | Unset = UNSET
        if not isinstance(self.address_retention, Unset):
            address_retention = self.address_retention.value

        smart_encoded = self.smart_encoded

        persistent_action: list[str] | Unset = UNSET
        if not isinstance(self.persistent_action, Unset):
            persistent_action = self.persistent_action

        traffic_type: str | Unset = UNSET
        if not isinstance(self.traffic_type, Unset):
            traffic_type = self.traffic_type.value

        shorten_urls = self.shorten_urls

        schedule_type: str | Unset = UNSET
        if not isinstance(self.schedule_type, Unset):
            schedule_type = self.schedule_type.value

        send_at: str | Unset = UNSET
        if not isinstance(self.send_at, Unset):
            send_at = self.send_at.isoformat()

        send_as_mms = self.send_as_mms

        content_variables = self.content_variables

        risk_check: str | Unset = UNSET
        if not isinstance(self.risk_check, Unset):
            risk_check = self.risk_check.value

        from_ = self.from_

        messaging_service_sid = self.messaging_service_sid

        body = self.body

        media_url: list[str] | Unset = UNSET
        if not isinstance(self.media_url, Unset):
            media_url = self.media_url

        content_sid = self.content_sid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "To": to,
            }
        )
        if status_callback is not UNSET:
            field_dict["StatusCallback"] = status_callback
        if application_sid is not UNSET:
            field_dict["ApplicationSid"] = application_sid
        if max_price is not UNSET:
            field_dict["MaxPrice"] = max_price
        if provide_feedback is not UNSET:
            field_dict["ProvideFeedback"] = provide_feedback
        if attempt is not UNSET:
            field_dict["Attempt"] = attempt
        if validity_period is not UNSET:
            field_dict["ValidityPeriod"] = validity_period
        if force_delivery is not UNSET:
            field_dict["ForceDelivery"] = force_delivery
        if content_retention is not UNSET:
            field_dict["ContentRetention"] = content_retention
        if address_retention is not UNSET:
            field_dict["AddressRetention"] = address_retention
        if smart_encoded is not UNSET:
            field_dict["SmartEncoded"] = smart_encoded
        if persistent_action is not UNSET:
            field_dict["PersistentAction"] = persistent_action
        if traffic_type is not UNSET:
            field_dict["TrafficType"] = traffic_type
        if shorten_urls is not UNSET:
            field_dict["ShortenUrls"] = shorten_urls
        if schedule_type is not UNSET:
            field_dict["ScheduleType"] = schedule_type
        if send_at is not UNSET:
            field_dict["SendAt"] = send_at
        if send_as_mms is not UNSET:
            field_dict["SendAsMms"] = send_as_mms
        if content_variables is not UNSET:
            field_dict["ContentVariables"] = content_variables
        if risk_check is not UNSET:
            field_dict["RiskCheck"] = risk_check
        if from_ is not UNSET:
            field_dict["From"] = from_
        if messaging_service_sid is not UNSET:
            field_dict["MessagingServiceSid"] = messaging_service_sid
        if body is not UNSET:
            field_dict["Body"] = body
        if media_url is not UNSET:
            field_dict["MediaUrl"] = media_url
        if content_sid is not UNSET:
            field_dict["ContentSid"] = content_sid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("To")

        status_callback = d.pop("StatusCallback", UNSET)

        application_sid = d.pop("ApplicationSid", UNSET)

        max_price = d.pop("MaxPrice", UNSET)

        provide_feedback = d.pop("ProvideFeedback", UNSET)

        attempt = d.pop("Attempt", UNSET)

        validity_period = d.pop("ValidityPeriod", UNSET)

        force_delivery = d.pop("ForceDelivery", UNSET)

        _content_retention = d.pop("ContentRetention", UNSET)
        content_retention: ContentRetention | Unset
        if isinstance(_content_retention, Unset):
            content_retention = UNSET
        else:
            content_retention = ContentRetention(_content_retention)

        _address_retention = d.pop("AddressRetention", UNSET)
        address_retention: AddressRetention | Unset
        if isinstance(_address_retention, Unset):
            address_retention = UNSET
        else:
            address_retention = AddressRetention(_address_retention)

        smart_encoded = d.pop("SmartEncoded", UNSET)

        persistent_action = cast(list[str], d.pop("PersistentAction", UNSET))

        _traffic_type = d.pop("TrafficType", UNSET)
        traffic_type: TrafficType | Unset
        if isinstance(_traffic_type, Unset):
            traffic_type = UNSET
        else:
            traffic_type = TrafficType(_traffic_type)

        shorten_urls = d.pop("ShortenUrls", UNSET)

        _schedule_type = d.pop("ScheduleType", UNSET)
        schedule_type: ScheduleType | Unset
        if isinstance(_schedule_type, Unset):
            schedule_type = UNSET
        else:
            schedule_type = ScheduleType(_schedule_type)

        _send_at = d.pop("SendAt", UNSET)
        send_at: datetime.datetime | Unset
        if isinstance(_send_at, Unset):
            send_at = UNSET
        else:
            send_at = datetime.datetime.fromisoformat(_send_at.replace("Z", "+00:00"))

        send_as_mms = d.pop("SendAsMms", UNSET)

        content_variables = d.pop("ContentVariables", UNSET)

        _risk_check = d.pop("RiskCheck", UNSET)
        risk_check: RiskCheck | Unset
        if isinstance(_risk_check, Unset):
            risk_check = UNSET
        else:
            risk_check = RiskCheck(_risk_check)

        from_ = d.pop("From", UNSET)

        messaging_service_sid = d.pop("MessagingServiceSid", UNSET)

        body = d.pop("Body", UNSET)

        media_url = cast(list[str], d.pop("MediaUrl", UNSET))

        content_sid = d.pop("ContentSid", UNSET)

        create_message_request = cls(
            to=to,
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
            content_variables=content_variables,
            risk_check=risk_check,
            from_=from_,
            messaging_service_sid=messaging_service_sid,
            body=body,
            media_url=media_url,
            content_sid=content_sid,
        )

        create_message_request.additional_properties = d
        return create_message_request

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
