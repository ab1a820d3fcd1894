"""Who may see the inbox, and the headers every inbox answer carries.

On a loopback address only the local user can connect, so the inbox is open. Bound to any
other address, every inbox request must prove an account with HTTP Basic credentials (the
account SID and auth token, or an API key), and then shows that account only.
"""

from __future__ import annotations

import ipaddress

from ..asgi import Headers, Scope, header
from ..auth import Credentials

REALM = b'Basic realm="Sendwire mock inbox"'
# No inline script or style, nothing from another origin, no framing.
CSP = (
    b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    b"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Headers = (
    (b"content-security-policy", CSP),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
)

OPEN = ""  # the viewer of an open inbox: every account


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def viewer(scope: Scope, credentials: Credentials, bound_to: str | None) -> str | None:
    """OPEN when the server listens on loopback only; else the account the credentials
    prove, or None to refuse. Without a known bind address, the connection's own local
    address decides."""
    if bound_to is None:
        server = scope.get("server")
        bound_to = str(server[0]) if server else ""
    if is_loopback(bound_to):
        return OPEN
    return credentials.authenticate(header(scope, b"authorization"))
