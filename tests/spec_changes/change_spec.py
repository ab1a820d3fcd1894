"""Edits to spec/messages.yaml of each kind a team maintaining the spec makes.

Each edit is a text change of the YAML, as a person would make it, so the spec stays the
document people read. Names are parameters: the test picks its own.
"""

from __future__ import annotations

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
