"""List filters against the mock: the instant a datetime names is the instant filtered on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facade_helpers import Runner, collect, fresh_number, resolve

from sendwire import Message

SENDER = "+15017122661"
OTHER_SENDER = "+15017120000"
PLUS_FIVE = dt.timezone(dt.timedelta(hours=5))
MINUS_SEVEN = dt.timezone(dt.timedelta(hours=-7))
HOUR = 3600


def _three_messages_an_hour_apart(runner: Runner, to: str) -> Any:
    async def create_all(client: Any) -> list[Message]:
        sent = []
        for i, sender in enumerate((SENDER, OTHER_SENDER, SENDER)):
            sent.append(await resolve(client.messages.create(to=to, from_=sender, body=f"m{i}")))
            runner.mock.advance(2 * HOUR)
        return sent

    return create_all


def test_aware_datetimes_filter_on_their_utc_instant(runner: Runner) -> None:
    to = fresh_number()
    a, b, c = runner.run(_three_messages_an_hour_apart(runner, to))
    assert a.date_sent and b.date_sent and c.date_sent
    # Midpoints between the sends, written in zones five hours ahead and seven behind UTC: a
    # client that sent the wall-clock time as if it were UTC would miss by hours.
    after_a = (a.date_sent + dt.timedelta(hours=1)).astimezone(PLUS_FIVE)
    after_b = (b.date_sent + dt.timedelta(hours=1)).astimezone(MINUS_SEVEN)

    async def scenario(client: Any) -> dict[str, list[str]]:
        async def sids(**filters: Any) -> list[str]:
            return sorted(m.sid for m in await collect(client.messages.list(to=to, **filters)))

        return {
            "after": await sids(date_sent_after=after_a),
            "before": await sids(date_sent_before=after_b),
            "between": await sids(date_sent_after=after_a, date_sent_before=after_b),
        }

    found = runner.run(scenario)
    assert found["after"] == sorted([b.sid, c.sid])
    assert found["before"] == sorted([a.sid, b.sid])
    assert found["between"] == [b.sid]


def test_date_and_documented_string_forms(runner: Runner) -> None:
    to = fresh_number()
    sent = runner.run(_three_messages_an_hour_apart(runner, to))
    day = sent[1].date_sent.astimezone(dt.timezone.utc).date()
    expected_on_day = sorted(
        m.sid for m in sent if m.date_sent.astimezone(dt.timezone.utc).date() == day
    )
    b_utc = sent[1].date_sent.astimezone(dt.timezone.utc)
    rfc2822 = b_utc.strftime("%a, %d %b %Y %H:%M:%S +0000")
    gmt = b_utc.strftime("%Y-%m-%d %H:%M:%S")

    async def scenario(client: Any) -> dict[str, list[str]]:
        async def sids(**filters: Any) -> list[str]:
            return sorted(m.sid for m in await collect(client.messages.list(to=to, **filters)))

        return {
            "date": await sids(date_sent=day),
            "iso date string": await sids(date_sent=day.isoformat()),
            "rfc 2822 after": await sids(date_sent_after=rfc2822),
            "gmt before": await sids(date_sent_before=gmt),
            "from": await sids(from_=OTHER_SENDER),
        }

    found = runner.run(scenario)
    assert found["date"] == expected_on_day and sent[1].sid in found["date"]
    assert found["iso date string"] == expected_on_day
    assert found["rfc 2822 after"] == sorted([sent[1].sid, sent[2].sid])
    assert sent[0].sid in found["gmt before"] and sent[2].sid not in found["gmt before"]
    assert found["from"] == [sent[1].sid]
