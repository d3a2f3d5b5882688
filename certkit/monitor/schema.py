"""The inventory's schema: one migration history for SQLite and PostgreSQL.

The migrations are written once, in the SQL both back ends share; :func:`statements` renders them
for a back end. On PostgreSQL an ``INTEGER`` is 32 bits (notAfter of 9999-12-31 and mtime in
nanoseconds do not fit), so integers become ``BIGINT``, ``BLOB`` becomes ``BYTEA``, the scans'
``INTEGER PRIMARY KEY`` an identity column, and text columns use the ``"C"`` collation: values
sort and compare byte by byte as on SQLite whatever the database's locale (paths, fingerprint
prefixes and the path ranges of a scan root mean the same on both).

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

Schema version 3 (several hosts in one inventory): ``files``, ``sightings`` and ``scan_errors``
are keyed by ``(host, path)`` — the host label of the machine the file is on (``scan
--host-label``, default its host name) — and ``scans`` records the host that ran each scan. The
upgrade attributes what an older inventory holds to the host label of the command that upgrades it.
Certificates, team marks and delivery records are shared by every host.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.errors import InputError

if TYPE_CHECKING:
    from certkit.monitor.backend import Backend

SCHEMA_VERSION = 3

# Each entry upgrades the schema from version (index) to (index + 1). ``:host`` stands for the
# host label of the upgrading command (a quoted literal). No ';' inside literals.
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
    """
    DROP INDEX sightings_sha256;
    ALTER TABLE scan_errors RENAME TO scan_errors_v2;
    ALTER TABLE sightings RENAME TO sightings_v2;
    ALTER TABLE files RENAME TO files_v2;
    CREATE TABLE files (
        host TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        inode INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('certificates', 'other', 'error')),
        format TEXT,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (host, path)
    );
    CREATE TABLE sightings (
        host TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES certificates(sha256),
        position INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        PRIMARY KEY (host, path, sha256),
        FOREIGN KEY (host, path) REFERENCES files(host, path) ON DELETE CASCADE
    );
    CREATE INDEX sightings_sha256 ON sightings(sha256);
    CREATE TABLE scan_errors (
        host TEXT NOT NULL,
        path TEXT NOT NULL,
        code TEXT NOT NULL,
        params TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (host, path),
        FOREIGN KEY (host, path) REFERENCES files(host, path) ON DELETE CASCADE
    );
    INSERT INTO files (host, path, size, mtime_ns, inode, kind, format, first_seen, last_seen)
        SELECT :host, path, size, mtime_ns, inode, kind, format, first_seen, last_seen
        FROM files_v2;
    INSERT INTO sightings (host, path, sha256, position, first_seen)
        SELECT :host, path, sha256, position, first_seen FROM sightings_v2;
    INSERT INTO scan_errors (host, path, code, params, first_seen, last_seen)
        SELECT :host, path, code, params, first_seen, last_seen FROM scan_errors_v2;
    DROP TABLE scan_errors_v2;
    DROP TABLE sightings_v2;
    DROP TABLE files_v2;
    ALTER TABLE scans ADD COLUMN host TEXT NOT NULL DEFAULT '';
    UPDATE scans SET host = :host;
    CREATE INDEX scans_host ON scans(host, finished);
    """,
)

# SQLite's types as PostgreSQL spells them (see the module docstring).
_POSTGRESQL = (
    (r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (r"\bINTEGER\b", "BIGINT"),
    (r"\bBLOB\b", "BYTEA"),
    (r"\bTEXT\b", 'TEXT COLLATE "C"'),
)


def literal(value: str) -> str:
    """``value`` as an SQL string literal (standard quoting, both back ends)."""
    return "'" + value.replace("'", "''") + "'"


def statements(version: int, dialect: str, host: str) -> list[str]:
    """The statements that upgrade the schema from ``version`` to ``version + 1`` on ``dialect``
    (``sqlite`` or ``postgresql``), attributing existing rows to ``host``."""
    script = MIGRATIONS[version].replace(":host", literal(host))
    if dialect == "postgresql":
        import re

        for pattern, replacement in _POSTGRESQL:
            script = re.sub(pattern, replacement, script)
    return [s.strip() for s in script.split(";") if s.strip()]


def current_version(db: Backend) -> int:
    """The schema version of the open inventory (0: no schema yet)."""
    if not db.has_table("schema_version"):
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row is not None else 0


def too_new(db: Backend, version: int) -> InputError:
    return InputError(
        "monitor.db_too_new", path=db.target.label, found=version, known=SCHEMA_VERSION
    )


def migrate(db: Backend, host: str) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION`, one migration per transaction (concurrent
    openers wait for each other: the back end's migration lock)."""
    while True:
        with db.transaction(migration=True):
            version = current_version(db)
            if version > SCHEMA_VERSION:
                raise too_new(db, version)
            if version == SCHEMA_VERSION:
                return
            if version == 0:
                db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                db.execute("INSERT INTO schema_version VALUES (0)")
            for statement in statements(version, db.dialect, host):
                db.execute(statement)
            db.execute("UPDATE schema_version SET version = ?", (version + 1,))
