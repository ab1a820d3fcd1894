"""Operations the mock serves from the spec alone: any operation without a hand-written handler.

An operation is read by the REST shape of its path. A path ending in a literal segment
(``.../Messages/{MessageSid}/Receipts.json``) is a collection, one ending in a parameter
(``.../Receipts/{Sid}.json``) an item of it. On those the mock keeps state in its store:
POST on a collection creates, GET on it lists (filtered as ``filters`` describes, paged in the
spec's envelope), GET/POST/DELETE on an item fetch, update and delete. A collection under an
item of another resource (a message) exists only while that item does: the parent is fetched
through its own operation first, so a missing message answers 404 as it does everywhere. A
collection the spec gives no create operation holds one item made from the spec's examples.
Anything else is answered with the spec's example, or an object with the declared properties.

Resources carry every declared property: the SID (prefix from the schema's pattern), the
account and parent SIDs, dates in the declared format, their URI, create and update fields
named like a property, and the schema's examples; the rest is null.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from .clock import MockClock
from .dates import format_rfc2822
from .errors import NOT_FOUND, ApiError, not_found
from .filters import Filters, snake
from .handlers import Call, Handler, Reply
from .paging import AFTER, BEFORE, PAGING, PageRequest, envelope, trim
from .shapes import Shape, conform
from .sids import new_sid
from .spec import Operation, Schema
from .store import Store

IDENTITY = "sid"
ACCOUNT = "AccountSid"
_PARAM = re.compile(r"\{([^}]+)\}")
_TOKEN = re.compile(r"(P[AB])([0-9]{1,18})\Z")
_SID_PREFIX = re.compile(r"\^?([A-Z]{2})\[")
_UPDATES = ("POST", "PUT", "PATCH")


def _shape_key(template: str) -> str:
    """The template with its parameters unnamed: ``/A/{AccountSid}/B/{Sid}.json`` -> ``/A/{}/B/{}.json``."""
    return _PARAM.sub("{}", template)


def _split(template: str) -> tuple[str, str] | None:
    """(collection template, item parameter) for an item path; None for any other path."""
    head, _, last = template.rpartition("/")
    match = _PARAM.fullmatch(last.split(".")[0])
    if not head or match is None:
        return None
    suffix = last[len(match.group(0)) :]
    return head + suffix, match.group(1)


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PARAM.sub(lambda m: values.get(m.group(1), ""), template)


def _item_properties(operation: Operation) -> tuple[dict[str, Any], str | None]:
    """(properties of one resource, key of the items array for a page of them)."""
    schema = operation.response_schema or {}
    properties: dict[str, Any] = schema.get("properties") or {}
    for key, node in properties.items():
        items = node.get("items") if isinstance(node, Mapping) else None
        if node.get("type") == "array" and isinstance(items, Mapping) and "properties" in items:
            return dict(items["properties"]), key
    return dict(properties), None


def _stamp(now_us: int, schema: Mapping[str, Any]) -> Any:
    fmt = schema.get("format")
    moment = dt.datetime.fromtimestamp(now_us / 1_000_000, dt.timezone.utc)
    if fmt == "date-time":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if fmt == "date":
        return moment.strftime("%Y-%m-%d")
    return format_rfc2822(now_us)


class Collection:
    """The operations of one collection template and what its resources look like."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.properties: dict[str, Any] = {}
        self.creates = False
        self.item_param = IDENTITY.title()
        self.parent: Operation | None = None

    @functools.cached_property
    def shape(self) -> Shape:
        return Shape(self.properties)

    def sid_prefix(self) -> str:
        match = _SID_PREFIX.match(str(self.properties.get(IDENTITY, {}).get("pattern", "")))
        if match is not None:
            return match.group(1)
        name = self.template.rstrip("/").rpartition("/")[2]
        return (re.sub(r"[^A-Za-z]", "", name)[:2] or "RS").upper()


