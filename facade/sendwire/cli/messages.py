"""`sendwire send|get|list|redact|cancel|delete|media`: one API call each."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from sendwire._generated.operations import CREATE_MESSAGE, LIST_MESSAGE
from sendwire.cli import CommandError
from sendwire.cli.connection import connection_options, make_client, reports_errors
from sendwire.cli.fields import create_inputs, field_name, field_value, text_value
from sendwire.cli.output import write_csv, write_fields, write_json, write_one_json, write_table

if TYPE_CHECKING:
    from sendwire.cli import Subparsers

LIST_COLUMNS = ("sid", "date_sent", "status", "direction", "from", "to", "num_media", "body")
MEDIA_COLUMNS = ("sid", "content_type", "date_created", "uri")
MAX_MEDIA_URLS = CREATE_MESSAGE.bound("body", "MediaUrl", "maxItems")


def add_list_filters(parser: argparse.ArgumentParser) -> None:
    """A ``--kebab-name`` flag for every list filter the spec declares, helped by its text."""
    group = parser.add_argument_group("filters")
    for item in LIST_MESSAGE.filter_inputs():
        flag = "--" + item.name.rstrip("_").replace("_", "-")
        metavar = "DATE" if item.kind == "date_filter" else item.name.rstrip("_").upper()
        group.add_argument(
            flag, dest=item.name, metavar=metavar, help=item.doc or f"the {item.wire} filter"
        )


def list_filters(args: argparse.Namespace) -> dict[str, Any]:
    found = {item: getattr(args, item.name, None) for item in LIST_MESSAGE.filter_inputs()}
    # Typed as the spec types each filter (a number, a flag), so it is judged as the API would.
    return {
        item.name: None if text is None else text_value(item, text) for item, text in found.items()
    }


def _output_flags(parser: argparse.ArgumentParser, *, csv: bool) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="print JSON")
    if csv:
        group.add_argument("--csv", action="store_true", help="print CSV")


def _show_one(args: argparse.Namespace, item: Any) -> None:
    if args.json:
        write_one_json(item)
    elif getattr(args, "csv", False):
        write_csv([item])
    else:
        write_fields(item)


def _field(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or field_name(name) is None:
        raise argparse.ArgumentTypeError(
            f"expected NAME=VALUE with NAME a create field (e.g. status_callback=URL), got {name!r}"
        )
    return name, value


def register(subparsers: Subparsers) -> None:
    common = [connection_options()]

    send = subparsers.add_parser(
        "send",
        parents=common,
        help="send one message",
        description="Send one SMS or MMS. Needs --to, a sender (--from or "
        "--messaging-service-sid) and --body and/or --media-url.",
    )
    send.add_argument("--to", required=True, help="recipient")
    send.add_argument("--from", dest="from_", metavar="FROM", help="sender number")
    send.add_argument(
        "--messaging-service-sid", metavar="MG...", help="send through a Messaging Service"
    )
    send.add_argument("--body", help="text of the message")
    send.add_argument(
        "--media-url",
        action="append",
        metavar="URL",
        default=[],
        help=f"a media file to attach (repeatable, up to {MAX_MEDIA_URLS})",
    )
    send.add_argument(
        "--field",
        action="append",
        type=_field,
        default=[],
        metavar="NAME=VALUE",
        help="any other create field, e.g. send_at=2030-01-01T10:00:00Z (repeatable); the "
        "spec's fields: " + ", ".join(item.name.rstrip("_") for item in create_inputs()),
    )
    _output_flags(send, csv=False)
    send.set_defaults(handler=reports_errors(run_send))

    get = subparsers.add_parser("get", parents=common, help="show one message")
    get.add_argument("sid", help="message SID (SM... or MM...)")
    _output_flags(get, csv=True)
    get.set_defaults(handler=reports_errors(run_get))

    listing = subparsers.add_parser(
        "list",
        parents=common,
        help="list messages, newest first",
        description="List messages, newest first, as a table (default), JSON or CSV.",
    )
    add_list_filters(listing)
    listing.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help="show at most N messages (default 50; 0 for all)",
    )
    _output_flags(listing, csv=True)
    listing.set_defaults(handler=reports_errors(run_list))

    for name, text in (
        ("redact", "erase a message's body"),
        ("cancel", "cancel a scheduled message"),
        ("delete", "delete a message and its media"),
    ):
        command = subparsers.add_parser(name, parents=common, help=text)
        command.add_argument("sid", help="message SID")
        if name != "delete":
            _output_flags(command, csv=False)
        command.set_defaults(handler=reports_errors(run_change), action=name)

    media = subparsers.add_parser("media", help="a message's media files")
    media_commands = media.add_subparsers(dest="media_command", metavar="COMMAND", required=True)
    media_list = media_commands.add_parser(
        "list", parents=common, help="list the media of a message"
    )
    media_list.add_argument("sid", help="message SID")
    _output_flags(media_list, csv=True)
    media_list.set_defaults(handler=reports_errors(run_media_list))


def run_send(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {}
    for name, value in args.field:
        fields[field_name(name) or name] = field_value(field_name(name) or name, value)
    for name in ("from_", "messaging_service_sid", "body"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    if args.media_url:
        fields["media_url"] = args.media_url
    with make_client(args) as client:
        message = client.messages.create(**{**fields, "to": args.to})
    _show_one(args, message)
    return 0


def run_get(args: argparse.Namespace) -> int:
    with make_client(args) as client:
        _show_one(args, client.messages.get(args.sid))
    return 0


def run_list(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise CommandError("--limit cannot be negative")
    limit = args.limit or None
    with make_client(args) as client:
        messages = client.messages.list(
            **list_filters(args),
            limit=limit,
            # The largest pages for a long walk; a small --limit asks for no more than it shows.
            page_size=None if limit else LIST_MESSAGE.max_page_size,
        )
        if args.json:
            write_json(messages)
        elif args.csv:
            write_csv(messages)
        else:
            write_table(messages, LIST_COLUMNS, widths={"body": 40})
    return 0


def run_change(args: argparse.Namespace) -> int:
    with make_client(args) as client:
        if args.action == "delete":
            client.messages.delete(args.sid)
            print(f"deleted {args.sid}")
            return 0
        change = client.messages.redact if args.action == "redact" else client.messages.cancel
        _show_one(args, change(args.sid))
    return 0


def run_media_list(args: argparse.Namespace) -> int:
    with make_client(args) as client:
        media = client.messages.media(args.sid).list()
        if args.json:
            write_json(media)
        elif args.csv:
            write_csv(media)
        else:
            write_table(media, MEDIA_COLUMNS)
    sys.stdout.flush()
    return 0
