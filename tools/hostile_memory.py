"""Peak memory and time of one client call against a hostile server, per HTTP path.

    python tools/hostile_memory.py                  # every case on every path
    python tools/hostile_memory.py --decoded-mib 256 --cases bomb

The server (in this process, on 127.0.0.1) answers ``messages.get`` with a gzip bomb (a few
hundred KiB that inflate to ``--decoded-mib``), a chunked body of that size, or headers trickled a
byte every 0.1 s. Each call runs in a child process with the client's defaults (but
``timeout=--timeout`` for the trickle), which prints its outcome, its peak RSS and the time
taken. The figures go to RELIABILITY.md ("Hostile servers").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATHS = {
    "sync-direct": ("sync", "fast"),
    "sync-httpx": ("sync", "httpx"),
    "async-aiohttp": ("async", "fast"),
    "async-httpx": ("async", "httpx"),
}
SID = "AC" + "0" * 32
SM = "SM" + "0" * 32


def bomb(mib: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    return b"".join([*(packer.compress(block) for _ in range(mib)), packer.flush()])


def serve(case: str, body: bytes, body_mib: int, stop: threading.Event) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            try:
                self._answer()
            except OSError:
                pass
            self.close_connection = True

        def _answer(self) -> None:
            if case == "bomb":
                self.send_response(200)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif case == "endless":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"x" * 65536
                for _ in range(body_mib * 16):
                    if stop.is_set():
                        return
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            else:  # trickle
                for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000:
                    if stop.is_set():
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.1)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def client(url: str, kind: str, timeout: float) -> None:
    """The child: one ``messages.get``; prints a JSON line."""
    from sendwire import AsyncClient, Client

    started = time.monotonic()
    outcome = "answered"
    try:
        if kind == "sync":
            with Client(SID, "token", base_url=url, max_retries=0, timeout=timeout) as c:
                c.messages.get(SM)
        else:

            async def main() -> None:
                async with AsyncClient(
                    SID, "token", base_url=url, max_retries=0, timeout=timeout
                ) as c:
                    await c.messages.get(SM)

            asyncio.run(main())
    except Exception as exc:  # noqa: BLE001 - the outcome is what is measured
        outcome = type(exc).__name__
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    elapsed = time.monotonic() - started
    print(json.dumps({"outcome": outcome, "peak_rss_mib": round(peak_mib), "seconds": elapsed}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decoded-mib", type=int, default=1024)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--cases", nargs="*", default=["bomb", "endless", "trickle"])
    parser.add_argument("--paths", nargs="*", default=list(PATHS))
    parser.add_argument(
        "--child", nargs=3, metavar=("URL", "KIND", "TIMEOUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        client(args.child[0], args.child[1], float(args.child[2]))
        return
    body = bomb(args.decoded_mib) if "bomb" in args.cases else b""
    if body:
        print(f"gzip bomb: {len(body)} bytes, inflating to {args.decoded_mib} MiB")
    for case in args.cases:
        for name in args.paths:
            kind, choice = PATHS[name]
            stop = threading.Event()
            server = serve(case, body, args.decoded_mib, stop)
            url = f"http://127.0.0.1:{server.server_address[1]}"
            env = {**os.environ, "SENDWIRE_HTTP": choice}
            command = [sys.executable, __file__, "--child", url, kind, str(args.timeout)]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            stop.set()
            server.shutdown()
            server.server_close()
            line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
            print(f"{case:8} {name:14} {line}")


if __name__ == "__main__":
    main()
