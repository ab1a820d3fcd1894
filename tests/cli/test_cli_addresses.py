"""Recipients and senders judged alike by the client, the dry run and the mock (21211 / 21212).

`To` takes an E.164 number or a channel address (`whatsapp:`, `rcs:`); `From` also takes a short
code, an alphanumeric sender ID and a Messaging Service SID, as in the reference's RCS example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from cli_helpers import SENDER, run, use_mock, write_csv

from sendwire import Client, ValidationError

SERVICE = "MG" + "0123456789abcdef" * 2
RECIPIENTS = {
    "+15558675310": None,
    "whatsapp:+15558675310": None,
    "rcs:+447911123456": None,
    "abc": 21211,
    "John Smith": 21211,
    "+1555": 21211,
    "12345": 21211,
    "+01234567890": 21211,
    "whatsapp:abc": 21211,
    "messenger:+15558675310": 21211,
    "+1 555 867 5310": 21211,
    "+1234567890123456": 21211,
    SERVICE: 21211,
}
SENDERS = {
    SENDER: None,
    "whatsapp:+15017122661": None,
    "12345": None,
    "MyBrand": None,
    "My Brand 1": None,
    "1Bank": None,
    SERVICE: None,
    "MGXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX": 21212,
    "ABCDEFGHIJKL": 21212,
    "12": 21212,
    "123456789": 21212,
    "+1555": 21212,
    "-lead": 21212,
    "brand!": 21212,
    "MG" + "0" * 31: 21212,
}
CASES = [(to, SENDER, code) for to, code in RECIPIENTS.items()] + [
    ("+15558675311", sender, code) for sender, code in SENDERS.items()
]


@pytest.fixture
def env(mock: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    use_mock(monkeypatch, mock)
    monkeypatch.chdir(tmp_path)
    return mock


def _client_code(client: Client, to: str, sender: str) -> int | None:
    try:
        client.messages.create(to=to, from_=sender, body="address check")
    except ValidationError as error:
        return error.code
    return None


def _mock_code(mock: Any, to: str, sender: str) -> int | None:
    answer = httpx.post(
        f"{mock.url}/2010-04-01/Accounts/{mock.account_sid}/Messages.json",
        data={"To": to, "From": sender, "Body": "address check"},
        auth=(mock.account_sid, mock.auth_token),
    )
    assert answer.status_code in (201, 400), answer.text
    return None if answer.status_code == 201 else int(answer.json()["code"])


def test_client_dry_run_and_mock_accept_and_refuse_the_same_addresses(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Client(env.account_sid, env.auth_token, base_url=env.url) as client:
        by_client = [_client_code(client, to, sender) for to, sender, _ in CASES]
    by_mock = [_mock_code(env, to, sender) for to, sender, _ in CASES]
    expected = [code for _, _, code in CASES]
    assert by_client == expected
    assert by_mock == expected
    source = write_csv(tmp_path / "a.csv", ["to", "from"], [[to, s] for to, s, _ in CASES])
    dry = run(capsys, "bulk", "send", str(source), "--body", "x", "--dry-run")
    flagged = {}
    for line in dry.out.splitlines():
        if line.startswith("a.csv line "):
            number = int(line.split()[2].rstrip(":,"))
            flagged[number - 2] = 21211 if "'To'" in line else 21212
    assert flagged == {i: code for i, code in enumerate(expected) if code is not None}


def test_the_references_rcs_example_sends_from_a_messaging_service(env: Any) -> None:
    with Client(env.account_sid, env.auth_token, base_url=env.url) as client:
        message = client.messages.create(
            from_=SERVICE,
            body="My first RCS message. Hello, world!",
            to="+15551234567",
        )
    assert message.sid.startswith("SM") and message.body == "My first RCS message. Hello, world!"
