"""The inventory on SQLite (the embedded default): opening, WAL, transactions, and SQLite errors in
plain words.

One SQLite file, the schema of :mod:`certkit.monitor.schema`, WAL, every write in a transaction.
Connections are opened in autocommit mode (``isolation_level=None``); writers run ``BEGIN
IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any error), so concurrent scans on one machine take
turns batch by batch. Everything else reaches the database through
:class:`certkit.monitor.store.Store`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit.errors import InputError, os_reason
from certkit.monitor.backend import Backend, Insert, Target, default_host_label
from certkit.monitor.schema import SCHEMA_VERSION, current_version, migrate, too_new

if TYPE_CHECKING:
    import sqlite3

    from certkit.monitor.backend import Cursor


def default_db_path() -> Path:
    """``monitor.db`` in the OS's user data directory (platformdirs): ``$XDG_DATA_HOME/certkit``
    or ``~/.local/share/certkit`` on Linux, ``~/Library/Application Support/certkit`` on macOS,
    ``%LOCALAPPDATA%\\certkit`` on Windows."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("certkit", appauthor=False)) / "monitor.db"


# SQLite result codes (sqlite3.Error.sqlite_errorname) → what the user should do.
_ERROR_CODES = {
    "SQLITE_FULL": "monitor.db_full",
    "SQLITE_IOERR": "monitor.db_io_error",
    "SQLITE_READONLY": "monitor.db_readonly",
    "SQLITE_CANTOPEN": "monitor.db_cannot_open",
    "SQLITE_BUSY": "monitor.db_busy",
    "SQLITE_LOCKED": "monitor.db_busy",
    "SQLITE_PERM": "monitor.db_readonly",
    "SQLITE_AUTH": "monitor.db_readonly",
}


def translate(exc: sqlite3.Error, path: Path) -> InputError:
    """The :class:`InputError` (exit 2) telling what to do about ``exc`` on the database ``path``.

    A full disk, a read-only file or folder, a lock held too long: each says what to fix; a file
    that is not an inventory says to check ``--db``. None advises deleting the database.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    base = name.split("_", 2)
    family = "_".join(base[:2]) if len(base) >= 2 else name
    if family == "SQLITE_IOERR" and "FSYNC" not in name and _disk_full(path):
        family = "SQLITE_FULL"
    code = _ERROR_CODES.get(family, "monitor.db_unreadable")
    return InputError(code, path=str(path), reason=str(exc), folder=str(path.parent))


def _disk_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


class SqliteBackend(Backend):
    """One SQLite connection (autocommit; writers use ``BEGIN IMMEDIATE``)."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, target: Target) -> None:
        import sqlite3

        assert target.path is not None
        self.conn = conn
        self.target = target
        self.path: Path = target.path
        self.errors = (sqlite3.Error,)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.executemany(sql, rows)

    def insert(self, spec: Insert, rows: Sequence[Sequence[Any]]) -> int:
        if not rows:
            return 0
        before = self.conn.total_changes
        self.conn.executemany(spec.sql, rows)
        return self.conn.total_changes - before

    def values(self, values: Sequence[str]) -> tuple[str, Any]:
        return "SELECT value FROM json_each(?)", json.dumps(list(values))

    @contextmanager
    def transaction(self, *, migration: bool = False) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        # A deferred transaction: in WAL mode its reads see one state of the file.
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    @contextmanager
    def channel_lock(self, channel: str) -> Iterator[None]:
        # One machine: an exclusive flock on a lock file beside the database (released by the
        # kernel if the process dies). Not on the database file itself: SQLite's own locks are
        # fcntl locks, which some systems merge with flock locks.
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX
            yield
            return
        lock_path = self.path.with_name(self.path.name + ".notify-lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise InputError(
                "monitor.db_cannot_open",
                path=str(lock_path),
                reason=os_reason(exc),
                folder=str(lock_path.parent),
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def translate(self, exc: BaseException) -> InputError:
        import sqlite3

        assert isinstance(exc, sqlite3.Error)
        return translate(exc, self.path)

    def close(self) -> None:
        self.conn.close()


def open_sqlite(
    target: Target, *, create: bool, readonly: bool = False, host: str | None = None
) -> SqliteBackend:
    """Open (and, when ``create``, create or migrate) the inventory file ``target.path``.

    Without ``create`` a missing file is an :class:`InputError` (``monitor.db_missing``). With
    ``readonly`` the file is opened read-only (``status``, ``check``, ``export``): nothing is
    written, an older schema is read as it is, and a database in a folder nobody may write to is
    still read (as an immutable snapshot when SQLite cannot create its shared-memory file there).
    """
    import sqlite3

    path = target.path
    assert path is not None
    if not create and not path.is_file():
        raise InputError("monitor.db_missing", path=str(path))
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                "monitor.db_dir_unwritable", path=str(path.parent), reason=os_reason(exc)
            ) from None
    if readonly:
        return SqliteBackend(_open_readonly(path), target)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    db = SqliteBackend(conn, target)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(db, host or default_host_label())
        else:
            version = current_version(db)
            if version < SCHEMA_VERSION:
                # An older inventory: upgrading it is a write, done in its own transaction.
                migrate(db, host or default_host_label())
            elif version > SCHEMA_VERSION:
                raise too_new(db, version)
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return db


def _open_readonly(path: Path) -> sqlite3.Connection:
    import sqlite3
    from urllib.parse import quote

    uri = "file:" + quote(str(path.absolute()))
    last: sqlite3.Error | None = None
    # Where this user may write, a read-write connection with query_only reads the file and, on
    # close, tidies the -wal and -shm files as any writer does; elsewhere a read-only one. A WAL
    # database needs its -shm file: when the folder is read-only and nobody has the database
    # open, SQLite cannot create it, and only an immutable open reads the file.
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    for suffix in ("?mode=rw", "?mode=ro", "?mode=ro&immutable=1"):
        if suffix == "?mode=rw" and not writable:
            continue
        try:
            conn = sqlite3.connect(uri + suffix, uri=True, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA query_only = ON")
            backend = SqliteBackend(conn, Target(path=path))
            version = current_version(backend)
        except sqlite3.OperationalError as exc:
            conn.close()
            if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY"):
                raise translate(exc, path) from None
            last = exc
            continue
        except sqlite3.Error as exc:
            conn.close()
            raise translate(exc, path) from None
        if version > SCHEMA_VERSION:
            conn.close()
            raise too_new(backend, version)
        return conn
    assert last is not None
    raise translate(last, path) from None
