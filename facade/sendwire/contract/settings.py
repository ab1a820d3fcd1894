"""What a contract run is asked to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# schemathesis' phases, in the order it runs them. The stateful phase runs in a run of its own:
# it takes its own example budget, and its answers alone make the stateful proof.
GENERATED_PHASES = ("examples", "coverage", "fuzzing")
STATEFUL_PHASE = "stateful"
PHASES = (*GENERATED_PHASES, STATEFUL_PHASE)

DEFAULT_SEED = 20100401
DEFAULT_MAX_EXAMPLES = 25
DEFAULT_STATEFUL_MAX_EXAMPLES = 60


@dataclass(frozen=True)
class ContractSettings:
    url: str | None = None
    """The server to test; None starts a `sendwire mock` for the run."""
    account: tuple[str, str] | None = None
    """(SID, token) to authenticate as; None with no url: a fresh account on the mock."""
    seed: int = DEFAULT_SEED
    max_examples: int = DEFAULT_MAX_EXAMPLES
    stateful_max_examples: int = DEFAULT_STATEFUL_MAX_EXAMPLES
    max_time: float | None = None
    """Seconds for the whole run, shared between its schemathesis runs."""
    workers: str = "1"
    phases: tuple[str, ...] = PHASES
    junit: Path | None = None

    @property
    def generated_phases(self) -> tuple[str, ...]:
        return tuple(phase for phase in GENERATED_PHASES if phase in self.phases)

    @property
    def stateful(self) -> bool:
        return STATEFUL_PHASE in self.phases


def parse_phases(text: str) -> tuple[str, ...]:
    """`examples,stateful` -> the phases in run order; ValueError for an unknown one."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(PHASES))
    if unknown or not names:
        raise ValueError(f"phases are a comma-separated subset of {','.join(PHASES)}")
    return tuple(phase for phase in PHASES if phase in names)


def parse_account(text: str) -> tuple[str, str]:
    sid, separator, token = text.partition(":")
    if not separator or not sid or not token:
        raise ValueError("an account is SID:TOKEN")
    return sid, token
