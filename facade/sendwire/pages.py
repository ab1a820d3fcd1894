"""One page of a list, able to fetch the page after it.

``Page`` comes from ``Client`` (``page.next_page()``), ``AsyncPage`` from ``AsyncClient``
(``await page.next_page()``). Both hold one page of items, so walking a long list with them (or
with ``messages.list()``, which uses the same requests) keeps memory flat. ``AsyncPage`` is
written by hand (``async_page``); ``Page`` is derived from it (``page``, by ``make unasync``).
"""

from __future__ import annotations

from .async_page import AsyncPage
from .page import Page

__all__ = ["AsyncPage", "Page"]
