"""The monitor's inventory on SQLite: schema, migrations, opening, and SQLite errors in plain words.

One SQLite file, versioned schema, WAL, every write in a transaction. Everything else reaches the
database through :class:`certkit.monitor.store.Store` (the one interface a second back end will
implement); this module is the SQLite side of opening it.

Tables (schema version 1):

``certificates``  one row per certificate, keyed by the SHA-256 fingerprint of its DER:
                  identity (SIREN, CN, O), subject and issuer as RFC 4514 strings and as DER,
                  serial, validity (Unix seconds, UTC), whether it is a CA, when first seen.
``files``         one row per scanned file: size, mtime_ns and inode (to skip unchanged files
                  without reading them), what it held (``certificates``, ``other`` or
                  ``error``), first and last seen.
``sightings``     which certificate was found in which file, at which position.
``scan_errors``   files that could not be read on their last scan: message code and parameters.
``notifications`` the last state sent per certificate and channel (so a crossing is sent once).
``scans``         one row per scan run (start, end, counts) — the end stays NULL if it was killed.

Added in schema version 2:

``acks``          an acknowledged certificate ("renewal ordered"): the state it was acknowledged
                  in, a note, when and by whom; it covers that state and better ones.
``registrations`` a certificate whose DNs are now registered on the account, and since when.
``deliveries``    per channel and alert id: when a delivery was attempted (written before sending)
                  and when the receiver acknowledged it (written right after): see
                  :mod:`certkit.monitor.notify`.

Connections are opened in autocommit mode (``isolation_level=None``); writers use
:func:`transaction`, which runs ``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any error).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from certkit.errors import InputError

if TYPE_CHECKING:
    import sqlite3

SCHEMA_VERSION = 2

# Each entry upgrades the schema from version (index) to (index + 1).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE certificates (
        sha256 TEXT PRIMARY KEY,
        subject_rfc4514 TEXT NOT NULL,
        issuer_rfc4514 TEXT NOT NULL,
        subject_der BLOB NOT NULL,
        issuer_der BLOB NOT NULL,
        cn TEXT,
        org TEXT,
        siren TEXT,
        serial_hex TEXT NOT NULL,
        not_before INTEGER NOT NULL,
        not_after INTEGER NOT NULL,
        is_ca INTEGER NOT NULL,
        first_seen INTEGER NOT NULL
    );
    CREATE INDEX certificates_siren ON certificates(siren);
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        inode INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('certificates', 'other', 'error')),
        format TEXT,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    );
    CREATE TABLE sightings (
        path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
        sha256 TEXT NOT NULL REFERENCES certificates(sha256),
        position INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        PRIMARY KEY (path, sha256)
    );
    CREATE INDEX sightings_sha256 ON sightings(sha256);
    CREATE TABLE scan_errors (
        path TEXT PRIMARY KEY REFERENCES files(path) ON DELETE CASCADE,
        code TEXT NOT NULL,
        params TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    );
    CREATE TABLE notifications (
        sha256 TEXT NOT NULL,
        channel TEXT NOT NULL,
        state TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        PRIMARY KEY (sha256, channel)
    );
    CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        started INTEGER NOT NULL,
        finished INTEGER,
        roots TEXT NOT NULL,
        files_seen INTEGER,
        files_read INTEGER,
        errors INTEGER
    );
    """,
    """
    CREATE TABLE acks (
        sha256 TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        note TEXT,
        acked_at INTEGER NOT NULL,
        acked_by TEXT
    );
    CREATE TABLE registrations (
        sha256 TEXT PRIMARY KEY,
        registered_on INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
    );
    CREATE TABLE deliveries (
        channel TEXT NOT NULL,
        alert_id TEXT NOT NULL,
        attempted_at INTEGER NOT NULL,
        acknowledged_at INTEGER,
        PRIMARY KEY (channel, alert_id)
    );
    """,
)


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


def open_db(path: Path, *, create: bool, readonly: bool = False) -> sqlite3.Connection:
    """Open (and, when ``create``, create or migrate) the inventory at ``path``.

    Without ``create`` a missing file is an :class:`InputError` (``monitor.db_missing``). With
    ``readonly`` the file is opened read-only (``status``, ``check``, ``export``): nothing is
    written, an older schema is read as it is, and a database in a folder nobody may write to is
    still read (as an immutable snapshot when SQLite cannot create its shared-memory file there).
    """
    import sqlite3

    if not create and not path.is_file():
        raise InputError("monitor.db_missing", path=str(path))
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                "monitor.db_dir_unwritable", path=str(path.parent), reason=exc.strerror or str(exc)
            ) from None
    if readonly:
        return _open_readonly(path)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(conn, path)
        else:
            version = _version(conn)
            if version < SCHEMA_VERSION:
                # An older inventory: upgrading it is a write, done in its own transaction.
                _migrate(conn, path)
            elif version > SCHEMA_VERSION:
                raise InputError(
                    "monitor.db_too_new", path=str(path), found=version, known=SCHEMA_VERSION
                )
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


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
            version = _version(conn)
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
            raise InputError(
                "monitor.db_too_new", path=str(path), found=version, known=SCHEMA_VERSION
            )
        return conn
    assert last is not None
    raise translate(last, path) from None


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version of the open inventory (older ones are read as they are)."""
    return _version(conn)


def _version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row is not None else 0


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION`, one migration per transaction."""
    while True:
        with transaction(conn):
            version = _version(conn)
            if version > SCHEMA_VERSION:
                raise InputError(
                    "monitor.db_too_new", path=str(path), found=version, known=SCHEMA_VERSION
                )
            if version == SCHEMA_VERSION:
                return
            if version == 0:
                conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                conn.execute("INSERT INTO schema_version VALUES (0)")
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = ?", (version + 1,))


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (our scripts hold no ';' inside literals)."""
    return [s.strip() for s in script.split(";") if s.strip()]


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; ``ROLLBACK`` if the block raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
