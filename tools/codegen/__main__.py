"""``python -m codegen generate|check``: regenerate generated/, or prove it is up to date."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from codegen import paths, report, trees
from codegen.facade import build as facade_build
from codegen.prepare import PreparationError
from codegen.run import PipelineError, build, check_tools, search_path, tool_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--spec", type=Path, default=paths.SPEC)
    parser.add_argument("--output", type=Path, default=paths.OUTPUT)
    parser.add_argument("--facade-output", type=Path, default=paths.FACADE_OUTPUT)
    args = parser.parse_args(argv)
    shown = f"{_shown(args.output)} and {_shown(args.facade_output)}"
    try:
        check_tools()
        with tempfile.TemporaryDirectory(prefix="sendwire-codegen-") as workdir:
            fresh = build(args.spec, Path(workdir))
            fresh_facade = facade_build.build(
                args.spec, Path(workdir) / "facade" / "_generated", tool_dir(), search_path()
            )
            pairs = [(fresh, args.output), (fresh_facade, args.facade_output)]
            if args.command == "generate":
                changed = report.report(args.facade_output, fresh_facade)
                touched = sum(trees.sync(new, old) for new, old in pairs)
                print(
                    f"codegen: {shown} regenerated from {_shown(args.spec)} ({touched} files changed)"
                )
                print(changed)
                return 0
            stale = [line for new, old in pairs for line in trees.differences(new, old)]
    except (PipelineError, PreparationError) as error:
        print(f"codegen: error: {error}", file=sys.stderr)
        return 1
    if stale:
        print(
            f"codegen: {shown} is stale: it does not match what {_shown(args.spec)} generates.\n"
            "Run `make generate` and commit the result.\n" + "\n".join(stale),
            file=sys.stderr,
        )
        return 1
    print(f"codegen: {shown} matches {_shown(args.spec)}")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
