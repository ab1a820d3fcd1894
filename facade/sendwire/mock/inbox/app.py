"""Routes of the inbox: static files, JSON endpoints and the server-sent event stream."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..._schema.formats import is_uri
from ..asgi import Receive, Scope, Send, dumps, header, read_body, respond
from ..control import parse_params
from ..errors import ApiError, invalid_parameter, method_not_allowed, not_found, unauthorized
from ..forms import FormData
from ..paging import AFTER, message_token, parse_message_token
from ..render import message_json
from . import detail
from .guard import OPEN, REALM, SECURITY_HEADERS, viewer
from .search import Filters, conversation, search

if TYPE_CHECKING:
    from ..app import MockApp

INBOX_PREFIX = "/_mock/inbox"
EVENTS_PATH = "/_mock/events"
INCOMING_URL_PATH = "/_mock/incoming-url"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
_LOG_PAGE = 200

_STATIC_TYPES = {
    "index.html": b"text/html; charset=utf-8",
    "inbox.js": b"text/javascript; charset=utf-8",
    "inbox.css": b"text/css; charset=utf-8",
    "icon.svg": b"image/svg+xml",
}
_STATUSES = frozenset(
    [
        "queued",
        "sending",
        "sent",
        "failed",
        "delivered",
        "undelivered",
        "receiving",
        "received",
        "accepted",
        "scheduled",
        "read",
        "partially_delivered",
        "canceled",
    ]
)

JsonHandler = Callable[[str, FormData], Awaitable[tuple[int, Any]]]


def _one(params: FormData, name: str) -> str | None:
    values = params.get(name)
    if not values or values[0] == "":
        return None
    if len(values) > 1:
        raise invalid_parameter(f"{name} may be given only once")
    return values[0][:1000]


def _static(name: str) -> bytes:
    return (resources.files(__package__) / "static" / name).read_bytes()


class InboxApp:
    def __init__(self, app: MockApp) -> None:
        self.app = app
        #: The address the server listens on (set by the server), which decides whether
        #: the inbox asks for credentials.
        self.bound_to: str | None = None
        self._files = {name: _static(name) for name in _STATIC_TYPES}
        self._json: dict[tuple[str, str], JsonHandler] = {
            ("GET", "accounts"): self.accounts,
            ("GET", "messages"): self.messages,
            ("GET", "message"): self.message,
            ("GET", "conversation"): self.conversation,
            ("GET", "requests"): self.requests,
            ("GET", "incoming-url"): self.incoming_url,
            ("POST", "incoming-url"): self.set_incoming_url,
        }

    @staticmethod
    def handles(path: str) -> bool:
        return (
            path == EVENTS_PATH
            or path == INCOMING_URL_PATH
            or path == INBOX_PREFIX
            or path.startswith(INBOX_PREFIX + "/")
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        try:
            who = viewer(scope, self.app.credentials, self.bound_to)
            if who is None:
                raise unauthorized()
            if path == EVENTS_PATH:
                await self._events(who, scope, receive, send)
                return
            if path == INBOX_PREFIX:
                # The page's own files are named relative to the folder.
                location = (INBOX_PREFIX + "/").encode()
                await respond(send, 308, b"", ((b"location", location), *SECURITY_HEADERS))
                return
            name = path[len(INBOX_PREFIX) + 1 :] or "index.html"
            if name in self._files:
                if scope["method"] not in ("GET", "HEAD"):
                    raise method_not_allowed("GET, HEAD")
                content_type = (b"content-type", _STATIC_TYPES[name])
                await respond(send, 200, self._files[name], SECURITY_HEADERS, content_type)
                return
            if path == INCOMING_URL_PATH:
                route = "incoming-url"
            elif name.startswith("api/"):
                route = name.removeprefix("api/")
            else:
                raise not_found()
            handler = self._json.get((scope["method"], route))
            if handler is None:
                allowed = sorted(method for method, known in self._json if known == route)
                raise method_not_allowed(", ".join(allowed)) if allowed else not_found()
            raw = await read_body(receive, None, self.app.max_body)
            params = parse_params(scope["query_string"], raw, header(scope, b"content-type") or b"")
            status, payload = await handler(who, params)
        except ApiError as error:
            extra = error.headers
            if error.status == 401:
                extra = ((b"www-authenticate", REALM),)
            await respond(send, error.status, error.body(), extra + SECURITY_HEADERS)
            return
        await respond(send, status, dumps(payload), SECURITY_HEADERS)

    # Who sees what

    def _account(self, who: str, params: FormData) -> str:
        wanted = _one(params, "AccountSid")
        if who != OPEN:
            if wanted not in (None, who):
                raise not_found()
            return who
        sids = self.app.credentials.account_sids()
        account = wanted or (sids[0] if sids else None)
        if account is None or not self.app.credentials.has_account(account):
            raise not_found()
        return account

    # JSON endpoints

    async def accounts(self, who: str, params: FormData) -> tuple[int, Any]:
        sids = self.app.credentials.account_sids() if who == OPEN else [who]
        return 200, {
            "accounts": [
                {"sid": sid, "incoming_url": self.app.incoming_urls.get(sid)} for sid in sids
            ],
            "faults": self.app.faults.faults.describe(),
            "statuses": self._statuses(),
        }

    def _statuses(self) -> list[str]:
        """The status values the spec declares, for the status filter."""
        schema = self.app.api.shapes.message.schemas.get("status", {})
        return [str(value) for value in schema.get("enum", ()) if value is not None]

    def _page(self, params: FormData) -> tuple[int, tuple[int, str] | None]:
        size_text = _one(params, "PageSize")
        size = PAGE_SIZE
        if size_text is not None:
            if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_PAGE_SIZE:
                raise invalid_parameter(f"PageSize must be 1 to {MAX_PAGE_SIZE}")
            size = int(size_text)
        token = _one(params, "PageToken")
        key = parse_message_token(token)[1] if token is not None else None
        return size, key

    def _listing(self, account: str, rows: list[Any], size: int, now: int) -> dict[str, Any]:
        page = rows[:size]
        shape = self.app.api.shapes.message
        last = page[-1] if len(rows) > size else None
        return {
            "account_sid": account,
            "messages": [message_json(row, now, shape) for row in page],
            "next_page_token": message_token(AFTER, last.date_sent, last.sid) if last else None,
        }

    async def messages(self, who: str, params: FormData) -> tuple[int, Any]:
        account = self._account(who, params)
        size, key = self._page(params)
        direction = _one(params, "Direction")
        status = _one(params, "Status")
        if direction not in (None, "inbound", "outbound"):
            raise invalid_parameter("Direction is inbound or outbound")
        if status is not None and status not in self._statuses():
            raise invalid_parameter("Status is not a message status")
        filters = Filters(_one(params, "Number"), status, direction, _one(params, "Text"))
        now = self.app.clock.now_us()
        rows = search(self.app.store.db, account, filters, now, size + 1, key)
        return 200, self._listing(account, rows, size, now)

    async def conversation(self, who: str, params: FormData) -> tuple[int, Any]:
        account = self._account(who, params)
        a, b = _one(params, "A"), _one(params, "B")
        if a is None or b is None:
            raise invalid_parameter("A and B name the two numbers of a conversation")
        size, key = self._page(params)
        now = self.app.clock.now_us()
        rows = conversation(self.app.store.db, account, (a, b), size + 1, key)
        payload = self._listing(account, rows, size, now)
        sids = {row.sid for row in rows[:size]}
        payload["phone"] = [event.as_json() for event in self.app.incoming.of_message(sids)]
        return 200, payload

    async def message(self, who: str, params: FormData) -> tuple[int, Any]:
        account = self._account(who, params)
        sid = _one(params, "Sid")
        row = self.app.store.get_message(account, sid) if sid else None
        if row is None:
            raise not_found()
        now = self.app.clock.now_us()
        shape = self.app.api.shapes.message
        return 200, {
            "resource": message_json(row, now, shape),
            "properties": detail.properties(shape),
            "timeline": detail.status_timeline(row, now),
            "encoding": detail.encoding(row.body),
            "media": detail.media(self.app.store.list_media(account, row.sid, 100)),
            "callbacks": [sent.as_json() for sent in self.app.callback_log.of(row.sid)],
            "phone": [event.as_json() for event in self.app.incoming.of_message({row.sid})],
        }

    async def requests(self, who: str, params: FormData) -> tuple[int, Any]:
        after = _one(params, "After") or "0"
        if not after.isdigit():
            raise invalid_parameter("After is a request number")
        entries = self.app.request_log.after(int(after), None if who == OPEN else who, _LOG_PAGE)
        return 200, {"requests": [entry.as_json() for entry in entries]}

    async def incoming_url(self, who: str, params: FormData) -> tuple[int, Any]:
        account = self._account(who, params)
        return 200, {"account_sid": account, "url": self.app.incoming_urls.get(account)}

    async def set_incoming_url(self, who: str, params: FormData) -> tuple[int, Any]:
        account = self._account(who, params)
        url = _one(params, "Url")
        if url is not None and not (
            is_uri(url) and url.lower().startswith(("http://", "https://"))
        ):
            raise invalid_parameter("Url must be an http:// or https:// URL")
        self.app.incoming_urls.set(account, url)
        return await self.incoming_url(who, params)

    # Server-sent events

    async def _events(self, who: str, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "GET":
            raise method_not_allowed("GET")
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/event-stream"), *SECURITY_HEADERS],
            }
        )
        gone = asyncio.ensure_future(_disconnected(receive))
        stream = self.app.live.listen(None if who == OPEN else who)
        try:
            while True:
                chunk = asyncio.ensure_future(stream.__anext__())
                await asyncio.wait((chunk, gone), return_when=asyncio.FIRST_COMPLETED)
                if not chunk.done():
                    chunk.cancel()
                    await asyncio.gather(chunk, return_exceptions=True)
                    return
                try:
                    data = chunk.result()
                except StopAsyncIteration:
                    break
                await send({"type": "http.response.body", "body": data, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            gone.cancel()
            await stream.aclose()


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
