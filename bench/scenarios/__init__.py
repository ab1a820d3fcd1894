"""One module per scenario; each exposes `NAME`, `TITLE` and `run(context) -> dict`."""

from bench.scenarios import bulk, growth, listing, mock_server, per_call

ALL = (per_call, listing, bulk, mock_server, growth)
