"""Strict parsing of `application/x-www-form-urlencoded` bodies and query strings.

The standard library's parser silently keeps malformed percent escapes and replaces bad
UTF-8; the API answers such input with a 400 instead, so this parser refuses it.
"""

from __future__ import annotations

from .errors import invalid_parameter

# Every two-digit escape, in either case, to its byte: a lookup beats the standard library's
# general decoder, and a missing key is exactly a malformed escape.
_ESCAPES = {
    (high + low).encode(): bytes([byte])
    for byte in range(256)
    for high in {f"{byte >> 4:x}", f"{byte >> 4:X}"}
    for low in {f"{byte & 15:x}", f"{byte & 15:X}"}
}

FormData = dict[str, list[str]]


def _decode(raw: bytes) -> str:
    if b"%" in raw:
        head, *escaped = raw.split(b"%")
        chunks = [head]
        try:
            for piece in escaped:
                chunks.append(_ESCAPES[piece[:2]])
                chunks.append(piece[2:])
        except KeyError:
            raise invalid_parameter("Malformed percent-encoding in the request") from None
        raw = b"".join(chunks)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid_parameter("The request is not valid UTF-8") from None


def parse_form(raw: bytes) -> FormData:
    """Parse `a=1&b=2&b=3` into `{"a": ["1"], "b": ["2", "3"]}`; raise ApiError on bad input."""
    result: FormData = {}
    if not raw:
        return result
    # `+` is a space anywhere in the form; a literal plus arrives as %2B.
    for part in raw.replace(b"+", b" ").split(b"&"):
        if not part:
            continue
        key, _, value = part.partition(b"=")
        result.setdefault(_decode(key), []).append(_decode(value))
    return result


def require_form_content_type(content_type: bytes) -> None:
    media_type = content_type.split(b";", 1)[0].strip().lower()
    if media_type != b"application/x-www-form-urlencoded":
        raise invalid_parameter("The request body must be application/x-www-form-urlencoded")
