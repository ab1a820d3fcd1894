"""One module per scenario; each has `NAME`, `TITLE`, `run(context) -> dict` (the figures)
and `render(figures) -> Section` (its part of the report, with its goals; prose.md says what
each goal measures)."""

from bench.scenarios import bulk, growth, inbox, listing, mock_server, per_call

ALL = (per_call, listing, bulk, mock_server, growth, inbox)
