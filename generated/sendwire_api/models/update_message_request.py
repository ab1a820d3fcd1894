from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.update_message_status import UpdateMessageStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateMessageRequest")


@_attrs_define
class UpdateMessageRequest:
    """
    Attributes:
        body (str | Unset): The new body; the empty string redacts the message.
        status (UpdateMessageStatus | Unset): `canceled` cancels a scheduled message.
    """

    body: str | Unset = UNSET
    status: UpdateMessageStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if body is not UNSET:
            field_dict["Body"] = body
        if status is not UNSET:
            field_dict["Status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("Body", UNSET)

        _status = d.pop("Status", UNSET)
        status: UpdateMessageStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = UpdateMessageStatus(_status)

        update_message_request = cls(
            body=body,
            status=status,
        )

        update_message_request.additional_properties = d
        return update_message_request

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
