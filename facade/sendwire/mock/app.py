"""The mock's ASGI application: routing, authentication, validation, faults, answers."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from . import errors
from .auth import Credentials
from .callbacks import CallbackDispatcher
from .clock import MockClock
from .config import MockConfig
from .control import PREFIX as CONTROL_PREFIX
from .control import ControlApi, parse_params
from .errors import ApiError
from .faults import (
    RATE_LIMITED,
    RESET,
    RESET_AFTER_COMMIT,
    UNAVAILABLE,
    ConnectionDropped,
    FaultInjector,
    drop_connection,
)
from .forms import parse_form, require_form_content_type
from .generic import serve
from .handlers import Call, Handler, MessagesApi
from .routing import Route, Router
from .shapes import Shapes
from .spec import Operation, default_spec_path, load_spec, operations
from .stats import Stats
from .store import Store
from .validation import OperationValidator

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

logger = logging.getLogger("sendwire.mock")

_JSON = (b"content-type", b"application/json")
_UNKNOWN = "(unknown)"
_DRAIN_LIMIT = 32 * 1024 * 1024


class _Endpoint:
    __slots__ = ("handler", "operation_id", "validator")

    def __init__(self, validator: OperationValidator, handler: Handler) -> None:
        self.validator = validator
        self.handler = handler
        self.operation_id = validator.operation.operation_id


class _ClientGone(Exception):
    pass


def dumps(payload: Any) -> bytes:
    try:
        return orjson.dumps(payload)
    except TypeError:
        # orjson stops at 64-bit integers; a client may echo a huge `Page` number.
        return json.dumps(payload, separators=(",", ":")).encode()


class MockApp:
    """One mock server's state and its ASGI entry point."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.store = Store(config.db_path)
        self.clock = MockClock(int(config.clock_offset_seconds * 1_000_000))
        self.stats = Stats()
        self.faults = FaultInjector(config.faults, config.seed)
        self.step_seconds = config.step_seconds
        self.credentials = Credentials()
        for sid, token in self.store.accounts():
            self.credentials.add_account(sid, token)
        for sid, account_sid, secret in self.store.api_keys():
            self.credentials.add_api_key(sid, account_sid, secret)
        for account in config.accounts:
            self.add_account(account.sid, account.auth_token)
        for key in config.api_keys:
            self.add_api_key(key.sid, key.account_sid, key.secret)
        self.callbacks = CallbackDispatcher(
            self.store,
            self.clock,
            self.credentials.auth_token,
            self.stats,
            config.callback_timeout_seconds,
        )
        spec_operations = operations(load_spec(config.spec_path or default_spec_path()))
        self.api = MessagesApi(
            self.store,
            self.clock,
            self.callbacks,
            lambda: self.step_seconds,
            Shapes(spec_operations),
        )
        self.control = ControlApi(self)
        self.router = self._build_router(spec_operations)
        self.max_body = config.max_body_bytes

    def _build_router(self, spec_operations: list[Operation]) -> Router[_Endpoint]:
        # Hand-written behaviour first; every other operation is served from the spec.
        handlers = serve(spec_operations, self.api.handlers(), self.store, self.clock)
        by_path: dict[str, dict[str, _Endpoint]] = {}
        for operation in spec_operations:
            handler = handlers.get(operation.operation_id)
            if handler is None:
                raise ValueError(f"the spec's {operation.operation_id} has no mock handler")
            endpoint = _Endpoint(OperationValidator(operation), handler)
            by_path.setdefault(operation.path, {})[operation.method] = endpoint
        return Router(Route(path, methods) for path, methods in by_path.items())

    # State changes shared by the control API and start-up

    def add_account(self, sid: str, auth_token: str) -> None:
        self.store.save_account(sid, auth_token)
        self.credentials.add_account(sid, auth_token)

    def add_api_key(self, sid: str, account_sid: str, secret: str) -> None:
        self.store.save_api_key(sid, account_sid, secret)
        self.credentials.add_api_key(sid, account_sid, secret)

    def reset(self) -> None:
        self.store.wipe()
        self.clock.offset_us = int(self.config.clock_offset_seconds * 1_000_000)
        self.callbacks.clear()
        self.faults.configure(self.config.faults, self.config.seed)
        self.stats.clear()

    # ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            try:
                await self._http(scope, receive, send)
            except ConnectionDropped:
                raise  # the host gives no way to drop a connection: let it see a failure
            except _ClientGone:
                pass
            except Exception as exc:  # noqa: BLE001 - the last line of defence: no trace leaks
                logger.error("unexpected %s while handling a request", type(exc).__name__)
                body = errors.error_body(500, errors.INTERNAL_ERROR, "Internal error")
                await _send(send, 500, body)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.callbacks.poke()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.callbacks.close()
                self.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if path.startswith(CONTROL_PREFIX):
            await self._control(scope, receive, send)
            return
        match = self.router.match(path)
        operation = match[0].methods.get(scope["method"]) if match is not None else None
        operation_id = operation.operation_id if operation is not None else _UNKNOWN
        fault = self.faults.draw() if self.faults.active else None
        if fault is not None or self.faults.faults.latency_ms:
            if self.faults.faults.latency_ms:
                await asyncio.sleep(self.faults.faults.latency_ms / 1000)
            if fault == RESET:
                self.stats.record(operation_id, "reset")
                await drop_connection(scope)
                return
            if fault == RATE_LIMITED:
                retry = str(self.faults.faults.retry_after).encode()
                self.stats.record(operation_id, 429)
                await _send_error(send, ApiError(
                    429, errors.TOO_MANY_REQUESTS, "Too Many Requests", ((b"retry-after", retry),)
                ))  # fmt: skip
                return
            if fault == UNAVAILABLE:
                self.stats.record(operation_id, 503)
                await _send_error(
                    send, ApiError(503, errors.SERVICE_UNAVAILABLE, "Service Unavailable")
                )
                return
        try:
            if match is None:
                raise errors.not_found()
            route, params = match
            if operation is None:
                raise errors.method_not_allowed(route.allow)
            status, body = await self._api(scope, receive, operation, params)
        except ApiError as error:
            self.stats.record(operation_id, error.status)
            await _send_error(send, error)
            return
        if fault == RESET_AFTER_COMMIT and operation_id == "CreateMessage":
            self.stats.record(operation_id, "reset_after_commit")
            await drop_connection(scope)
            return
        self.stats.record(operation_id, status)
        await _send(send, status, body)

    async def _api(
        self, scope: Scope, receive: Receive, endpoint: _Endpoint, params: dict[str, str]
    ) -> tuple[int, bytes]:
        authorization = content_type = content_length = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"content-type":
                content_type = value
            elif name == b"content-length":
                content_length = value
        validator = endpoint.validator
        raw_body = b""
        if validator.body is not None:
            raw_body = await self._read_body(receive, content_length)
        account = self.credentials.authenticate(authorization)
        if account is None:
            raise errors.unauthorized()
        # Another account's SID answers exactly like one that does not exist.
        if params.get("AccountSid") != account or not validator.path_ok(params):
            raise errors.not_found()
        query_string: bytes = scope["query_string"]
        query: dict[str, Any] = {}
        if query_string or not validator.empty_query_ok:
            query = validator.query(parse_form(query_string))
        body: dict[str, Any] = {}
        if validator.body is not None:
            if raw_body:
                require_form_content_type(content_type or b"")
            body = validator.body(parse_form(raw_body))
        reply = await endpoint.handler(Call(account, params, query, body))
        if reply.payload is None:
            return reply.status, b""
        return reply.status, dumps(reply.payload)

    async def _read_body(self, receive: Receive, declared: bytes | None) -> bytes:
        limit = self.max_body
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                raise errors.invalid_parameter("Invalid Content-Length") from None
            if too_big:
                await _drain(receive)
                raise errors.too_large(limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                if message.get("more_body", False):
                    await _drain(receive)
                raise errors.too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    async def _control(self, scope: Scope, receive: Receive, send: Send) -> None:
        content_type = b""
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value
        try:
            raw = await self._read_body(receive, None)
            params = parse_params(scope["query_string"], raw, content_type)
            status, payload = await self.control.handle(scope["method"], scope["path"], params)
        except ApiError as error:
            await _send_error(send, error)
            return
        await _send(send, status, dumps(payload))


async def _drain(receive: Receive) -> None:
    """Read and drop the rest of a refused body, so the client gets to read our answer."""
    drained = 0
    while drained <= _DRAIN_LIMIT:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _send(
    send: Send, status: int, body: bytes, extra: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    headers = [(b"content-length", str(len(body)).encode())]
    if body:
        headers.append(_JSON)
    headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_error(send: Send, error: ApiError) -> None:
    await _send(send, error.status, error.body(), error.headers)


def create_app(config: MockConfig | None = None) -> MockApp:
    """The mock server as an ASGI application."""
    return MockApp(config or MockConfig())
