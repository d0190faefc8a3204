"""PyInstaller entry point of `copydesk-cli` (same as the `copydesk-cli` console script)."""

import sys

from core.cli import main

if __name__ == "__main__":
    sys.exit(main())
