"""Resource identifiers: a two-letter prefix and 32 lowercase hex digits."""

from __future__ import annotations

import re
import secrets

SID_LENGTH = 34
ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}\Z")
API_KEY_SID = re.compile(r"SK[0-9a-fA-F]{32}\Z")


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def new_secret() -> str:
    return secrets.token_hex(16)
