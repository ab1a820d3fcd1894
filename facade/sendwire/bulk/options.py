"""The options every bulk run takes, defined once.

``BulkOptions`` is what callers write (``send_many(items, concurrency=8, journal=...)``): a
``TypedDict`` unpacked into the methods' keyword arguments, so type checkers know each name.
``RunOptions`` is the same value with its defaults filled in, as the engine reads it; it
refuses a name it does not know, as a misspelt keyword argument should be refused.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, TypedDict

import attrs

from sendwire._generated.operations import ListMessageFilters
from sendwire.bulk.progress import ProgressCallback

JournalPath = str | os.PathLike[str]


class BulkOptions(TypedDict, total=False):
    """How a bulk run goes (every key is optional; defaults in ``RunOptions``)."""

    #: Requests in flight at once.
    concurrency: int
    #: At most this many requests per second (a 429 slows the run down on its own).
    rate_limit: float | None
    #: The file that makes the run exactly-once and resumable; a temporary one without it.
    journal: JournalPath | None
    #: Called with a ``BulkProgress`` about ten times a second.
    on_progress: ProgressCallback | None
    #: Stop at the first item that fails.
    stop_on_error: bool


class SweepArguments(ListMessageFilters, BulkOptions, total=False):
    """``redact_many`` and ``delete_many``: the list filters and the bulk options."""


def _positive_concurrency(instance: object, attribute: object, value: int) -> None:
    if value < 1:
        raise ValueError("concurrency must be at least 1")


def _positive_rate(instance: object, attribute: object, value: float | None) -> None:
    if value is not None and value <= 0:
        raise ValueError("rate_limit must be a positive number of messages per second")


@attrs.frozen(kw_only=True)
class RunOptions:
    """``BulkOptions`` with every default in place."""

    concurrency: int = attrs.field(default=16, validator=_positive_concurrency)
    rate_limit: float | None = attrs.field(default=None, validator=_positive_rate)
    journal: JournalPath | None = None
    on_progress: ProgressCallback | None = None
    stop_on_error: bool = False

    @classmethod
    def of(cls, options: Mapping[str, Any]) -> RunOptions:
        """The options given as keyword arguments; an unknown name is a ``TypeError``."""
        return cls(**options)


def split_sweep_arguments(arguments: Mapping[str, Any]) -> tuple[dict[str, Any], RunOptions]:
    """A sweep's keyword arguments as (list filters, run options)."""
    names = set(BulkOptions.__annotations__)
    filters = {k: v for k, v in arguments.items() if k not in names}
    return filters, RunOptions.of({k: v for k, v in arguments.items() if k in names})
