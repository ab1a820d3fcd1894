"""The one rule for a URL the server hands back: it stays on the client's base URL.

A paging link is followed with the client's credentials, so a link that could reach another
host (``@host/...`` glued after the base URL becomes a user part, ``//host/...`` is
scheme-relative, an absolute ``http://other/...``), another scheme or port, or another
resource of the account is refused before anything is sent. Only two shapes pass: a path
from the API root, or an absolute URL on the base URL's exact scheme, host and port; either
way the path must be the list's own path, unchanged (so no dot segments, encoded slashes or
other accounts), and only the query may differ.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..errors import UnsafeLinkError

__all__ = ["confine_link", "shown_url"]

# Whitespace, control characters and backslashes: parsers disagree about them.
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Longer links are refused unread (a page's link is a few hundred characters).
MAX_LINK_LENGTH = 8192


def shown_url(link: str) -> str:
    """``link`` as an error may show it: without any user part, control characters escaped,
    cut to a readable length."""
    text = link[:300]
    scheme, sep, rest = text.partition("://")
    if sep:
        host, slash, tail = rest.partition("/")
        text = f"{scheme}://{host.rpartition('@')[2]}{slash}{tail}"
    return text.encode("unicode_escape").decode("ascii")


def _refuse(link: str, why: str) -> UnsafeLinkError:
    shown = shown_url(link)
    return UnsafeLinkError(f"refused to follow {shown!r} from the server: {why}", url=shown)


def _port(scheme: str, port: int | None) -> int:
    return port if port is not None else _DEFAULT_PORTS[scheme]


def confine_link(base_url: str, list_path: str, link: object) -> str:
    """The path and query (from the API root) of ``link``, a server's link to another page of
    the list at ``list_path``, or ``UnsafeLinkError`` when following it could leave
    ``base_url`` or the list."""
    if not isinstance(link, str):
        raise _refuse(repr(link), "not a string")
    if len(link) > MAX_LINK_LENGTH:
        raise _refuse(link, f"longer than {MAX_LINK_LENGTH} characters")
    if _FORBIDDEN.search(link):
        raise _refuse(link, "it holds whitespace, a control character or a backslash")
    if "#" in link:
        raise _refuse(link, "it holds a fragment")
    if link.startswith("/") and not link.startswith("//"):
        relative = link
    else:
        relative = _on_base(base_url, link)
    path = relative.partition("?")[0]
    if path != list_path:
        raise _refuse(link, f"its path is not the list's own ({list_path})")
    return relative


def _on_base(base_url: str, link: str) -> str:
    base = urlsplit(base_url)
    try:
        parts = urlsplit(link)
        port = parts.port
    except ValueError:
        raise _refuse(link, "it is not a well-formed URL") from None
    if parts.scheme.lower() != base.scheme:
        raise _refuse(link, f"it is not a path and not a {base.scheme} URL of the base URL")
    if "@" in parts.netloc:
        raise _refuse(link, "it carries a user part")
    if parts.hostname != base.hostname or _port(base.scheme, port) != _port(base.scheme, base.port):
        raise _refuse(link, f"it leaves the base URL's host and port ({base.netloc})")
    relative = link[len(f"{parts.scheme}://{parts.netloc}") :]
    if not relative.startswith(base.path + "/"):
        raise _refuse(link, "it leaves the base URL's path")
    return relative[len(base.path) :]
