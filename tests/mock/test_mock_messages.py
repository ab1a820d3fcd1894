"""The Message resource and its subresources behave like the documented service."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import httpx
import pytest
from mock_helpers import assert_error, fresh_number, send

from sendwire.testing import MockServer

STEP = 60  # the fixture's seconds per status step
RFC_2822 = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000\Z")
SERVICE = "MG" + "a" * 32


def mock_now(mock: MockServer) -> datetime:
    return datetime.fromtimestamp(mock.clock()["now_us"] / 1e6, tz=timezone.utc)


def test_created_message_has_the_documented_shape(api: httpx.Client, mock: MockServer) -> None:
    to = fresh_number()
    message = send(api, To=to, Body="Hi there")
    sid = message["sid"]
    assert re.fullmatch(r"SM[0-9a-f]{32}", sid)
    base = f"/2010-04-01/Accounts/{mock.account_sid}/Messages/{sid}"
    assert message == {
        "account_sid": mock.account_sid,
        "api_version": "2010-04-01",
        "body": "Hi there",
        "date_created": message["date_created"],
        "date_sent": message["date_sent"],
        "date_updated": message["date_updated"],
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": "+15557122661",
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "subresource_uris": {"media": base + "/Media.json", "feedback": base + "/Feedback.json"},
        "to": to,
        "uri": base + ".json",
    }
    for field in ("date_created", "date_sent", "date_updated"):
        assert RFC_2822.match(message[field]), message[field]
    created = parsedate_to_datetime(message["date_created"])
    assert abs((created - mock_now(mock)).total_seconds()) < 5
    assert api.get(f"/Messages/{sid}.json").json() == message


def test_status_moves_with_the_mock_clock(api: httpx.Client, mock: MockServer) -> None:
    message = send(api, Body="x" * 200)
    path = f"/Messages/{message['sid']}.json"
    seen = []
    for _ in range(4):
        current = api.get(path).json()
        seen.append((current["status"], current["price"]))
        mock.advance(STEP)
    assert seen == [
        ("queued", None),
        ("sending", None),
        ("sent", "-0.01580"),
        ("delivered", "-0.01580"),
    ]
    final = api.get(path).json()
    assert parsedate_to_datetime(final["date_updated"]) > parsedate_to_datetime(
        final["date_created"]
    )
    assert final["date_sent"] == message["date_sent"]


def test_messaging_service_without_from_starts_accepted(
    api: httpx.Client, mock: MockServer
) -> None:
    message = send(api, from_=None, MessagingServiceSid=SERVICE)
    assert message["status"] == "accepted"
    assert message["from"] is None
    assert message["messaging_service_sid"] == SERVICE
    path = f"/Messages/{message['sid']}.json"
    statuses = []
    for _ in range(5):
        statuses.append(api.get(path).json()["status"])
        mock.advance(STEP)
    assert statuses == ["accepted", "queued", "sending", "sent", "delivered"]


def test_messaging_service_with_from_starts_queued(api: httpx.Client) -> None:
    assert send(api, MessagingServiceSid=SERVICE)["status"] == "queued"


def test_failing_recipient_ends_undelivered_with_error(api: httpx.Client, mock: MockServer) -> None:
    message = send(api, To="+150055530003")
    mock.advance(3 * STEP)
    final = api.get(f"/Messages/{message['sid']}.json").json()
    assert final["status"] == "undelivered"
    assert final["error_code"] == 30003
    assert final["error_message"]


def test_step_zero_reaches_the_final_status_by_the_next_read(sendwire_mock: MockServer) -> None:
    from sendwire.mock import Account, MockConfig, create_app
    from sendwire.mock.server import BackgroundServer

    account = Account.generate()
    app = create_app(MockConfig(accounts=[account], step_seconds=0))
    with BackgroundServer(app) as server:
        base = f"{server.url}/2010-04-01/Accounts/{account.sid}"
        with httpx.Client(base_url=base, auth=(account.sid, account.auth_token)) as client:
            created = send(client)
            assert created["status"] == "queued"
            fetched = client.get(f"/Messages/{created['sid']}.json").json()
            assert fetched["status"] == "delivered"


@pytest.mark.parametrize(
    ("body", "segments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("é" * 160, 1),  # in the GSM-7 basic table
        ("€" * 80, 1),  # extension table: two septets each
        ("€" * 81, 2),
        ("a" * 152 + "€" + "a" * 152, 3),  # an escape pair never spans two segments
        ("ж" * 70, 1),
        ("ж" * 71, 2),
        ("ж" * 134, 2),
        ("ж" * 135, 3),
        ("😀" * 35, 1),  # two UTF-16 code units each
        ("😀" * 36, 2),
        ("a" * 69 + "ж", 1),
    ],
)
def test_num_segments_follows_the_encoding(api: httpx.Client, body: str, segments: int) -> None:
    assert send(api, Body=body)["num_segments"] == str(segments)


def test_media_message_and_its_media(api: httpx.Client) -> None:
    urls = ["https://example.com/cat.jpg", "https://example.com/clip.mp4?x=1", "https://e.com/f"]
    message = send(api, Body=None, MediaUrl=urls)
    sid = message["sid"]
    assert re.fullmatch(r"MM[0-9a-f]{32}", sid)
    assert message["num_media"] == "3"
    listing = api.get(f"/Messages/{sid}/Media.json").json()
    media = listing["media_list"]
    assert [item["content_type"] for item in media] == [
        "image/jpeg",
        "video/mp4",
        "application/octet-stream",
    ]
    for item in media:
        assert re.fullmatch(r"ME[0-9a-f]{32}", item["sid"])
        assert item["parent_sid"] == sid
        assert item["uri"] == f"{message['uri'][:-5]}/Media/{item['sid']}.json"
        assert api.get(f"/Messages/{sid}/Media/{item['sid']}.json").json() == item
    first = media[0]["sid"]
    assert api.delete(f"/Messages/{sid}/Media/{first}.json").status_code == 204
    assert_error(api.get(f"/Messages/{sid}/Media/{first}.json"), 404, 20404)
    assert_error(api.delete(f"/Messages/{sid}/Media/{first}.json"), 404, 20404)
    remaining = api.get(f"/Messages/{sid}/Media.json").json()["media_list"]
    assert [item["sid"] for item in remaining] == [item["sid"] for item in media[1:]]


def test_media_pages(api: httpx.Client, http: httpx.Client, mock: MockServer) -> None:
    sid = send(api, MediaUrl=[f"https://example.com/{i}.png" for i in range(5)])["sid"]
    page = api.get(f"/Messages/{sid}/Media.json", params={"PageSize": 2}).json()
    seen = [item["sid"] for item in page["media_list"]]
    while page["next_page_uri"] is not None:
        page = http.get(page["next_page_uri"], auth=mock.auth).json()
        seen += [item["sid"] for item in page["media_list"]]
    assert len(seen) == 5 == len(set(seen))
    assert page["page"] == 2


def test_media_of_a_message_without_media_is_an_empty_list(api: httpx.Client) -> None:
    sid = send(api)["sid"]
    assert api.get(f"/Messages/{sid}/Media.json").json()["media_list"] == []


def test_redact_empties_the_body_and_keeps_the_rest(api: httpx.Client, mock: MockServer) -> None:
    message = send(api, Body="secret stuff")
    mock.advance(3 * STEP)
    before = api.get(f"/Messages/{message['sid']}.json").json()
    mock.advance(10)
    redacted = api.post(f"/Messages/{message['sid']}.json", data={"Body": ""})
    assert redacted.status_code == 200
    after = redacted.json()
    assert after["body"] == ""
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"body", "date_updated"}
    assert api.get(f"/Messages/{message['sid']}.json").json() == after


def test_delete_removes_the_message_media_and_feedback(api: httpx.Client) -> None:
    message = send(api, MediaUrl=["https://example.com/a.gif"])
    sid = message["sid"]
    media_sid = api.get(f"/Messages/{sid}/Media.json").json()["media_list"][0]["sid"]
    assert api.post(f"/Messages/{sid}/Feedback.json", data={"Outcome": "confirmed"}).is_success
    deleted = api.delete(f"/Messages/{sid}.json")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert_error(api.get(f"/Messages/{sid}.json"), 404, 20404)
    assert_error(api.post(f"/Messages/{sid}.json", data={"Body": ""}), 404, 20404)
    assert_error(api.delete(f"/Messages/{sid}.json"), 404, 20404)
    assert_error(api.get(f"/Messages/{sid}/Media.json"), 404, 20404)
    assert_error(api.get(f"/Messages/{sid}/Media/{media_sid}.json"), 404, 20404)
    assert_error(api.post(f"/Messages/{sid}/Feedback.json"), 404, 20404)
    listed = api.get("/Messages.json").json()["messages"]
    assert sid not in {item["sid"] for item in listed}


def test_scheduled_message_is_sent_at_send_at(api: httpx.Client, mock: MockServer) -> None:
    send_at = mock_now(mock) + timedelta(hours=1)
    message = send(
        api,
        from_=None,
        MessagingServiceSid=SERVICE,
        ScheduleType="fixed",
        SendAt=send_at.isoformat().replace("+00:00", "Z"),
    )
    path = f"/Messages/{message['sid']}.json"
    assert message["status"] == "scheduled"
    mock.advance(1800)
    assert api.get(path).json()["status"] == "scheduled"
    mock.advance(1800)
    assert api.get(path).json()["status"] == "queued"
    mock.advance(3 * STEP)
    assert api.get(path).json()["status"] == "delivered"


def test_cancel_a_scheduled_message(api: httpx.Client, mock: MockServer) -> None:
    send_at = mock_now(mock) + timedelta(days=2)
    message = send(
        api,
        MessagingServiceSid=SERVICE,
        ScheduleType="fixed",
        SendAt=send_at.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
    )
    path = f"/Messages/{message['sid']}.json"
    canceled = api.post(path, data={"Status": "canceled"})
    assert canceled.status_code == 200
    assert canceled.json()["status"] == "canceled"
    mock.advance(3 * 86400)
    assert api.get(path).json()["status"] == "canceled"
    assert_error(api.post(path, data={"Status": "canceled"}), 409, 30409)


def test_schedule_needs_a_messaging_service_and_a_future_send_at(
    api: httpx.Client, mock: MockServer
) -> None:
    later = (mock_now(mock) + timedelta(hours=1)).isoformat()
    earlier = (mock_now(mock) - timedelta(hours=1)).isoformat()
    assert send(api, ScheduleType="fixed", SendAt=later)["status"] == "queued"
    assert send(api, MessagingServiceSid=SERVICE, ScheduleType="fixed")["status"] == "queued"
    past = send(api, MessagingServiceSid=SERVICE, ScheduleType="fixed", SendAt=earlier)
    assert past["status"] == "queued"


def test_feedback_is_recorded(api: httpx.Client, mock: MockServer) -> None:
    sid = send(api)["sid"]
    response = api.post(f"/Messages/{sid}/Feedback.json", data={"Outcome": "unconfirmed"})
    assert response.status_code == 201
    feedback = response.json()
    assert feedback["account_sid"] == mock.account_sid
    assert feedback["message_sid"] == sid
    assert feedback["outcome"] == "unconfirmed"
    assert RFC_2822.match(feedback["date_created"])
    default = api.post(f"/Messages/{sid}/Feedback.json").json()
    assert default["outcome"] == "confirmed"
    assert default["date_created"] == feedback["date_created"]
    assert_error(api.post(f"/Messages/{sid}/Feedback.json", data={"Outcome": "meh"}), 400, 20001)


def test_inbound_message_injection(api: httpx.Client, mock: MockServer) -> None:
    inbound = mock.inbound(
        from_="+15551230000",
        to="+15557122661",
        body="Hello back",
        media_urls=["https://e.com/a.png"],
    )
    assert inbound["direction"] == "inbound"
    assert inbound["status"] == "received"
    assert inbound["sid"].startswith("MM")
    fetched = api.get(f"/Messages/{inbound['sid']}.json").json()
    assert fetched["status"] == "received"
    assert fetched["price"] == "-0.00790"
    assert fetched["body"] == "Hello back"
    listed = api.get("/Messages.json", params={"From": "+15551230000"}).json()["messages"]
    assert [item["sid"] for item in listed] == [inbound["sid"]]


def test_api_key_authenticates_for_its_account(mock: MockServer) -> None:
    auth = (mock.api_key_sid, mock.api_key_secret)
    base = f"{mock.url}/2010-04-01/Accounts/{mock.account_sid}"
    with httpx.Client(base_url=base, auth=auth, verify=False) as client:
        created = send(client)
        assert created["account_sid"] == mock.account_sid
        assert client.get(f"/Messages/{created['sid']}.json").status_code == 200
        wrong = httpx.BasicAuth(mock.api_key_sid, "not-the-secret")
        assert_error(client.get("/Messages.json", auth=wrong), 401, 20003)
