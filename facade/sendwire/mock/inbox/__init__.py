"""The web inbox the mock serves under /_mock/: a page, its JSON API and live events."""

from .app import EVENTS_PATH, INBOX_PREFIX, InboxApp

__all__ = ["EVENTS_PATH", "INBOX_PREFIX", "InboxApp"]
