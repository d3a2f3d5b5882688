"""The one interface between the monitor and its database, on SQLite or PostgreSQL.

Everything the monitor reads or writes goes through a :class:`Store`: the scan hands it batches of
rows, ``status``/``check``/``export`` read certificates and errors back, team marks (acks,
registrations) and notification records live behind it, ``monitor migrate`` copies one inventory
into another with it. Its SQL is written once, in the dialect both back ends share; a
:class:`~certkit.monitor.backend.Backend` runs it (:mod:`certkit.monitor.db` for SQLite,
:mod:`certkit.monitor.postgres` for PostgreSQL). No SQL exists outside these modules and the
schema (:mod:`certkit.monitor.schema`).

Files are keyed by host label and path: one inventory holds the files of several hosts, while
certificates, acknowledgements, registrations and delivery records are shared by all of them.

Every driver error leaving a method becomes an :class:`~certkit.errors.InputError` that says what
to do (full disk, read-only file, server unreachable, connection lost, role not allowed).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from certkit.errors import InputError
from certkit.monitor.backend import (
    Backend,
    Insert,
    Target,
    default_host_label,
    open_backend,
    parse_target,
)
from certkit.monitor.inventory import HostSummary, InventoryCertificate, Location, StoredError
from certkit.monitor.schema import SCHEMA_VERSION, current_version

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
    """The rows of up to a few hundred scanned files of one host, written in one transaction.

    ``files``: (host, path, size, mtime_ns, inode, kind, format, first_seen, last_seen);
    ``sightings``: (host, path, sha256, position, first_seen); ``stale_sightings``: (path, the
    fingerprints the file still holds); ``errors``: (host, path, code, JSON params, first, last);
    ``cleared_errors``: (host, path) of files read without error this time.
    """

    host: str = ""
    files: list[tuple[Any, ...]] = field(default_factory=list)
    certificates: list[CertificateRow] = field(default_factory=list)
    sightings: list[tuple[Any, ...]] = field(default_factory=list)
    stale_sightings: list[tuple[str, list[str]]] = field(default_factory=list)
    errors: list[tuple[Any, ...]] = field(default_factory=list)
    cleared_errors: list[tuple[str, str]] = field(default_factory=list)
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
    """The team's marks on certificates, by SHA-256."""

    acks: dict[str, Ack] = field(default_factory=dict)
    registrations: dict[str, Registration] = field(default_factory=dict)


class InventoryDump(NamedTuple):
    """Every row of an inventory, as :meth:`Store.dump` reads it for ``monitor migrate``."""

    certificates: list[CertificateRow]
    files: list[tuple[Any, ...]]
    sightings: list[tuple[Any, ...]]
    scan_errors: list[tuple[Any, ...]]
    scans: list[tuple[Any, ...]]  # (host, started, finished, roots, files_seen, read, errors)
    acks: list[tuple[Any, ...]]
    registrations: list[tuple[Any, ...]]
    notifications: list[tuple[Any, ...]]
    deliveries: list[tuple[Any, ...]]

    @property
    def hosts(self) -> list[str]:
        return sorted({row[0] for row in self.files} | {row[0] for row in self.scans})

    def relabel(self, host: str) -> None:
        """Attribute every file, error and scan to ``host``."""
        for rows in (self.files, self.sightings, self.scan_errors, self.scans):
            rows[:] = [(host, *row[1:]) for row in rows]


