"""An in-process stand-in for the server, for measuring the engine alone.

Only for pure-engine checks (memory and overhead), where the point is what the engine itself
keeps and costs: an HTTP server would dominate both figures and hide the engine's share. All
behaviour tests use the real mock over HTTP.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from collections.abc import AsyncIterator, Mapping
from typing import Any

from sendwire.enums import MessageDirection, MessageStatus
from sendwire.models import Message

_NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)


class FastFakeTarget:
    """Accepts every create at once and forgets it (the engine must not need it back)."""

    def __init__(self) -> None:
        self._ids = itertools.count()
        self.creates = 0

    def prepare_create(self, request: Mapping[str, Any]) -> object:
        return dict(request)

    async def create(self, prepared: object) -> Message:
        assert isinstance(prepared, dict)
        self.creates += 1
        await asyncio.sleep(0)
        return Message(
            sid=f"SM{next(self._ids):032x}",
            account_sid="AC" + "0" * 32,
            status=MessageStatus.QUEUED,
            direction=MessageDirection.OUTBOUND_API,
            to=prepared["to"],
            from_=prepared.get("from_"),
            body=prepared.get("body"),
            num_segments=1,
            num_media=0,
            date_created=_NOW,
            date_updated=_NOW,
            date_sent=_NOW,
            price=None,
            price_unit="USD",
            error_code=None,
            error_message=None,
            messaging_service_sid=None,
            api_version="2010-04-01",
            uri=None,
        )

    async def _nothing(self) -> AsyncIterator[Message]:
        for message in ():
            yield message

    def list(self, **filters: Any) -> AsyncIterator[Message]:
        return self._nothing()

    async def redact(self, sid: str) -> Message:  # pragma: no cover - not used
        raise NotImplementedError

    async def delete(self, sid: str) -> None:  # pragma: no cover - not used
        raise NotImplementedError


def rows(count: int) -> Any:
    """A generator of ``count`` create requests, built one at a time."""
    return (
        {"to": f"+1555{i % 10_000_000:07d}", "from": "+15017122661", "body": f"message number {i}"}
        for i in range(count)
    )
