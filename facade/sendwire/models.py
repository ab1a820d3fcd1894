"""The typed, immutable resources calls return.

Generated from the spec's response schemas (``sendwire._generated.models``): dates are
timezone-aware datetimes, counts are ints, prices are ``Decimal`` and statuses are open enums
(see ``sendwire.enums``). A property the service left null is ``None``; a property the service
sent that the spec does not list is kept in ``extra_properties`` and readable as an attribute.
"""

from __future__ import annotations

from ._generated.models import Feedback, Media, Message

__all__ = ["Feedback", "Media", "Message"]
