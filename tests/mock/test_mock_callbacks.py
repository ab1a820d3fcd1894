"""Status callbacks arrive at a local receiver, signed as the real service signs them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterator

import httpx
import pytest
from mock_helpers import Receiver, send

from sendwire.testing import MockServer

STEP = 60


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def expected_signature(token: str, url: str, params: list[tuple[str, str]]) -> str:
    """Computed here from the documented rule, independently of the mock's code."""
    data = url
    for name, value in sorted(params):
        data += name + value
    mac = hmac.new(token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


def test_each_status_change_is_posted_and_signed(
    api: httpx.Client, mock: MockServer, receiver: Receiver
) -> None:
    url = f"{receiver.url}/status?tenant=7"
    message = send(api, StatusCallback=url, To="+15558675310")
    for _ in range(3):
        mock.advance(STEP)
    calls = receiver.wait_for(4)
    assert [call.form["MessageStatus"] for call in calls] == [
        "queued",
        "sending",
        "sent",
        "delivered",
    ]
    for call in calls:
        assert call.path == "/status?tenant=7"
        assert call.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
        signature = call.headers["X-Twilio-Signature"]
        assert signature == expected_signature(mock.auth_token, url, call.params)
        assert signature != expected_signature("another-token", url, call.params)
        assert call.form["MessageSid"] == call.form["SmsSid"] == message["sid"]
        assert call.form["AccountSid"] == mock.account_sid
        assert call.form["From"] == "+15557122661"
        assert call.form["To"] == "+15558675310"
        assert call.form["ApiVersion"] == "2010-04-01"
        assert call.form["SmsStatus"] == call.form["MessageStatus"]
        assert "ErrorCode" not in call.form
    assert "RawDlrDoneDate" not in calls[2].form
    assert calls[3].form["RawDlrDoneDate"].isdigit()
    assert len(calls[3].form["RawDlrDoneDate"]) == 10


def test_undelivered_callback_carries_the_error_code(
    api: httpx.Client, mock: MockServer, receiver: Receiver
) -> None:
    send(api, StatusCallback=receiver.url + "/cb", To="+150055530007")
    mock.advance(3 * STEP)
    last = receiver.wait_for(4)[-1]
    assert last.form["MessageStatus"] == "undelivered"
    assert last.form["ErrorCode"] == "30007"
    assert len(last.form["RawDlrDoneDate"]) == 10


def test_canceled_schedule_reports_canceled_and_nothing_after(
    api: httpx.Client, mock: MockServer, receiver: Receiver
) -> None:
    send_at = (mock.clock()["now_us"] // 1_000_000) + 3600
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(send_at))
    message = send(
        api,
        from_=None,
        MessagingServiceSid="MG" + "b" * 32,
        ScheduleType="fixed",
        SendAt=iso,
        StatusCallback=receiver.url,
    )
    receiver.wait_for(1)
    api.post(f"/Messages/{message['sid']}.json", data={"Status": "canceled"})
    receiver.wait_for(2)
    mock.advance(7200)
    # A later message's callbacks show the dispatcher has moved past the canceled steps.
    send(api, StatusCallback=receiver.url + "/other")
    calls = receiver.wait_for(3)
    mine = [call.form["MessageStatus"] for call in calls if call.path == "/"]
    assert mine == ["scheduled", "canceled"]


def test_deleted_message_sends_no_more_callbacks(
    api: httpx.Client, mock: MockServer, receiver: Receiver
) -> None:
    message = send(api, StatusCallback=receiver.url + "/gone")
    receiver.wait_for(1)
    api.delete(f"/Messages/{message['sid']}.json")
    mock.advance(3 * STEP)
    send(api, StatusCallback=receiver.url + "/marker")
    calls = receiver.wait_for(2)
    gone = [call.form["MessageStatus"] for call in calls if call.path == "/gone"]
    assert gone == ["queued"]
