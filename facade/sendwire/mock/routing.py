"""Routing: matching request paths against the spec's path templates, without regular expressions.

A template such as `/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json` is split into
segments once; a request path is split on `/` and compared segment by segment with the few
templates of the same length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from .pipeline import Answer, ApiRequest, Layer

Target = TypeVar("Target")


class _Segment:
    __slots__ = ("cut", "literal", "name", "prefix", "shortest", "suffix")

    def __init__(self, text: str) -> None:
        start, end = text.find("{"), text.find("}")
        if start == -1 or end < start:
            self.literal: str | None = text
            self.name = self.prefix = self.suffix = ""
        else:
            self.literal = None
            self.prefix, self.name, self.suffix = (
                text[:start],
                text[start + 1 : end],
                text[end + 1 :],
            )
        # A parameter value is never empty; `cut` strips the suffix off a matching segment.
        self.shortest = len(self.prefix) + len(self.suffix) + 1
        self.cut = -len(self.suffix) or None


class Route(Generic[Target]):
    def __init__(self, template: str, methods: dict[str, Target]) -> None:
        self.template = template
        self.segments = tuple(_Segment(part) for part in template.split("/"))
        self.methods = methods
        self.allow = ", ".join(sorted(methods))

    def match(self, parts: list[str]) -> dict[str, str] | None:
        params: dict[str, str] = {}
        for segment, part in zip(self.segments, parts):
            if segment.literal is not None:
                if part != segment.literal:
                    return None
                continue
            if (
                len(part) < segment.shortest
                or not part.startswith(segment.prefix)
                or not part.endswith(segment.suffix)
            ):
                return None
            params[segment.name] = part[len(segment.prefix) : segment.cut]
        return params


class Router(Generic[Target]):
    def __init__(self, routes: Iterable[Route[Target]]) -> None:
        self._by_length: dict[int, list[Route[Target]]] = {}
        for route in routes:
            self._by_length.setdefault(len(route.segments), []).append(route)
        for candidates in self._by_length.values():
            # Templates with more literal segments win over more general ones.
            candidates.sort(key=lambda r: -sum(s.literal is not None for s in r.segments))

    def match(self, path: str) -> tuple[Route[Target], dict[str, str]] | None:
        parts = path.split("/")
        for route in self._by_length.get(len(parts), ()):
            params = route.match(parts)
            if params is not None:
                return route, params
        return None


class Routing:
    """The outermost API layer: finds the operation a request names, for every layer after."""

    def __init__(self, router: Router[Any], next_layer: Layer) -> None:
        self.router = router
        self.next = next_layer

    async def __call__(self, request: ApiRequest) -> Answer:
        match = self.router.match(request.scope["path"])
        if match is not None:
            request.route, request.params = match
            endpoint = match[0].methods.get(request.scope["method"])
            if endpoint is not None:
                request.endpoint = endpoint
                request.operation_id = endpoint.operation_id
        return await self.next(request)
