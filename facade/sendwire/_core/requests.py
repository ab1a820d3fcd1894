"""Building each operation's request: validate the arguments, then let the generated client
lay out the URL and the wire names.

The generated ``_get_kwargs`` functions know each operation's path template and parameter
names, and the generated request models know the form field names; this module adds the rules
the generator does not enforce (see ``constraints``) and the facade's conveniences (snake_case
arguments, aware datetimes, one or many media URLs).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sendwire_api.api.feedback import create_message_feedback
from sendwire_api.api.media import delete_media, fetch_media, list_media
from sendwire_api.api.messages import (
    create_message,
    delete_message,
    fetch_message,
    list_message,
    update_message,
)
from sendwire_api.models import (
    AddressRetention,
    ContentRetention,
    CreateMessageFeedbackRequest,
    CreateMessageRequest,
    RiskCheck,
    ScheduleType,
    TrafficType,
    UpdateMessageRequest,
    UpdateMessageStatus,
)
from sendwire_api.models import FeedbackOutcome as WireFeedbackOutcome
from sendwire_api.types import UNSET

from ..errors import ValidationError
from ..models import Feedback, Media, Message
from . import constraints as c
from . import parse, validate
from .dates import date_filter
from .dates import send_at as send_at_stamp
from .paging import effective_page_size
from .parse import PageData
from .prepared import PreparedRequest
from .retry import RetrySafety

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

_READ = RetrySafety.IDEMPOTENT


def _prepared(
    kwargs: dict[str, Any],
    safety: RetrySafety,
    parser: Callable[[Any], T],
    *,
    not_found_after_retry_is_done: bool = False,
) -> PreparedRequest[T]:
    return PreparedRequest(
        method=kwargs["method"].upper(),
        path=kwargs["url"],
        params=kwargs.get("params"),
        data=kwargs.get("data"),
        safety=safety,
        parse=parser,
        not_found_after_retry_is_done=not_found_after_retry_is_done,
    )


def _choice(enum_cls: type[E], value: object, field: str) -> E:
    """A member of a generated enum, or a ValidationError naming the allowed values."""
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum_cls)
        raise ValidationError(
            f"{field} must be one of {allowed}, got {value!r}", field=field
        ) from None


def _optional(value: T | None, check: Callable[[T], Any]) -> Any:
    return UNSET if value is None else check(value)


# ---- messages -------------------------------------------------------------------------------


def create(
    account_sid: str,
    *,
    to: str,
    from_: str | None = None,
    messaging_service_sid: str | None = None,
    body: str | None = None,
    media_url: str | Iterable[str] | None = None,
    content_sid: str | None = None,
    content_variables: str | Mapping[str, Any] | None = None,
    status_callback: str | None = None,
    application_sid: str | None = None,
    max_price: float | None = None,
    provide_feedback: bool | None = None,
    attempt: int | None = None,
    validity_period: int | None = None,
    force_delivery: bool | None = None,
    content_retention: str | None = None,
    address_retention: str | None = None,
    smart_encoded: bool | None = None,
    persistent_action: str | Sequence[str] | None = None,
    traffic_type: str | None = None,
    shorten_urls: bool | None = None,
    schedule_type: str | None = None,
    send_at: dt.datetime | None = None,
    send_as_mms: bool | None = None,
    risk_check: str | None = None,
) -> PreparedRequest[Message]:
    """A create request; raises ``ValidationError`` for anything the API would refuse."""
    to = validate.non_empty_text(to, "to")
    if from_ is None and messaging_service_sid is None:
        raise ValidationError(
            "a sender is required: give from_ or messaging_service_sid", field="from_"
        )
    media = validate.media_urls(media_url) if media_url is not None else []
    if not body and not media and content_sid is None:
        raise ValidationError(
            "content is required: give body, media_url or content_sid", field="body"
        )
    if isinstance(content_variables, Mapping):
        content_variables = json.dumps(content_variables, separators=(",", ":"))
    wire_body = CreateMessageRequest(
        to=to,
        from_=_optional(from_, lambda v: validate.non_empty_text(v, "from_")),
        messaging_service_sid=_optional(
            messaging_service_sid,
            lambda v: validate.sid(v, c.MESSAGING_SERVICE_SID, "messaging_service_sid"),
        ),
        body=_optional(body, validate.body),
        media_url=media or UNSET,
        content_sid=_optional(content_sid, lambda v: validate.sid(v, c.CONTENT_SID, "content_sid")),
        content_variables=_optional(
            content_variables, lambda v: validate.text(v, "content_variables")
        ),
        status_callback=_optional(status_callback, lambda v: validate.text(v, "status_callback")),
        application_sid=_optional(
            application_sid, lambda v: validate.sid(v, c.APPLICATION_SID, "application_sid")
        ),
        max_price=_optional(max_price, _max_price),
        provide_feedback=_optional(
            provide_feedback, lambda v: validate.boolean(v, "provide_feedback")
        ),
        attempt=_optional(attempt, lambda v: validate.integer(v, "attempt", 1)),
        validity_period=_optional(
            validity_period,
            lambda v: validate.integer(
                v, "validity_period", c.VALIDITY_PERIOD_MIN, c.VALIDITY_PERIOD_MAX
            ),
        ),
        force_delivery=_optional(force_delivery, lambda v: validate.boolean(v, "force_delivery")),
        content_retention=_optional(
            content_retention, lambda v: _choice(ContentRetention, v, "content_retention")
        ),
        address_retention=_optional(
            address_retention, lambda v: _choice(AddressRetention, v, "address_retention")
        ),
        smart_encoded=_optional(smart_encoded, lambda v: validate.boolean(v, "smart_encoded")),
        persistent_action=_optional(
            persistent_action, lambda v: validate.string_list(v, "persistent_action")
        ),
        traffic_type=_optional(traffic_type, lambda v: _choice(TrafficType, v, "traffic_type")),
        shorten_urls=_optional(shorten_urls, lambda v: validate.boolean(v, "shorten_urls")),
        schedule_type=_optional(schedule_type, lambda v: _choice(ScheduleType, v, "schedule_type")),
        send_at=_optional(send_at, _send_at),
        send_as_mms=_optional(send_as_mms, lambda v: validate.boolean(v, "send_as_mms")),
        risk_check=_optional(risk_check, lambda v: _choice(RiskCheck, v, "risk_check")),
    )
    # Creating twice would send twice: repeat only what provably never reached the service.
    return _prepared(
        create_message._get_kwargs(account_sid, body=wire_body),
        RetrySafety.UNSENT_ONLY,
        parse.message,
    )


def _max_price(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"max_price must be a number, got {value!r}", field="max_price")
    return float(value)


def _send_at(value: object) -> dt.datetime:
    # Normalised to UTC here; the generated model writes it out as ISO 8601.
    return dt.datetime.fromisoformat(send_at_stamp(value)[:-1]).replace(tzinfo=dt.timezone.utc)


def fetch(account_sid: str, sid: str) -> PreparedRequest[Message]:
    sid = validate.message_sid(sid)
    return _prepared(fetch_message._get_kwargs(account_sid, sid), _READ, parse.message)


def list_page(
    account_sid: str,
    *,
    to: str | None = None,
    from_: str | None = None,
    date_sent: object = None,
    date_sent_before: object = None,
    date_sent_after: object = None,
    page_size: int | None = None,
    limit: int | None = None,
) -> PreparedRequest[PageData[Message]]:
    """The first page of a filtered list."""
    if limit is not None:
        validate.limit(limit)
    size = effective_page_size(page_size, limit, c.PAGE_SIZE_MAX)
    kwargs = list_message._get_kwargs(
        account_sid,
        to=_optional(to, lambda v: validate.non_empty_text(v, "to")),
        from_=_optional(from_, lambda v: validate.non_empty_text(v, "from_")),
        date_sent=_optional(date_sent, lambda v: date_filter(v, "date_sent")),
        date_sent_before=_optional(date_sent_before, lambda v: date_filter(v, "date_sent_before")),
        date_sent_after=_optional(date_sent_after, lambda v: date_filter(v, "date_sent_after")),
        page_size=_optional(size, validate.page_size),
    )
    return _prepared(kwargs, _READ, parse.message_page)


def redact(account_sid: str, sid: str) -> PreparedRequest[Message]:
    sid = validate.message_sid(sid)
    # Setting the body to "" twice leaves the same state, so it is retried like a read.
    kwargs = update_message._get_kwargs(account_sid, sid, body=UpdateMessageRequest(body=""))
    return _prepared(kwargs, _READ, parse.message)


def cancel(account_sid: str, sid: str) -> PreparedRequest[Message]:
    sid = validate.message_sid(sid)
    kwargs = update_message._get_kwargs(
        account_sid, sid, body=UpdateMessageRequest(status=UpdateMessageStatus.CANCELED)
    )
    return _prepared(kwargs, _READ, parse.message)


def delete(account_sid: str, sid: str) -> PreparedRequest[None]:
    sid = validate.message_sid(sid)
    return _prepared(
        delete_message._get_kwargs(account_sid, sid),
        _READ,
        parse.nothing,
        not_found_after_retry_is_done=True,
    )


def feedback(account_sid: str, sid: str, outcome: str) -> PreparedRequest[Feedback]:
    sid = validate.message_sid(sid)
    body = CreateMessageFeedbackRequest(outcome=_choice(WireFeedbackOutcome, outcome, "outcome"))
    # A message has one feedback record; posting the same outcome again changes nothing.
    kwargs = create_message_feedback._get_kwargs(account_sid, sid, body=body)
    return _prepared(kwargs, _READ, parse.feedback)


# ---- media ----------------------------------------------------------------------------------


def media_list_page(
    account_sid: str, message_sid: str, *, page_size: int | None = None, limit: int | None = None
) -> PreparedRequest[PageData[Media]]:
    if limit is not None:
        validate.limit(limit)
    size = effective_page_size(page_size, limit, c.PAGE_SIZE_MAX)
    kwargs = list_media._get_kwargs(
        account_sid, message_sid, page_size=_optional(size, validate.page_size)
    )
    return _prepared(kwargs, _READ, parse.media_page)


def media_fetch(account_sid: str, message_sid: str, media_sid: str) -> PreparedRequest[Media]:
    media_sid = validate.media_sid(media_sid)
    return _prepared(
        fetch_media._get_kwargs(account_sid, message_sid, media_sid), _READ, parse.media
    )


def media_delete(account_sid: str, message_sid: str, media_sid: str) -> PreparedRequest[None]:
    media_sid = validate.media_sid(media_sid)
    return _prepared(
        delete_media._get_kwargs(account_sid, message_sid, media_sid),
        _READ,
        parse.nothing,
        not_found_after_retry_is_done=True,
    )
