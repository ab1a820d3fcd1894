"""Derive every synchronous twin from its asynchronous source, as httpcore does.

    python tools/unasync.py           # rewrite each twin (TWINS below)
    python tools/unasync.py --check   # fail (exit 1) if a twin is not what this writes

``async_client.py`` is the one source of ``client.py``, ``async_page.py`` of ``page.py``. Each line is rewritten token by token (``async def`` ->
``def``, ``await x`` -> ``x``, ``AsyncClient`` -> ``Client``...). Two markers handle what is not
mechanical: a line ending in ``# unasync: async-only`` is dropped, and the commented-out lines
between ``# unasync: sync-only begin`` and ``# unasync: sync-only end`` are uncommented as
they are. The result is formatted with the pinned ruff, so it is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "facade" / "sendwire"

# Whole-word replacements, applied in order.
SUBSTITUTIONS = [
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncMessages\b", "Messages"),
    (r"\bAsyncApi\b", "Api"),
    (r"\bAsyncMediaResource\b", "MediaResource"),
    (r"\bAsyncBulkMethods\b", "BulkMethods"),
    (r"\bAsyncPage\b", "Page"),
    (r"\bAsyncClient\b", "Client"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"^import asyncio$", "import time"),
    (r"Awaitable\[None\]", "None"),
    (r"Awaitable\[(Page\[T\])\]", r"\1"),
    (r"\bnew_async_http\b", "new_sync_http"),
    (r"\basync_answers\b", "sync_answers"),
]
ASYNC_ONLY = "# unasync: async-only"
SYNC_BEGIN = "# unasync: sync-only begin"
SYNC_END = "# unasync: sync-only end"
HEADER = "# Generated from {source} by tools/unasync.py (`make unasync`); do not edit.\n"

# Source -> (twin, the twin's module docstring: the source's speaks of the async side).
TWINS = {
    "async_client.py": (
        "client.py",
        '''"""The synchronous client: a thin shell that sends what the core prepares, and sleeps.

``Client`` has the same calls as ``AsyncClient`` without ``await``; both share everything but
the I/O with ``sendwire._core``. This module is derived from ``async_client.py``.
"""''',
    ),
    "async_page.py": (
        "page.py",
        '''"""``Page``: one page of a list from ``Client``, able to fetch the page after it.

It holds one page of items, so walking a long list with it keeps memory flat. This module is
derived from ``async_page.py``.
"""''',
    ),
}


def unasync_lines(source: str, name: str = "async_client.py") -> str:
    docstring = ""
    if source.startswith('"""'):
        end = source.index('"""', 3) + 3
        docstring, source = TWINS[name][1], source[end:]
    out: list[str] = []
    verbatim = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == SYNC_BEGIN:
            verbatim = True
            continue
        if stripped == SYNC_END:
            verbatim = False
            continue
        if verbatim:
            indent = line[: len(line) - len(line.lstrip())]
            text = line.lstrip()
            out.append(indent + text[2:] if text.startswith("# ") else indent + text[1:])
            continue
        if line.rstrip().endswith(ASYNC_ONLY):
            continue
        for pattern, replacement in SUBSTITUTIONS:
            line = re.sub(pattern, replacement, line)
        out.append(line)
    return HEADER.format(source=name) + docstring + "\n".join(out) + "\n"


def formatted(text: str, name: str = "client.py") -> str:
    """``text`` after the pinned ruff's import fixes and formatting, as in the repository."""
    ruff = Path(sys.executable).with_name("ruff")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "facade" / "sendwire" / name
        path.parent.mkdir(parents=True)
        path.write_text(text)
        config = ["--config", str(ROOT / "pyproject.toml")]
        subprocess.run(
            [str(ruff), "check", *config, "--fix-only", "--select", "F401,I", "-q", str(path)],
            check=True,
            cwd=ROOT,
        )
        subprocess.run([str(ruff), "format", *config, "-q", str(path)], check=True, cwd=ROOT)
        return path.read_text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a twin has drifted")
    args = parser.parse_args(argv)
    drifted = 0
    for source, (twin, _) in TWINS.items():
        target = PACKAGE / twin
        wanted = formatted(unasync_lines((PACKAGE / source).read_text(), source), twin)
        if not args.check:
            target.write_text(wanted)
            print(f"unasync: wrote facade/sendwire/{twin}")
            continue
        have = target.read_text() if target.exists() else ""
        if have == wanted:
            print(f"unasync: {twin} matches {source}")
            continue
        drifted += 1
        diff = difflib.unified_diff(
            have.splitlines(), wanted.splitlines(), twin, f"from {source}", lineterm=""
        )
        print(
            f"unasync: facade/sendwire/{twin} has drifted from {source}; run `make unasync`",
            file=sys.stderr,
        )
        print("\n".join(list(diff)[:60]), file=sys.stderr)
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
