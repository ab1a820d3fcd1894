"""Serving the mock with uvicorn: in the foreground (the CLI) or in a background thread."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import uvicorn

from .app import MockApp
from .connections import ConnectionGuard, protocol_for

if TYPE_CHECKING:
    from typing_extensions import Self

READY_TIMEOUT_SECONDS = 10.0


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.should_exit:
            self._on_ready()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Event streams never end by themselves: end them so shutdown need not wait.
        app = self.config.app
        if isinstance(app, MockApp):
            app.live.close()
        await super().shutdown(sockets)


def _loop_name() -> str:
    return "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free port (read it back with getsockname)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


# uvicorn has no "never" for keep-alive (0 closes at once): an idle limit of 0 waits this long.
_NO_IDLE_LIMIT_SECONDS = 365 * 86_400.0


def _config(app: MockApp, **overrides: Any) -> uvicorn.Config:
    limits = app.config.connection_limits()
    return uvicorn.Config(
        app,
        http=protocol_for(ConnectionGuard(limits)),
        timeout_keep_alive=limits.idle_timeout or _NO_IDLE_LIMIT_SECONDS,  # type: ignore[arg-type]
        loop=_loop_name(),
        lifespan="on",
        access_log=False,  # nothing on the hot path, and never a credential in a log
        log_level="warning",
        ws="none",
        server_header=False,
        timeout_graceful_shutdown=5,
        **overrides,
    )


def serve_forever(app: MockApp, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serve in the calling (main) thread until SIGINT/SIGTERM, then shut down cleanly."""
    app.inbox.bound_to = sock.getsockname()[0]
    server = _Server(_config(app), on_ready)
    server.run(sockets=[sock])


def url_for(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class BackgroundServer:
    """The mock served from a daemon thread with its own event loop: quick to start and stop."""

    def __init__(self, app: MockApp, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self._sock = bind(host, port)
        self.url = url_for(self._sock)
        app.inbox.bound_to = self._sock.getsockname()[0]
        self._ready = threading.Event()
        self._server = _Server(_config(app), self._ready.set)
        self._thread = threading.Thread(target=self._run, name="sendwire-mock", daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        loop: asyncio.AbstractEventLoop
        if _loop_name() == "uvloop":
            import uvloop

            loop = uvloop.new_event_loop()
        else:
            loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._server.serve(sockets=[self._sock]))
        except Exception as exc:  # noqa: BLE001 - reported to the starting thread
            self._error = exc
        finally:
            loop.close()
            self._ready.set()

    def start(self) -> BackgroundServer:
        self._thread.start()
        if not self._ready.wait(READY_TIMEOUT_SECONDS) or self._error is not None:
            raise RuntimeError("the mock server did not start") from self._error
        if not self._thread.is_alive():
            raise RuntimeError("the mock server stopped during start-up")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(READY_TIMEOUT_SECONDS)
        self._sock.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
