"""``python -m core.cli``: the command line."""

from core.cli import main

raise SystemExit(main())
