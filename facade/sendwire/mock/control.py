"""Test controls under /_mock/: reset, clock, inbound messages, accounts, keys, faults, stats.

They exist only on the mock and need no API credentials. Parameters may come as a query
string, a form body or a JSON object.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import orjson

from .._schema.formats import is_phone_number, is_uri
from .config import Faults
from .dates import format_rfc2822
from .errors import invalid_parameter, method_not_allowed, not_found
from .forms import FormData, parse_form
from .render import message_json
from .sids import ACCOUNT_SID, new_secret, new_sid
from .spec import MAX_MEDIA_URLS

if TYPE_CHECKING:
    from .app import MockApp

PREFIX = "/_mock/"
ControlHandler = Callable[[FormData], Awaitable[tuple[int, dict[str, Any]]]]


def parse_params(query: bytes, body: bytes, content_type: bytes) -> FormData:
    params = parse_form(query)
    if not body:
        return params
    if content_type.split(b";", 1)[0].strip().lower() == b"application/json":
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise invalid_parameter("The request body is not valid JSON") from None
        if not isinstance(document, dict):
            raise invalid_parameter("The JSON body must be an object")
        for name, value in document.items():
            values = value if isinstance(value, list) else [value]
            params[name] = [str(item) for item in values if item is not None]
        return params
    for name, values in parse_form(body).items():
        params.setdefault(name, []).extend(values)
    return params


def _one(params: FormData, name: str, default: str | None = None) -> str | None:
    values = params.get(name)
    if not values:
        return default
    if len(values) > 1:
        raise invalid_parameter(f"{name} may be given only once")
    return values[0]


def _required(params: FormData, name: str) -> str:
    value = _one(params, name)
    if value is None:
        raise invalid_parameter(f"Missing required parameter {name}.")
    return value


class ControlApi:
    def __init__(self, app: MockApp) -> None:
        self.app = app
        self._routes: dict[tuple[str, str], ControlHandler] = {
            ("POST", "reset"): self.reset,
            ("GET", "clock"): self.clock,
            ("POST", "clock/advance"): self.advance,
            ("POST", "inbound"): self.inbound,
            ("POST", "accounts"): self.create_account,
            ("GET", "faults"): self.faults,
            ("POST", "faults"): self.set_faults,
            ("GET", "stats"): self.stats,
            ("GET", "health"): self.health,
        }

    async def handle(self, method: str, path: str, params: FormData) -> tuple[int, dict[str, Any]]:
        name = path[len(PREFIX) :].strip("/")
        parts = name.split("/")
        if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "keys":
            if method != "POST":
                raise method_not_allowed("POST")
            return await self.create_api_key(parts[1], params)
        handler = self._routes.get((method, name))
        if handler is None:
            allowed = sorted(m for (m, route) in self._routes if route == name)
            if allowed:
                raise method_not_allowed(", ".join(allowed))
            raise not_found()
        return await handler(params)

    async def reset(self, params: FormData) -> tuple[int, dict[str, Any]]:
        self.app.reset()
        return 200, {"reset": True}

    async def clock(self, params: FormData) -> tuple[int, dict[str, Any]]:
        clock = self.app.clock
        now = clock.now_us()
        return 200, {
            "now": format_rfc2822(now),
            "now_us": now,
            "offset_seconds": clock.offset_us / 1_000_000,
            "step_seconds": self.app.step_seconds,
        }

    async def advance(self, params: FormData) -> tuple[int, dict[str, Any]]:
        raw = _required(params, "seconds")
        try:
            seconds = float(raw)
        except ValueError:
            raise invalid_parameter("seconds must be a number") from None
        if not 0 <= seconds <= 10 * 365 * 86_400:
            raise invalid_parameter("seconds must be between 0 and ten years")
        self.app.clock.advance(seconds)
        self.app.callbacks.poke()
        self.app.live.clock_moved()
        return await self.clock(params)

    async def inbound(self, params: FormData) -> tuple[int, dict[str, Any]]:
        accounts = self.app.credentials.account_sids()
        account = _one(params, "AccountSid", accounts[0] if accounts else None)
        if account is None or not self.app.credentials.has_account(account):
            raise not_found()
        to, from_ = _required(params, "To"), _required(params, "From")
        if not (is_phone_number(to) and is_phone_number(from_)):
            raise invalid_parameter("To and From must be phone numbers or channel addresses")
        media = params.get("MediaUrl", [])
        if not all(is_uri(url) for url in media) or len(media) > (MAX_MEDIA_URLS or len(media)):
            raise invalid_parameter(f"MediaUrl must be up to {MAX_MEDIA_URLS} URIs")
        row, media_rows = self.app.api.build_message(
            account,
            to=to,
            from_=from_,
            body=_one(params, "Body", "") or "",
            media_urls=media,
            inbound=True,
        )
        self.app.receive_message(row, media_rows)
        return 201, message_json(row, row.date_created, self.app.api.shapes.message)

    async def create_account(self, params: FormData) -> tuple[int, dict[str, Any]]:
        sid = _one(params, "Sid") or new_sid("AC")
        if not ACCOUNT_SID.match(sid):
            raise invalid_parameter("Sid must be AC followed by 32 hex digits")
        token = _one(params, "AuthToken") or new_secret()
        self.app.add_account(sid, token)
        return 201, {"sid": sid, "auth_token": token}

    async def create_api_key(self, account: str, params: FormData) -> tuple[int, dict[str, Any]]:
        if not self.app.credentials.has_account(account):
            raise not_found()
        sid, secret = new_sid("SK"), new_secret()
        self.app.add_api_key(sid, account, secret)
        return 201, {"sid": sid, "secret": secret, "account_sid": account}

    async def faults(self, params: FormData) -> tuple[int, dict[str, Any]]:
        injector = self.app.faults
        return 200, {"faults": injector.faults.describe(), "seed": injector.seed}

    async def set_faults(self, params: FormData) -> tuple[int, dict[str, Any]]:
        seed_text = _one(params, "seed")
        try:
            faults = Faults.parse(_one(params, "faults", "") or "")
            seed = int(seed_text) if seed_text is not None else self.app.faults.seed
        except ValueError as exc:
            raise invalid_parameter(f"Invalid faults: {exc}") from None
        self.app.faults.configure(faults, seed)
        return await self.faults(params)

    async def stats(self, params: FormData) -> tuple[int, dict[str, Any]]:
        snapshot = self.app.stats.snapshot()
        snapshot["messages"] = self.app.store.count_messages()
        return 200, snapshot

    async def health(self, params: FormData) -> tuple[int, dict[str, Any]]:
        return 200, {"ok": True}
