"""PyInstaller entry point of `copydesk-cli` (same as the `copydesk-cli` console script)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # core.rank's "spawn" workers re-run this executable; see entry_gui.py.
    multiprocessing.freeze_support()

    from core.cli import main

    sys.exit(main())
