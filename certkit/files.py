"""Files on disk: finding the input files under a folder, and writing output files atomically
with their mode set before any byte is written."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from certkit.errors import InputError, os_reason


def write_atomically(path: Path, data: bytes, *, force: bool = False, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file.

    ``-`` is standard output. Refuses to replace an existing file unless ``force``; never
    replaces what is not a regular file — a directory, device, FIFO or socket — even with
    ``force`` (``--force`` as root once turned /dev/null into a regular file). A symbolic link is
    refused unless ``force``, which then writes the file it points to (atomically, the link kept).
    ``mode`` applies before any byte is written (0600 for private keys), so a key is never
    readable by others, even for a moment.
    """
    import tempfile

    if str(path) == "-":
        _write_stdout(data)
        return
    target = _output_target(path, force=force)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("files.output_dir_missing", path=str(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError("files.output_unwritable", path=str(path), reason=os_reason(exc)) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _output_target(path: Path, *, force: bool) -> Path:
    """The path to write for output ``path``: itself, or the file a symbolic link points to
    (only with ``force``); an InputError for anything that must not be replaced."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise InputError("files.output_unwritable", path=str(path), reason=os_reason(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        if not force:
            raise InputError("files.output_is_symlink", path=str(path))
        target = Path(os.path.realpath(path))
        try:
            info = os.stat(target)
        except FileNotFoundError:
            return target  # a dangling link: its target is created
        except OSError as exc:
            raise InputError(
                "files.output_unwritable", path=str(path), reason=os_reason(exc)
            ) from None
        if not stat.S_ISREG(info.st_mode):
            raise InputError("files.output_not_regular", path=str(path), kind=file_kind(info))
        return target
    if not stat.S_ISREG(info.st_mode):
        raise InputError("files.output_not_regular", path=str(path), kind=file_kind(info))
    if not force:
        raise InputError("files.output_exists", path=str(path))
    return path


def _write_stdout(data: bytes) -> None:
    import sys

    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(data.decode("utf-8", "replace"))
    else:
        out.write(data)
        out.flush()


def file_kind(info: os.stat_result) -> str:
    """What a non-regular file is, in English (``directory``, ``FIFO``, ``socket``...)."""
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISLNK(mode):
        return "symbolic link"
    return "special file"


def regular_files(
    root: str,
    skip: Callable[[os.DirEntry[str]], bool] | None = None,
    *,
    skipped: Callable[[str, str], None] | None = None,
) -> Iterator[os.DirEntry[str]]:
    """The regular files under the folder ``root``, at any depth, in no particular order.

    ``skip(entry)`` true leaves out a file, or a folder and everything under it.

    Symbolic links to files are followed, links to folders are not (no cycles); unreadable
    folders and entries that vanish meanwhile are skipped. FIFOs, sockets and devices (and links
    to them) are skipped too — reading a FIFO would wait forever, a device such as /dev/zero
    never ends — and, when ``skipped`` is given, reported to it as ``(path, kind)``. Built on
    ``os.scandir``: the file type comes with the folder listing, so a batch of 10,000 files costs
    no ``stat`` per file.
    """
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            if skip is not None and skip(entry):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file():
                    yield entry
                elif skipped is not None and not entry.is_dir():
                    try:
                        info = entry.stat()
                    except OSError:
                        continue  # a dangling link or a vanished entry: nothing to read
                    skipped(entry.path, file_kind(info))
            except OSError:
                continue
