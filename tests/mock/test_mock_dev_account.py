"""`sendwire mock` without an account: the fixed development account on loopback only."""

from __future__ import annotations

import httpx
import pytest

from sendwire.mock import DEV_ACCOUNT
from sendwire.mock.config import is_loopback
from sendwire.testing import MockProcess


def test_a_loopback_mock_accepts_the_documented_development_account() -> None:
    with MockProcess() as server:
        assert (server.account_sid, server.auth_token) == (DEV_ACCOUNT.sid, DEV_ACCOUNT.auth_token)
        assert server.account_sid == "AC00000000000000000000000000000000"
        answer = httpx.get(
            server.url + server.messages_path(), auth=("AC" + "0" * 32, "sendwire-dev-token")
        )
        assert answer.status_code == 200
        wrong = httpx.get(server.url + server.messages_path(), auth=(DEV_ACCOUNT.sid, "guess"))
        assert wrong.status_code == 401


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.5.0.1", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.com", False)],
)  # fmt: skip
def test_only_loopback_addresses_get_the_development_account(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_mock_on_another_address_makes_up_its_account() -> None:
    with MockProcess(host="0.0.0.0") as server:
        assert server.account_sid != DEV_ACCOUNT.sid
        assert server.auth_token != DEV_ACCOUNT.auth_token
