"""Regenerates ``generated/sendwire_api`` from ``spec/messages.yaml`` and proves nothing was lost.

Run ``python -m codegen generate`` or ``python -m codegen check`` with ``tools/`` on the path
(the Makefile does this). See ``tools/codegen/README.md``.
"""
