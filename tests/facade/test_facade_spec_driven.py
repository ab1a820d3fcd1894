"""The facade follows the spec: unknown properties kept, no engine on import, no ignored filter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import attrs
import pytest
import yaml

from sendwire import Message, MessageStatus
from sendwire._generated.models import parse_message
from sendwire._generated.operations import CREATE_MESSAGE, LIST_MESSAGE
from sendwire.mock import MockConfig, create_app

SPEC = Path(__file__).resolve().parents[2] / "spec" / "messages.yaml"


def test_properties_the_spec_does_not_know_stay_reachable() -> None:
    data = yaml.safe_load(SPEC.read_text())["components"]["examples"]["MessageSent"]["value"]
    message = parse_message({**data, "carrier_note": "late", "hops": 3})
    assert message.extra_properties == {"carrier_note": "late", "hops": 3}
    assert message.carrier_note == "late" and message.hops == 3
    with pytest.raises(AttributeError):
        _ = message.not_sent_at_all
    # Known properties are fields, typed; nothing known lands among the extras.
    assert message.status is MessageStatus.SENT and "status" not in message.extra_properties


def test_every_model_field_is_a_spec_property() -> None:
    schema = yaml.safe_load(SPEC.read_text())["components"]["schemas"]["Message"]
    wanted = {"from_" if name == "from" else name for name in schema["properties"]}
    assert {field.name for field in attrs.fields(Message)} == wanted | {"extra_properties"}


def test_create_and_list_take_what_the_spec_declares() -> None:
    spec = yaml.safe_load(SPEC.read_text())
    create = spec["components"]["schemas"]["CreateMessageRequest"]["properties"]
    assert {i.wire for i in CREATE_MESSAGE.body} == set(create)
    listing = spec["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["get"]
    names = {p["name"] for p in listing["parameters"] if "name" in p}
    assert {i.wire for i in LIST_MESSAGE.filter_inputs()} == names


def test_import_sendwire_does_not_load_the_bulk_engine() -> None:
    probe = (
        "import sys, sendwire\n"
        "loaded = [m for m in sys.modules if m.startswith('sendwire.bulk.') and m not in "
        "('sendwire.bulk.methods', 'sendwire.bulk.progress')]\n"
        "print(','.join(sorted(loaded)))\n"
        "print('sqlite3' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "" and out[1] == "False"


def test_the_mock_refuses_a_list_filter_it_cannot_apply(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC.read_text())
    listing = document["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["get"]
    listing["parameters"].append({"name": "Colour", "in": "query", "schema": {"type": "string"}})
    spec = tmp_path / "messages.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(ValueError, match="Colour"):
        create_app(MockConfig(spec_path=spec))


def test_a_lazily_parsed_message_equals_one_built_from_its_values() -> None:
    data = yaml.safe_load(SPEC.read_text())["components"]["examples"]["MessageSent"]["value"]
    parsed = parse_message(dict(data))
    first = parsed.date_sent
    assert parsed.date_sent is first  # converted once, then kept
    values = {
        field.name: getattr(parse_message(dict(data)), field.name)
        for field in attrs.fields(Message)
    }
    built = Message(**values)
    assert parsed == built and repr(parsed) == repr(built) and hash(parsed) == hash(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        parsed.body = "changed"  # type: ignore[misc]
