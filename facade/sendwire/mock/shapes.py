"""What the spec says the mock's answers hold, read once at start-up.

Responses are rendered from the response schemas: every declared property is present (null
when the mock has no value for it) and nothing undeclared is sent. A create field named like
a Message property that the mock does not compute itself (``Tag`` and ``tag``) is stored and
echoed back, and a list filter named like a Message property is applied by comparing that
property. A list filter that names no property cannot be applied, so the mock refuses to
start rather than accept it and ignore it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .filters import Filters, as_text, snake
from .paging import PAGING
from .spec import Operation

# The filters the mock serves from its own indexes (in the order page URIs repeat them).
INDEXED_FILTERS = ("To", "From", "DateSent", "DateSent<", "DateSent>")


def conform(value: Any, schema: Mapping[str, Any]) -> Any:
    """A request value in the type the response property declares."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string" and not isinstance(value, str):
        return as_text(value) if not isinstance(value, list) else json.dumps(value)
    if kind == "integer" and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


class Shape:
    """The declared properties of one resource, in the spec's order."""

    def __init__(self, properties: Mapping[str, Any]) -> None:
        self.names = tuple(properties)
        self.schemas = dict(properties)
        self._declared = frozenset(self.names)

    def render(
        self, computed: dict[str, Any], extra: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        if not extra and computed.keys() == self._declared:
            # The usual case: the mock computes exactly what the spec declares.
            return computed
        if extra:
            return {name: computed.get(name, extra.get(name)) for name in self.names}
        return {name: computed.get(name) for name in self.names}


def _response_properties(operation: Operation | None) -> dict[str, Any]:
    if operation is None or operation.response_schema is None:
        return {}
    properties: dict[str, Any] = operation.response_schema.get("properties", {})
    return properties


class Shapes:
    def __init__(self, operations: Iterable[Operation]) -> None:
        by_id = {op.operation_id: op for op in operations}
        self.message = Shape(_response_properties(by_id.get("FetchMessage")))
        self.media = Shape(_response_properties(by_id.get("FetchMedia")))
        self.feedback = Shape(_response_properties(by_id.get("CreateMessageFeedback")))
        create = by_id.get("CreateMessage")
        fields = (create.body_schema or {}).get("properties", {}) if create else {}
        #: create field -> the Message property it may be echoed as
        self.echoed = {name: snake(name) for name in fields if snake(name) in self.message.schemas}
        listing = by_id.get("ListMessage")
        params = [param.name for param in listing.params_in("query")] if listing else []
        #: The filters applied to rendered messages (the indexed ones are served by the store).
        self.filters = Filters(
            params, self.message.schemas, "ListMessage", skip=(*INDEXED_FILTERS, *PAGING)
        )

    def echo(self, body: Mapping[str, Any], computed: Iterable[str]) -> dict[str, Any]:
        """The create fields to store and echo back: those named like a Message property the
        mock does not compute itself (``computed``, the keys of ``message_properties``)."""
        skip = set(computed)
        return {
            prop: conform(body[name], self.message.schemas[prop])
            for name, prop in self.echoed.items()
            if name in body and prop not in skip
        }

    def matches(self, rendered: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
        return self.filters.matches(rendered, query)

    def filtering(self, query: Mapping[str, Any]) -> bool:
        return self.filters.filtering(query)
