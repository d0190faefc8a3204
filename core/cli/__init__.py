"""``copydesk-cli``, the command line: :mod:`core.cli.main` (parsing, dispatch, exit codes),
:mod:`core.cli.common` (what subcommands share), one module per subcommand
(:mod:`core.cli.compare`, :mod:`core.cli.rank`).  ``main`` is re-exported for the
``copydesk-cli`` entry point and ``python -m core.cli``.
"""

from core.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
