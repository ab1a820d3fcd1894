# Generated from async_page.py by tools/unasync.py (`make unasync`); do not edit.
"""``Page``: one page of a list from ``Client``, able to fetch the page after it.

It holds one page of items, so walking a long list with it keeps memory flat. This module is
derived from ``async_page.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

import attrs

from ._generated.models import PageData

__all__ = ["Page"]

T = TypeVar("T")


def _fields(data: PageData[T]) -> dict[str, object]:
    return {f.name: getattr(data, f.name) for f in attrs.fields(PageData)}


@attrs.frozen(slots=True)
class Page(PageData[T], Generic[T]):
    """A page of results: ``items`` plus the paging links; ``next_page()`` reads the next."""

    _fetch: Callable[[PageData[T]], Page[T]] = attrs.field(repr=False, eq=False, alias="fetch")

    @classmethod
    def of(cls, data: PageData[T], fetch: Callable[[PageData[T]], Page[T]]) -> Page[T]:
        return cls(fetch=fetch, **_fields(data))  # type: ignore[arg-type]

    @property
    def has_next_page(self) -> bool:
        return self.next_page_uri is not None

    def next_page(self) -> Page[T] | None:
        """The following page, or None when this is the last one."""
        if self.next_page_uri is None or not self.items:
            return None
        return self._fetch(self)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
