"""What the spec declares about one operation, as the generated operation table records it.

``sendwire._generated.operations`` holds one ``OperationInputs`` per operation: its method
and path, its parameters and body fields (facade name, wire name, kind), their JSON Schemas
and the model its answer is read as. The table is plain data; building requests from it is
``sendwire._core``'s job, so the generated modules depend on nothing above this layer.
"""

from __future__ import annotations

from typing import Any

import attrs

#: Methods whose repetition leaves the same state: retried like a read.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@attrs.frozen(slots=True)
class Input:
    """One parameter or body field: facade name, wire name, kind, whether it is required."""

    name: str
    wire: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    #: The spec's description, first paragraph (for help texts).
    doc: str = ""
    #: For a ``list``: the kind of each item.
    item_kind: str = "str"


@attrs.frozen(slots=True, eq=False)
class OperationInputs:
    operation_id: str
    path: tuple[Input, ...]
    query: tuple[Input, ...]
    body: tuple[Input, ...]
    #: The query parameters that select results (the rest drive paging).
    filters: tuple[str, ...]
    path_schema: dict[str, Any]
    query_schema: dict[str, Any]
    body_schema: dict[str, Any] | None
    #: The HTTP method and the path template with the parameters' wire names.
    method: str = "GET"
    template: str = ""
    #: The model the success answer is read as ("" when it has no body); for a page of
    #: items, the envelope's schema and the key of its items.
    result: str = ""
    envelope: str = ""
    items_key: str = ""
    #: The name of its method under ``client.api`` (the operationId in snake_case).
    method_name: str = ""
    #: A list operation's largest page, as the spec bounds it (None: no bound).
    max_page_size: int | None = None

    def inputs(self, location: str) -> tuple[Input, ...]:
        items: tuple[Input, ...] = getattr(self, location)
        return items

    def names(self, location: str) -> tuple[str, ...]:
        return tuple(item.name for item in self.inputs(location))

    def filter_inputs(self) -> tuple[Input, ...]:
        return tuple(item for item in self.query if item.name in self.filters)

    @property
    def idempotent(self) -> bool:
        return self.method in IDEMPOTENT_METHODS

    @property
    def pages(self) -> bool:
        """True for a list operation: its answer is one page of an envelope."""
        return bool(self.envelope)

    def bound(self, location: str, wire: str, keyword: str) -> Any:
        """A rule's value from the spec (``maxItems`` of ``MediaUrl``), or None."""
        schema = getattr(self, f"{location}_schema") or {}
        return schema.get("properties", {}).get(wire, {}).get(keyword)
