"""Walking a list: which page to ask for next and how many of its items to hand out."""

from __future__ import annotations

from typing import Generic, TypeVar
from urllib.parse import urlsplit

import attrs

from .._generated.models import PageData
from .prepared import PreparedRequest

T = TypeVar("T")


def follow(first: PreparedRequest[PageData[T]], next_page_uri: str) -> PreparedRequest[PageData[T]]:
    """The request for the page at ``next_page_uri``.

    The URI already holds the filters and the position, so nothing else is sent. Only its path
    and query are used: credentials never go to a host other than the client's base URL.
    """
    parts = urlsplit(next_page_uri)
    path = parts.path + ("?" + parts.query if parts.query else "")
    return attrs.evolve(first, path=path, params=None)


class Cursor(Generic[T]):
    """State of a lazy walk over the pages of a list, bounded by an optional ``limit``."""

    __slots__ = ("_first", "_remaining")

    def __init__(self, first: PreparedRequest[PageData[T]], limit: int | None) -> None:
        self._first = first
        self._remaining = limit

    def first_request(self) -> PreparedRequest[PageData[T]] | None:
        return None if self._remaining == 0 else self._first

    def take(self, page: PageData[T]) -> list[T]:
        """The page's items to hand out, counting them against the limit."""
        items = page.items
        if self._remaining is None:
            return items
        if len(items) > self._remaining:
            items = items[: self._remaining]
        self._remaining -= len(items)
        return items

    def next_request(self, page: PageData[T]) -> PreparedRequest[PageData[T]] | None:
        if self._remaining == 0 or not page.next_page_uri or not page.items:
            return None
        return follow(self._first, page.next_page_uri)


def effective_page_size(
    page_size: int | None, limit: int | None, maximum: int | None
) -> int | None:
    """With a small ``limit`` and no ``page_size``, ask for no more than will be used."""
    if page_size is None and limit is not None and limit > 0:
        return limit if maximum is None else min(limit, maximum)
    return page_size
