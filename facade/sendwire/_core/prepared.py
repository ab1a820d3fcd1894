"""A request ready to go on the wire, with everything the call loop needs to know about it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from .retry import RetrySafety

T = TypeVar("T")


@attrs.frozen(slots=True)
class PreparedRequest(Generic[T]):
    method: str
    #: Path from the API root, possibly with a query (a ``next_page_uri``).
    path: str
    params: Mapping[str, Any] | None
    #: Form fields; a list value is sent as the same name repeated.
    data: Mapping[str, Any] | None
    safety: RetrySafety
    #: Turns the decoded JSON body (None for an empty body) into the call's result.
    parse: Callable[[Any], T]
    #: A delete whose earlier attempt may have succeeded treats a later 404 as done.
    not_found_after_retry_is_done: bool = False
