"""The entry points behind ``messages.send_many``, ``redact_many`` and ``delete_many``.

The async engine is the only implementation. The sync client runs it on a private event loop
in a worker thread, through an ``AsyncClient`` built from the sync client's own settings.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sendwire.bulk import send as send_engine
from sendwire.bulk.options import BulkOptions, RunOptions, SweepArguments, split_sweep_arguments
from sendwire.bulk.results import BulkResult
from sendwire.bulk.sweep import SweepAction, sweep
from sendwire.bulk.target import ClientTarget

if TYPE_CHECKING:
    from sendwire.async_client import AsyncClient, AsyncMessages
    from sendwire.client import Client

T = TypeVar("T")

Items = send_engine.Items


async def send_many(messages: AsyncMessages, items: Items, options: BulkOptions) -> BulkResult:
    settings = RunOptions.of(options)
    async with ClientTarget(messages, concurrency=settings.concurrency) as target:
        return await send_engine.send_many(
            target, items, settings, context=destination(messages.client)
        )


def destination(client: Client | AsyncClient) -> str:
    """The account and server a run works on: a journal is refused for any other."""
    return f"account {client.account_sid} at {client.base_url}"


async def sweep_many(
    messages: AsyncMessages, action: SweepAction, arguments: SweepArguments
) -> BulkResult:
    filters, settings = split_sweep_arguments(arguments)
    # Checked now, so bad filters raise at the call like ``list`` does.
    messages.list(**filters, limit=1)
    async with ClientTarget(messages, concurrency=settings.concurrency) as target:
        return await sweep(target, action, filters, settings, context=destination(messages.client))


def run_with_async_client(client: Client, work: Callable[[AsyncClient], Awaitable[T]]) -> T:
    """Run ``work`` on a private event loop in a worker thread, with an ``AsyncClient`` made
    from ``client``'s settings; works whether or not the caller has an event loop running.
    Ctrl-C in the caller cancels the work (what it finished is in the journal)."""
    outcome: list[T] = []
    failure: list[BaseException] = []
    handles: dict[str, Any] = {}
    started = threading.Event()

    async def main() -> T:
        handles["loop"] = asyncio.get_running_loop()
        handles["task"] = asyncio.current_task()
        started.set()
        async with client.to_async() as async_client:
            return await work(async_client)

    def thread_main() -> None:
        try:
            outcome.append(asyncio.run(main()))
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            failure.append(exc)
        finally:
            started.set()

    thread = threading.Thread(target=thread_main, name="sendwire-bulk", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.2)
    except KeyboardInterrupt:
        started.wait()
        loop, task = handles.get("loop"), handles.get("task")
        if loop is not None and task is not None:
            loop.call_soon_threadsafe(task.cancel)
        thread.join()
        raise
    if failure:
        raise failure[0]
    return outcome[0]
