"""Writing output files: atomically, with their mode set before any byte is written."""

from __future__ import annotations

import os
from pathlib import Path

from certkit.errors import InputError


def write_atomically(path: Path, data: bytes, *, force: bool = False, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file.

    Refuses to replace an existing file unless ``force``; ``mode`` applies before any byte is
    written (0600 for private keys), so a key is never readable by others, even for a moment.
    """
    import tempfile

    if path.exists() and not force:
        raise InputError("files.output_exists", path=str(path))
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("files.output_dir_missing", path=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
