"""Helpers shared by the mock server's tests."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

_numbers = itertools.count(1)

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"


def fresh_number() -> str:
    """A recipient no other test uses."""
    return f"+1555{next(_numbers):07d}"


def send(api: httpx.Client, **params: Any) -> dict[str, Any]:
    """Create a message (From/To/Body defaults filled in) and return it; expects 201."""
    data: dict[str, Any] = {"To": fresh_number(), "From": "+15557122661", "Body": "Hello"}
    data.update({key.replace("from_", "From"): value for key, value in params.items()})
    data = {key: value for key, value in data.items() if value is not None}
    response = api.post("/Messages.json", data=data)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def assert_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    """The response is the API's error document with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "more_info", "status"}
    assert body["code"] == code
    assert body["status"] == status
    assert body["more_info"] == MORE_INFO.format(code=code)
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in body["message"]
    return body
