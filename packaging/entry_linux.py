"""PyInstaller entry point of the Linux bundle's one executable, `copydesk`.

On Linux a PyInstaller program is the same whether built "windowed" or "console", so the
bundle carries one executable (its embedded archive of Python modules is several MB) and
`copydesk-cli` is a symbolic link to it; the name it was started by picks the program.
Windows and macOS keep two executables (entry_gui.py, entry_cli.py): there a program is either
windowed or console, and links are no option.
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # core.rank's "spawn" workers start this executable again (by its real name, copydesk);
    # freeze_support() turns that start into the worker.  It must run before anything else.
    multiprocessing.freeze_support()

    # argv[0] is the name it was started by (copydesk-cli, /usr/bin/copydesk-cli, ...), while
    # sys.executable is the resolved target.
    if os.path.basename(sys.argv[0]).startswith("copydesk-cli"):
        from core.cli import main
    else:
        from gui.app import main

    sys.exit(main())
