"""Shared helpers of the bulk tests: fresh numbers, and what the mock really stores."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from sendwire import Client

SENDER = "+15017122661"


def fresh_prefix() -> str:
    """A number prefix no other test uses, so tests sharing a mock never see each other."""
    return f"+1{random.randrange(200, 999)}{random.randrange(100, 999)}"


def numbers(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i:04d}" for i in range(count)]


def client_for(mock: Any) -> Client:
    return Client(mock.account_sid, mock.auth_token, base_url=mock.url)


def stored(mock: Any, prefix: str | None = None) -> Counter[tuple[str, str]]:
    """(to, body) of every message the mock holds (only numbers under ``prefix`` if given),
    with how many times each is stored."""
    with client_for(mock) as client:
        return Counter(
            (m.to or "", m.body or "")
            for m in client.messages.list(page_size=1000)
            if prefix is None or (m.to or "").startswith(prefix)
        )


def create_requests(mock: Any) -> dict[str, int]:
    """The mock's count of create requests by answer status."""
    counts: dict[str, int] = mock.stats()["requests"].get("CreateMessage", {})
    return counts
