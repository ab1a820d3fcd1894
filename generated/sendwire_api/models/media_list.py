from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.media import Media


T = TypeVar("T", bound="MediaList")


@_attrs_define
class MediaList:
    """One page of a message's media with its paging links.

    Attributes:
        end (int):
        first_page_uri (str):
        next_page_uri (None | str):
        page (int):
        page_size (int):
        previous_page_uri (None | str):
        start (int):
        uri (str):
        media_list (list[Media]):
    """

    end: int
    first_page_uri: str
    next_page_uri: None | str
    page: int
    page_size: int
    previous_page_uri: None | str
    start: int
    uri: str
    media_list: list[Media]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        first_page_uri = self.first_page_uri

        next_page_uri: None | str
        next_page_uri = self.next_page_uri

        page = self.page

        page_size = self.page_size

        previous_page_uri: None | str
        previous_page_uri = self.previous_page_uri

        start = self.start

        uri = self.uri

        media_list = []
        for media_list_item_data in self.media_list:
            media_list_item = media_list_item_data.to_dict()
            media_list.append(media_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "first_page_uri": first_page_uri,
                "next_page_uri": next_page_uri,
                "page": page,
                "page_size": page_size,
                "previous_page_uri": previous_page_uri,
                "start": start,
                "uri": uri,
                "media_list": media_list,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media import Media  # noqa: PLC0415

        d = dict(src_dict)
        end = d.pop("end")

        first_page_uri = d.pop("first_page_uri")

        def _parse_next_page_uri(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_page_uri = _parse_next_page_uri(d.pop("next_page_uri"))

        page = d.pop("page")

        page_size = d.pop("page_size")

        def _parse_previous_page_uri(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_page_uri = _parse_previous_page_uri(d.pop("previous_page_uri"))

        start = d.pop("start")

        uri = d.pop("uri")

        media_list = []
        _media_list = d.pop("media_list")
        for media_list_item_data in _media_list:
            media_list_item = Media.from_dict(media_list_item_data)

            media_list.append(media_list_item)

        media_list = cls(
            end=end,
            first_page_uri=first_page_uri,
            next_page_uri=next_page_uri,
            page=page,
            page_size=page_size,
            previous_page_uri=previous_page_uri,
            start=start,
            uri=uri,
            media_list=media_list,
        )

        media_list.additional_properties = d
        return media_list

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
