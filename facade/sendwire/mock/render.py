"""Stored rows as the API's JSON resources."""

from __future__ import annotations

import json
from typing import Any

from .dates import format_rfc2822
from .lifecycle import BILLED, DELIVERY_ERRORS, status_at
from .shapes import Shape
from .store import FeedbackRow, MediaRow, MessageRow

API_VERSION = "2010-04-01"
ACCOUNT_PREFIX = f"/{API_VERSION}/Accounts/"
PRICE_PER_SEGMENT = 0.0079
PRICE_UNIT = "USD"


def messages_uri(account_sid: str) -> str:
    return f"{ACCOUNT_PREFIX}{account_sid}/Messages.json"


def message_base(account_sid: str, sid: str) -> str:
    return f"{ACCOUNT_PREFIX}{account_sid}/Messages/{sid}"


def media_list_uri(account_sid: str, message_sid: str) -> str:
    return f"{message_base(account_sid, message_sid)}/Media.json"


_FAILED = frozenset({"failed", "undelivered"})


def message_json(
    row: MessageRow, now: int, shape: Shape, status: tuple[str, int] | None = None
) -> dict[str, Any]:
    """The Message resource as seen at `now` (or with an explicit status, e.g. on create),
    with exactly the properties the spec declares."""
    extra = json.loads(row.extra) if row.extra else None
    return shape.render(message_properties(row, now, status), extra)


def message_properties(
    row: MessageRow, now: int, status: tuple[str, int] | None = None
) -> dict[str, Any]:
    """The properties the mock computes from its own state (status lifecycle, price, URIs)."""
    current, since = status if status is not None else status_at(row, now)
    base = ACCOUNT_PREFIX + row.account_sid + "/Messages/" + row.sid
    error_code = row.error_code if current in _FAILED else None
    updated = max(since, row.date_updated)
    return {
        "account_sid": row.account_sid,
        "api_version": API_VERSION,
        "body": row.body,
        "date_created": format_rfc2822(row.date_created),
        "date_sent": format_rfc2822(row.date_sent),
        "date_updated": format_rfc2822(updated),
        "direction": row.direction,
        "error_code": error_code,
        "error_message": DELIVERY_ERRORS[error_code][1] if error_code in DELIVERY_ERRORS else None,
        "from": row.from_addr,
        "messaging_service_sid": row.messaging_service_sid,
        "num_media": str(row.num_media),
        "num_segments": str(row.num_segments),
        "price": f"-{PRICE_PER_SEGMENT * row.num_segments:.5f}" if current in BILLED else None,
        "price_unit": PRICE_UNIT,
        "sid": row.sid,
        "status": current,
        "subresource_uris": {"media": base + "/Media.json", "feedback": base + "/Feedback.json"},
        "to": row.to_addr,
        "uri": base + ".json",
    }


def media_json(row: MediaRow, shape: Shape) -> dict[str, Any]:
    date = format_rfc2822(row.date_created)
    computed = {
        "account_sid": row.account_sid,
        "content_type": row.content_type,
        "date_created": date,
        "date_updated": date,
        "parent_sid": row.message_sid,
        "sid": row.sid,
        "uri": f"{message_base(row.account_sid, row.message_sid)}/Media/{row.sid}.json",
    }
    return shape.render(computed)


def feedback_json(row: FeedbackRow, shape: Shape) -> dict[str, Any]:
    computed = {
        "account_sid": row.account_sid,
        "message_sid": row.message_sid,
        "outcome": row.outcome,
        "date_created": format_rfc2822(row.date_created),
        "date_updated": format_rfc2822(row.date_updated),
        "uri": f"{message_base(row.account_sid, row.message_sid)}/Feedback.json",
    }
    return shape.render(computed)
