"""How a mock server is set up: accounts, storage, faults, clock, spec and connection limits."""

from __future__ import annotations

import resource
from collections.abc import Iterable
from pathlib import Path

import attrs

from .sids import ACCOUNT_SID, API_KEY_SID, new_secret, new_sid

MIB = 1024 * 1024


@attrs.frozen
class Account:
    """An account the mock accepts; the token never shows in a repr."""

    sid: str
    auth_token: str = attrs.field(repr=False)

    @classmethod
    def generate(cls) -> Account:
        return cls(new_sid("AC"), new_secret())

    @classmethod
    def parse(cls, text: str) -> Account:
        """`SID:TOKEN` as given on the command line."""
        sid, sep, token = text.partition(":")
        if not sep or not ACCOUNT_SID.match(sid) or not token:
            raise ValueError("an account is given as ACxxxxxxxx...:TOKEN (AC + 32 hex digits)")
        return cls(sid, token)


@attrs.frozen
class ApiKey:
    sid: str
    secret: str = attrs.field(repr=False)
    account_sid: str

    def __attrs_post_init__(self) -> None:
        if not API_KEY_SID.match(self.sid):
            raise ValueError("an API key SID is SK followed by 32 hex digits")


_FAULT_KEYS = {
    "429": "rate_limited",
    "503": "unavailable",
    "reset": "reset",
    "reset_after_commit": "reset_after_commit",
    "latency_ms": "latency_ms",
    "retry_after": "retry_after",
}


@attrs.frozen
class Faults:
    """Probabilities (0..1) of each injected fault, plus a fixed latency."""

    rate_limited: float = 0.0
    unavailable: float = 0.0
    reset: float = 0.0
    reset_after_commit: float = 0.0
    latency_ms: float = 0.0
    retry_after: int = 1

    def __attrs_post_init__(self) -> None:
        rates = (self.rate_limited, self.unavailable, self.reset, self.reset_after_commit)
        if any(rate < 0 or rate > 1 for rate in rates) or sum(rates) > 1:
            raise ValueError("fault rates must be between 0 and 1 and add up to at most 1")
        if self.latency_ms < 0 or self.retry_after < 0:
            raise ValueError("latency_ms and retry_after cannot be negative")

    @property
    def any(self) -> bool:
        return self != Faults()

    @classmethod
    def parse(cls, text: str) -> Faults:
        """`429=0.05,503=0.02,reset=0.01,reset_after_commit=0.01,latency_ms=5`."""
        values: dict[str, float | int] = {}
        for item in text.split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, raw = item.partition("=")
            field = _FAULT_KEYS.get(key.strip())
            if field is None or not sep:
                known = ", ".join(_FAULT_KEYS)
                raise ValueError(f"unknown fault {key.strip()!r}; known: {known} (as key=value)")
            try:
                values[field] = int(raw) if field == "retry_after" else float(raw)
            except ValueError:
                raise ValueError(f"fault {key.strip()!r} needs a number, not {raw!r}") from None
        return cls(**values)  # type: ignore[arg-type]

    def describe(self) -> str:
        names = {value: key for key, value in _FAULT_KEYS.items()}
        defaults = Faults()
        parts = [
            f"{names[field.name]}={getattr(self, field.name)}"
            for field in attrs.fields(Faults)
            if getattr(self, field.name) != getattr(defaults, field.name)
        ]
        return ",".join(parts)


# Descriptors kept free below the process limit for the database, callback requests and
# the listening socket, when the connection cap is sized from that limit.
RESERVED_DESCRIPTORS = 128


@attrs.frozen
class ConnectionLimits:
    """The bounds of `MockConfig` as the server applies them; 0 turns one off."""

    header_timeout: float = 10.0
    max_header_bytes: int = 32 * 1024
    max_headers: int = 100
    idle_timeout: float = 5.0
    max_connections: int = 1024

    def __attrs_post_init__(self) -> None:
        values = (self.header_timeout, self.max_header_bytes, self.max_headers, self.idle_timeout)
        if min(*values, self.max_connections) < 0:
            raise ValueError("connection limits cannot be negative (0 turns one off)")

    def connection_cap(self) -> int:
        """The connection cap, kept below the process's descriptor limit; 0 for none."""
        if not self.max_connections:
            return 0
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        return max(1, min(self.max_connections, soft - RESERVED_DESCRIPTORS))


_LIMITS = ConnectionLimits()


def _accounts(items: Iterable[Account]) -> tuple[Account, ...]:
    return tuple(items)


def _api_keys(items: Iterable[ApiKey]) -> tuple[ApiKey, ...]:
    return tuple(items)


@attrs.frozen
class MockConfig:
    """Settings of one mock server. `db_path=None` keeps everything in memory."""

    accounts: tuple[Account, ...] = attrs.field(factory=tuple, converter=_accounts)
    api_keys: tuple[ApiKey, ...] = attrs.field(factory=tuple, converter=_api_keys)
    db_path: Path | None = attrs.field(default=None, converter=attrs.converters.optional(Path))
    faults: Faults = attrs.field(factory=Faults)
    seed: int | None = None
    # Seconds between status steps (queued -> sending -> sent -> delivered) on the mock clock;
    # 0 makes a message reach its final status by the next read.
    step_seconds: float = 1.0
    clock_offset_seconds: float = 0.0
    spec_path: Path | None = attrs.field(default=None, converter=attrs.converters.optional(Path))
    max_body_bytes: int = MIB
    callback_timeout_seconds: float = 5.0
    # What one client may hold (0 turns a limit off): seconds to send a request head once
    # connected or once it began, the size of that head and its number of header fields,
    # seconds a kept-alive connection may sit idle, and open connections (past the cap the
    # one idle longest is closed, or a newcomer gets a 503 when every one is busy).
    header_timeout: float = _LIMITS.header_timeout
    max_header_bytes: int = _LIMITS.max_header_bytes
    max_headers: int = _LIMITS.max_headers
    idle_timeout: float = _LIMITS.idle_timeout
    max_connections: int = _LIMITS.max_connections
    #: Where incoming messages are posted (the app's webhook), unless set per account.
    incoming_url: str | None = None
    #: One console line per API request.
    log_requests: bool = False

    def __attrs_post_init__(self) -> None:
        self.connection_limits()  # refuses negative limits when the config is made

    def connection_limits(self) -> ConnectionLimits:
        return ConnectionLimits(
            header_timeout=self.header_timeout,
            max_header_bytes=self.max_header_bytes,
            max_headers=self.max_headers,
            idle_timeout=self.idle_timeout,
            max_connections=self.max_connections,
        )
