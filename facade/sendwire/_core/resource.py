"""What every typed resource shares: properties the spec does not know stay reachable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Resource:
    """Base of the generated models.

    The service may send properties newer than the spec this version was generated from.
    They are kept in ``extra_properties`` and read like the others (``message.new_thing``),
    as openai-python keeps unknown fields.
    """

    __slots__ = ()
    extra_properties: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup failed; never for the declared properties.
        if name.startswith("__") or name == "extra_properties":
            raise AttributeError(name)
        try:
            return self.extra_properties[name]
        except (KeyError, AttributeError):
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None
