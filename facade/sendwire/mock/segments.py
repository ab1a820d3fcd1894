"""How many SMS segments a body needs (GSM-7 160/153 septets, UCS-2 70/67 code units)."""

from __future__ import annotations

# The GSM 03.38 default alphabet (one septet each; 0x1B, the escape, is left out) and its
# extension table (two septets each: the escape plus the character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def is_gsm7(body: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in body)


def _pack(units: list[int], single: int, part: int) -> int:
    """Segments needed for characters of the given sizes; a character never spans two."""
    if sum(units) <= single:
        return 1
    segments, used = 1, 0
    for size in units:
        if used + size > part:
            segments += 1
            used = 0
        used += size
    return segments


def count_segments(body: str) -> int:
    if not body:
        return 1
    if is_gsm7(body):
        return _pack([2 if char in GSM7_EXTENSION else 1 for char in body], GSM7_SINGLE, GSM7_PART)
    # UCS-2 on the wire is UTF-16: characters outside the BMP take two code units.
    return _pack([2 if ord(char) > 0xFFFF else 1 for char in body], UCS2_SINGLE, UCS2_PART)
