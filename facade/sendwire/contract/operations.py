"""The spec shipped in the package, and naming its operations from what reports show.

The spec is found the way the mock finds it (`sendwire.mock.spec.default_spec_path`): the
copy packaged as `sendwire/mock/messages.yaml`, or `spec/` in a source checkout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


def spec_path() -> Path:
    from sendwire.mock.spec import default_spec_path

    return default_spec_path()


@dataclass(frozen=True)
class Operations:
    """operationId by schemathesis label ("GET /path/{Sid}.json") and by request."""

    labels: dict[str, str]
    routes: tuple[tuple[str, re.Pattern[str], str], ...]

    @classmethod
    def from_spec(cls, path: Path) -> Operations:
        from sendwire.mock.spec import load_spec, operations

        labels: dict[str, str] = {}
        routes: list[tuple[str, re.Pattern[str], str]] = []
        for operation in operations(load_spec(path)):
            method = operation.method.upper()
            labels[f"{method} {operation.path}"] = operation.operation_id
            pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(operation.path)) + "$"
            routes.append((method, re.compile(pattern), operation.operation_id))
        return cls(labels, tuple(routes))

    def by_label(self, label: str) -> str | None:
        return self.labels.get(label)

    def by_request(self, method: str, url: str) -> str | None:
        path = urlsplit(url).path
        for route_method, pattern, operation_id in self.routes:
            if route_method == method.upper() and pattern.search(path):
                return operation_id
        return None
