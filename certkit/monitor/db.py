"""The monitor's inventory: one SQLite file, versioned schema, WAL, every write in a transaction.

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

SCHEMA_VERSION = 1

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
)


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/certkit/monitor.db``, else ``~/.local/share/certkit/monitor.db``."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local/share")
    return Path(base) / "certkit" / "monitor.db"


def open_db(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open (and, when ``create``, create or migrate) the inventory at ``path``.

    Without ``create`` a missing file is an :class:`InputError` (``monitor.db_missing``) and the
    schema must already be current (read-only users never migrate).
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
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise InputError("monitor.db_unreadable", path=str(path), reason=str(exc)) from None
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
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
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise InputError("monitor.db_unreadable", path=str(path), reason=str(exc)) from None
    except BaseException:
        conn.close()
        raise
    return conn


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
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
