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


GSM7 = GSM7_BASIC | GSM7_EXTENSION


def is_gsm7(body: str) -> bool:
    return set(body) <= GSM7


def _pack(units: list[int], part: int) -> int:
    """Segments of `part` units needed for characters of the given sizes, never splitting one."""
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
    characters = set(body)
    if characters <= GSM7:
        escaped = characters & GSM7_EXTENSION
        septets = len(body) + sum(body.count(char) for char in escaped)
        if septets <= GSM7_SINGLE:
            return 1
        return _pack([2 if char in GSM7_EXTENSION else 1 for char in body], GSM7_PART)
    # UCS-2 on the wire is UTF-16: characters outside the BMP take two code units.
    units = len(body.encode("utf-16-le")) // 2
    if units <= UCS2_SINGLE:
        return 1
    return _pack([2 if ord(char) > 0xFFFF else 1 for char in body], UCS2_PART)
