"""Bulk work: send, redact and delete many messages concurrently, exactly once, resumably."""

from sendwire.bulk.errors import JournalError, JournalMismatchError, OutcomeUnknownError
from sendwire.bulk.results import BulkFailure, BulkResult, BulkSuccess

__all__ = [
    "BulkFailure",
    "BulkResult",
    "BulkSuccess",
    "JournalError",
    "JournalMismatchError",
    "OutcomeUnknownError",
]
