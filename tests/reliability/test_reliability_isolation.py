"""Isolation and authentication: every operation, attempted by everyone but the owner.

Account A (the victim) holds an MMS with media and feedback. Each of the nine operations of
the spec is tried with account B's credentials (token and API key) on A's resources, with a
wrong token, with malformed or no credentials, and with A's SIDs under B's own account. Every
answer is a 401 or 404 in the API's error format and holds nothing of A: no SID, body or
phone number, in the body or the headers. A's data is unchanged afterwards. The facade turns
the same answers into typed errors that carry nothing of A either.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from reliability_helpers import (
    assert_api_error,
    create,
    http_for,
    list_all,
    messages_path,
)

import sendwire.mock.auth
import sendwire.webhooks
from sendwire import AuthenticationError, Client, NotFoundError
from sendwire.mock.auth import Credentials
from sendwire.testing import MockServer

VICTIM_TO = "+15550424242"
VICTIM_FROM = "+15550737373"
VICTIM_BODY = "victim-private-words-8f3a"

Request = tuple[str, str, str, dict[str, Any] | None]


def operations(account: str, message: str, media: str) -> list[Request]:
    """All nine operations of the spec, aimed at these SIDs: (id, method, path, form)."""
    base = messages_path(account).removesuffix(".json")
    return [
        ("CreateMessage", "POST", f"{base}.json",
         {"To": "+15558675310", "From": "+15557122661", "Body": "intruder"}),
        ("ListMessage", "GET", f"{base}.json", None),
        ("FetchMessage", "GET", f"{base}/{message}.json", None),
        ("UpdateMessage", "POST", f"{base}/{message}.json", {"Body": ""}),
        ("DeleteMessage", "DELETE", f"{base}/{message}.json", None),
        ("ListMedia", "GET", f"{base}/{message}/Media.json", None),
        ("FetchMedia", "GET", f"{base}/{message}/Media/{media}.json", None),
        ("DeleteMedia", "DELETE", f"{base}/{message}/Media/{media}.json", None),
        ("CreateMessageFeedback", "POST", f"{base}/{message}/Feedback.json",
         {"Outcome": "unconfirmed"}),
    ]  # fmt: skip


class Victim:
    def __init__(self, mock: MockServer) -> None:
        self.account = mock.account_sid
        self.token = mock.auth_token
        with http_for(mock) as http:
            created = create(
                http,
                self.account,
                To=VICTIM_TO,
                From=VICTIM_FROM,
                Body=VICTIM_BODY,
                MediaUrl="https://example.com/victim-photo.png",
            )
            self.message = created["sid"]
            path = messages_path(self.account, self.message).removesuffix(".json")
            self.media = http.get(f"{path}/Media.json").json()["media_list"][0]["sid"]
            http.post(f"{path}/Feedback.json", data={"Outcome": "confirmed"}).raise_for_status()
        self.secrets = (
            self.account,
            self.message,
            self.media,
            VICTIM_BODY,
            VICTIM_TO,
            VICTIM_FROM,
            "victim-photo",
        )
        self.before = self.state(mock)

    def state(self, mock: MockServer) -> Any:
        with http_for(mock, (self.account, self.token)) as http:
            path = messages_path(self.account, self.message).removesuffix(".json")
            return (
                list_all(http, self.account),
                http.get(f"{path}/Media.json").json()["media_list"],
            )

    def assert_nothing_leaked(self, response: httpx.Response) -> None:
        seen = response.content + b"\n".join(
            name + b": " + value for name, value in response.headers.raw
        )
        leaked = [secret for secret in self.secrets if secret.encode() in seen]
        assert leaked == [], (response.request.method, response.request.url.path, leaked)


@pytest.fixture
def victim(mock: MockServer) -> Victim:
    return Victim(mock)


@pytest.fixture
def intruder(mock: MockServer) -> tuple[str, str]:
    return mock.create_account()


def basic_header(user: str, secret: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def scenarios(victim: Victim, intruder: tuple[str, str], mock: MockServer) -> dict[str, Any]:
    """Who tries what: (requests, headers, allowed statuses)."""
    b_sid, b_token = intruder
    b_key_sid, b_key_secret = mock.create_api_key(b_sid)
    on_victim = operations(victim.account, victim.message, victim.media)
    on_intruder = operations(b_sid, victim.message, victim.media)
    return {
        "other account's token": (on_victim, basic_header(b_sid, b_token), (401, 404)),
        "other account's API key": (on_victim, basic_header(b_key_sid, b_key_secret), (401, 404)),
        "victim SID, other token": (on_victim, basic_header(victim.account, b_token), (401,)),
        "victim SID, wrong token": (
            on_victim, basic_header(victim.account, victim.token + "x"), (401,)),
        "victim SID, empty token": (on_victim, basic_header(victim.account, ""), (401,)),
        "no credentials": (on_victim, {}, (401,)),
        "bearer scheme": (on_victim, {"Authorization": f"Bearer {victim.token}"}, (401,)),
        "undecodable basic": (on_victim, {"Authorization": "Basic %%%not-base64"}, (401,)),
        # B's own account, A's message and media SIDs: they do not exist there.
        "victim SIDs in own account": (
            on_intruder[2:], basic_header(b_sid, b_token), (404,)),
    }  # fmt: skip


def test_every_operation_is_refused_to_everyone_but_the_owner(
    mock: MockServer, victim: Victim, intruder: tuple[str, str]
) -> None:
    refused: dict[tuple[str, str], int] = {}
    with httpx.Client(base_url=mock.url, timeout=10.0) as http:
        for name, (requests, headers, statuses) in scenarios(victim, intruder, mock).items():
            for operation, method, path, form in requests:
                response = http.request(method, path, data=form, headers=headers)
                body = assert_api_error(response, *statuses)
                assert body["code"] == (20003 if response.status_code == 401 else 20404)
                if response.status_code == 401:
                    assert response.headers["www-authenticate"].startswith("Basic ")
                victim.assert_nothing_leaked(response)
                refused[(name, operation)] = response.status_code
    assert victim.state(mock) == victim.before
    assert len(refused) == 8 * 9 + 7


def test_the_other_account_sees_none_of_the_victims_messages_in_its_own_calls(
    mock: MockServer, victim: Victim, intruder: tuple[str, str]
) -> None:
    b_sid = intruder[0]
    with http_for(mock, intruder) as http:
        own = create(http, b_sid, To="+15558675310", Body="intruder's own")
        answers = [
            http.get(messages_path(b_sid), params={"PageSize": 1000}),
            http.get(messages_path(b_sid), params={"To": VICTIM_TO}),
            http.get(messages_path(b_sid), params={"From": VICTIM_FROM}),
            http.get(messages_path(b_sid), params={"DateSent>": "2000-01-01"}),
        ]
    for response in answers:
        assert response.status_code == 200, response.text
        victim.assert_nothing_leaked(response)
    assert [m["sid"] for m in answers[0].json()["messages"]] == [own["sid"]]
    assert answers[1].json()["messages"] == answers[2].json()["messages"] == []
    assert victim.state(mock) == victim.before


FacadeCall = Callable[[Client, Victim], Any]

FACADE_CALLS: dict[str, FacadeCall] = {
    "create": lambda c, v: c.messages.create(to="+15558675310", from_="+15557122661", body="x"),
    "list": lambda c, v: list(c.messages.list(limit=5)),
    "get": lambda c, v: c.messages.get(v.message),
    "redact": lambda c, v: c.messages.redact(v.message),
    "delete": lambda c, v: c.messages.delete(v.message),
    "media list": lambda c, v: list(c.messages.media(v.message).list()),
    "media get": lambda c, v: c.messages.media(v.message).get(v.media),
    "media delete": lambda c, v: c.messages.media(v.message).delete(v.media),
    "feedback": lambda c, v: c.messages.feedback(v.message, "unconfirmed"),
}


@pytest.mark.parametrize("who", ["wrong token", "other account on victim SIDs"])
def test_the_facade_raises_typed_errors_that_carry_nothing_of_the_victim(
    mock: MockServer, victim: Victim, intruder: tuple[str, str], who: str
) -> None:
    if who == "wrong token":
        client = Client(victim.account, "not-the-token", base_url=mock.url, max_retries=0)
        expected: type[Exception] = AuthenticationError
    else:
        client = Client(intruder[0], intruder[1], base_url=mock.url, max_retries=0)
        expected = NotFoundError
    with client:
        for name, call in FACADE_CALLS.items():
            if expected is NotFoundError and name in ("create", "list"):
                continue  # the intruder's own account: allowed, checked above
            with pytest.raises(expected) as caught:
                call(client, victim)
            text = f"{caught.value}\n{caught.value!r}"
            # The URL names the SIDs the caller asked for; nothing else of the victim shows.
            for asked in (victim.account, victim.message, victim.media):
                text = text.replace(asked, "")
            assert not [s for s in victim.secrets if s in text], (name, text)
    assert victim.state(mock) == victim.before


# -- constant-time comparison ------------------------------------------------------------------


class CompareSpy:
    """Records every `hmac.compare_digest` call and answers as the real one does."""

    def __init__(self, real: Callable[[Any, Any], bool]) -> None:
        self.real = real
        self.calls: list[tuple[Any, Any]] = []

    def __call__(self, a: Any, b: Any) -> bool:
        self.calls.append((a, b))
        return self.real(a, b)


@pytest.fixture
def compare_spy(monkeypatch: pytest.MonkeyPatch) -> CompareSpy:
    spy = CompareSpy(sendwire.mock.auth.hmac.compare_digest)
    monkeypatch.setattr(sendwire.mock.auth.hmac, "compare_digest", spy)
    return spy


def _basic(user: str, secret: str) -> bytes:
    return b"Basic " + base64.b64encode(f"{user}:{secret}".encode())


def test_the_mock_compares_credentials_in_constant_time_known_user_or_not(
    compare_spy: CompareSpy,
) -> None:
    credentials = Credentials()
    account, token = "AC" + "a" * 32, "the-right-token"
    credentials.add_account(account, token)
    cases = [
        (_basic(account, token), account),
        (_basic(account, "the-wrong-token"), None),
        (_basic("AC" + "b" * 32, token), None),  # an account that does not exist
        (_basic("SK" + "c" * 32, token), None),  # a key that does not exist
    ]
    for header, expected in cases:
        before = len(compare_spy.calls)
        assert credentials.authenticate(header) == expected
        # Every attempt, even for an unknown user, goes through one constant-time comparison.
        assert len(compare_spy.calls) == before + 1
    assert compare_spy.calls[0] == (token.encode(), token.encode())


def test_requests_to_the_mock_are_authenticated_through_the_constant_time_path(
    mock: MockServer, compare_spy: CompareSpy
) -> None:
    with httpx.Client(base_url=mock.url, timeout=10.0) as http:
        ok = http.get(messages_path(mock.account_sid), auth=mock.auth)
        wrong = http.get(messages_path(mock.account_sid), auth=(mock.account_sid, "nope"))
    assert (ok.status_code, wrong.status_code) == (200, 401)
    assert (mock.auth_token.encode(), mock.auth_token.encode()) in compare_spy.calls
    assert (b"nope", mock.auth_token.encode()) in compare_spy.calls


def test_webhook_signatures_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = CompareSpy(sendwire.webhooks.hmac.compare_digest)
    monkeypatch.setattr(sendwire.webhooks.hmac, "compare_digest", spy)
    validator = sendwire.webhooks.RequestValidator("webhook-token")
    url, params = "https://example.com/status", {"MessageSid": "SM" + "0" * 32}
    good = validator.compute_signature(url, params)
    assert validator.validate(url, params, good)
    assert not validator.validate(url, params, good[:-2] + "AA")
    # Both URL variants (with and without :443) are compared every time, match or not.
    assert len(spy.calls) == 4
