"""PyInstaller entry point of the `copydesk` window (same as the `copydesk` console script)."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
