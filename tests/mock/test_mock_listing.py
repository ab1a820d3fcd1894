"""Listing: order, filters, the page envelope and keyset paging."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from mock_helpers import fresh_number, send

from sendwire.testing import MockServer

ENVELOPE = {
    "messages",
    "end",
    "first_page_uri",
    "next_page_uri",
    "page",
    "page_size",
    "previous_page_uri",
    "start",
    "uri",
}


def sids(page: dict[str, Any]) -> list[str]:
    return [message["sid"] for message in page["messages"]]


def walk(http: httpx.Client, mock: MockServer, first: dict[str, Any]) -> list[dict[str, Any]]:
    pages = [first]
    while pages[-1]["next_page_uri"] is not None:
        pages.append(http.get(pages[-1]["next_page_uri"], auth=mock.auth).json())
    return pages


def test_newest_first(api: httpx.Client, mock: MockServer) -> None:
    created = []
    for _ in range(5):
        created.append(send(api)["sid"])
        mock.advance(1)
    assert sids(api.get("/Messages.json").json()) == created[::-1]


def test_envelope_and_default_page_size(api: httpx.Client, mock: MockServer) -> None:
    for _ in range(51):
        send(api)
    page = api.get("/Messages.json").json()
    assert set(page) == ENVELOPE
    assert len(page["messages"]) == 50
    assert (page["page"], page["page_size"], page["start"], page["end"]) == (0, 50, 0, 49)
    base = f"/2010-04-01/Accounts/{mock.account_sid}/Messages.json"
    assert page["first_page_uri"] == f"{base}?PageSize=50&Page=0"
    assert page["uri"] == f"{base}?PageSize=50&Page=0"
    assert page["previous_page_uri"] is None
    next_uri = urlsplit(page["next_page_uri"])
    assert next_uri.path == base
    query = parse_qs(next_uri.query)
    assert query["PageSize"] == ["50"] and query["Page"] == ["1"] and query["PageToken"]
    second = walk_one(api, page)
    assert len(second["messages"]) == 1
    assert (second["page"], second["start"], second["end"]) == (1, 50, 50)
    assert second["next_page_uri"] is None
    back = walk_one(api, second, "previous_page_uri")
    assert sids(back) == sids(page)


def walk_one(api: httpx.Client, page: dict[str, Any], link: str = "next_page_uri") -> Any:
    uri = urlsplit(page[link])
    return api.get(uri.path.rsplit("/", 1)[1] + "?" + uri.query).json()


def test_page_size_maximum(api: httpx.Client) -> None:
    for _ in range(3):
        send(api)
    page = api.get("/Messages.json", params={"PageSize": 1000}).json()
    assert page["page_size"] == 1000
    assert len(page["messages"]) == 3


def test_filters_keep_their_place_in_page_links(api: httpx.Client) -> None:
    to = fresh_number()
    for _ in range(3):
        send(api, To=to)
    page = api.get("/Messages.json", params={"To": to, "DateSent>": "2000-01-01", "PageSize": 2})
    body = page.json()
    assert "To=%2B" in body["next_page_uri"]
    assert "DateSent%3E=2000-01-01" in body["next_page_uri"]
    assert len(walk_one(api, body)["messages"]) == 1


def test_to_and_from_filters(api: httpx.Client) -> None:
    alice, bob = fresh_number(), fresh_number()
    a = send(api, To=alice, From="+15550000001")["sid"]
    b = send(api, To=bob, From="+15550000002")["sid"]
    assert sids(api.get("/Messages.json", params={"To": alice}).json()) == [a]
    assert sids(api.get("/Messages.json", params={"From": "+15550000002"}).json()) == [b]
    none = api.get("/Messages.json", params={"To": alice, "From": "+15550000002"}).json()
    assert none["messages"] == []


@pytest.fixture
def three_days(api: httpx.Client, mock: MockServer) -> list[dict[str, Any]]:
    """Three messages sent a day apart, on the mock clock."""
    sent = []
    for _ in range(3):
        sent.append(send(api))
        mock.advance(86400)
    return sent


def sent_at(message: dict[str, Any]) -> datetime:
    return parsedate_to_datetime(message["date_sent"])


def date_forms(moment: datetime) -> list[str]:
    """One instant in every date-time form the spec's DateSentFilter allows."""
    mst = moment.astimezone(timezone(timedelta(hours=-7)))
    return [
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        moment.astimezone(timezone(timedelta(hours=2))).isoformat(),
        moment.strftime("%a, %d %b %Y %H:%M:%S -0000"),
        moment.strftime("%Y-%m-%d %H:%M:%S.000"),
        mst.strftime("%m/%d/%Y %H:%M:%S MST"),
    ]


