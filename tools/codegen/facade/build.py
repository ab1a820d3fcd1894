"""Build the facade's generated modules into a folder, formatted as the client is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from codegen import paths, prepare
from codegen.facade import api, describe, render


def post_hooks() -> list[list[str]]:
    """The generator config's formatting commands, so both outputs are formatted alike."""
    hooks = yaml.safe_load(paths.GENERATOR_CONFIG.read_text()).get("post_hooks") or []
    return [str(hook).split() for hook in hooks]


def build(spec_path: Path, target: Path, tool_dir: Path, search_path: str) -> Path:
    config = describe.load_config()
    description = describe.describe(prepare.load_spec(spec_path), config)
    render.write(description, str(config.get("identity", "sid")), target)
    (target / "api.py").write_text(api.api_module(description), encoding="utf-8")
    for command in post_hooks():
        executable = tool_dir / command[0]
        subprocess.run(
            [str(executable), *command[1:]],
            cwd=target,
            check=True,
            capture_output=True,
            env={"PATH": search_path},
        )
    return target
