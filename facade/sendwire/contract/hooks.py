"""The schemathesis hooks module of a contract run (`SCHEMATHESIS_HOOKS=sendwire.contract.hooks`).

The hooks of `sendwire.testing.schemathesis_hooks` (formats, the account pinned in every path,
cases form encoding cannot express), plus a recorder of every answer the run gets, written
to the file named by SENDWIRE_CONTRACT_CALLS (see `sendwire.contract.calls`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import schemathesis

import sendwire.testing.schemathesis_hooks  # noqa: F401  (registers its hooks on import)

from .calls import CALLS_ENV, record_call


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    target = os.environ.get(CALLS_ENV)
    if not target:
        return
    operation = case.operation
    name = operation.definition.raw.get("operationId") or operation.label
    phase = getattr(getattr(getattr(case, "meta", None), "phase", None), "name", None)
    record_call(Path(target), str(phase or "unknown"), str(name), int(response.status_code))
