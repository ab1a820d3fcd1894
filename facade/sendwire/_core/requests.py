"""Building each operation's request: arguments to wire values, checked against the spec's
rules, then laid out from the generated operation table.

``sendwire._generated.operations`` records each operation's method, path template and
inputs (names, wire names, kinds, rules), so one function lays out any operation: a field,
filter or whole operation added to the spec is sent here after ``make generate`` with no
edit. The hand-written calls below only add what is behaviour (redaction, cancellation,
which calls are safe to repeat).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

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
from .._schema.operation import OperationInputs
from . import validate
from .inputs import check, check_one, wire_values
from .paging import effective_page_size
from .prepared import PreparedRequest
from .retry import RetrySafety

T = TypeVar("T")

_READ = RetrySafety.IDEMPOTENT
# Paging parameters: how many per page, on top of the filters.
PAGE_SIZE = "page_size"

_templates: dict[int, tuple[str, ...]] = {}
# Paths already judged by the spec's rules: clients reach the same few again and again.
_paths: dict[tuple[int, tuple[str, ...]], str] = {}
_PATH_MEMORY = 4096


def _nothing(data: Any) -> None:
    """For answers without a body (204)."""
    return


def _url(op: OperationInputs, values: Sequence[str]) -> str:
    """The operation's path with each parameter's value (URL-quoted) in its place."""
    pieces = _templates.get(id(op))
    if pieces is None:
        text = op.template
        for item in op.path:
            text = text.replace("{" + item.wire + "}", "\0")
        pieces = _templates[id(op)] = tuple(text.split("\0"))
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        # SIDs need no quoting; anything else is quoted as the generated client does.
        out.append(value if value.isalnum() and value.isascii() else quote(value, safe=""))
        out.append(piece)
    return "".join(out)


def _path(op: OperationInputs, values: Sequence[str]) -> str:
    """The path, once the spec's rules accept its values (given in the operation's order)."""
    key = (id(op), tuple(values))
    known = _paths.get(key) if all(type(value) is str for value in values) else None
    if known is not None:
        return known
    if len(values) != len(op.path):
        raise TypeError(f"{op.operation_id} takes {len(op.path)} path values, not {len(values)}")
    text = [validate.text(value, item.name) for item, value in zip(op.path, values, strict=True)]
    check(op, "path", {item.wire: value for item, value in zip(op.path, text, strict=True)})
    if len(_paths) >= _PATH_MEMORY:
        _paths.clear()
    url = _paths[key] = _url(op, text)  # every value is text once validated
    return url


def _checked(
    op: OperationInputs, location: str, arguments: Mapping[str, Any], call: str
) -> dict[str, Any]:
    wire = wire_values(op, location, arguments, call)
    check(op, location, wire)
    return wire


def operation(
    op: OperationInputs,
    path: Sequence[str],
    query: Mapping[str, Any],
    body: Mapping[str, Any],
    parse: Callable[[Any], T],
    *,
    safety: RetrySafety | None = None,
    call: str | None = None,
) -> PreparedRequest[T]:
    """Any operation's request, laid out from the generated table.

    Retries follow the method's safety unless ``safety`` says otherwise: a POST is repeated
    only when it provably never reached the service; a DELETE whose earlier attempt may have
    succeeded counts a later 404 as done.
    """
    name = call or op.operation_id
    if safety is None:
        safety = _READ if op.idempotent else RetrySafety.UNSENT_ONLY
    has_body = op.body_schema is not None
    return PreparedRequest(
        method=op.method,
        path=_path(op, path),
        params=_checked(op, "query", query, name) if op.query else None,
        data=_checked(op, "body", body, name) if has_body else None,
        safety=safety,
        parse=parse,
        not_found_after_retry_is_done=op.method == "DELETE",
    )


def operation_page(
    op: OperationInputs,
    path: Sequence[str],
    filters: Mapping[str, Any],
    parse: Callable[[Any], PageData[T]],
    *,
    page_size: int | None = None,
    limit: int | None = None,
    call: str = "list",
) -> PreparedRequest[PageData[T]]:
    """The first page of a list operation, filtered; ``limit`` keeps pages no larger than it."""
    if limit is not None:
        validate.limit(limit)
    unknown = set(filters) - set(op.filters)
    if unknown:
        raise TypeError(f"{call}() got an unexpected keyword argument {min(unknown)!r}")
    size = effective_page_size(page_size, limit, op.max_page_size)
    query = {**filters, PAGE_SIZE: size} if PAGE_SIZE in op.names("query") else filters
    return operation(op, path, query, {}, parse, call=call)


def with_account(op: OperationInputs, account_sid: str, values: Sequence[str]) -> tuple[str, ...]:
    """The path values with the client's account in front, where the path starts with one."""
    if op.path and op.path[0].wire == ops.ACCOUNT_PARAMETER:
        return (account_sid, *values)
    return tuple(values)


