"""Building each operation's request: arguments to wire values, checked against the spec's
rules, then laid out by the generated client.

The generated ``_get_kwargs`` functions know each operation's path template and parameter
names, and the generated request models know the form field names. What each operation
accepts (names, kinds, rules) comes from ``sendwire._generated.operations``, so a field or
filter added to the spec is accepted here after ``make generate`` with no edit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sendwire_api.api.feedback import create_message_feedback
from sendwire_api.api.media import delete_media, fetch_media, list_media
from sendwire_api.api.messages import (
    create_message,
    delete_message,
    fetch_message,
    list_message,
    update_message,
)
from sendwire_api.models import (
    CreateMessageFeedbackRequest,
    CreateMessageRequest,
    UpdateMessageRequest,
)

from .._generated import operations as ops
from .._generated.enums import UpdateMessageStatus
from .._generated.models import (
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
from . import validate
from .inputs import OperationInputs, check, check_one, wire_values
from .paging import effective_page_size
from .prepared import PreparedRequest
from .retry import RetrySafety

T = TypeVar("T")

_READ = RetrySafety.IDEMPOTENT
# Paging parameters: how many per page, on top of the filters.
PAGE_SIZE = "page_size"


def _prepared(
    kwargs: dict[str, Any],
    safety: RetrySafety,
    parser: Callable[[Any], T],
    *,
    not_found_after_retry_is_done: bool = False,
) -> PreparedRequest[T]:
    return PreparedRequest(
        method=kwargs["method"].upper(),
        path=kwargs["url"],
        params=kwargs.get("params"),
        data=kwargs.get("data"),
        safety=safety,
        parse=parser,
        not_found_after_retry_is_done=not_found_after_retry_is_done,
    )


def _nothing(data: Any) -> None:
    """For answers without a body (204)."""
    return


def _path(op: OperationInputs, *values: str) -> list[str]:
    """The path values, in the operation's order, once the spec's rules accept them."""
    wire = {item.wire: value for item, value in zip(op.path, values, strict=True)}
    check(op, "path", wire)
    return list(values)


def _body(op: OperationInputs, fields: Mapping[str, Any], call: str) -> dict[str, Any]:
    wire = wire_values(op, "body", fields, call)
    check(op, "body", wire)
    return wire


def _query(op: OperationInputs, arguments: Mapping[str, Any], call: str) -> dict[str, Any]:
    """Query arguments by the generated client's names, checked on their wire names."""
    wire = wire_values(op, "query", arguments, call)
    check(op, "query", wire)
    by_wire = {item.wire: item.name for item in op.query}
    return {by_wire[name]: value for name, value in wire.items()}


def page_size_bounds(op: OperationInputs) -> int | None:
    """The largest page the spec allows for a list operation (None: the spec sets none)."""
    for item in op.query:
        if item.name == PAGE_SIZE:
            maximum = op.query_schema["properties"][item.wire].get("maximum")
            return maximum if isinstance(maximum, int) else None
    return None


#: The largest message page the spec allows: what walks over many messages ask for.
MAX_PAGE_SIZE = page_size_bounds(ops.LIST_MESSAGE)
#: How many media URLs one message may carry, as the spec bounds them.
MAX_MEDIA_URLS: int | None = (
    (ops.CREATE_MESSAGE.body_schema or {}).get("properties", {}).get("MediaUrl", {}).get("maxItems")
)


def check_account_sid(value: object) -> str:
    text = validate.text(value, "account_sid")
    check_one(ops.LIST_MESSAGE, "path", "account_sid", text)
    return text


# ---- messages -------------------------------------------------------------------------------


def create(account_sid: str, fields: Mapping[str, Any]) -> PreparedRequest[Message]:
    """A create request; raises ``ValidationError`` for anything the API would refuse."""
    body = CreateMessageRequest.from_dict(_body(ops.CREATE_MESSAGE, fields, "create"))
    # Creating twice would send twice: repeat only what provably never reached the service.
    return _prepared(
        create_message._get_kwargs(account_sid, body=body), RetrySafety.UNSENT_ONLY, parse_message
    )


