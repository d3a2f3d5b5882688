"""Console-script entry point: answers ``certkit --version`` without importing click.

Everything else goes to the click application in :mod:`certkit.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from certkit import __version__

        sys.stdout.write(f"certkit, version {__version__}\n")
        return
    from certkit.cli import main as cli_main

    cli_main()