class Resources:
    """Handlers for the operations the hand-written ones leave open."""

    def __init__(
        self,
        operations: Iterable[Operation],
        hand_written: Mapping[str, Handler],
        store: Store,
        clock: MockClock,
    ) -> None:
        self.store = store
        self.clock = clock
        self.operations = list(operations)
        self.hand_written = dict(hand_written)
        self.collections: dict[str, Collection] = {}
        self._handlers: dict[str, Handler] = {}
        self._fetch_by_shape: dict[str, Operation] = {}
        for operation in self.operations:
            if operation.method == "GET" and _split(operation.path) is not None:
                self._fetch_by_shape.setdefault(_shape_key(operation.path), operation)
        for operation in self.operations:
            self._collect(operation)
        for operation in self.operations:
            if operation.operation_id not in self.hand_written:
                self._handlers[operation.operation_id] = self._handler(operation)

    def handlers(self) -> dict[str, Handler]:
        return dict(self._handlers)

    # Reading the spec

    def _collect(self, operation: Operation) -> None:
        split = _split(operation.path)
        template = split[0] if split is not None else operation.path
        properties, _ = _item_properties(operation)
        if not properties:
            return
        collection = self.collections.setdefault(template, Collection(template))
        collection.properties = {**properties, **collection.properties}
        if split is not None:
            collection.item_param = split[1]
        elif operation.method == "POST":
            collection.creates = True
        # Under an item of another resource (``.../Messages/{MessageSid}/Receipts.json``)?
        head, _, last = template.rpartition("/")
        suffix = last[len(last.split(".")[0]) :]
        if _PARAM.fullmatch(head.rpartition("/")[2]):
            collection.parent = self._fetch_by_shape.get(_shape_key(head + suffix))

    def _handler(self, operation: Operation) -> Handler:
        split = _split(operation.path)
        if split is not None and split[0] in self.collections:
            collection = self.collections[split[0]]
            if operation.method == "GET":
                return lambda call: self._fetch(operation, collection, call)
            if operation.method == "DELETE":
                return lambda call: self._delete(operation, collection, call)
            if operation.method in _UPDATES:
                return lambda call: self._update(operation, collection, call)
        found = self.collections.get(operation.path) if split is None else None
        if found is not None:
            return self._collection_handler(operation, found)
        return lambda call: self._example(operation)

    def _collection_handler(self, operation: Operation, collection: Collection) -> Handler:
        _, items_key = _item_properties(operation)
        if operation.method == "GET" and items_key is not None:
            page_filters = Filters(
                (p.name for p in operation.params_in("query")),
                collection.properties,
                operation.operation_id,
                skip=PAGING,
            )
            return lambda call: self._list(operation, collection, items_key, page_filters, call)
        if operation.method == "POST":
            return lambda call: self._create(operation, collection, call)
        return lambda call: self._example(operation)

    # Serving

    async def _parent_exists(self, collection: Collection, call: Call) -> None:
        parent = collection.parent
        if parent is None:
            return
        handler = self.hand_written.get(parent.operation_id) or self._handlers.get(
            parent.operation_id
        )
        if handler is None:
            return
        names = _PARAM.findall(parent.path)
        values = list(call.path.values())[: len(names)]
        await handler(Call(call.account_sid, dict(zip(names, values)), {}, {}))

    def _key(self, collection: Collection, call: Call) -> str:
        return _fill(collection.template, call.path)

    async def _items(self, collection: Collection, call: Call) -> list[tuple[int, dict[str, Any]]]:
        await self._parent_exists(collection, call)
        key = self._key(collection, call)
        rows = self.store.list_resources(key)
        if not rows and not collection.creates:
            self._insert(collection, call, {})
            rows = self.store.list_resources(key)
        return [(position, orjson.loads(body)) for position, body in rows]

    def _insert(
        self, collection: Collection, call: Call, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        now = self.clock.now_us()
        sid = new_sid(collection.sid_prefix())
        values = {**call.path, collection.item_param: sid}
        item: dict[str, Any] = {}
        for name, schema in collection.properties.items():
            if isinstance(schema, Mapping) and "example" in schema:
                item[name] = schema["example"]
        item.update(self._fields(collection, body))
        for name, value in call.path.items():
            prop = "account_sid" if name == ACCOUNT else snake(name)
            if prop in collection.properties:
                item[prop] = value
            elif name != ACCOUNT and "parent_sid" in collection.properties:
                item["parent_sid"] = value
        for name in ("date_created", "date_updated"):
            if name in collection.properties:
                item[name] = _stamp(now, collection.properties[name])
        item[IDENTITY] = sid
        if "uri" in collection.properties:
            item["uri"] = _fill(self._item_template(collection), values)
        self.store.insert_resource(self._key(collection, call), sid, orjson.dumps(item).decode())
        return item

    def _item_template(self, collection: Collection) -> str:
        base, dot, suffix = collection.template.rpartition(".")
        if not dot:
            return f"{collection.template}/{{{collection.item_param}}}"
        return f"{base}/{{{collection.item_param}}}.{suffix}"

    def _fields(self, collection: Collection, body: Mapping[str, Any]) -> dict[str, Any]:
        """Request fields named like a property, in the property's type."""
        fields: dict[str, Any] = {}
        for name, value in body.items():
            prop = snake(name)
            if prop in collection.properties and prop != IDENTITY:
                fields[prop] = conform(value, collection.properties[prop])
        return fields

    async def _create(self, operation: Operation, collection: Collection, call: Call) -> Reply:
        await self._parent_exists(collection, call)
        item = self._insert(collection, call, call.body)
        return Reply(operation.success_status, collection.shape.render(item))

    async def _one(self, collection: Collection, call: Call) -> tuple[str, dict[str, Any]]:
        await self._items(collection, call)  # the parent exists, and a fixed item is there
        key = self._key(collection, call)
        body = self.store.get_resource(key, call.path.get(collection.item_param, ""))
        if body is None:
            raise not_found()
        return key, orjson.loads(body)

    async def _fetch(self, operation: Operation, collection: Collection, call: Call) -> Reply:
        _, item = await self._one(collection, call)
        return Reply(operation.success_status, collection.shape.render(item))

    async def _update(self, operation: Operation, collection: Collection, call: Call) -> Reply:
        key, item = await self._one(collection, call)
        item.update(self._fields(collection, call.body))
        if "date_updated" in collection.properties:
            item["date_updated"] = _stamp(
                self.clock.now_us(), collection.properties["date_updated"]
            )
        self.store.update_resource(key, item[IDENTITY], orjson.dumps(item).decode())
        return Reply(operation.success_status, collection.shape.render(item))

    async def _delete(self, operation: Operation, collection: Collection, call: Call) -> Reply:
        key, item = await self._one(collection, call)
        self.store.delete_resource(key, item[IDENTITY])
        return Reply(operation.success_status, None)

    async def _list(
        self,
        operation: Operation,
        collection: Collection,
        items_key: str,
        page_filters: Filters,
        call: Call,
    ) -> Reply:
        request = PageRequest.from_query(call.query, page_filters.names())
        direction, position = AFTER, -1
        if request.token is not None:
            match = _TOKEN.match(request.token)
            if match is None:
                raise ApiError(
                    404, NOT_FOUND, "The requested page was not found: unknown PageToken"
                )
            direction, position = match.group(1), int(match.group(2))
        shape = collection.shape
        rows = [
            (at, shape.render(item))
            for at, item in await self._items(collection, call)
            if page_filters.matches(item, call.query)
        ]
        if direction == BEFORE:
            window = [row for row in rows if row[0] < position][-(request.size + 1) :]
        else:
            window = [row for row in rows if row[0] > position][: request.size + 1]
        page, more_after, more_before = trim(window, request, direction)
        payload = envelope(
            items_key,
            [item for _, item in page],
            request,
            self._key(collection, call),
            f"{AFTER}{page[-1][0]}" if more_after and page else None,
            f"{BEFORE}{page[0][0]}" if more_before and page else None,
        )
        declared = (operation.response_schema or {}).get("properties") or payload
        return Reply(operation.success_status, {name: payload.get(name) for name in declared})

    async def _example(self, operation: Operation) -> Reply:
        if operation.response_schema is None:
            return Reply(operation.success_status, None)
        example = operation.response_example
        if isinstance(example, dict):
            return Reply(operation.success_status, example)
        properties: Schema = operation.response_schema.get("properties") or {}
        return Reply(
            operation.success_status,
            {name: node.get("example") if isinstance(node, Mapping) else None
             for name, node in properties.items()},
        )  # fmt: skip


def serve(
    operations: Iterable[Operation],
    hand_written: Mapping[str, Handler],
    store: Store,
    clock: MockClock,
) -> dict[str, Handler]:
    """Every operation's handler: the hand-written ones, and the spec's for the rest."""
    return {**Resources(operations, hand_written, store, clock).handlers(), **hand_written}


__all__ = ["Resources", "serve"]
