"""One module per scenario, each with `NAME`, `TITLE`, `run(context) -> dict` (the figures)
and `render(figures) -> Section` (its part of the report and its goals)."""

from bench.scenarios import bulk, growth, inbox, listing, mock_server, per_call

ALL = (per_call, listing, bulk, mock_server, growth, inbox)
