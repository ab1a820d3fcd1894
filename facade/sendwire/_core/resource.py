"""What every typed resource shares: lazy conversion, and properties the spec does not know.

A resource parsed from an answer keeps the decoded JSON object and converts each property
the first time it is read (a date into a datetime, a count into an int), storing the result
in the property's slot, so later reads cost a plain attribute access. Walking a long list
then costs about what decoding it costs; properties nobody reads are never converted.
Resources built with keyword arguments (``Message(sid=..., ...)``) have every slot filled
and never convert anything. Either way they are frozen attrs classes: equality, ``repr``
and ``attrs.fields`` read every property through the same attribute access.

The service may send properties newer than the spec this version was generated from. They
are kept in ``extra_properties`` and read like the others (``message.new_thing``), as
openai-python keeps unknown fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Resource")

_get_slot = object.__getattribute__
_set_slot = object.__setattr__
_new = object.__new__


class Resource:
    """Base of the generated models."""

    __slots__ = ("_json",)
    #: Field name -> how to read it from the decoded JSON (set by the generated module).
    _readers: ClassVar[dict[str, Callable[[Mapping[str, Any]], Any]]] = {}
    #: Field name -> the property's name on the wire, where the two differ (``from_``).
    _wire_names: ClassVar[dict[str, str]] = {}
    extra_properties: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup failed: a field not converted yet, or an unknown name.
        if name.startswith("__") or name == "_json":
            raise AttributeError(name)
        try:
            data: Mapping[str, Any] = _get_slot(self, "_json")
        except AttributeError:
            data = {}
        reader = type(self)._readers.get(name)
        if reader is not None:
            value = reader(data)
            _set_slot(self, name, value)
            return value
        try:
            return self.extra_properties[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None


def lazy(cls: type[R], data: Mapping[str, Any]) -> R:
    """An instance of ``cls`` whose properties are read from ``data`` when first used."""
    resource = _new(cls)
    _set_slot(resource, "_json", data)
    return resource
