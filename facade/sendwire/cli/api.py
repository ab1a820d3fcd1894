"""`sendwire api <operation>`: every operation of the spec, with a flag per parameter.

The commands are made from the generated operation table when the parser is built, so an
operation added to the spec has its command after ``make generate``. Each is named by its
operationId in kebab-case (``list-media``; the operationId itself works too), takes its path
parameters (the account is the configured one), query parameters and body fields as
``--kebab-name`` flags, converted by their schema type, and prints the answer as JSON: an
array for a list operation (``--limit`` items at most), an object otherwise.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from sendwire._generated.operations import ACCOUNT_PARAMETER, OPERATIONS, PAGING_PARAMETERS
from sendwire._schema.operation import Input, OperationInputs
from sendwire.cli import CommandError
from sendwire.cli.connection import connection_options, make_client, reports_errors
from sendwire.cli.fields import text_value
from sendwire.cli.output import write_json, write_one_json

if TYPE_CHECKING:
    from sendwire.cli import Subparsers


def command_name(op: OperationInputs) -> str:
    return op.method_name.replace("_", "-")


def _flag(item: Input) -> str:
    return "--" + item.name.rstrip("_").replace("_", "-")


def _arguments(op: OperationInputs) -> list[tuple[str, Input]]:
    """(where, input) for every argument of the command, in the spec's order."""
    path = [("path", item) for item in op.path if item.wire != ACCOUNT_PARAMETER]
    query = [("query", item) for item in op.query if item.name in op.filters]
    return path + query + [("body", item) for item in op.body]


def register(subparsers: Subparsers) -> None:
    api = subparsers.add_parser(
        "api",
        help="call any operation of the spec",
        description="Every operation of the API spec, one command each, a flag per parameter.",
    )
    commands = api.add_subparsers(dest="operation", metavar="OPERATION", required=True)
    common = [connection_options()]
    for op in OPERATIONS:
        name = command_name(op)
        aliases = [op.operation_id] if op.operation_id != name else []
        command = commands.add_parser(
            name,
            aliases=aliases,
            parents=common,
            help=f"{op.method} {op.template}",
            description=f"{op.operation_id}: {op.method} {op.template}",
        )
        for where, item in _arguments(op):
            help_text = item.doc or f"the {item.wire} {where} parameter"
            if item.choices:
                help_text += f" (one of: {', '.join(item.choices)})"
            command.add_argument(
                _flag(item),
                dest=f"{where}:{item.name}",
                metavar=item.wire.upper() if item.kind != "list" else "VALUE",
                required=item.required,
                action="append" if item.kind == "list" else "store",
                help=help_text + (" (repeatable)" if item.kind == "list" else ""),
            )
        if op.pages:
            command.add_argument(
                "--limit",
                type=int,
                default=50,
                metavar="N",
                help="show at most N items (default 50; 0 for all)",
            )
            if PAGING_PARAMETERS["page_size"] in (item.wire for item in op.query):
                command.add_argument("--page-size", type=int, metavar="N", help="items per page")
        command.set_defaults(handler=reports_errors(run_operation), api_operation=op)


def _values(op: OperationInputs, args: argparse.Namespace) -> tuple[list[str], dict[str, Any]]:
    path: list[str] = []
    keywords: dict[str, Any] = {}
    for where, item in _arguments(op):
        given = getattr(args, f"{where}:{item.name}")
        if where == "path":
            path.append(given)
        elif isinstance(given, list):
            one = Input(item.name, item.wire, item.item_kind)
            keywords[item.name] = [text_value(one, text) for text in given]
        elif given is not None:
            keywords[item.name] = text_value(item, given)
    return path, keywords


def run_operation(args: argparse.Namespace) -> int:
    op: OperationInputs = args.api_operation
    path, keywords = _values(op, args)
    with make_client(args) as client:
        method = getattr(client.api, op.method_name)
        if op.pages:
            if args.limit < 0:
                raise CommandError("--limit cannot be negative")
            page_size = getattr(args, "page_size", None)
            write_json(method(*path, **keywords, limit=args.limit or None, page_size=page_size))
        else:
            answer = method(*path, **keywords)
            if answer is not None:
                write_one_json(answer)
    sys.stdout.flush()
    return 0
