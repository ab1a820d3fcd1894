"""Modules generated from the spec for the facade: enums, models, operation inputs, errors.

Generated from spec/messages.yaml by `make generate` (tools/codegen/facade); do not edit.
"""

from __future__ import annotations
