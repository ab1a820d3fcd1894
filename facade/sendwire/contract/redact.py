"""Masking credentials in everything a contract run prints or leaves behind.

schemathesis already filters the Authorization header it shows, but a server may echo what
it got (a token in an error body, a Basic header in a debug page), and its own filter marks
only the headers it knows. Every line of output and the JUnit report pass through this.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import quote, quote_plus

MASK = "***"

# The value of an Authorization header (curl -H 'Authorization: ...', or a header dump),
# and curl's -u / --user value.
_AUTHORIZATION = re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)([^'\"\r\n]+)")
_CURL_USER = re.compile(r"(\s(?:-u|--user)\s+)('[^']*'|\"[^\"]*\"|\S+)")


class Redactor:
    def __init__(self, sid: str, token: str) -> None:
        basic = base64.b64encode(f"{sid}:{token}".encode()).decode()
        secrets = {token, quote(token, safe=""), quote_plus(token), basic, basic.rstrip("=")}
        # Longest first, so a secret that contains another is masked whole.
        self._secrets = sorted((s for s in secrets if s), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = _AUTHORIZATION.sub(lambda m: m.group(1) + MASK, text)
        text = _CURL_USER.sub(lambda m: m.group(1) + MASK, text)
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text
