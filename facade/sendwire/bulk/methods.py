"""``send_many``, ``redact_many`` and ``delete_many`` as methods of ``client.messages``.

``Messages`` and ``AsyncMessages`` inherit these, so the clients stay thin and the bulk
surface is written once: the async methods await the engine, the sync ones run the same
engine on a private event loop (``sendwire.bulk.api.run_with_async_client``). The engine is
imported on first use, so ``import sendwire`` does not load it. The options are one typed
value (``sendwire.bulk.options.BulkOptions``); the filters are the list filters the spec
declares (``ListMessageFilters``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from sendwire.async_client import AsyncClient, AsyncMessages
    from sendwire.bulk.options import BulkOptions, SweepArguments
    from sendwire.bulk.results import BulkResult
    from sendwire.bulk.send import Items
    from sendwire.client import Client


class AsyncBulkMethods:
    async def send_many(self, items: Items, **options: Unpack[BulkOptions]) -> BulkResult:
        """Send one message per item, ``concurrency`` at a time (16), each exactly once.

        ``items`` is any iterable (or async iterable) of dicts of ``create`` arguments
        (``from`` may be spelt ``from_``); it is read lazily. ``rate_limit`` caps messages per
        second; a 429 from the server slows the run down on its own. With ``journal=PATH``
        every outcome is kept in that file and a re-run sends only what has no confirmed
        outcome, after checking the server for anything whose fate is unknown; an item that
        failed without being sent may be corrected in the input and goes out on the re-run.
        An item that is invalid or refused fails alone; ``stop_on_error`` stops at the first
        failure. ``on_progress`` receives a ``BulkProgress`` about ten times a second.
        """
        from sendwire.bulk import api

        return await api.send_many(cast("AsyncMessages", self), items, options)

    async def redact_many(self, **arguments: Unpack[SweepArguments]) -> BulkResult:
        """Redact every message ``list`` gives for these filters, concurrently; resumable
        with ``journal`` like ``send_many``, which takes the same options."""
        from sendwire.bulk import api
        from sendwire.bulk.sweep import SweepAction

        return await api.sweep_many(cast("AsyncMessages", self), SweepAction.REDACT, arguments)

    async def delete_many(self, **arguments: Unpack[SweepArguments]) -> BulkResult:
        """Delete every message ``list`` gives for these filters, concurrently; a message
        already gone counts as deleted. Resumable with ``journal`` like ``send_many``."""
        from sendwire.bulk import api
        from sendwire.bulk.sweep import SweepAction

        return await api.sweep_many(cast("AsyncMessages", self), SweepAction.DELETE, arguments)


class BulkMethods:
    """The same three methods for ``Client``: each runs its async twin on the engine's private
    event loop in a worker thread (so ``items`` is read and ``on_progress`` called there)."""

    @property
    def client(self) -> Client:
        raise NotImplementedError

    def _on_async_twin(self, method: str, *args: Any, **kwargs: Any) -> BulkResult:
        from sendwire.bulk import api

        async def work(client: AsyncClient) -> BulkResult:
            result: BulkResult = await getattr(client.messages, method)(*args, **kwargs)
            return result

        return api.run_with_async_client(self.client, work)

    def send_many(self, items: Items, **options: Unpack[BulkOptions]) -> BulkResult:
        """Send one message per item, exactly once; see ``AsyncMessages.send_many``."""
        return self._on_async_twin("send_many", items, **options)

    def redact_many(self, **arguments: Unpack[SweepArguments]) -> BulkResult:
        """Redact every message the filters list; see ``AsyncMessages.redact_many``."""
        return self._on_async_twin("redact_many", **arguments)

    def delete_many(self, **arguments: Unpack[SweepArguments]) -> BulkResult:
        """Delete every message the filters list; see ``AsyncMessages.delete_many``."""
        return self._on_async_twin("delete_many", **arguments)
