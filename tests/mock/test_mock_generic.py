"""Operations with no hand-written handler are served from the spec by their REST shape.

A copy of the spec gains a full subresource of a message (create, list, fetch, update,
delete) and an operation that is no collection at all; a mock started on it keeps the
subresource's state, pages and filters it, validates its input like every other operation,
ties it to its message, and answers the other operation from the spec's example.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from sendwire.testing import MockProcess

SPEC = Path(__file__).resolve().parents[2] / "spec" / "messages.yaml"
ACCOUNT = ("AC" + "5" * 32, "secret-token-555")
ERRORS = {
    code: {"$ref": f"#/components/responses/{name}"}
    for code, name in (("400", "BadRequest"), ("401", "Unauthorized"), ("404", "NotFound"))
}


def _json(schema: str, status: str = "200") -> dict[str, Any]:
    return {
        status: {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        **ERRORS,
    }


def _changed_spec(target: Path) -> Path:
    document = yaml.safe_load(SPEC.read_text())
    schemas = document["components"]["schemas"]
    schemas["Note"] = {
        "type": "object",
        "properties": {
            "sid": {"type": "string", "pattern": "^NT[0-9a-fA-F]{32}$"},
            "account_sid": {"type": "string", "nullable": True},
            "message_sid": {"type": "string", "nullable": True},
            "text": {"type": "string", "nullable": True},
            "pinned": {"type": "boolean", "nullable": True},
            "date_created": {"type": "string", "format": "date-time-rfc-2822", "nullable": True},
            "date_updated": {"type": "string", "format": "date-time-rfc-2822", "nullable": True},
            "uri": {"type": "string", "nullable": True},
        },
    }
    envelope = {k: v for k, v in schemas["MediaList"].items() if k != "required"}
    envelope["properties"] = {
        **{k: v for k, v in envelope["properties"].items() if k != "media_list"},
        "notes": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
    }
    schemas["NoteList"] = envelope
    schemas["Weather"] = {
        "type": "object",
        "properties": {"sky": {"type": "string"}, "wind": {"type": "integer"}},
    }
    fields = {
        "type": "object",
        "properties": {"Text": {"type": "string", "maxLength": 20}, "Pinned": {"type": "boolean"}},
    }
    form = {"application/x-www-form-urlencoded": {"schema": fields}}
    parent = [
        {"$ref": "#/components/parameters/AccountSid"},
        {"$ref": "#/components/parameters/MessageSidParent"},
    ]
    base = "/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Notes"
    paging = [{"$ref": f"#/components/parameters/{n}"} for n in ("PageSize", "Page", "PageToken")]
    pinned = {"name": "Pinned", "in": "query", "schema": {"type": "boolean"}}
    document["paths"][base + ".json"] = {
        "parameters": parent,
        "get": {
            "operationId": "ListNote",
            "parameters": [pinned, *paging],
            "responses": _json("NoteList"),
        },
        "post": {
            "operationId": "CreateNote",
            "requestBody": {"required": True, "content": form},
            "responses": _json("Note", "201"),
        },
    }
    sid = {"name": "Sid", "in": "path", "required": True, "schema": {"type": "string"}}
    document["paths"][base + "/{Sid}.json"] = {
        "parameters": [*parent, sid],
        "get": {"operationId": "FetchNote", "responses": _json("Note")},
        "post": {
            "operationId": "UpdateNote",
            "requestBody": {"content": form},
            "responses": _json("Note"),
        },
        "delete": {
            "operationId": "DeleteNote",
            "responses": {"204": {"description": "gone"}, **ERRORS},
        },
    }
    weather = _json("Weather")
    weather["200"]["content"]["application/json"]["example"] = {"sky": "clear", "wind": 3}
    document["paths"]["/2010-04-01/Accounts/{AccountSid}/Weather.json"] = {
        "parameters": [{"$ref": "#/components/parameters/AccountSid"}],
        "get": {"operationId": "FetchWeather", "responses": weather},
    }
    path = target / "messages.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    spec = _changed_spec(tmp_path_factory.mktemp("spec"))
    with (
        MockProcess(account=ACCOUNT, step_seconds=0, extra_args=["--spec", str(spec)]) as mock,
        httpx.Client(base_url=f"{mock.url}/2010-04-01/Accounts/{ACCOUNT[0]}", auth=ACCOUNT) as c,
    ):
        yield c


def _message(api: httpx.Client) -> str:
    made = api.post(
        "/Messages.json", data={"To": "+15558675310", "From": "+15017122661", "Body": "x"}
    )
    assert made.status_code == 201
    return str(made.json()["sid"])


def test_a_subresource_is_created_listed_fetched_updated_and_deleted(api: httpx.Client) -> None:
    message = _message(api)
    notes = f"/Messages/{message}/Notes"
    made = [
        api.post(f"{notes}.json", data={"Text": f"note {n}", "Pinned": str(n % 2 == 0).lower()})
        for n in range(3)
    ]
    assert [r.status_code for r in made] == [201, 201, 201]
    first = made[0].json()
    assert first["sid"].startswith("NT") and first["message_sid"] == message
    assert first["account_sid"] == ACCOUNT[0] and first["text"] == "note 0"
    assert (
        first["pinned"] is True
        and first["uri"] == f"/2010-04-01/Accounts/{ACCOUNT[0]}{notes}/{first['sid']}.json"
    )
    # Listed in the spec's envelope, a page at a time, following next_page_uri.
    seen, url = [], f"{notes}.json?PageSize=2"
    while url:
        page = api.get(url).json()
        assert set(page) >= {"notes", "next_page_uri", "page_size", "uri", "first_page_uri"}
        seen += [n["sid"] for n in page["notes"]]
        url = page["next_page_uri"] and page["next_page_uri"].split(ACCOUNT[0], 1)[1]
    assert seen == [r.json()["sid"] for r in made]
    # Filtered by a property.
    pinned = api.get(f"{notes}.json", params={"Pinned": "true"}).json()["notes"]
    assert [n["text"] for n in pinned] == ["note 0", "note 2"]
    # Fetched, updated, deleted.
    item = f"{notes}/{first['sid']}.json"
    assert api.get(item).json() == first
    changed = api.post(item, data={"Text": "changed"})
    assert changed.status_code == 200 and changed.json()["text"] == "changed"
    assert api.get(item).json()["text"] == "changed"
    assert api.delete(item).status_code == 204
    assert api.get(item).status_code == 404
    assert api.delete(item).status_code == 404


def test_a_subresource_is_validated_and_tied_to_its_message(api: httpx.Client) -> None:
    message = _message(api)
    notes = f"/Messages/{message}/Notes.json"
    too_long = api.post(notes, data={"Text": "x" * 21})
    assert too_long.status_code == 400 and too_long.json()["code"] == 20001
    unknown = api.get(notes, params={"Color": "red"})
    assert unknown.status_code == 400
    missing = api.post(f"/Messages/SM{'0' * 32}/Notes.json", data={"Text": "hi"})
    assert missing.status_code == 404 and missing.json()["code"] == 20404
    made = api.post(notes, data={"Text": "kept"}).json()
    assert api.delete(f"/Messages/{message}.json").status_code == 204
    # The message is gone, and its notes with it.
    assert api.get(f"/Messages/{message}/Notes/{made['sid']}.json").status_code == 404
    assert api.get(notes).status_code == 404


def test_another_operation_answers_the_spec_example(api: httpx.Client) -> None:
    answer = api.get("/Weather.json")
    assert answer.status_code == 200 and answer.json() == {"sky": "clear", "wind": 3}
