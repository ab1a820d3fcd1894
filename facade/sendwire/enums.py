"""Enumerations of values the service sends, open to values added later.

Each enum accepts any string: known values give the usual members, unknown ones give a member
named ``UNKNOWN`` that keeps the raw string (see ``OpenStrEnum``). The classes are generated
from the ``enum`` lists of the spec (``sendwire._generated.enums``).
"""

from __future__ import annotations

from ._core.openenum import OpenStrEnum
from ._generated.enums import *
from ._generated.enums import __all__ as _generated_names

__all__ = ["OpenStrEnum", *_generated_names]  # noqa: PLE0604
