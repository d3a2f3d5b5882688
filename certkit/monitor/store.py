"""The one interface between the monitor and its database, and its SQLite implementation.

Everything the monitor reads or writes goes through a :class:`Store`: the scan hands it batches of
rows, ``status``/``check``/``export`` read certificates and errors back, team marks (acks,
registrations) and notification records live behind it. No SQL exists outside this module and
:mod:`certkit.monitor.db` (schema and opening), so a second back end (PostgreSQL) implements this
class's methods and nothing else.

Every :mod:`sqlite3` error leaving a method becomes an :class:`~certkit.errors.InputError` that says
what to do (full disk, read-only file or folder, lock held too long) — see
:func:`certkit.monitor.db.translate`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, ParamSpec, TypeVar

from certkit.errors import InputError
from certkit.monitor.db import SCHEMA_VERSION, open_db, schema_version, transaction, translate
from certkit.monitor.inventory import InventoryCertificate, StoredError

if TYPE_CHECKING:
    import sqlite3

P = ParamSpec("P")
R = TypeVar("R")


class FileState(NamedTuple):
    """What a rescan compares to decide whether to read a file again."""

    path: str
    size: int
    mtime_ns: int
    inode: int
    kind: str  # certificates | other | error


class CertificateRow(NamedTuple):
    sha256: str
    subject_rfc4514: str
    issuer_rfc4514: str
    subject_der: bytes
    issuer_der: bytes
    cn: str | None
    org: str | None
    siren: str | None
    serial_hex: str
    not_before: int
    not_after: int
    is_ca: int
    first_seen: int


@dataclass
class ScanBatch:
    """The rows of up to a few hundred scanned files, written in one transaction.

    ``files``: (path, size, mtime_ns, inode, kind, format, first_seen, last_seen);
    ``sightings``: (path, sha256, position, first_seen); ``stale_sightings``: (path, JSON list of
    the fingerprints the file still holds); ``errors``: (path, code, JSON params, first, last);
    ``cleared_errors``: (path,) of files read without error this time.
    """

    files: list[tuple[Any, ...]] = field(default_factory=list)
    certificates: list[CertificateRow] = field(default_factory=list)
    sightings: list[tuple[Any, ...]] = field(default_factory=list)
    stale_sightings: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[Any, ...]] = field(default_factory=list)
    cleared_errors: list[tuple[str]] = field(default_factory=list)
    count: int = 0

    def clear(self) -> None:
        for rows in (
            self.files,
            self.certificates,
            self.sightings,
            self.stale_sightings,
            self.errors,
            self.cleared_errors,
        ):
            rows.clear()
        self.count = 0


@dataclass(frozen=True, slots=True)
class Ack:
    """A certificate acknowledged in ``state`` ("renewal ordered"): covers that state and better."""

    sha256: str
    state: str
    note: str | None
    at: datetime
    by: str | None


@dataclass(frozen=True, slots=True)
class Registration:
    """A certificate whose DNs are registered on the account since ``on``."""

    sha256: str
    on: datetime


@dataclass(frozen=True, slots=True)
class Marks:
    """What the team recorded about certificates: acknowledgements and registrations."""

    acks: dict[str, Ack] = field(default_factory=dict)
    registrations: dict[str, Registration] = field(default_factory=dict)


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """Turn the sqlite3 errors of a :class:`Store` method into an InputError saying what to do."""
    import sqlite3

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            assert isinstance(store, Store)
            raise translate(exc, store.path) from None

    return wrapper


_INSERT_CERTIFICATE = (
    "INSERT OR IGNORE INTO certificates (sha256, subject_rfc4514, issuer_rfc4514, subject_der, "
    "issuer_der, cn, org, siren, serial_hex, not_before, not_after, is_ca, first_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_FILE = (
    "INSERT INTO files (path, size, mtime_ns, inode, kind, format, first_seen, last_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size, "
    "mtime_ns = excluded.mtime_ns, inode = excluded.inode, kind = excluded.kind, "
    "format = excluded.format, last_seen = excluded.last_seen"
)
_INSERT_SIGHTING = (
    "INSERT INTO sightings (path, sha256, position, first_seen) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(path, sha256) DO UPDATE SET position = excluded.position"
)
_UPSERT_ERROR = (
    "INSERT INTO scan_errors (path, code, params, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(path) DO UPDATE SET code = excluded.code, params = excluded.params, "
    "last_seen = excluded.last_seen"
)


class Store:
    """The monitor's inventory (SQLite). Open with :func:`open_store`; close with :meth:`close`
    (or use it as a context manager)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.version = schema_version(conn)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------------------- scanning

    @_translated
    def begin_scan(self, started: int, roots: Sequence[str]) -> int:
        """Record the start of a scan; its id."""
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO scans (started, roots) VALUES (?, ?)", (started, json.dumps(roots))
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @_translated
    def file_states(self) -> dict[str, FileState]:
        """Every file the inventory knows, by path."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, inode, kind FROM files")
        return {row[0]: FileState._make(row) for row in rows}

    @_translated
    def certificate_ids(self) -> set[str]:
        """The fingerprints of every certificate the inventory holds."""
        return {row[0] for row in self.conn.execute("SELECT sha256 FROM certificates")}

    @_translated
    def write_batch(self, batch: ScanBatch) -> int:
        """Write ``batch`` in one transaction; returns how many of its certificates were new to
        the inventory at that moment (so concurrent scans never both count one as new)."""
        if not batch.count:
            return 0
        conn = self.conn
        with transaction(conn):
            conn.executemany(_UPSERT_FILE, batch.files)
            before = conn.total_changes
            conn.executemany(_INSERT_CERTIFICATE, batch.certificates)
            new = conn.total_changes - before
            for path, keep in batch.stale_sightings:
                conn.execute(
                    "DELETE FROM sightings WHERE path = ? AND sha256 NOT IN "
                    "(SELECT value FROM json_each(?))",
                    (path, keep),
                )
            conn.executemany(_INSERT_SIGHTING, batch.sightings)
            conn.executemany("DELETE FROM scan_errors WHERE path = ?", batch.cleared_errors)
            conn.executemany(_UPSERT_ERROR, batch.errors)
        batch.clear()
        return new

    @_translated
    def finish_scan(
        self,
        scan_id: int,
        *,
        now: int,
        finished: int,
        roots: Sequence[str],
        removed: Sequence[str],
        files_seen: int,
        files_read: int,
        errors: int,
    ) -> None:
        """Mark the files under ``roots`` as seen at ``now``, drop the ``removed`` ones, and record
        the scan as complete."""
        conn = self.conn
        with transaction(conn):
            for root in roots:
                conn.execute(
                    "UPDATE files SET last_seen = ? WHERE path = ? OR (path >= ? AND path < ?)",
                    (now, root, root.rstrip("/") + "/", root.rstrip("/") + "0"),
                )
            conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in removed])
            conn.execute(
                "UPDATE scans SET finished = ?, files_seen = ?, files_read = ?, errors = ? "
                "WHERE id = ?",
                (finished, files_seen, files_read, errors, scan_id),
            )

    # -------------------------------------------------------------------------------- reading

    @_translated
    def certificates(self, *, include_ca: bool = False) -> tuple[InventoryCertificate, ...]:
        """Certificates found in at least one file on the last scans (end-entity ones by
        default), with the files they are in."""
        paths: dict[str, list[str]] = {}
        last: dict[str, int] = {}
        for sha256, path, seen in self.conn.execute(
            "SELECT s.sha256, s.path, f.last_seen FROM sightings s JOIN files f ON f.path = s.path "
            "ORDER BY s.path"
        ):
            paths.setdefault(sha256, []).append(path)
            last[sha256] = max(last.get(sha256, 0), seen)
        rows = self.conn.execute(
            "SELECT sha256, subject_rfc4514, issuer_rfc4514, subject_der, issuer_der, cn, org, "
            "siren, serial_hex, not_before, not_after, is_ca, first_seen FROM certificates "
            + ("" if include_ca else "WHERE is_ca = 0 ")
            + "ORDER BY sha256"
        )
        out: list[InventoryCertificate] = []
        for row in rows:
            sha256 = row[0]
            if sha256 not in paths:
                continue
            out.append(
                InventoryCertificate(
                    sha256=sha256,
                    subject_rfc4514=row[1],
                    issuer_rfc4514=row[2],
                    subject_der=bytes(row[3]),
                    issuer_der=bytes(row[4]),
                    cn=row[5],
                    org=row[6],
                    siren=row[7],
                    serial_hex=row[8],
                    not_before=_utc(row[9]),
                    not_after=_utc(row[10]),
                    is_ca=bool(row[11]),
                    first_seen=_utc(row[12]),
                    last_seen=_utc(last[sha256]),
                    paths=tuple(paths[sha256]),
                )
            )
        return tuple(out)

    @_translated
    def scan_errors(self) -> tuple[StoredError, ...]:
        """Files whose last read failed, by path."""
        return tuple(
            StoredError(path, code, json.loads(params), _utc(first), _utc(last))
            for path, code, params, first, last in self.conn.execute(
                "SELECT path, code, params, first_seen, last_seen FROM scan_errors ORDER BY path"
            )
        )

    @_translated
    def last_scan(self) -> datetime | None:
        """When the last completed scan finished."""
        row = self.conn.execute("SELECT MAX(finished) FROM scans").fetchone()
        return None if row is None or row[0] is None else _utc(row[0])

    # ----------------------------------------------------------------------------- team marks

    @_translated
    def marks(self) -> Marks:
        """Acknowledgements and registrations (none in an inventory older than schema 2)."""
        if self.version < 2:
            return Marks()
        acks = {
            sha: Ack(sha, state, note, _utc(at), by)
            for sha, state, note, at, by in self.conn.execute(
                "SELECT sha256, state, note, acked_at, acked_by FROM acks"
            )
        }
        registrations = {
            sha: Registration(sha, _utc(on))
            for sha, on in self.conn.execute("SELECT sha256, registered_on FROM registrations")
        }
        return Marks(acks, registrations)

    @_translated
    def resolve(self, prefix: str) -> str:
        """The full fingerprint of the certificate ``prefix`` (≥ 8 hex digits) names."""
        text = prefix.strip().lower().replace(":", "")
        if len(text) < 8 or any(c not in "0123456789abcdef" for c in text):
            raise InputError("monitor.bad_fingerprint", value=prefix)
        rows = self.conn.execute(
            "SELECT sha256 FROM certificates WHERE sha256 >= ? AND sha256 < ? LIMIT 2",
            (text, text + "g"),
        ).fetchall()
        if not rows:
            raise InputError("monitor.unknown_certificate", value=prefix)
        if len(rows) > 1:
            raise InputError("monitor.ambiguous_certificate", value=prefix)
        return str(rows[0][0])

    @_translated
    def set_ack(self, ack: Ack | None, sha256: str) -> None:
        """Record ``ack`` for ``sha256``, or remove its acknowledgement when ``ack`` is None."""
        with transaction(self.conn):
            if ack is None:
                self.conn.execute("DELETE FROM acks WHERE sha256 = ?", (sha256,))
                return
            self.conn.execute(
                "INSERT INTO acks (sha256, state, note, acked_at, acked_by) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(sha256) DO UPDATE SET state = excluded.state, note = excluded.note, "
                "acked_at = excluded.acked_at, acked_by = excluded.acked_by",
                (sha256, ack.state, ack.note, int(ack.at.timestamp()), ack.by),
            )

    @_translated
    def set_registration(self, registration: Registration | None, sha256: str, now: int) -> None:
        """Record that ``sha256``'s DNs are registered (or remove the mark when None)."""
        with transaction(self.conn):
            if registration is None:
                self.conn.execute("DELETE FROM registrations WHERE sha256 = ?", (sha256,))
                return
            self.conn.execute(
                "INSERT INTO registrations (sha256, registered_on, recorded_at) VALUES (?, ?, ?) "
                "ON CONFLICT(sha256) DO UPDATE SET registered_on = excluded.registered_on, "
                "recorded_at = excluded.recorded_at",
                (sha256, int(registration.on.timestamp()), now),
            )

    # ------------------------------------------------------------------------------ notifying

    @_translated
    def notified_states(self, channel: str) -> dict[str, str]:
        """The last state reported on ``channel``, per certificate."""
        return dict(
            self.conn.execute(
                "SELECT sha256, state FROM notifications WHERE channel = ?", (channel,)
            ).fetchall()
        )

    @_translated
    def begin_delivery(self, channel: str, alert_ids: Iterable[str], at: int) -> set[str]:
        """Record, before sending, that the alerts ``alert_ids`` are being sent on ``channel``.

        Returns those whose earlier attempt was never acknowledged (a crash or a failure between
        sending and the receiver's answer): the receiver may already have them.
        """
        ids = list(alert_ids)
        with transaction(self.conn):
            doubtful = {
                row[0]
                for row in self.conn.execute(
                    "SELECT alert_id FROM deliveries WHERE channel = ? AND acknowledged_at IS NULL "
                    "AND alert_id IN (SELECT value FROM json_each(?))",
                    (channel, json.dumps(ids)),
                )
            }
            self.conn.executemany(
                "INSERT INTO deliveries (channel, alert_id, attempted_at) VALUES (?, ?, ?) "
                "ON CONFLICT(channel, alert_id) DO UPDATE SET "
                "attempted_at = excluded.attempted_at, acknowledged_at = NULL",
                [(channel, alert_id, at) for alert_id in ids],
            )
        return doubtful

    @_translated
    def cancel_delivery(self, channel: str, alert_ids: Iterable[str]) -> None:
        """Forget unacknowledged attempts of ``alert_ids`` the receiver certainly never got."""
        with transaction(self.conn):
            self.conn.executemany(
                "DELETE FROM deliveries WHERE channel = ? AND alert_id = ? "
                "AND acknowledged_at IS NULL",
                [(channel, alert_id) for alert_id in alert_ids],
            )

    @_translated
    def acknowledge_delivery(
        self,
        channel: str,
        alert_ids: Iterable[str],
        states: Sequence[tuple[str, str]],
        at: int,
    ) -> None:
        """In one transaction: the receiver acknowledged ``alert_ids``, and ``states`` (sha256,
        state) are what ``channel`` now knows."""
        with transaction(self.conn):
            self.conn.executemany(
                "UPDATE deliveries SET acknowledged_at = ? WHERE channel = ? AND alert_id = ?",
                [(at, channel, alert_id) for alert_id in alert_ids],
            )
            self._record_states(channel, states, at)

    @_translated
    def record_states(self, channel: str, states: Sequence[tuple[str, str]], at: int) -> None:
        """Remember ``states`` (sha256, state) as what ``channel`` knows (silent lowering)."""
        with transaction(self.conn):
            self._record_states(channel, states, at)

    def _record_states(self, channel: str, states: Sequence[tuple[str, str]], at: int) -> None:
        self.conn.executemany(
            "INSERT INTO notifications (sha256, channel, state, sent_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(sha256, channel) DO UPDATE SET state = excluded.state, "
            "sent_at = excluded.sent_at",
            [(sha256, channel, state, at) for sha256, state in states],
        )


def open_store(path: Path, *, create: bool = False, readonly: bool = False) -> Store:
    """Open the inventory at ``path``: ``create`` for scans (creates and migrates), ``readonly``
    for commands that only read it (work on a read-only file or folder too)."""
    store = Store(open_db(path, create=create, readonly=readonly), path)
    if not readonly and store.version < SCHEMA_VERSION:  # pragma: no cover - migrated by open_db
        raise InputError("monitor.db_unreadable", path=str(path), reason="schema not migrated")
    return store


__all__ = [
    "Ack",
    "CertificateRow",
    "FileState",
    "Marks",
    "Registration",
    "ScanBatch",
    "Store",
    "open_store",
]
