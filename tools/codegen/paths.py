"""Where the pipeline reads and writes, relative to the repository root."""

from __future__ import annotations

from pathlib import Path

CODEGEN_DIR = Path(__file__).resolve().parent
ROOT = CODEGEN_DIR.parent.parent
SPEC = ROOT / "spec" / "messages.yaml"
PYPROJECT = ROOT / "pyproject.toml"
GENERATOR_CONFIG = CODEGEN_DIR / "config.yaml"
TEMPLATES = CODEGEN_DIR / "templates"
PACKAGE_NAME = "sendwire_api"
OUTPUT = ROOT / "generated" / PACKAGE_NAME
#: The facade's spec-derived modules (models, enums, operation inputs).
FACADE_OUTPUT = ROOT / "facade" / "sendwire" / "_generated"
