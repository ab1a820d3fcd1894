"""A whole contract run: the server, the schemathesis runs, the proof, the report, the status.

The exit statuses are part of the command's contract (the README's "Contract testing in CI"
lists them); when checks failed and the proof is missing too, 1 wins and the log says both.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sendwire.testing import MockProcess

from . import junit, proof, schemathesis_run, summary
from .calls import read_calls
from .operations import Operations, spec_path
from .redact import Redactor
from .settings import STATEFUL_PHASE, ContractSettings

EXIT_PASSED = 0
EXIT_CHECKS_FAILED = 1  # a check failed, or schemathesis could not test (e.g. no server)
EXIT_USAGE = 2  # bad arguments, a missing extra, a mock that would not start
EXIT_STATEFUL_UNPROVEN = 3  # every check passed, yet the stateful phase proved nothing

Echo = Callable[[str], None]


class RunError(Exception):
    """The run could not start; a usage error (exit status 2)."""


def run(settings: ContractSettings, echo: Echo | None = None) -> int:
    out = echo or _print
    account = settings.account
    process: MockProcess | None = None
    if settings.url is None:
        account = account or ("AC" + secrets.token_hex(16), secrets.token_hex(16))
        process = _start_mock(account)
        url = process.server.url if process.server is not None else ""
        out(f"Started a mock server at {url}")
    else:
        url = settings.url.rstrip("/")
    if account is None:
        raise RunError("--url needs --account SID:TOKEN (or SENDWIRE_CONTRACT_ACCOUNT)")
    redact = Redactor(*account)
    try:
        return _test(settings, url, account, lambda line: out(redact(line)), redact)
    finally:
        if process is not None:
            process.terminate()


def _print(line: str) -> None:
    print(line, flush=True)


def _start_mock(account: tuple[str, str]) -> MockProcess:
    # Final statuses by the next read, so the stateful phase can update and delete at once.
    process = MockProcess(account=account, step_seconds=0)
    try:
        process.start()
    except RuntimeError as error:
        raise RunError(
            f"could not start a mock server (it needs pip install 'sendwire[mock]'): {error}"
        ) from None
    return process


def _test(
    settings: ContractSettings,
    url: str,
    account: tuple[str, str],
    out: Echo,
    redact: Redactor,
) -> int:
    spec = spec_path()
    groups = [settings.generated_phases] if settings.generated_phases else []
    if settings.stateful:
        groups.append((STATEFUL_PHASE,))
    budget = None if settings.max_time is None else settings.max_time / len(groups)
    started = time.monotonic()
    statuses: list[int] = []
    with tempfile.TemporaryDirectory(prefix="sendwire-contract-") as directory:
        scratch = Path(directory)
        reports: list[junit.Report] = []
        calls: list[Path] = []
        for number, phases in enumerate(groups):
            name = ",".join(phases)
            stateful = phases == (STATEFUL_PHASE,)
            invocation = schemathesis_run.Invocation(
                spec=spec,
                url=url,
                account=account,
                phases=phases,
                seed=settings.seed,
                max_examples=settings.stateful_max_examples if stateful else settings.max_examples,
                workers=settings.workers,
                max_time=budget,
                junit=scratch / f"junit-{number}.xml",
                calls=scratch / f"calls-{number}.jsonl",
            )
            out(f"$ st run --phases {name} --seed {settings.seed} "
                f"--max-examples {invocation.max_examples} --url {url}")  # fmt: skip
            statuses.append(schemathesis_run.run(invocation, scratch, out))
            reports.append(junit.Report(invocation.junit, name))
            calls.append(invocation.calls)
        counts = read_calls(calls)
        found = junit.failures(reports, Operations.from_spec(spec))
        gaps = proof.missing(counts) if settings.stateful else []
        verdict = proof.describe_missing(gaps) if gaps else None
        if settings.junit is not None:
            settings.junit.parent.mkdir(parents=True, exist_ok=True)
            text = junit.merge(reports, verdict, settings.stateful, redact)
            settings.junit.write_text(text, encoding="utf-8")
    for line in summary.render(counts, found, settings.stateful).splitlines():
        out(line)
    if settings.stateful:
        if verdict is None:
            out("OK: the stateful phase created, fetched, updated and deleted messages.")
        else:
            out(f"FAIL: {verdict}.")
    if settings.junit is not None:
        out(f"JUnit report: {settings.junit}")
    out(f"Contract run finished in {time.monotonic() - started:.0f} s.")
    checks_failed = any(statuses) or bool(found)
    if checks_failed:
        # A run can fail without a report to read (schemathesis stopped early): say so.
        what = f"{len(found)} failure(s)" if found else "schemathesis failed, see its output above"
        out(f"Contract tests FAILED: {what} (exit status {EXIT_CHECKS_FAILED}).")
        return EXIT_CHECKS_FAILED
    if verdict is not None:
        out(f"Contract tests FAILED: no stateful proof (exit status {EXIT_STATEFUL_UNPROVEN}).")
        return EXIT_STATEFUL_UNPROVEN
    out("Contract tests passed: zero failures in every phase.")
    return EXIT_PASSED
