"""Running sendwire on one HTTP path or the other within the same benchmark process.

The path is read when an ``AsyncClient`` makes its own HTTP client (``SENDWIRE_HTTP``, see
``sendwire._transport.stacks``), so a block that builds and uses clients under ``on(...)`` measures
that path, whatever is installed as the default.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sendwire._transport import stacks as http

FAST = "fast"
PLAIN = "plain"
ENV_VALUES = {FAST: http.FAST, PLAIN: http.PLAIN}


def available() -> list[str]:
    """The paths this install can measure: plain always, fast with sendwire[fast]."""
    return [FAST, PLAIN] if http.fast_available() else [PLAIN]


@contextmanager
def on(path: str) -> Iterator[None]:
    before = os.environ.get(http.ENV)
    os.environ[http.ENV] = ENV_VALUES[path]
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(http.ENV, None)
        else:
            os.environ[http.ENV] = before
