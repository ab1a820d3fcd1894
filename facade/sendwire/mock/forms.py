"""Strict parsing of `application/x-www-form-urlencoded` bodies and query strings.

The standard library's parser silently keeps malformed percent escapes and replaces bad
UTF-8; the API answers such input with a 400 instead, so this parser refuses it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from .errors import ApiError, invalid_parameter

_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")

FormData = dict[str, list[str]]


def _decode(raw: bytes) -> str:
    if b"+" in raw:
        raw = raw.replace(b"+", b" ")
    if b"%" in raw:
        if _BAD_PERCENT.search(raw) is not None:
            raise invalid_parameter("Malformed percent-encoding in the request")
        raw = unquote_to_bytes(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid_parameter("The request is not valid UTF-8") from None


def parse_form(raw: bytes) -> FormData:
    """Parse `a=1&b=2&b=3` into `{"a": ["1"], "b": ["2", "3"]}`; raise ApiError on bad input."""
    result: FormData = {}
    if not raw:
        return result
    for part in raw.split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        name = _decode(key)
        result.setdefault(name, []).append(_decode(value))
    return result


def require_form_content_type(content_type: bytes) -> None:
    media_type = content_type.split(b";", 1)[0].strip().lower()
    if media_type != b"application/x-www-form-urlencoded":
        raise ApiError(
            400,
            20001,
            "The request body must be application/x-www-form-urlencoded",
        )
