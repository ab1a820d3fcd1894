"""Sendwire's benchmark suite (`python -m bench`): every scenario talks HTTP to a mock server
of its own, started as a subprocess; figures are medians of several runs with their spread."""
