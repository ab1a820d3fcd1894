"""`python -m sendwire ...` runs the `sendwire` command."""

from sendwire.cli import main

raise SystemExit(main())
