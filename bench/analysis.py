"""Known causes behind missed goals, found by profiling; printed only for a goal that misses.

Profiles measured in the same run are printed after each note, so a note that no longer
matches its profile is easy to spot.
"""

from __future__ import annotations

NOTES: dict[str, str] = {}
