"""Where certkit's bundled data lives (policies/, test_ca/), installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    """The directory of bundled data ``name`` ("policies" or "test_ca").

    A wheel ships it as ``certkit/_data/<name>``; an editable install or a source checkout reads the
    top-level directory of the repository.
    """
    package = Path(__file__).resolve().parent
    installed = package / "_data" / name
    if installed.is_dir():
        return installed
    return package.parent / name