def fetch(account_sid: str, sid: str) -> PreparedRequest[Message]:
    _path(ops.FETCH_MESSAGE, account_sid, sid)
    return _prepared(fetch_message._get_kwargs(account_sid, sid), _READ, parse_message)


def list_page(
    account_sid: str,
    filters: Mapping[str, Any],
    *,
    page_size: int | None = None,
    limit: int | None = None,
) -> PreparedRequest[PageData[Message]]:
    """The first page of a filtered list."""
    if limit is not None:
        validate.limit(limit)
    op = ops.LIST_MESSAGE
    unknown = set(filters) - set(op.filters)
    if unknown:
        raise TypeError(f"list() got an unexpected keyword argument {min(unknown)!r}")
    size = effective_page_size(page_size, limit, page_size_bounds(op))
    query = _query(op, {**filters, PAGE_SIZE: size}, "list")
    kwargs = list_message._get_kwargs(account_sid, **query)
    return _prepared(kwargs, _READ, parse_message_list)


def update(account_sid: str, sid: str, fields: Mapping[str, Any]) -> PreparedRequest[Message]:
    _path(ops.UPDATE_MESSAGE, account_sid, sid)
    body = UpdateMessageRequest.from_dict(_body(ops.UPDATE_MESSAGE, fields, "update"))
    # Setting the same fields twice leaves the same state, so it is retried like a read.
    kwargs = update_message._get_kwargs(account_sid, sid, body=body)
    return _prepared(kwargs, _READ, parse_message)


def redact(account_sid: str, sid: str) -> PreparedRequest[Message]:
    # The reference's redaction: the body set to the empty string.
    return update(account_sid, sid, {"body": ""})


def cancel(account_sid: str, sid: str) -> PreparedRequest[Message]:
    # The reference's cancellation of a scheduled message.
    return update(account_sid, sid, {"status": UpdateMessageStatus.CANCELED})


def delete(account_sid: str, sid: str) -> PreparedRequest[None]:
    _path(ops.DELETE_MESSAGE, account_sid, sid)
    return _prepared(
        delete_message._get_kwargs(account_sid, sid),
        _READ,
        _nothing,
        not_found_after_retry_is_done=True,
    )


def feedback(account_sid: str, sid: str, outcome: str) -> PreparedRequest[Feedback]:
    op = ops.CREATE_MESSAGE_FEEDBACK
    _path(op, account_sid, sid)
    body = CreateMessageFeedbackRequest.from_dict(_body(op, {"outcome": outcome}, "feedback"))
    # A message has one feedback record; posting the same outcome again changes nothing.
    kwargs = create_message_feedback._get_kwargs(account_sid, sid, body=body)
    return _prepared(kwargs, _READ, parse_feedback)


# ---- media ----------------------------------------------------------------------------------


def media_list_page(
    account_sid: str, message_sid: str, *, page_size: int | None = None, limit: int | None = None
) -> PreparedRequest[PageData[Media]]:
    if limit is not None:
        validate.limit(limit)
    op = ops.LIST_MEDIA
    _path(op, account_sid, message_sid)
    size = effective_page_size(page_size, limit, page_size_bounds(op))
    query = _query(op, {PAGE_SIZE: size}, "list")
    kwargs = list_media._get_kwargs(account_sid, message_sid, **query)
    return _prepared(kwargs, _READ, parse_media_list)


def media_fetch(account_sid: str, message_sid: str, media_sid: str) -> PreparedRequest[Media]:
    _path(ops.FETCH_MEDIA, account_sid, message_sid, media_sid)
    return _prepared(
        fetch_media._get_kwargs(account_sid, message_sid, media_sid), _READ, parse_media
    )


def media_delete(account_sid: str, message_sid: str, media_sid: str) -> PreparedRequest[None]:
    _path(ops.DELETE_MEDIA, account_sid, message_sid, media_sid)
    return _prepared(
        delete_media._get_kwargs(account_sid, message_sid, media_sid),
        _READ,
        _nothing,
        not_found_after_retry_is_done=True,
    )


def message_sid(value: object) -> str:
    """A message SID the spec accepts (for ``messages.media(sid)``)."""
    text = validate.text(value, "sid")
    check_one(ops.LIST_MEDIA, "path", "message_sid", text)
    return text