def listed(api: httpx.Client, name: str, value: str) -> list[str]:
    response = api.get("/Messages.json", params={name: value})
    assert response.status_code == 200, response.text
    return sids(response.json())


def test_date_sent_filters_with_a_date(api: httpx.Client, three_days: list[dict[str, Any]]) -> None:
    first, second, third = (message["sid"] for message in three_days)
    day = sent_at(three_days[1]).strftime("%Y-%m-%d")
    assert listed(api, "DateSent", day) == [second]
    assert listed(api, "DateSent<", day) == [second, first]
    assert listed(api, "DateSent>", day) == [third, second]


@pytest.mark.parametrize("form", range(5))
def test_date_sent_filters_with_a_date_time(
    api: httpx.Client, three_days: list[dict[str, Any]], form: int
) -> None:
    first, second, third = (message["sid"] for message in three_days)
    value = date_forms(sent_at(three_days[1]))[form]
    assert listed(api, "DateSent", value) == [second]
    assert listed(api, "DateSent<", value) == [second, first]
    assert listed(api, "DateSent>", value) == [third, second]


def test_date_sent_filter_on_the_wire_as_documented(
    api: httpx.Client, three_days: list[dict[str, Any]]
) -> None:
    """The docs write `DateSent<=2009-07-06`: the key is `DateSent<`, unencoded."""
    day = sent_at(three_days[1]).strftime("%Y-%m-%d")
    raw = api.get(f"/Messages.json?DateSent<={day}&DateSent>={day}")
    assert sids(raw.json()) == [three_days[1]["sid"]]


def test_paging_while_inserting_has_no_duplicates_and_no_gaps(
    api: httpx.Client, http: httpx.Client, mock: MockServer
) -> None:
    existing = set()
    for index in range(40):
        existing.add(send(api)["sid"])
        if index % 7 == 0:
            mock.advance(1)  # several messages share a second, others do not
    seen: list[str] = []
    page = api.get("/Messages.json", params={"PageSize": 6}).json()
    added = 0
    while True:
        seen += sids(page)
        for _ in range(3):  # new messages arrive while the walk goes on
            send(api)
            added += 1
        mock.inbound(from_="+15551112222", to="+15557122661", body="in")
        if page["next_page_uri"] is None:
            break
        page = http.get(page["next_page_uri"], auth=mock.auth).json()
    assert len(seen) == len(set(seen)), "a message was listed twice"
    assert existing <= set(seen), "a message that existed when the walk began was skipped"
    assert added > 0


def test_paging_while_deleting_skips_nothing_that_remains(
    api: httpx.Client, http: httpx.Client, mock: MockServer
) -> None:
    created = [send(api)["sid"] for _ in range(30)]
    deleted: set[str] = set()
    seen: list[str] = []
    page = api.get("/Messages.json", params={"PageSize": 4}).json()
    while True:
        seen += sids(page)
        # Delete one message already seen and one not yet seen.
        for sid in (seen[-1], next((s for s in created if s not in seen), None)):
            if sid is not None and sid not in deleted:
                assert api.delete(f"/Messages/{sid}.json").status_code == 204
                deleted.add(sid)
        if page["next_page_uri"] is None:
            break
        page = http.get(page["next_page_uri"], auth=mock.auth).json()
    assert len(seen) == len(set(seen))
    assert set(created) - deleted <= set(seen)
