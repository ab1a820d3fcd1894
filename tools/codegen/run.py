"""Run openapi-python-client on the prepared spec and refuse any output that lost something."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from codegen import completeness, paths, prepare

GENERATOR_DISTRIBUTION = "openapi-python-client"
UPSTREAM_TEMPLATES = "_upstream"  # where our templates find the generator's own ones
WIRE_NAMES_TEMPLATE = "_wire_names.jinja"


class PipelineError(Exception):
    """Generation did not produce a complete, trustworthy package."""


def pinned_version(distribution: str, pyproject: Path = paths.PYPROJECT) -> str:
    """The exact ``name==version`` pin for ``distribution`` in pyproject.toml."""
    match = re.search(rf'"{re.escape(distribution)}==([^";\s]+)', pyproject.read_text())
    if match is None:
        raise PipelineError(f"pyproject.toml does not pin {distribution} with ==")
    return match.group(1)


def tool_dir() -> Path:
    """The bin directory of the running environment (.venv/bin under make)."""
    return Path(sys.executable).parent


def search_path() -> str:
    """PATH with the environment's tools first, so post-hooks run the pinned formatter."""
    return os.pathsep.join([str(tool_dir()), os.environ.get("PATH", "")])


def check_tools(config: Path = paths.GENERATOR_CONFIG) -> None:
    """Refuse to run with a generator or formatter other than the pinned ones.

    The generator only warns and skips a post-hook whose command is missing, and the
    formatter's version changes the bytes it writes, so both are checked up front.
    """
    wanted = pinned_version(GENERATOR_DISTRIBUTION)
    try:
        found = importlib.metadata.version(GENERATOR_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise PipelineError(
            f"{GENERATOR_DISTRIBUTION} is not installed (it needs Python >= 3.11); run make install"
        ) from None
    if found != wanted:
        raise PipelineError(f"{GENERATOR_DISTRIBUTION} {found} is installed, {wanted} is pinned")

    hooks = yaml.safe_load(config.read_text()).get("post_hooks") or []
    if not hooks:
        raise PipelineError(f"{config.name} lists no post_hooks; the output would go unformatted")
    for hook in hooks:
        command = hook.split()[0]
        executable = shutil.which(command, path=search_path())
        if executable is None or Path(executable).parent != tool_dir():
            raise PipelineError(
                f"post-hook command {command!r} is not installed in {tool_dir()}; run make install"
            )
        pin = pinned_version(command) if command == "ruff" else None
        if pin is not None:
            version = subprocess.run(
                [executable, "--version"], capture_output=True, text=True, check=True
            ).stdout.split()
            if version[-1:] != [pin]:
                raise PipelineError(f"{executable} reports {' '.join(version)}, {pin} is pinned")


def upstream_templates() -> Path:
    spec = importlib.util.find_spec("openapi_python_client")
    if spec is None or spec.origin is None:
        raise PipelineError(f"{GENERATOR_DISTRIBUTION} is not installed; run make install")
    return Path(spec.origin).parent / "templates"


def build(spec_path: Path, workdir: Path, *, with_preparation: bool = True) -> Path:
    """Generate the package from ``spec_path`` under ``workdir`` and prove it is complete.

    ``with_preparation=False`` feeds the spec to the generator unchanged; it exists to show
    that the checks catch what the preparation step prevents.
    """
    original = prepare.load_spec(spec_path)
    prepared = prepare.prepare(original) if with_preparation else prepare.Prepared(original, ())
    generator_spec = workdir / "openapi.json"
    prepare.write_spec(prepared, generator_spec)

    templates = workdir / "templates"
    shutil.copytree(paths.TEMPLATES, templates)
    shutil.copytree(upstream_templates(), templates / UPSTREAM_TEMPLATES)
    (templates / WIRE_NAMES_TEMPLATE).write_text(prepare.wire_names_template(prepared.renames))

    package = workdir / paths.PACKAGE_NAME
    output = run_generator(generator_spec, templates, package)
    problems = output_problems(output, package)
    (package / "py.typed").write_text("")
    problems += completeness.find_problems(original, package)
    if problems:
        raise PipelineError(
            "the generated package is incomplete:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return package


def run_generator(spec_path: Path, templates: Path, package: Path) -> str:
    """Run the generator; return everything it printed."""
    command = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(spec_path),
        "--meta", "none",
        "--config", str(paths.GENERATOR_CONFIG),
        "--custom-template-path", str(templates),
        "--output-path", str(package),
        "--overwrite",
    ]  # fmt: skip
    env = {**os.environ, "PATH": search_path(), "NO_COLOR": "1", "TERM": "dumb"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise PipelineError(f"the generator exited with {result.returncode}:\n{output}")
    return output


def output_problems(output: str, package: Path) -> list[str]:
    """Anything the generator printed besides its one progress line is a warning or an error."""
    expected = f"Generating {package}"
    unexpected = [line for line in output.splitlines() if line.strip() and line != expected]
    if not unexpected:
        return []
    shown = "\n".join(f"      | {line}" for line in unexpected)
    return [f"the generator reported problems, so pieces may be missing:\n{shown}"]
