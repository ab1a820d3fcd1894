"""The `sendwire` command line: a dispatcher over subcommands, one module per command group.

Each module listed in COMMAND_MODULES has a `register(subparsers)` function that adds its
subcommand(s) with `set_defaults(handler=...)`; a handler takes the parsed arguments and
returns the exit status. Adding a command group is adding a module and one line here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

Handler = Callable[[argparse.Namespace], int]

COMMAND_MODULES: tuple[str, ...] = (
    "sendwire.cli.mock",
    "sendwire.cli.messages",
    "sendwire.cli.bulk",
    "sendwire.cli.contract",
    "sendwire.cli.api",
)


class CommandError(Exception):
    """A failure to report on stderr as `sendwire: error: ...`, without a traceback."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendwire", description="Tools for the Sendwire Messages API."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except CommandError as error:
        # One line, whatever the message holds (file names, a server's text).
        print(f"sendwire: error: {' '.join(str(error).splitlines())}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        return 130
