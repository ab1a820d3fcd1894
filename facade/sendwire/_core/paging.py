"""Walking a list: which page to ask for next and how many of its items to hand out."""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

from .._generated.models import PageData
from ..errors import PagingLoopError
from .links import confine_link, shown_url
from .prepared import PreparedRequest

T = TypeVar("T")


def follow(
    first: PreparedRequest[PageData[T]], base_url: str, next_page_uri: str
) -> PreparedRequest[PageData[T]]:
    """The request for the page at ``next_page_uri``.

    The URI already holds the filters and the position, so nothing else is sent. It must stay
    on ``base_url`` and the list's own path (``links.confine_link``): credentials never go
    anywhere else.
    """
    path = confine_link(base_url, first.path.partition("?")[0], next_page_uri)
    return attrs.evolve(first, path=path, params=None)


def next_page_request(
    first: PreparedRequest[PageData[T]], base_url: str, page: PageData[T], seen: set[str]
) -> PreparedRequest[PageData[T]]:
    """``follow`` for the page after ``page``, refusing a link to a page already read (its own
    ``uri`` or any in ``seen``, which it then joins)."""
    link = page.next_page_uri or ""
    if page.uri:
        seen.add(page.uri)
    if link in seen:
        shown = shown_url(link)
        raise PagingLoopError(
            f"the next page link {shown!r} leads back to a page already read", url=shown
        )
    request = follow(first, base_url, link)
    seen.add(link)
    return request


class Cursor(Generic[T]):
    """State of a lazy walk over the pages of a list, bounded by an optional ``limit``."""

    __slots__ = ("_base_url", "_first", "_remaining", "_seen")

    def __init__(
        self, first: PreparedRequest[PageData[T]], base_url: str, limit: int | None
    ) -> None:
        self._first = first
        self._base_url = base_url
        self._remaining = limit
        self._seen: set[str] = set()

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
        return next_page_request(self._first, self._base_url, page, self._seen)


def effective_page_size(
    page_size: int | None, limit: int | None, maximum: int | None
) -> int | None:
    """With a small ``limit`` and no ``page_size``, ask for no more than will be used."""
    if page_size is None and limit is not None and limit > 0:
        return limit if maximum is None else min(limit, maximum)
    return page_size
