"""Keyset paging: page tokens and the list envelope.

A token names the last (or, for a previous page, first) item a page showed, so the next
page starts right after it whatever was inserted or deleted meanwhile: a walk sees no
duplicate and skips nothing that existed when it began. `Page` only carries client state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import attrs

from .._generated.operations import PAGING_PARAMETERS
from .errors import NOT_FOUND, ApiError

DEFAULT_PAGE_SIZE = 50
AFTER, BEFORE = "PA", "PB"

_MESSAGE_TOKEN = re.compile(r"(P[AB])([0-9]{1,19})_((?:SM|MM)[0-9a-fA-F]{32})\Z")
_MEDIA_TOKEN = re.compile(r"(P[AB])([0-9]{1,4})\Z")

Item = TypeVar("Item")


def message_token(direction: str, date_sent: int, sid: str) -> str:
    return f"{direction}{date_sent}_{sid}"


def _no_such_page() -> ApiError:
    # Any string is a valid PageToken to the spec; one this API never issued names a page
    # that does not exist.
    return ApiError(404, NOT_FOUND, "The requested page was not found: unknown PageToken")


def parse_message_token(token: str) -> tuple[str, tuple[int, str]]:
    match = _MESSAGE_TOKEN.match(token)
    if match is None:
        raise _no_such_page()
    return match.group(1), (int(match.group(2)), match.group(3))


def media_token(direction: str, position: int) -> str:
    return f"{direction}{position}"


def parse_media_token(token: str) -> tuple[str, int]:
    match = _MEDIA_TOKEN.match(token)
    if match is None:
        raise _no_such_page()
    return match.group(1), int(match.group(2))


# The paging parameters of the list operations, as the generator config names them.
PAGE_SIZE, PAGE, PAGE_TOKEN = (
    PAGING_PARAMETERS[part] for part in ("page_size", "page", "page_token")
)
PAGING = (PAGE_SIZE, PAGE, PAGE_TOKEN)


@attrs.frozen
class PageRequest:
    size: int
    number: int
    token: str | None
    filters: tuple[tuple[str, str], ...]

    @classmethod
    def from_query(cls, query: dict[str, Any], filter_names: Sequence[str] = ()) -> PageRequest:
        filters = tuple((name, str(query[name])) for name in filter_names if name in query)
        return cls(
            size=int(query.get(PAGE_SIZE, DEFAULT_PAGE_SIZE)),
            number=int(query.get(PAGE, 0)),
            token=query.get(PAGE_TOKEN),
            filters=filters,
        )

    def uri(self, base: str, number: int, token: str | None) -> str:
        pairs: list[tuple[str, str]] = [*self.filters, (PAGE_SIZE, str(self.size))]
        pairs.append((PAGE, str(number)))
        if token is not None:
            pairs.append((PAGE_TOKEN, token))
        return f"{base}?{urlencode(pairs, quote_via=quote)}"


def trim(rows: list[Item], request: PageRequest, direction: str) -> tuple[list[Item], bool, bool]:
    """Cut a `size + 1` fetch to one page: (items, more after it, more before it)."""
    more = len(rows) > request.size
    if direction == BEFORE:
        items = rows[1:] if more else rows
        return items, bool(items), more
    items = rows[: request.size]
    return items, more, request.token is not None and bool(items)


def envelope(
    key: str,
    items: list[dict[str, Any]],
    request: PageRequest,
    base: str,
    next_token: str | None,
    previous_token: str | None,
) -> dict[str, Any]:
    start = request.number * request.size
    return {
        key: items,
        "end": start + max(len(items) - 1, 0),
        "first_page_uri": request.uri(base, 0, None),
        "next_page_uri": (
            request.uri(base, request.number + 1, next_token) if next_token is not None else None
        ),
        "page": request.number,
        "page_size": request.size,
        "previous_page_uri": (
            request.uri(base, max(request.number - 1, 0), previous_token)
            if previous_token is not None
            else None
        ),
        "start": start,
        "uri": request.uri(base, request.number, request.token),
    }
