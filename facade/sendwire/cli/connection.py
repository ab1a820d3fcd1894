"""Credentials and connection options shared by the API commands, and their error handling.

Flags win over the environment (``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, or
``TWILIO_API_KEY``/``TWILIO_API_SECRET``, and ``SENDWIRE_BASE_URL``). No default shown in
``--help`` ever holds a secret: they are read from the environment only when a command runs.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from typing import TYPE_CHECKING, Any

from sendwire.cli import CommandError, Handler
from sendwire.errors import ApiError, SendwireError, TransportError, ValidationError

if TYPE_CHECKING:
    from sendwire import Client

#: Exit statuses: 1 when the service refused something or an item failed, 2 for a usage
#: error (bad arguments, missing credentials, unreadable input), 130 after Ctrl-C.
EXIT_FAILED = 1
EXIT_USAGE = 2


def connection_options() -> argparse.ArgumentParser:
    """A parent parser with the credential and connection flags."""
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("connection (defaults from the environment)")
    group.add_argument("--account-sid", metavar="SID", help="account SID [TWILIO_ACCOUNT_SID]")
    group.add_argument(
        "--auth-token",
        metavar="TOKEN",
        help="auth token [TWILIO_AUTH_TOKEN]; prefer the environment variable, "
        "command lines are visible to other users",
    )
    group.add_argument("--api-key", metavar="SID", help="API key SID [TWILIO_API_KEY]")
    group.add_argument("--api-secret", metavar="SECRET", help="API key secret [TWILIO_API_SECRET]")
    group.add_argument(
        "--base-url", metavar="URL", help="API root, e.g. a mock's URL [SENDWIRE_BASE_URL]"
    )
    return parser


def client_arguments(args: argparse.Namespace) -> dict[str, Any]:
    env = os.environ
    account_sid = args.account_sid or env.get("TWILIO_ACCOUNT_SID")
    if not account_sid:
        raise CommandError("no account: pass --account-sid or set TWILIO_ACCOUNT_SID")
    arguments: dict[str, Any] = {"account_sid": account_sid}
    api_key = args.api_key or (None if args.auth_token else env.get("TWILIO_API_KEY"))
    api_secret = args.api_secret or (None if args.auth_token else env.get("TWILIO_API_SECRET"))
    if args.auth_token:
        arguments["auth_token"] = args.auth_token
    elif api_key and api_secret:
        arguments["api_key"], arguments["api_secret"] = api_key, api_secret
    elif env.get("TWILIO_AUTH_TOKEN"):
        arguments["auth_token"] = env["TWILIO_AUTH_TOKEN"]
    else:
        raise CommandError(
            "no credentials: set TWILIO_AUTH_TOKEN (or pass --auth-token), "
            "or give an API key with --api-key and --api-secret"
        )
    base_url = args.base_url or env.get("SENDWIRE_BASE_URL")
    if base_url:
        arguments["base_url"] = base_url
    return arguments


def make_client(args: argparse.Namespace) -> Client:
    from sendwire import Client

    return Client(**client_arguments(args))


def as_typed(error: ValidationError, args: argparse.Namespace) -> str:
    """The error's text with the Python argument it names (``from_``) shown as the flag
    the user typed (``--from``), or as ``--field NAME`` for a field given that way."""
    text = str(error)
    if not error.field or not text.startswith(error.field):
        return text
    name = error.field.rstrip("_")
    flag = f"--{name.replace('_', '-')}" if hasattr(args, error.field) else f"--field {name}"
    return flag + text[len(error.field) :]


def reports_errors(handler: Handler) -> Handler:
    """Turn the client's errors into a one-line message and an exit status."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            status = handler(args)
            sys.stdout.flush()  # a full disk or closed pipe is reported here, not at exit
            return status
        except ValidationError as error:
            code = f" (error {error.code})" if error.code else ""
            raise CommandError(f"{as_typed(error, args)}{code}", EXIT_USAGE) from None
        except (ApiError, TransportError) as error:
            print(f"sendwire: error: {error}", file=sys.stderr)
            return EXIT_FAILED
        except SendwireError as error:
            raise CommandError(str(error), EXIT_USAGE) from None
        except BrokenPipeError:
            # The reader went away (``| head``): stop quietly, and keep Python's final flush
            # of stdout from failing again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return EXIT_FAILED
        except OSError as error:
            # A local failure (a full disk, an unwritable path): one line, never a traceback,
            # and no second failure when Python flushes what stdout still holds at exit.
            where = f" {error.filename}" if error.filename else ""
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise CommandError(
                f"cannot write or read{where}: {error.strerror or error}", EXIT_USAGE
            ) from None

    return run
