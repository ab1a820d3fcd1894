"""The mock's ASGI application: its state, the API's layers and the /_mock/ controls."""

from __future__ import annotations

import logging

from . import errors
from .asgi import ClientGone, Receive, Scope, Send, dumps, header, read_body, respond
from .auth import Credentials
from .callbacklog import CallbackLog, sent_now
from .callbacks import CallbackDispatcher
from .clock import MockClock
from .config import MockConfig
from .control import PREFIX as CONTROL_PREFIX
from .control import ControlApi, parse_params
from .dispatch import Dispatch, Endpoint
from .errors import ApiError, ErrorRendering
from .faults import ConnectionDropped, FaultInjection, FaultInjector, drop_connection
from .generic import serve
from .handlers import MessagesApi
from .inbox import InboxApp
from .inbox.search import install as install_search
from .incoming import IncomingDelivery, IncomingUrls
from .live import LiveFeed
from .pipeline import ApiRequest, Layer
from .requestlog import RequestLog, RequestLogging, console_stream
from .routing import Route, Router, Routing
from .shapes import Shapes
from .spec import Operation, default_spec_path, load_spec, operations
from .stats import Counting, Stats
from .store import MediaRow, MessageRow, Store
from .twiml_reader import Reply
from .validation import OperationValidator

logger = logging.getLogger("sendwire.mock")


class MockApp:
    """One mock server's state and its ASGI entry point."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.store = Store(config.db_path)
        start_offset = int(config.clock_offset_seconds * 1_000_000)
        self.clock = MockClock(self.store.clock_offset(start_offset), self.store.save_clock_offset)
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
        self.max_body = config.max_body_bytes
        self._add_inbox(config)
        self.pipeline = self._build_pipeline(self._build_router(spec_operations))

    def _add_inbox(self, config: MockConfig) -> None:
        """What the web inbox shows, fed by the API, the callbacks and the virtual phone."""
        self.request_log = RequestLog(console_stream(config.log_requests))
        self.live = LiveFeed(self.clock)
        self.callback_log = CallbackLog()
        self.incoming_urls = IncomingUrls(config.incoming_url)
        self.incoming = IncomingDelivery(
            self.incoming_urls,
            self.credentials.auth_token,
            self.send_reply,
            self.request_log,
            config.callback_timeout_seconds,
        )
        self.api.listener = self.live.message
        self.request_log.on_record = lambda entry: self.live.request(entry.account)
        self.incoming.on_event = lambda event: self.live.message(
            event.account_sid, event.message_sid, None
        )
        self.callbacks.on_sent = self._callback_sent
        install_search(self.store.db)
        self.inbox = InboxApp(self)

    def _build_pipeline(self, router: Router[Endpoint]) -> Layer:
        """The API's layers, outermost first; each wraps the next."""
        innermost = Dispatch(self.credentials, self.max_body)
        inner = ErrorRendering(FaultInjection(self.faults, innermost))
        return Routing(router, Counting(self.stats, RequestLogging(self.request_log, inner)))

    def _callback_sent(
        self, params: dict[str, str], url: str, signature: str, answer: str, started: float
    ) -> None:
        sid, account = params["MessageSid"], params["AccountSid"]
        status = params["MessageStatus"]
        self.callback_log.add(sid, sent_now(url, status, answer, started, signature))
        self.live.callback(account, sid)

    def receive_message(self, row: MessageRow, media: list[MediaRow]) -> None:
        """An incoming message: kept, then posted to the account's app if it has one."""
        self.api.store_message(row, media)
        self.incoming.deliver(row, media)

    def send_reply(self, incoming: MessageRow, reply: Reply) -> MessageRow:
        """A `<Message>` of the app's TwiML answer, sent like any outbound message."""
        row, media = self.api.build_message(
            incoming.account_sid,
            to=reply.to or incoming.from_addr or "",
            from_=reply.from_ or incoming.to_addr,
            body=reply.body,
            media_urls=list(reply.media),
            messaging_service_sid=incoming.messaging_service_sid,
            status_callback=reply.status_callback,
            direction="outbound-reply",
        )
        self.api.store_message(row, media)
        return row

    def _build_router(self, spec_operations: list[Operation]) -> Router[Endpoint]:
        # Hand-written behaviour first; every other operation is served from the spec.
        handlers = serve(spec_operations, self.api.handlers(), self.store, self.clock)
        by_path: dict[str, dict[str, Endpoint]] = {}
        for operation in spec_operations:
            handler = handlers.get(operation.operation_id)
            if handler is None:
                raise ValueError(f"the spec's {operation.operation_id} has no mock handler")
            endpoint = Endpoint(OperationValidator(operation), handler)
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
        self.clock.set_offset(int(self.config.clock_offset_seconds * 1_000_000))
        self.callbacks.clear()
        self.faults.configure(self.config.faults, self.config.seed)
        self.stats.clear()
        self.request_log.clear()
        self.callback_log.clear()
        self.incoming.clear()
        self.incoming_urls.clear()
        self.live.reset()

    # ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            try:
                await self._http(scope, receive, send)
            except ConnectionDropped:
                raise  # the host gives no way to drop a connection: let it see a failure
            except ClientGone:
                pass
            except Exception as exc:  # noqa: BLE001 - the last line of defence: no trace leaks
                logger.error("unexpected %s while handling a request", type(exc).__name__)
                body = errors.error_body(500, errors.INTERNAL_ERROR, "Internal error")
                await respond(send, 500, body)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.callbacks.resume()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.live.close()
                await self.incoming.close()
                await self.callbacks.close()
                self.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if path.startswith(CONTROL_PREFIX):
            if self.inbox.handles(path):
                await self.inbox(scope, receive, send)
            else:
                await self._control(scope, receive, send)
            return
        answer = await self.pipeline(ApiRequest(scope, receive))
        if answer.dropped is not None:
            await drop_connection(scope)
            return
        await respond(send, answer.status, answer.body, answer.headers)

    async def _control(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            raw = await read_body(receive, None, self.max_body)
            content_type = header(scope, b"content-type") or b""
            params = parse_params(scope["query_string"], raw, content_type)
            status, payload = await self.control.handle(scope["method"], scope["path"], params)
        except ApiError as error:
            await respond(send, error.status, error.body(), error.headers)
            return
        await respond(send, status, dumps(payload))


def create_app(config: MockConfig | None = None) -> MockApp:
    """The mock server as an ASGI application."""
    return MockApp(config or MockConfig())
