"""PyInstaller entry point of the `copydesk` window (same as the `copydesk` console script)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # core.rank compares in "spawn" worker processes: in a frozen app each worker starts this
    # executable again, and freeze_support() turns that start into the worker instead of a
    # second window.  It must run before anything else.
    multiprocessing.freeze_support()

    from gui.app import main

    sys.exit(main())
