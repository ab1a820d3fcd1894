"""What the inbox shows about one message beyond the API resource itself."""

from __future__ import annotations

from typing import Any

from ..dates import format_rfc2822
from ..lifecycle import timeline
from ..segments import GSM7, GSM7_EXTENSION, count_segments
from ..shapes import Shape
from ..store import MediaRow, MessageRow


def encoding(body: str) -> dict[str, Any]:
    """GSM-7 or UCS-2, the segments, and which characters forced UCS-2."""
    outside = sorted(set(body) - GSM7)
    return {
        "name": "UCS-2" if outside else "GSM-7",
        "segments": count_segments(body),
        "characters": len(body),
        "forcing_ucs2": outside,
        "gsm7_extension": [] if outside else sorted(set(body) & GSM7_EXTENSION),
    }


def status_timeline(row: MessageRow, now: int) -> list[dict[str, Any]]:
    return [
        {"status": status, "at": format_rfc2822(at), "reached": at <= now}
        for status, at in timeline(row)
    ]


def properties(shape: Shape) -> list[dict[str, Any]]:
    """The Message properties the spec declares, in its order: the detail's rows."""
    rows = []
    for name in shape.names:
        schema = shape.schemas[name]
        kind = schema.get("type")
        rows.append(
            {
                "name": name,
                "type": kind if isinstance(kind, str) else "/".join(map(str, kind or ())),
                "description": str(schema.get("description", ""))[:300],
            }
        )
    return rows


def media(rows: list[MediaRow]) -> list[dict[str, Any]]:
    return [{"sid": row.sid, "content_type": row.content_type, "url": row.url} for row in rows]
