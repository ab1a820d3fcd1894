"""``send_many``, ``redact_many`` and ``delete_many`` as methods of ``client.messages``.

``Messages`` and ``AsyncMessages`` inherit these, so the clients stay thin and the bulk
surface is written once: the async methods await the engine, the sync ones run the same
engine on a private event loop (``sendwire.bulk.api.run_with_async_client``).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any, cast

from sendwire.bulk import api
from sendwire.bulk.progress import ProgressCallback
from sendwire.bulk.results import BulkResult
from sendwire.bulk.sweep import SweepAction

if TYPE_CHECKING:
    from sendwire.async_client import AsyncClient, AsyncMessages
    from sendwire.client import Client

DateFilter = dt.date | str
JournalPath = str | os.PathLike[str]


def _filters(
    to: str | None,
    from_: str | None,
    date_sent: DateFilter | None,
    date_sent_before: DateFilter | None,
    date_sent_after: DateFilter | None,
) -> dict[str, Any]:
    return {
        "to": to,
        "from_": from_,
        "date_sent": date_sent,
        "date_sent_before": date_sent_before,
        "date_sent_after": date_sent_after,
    }


class AsyncBulkMethods:
    async def send_many(
        self,
        items: api.Items,
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        journal: JournalPath | None = None,
        on_progress: ProgressCallback | None = None,
        stop_on_error: bool = False,
    ) -> BulkResult:
        """Send one message per item, ``concurrency`` at a time, each exactly once.

        ``items`` is any iterable (or async iterable) of dicts of ``create`` arguments
        (``from`` may be spelt ``from_``); it is read lazily. ``rate_limit`` caps messages per
        second; a 429 from the server slows the run down on its own. With ``journal=PATH``
        every outcome is kept in that file and a re-run sends only what has no confirmed
        outcome, after checking the server for anything whose fate is unknown. An item that
        is invalid or refused fails alone; ``stop_on_error`` stops at the first failure.
        ``on_progress`` receives a ``BulkProgress`` about ten times a second.
        """
        return await api.send_many(
            cast("AsyncMessages", self),
            items,
            concurrency=concurrency,
            rate_limit=rate_limit,
            journal=journal,
            on_progress=on_progress,
            stop_on_error=stop_on_error,
        )

    async def redact_many(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        concurrency: int = 16,
        rate_limit: float | None = None,
        journal: JournalPath | None = None,
        on_progress: ProgressCallback | None = None,
        stop_on_error: bool = False,
    ) -> BulkResult:
        """Redact every message ``list`` gives for these filters, concurrently; resumable
        with ``journal`` like ``send_many``."""
        return await api.sweep_many(
            cast("AsyncMessages", self),
            SweepAction.REDACT,
            _filters(to, from_, date_sent, date_sent_before, date_sent_after),
            concurrency=concurrency,
            rate_limit=rate_limit,
            journal=journal,
            on_progress=on_progress,
            stop_on_error=stop_on_error,
        )

    async def delete_many(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        concurrency: int = 16,
        rate_limit: float | None = None,
        journal: JournalPath | None = None,
        on_progress: ProgressCallback | None = None,
        stop_on_error: bool = False,
    ) -> BulkResult:
        """Delete every message ``list`` gives for these filters, concurrently; a message
        already gone counts as deleted. Resumable with ``journal`` like ``send_many``."""
        return await api.sweep_many(
            cast("AsyncMessages", self),
            SweepAction.DELETE,
            _filters(to, from_, date_sent, date_sent_before, date_sent_after),
            concurrency=concurrency,
            rate_limit=rate_limit,
            journal=journal,
            on_progress=on_progress,
            stop_on_error=stop_on_error,
        )


class BulkMethods:
    _client: Client

    def send_many(
        self,
        items: api.Items,
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        journal: JournalPath | None = None,
        on_progress: ProgressCallback | None = None,
        stop_on_error: bool = False,
    ) -> BulkResult:
        """Send one message per item, exactly once; see ``AsyncMessages.send_many``.

        Runs the async engine on a private event loop in a worker thread, so ``items`` is
        read and ``on_progress`` called from that thread.
        """

        async def work(client: AsyncClient) -> BulkResult:
            return await client.messages.send_many(
                items,
                concurrency=concurrency,
                rate_limit=rate_limit,
                journal=journal,
                on_progress=on_progress,
                stop_on_error=stop_on_error,
            )

        return api.run_with_async_client(self._client, work)

    def redact_many(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        concurrency: int = 16,
        rate_limit: float | None = None,
        journal: JournalPath | None = None,
        on_progress: ProgressCallback | None = None,
        stop_on_error: bool = False,
    ) -> BulkResult:
        """Redact every message the filters list; see ``AsyncMessages.redact_many``."""

        async def work(client: AsyncClient) -> BulkResult:
            return await client.messages.redact_many(
                to=to,
                from_=from_,
                date_sent=date_sent,
                date_sent_before=date_sent_before,
                date_sent_after=date_sent_after,
                concurrency=concurrency,
                rate_limit=rate_limit,
                journal=journal,
                on_progress=on_progress,
                stop_on_error=stop_on_error,
            )

        return api.run_with_async_client(self._client, work)

    def delete_many(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: DateFilter | None = None,
        date_sent_before: DateFilter | None = None,
        date_sent_after: DateFilter | None = None,
        concurrency: int = 16,
        rate_limit: float | None = None,
        journal: JournalPath | None = None,
        on_progress: ProgressCallback | None = None,
        stop_on_error: bool = False,
    ) -> BulkResult:
        """Delete every message the filters list; see ``AsyncMessages.delete_many``."""

        async def work(client: AsyncClient) -> BulkResult:
            return await client.messages.delete_many(
                to=to,
                from_=from_,
                date_sent=date_sent,
                date_sent_before=date_sent_before,
                date_sent_after=date_sent_after,
                concurrency=concurrency,
                rate_limit=rate_limit,
                journal=journal,
                on_progress=on_progress,
                stop_on_error=stop_on_error,
            )

        return api.run_with_async_client(self._client, work)