class MergeResult(NamedTuple):
    """What :meth:`Store.merge` added: certificates new to the target (and those it had), files
    copied (and those it already had as recent), scans, and marks or records changed."""

    certificates_new: int
    certificates_present: int
    files_copied: int
    files_present: int
    scans_copied: int
    marks_changed: int
    records_changed: int


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _translated(
    method: Callable[Concatenate[Store, P], R],
) -> Callable[Concatenate[Store, P], R]:
    """Turn the driver errors of a :class:`Store` method into an InputError saying what to do."""

    @functools.wraps(method)
    def wrapper(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(store, *args, **kwargs)
        except Exception as exc:
            if isinstance(exc, store.db.errors):
                raise store.db.translate(exc) from None
            raise

    return wrapper


_CERTIFICATE_COLUMNS = (
    "sha256, subject_rfc4514, issuer_rfc4514, subject_der, issuer_der, cn, org, siren, "
    "serial_hex, not_before, not_after, is_ca, first_seen"
)
_CERTIFICATES = Insert("certificates", _CERTIFICATE_COLUMNS, "ON CONFLICT (sha256) DO NOTHING")
_FILE_COLUMNS = "host, path, size, mtime_ns, inode, kind, format, first_seen, last_seen"
_FILE_UPDATE = (
    "ON CONFLICT (host, path) DO UPDATE SET size = excluded.size, "
    "mtime_ns = excluded.mtime_ns, inode = excluded.inode, kind = excluded.kind, "
    "format = excluded.format, last_seen = excluded.last_seen"
)
_FILES = Insert("files", _FILE_COLUMNS, _FILE_UPDATE)
_SIGHTINGS = Insert(
    "sightings",
    "host, path, sha256, position, first_seen",
    "ON CONFLICT (host, path, sha256) DO UPDATE SET position = excluded.position",
)
_ERRORS = Insert(
    "scan_errors",
    "host, path, code, params, first_seen, last_seen",
    "ON CONFLICT (host, path) DO UPDATE SET code = excluded.code, params = excluded.params, "
    "last_seen = excluded.last_seen",
)
_SCAN_COLUMNS = "host, started, finished, roots, files_seen, files_read, errors"
# What ``monitor migrate`` merges: a file when newer (its first sighting kept), marks and
# records when more recent than the ones here.
_MERGE_FILES = Insert(
    "files",
    _FILE_COLUMNS,
    _FILE_UPDATE + ", first_seen = CASE WHEN excluded.first_seen < files.first_seen "
    "THEN excluded.first_seen ELSE files.first_seen END",
)
_MERGE_ACKS = Insert(
    "acks",
    "sha256, state, note, acked_at, acked_by",
    "ON CONFLICT (sha256) DO UPDATE SET state = excluded.state, note = excluded.note, "
    "acked_at = excluded.acked_at, acked_by = excluded.acked_by "
    "WHERE acks.acked_at < excluded.acked_at",
)
_MERGE_REGISTRATIONS = Insert(
    "registrations",
    "sha256, registered_on, recorded_at",
    "ON CONFLICT (sha256) DO UPDATE SET registered_on = excluded.registered_on, "
    "recorded_at = excluded.recorded_at WHERE registrations.recorded_at < excluded.recorded_at",
)
_MERGE_NOTIFICATIONS = Insert(
    "notifications",
    "sha256, channel, state, sent_at",
    "ON CONFLICT (sha256, channel) DO UPDATE SET state = excluded.state, "
    "sent_at = excluded.sent_at WHERE notifications.sent_at < excluded.sent_at",
)
_MERGE_DELIVERIES = Insert(
    "deliveries",
    "channel, alert_id, attempted_at, acknowledged_at",
    "ON CONFLICT (channel, alert_id) DO UPDATE SET attempted_at = excluded.attempted_at, "
    "acknowledged_at = excluded.acknowledged_at WHERE deliveries.acknowledged_at IS NULL "
    "AND (excluded.acknowledged_at IS NOT NULL OR deliveries.attempted_at < excluded.attempted_at)",
)


class Store:
    """The monitor's inventory. Open with :func:`open_store`; close with :meth:`close` (or use it
    as a context manager)."""

    def __init__(self, db: Backend) -> None:
        self.db = db
        self.target = db.target
        self.version = current_version(db)
        # What an inventory older than host labels (schema < 3, read as it is) calls its host.
        self.legacy_host = default_host_label()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def reading(self) -> AbstractContextManager[None]:
        """Reads inside this block see one consistent state of the inventory."""
        return _TranslatedContext(self, self.db.snapshot())

    # ------------------------------------------------------------------------------- scanning

    @_translated
    def begin_scan(self, started: int, roots: Sequence[str], host: str) -> int:
        """Record the start of a scan by ``host``; its id."""

        def insert() -> int:
            row = self.db.execute(
                "INSERT INTO scans (started, roots, host) VALUES (?, ?, ?) RETURNING id",
                (started, json.dumps(roots), host),
            ).fetchall()
            return int(row[0][0])

        return self.db.write(insert)

    @_translated
    def file_states(self, host: str) -> dict[str, FileState]:
        """Every file the inventory knows on ``host``, by path."""
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, inode, kind FROM files WHERE host = ?", (host,)
        )
        return {row[0]: FileState._make(row) for row in rows}

    @_translated
    def certificate_ids(self) -> set[str]:
        """The fingerprints of every certificate the inventory holds."""
        return {row[0] for row in self.db.execute("SELECT sha256 FROM certificates")}

    @_translated
    def write_batch(self, batch: ScanBatch) -> int:
        """Write ``batch`` in one transaction; returns how many of its certificates were new to
        the inventory at that moment (so concurrent scans, from this host or others, never both
        count one as new)."""
        if not batch.count:
            return 0
        db = self.db
        # One order for every writer: two transactions never wait for each other's rows in
        # opposite orders (a PostgreSQL deadlock), whatever order the files were walked in.
        batch.files.sort()
        batch.certificates.sort()
        batch.sightings.sort()

        def write() -> int:
            db.insert(_FILES, batch.files)
            new = db.insert(_CERTIFICATES, batch.certificates)
            if batch.stale_sightings:
                query, _ = db.values(())
                db.executemany(
                    "DELETE FROM sightings WHERE host = ? AND path = ? AND sha256 NOT IN "
                    f"({query})",
                    [
                        (batch.host, path, db.values(keep)[1])
                        for path, keep in batch.stale_sightings
                    ],
                )
            db.insert(_SIGHTINGS, batch.sightings)
            db.executemany(
                "DELETE FROM scan_errors WHERE host = ? AND path = ?", batch.cleared_errors
            )
            db.insert(_ERRORS, batch.errors)
            return new

        new = db.write(write)
        batch.clear()
        return new

    @_translated
    def finish_scan(
        self,
        scan_id: int,
        *,
        host: str,
        now: int,
        finished: int,
        roots: Sequence[str],
        removed: Sequence[str],
        files_seen: int,
        files_read: int,
        errors: int,
    ) -> None:
        """Mark ``host``'s files under ``roots`` as seen at ``now``, drop its ``removed`` ones,
        and record the scan as complete."""
        db = self.db

        def write() -> None:
            for root in roots:
                db.execute(
                    "UPDATE files SET last_seen = ? WHERE host = ? AND "
                    "(path = ? OR (path >= ? AND path < ?))",
                    (now, host, root, root.rstrip("/") + "/", root.rstrip("/") + "0"),
                )
            db.executemany(
                "DELETE FROM files WHERE host = ? AND path = ?", [(host, p) for p in removed]
            )
            db.execute(
                "UPDATE scans SET finished = ?, files_seen = ?, files_read = ?, errors = ? "
                "WHERE id = ?",
                (finished, files_seen, files_read, errors, scan_id),
            )

        db.write(write)

    # -------------------------------------------------------------------------------- reading

    def _host(self, alias: str = "") -> tuple[str, tuple[str, ...]]:
        """The host column (schema ≥ 3) or this machine's label as a parameter (older ones)."""
        if self.version >= 3:
            return f"{alias}host", ()
        return "?", (self.legacy_host,)

    @_translated
    def certificates(self, *, include_ca: bool = False) -> tuple[InventoryCertificate, ...]:
        """Certificates found in at least one file on the last scans (end-entity ones by
        default), with the files (host and path) they are in."""
        host, params = self._host("s.")
        sightings = self.db.execute(
            f"SELECT s.sha256, {host}, s.path, f.last_seen FROM sightings s JOIN files f ON "
            + ("f.host = s.host AND " if self.version >= 3 else "")
            + "f.path = s.path",
            params,
        ).fetchall()
        several = len({row[1] for row in sightings}) > 1
        sightings.sort(key=lambda row: (row[2], row[1]))
        where: dict[str, list[Location]] = {}
        last: dict[str, int] = {}
        for sha256, on, path, seen in sightings:
            where.setdefault(sha256, []).append(Location(on, path))
            last[sha256] = max(last.get(sha256, 0), seen)
        rows = self.db.execute(
            f"SELECT {_CERTIFICATE_COLUMNS} FROM certificates"
            + ("" if include_ca else " WHERE is_ca = 0")
        ).fetchall()
        rows.sort(key=lambda row: row[0])
        out: list[InventoryCertificate] = []
        for row in rows:
            sha256 = row[0]
            locations = where.get(sha256)
            if locations is None:
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
                    paths=tuple(loc.text(several) for loc in locations),
                    locations=tuple(locations),
                )
            )
        return tuple(out)

    @_translated
    def scan_errors(self) -> tuple[StoredError, ...]:
        """Files whose last read failed, by path."""
        host, params = self._host()
        rows = self.db.execute(
            f"SELECT {host}, path, code, params, first_seen, last_seen FROM scan_errors", params
        ).fetchall()
        rows.sort(key=lambda row: (row[1], row[0]))
        several = len({row[0] for row in rows} | set(self._hosts_with_files())) > 1
        return tuple(
            StoredError(
                path,
                code,
                json.loads(data),
                _utc(first),
                _utc(last),
                host=on,
                place=Location(on, path).text(several),
            )
            for on, path, code, data, first, last in rows
        )

    def _hosts_with_files(self) -> list[str]:
        host, params = self._host()
        return [row[0] for row in self.db.execute(f"SELECT DISTINCT {host} FROM files", params)]

    @_translated
    def last_scans(self) -> dict[str, datetime]:
        """When each host's last completed scan finished."""
        host, params = self._host()
        return {
            row[0]: _utc(row[1])
            for row in self.db.execute(
                f"SELECT {host}, MAX(finished) FROM scans WHERE finished IS NOT NULL "
                + ("GROUP BY host" if self.version >= 3 else ""),
                params,
            )
            if row[1] is not None
        }

    @_translated
    def hosts(self) -> tuple[HostSummary, ...]:
        """Every host that scanned into the inventory, with its counts."""
        host, params = self._host()
        group = " GROUP BY host" if self.version >= 3 else ""
        files = dict(self.db.execute(f"SELECT {host}, COUNT(*) FROM files{group}", params))
        errors = dict(self.db.execute(f"SELECT {host}, COUNT(*) FROM scan_errors{group}", params))
        certificates = dict(
            self.db.execute(f"SELECT {host}, COUNT(DISTINCT sha256) FROM sightings{group}", params)
        )
        scans = self.last_scans()
        names = sorted(set(files) | set(scans))
        return tuple(
            HostSummary(
                name,
                int(files.get(name, 0)),
                int(certificates.get(name, 0)),
                int(errors.get(name, 0)),
                scans.get(name),
            )
            for name in names
        )

    @_translated
    def remove_host(self, host: str) -> int:
        """Forget ``host``: its files, sightings, errors and scans (certificates and marks stay,
        shared with the other hosts). How many files it had."""
        db = self.db

        def write() -> int:
            row = db.execute("SELECT COUNT(*) FROM files WHERE host = ?", (host,)).fetchone()
            db.execute("DELETE FROM files WHERE host = ?", (host,))
            db.execute("DELETE FROM scans WHERE host = ?", (host,))
            return int(row[0])

        return db.write(write)

    # ----------------------------------------------------------------------------- team marks

    @_translated
    def marks(self) -> Marks:
        """Acknowledgements and registrations (none in an inventory older than schema 2)."""
        if self.version < 2:
            return Marks()
        acks = {
            sha: Ack(sha, state, note, _utc(at), by)
            for sha, state, note, at, by in self.db.execute(
                "SELECT sha256, state, note, acked_at, acked_by FROM acks"
            )
        }
        registrations = {
            sha: Registration(sha, _utc(on))
            for sha, on in self.db.execute("SELECT sha256, registered_on FROM registrations")
        }
        return Marks(acks, registrations)

    @_translated
    def resolve(self, prefix: str) -> str:
        """The full fingerprint of the certificate ``prefix`` (≥ 8 hex digits) names."""
        text = prefix.strip().lower().replace(":", "")
        if len(text) < 8 or any(c not in "0123456789abcdef" for c in text):
            raise InputError("monitor.bad_fingerprint", value=prefix)
        rows = self.db.execute(
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

        def write() -> None:
            if ack is None:
                self.db.execute("DELETE FROM acks WHERE sha256 = ?", (sha256,))
                return
            self.db.execute(
                "INSERT INTO acks (sha256, state, note, acked_at, acked_by) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET state = excluded.state, note = excluded.note, "
                "acked_at = excluded.acked_at, acked_by = excluded.acked_by",
                (sha256, ack.state, ack.note, int(ack.at.timestamp()), ack.by),
            )

        self.db.write(write)

    @_translated
    def set_registration(self, registration: Registration | None, sha256: str, now: int) -> None:
        """Record that ``sha256``'s DNs are registered (or remove the mark when None)."""

        def write() -> None:
            if registration is None:
                self.db.execute("DELETE FROM registrations WHERE sha256 = ?", (sha256,))
                return
            self.db.execute(
                "INSERT INTO registrations (sha256, registered_on, recorded_at) VALUES (?, ?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET registered_on = excluded.registered_on, "
                "recorded_at = excluded.recorded_at",
                (sha256, int(registration.on.timestamp()), now),
            )

        self.db.write(write)

    # ------------------------------------------------------------------------------ notifying

    def channel_lock(self, channel: str) -> AbstractContextManager[None]:
        """Held while this process sends ``channel``'s alerts (see :meth:`Backend.channel_lock`):
        two ``notify`` runs — on one host or several — send each alert once between them."""
        return _TranslatedContext(self, self.db.channel_lock(channel))

    @_translated
    def notified_states(self, channel: str) -> dict[str, str]:
        """The last state reported on ``channel``, per certificate."""
        return {
            sha256: state
            for sha256, state in self.db.execute(
                "SELECT sha256, state FROM notifications WHERE channel = ?", (channel,)
            )
        }

    @_translated
    def begin_delivery(self, channel: str, alert_ids: Iterable[str], at: int) -> set[str]:
        """Record, before sending, that the alerts ``alert_ids`` are being sent on ``channel``.

        Returns those whose earlier attempt was never acknowledged (a crash or a failure between
        sending and the receiver's answer): the receiver may already have them.
        """
        ids = list(alert_ids)
        db = self.db

        def write() -> set[str]:
            query, values = db.values(ids)
            doubtful = {
                row[0]
                for row in db.execute(
                    "SELECT alert_id FROM deliveries WHERE channel = ? AND acknowledged_at IS NULL "
                    f"AND alert_id IN ({query})",
                    (channel, values),
                )
            }
            db.executemany(
                "INSERT INTO deliveries (channel, alert_id, attempted_at) VALUES (?, ?, ?) "
                "ON CONFLICT (channel, alert_id) DO UPDATE SET "
                "attempted_at = excluded.attempted_at, acknowledged_at = NULL",
                [(channel, alert_id, at) for alert_id in ids],
            )
            return doubtful

        return db.write(write)

    @_translated
    def cancel_delivery(self, channel: str, alert_ids: Iterable[str]) -> None:
        """Forget unacknowledged attempts of ``alert_ids`` the receiver certainly never got."""
        rows = [(channel, alert_id) for alert_id in alert_ids]
        self.db.write(
            lambda: self.db.executemany(
                "DELETE FROM deliveries WHERE channel = ? AND alert_id = ? "
                "AND acknowledged_at IS NULL",
                rows,
            )
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
        rows = [(at, channel, alert_id) for alert_id in alert_ids]

        def write() -> None:
            self.db.executemany(
                "UPDATE deliveries SET acknowledged_at = ? WHERE channel = ? AND alert_id = ?",
                rows,
            )
            self._record_states(channel, states, at)

        self.db.write(write)

    @_translated
    def record_states(self, channel: str, states: Sequence[tuple[str, str]], at: int) -> None:
        """Remember ``states`` (sha256, state) as what ``channel`` knows (silent lowering)."""
        self.db.write(lambda: self._record_states(channel, states, at))

    def _record_states(self, channel: str, states: Sequence[tuple[str, str]], at: int) -> None:
        self.db.executemany(
            "INSERT INTO notifications (sha256, channel, state, sent_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (sha256, channel) DO UPDATE SET state = excluded.state, "
            "sent_at = excluded.sent_at",
            [(sha256, channel, state, at) for sha256, state in states],
        )

    # ------------------------------------------------------------------------ copying (migrate)

    @_translated
    def dump(self) -> InventoryDump:
        """Every row (an older schema read as it is: its files belong to :attr:`legacy_host`)."""
        db = self.db
        host, params = self._host()

        def rows(query: str, *args: Any) -> list[tuple[Any, ...]]:
            return [tuple(row) for row in db.execute(query, args)]

        with db.snapshot():
            certificates = [
                CertificateRow._make((*row[:3], bytes(row[3]), bytes(row[4]), *row[5:]))
                for row in rows(f"SELECT {_CERTIFICATE_COLUMNS} FROM certificates")
            ]
            marked = self.version >= 2
            out = InventoryDump(
                certificates,
                rows(
                    f"SELECT {host}, path, size, mtime_ns, inode, kind, format, first_seen, "
                    "last_seen FROM files",
                    *params,
                ),
                rows(f"SELECT {host}, path, sha256, position, first_seen FROM sightings", *params),
                rows(
                    f"SELECT {host}, path, code, params, first_seen, last_seen FROM scan_errors",
                    *params,
                ),
                rows(
                    f"SELECT {host}, started, finished, roots, files_seen, files_read, errors "
                    "FROM scans ORDER BY id",
                    *params,
                ),
                rows("SELECT sha256, state, note, acked_at, acked_by FROM acks") if marked else [],
                rows("SELECT sha256, registered_on, recorded_at FROM registrations")
                if marked
                else [],
                rows("SELECT sha256, channel, state, sent_at FROM notifications"),
                rows("SELECT channel, alert_id, attempted_at, acknowledged_at FROM deliveries")
                if marked
                else [],
            )
        return out

    @_translated
    def merge(self, dump: InventoryDump) -> MergeResult:
        """Copy ``dump`` in, in one transaction, without duplicating anything: certificates by
        fingerprint; a file (host, path) only when the copy saw it more recently than this
        inventory did (and, if this inventory lacks it, when no later scan here of that host and
        folder found it gone), with its sightings and error; a scan once; an acknowledgement,
        registration or delivery record when it is more recent than the one here. Running it
        again copies nothing."""
        db = self.db

        def write() -> MergeResult:
            known = {row[0] for row in db.execute("SELECT sha256 FROM certificates")}
            new = db.insert(_CERTIFICATES, sorted(dump.certificates))
            query, values = db.values(dump.hosts)  # hosts with files or scans only
            here = {
                (row[0], row[1]): int(row[2])
                for row in db.execute(
                    f"SELECT host, path, last_seen FROM files WHERE host IN ({query})", (values,)
                )
            }
            # Complete scans this inventory has of those hosts: a file they no longer found after
            # the copy last saw it was removed since, and must not come back.
            later: dict[str, list[tuple[int, list[str]]]] = {}
            for on, finished, roots in db.execute(
                f"SELECT host, finished, roots FROM scans WHERE host IN ({query}) "
                "AND finished IS NOT NULL",
                (values,),
            ):
                later.setdefault(on, []).append((int(finished), json.loads(roots)))

            def newer(row: tuple[Any, ...]) -> bool:
                host, path, last_seen = row[0], row[1], int(row[8])
                if (host, path) in here:
                    return here[(host, path)] < last_seen
                return not any(
                    finished >= last_seen and any(under(path, root) for root in roots)
                    for finished, roots in later.get(host, ())
                )

            copied = sorted(row for row in dump.files if newer(row))
            chosen = {(row[0], row[1]) for row in copied}
            db.insert(_MERGE_FILES, copied)
            replaced = [(row[0], row[1]) for row in copied if (row[0], row[1]) in here]
            db.executemany("DELETE FROM sightings WHERE host = ? AND path = ?", replaced)
            db.executemany("DELETE FROM scan_errors WHERE host = ? AND path = ?", replaced)
            db.insert(_SIGHTINGS, sorted(r for r in dump.sightings if (r[0], r[1]) in chosen))
            db.insert(_ERRORS, [r for r in dump.scan_errors if (r[0], r[1]) in chosen])
            scans_here = {
                (row[0], int(row[1]), row[2])
                for row in db.execute(
                    f"SELECT host, started, roots FROM scans WHERE host IN ({query})", (values,)
                )
            }
            scans = [row for row in dump.scans if (row[0], int(row[1]), row[3]) not in scans_here]
            db.executemany(
                f"INSERT INTO scans ({_SCAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", scans
            )
            marks = db.insert(_MERGE_ACKS, dump.acks)
            marks += db.insert(_MERGE_REGISTRATIONS, dump.registrations)
            records = db.insert(_MERGE_NOTIFICATIONS, dump.notifications)
            records += db.insert(_MERGE_DELIVERIES, dump.deliveries)
            present = len({row.sha256 for row in dump.certificates} & known)
            return MergeResult(
                new, present, len(copied), len(dump.files) - len(copied), len(scans), marks, records
            )

        return db.write(write)


def under(path: str, root: str) -> bool:
    """``path`` is ``root`` or inside it."""
    return path == root or path.startswith(root.rstrip("/") + "/")


class _TranslatedContext(AbstractContextManager[None]):
    """A back end's context manager whose driver errors become InputErrors."""

    def __init__(self, store: Store, inner: AbstractContextManager[None]) -> None:
        self.store = store
        self.inner = inner

    def __enter__(self) -> None:
        try:
            self.inner.__enter__()
        except Exception as exc:
            if isinstance(exc, self.store.db.errors):
                raise self.store.db.translate(exc) from None
            raise

    def __exit__(self, *exc: Any) -> bool | None:
        return self.inner.__exit__(*exc)


def open_store(
    target: Target | Path | str | None,
    *,
    create: bool = False,
    readonly: bool = False,
    host: str | None = None,
) -> Store:
    """Open the inventory ``target`` (a :class:`Target`, a SQLite path or a PostgreSQL URL):
    ``create`` for scans (creates and migrates), ``readonly`` for commands that only read (an
    older schema is read as it is; on SQLite a read-only file or folder is read too). ``host``
    is the label an upgrade attributes an older inventory's files to (default: the host name)."""
    if not isinstance(target, Target):
        target = parse_target(target)
    store = Store(open_backend(target, create=create, readonly=readonly, host=host))
    if not readonly and store.version < SCHEMA_VERSION:  # pragma: no cover - migrated on open
        store.close()
        raise InputError(
            "monitor.db_unreadable",
            path=target.label,
            reason_code="files.reason.schema_not_migrated",
        )
    return store


__all__ = [
    "Ack",
    "CertificateRow",
    "FileState",
    "InventoryDump",
    "Marks",
    "MergeResult",
    "Registration",
    "ScanBatch",
    "Store",
    "open_store",
]
