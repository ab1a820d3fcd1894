"""A handle on a running mock server: its URL, credentials and test controls."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import httpx


@attrs.define
class MockServer:
    """What a test needs from a mock server. Controls go over HTTP to /_mock/."""

    url: str
    account_sid: str
    auth_token: str = attrs.field(repr=False)
    _api_key: tuple[str, str] | None = attrs.field(default=None, repr=False, alias="api_key")
    _http: httpx.Client | None = attrs.field(default=None, init=False, repr=False)

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            # No TLS set-up for a plain-HTTP server: loading CA certificates takes ~0.3 s.
            secure = self.url.startswith("https:")
            self._http = httpx.Client(base_url=self.url, timeout=10.0, verify=secure)
        return self._http

    @property
    def auth(self) -> tuple[str, str]:
        """HTTP Basic credentials of the test account, for any HTTP client."""
        return self.account_sid, self.auth_token

    @property
    def api_key_sid(self) -> str:
        return self._key()[0]

    @property
    def api_key_secret(self) -> str:
        return self._key()[1]

    def _key(self) -> tuple[str, str]:
        if self._api_key is None:
            self._api_key = self.create_api_key()
        return self._api_key

    def messages_path(self, account_sid: str | None = None) -> str:
        return f"/2010-04-01/Accounts/{account_sid or self.account_sid}/Messages.json"

    def _control(self, method: str, path: str, data: Any = None) -> Any:
        response = self.http.request(method, f"/_mock/{path}", data=data)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        """Forget all messages, media and feedback; clock, faults and counters start over."""
        self._control("POST", "reset")

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move the mock clock forward; returns the clock's state."""
        result: dict[str, Any] = self._control("POST", "clock/advance", {"seconds": seconds})
        return result

    def clock(self) -> dict[str, Any]:
        result: dict[str, Any] = self._control("GET", "clock")
        return result

    def inbound(
        self,
        from_: str,
        to: str,
        body: str = "",
        media_urls: Sequence[str] = (),
        account_sid: str | None = None,
    ) -> dict[str, Any]:
        """Inject a received message; returns it as the API shows it."""
        data: dict[str, Any] = {"From": from_, "To": to, "Body": body, "MediaUrl": list(media_urls)}
        data["AccountSid"] = account_sid or self.account_sid
        result: dict[str, Any] = self._control("POST", "inbound", data)
        return result

    def create_account(self) -> tuple[str, str]:
        """A new account on this server: (SID, auth token)."""
        created = self._control("POST", "accounts")
        return created["sid"], created["auth_token"]

    def create_api_key(self, account_sid: str | None = None) -> tuple[str, str]:
        """A new API key of the account: (key SID, secret)."""
        created = self._control("POST", f"accounts/{account_sid or self.account_sid}/keys")
        return created["sid"], created["secret"]

    def set_faults(self, faults: str, seed: int | None = None) -> None:
        """Change injected faults, e.g. `"429=0.1,reset=0.05"`; `""` turns them off."""
        data: dict[str, Any] = {"faults": faults}
        if seed is not None:
            data["seed"] = seed
        self._control("POST", "faults", data)

    def stats(self) -> dict[str, Any]:
        """Request counters per operation and status, callback counters, message count."""
        result: dict[str, Any] = self._control("GET", "stats")
        return result

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
