from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.feedback_outcome import FeedbackOutcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageFeedback")


@_attrs_define
class MessageFeedback:
    """Whether the recipient confirmed receiving the message.

    Attributes:
        account_sid (None | str | Unset):
        message_sid (None | str | Unset):
        outcome (FeedbackOutcome | Unset): `confirmed` when the recipient got the message, otherwise `unconfirmed`.
        date_created (None | str | Unset):
        date_updated (None | str | Unset):
        uri (None | str | Unset):
    """

    account_sid: None | str | Unset = UNSET
    message_sid: None | str | Unset = UNSET
    outcome: FeedbackOutcome | Unset = UNSET
    date_created: None | str | Unset = UNSET
    date_updated: None | str | Unset = UNSET
    uri: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_sid: None | str | Unset
        if isinstance(self.account_sid, Unset):
            account_sid = UNSET
        else:
            account_sid = self.account_sid

        message_sid: None | str | Unset
        if isinstance(self.message_sid, Unset):
            message_sid = UNSET
        else:
            message_sid = self.message_sid

        outcome: str | Unset = UNSET
        if not isinstance(self.outcome, Unset):
            outcome = self.outcome.value

        date_created: None | str | Unset
        if isinstance(self.date_created, Unset):
            date_created = UNSET
        else:
            date_created = self.date_created

        date_updated: None | str | Unset
        if isinstance(self.date_updated, Unset):
            date_updated = UNSET
        else:
            date_updated = self.date_updated

        uri: None | str | Unset
        if isinstance(self.uri, Unset):
            uri = UNSET
        else:
            uri = self.uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account_sid is not UNSET:
            field_dict["account_sid"] = account_sid
        if message_sid is not UNSET:
            field_dict["message_sid"] = message_sid
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if date_created is not UNSET:
            field_dict["date_created"] = date_created
        if date_updated is not UNSET:
            field_dict["date_updated"] = date_updated
        if uri is not UNSET:
            field_dict["uri"] = uri

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_account_sid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_sid = _parse_account_sid(d.pop("account_sid", UNSET))

        def _parse_message_sid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_sid = _parse_message_sid(d.pop("message_sid", UNSET))

        _outcome = d.pop("outcome", UNSET)
        outcome: FeedbackOutcome | Unset
        if isinstance(_outcome, Unset):
            outcome = UNSET
        else:
            outcome = FeedbackOutcome(_outcome)

        def _parse_date_created(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_created = _parse_date_created(d.pop("date_created", UNSET))

        def _parse_date_updated(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date_updated = _parse_date_updated(d.pop("date_updated", UNSET))

        def _parse_uri(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uri = _parse_uri(d.pop("uri", UNSET))

        message_feedback = cls(
            account_sid=account_sid,
            message_sid=message_sid,
            outcome=outcome,
            date_created=date_created,
            date_updated=date_updated,
            uri=uri,
        )

        message_feedback.additional_properties = d
        return message_feedback

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
