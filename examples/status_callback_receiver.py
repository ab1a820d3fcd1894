"""A status-callback receiver: a small web app that accepts only correctly signed callbacks.

    python examples/status_callback_receiver.py --port 8080

Give `http://127.0.0.1:8080/status` as a message's `status_callback` (the mock delivers
callbacks too). Each status change arrives as a form POST signed with the account's auth
token (`TWILIO_AUTH_TOKEN`) in `X-Twilio-Signature`; the receiver checks the signature over
the URL the service called, answers 403 to anything unsigned or tampered with, and prints
each accepted event. Behind a proxy, pass the public URL with `--public-url`, since the
signature covers the URL the service used. Standard library only, besides Sendwire.
"""

from __future__ import annotations

import argparse
import os
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from sendwire import ValidationError
from sendwire.webhooks import RequestValidator, parse_status_callback

# A status callback is a short form; refuse anything bigger before reading it.
MAX_BODY_BYTES = 64 * 1024


class StatusCallbackHandler(BaseHTTPRequestHandler):
    validator: RequestValidator
    public_url: str | None

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if self.path != "/status" or not 0 < length <= MAX_BODY_BYTES:
            self.send_error(HTTPStatus.NOT_FOUND if self.path != "/status" else 413)
            return
        form = parse_qsl(self.rfile.read(length).decode("utf-8", "replace"), True)
        url = self.public_url or f"http://{self.headers.get('Host', '')}{self.path}"
        if not self.validator.validate(url, form, self.headers.get("X-Twilio-Signature")):
            self.send_error(HTTPStatus.FORBIDDEN, "bad signature")
            return
        try:
            event = parse_status_callback(form)
        except ValidationError as error:
            self.send_error(HTTPStatus.BAD_REQUEST, str(error))
            return
        error = f" (error {event.error_code})" if event.error_code else ""
        print(f"{event.message_sid} {event.status}{error}", flush=True)
        self.send_response(HTTPStatus.NO_CONTENT)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the events are the output."""


def main() -> int:
    parser = argparse.ArgumentParser(description="Receive signed status callbacks.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--public-url", help="the URL the service calls, if not this server's")
    args = parser.parse_args()
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    if not token:
        print("set TWILIO_AUTH_TOKEN to the account's auth token", file=sys.stderr)
        return 2
    StatusCallbackHandler.validator = RequestValidator(token)
    StatusCallbackHandler.public_url = args.public_url
    server = ThreadingHTTPServer((args.host, args.port), StatusCallbackHandler)
    host, port = server.server_address[:2]
    print(f"receiving status callbacks on http://{host}:{port}/status", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
