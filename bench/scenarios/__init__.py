"""One module per scenario; each has `NAME`, `TITLE`, `GOALS` (name: what it measures),
`run(context) -> dict` (the figures) and `render(figures) -> Section` (its part of the report)."""

from bench.scenarios import bulk, growth, inbox, listing, mock_server, per_call

ALL = (per_call, listing, bulk, mock_server, growth, inbox)
