"""What the bulk engine needs from a client, and the adapter over ``AsyncMessages``.

The engine validates every item before it writes the item's intent, and must then send exactly
the request it validated, with retries left to itself (it paces all requests through one gate
and must see every 429). The adapter prepares the request with the facade's own request builder
and sends it through the client's call loop with ``max_retries=0``, so validation and the wire
format are the facade's, not a copy.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from sendwire._core import requests as build
from sendwire.errors import ValidationError
from sendwire.models import Message

if TYPE_CHECKING:
    from sendwire.async_client import AsyncMessages

#: Keyword arguments a create accepts (everything but the call options).
CREATE_FIELDS: frozenset[str] = frozenset(
    name for name, parameter in inspect.signature(build.create).parameters.items()
    if parameter.kind is inspect.Parameter.KEYWORD_ONLY
)


class BulkTarget(Protocol):
    """The operations a bulk run performs."""

    def prepare_create(self, request: Mapping[str, Any]) -> object:
        """Check one create request; raise ``ValidationError`` if the API would refuse it."""

    async def create(self, prepared: object) -> Message:
        """Send a prepared create once, with no retry."""

    def list(self, **filters: Any) -> AsyncIterator[Message]:
        """Messages matching list filters, newest first."""

    async def redact(self, sid: str) -> Message:
        """Redact once, with no retry."""

    async def delete(self, sid: str) -> None:
        """Delete once, with no retry."""


def check_create_fields(request: Mapping[str, Any]) -> None:
    unknown = sorted(set(request) - CREATE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown create field(s): {', '.join(unknown)}", field=unknown[0])
    if request.get("to") is None:
        raise ValidationError("to is required", field="to")


def prepare_create(account_sid: str, request: Mapping[str, Any]) -> object:
    """The facade's create request for ``request``, or ``ValidationError`` saying why not."""
    check_create_fields(request)
    return build.create(account_sid, **request)


class ClientTarget:
    """The bulk operations over an ``AsyncClient``'s ``messages``."""

    def __init__(self, messages: AsyncMessages) -> None:
        self._messages = messages
        self._client = messages._client
        self._account_sid = messages._client.account_sid

    def prepare_create(self, request: Mapping[str, Any]) -> object:
        return prepare_create(self._account_sid, request)

    async def create(self, prepared: object) -> Message:
        message: Message = await self._client._send(prepared, 0)  # type: ignore[arg-type]
        return message

    def list(self, **filters: Any) -> AsyncIterator[Message]:
        return self._messages.list(**filters)

    # Redact and delete are retried by the engine, which must see each 429 to slow down.
    async def redact(self, sid: str) -> Message:
        return await self._messages.redact(sid, max_retries=0)

    async def delete(self, sid: str) -> None:
        await self._messages.delete(sid, max_retries=0)