def check_account_sid(value: object) -> str:
    text = validate.text(value, "account_sid")
    check_one(ops.LIST_MESSAGE, "path", "account_sid", text)
    return text


# ---- messages -------------------------------------------------------------------------------


def create(account_sid: str, fields: Mapping[str, Any]) -> PreparedRequest[Message]:
    """A create request; raises ``ValidationError`` for anything the API would refuse."""
    # Creating twice would send twice: repeat only what provably never reached the service.
    return operation(ops.CREATE_MESSAGE, (account_sid,), {}, fields, parse_message, call="create")


def fetch(account_sid: str, sid: str) -> PreparedRequest[Message]:
    return operation(ops.FETCH_MESSAGE, (account_sid, sid), {}, {}, parse_message)


def list_page(
    account_sid: str,
    filters: Mapping[str, Any],
    *,
    page_size: int | None = None,
    limit: int | None = None,
) -> PreparedRequest[PageData[Message]]:
    """The first page of a filtered list."""
    return operation_page(
        ops.LIST_MESSAGE,
        (account_sid,),
        filters,
        parse_message_list,
        page_size=page_size,
        limit=limit,
    )


def update(account_sid: str, sid: str, fields: Mapping[str, Any]) -> PreparedRequest[Message]:
    # Setting the same fields twice leaves the same state, so it is retried like a read.
    return operation(
        ops.UPDATE_MESSAGE, (account_sid, sid), {}, fields, parse_message, safety=_READ,
        call="update",
    )  # fmt: skip


def redact(account_sid: str, sid: str) -> PreparedRequest[Message]:
    # The reference's redaction: the body set to the empty string.
    return update(account_sid, sid, {"body": ""})


def cancel(account_sid: str, sid: str) -> PreparedRequest[Message]:
    # The reference's cancellation of a scheduled message.
    return update(account_sid, sid, {"status": UpdateMessageStatus.CANCELED})


def delete(account_sid: str, sid: str) -> PreparedRequest[None]:
    return operation(ops.DELETE_MESSAGE, (account_sid, sid), {}, {}, _nothing)


def feedback(account_sid: str, sid: str, outcome: str) -> PreparedRequest[Feedback]:
    # A message has one feedback record; posting the same outcome again changes nothing.
    return operation(
        ops.CREATE_MESSAGE_FEEDBACK, (account_sid, sid), {}, {"outcome": outcome},
        parse_feedback, safety=_READ, call="feedback",
    )  # fmt: skip


# ---- media ----------------------------------------------------------------------------------


def media_list_page(
    account_sid: str, message_sid: str, *, page_size: int | None = None, limit: int | None = None
) -> PreparedRequest[PageData[Media]]:
    return operation_page(
        ops.LIST_MEDIA,
        (account_sid, message_sid),
        {},
        parse_media_list,
        page_size=page_size,
        limit=limit,
    )


def media_fetch(account_sid: str, message_sid: str, media_sid: str) -> PreparedRequest[Media]:
    return operation(ops.FETCH_MEDIA, (account_sid, message_sid, media_sid), {}, {}, parse_media)


def media_delete(account_sid: str, message_sid: str, media_sid: str) -> PreparedRequest[None]:
    return operation(ops.DELETE_MEDIA, (account_sid, message_sid, media_sid), {}, {}, _nothing)


def message_sid(value: object) -> str:
    """A message SID the spec accepts (for ``messages.media(sid)``)."""
    text = validate.text(value, "sid")
    check_one(ops.LIST_MEDIA, "path", "message_sid", text)
    return text
