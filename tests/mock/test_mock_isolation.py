"""Accounts are isolated: no operation reads, lists, changes or deletes another account's
messages, and the answers say nothing about them (not even whether they exist)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from mock_helpers import assert_error, send

from sendwire.testing import MockServer

Request = tuple[str, str, dict[str, Any] | None]


def operations(account: str, message: str, media: str) -> list[Request]:
    """Every API operation, aimed at the given account, message and media SIDs."""
    base = f"/2010-04-01/Accounts/{account}/Messages"
    return [
        ("POST", f"{base}.json", {"To": "+15558675310", "From": "+15557122661", "Body": "x"}),
        ("GET", f"{base}.json", None),
        ("GET", f"{base}/{message}.json", None),
        ("POST", f"{base}/{message}.json", {"Body": ""}),
        ("DELETE", f"{base}/{message}.json", None),
        ("GET", f"{base}/{message}/Media.json", None),
        ("GET", f"{base}/{message}/Media/{media}.json", None),
        ("DELETE", f"{base}/{message}/Media/{media}.json", None),
        ("POST", f"{base}/{message}/Feedback.json", {"Outcome": "confirmed"}),
    ]


class Victim:
    """The fixture account with one MMS whose state must survive every attempt."""

    def __init__(self, mock: MockServer, api: httpx.Client) -> None:
        self.account = mock.account_sid
        created = send(api, Body="private words", MediaUrl=["https://example.com/p.png"])
        self.message = created["sid"]
        self.media = api.get(f"/Messages/{self.message}/Media.json").json()["media_list"][0]["sid"]
        self.snapshot = self.state(api)

    def state(self, api: httpx.Client) -> Any:
        return (
            api.get(f"/Messages/{self.message}.json").json(),
            api.get(f"/Messages/{self.message}/Media.json").json(),
            api.get("/Messages.json").json(),
        )

    def leaked_in(self, text: str) -> bool:
        return any(secret in text for secret in (self.message, self.media, "private words"))


@pytest.fixture
def victim(mock: MockServer, api: httpx.Client) -> Victim:
    return Victim(mock, api)


@pytest.fixture
def intruder(mock: MockServer) -> tuple[str, str]:
    return mock.create_account()


def attempt(
    http: httpx.Client, requests: list[Request], auth: httpx.Auth | tuple[str, str] | None
) -> list[httpx.Response]:
    return [
        http.request(method, path, data=data, auth=auth)  # type: ignore[arg-type]
        for method, path, data in requests
    ]


def check_all(
    responses: list[httpx.Response], status: int, code: int, victim: Victim, api: httpx.Client
) -> None:
    for response in responses:
        assert_error(response, status, code)
        assert not victim.leaked_in(response.text)
    assert victim.state(api) == victim.snapshot


def test_other_accounts_credentials_on_the_victims_paths(
    http: httpx.Client, api: httpx.Client, victim: Victim, intruder: tuple[str, str]
) -> None:
    requests = operations(victim.account, victim.message, victim.media)
    check_all(attempt(http, requests, intruder), 404, 20404, victim, api)


def test_own_path_with_the_victims_sids(
    http: httpx.Client, api: httpx.Client, victim: Victim, intruder: tuple[str, str]
) -> None:
    # Creating and listing in one's own account are fine; every other operation names the
    # victim's message and must not find it.
    requests = operations(intruder[0], victim.message, victim.media)[2:]
    check_all(attempt(http, requests, intruder), 404, 20404, victim, api)
    own_list = http.get(f"/2010-04-01/Accounts/{intruder[0]}/Messages.json", auth=intruder)
    assert own_list.json()["messages"] == []


def test_other_accounts_api_key(
    http: httpx.Client, api: httpx.Client, mock: MockServer, victim: Victim
) -> None:
    intruder_sid, _ = mock.create_account()
    key = mock.create_api_key(intruder_sid)
    requests = operations(victim.account, victim.message, victim.media)
    check_all(attempt(http, requests, key), 404, 20404, victim, api)


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param(lambda victim: None, id="no credentials"),
        pytest.param(lambda victim: (victim.account, "wrong-token"), id="wrong token"),
        pytest.param(lambda victim: (victim.account, ""), id="empty token"),
        pytest.param(lambda victim: ("AC" + "0" * 32, "x"), id="unknown account"),
        pytest.param(lambda victim: ("SK" + "0" * 32, "x"), id="unknown key"),
    ],
)
def test_bad_credentials_are_401(
    http: httpx.Client,
    api: httpx.Client,
    victim: Victim,
    credentials: Callable[[Victim], tuple[str, str] | None],
) -> None:
    requests = operations(victim.account, victim.message, victim.media)
    responses = attempt(http, requests, credentials(victim))
    for response in responses:
        assert response.headers["www-authenticate"].startswith("Basic")
    check_all(responses, 401, 20003, victim, api)


def test_existing_and_missing_resources_look_the_same_to_others(
    http: httpx.Client, victim: Victim, intruder: tuple[str, str]
) -> None:
    missing = "SM" + "f" * 32
    for path in (
        f"/2010-04-01/Accounts/{intruder[0]}/Messages/{victim.message}.json",
        f"/2010-04-01/Accounts/{victim.account}/Messages/{victim.message}.json",
    ):
        found = http.get(path, auth=intruder)
        absent = http.get(path.replace(victim.message, missing), auth=intruder)
        assert (found.status_code, found.json()) == (absent.status_code, absent.json())
