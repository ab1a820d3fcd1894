"""HTTP Basic authentication with an account's token or one of its API keys."""

from __future__ import annotations

import binascii
import hmac
from base64 import b64decode

# Compared against when the user is unknown, so an unknown user costs the same time.
_NO_SECRET = b"\x00" * 32


class Credentials:
    def __init__(self) -> None:
        self._tokens: dict[bytes, bytes] = {}
        self._keys: dict[bytes, tuple[str, bytes]] = {}

    def add_account(self, sid: str, auth_token: str) -> None:
        self._tokens[sid.encode()] = auth_token.encode()

    def add_api_key(self, sid: str, account_sid: str, secret: str) -> None:
        self._keys[sid.encode()] = (account_sid, secret.encode())

    def has_account(self, sid: str) -> bool:
        return sid.encode() in self._tokens

    def account_sids(self) -> list[str]:
        return [sid.decode() for sid in self._tokens]

    def auth_token(self, account_sid: str) -> str | None:
        token = self._tokens.get(account_sid.encode())
        return token.decode() if token is not None else None

    def authenticate(self, header: bytes | None) -> str | None:
        """The account SID the `Authorization` header proves, or None."""
        if header is None or header[:6].lower() != b"basic ":
            return None
        try:
            decoded = b64decode(header[6:].strip(), validate=True)
        except (binascii.Error, ValueError):
            return None
        user, sep, secret = decoded.partition(b":")
        if not sep:
            return None
        account: str | None = None
        expected = self._tokens.get(user)
        if expected is not None:
            account = user.decode()
        else:
            key = self._keys.get(user)
            if key is not None:
                account, expected = key
        matched = hmac.compare_digest(secret, expected if expected is not None else _NO_SECRET)
        return account if matched and expected is not None else None
