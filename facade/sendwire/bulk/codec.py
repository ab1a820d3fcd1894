"""Turning bulk requests into stable JSON, and fingerprinting them.

The journal stores each request so a result can hand it back and a re-run can prove it is
reading the same input; both need one canonical encoding that survives datetimes.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any

_DATETIME_TAG = "$datetime"
_DATE_TAG = "$date"


def normalize_request(item: Mapping[str, Any]) -> dict[str, Any]:
    """A create request with its keys in the facade's spelling (`from` becomes `from_`)."""
    request = dict(item)
    if "from" in request:
        if "from_" in request and request["from_"] != request["from"]:
            raise ValueError("the item gives both 'from' and 'from_' with different values")
        request["from_"] = request.pop("from")
    return request


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {_DATETIME_TAG: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE_TAG: value.isoformat()}
    if isinstance(value, enum.Enum):
        return _encode_value(value.value)
    if isinstance(value, Mapping):
        return {str(k): _encode_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode_value(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    # Anything else is stored by its text so the journal stays readable JSON.
    return str(value)


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and _DATETIME_TAG in value:
            return dt.datetime.fromisoformat(value[_DATETIME_TAG])
        if len(value) == 1 and _DATE_TAG in value:
            return dt.date.fromisoformat(value[_DATE_TAG])
        return {k: _decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    return value


_PLAIN = (str, int, float, bool, type(None))


def encode_request(request: Mapping[str, Any]) -> str:
    """Canonical JSON: sorted keys, no spaces, datetimes tagged."""
    # Most rows hold only text; they need no walk through the values.
    plain = all(type(value) in _PLAIN for value in request.values())
    return json.dumps(
        request if plain else _encode_value(request),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode_request(text: str) -> dict[str, Any]:
    decoded = _decode_value(json.loads(text))
    if not isinstance(decoded, dict):
        raise TypeError("a journal request is not a JSON object")
    return decoded


def fingerprint(encoded_request: str) -> str:
    """A short stable hash of a canonical request."""
    return hashlib.sha256(encoded_request.encode("utf-8")).hexdigest()[:32]
