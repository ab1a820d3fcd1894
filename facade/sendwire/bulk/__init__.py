"""Bulk work: send, redact and delete many messages concurrently, exactly once, resumably.

The names below are imported on first use, so ``import sendwire`` (whose clients carry the
bulk methods) does not load the engine, its journal or SQLite.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendwire.bulk.errors import JournalError, JournalMismatchError, OutcomeUnknownError
    from sendwire.bulk.results import BulkFailure, BulkResult, BulkSuccess

_HOMES = {
    "BulkFailure": "sendwire.bulk.results",
    "BulkResult": "sendwire.bulk.results",
    "BulkSuccess": "sendwire.bulk.results",
    "JournalError": "sendwire.bulk.errors",
    "JournalMismatchError": "sendwire.bulk.errors",
    "OutcomeUnknownError": "sendwire.bulk.errors",
}

__all__ = [
    "BulkFailure",
    "BulkResult",
    "BulkSuccess",
    "JournalError",
    "JournalMismatchError",
    "OutcomeUnknownError",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
