"""Every value kind the spec can give a parameter reaches the wire and the mock applies it.

A copy of the spec gains list filters and create fields of every kind (an enum by `$ref` and
inline, integer, number, boolean, date, date-time, an array, and `X`/`X<`/`X>` comparison
families over number, date and date-time properties), each named like a Message property.
The generator's own reading of that spec (``codegen.facade.describe``) gives the operation
table a regeneration would write; both clients send with it, over HTTP, to a mock started
on the same spec, and the answers show each value arrived as the kind it is.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.facade import describe
from sendwire import AsyncClient, Client
from sendwire._schema.operation import Input, OperationInputs
from sendwire.testing import MockProcess

SPEC = Path(__file__).resolve().parents[2] / "spec" / "messages.yaml"
ACCOUNT = ("AC" + "3" * 32, "secret-token-789")
SENDER = "+15017122661"

# wire name -> (schema of the field and filter, schema of the Message property)
NEW = {
    "Tone": ({"type": "string", "enum": ["calm", "loud"]}, {"type": "string", "nullable": True}),
    "Mood": ({"$ref": "#/components/schemas/Mood"}, {"$ref": "#/components/schemas/Mood"}),
    "Hops": ({"type": "integer", "minimum": 0}, {"type": "integer", "nullable": True}),
    "Score": ({"type": "number"}, {"type": "number", "nullable": True}),
    "Flagged": ({"type": "boolean"}, {"type": "boolean", "nullable": True}),
    "DueOn": (
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date", "nullable": True},
    ),
    "RemindAt": (
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "date-time", "nullable": True},
    ),
}
COMPARED = ("Hops", "Score", "DueOn", "RemindAt")


def _changed_spec(target: Path) -> Path:
    document = yaml.safe_load(SPEC.read_text())
    schemas = document["components"]["schemas"]
    schemas["Mood"] = {"type": "string", "enum": ["happy", "grumpy"]}
    message = schemas["Message"]["properties"]
    create = schemas["CreateMessageRequest"]["properties"]
    listing = document["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["get"]
    for wire, (schema, prop) in NEW.items():
        message[describe.python_name(wire)] = prop
        create[wire] = schema
        names = [wire + "<", wire + ">"] if wire in COMPARED else []
        # Hops is filtered by an array (any of its values) below.
        names += [wire] if wire != "Hops" else []
        for name in names:
            listing["parameters"].insert(0, {"name": name, "in": "query", "schema": schema})
    # An array field, and an array filter (any of its values) on an integer property.
    message["tags"] = {"type": "array", "items": {"type": "integer"}, "nullable": True}
    create["Tags"] = {"type": "array", "items": {"type": "integer"}}
    listing["parameters"].insert(
        0,
        {
            "name": "Hops",
            "in": "query",
            "schema": {"type": "array", "items": {"type": "integer"}},
            "explode": True,
        },
    )
    path = target / "messages.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _table(spec: Path) -> dict[str, OperationInputs]:
    """The operation table `make generate` would write for ``spec``."""
    found = describe.describe(yaml.safe_load(spec.read_text()), describe.load_config())

    def inputs(items: list[describe.Input]) -> tuple[Input, ...]:
        return tuple(
            Input(i.name, i.wire, i.kind, i.required, tuple(i.choices), i.doc, i.item_kind)
            for i in items
        )

    return {
        op.operation_id: OperationInputs(
            operation_id=op.operation_id,
            path=inputs(op.path),
            query=inputs(op.query),
            body=inputs(op.body),
            filters=tuple(op.filters),
            path_schema=op.path_schema,
            query_schema=op.query_schema,
            body_schema=op.body_schema,
            method=op.method,
            template=op.template,
            method_name=describe.python_name(op.operation_id),
            result=op.result,
            envelope=op.envelope,
            items_key=op.items_key,
            max_page_size=op.max_page_size,
        )
        for op in found.operations
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    spec = _changed_spec(tmp_path_factory.mktemp("spec"))
    with MockProcess(account=ACCOUNT, step_seconds=0, extra_args=["--spec", str(spec)]) as mock:
        yield mock.url, _table(spec)


def _raw(data: Any) -> Any:
    return data


def _items(page: Any) -> list[dict[str, Any]]:
    return list(page["messages"])


FIELDS: dict[str, Any] = {
    "tone": "loud",
    "mood": "grumpy",
    "hops": 3,
    "score": 2.5,
    "flagged": True,
    "due_on": dt.date(2031, 5, 17),
    "remind_at": dt.datetime(2031, 5, 17, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    "tags": [4, 5],
}
# What the mock echoes back for each: the value as it arrived, in the property's type.
ECHOED = {
    "tone": "loud",
    "mood": "grumpy",
    "hops": 3,
    "score": 2.5,
    "flagged": True,
    "due_on": "2031-05-17",
    "remind_at": "2031-05-17T10:30:00Z",
    "tags": [4, 5],
}
# (filters, whether the message created with FIELDS matches)
FILTERS: list[tuple[dict[str, Any], bool]] = [
    ({"tone": "loud"}, True),
    ({"tone": "calm"}, False),
    ({"mood": "grumpy"}, True),
    ({"mood": "happy"}, False),
    ({"hops": [1, 3]}, True),
    ({"hops": 2}, False),
    ({"hops_before": 3, "hops_after": 3}, True),
    ({"hops_after": 4}, False),
    ({"score": 2.5}, True),
    ({"score_before": 2.4}, False),
    ({"score_after": 2.5}, True),
    ({"flagged": True}, True),
    ({"flagged": False}, False),
    ({"due_on": dt.date(2031, 5, 17)}, True),
    ({"due_on_before": dt.date(2031, 5, 16)}, False),
    ({"due_on_after": "2031-05-17"}, True),
    ({"remind_at": dt.datetime(2031, 5, 17, 10, 30, tzinfo=dt.timezone.utc)}, True),
    ({"remind_at_before": "2031-05-17T10:29:59Z"}, False),
    ({"remind_at_after": dt.datetime(2031, 5, 17, 10, 30, tzinfo=dt.timezone.utc)}, True),
    ({"remind_at_after": "2031-05-17T10:30:01Z"}, False),
]


@pytest.mark.slow
def test_every_kind_reaches_the_mock_from_both_clients(served: tuple[str, dict[str, Any]]) -> None:
    url, table = served
    create, listing = table["CreateMessage"], table["ListMessage"]
    base = {"to": "+15558675310", "from_": SENDER, "body": "kinds"}
    with Client(*ACCOUNT, base_url=url) as client:
        made = client.send_operation(create, (), {}, {**base, **FIELDS}, _raw)
        assert {name: made[name] for name in ECHOED} == ECHOED
        for filters, matches in FILTERS:
            page = client.send_operation(listing, (), filters, {}, _raw)
            assert ([m["sid"] for m in _items(page)] == [made["sid"]]) is matches, filters

    async def run_async() -> None:
        async with AsyncClient(*ACCOUNT, base_url=url) as client:
            made = await client.send_operation(create, (), {}, {**base, **FIELDS}, _raw)
            assert {name: made[name] for name in ECHOED} == ECHOED
            for filters, matches in FILTERS:
                page = await client.send_operation(listing, (), filters, {}, _raw)
                assert (made["sid"] in [m["sid"] for m in _items(page)]) is matches, filters

    asyncio.run(run_async())
