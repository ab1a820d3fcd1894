"""schemathesis extensions for testing a Messages API server against the spec.

Load with `SCHEMATHESIS_HOOKS=sendwire.testing.schemathesis_hooks`. Needs
SENDWIRE_CONTRACT_ACCOUNT_SID, the account the run authenticates as. `sendwire contract`
loads them through `sendwire.contract.hooks`, which adds the recorder of answers.

* Strategies for the spec's own string formats, so generated valid data is valid.
* Cases whose meaning does not survive form encoding are dropped. An exploded array
  parameter (`MediaUrl`) with one item is sent exactly like a plain string, so a "string
  instead of array" mutation is not invalid on the wire; and an empty array is sent as
  nothing at all, so it cannot satisfy a "MediaUrl is present" alternative.
* Every request names that account in its path, in every phase. The `[parameters]` section
  of a config file is not applied by the stateful phase's state machine, which would
  otherwise send random account SIDs and only ever see 401/404 answers. Only a valid
  AccountSid is replaced (by another valid one), so a deliberately invalid one still goes
  out as generated.
"""

from __future__ import annotations

import os
import re
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation

from sendwire.contract.schemathesis_run import ACCOUNT_ENV

ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")

_DIGITS = "0123456789"

# Senders and recipients: E.164 numbers in the North American plan.
phone_numbers = st.builds(
    lambda area, rest: f"+1{area}{rest}",
    st.integers(200, 999),
    st.text(_DIGITS, min_size=7, max_size=7),
)
# Loopback on a closed port: a status callback to it fails at once, never leaves the host.
uris = st.builds(
    lambda path: f"http://127.0.0.1:9/{path}",
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-._~/", max_size=20),
)
currencies = st.sampled_from(["USD", "EUR", "GBP"])
rfc_2822_dates = st.datetimes().map(
    # strftime's %Y does not pad years before 1000 to four digits.
    lambda moment: f"{moment:%a, %d %b} {moment.year:04d} {moment:%H:%M:%S} +0000"
)

schemathesis.openapi.format("phone-number", phone_numbers)
schemathesis.openapi.format("uri", uris)
schemathesis.openapi.format("currency", currencies)
schemathesis.openapi.format("date-time-rfc-2822", rfc_2822_dates)


def _exploded_arrays() -> frozenset[str]:
    """Form-body parameters sent as repeated keys, according to the spec."""
    from sendwire.mock.spec import default_spec_path, load_spec, operations

    names: set[str] = set()
    for operation in operations(load_spec(default_spec_path())):
        names |= operation.body_exploded
    return frozenset(names)


EXPLODED_ARRAYS = _exploded_arrays()


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    if _stateful_negative_path_or_header(case):
        return False
    body = getattr(case, "body", None)
    if not isinstance(body, dict):
        return True
    arrays = [value for name, value in body.items() if name in EXPLODED_ARRAYS]
    if any(value == [] for value in arrays):
        return False
    meta = getattr(case, "meta", None)
    if meta is not None and meta.is_negative_at(ParameterLocation.BODY):
        return not any(not isinstance(value, (list, dict)) for value in arrays)
    return True


def _stateful_negative_path_or_header(case: Any) -> bool:
    """A stateful step generated with an invalid path or without credentials.

    The state machine fills in the account SID and the credentials of every step, so such a
    case goes out valid, and the server's correct 201 is reported as "schema-violating
    request accepted" (schemathesis issue #2983). Those inputs are tested by the other phases.
    """
    meta = getattr(case, "meta", None)
    phase = getattr(meta, "phase", None)
    if meta is None or getattr(phase, "name", None) != "stateful":
        return False
    return bool(
        meta.is_negative_at(ParameterLocation.PATH) or meta.is_negative_at(ParameterLocation.HEADER)
    )


def _account_sid() -> str | None:
    return os.environ.get(ACCOUNT_ENV) or None


def _pin(path_parameters: dict[str, Any] | None) -> None:
    account = _account_sid()
    if account is None or not path_parameters:
        return
    current = path_parameters.get("AccountSid")
    if isinstance(current, str) and ACCOUNT_SID.fullmatch(current):
        path_parameters["AccountSid"] = account


@schemathesis.hook
def map_path_parameters(context: Any, path_parameters: dict[str, Any]) -> dict[str, Any]:
    _pin(path_parameters)
    return path_parameters


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    # The state machine builds its cases from link data, not through the hook above.
    _pin(getattr(case, "path_parameters", None))
