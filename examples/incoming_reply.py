"""A complete SMS app: answers every incoming message, using nothing but sendwire.

Run it, then point the mock at it and text it from the inbox's virtual phone (the account's
token comes from the environment, never from a command line others can read):

    export TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=...
    python examples/incoming_reply.py --port 8000 &
    SENDWIRE_MOCK_ACCOUNTS="$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" \
        sendwire mock --incoming-url http://127.0.0.1:8000/sms

The mock posts each incoming message to /sms, signed like the service signs it; the app
checks the signature, reads the message and answers with TwiML, which the mock sends back.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIServer, make_server
from wsgiref.util import request_uri

from sendwire.errors import ValidationError
from sendwire.webhooks import MessagingResponse, RequestValidator, parse_incoming_message

MAX_FORM_BYTES = 64 * 1024
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def answer(text: str) -> MessagingResponse:
    """What the app says back: the business logic of this example."""
    reply = MessagingResponse()
    if text.strip().lower() == "help":
        reply.message("Text anything and I will echo it back.")
    else:
        reply.message(f"You said: {text}")
    return reply


def make_app(auth_token: str) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    validator = RequestValidator(auth_token)

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] != "POST" or environ.get("PATH_INFO") != "/sms":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found\n"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_FORM_BYTES:
            start_response("413 Content Too Large", [("Content-Type", "text/plain")])
            return [b"too large\n"]
        form = parse_qsl(environ["wsgi.input"].read(length).decode("utf-8"), True)
        signature = environ.get("HTTP_X_TWILIO_SIGNATURE")
        if not validator.validate(request_uri(environ), form, signature):
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"bad signature\n"]
        try:
            message = parse_incoming_message(form)
        except ValidationError:
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"not an incoming message\n"]
        body = str(answer(message.body)).encode("utf-8")
        start_response("200 OK", [("Content-Type", MessagingResponse.CONTENT_TYPE)])
        return [body]

    return app


def serve(host: str, port: int, auth_token: str) -> WSGIServer:
    """The app on a server, not yet serving (call serve_forever; port 0 picks a free one)."""
    return make_server(host, port, make_app(auth_token))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    auth_token = os.environ.get("TWILIO_AUTH_TOKEN")
    if not auth_token:
        parser.error("set TWILIO_AUTH_TOKEN to the account's auth token")
    with serve(args.host, args.port, auth_token) as server:
        print(f"Answering incoming messages on http://{args.host}:{args.port}/sms", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
