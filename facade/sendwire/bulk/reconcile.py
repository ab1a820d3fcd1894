"""Finding out whether items with an unknown outcome were stored, before anything is resent.

An item is unknown when its intent was written but no answer was recorded: the process died,
or the connection dropped after the request may have arrived. For each recipient, reconciliation
lists the server's messages to that number sent since the earliest such item started (minus a
clock-skew margin) and matches them to the unknown items by body, sender and number of media.
A server message is given to at most one item, and never to one when the journal already holds
its SID for another item, so two identical items to one number are never both settled by one
message. What matches is recorded as sent with that message; what does not is proven absent
and may be sent again. A recipient whose listing fails stays unknown, and is tried again later.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import attrs

from sendwire._generated.operations import LIST_MESSAGE
from sendwire.bulk.codec import decode_request
from sendwire.bulk.journal import PendingItem, SentOutcome
from sendwire.bulk.stored import message_to_json
from sendwire.bulk.target import BulkTarget
from sendwire.errors import SendwireError
from sendwire.models import Message

KnownSids = Callable[[list[str]], Awaitable[set[str]]]


@attrs.frozen
class ReconcileReport:
    found: list[SentOutcome]
    absent: list[int]
    unresolved: list[int]


def _media_count(request: Mapping[str, Any]) -> int:
    media = request.get("media_url")
    if media is None:
        return 0
    if isinstance(media, str):
        return 1
    return len(list(media))


def matches(message: Message, request: Mapping[str, Any]) -> bool:
    """Whether ``message`` could be the one ``request`` created."""
    if message.direction is not None and message.direction.value != "outbound-api":
        return False
    if (message.body or "") != (request.get("body") or ""):
        return False
    sender = request.get("from_")
    if sender is not None and message.from_ != sender:
        return False
    service = request.get("messaging_service_sid")
    if service is not None and message.messaging_service_sid != service:
        return False
    return message.num_media is None or message.num_media == _media_count(request)


def _utc(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(microsecond=0)


async def _reconcile_recipient(
    target: BulkTarget,
    to: str,
    items: list[PendingItem],
    known_sids: KnownSids,
    skew: float,
) -> tuple[list[SentOutcome], list[int]]:
    window_start = min(item.started_at for item in items) - skew
    candidates: list[Message] = []
    async for message in target.list(
        to=to, date_sent_after=_utc(window_start), page_size=LIST_MESSAGE.max_page_size
    ):
        candidates.append(message)
    taken = await known_sids([m.sid for m in candidates])
    free = sorted(
        (m for m in candidates if m.sid not in taken),
        key=lambda m: (m.date_created.timestamp() if m.date_created else 0.0, m.sid),
    )
    found: list[SentOutcome] = []
    absent: list[int] = []
    for item in sorted(items, key=lambda i: (i.started_at, i.index)):
        request = decode_request(item.request)
        earliest = item.started_at - skew
        for position, message in enumerate(free):
            created = message.date_created
            if created is not None and created.timestamp() < earliest:
                continue
            if matches(message, request):
                found.append(SentOutcome(item.index, message.sid, message_to_json(message)))
                del free[position]
                break
        else:
            absent.append(item.index)
    return found, absent


async def reconcile(
    target: BulkTarget,
    pending: Sequence[PendingItem],
    known_sids: KnownSids,
    *,
    skew: float,
    concurrency: int = 8,
) -> ReconcileReport:
    """Settle ``pending`` items against the server; see the module's description."""
    by_recipient: dict[str, list[PendingItem]] = {}
    unresolved: list[int] = []
    for item in pending:
        if item.to:
            by_recipient.setdefault(item.to, []).append(item)
        else:  # pragma: no cover - a create always has a recipient
            unresolved.append(item.index)
    gate = asyncio.Semaphore(concurrency)
    found: list[SentOutcome] = []
    absent: list[int] = []

    async def one(to: str, items: list[PendingItem]) -> None:
        async with gate:
            try:
                matched, missing = await _reconcile_recipient(target, to, items, known_sids, skew)
            except SendwireError:
                unresolved.extend(item.index for item in items)
                return
        found.extend(matched)
        absent.extend(missing)

    await asyncio.gather(*(one(to, items) for to, items in by_recipient.items()))
    return ReconcileReport(found=found, absent=sorted(absent), unresolved=sorted(unresolved))
