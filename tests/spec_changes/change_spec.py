"""Edits to spec/messages.yaml of each kind a team maintaining the spec makes.

Each edit is a text change of the YAML, as a person would make it, so the spec stays the
document people read. Names are parameters: the test picks its own.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml


def apply_changes(
    spec: Path,
    *,
    string_field: str,
    bool_field: str,
    new_status: str,
    body_limit: int,
    removed_property: str,
    error_code: int,
) -> None:
    """Add a string and a boolean create field with same-named Message properties, a list
    filter on the string one, an error code for the string one's bound, a status value;
    tighten Body; remove a Message property."""
    document = yaml.safe_load(spec.read_text())
    schemas = document["components"]["schemas"]
    string_prop, bool_prop = _snake(string_field), _snake(bool_field)
    message = schemas["Message"]["properties"]
    message[string_prop] = {"type": "string", "nullable": True, "description": "A label."}
    message[bool_prop] = {"type": "boolean", "nullable": True, "description": "A flag."}
    del message[removed_property]
    create = schemas["CreateMessageRequest"]["properties"]
    create[string_field] = {"type": "string", "maxLength": 40, "description": "A label."}
    create[bool_field] = {"type": "boolean", "description": "A flag."}
    create["Body"]["maxLength"] = body_limit
    schemas["MessageStatus"]["enum"].append(new_status)
    document["components"]["responses"]["BadRequest"]["x-error-codes"].insert(
        0,
        {
            "code": error_code,
            "parameter": string_field,
            "rule": "maxLength",
            "message": f"The {string_field} is longer than {{limit}} characters.",
        },
    )
    listing = document["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["get"]
    listing["parameters"].insert(
        0,
        {
            "name": string_field,
            "in": "query",
            "description": "Only messages with this label.",
            "schema": {"type": "string"},
        },
    )
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def _snake(name: str) -> str:
    out = ""
    for index, char in enumerate(name):
        if char.isupper() and index:
            out += "_"
        out += char.lower()
    return out


def apply_new_kinds(
    spec: Path,
    *,
    enum_filter: str,
    date_filter: str,
    subresource: str,
    item_prefix: str,
    item_property: str,
) -> None:
    """Add a list filter typed by a `$ref` to an existing enum (named like a Message
    property), a comparison family `X`, `X<`, `X>` over a Message date property, and a new
    subresource of a message with its list and fetch operations (no create: the mock serves
    it from the spec's examples) whose items carry a string property ``item_property``."""
    document = yaml.safe_load(spec.read_text())
    schemas = document["components"]["schemas"]
    enum_name = _ref_enum(schemas["Message"]["properties"][_snake(enum_filter)])
    listing = document["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["get"]
    listing["parameters"].insert(
        0,
        {
            "name": enum_filter,
            "in": "query",
            "description": f"Only messages with this {_snake(enum_filter)}.",
            "schema": {"$ref": f"#/components/schemas/{enum_name}"},
        },
    )
    for suffix, words in (("", "on"), ("<", "on or before"), (">", "on or after")):
        listing["parameters"].insert(
            1,
            {
                "name": date_filter + suffix,
                "in": "query",
                "description": f"Only messages whose {_snake(date_filter)} is {words} this.",
                "schema": {"$ref": "#/components/schemas/DateSentFilter"},
            },
        )
    item, page = subresource.rstrip("s"), subresource.rstrip("s") + "List"
    key = _snake(subresource)
    schemas[item] = {
        "type": "object",
        "description": f"A {item} of a message.",
        "properties": {
            "sid": {"type": "string", "pattern": f"^{item_prefix}[0-9a-fA-F]{{32}}$"},
            "account_sid": {"type": "string", "nullable": True},
            "message_sid": {"type": "string", "nullable": True},
            item_property: {"type": "string", "nullable": True, "example": "example-value"},
            "date_created": {
                "type": "string",
                "format": "date-time-rfc-2822",
                "nullable": True,
            },
            "uri": {"type": "string", "nullable": True},
        },
    }
    envelope = copy.deepcopy(schemas["MediaList"])
    envelope["required"] = [key if k == "media_list" else k for k in envelope["required"]]
    del envelope["properties"]["media_list"]
    envelope["properties"][key] = {
        "type": "array",
        "items": {"$ref": f"#/components/schemas/{item}"},
    }
    schemas[page] = envelope
    errors = {
        code: {"$ref": f"#/components/responses/{name}"}
        for code, name in (
            ("400", "BadRequest"),
            ("401", "Unauthorized"),
            ("404", "NotFound"),
            ("429", "TooManyRequests"),
        )
    }
    base = f"/2010-04-01/Accounts/{{AccountSid}}/Messages/{{MessageSid}}/{subresource}"
    parent = [
        {"$ref": "#/components/parameters/AccountSid"},
        {"$ref": "#/components/parameters/MessageSidParent"},
    ]
    document["paths"][base + ".json"] = {
        "parameters": parent,
        "get": {
            "operationId": f"List{item}",
            "tags": ["Messages"],
            "summary": f"List a message's {key}",
            "parameters": [
                {"$ref": f"#/components/parameters/{name}"}
                for name in ("PageSize", "Page", "PageToken")
            ],
            "responses": {
                "200": {
                    "description": "One page.",
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{page}"}}
                    },
                },
                **errors,
            },
        },
    }
    document["paths"][base + "/{Sid}.json"] = {
        "parameters": [
            *parent,
            {
                "name": "Sid",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "pattern": f"^{item_prefix}[0-9a-fA-F]{{32}}$"},
            },
        ],
        "get": {
            "operationId": f"Fetch{item}",
            "tags": ["Messages"],
            "summary": f"Fetch one {item}",
            "responses": {
                "200": {
                    "description": f"The {item}.",
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{item}"}}
                    },
                },
                **errors,
            },
        },
    }
    # Links, as the spec has for media: from a created message to its new list, and from a
    # page to one item, so the contract's stateful phase follows them.
    link = f"List{item}OfCreatedMessage"
    document["components"]["links"][link] = {
        "operationId": f"List{item}",
        "parameters": {
            "AccountSid": "$request.path.AccountSid",
            "MessageSid": "$response.body#/sid",
        },
    }
    created = document["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["post"]
    created["responses"]["201"].setdefault("links", {})[link] = {
        "$ref": f"#/components/links/{link}"
    }
    document["paths"][base + ".json"]["get"]["responses"]["200"]["links"] = {
        f"Fetch{item}": {
            "operationId": f"Fetch{item}",
            "parameters": {
                "AccountSid": "$request.path.AccountSid",
                "MessageSid": "$request.path.MessageSid",
                "Sid": f"$response.body#/{key}/0/sid",
            },
        }
    }
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def _ref_enum(node: dict[str, object]) -> str:
    ref = str(node["$ref"])
    return ref.rsplit("/", 1)[1]
