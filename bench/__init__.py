"""Sendwire's benchmark suite: `python -m bench` (full run) or `python -m bench --smoke`.

Every scenario talks HTTP to a real mock server started as a subprocess (one per scenario);
figures are medians of several runs with their spread, reported as ratios where a goal is one.
"""
