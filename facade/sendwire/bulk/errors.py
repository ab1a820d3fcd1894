"""Errors of bulk runs, part of the one ``SendwireError`` hierarchy."""

from __future__ import annotations

from sendwire.errors import SendwireError


class JournalError(SendwireError):
    """The journal cannot be used (unreadable, another format, or another kind of run)."""


class JournalMismatchError(JournalError):
    """The input given for a resumed run is not the one the journal was written for.

    ``index`` is the item (0-based) that differs, when one item does.
    """

    def __init__(self, message: str, *, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


class OutcomeUnknownError(SendwireError):
    """An item's request may have reached the server and reconciliation could not tell.

    The item is not sent again until a later run proves, by listing the server's messages,
    that it was never stored.
    """

    outcome_unknown = True
