"""Decoded JSON from the service into the facade's typed models.

Lenient by design: the service may add properties and enum values, and one odd field must not
make a whole page unreadable. Unknown properties are ignored, unknown enum values kept (see
``sendwire.enums``), and a number or date that cannot be read becomes ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

import attrs

from ..enums import FeedbackOutcome, MessageDirection, MessageStatus, OpenStrEnum
from ..errors import SendwireError
from ..models import Feedback, Media, Message
from .dates import parse_rfc2822

T = TypeVar("T")
E = TypeVar("E", bound=OpenStrEnum)


def to_int(value: object) -> int | None:
    """An int from a JSON number or numeric string (the API sends counts as strings)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def to_decimal(value: object) -> Decimal | None:
    """A Decimal from a price string such as ``"-0.00750"`` (never via float)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
    elif isinstance(value, float):
        value = repr(value)  # the shortest text that reads back as this float
    elif not isinstance(value, int):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def to_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def to_enum(cls: type[E], value: object) -> E | None:
    return cls(value) if isinstance(value, str) else None


def _str_map(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def message(data: Any) -> Message:
    d = _object(data)
    return Message(
        sid=to_str(d.get("sid")) or "",
        account_sid=to_str(d.get("account_sid")),
        status=to_enum(MessageStatus, d.get("status")),
        direction=to_enum(MessageDirection, d.get("direction")),
        to=to_str(d.get("to")),
        from_=to_str(d.get("from")),
        body=to_str(d.get("body")),
        num_segments=to_int(d.get("num_segments")),
        num_media=to_int(d.get("num_media")),
        date_created=parse_rfc2822(d.get("date_created")),
        date_updated=parse_rfc2822(d.get("date_updated")),
        date_sent=parse_rfc2822(d.get("date_sent")),
        price=to_decimal(d.get("price")),
        price_unit=to_str(d.get("price_unit")),
        error_code=to_int(d.get("error_code")),
        error_message=to_str(d.get("error_message")),
        messaging_service_sid=to_str(d.get("messaging_service_sid")),
        api_version=to_str(d.get("api_version")),
        uri=to_str(d.get("uri")),
        subresource_uris=_str_map(d.get("subresource_uris")),
    )


def media(data: Any) -> Media:
    d = _object(data)
    return Media(
        sid=to_str(d.get("sid")) or "",
        account_sid=to_str(d.get("account_sid")),
        parent_sid=to_str(d.get("parent_sid")),
        content_type=to_str(d.get("content_type")),
        date_created=parse_rfc2822(d.get("date_created")),
        date_updated=parse_rfc2822(d.get("date_updated")),
        uri=to_str(d.get("uri")),
    )


def feedback(data: Any) -> Feedback:
    d = _object(data)
    return Feedback(
        account_sid=to_str(d.get("account_sid")),
        message_sid=to_str(d.get("message_sid")),
        outcome=to_enum(FeedbackOutcome, d.get("outcome")),
        date_created=parse_rfc2822(d.get("date_created")),
        date_updated=parse_rfc2822(d.get("date_updated")),
        uri=to_str(d.get("uri")),
    )


def nothing(data: Any) -> None:
    """For answers without a body (204)."""
    return


@attrs.frozen(slots=True)
class PageData(Generic[T]):
    """One page of a list envelope, with its items already typed."""

    items: list[T]
    page: int | None
    page_size: int | None
    start: int | None
    end: int | None
    uri: str | None
    first_page_uri: str | None
    next_page_uri: str | None
    previous_page_uri: str | None


def page(data: Any, items_key: str, item: Callable[[Any], T]) -> PageData[T]:
    d = _object(data)
    raw_items = d.get(items_key)
    return PageData(
        items=[item(entry) for entry in raw_items] if isinstance(raw_items, list) else [],
        page=to_int(d.get("page")),
        page_size=to_int(d.get("page_size")),
        start=to_int(d.get("start")),
        end=to_int(d.get("end")),
        uri=to_str(d.get("uri")),
        first_page_uri=to_str(d.get("first_page_uri")),
        next_page_uri=to_str(d.get("next_page_uri")) or None,
        previous_page_uri=to_str(d.get("previous_page_uri")) or None,
    )


def message_page(data: Any) -> PageData[Message]:
    return page(data, "messages", message)


def media_page(data: Any) -> PageData[Media]:
    return page(data, "media_list", media)


def _object(data: Any) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        return data
    raise SendwireError(f"expected a JSON object from the service, got {type(data).__name__}")
