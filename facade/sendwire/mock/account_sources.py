"""Accounts from a file or the environment, so that no token sits on a command line.

A command line is readable by every local user (`/proc/PID/cmdline`, `ps`); a file only by
whom its mode lets in, so a file others may read is refused, as ssh refuses such a key.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .config import Account

ACCOUNTS_ENV = "SENDWIRE_MOCK_ACCOUNTS"
MAX_ACCOUNTS_FILE_BYTES = 1024 * 1024


class AccountSourceError(ValueError):
    """An accounts file or variable that cannot be used; the message never holds a token."""


def accounts_from_env(environ: dict[str, str] | None = None) -> list[Account]:
    """`SENDWIRE_MOCK_ACCOUNTS=SID:TOKEN,SID:TOKEN`; none when unset or empty."""
    text = (os.environ if environ is None else environ).get(ACCOUNTS_ENV, "")
    accounts = []
    for position, item in enumerate(text.split(","), start=1):
        if item.strip():
            accounts.append(_parse(item.strip(), f"{ACCOUNTS_ENV}, item {position}"))
    return accounts


def accounts_from_file(path: Path) -> list[Account]:
    """One `SID:TOKEN` a line; blank lines and lines starting with `#` are skipped."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise AccountSourceError(f"cannot read {path}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise AccountSourceError(f"{path} is not a regular file")
        if info.st_mode & 0o077:
            mode = stat.S_IMODE(info.st_mode)
            raise AccountSourceError(
                f"{path} holds tokens but others may read or change it (mode {mode:04o}); "
                f"run: chmod 600 {path}"
            )
        raw = file.read(MAX_ACCOUNTS_FILE_BYTES + 1)
    if len(raw) > MAX_ACCOUNTS_FILE_BYTES:
        raise AccountSourceError(f"{path} is larger than {MAX_ACCOUNTS_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise AccountSourceError(f"{path} is not UTF-8 text") from None
    accounts = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            accounts.append(_parse(line, f"{path}, line {number}"))
    if not accounts:
        raise AccountSourceError(f"{path} holds no account (lines of SID:TOKEN)")
    return accounts


def _parse(text: str, where: str) -> Account:
    try:
        return Account.parse(text)
    except ValueError as error:
        raise AccountSourceError(f"{where}: {error}") from None
