"""Reading the inventory back: certificates currently seen in files, and the last scan errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3


@dataclass(frozen=True, slots=True)
class InventoryCertificate:
    """One certificate of the inventory, with the files it is currently found in."""

    sha256: str
    subject_rfc4514: str
    issuer_rfc4514: str
    subject_der: bytes
    issuer_der: bytes
    cn: str | None
    org: str | None
    siren: str | None
    serial_hex: str
    not_before: datetime
    not_after: datetime
    is_ca: bool
    first_seen: datetime
    last_seen: datetime
    paths: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class StoredError:
    """A file that could not be read on its last scan."""

    path: str
    code: str
    params: dict[str, Any]
    first_seen: datetime
    last_seen: datetime

    def message(self, lang: str | None = None) -> str:
        from certkit.i18n import t

        return t(self.code, lang, **self.params)


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def load_certificates(
    conn: sqlite3.Connection, *, include_ca: bool = False
) -> tuple[InventoryCertificate, ...]:
    """Certificates found in at least one file on the last scans (end-entity ones by default)."""
    paths: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    for sha256, path, seen in conn.execute(
        "SELECT s.sha256, s.path, f.last_seen FROM sightings s JOIN files f ON f.path = s.path "
        "ORDER BY s.path"
    ):
        paths.setdefault(sha256, []).append(path)
        last[sha256] = max(last.get(sha256, 0), seen)
    rows = conn.execute(
        "SELECT sha256, subject_rfc4514, issuer_rfc4514, subject_der, issuer_der, cn, org, siren, "
        "serial_hex, not_before, not_after, is_ca, first_seen FROM certificates "
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


def load_errors(conn: sqlite3.Connection) -> tuple[StoredError, ...]:
    """Files whose last read failed, by path."""
    return tuple(
        StoredError(path, code, json.loads(params), _utc(first), _utc(last))
        for path, code, params, first, last in conn.execute(
            "SELECT path, code, params, first_seen, last_seen FROM scan_errors ORDER BY path"
        )
    )


def last_scan(conn: sqlite3.Connection) -> datetime | None:
    """When the last completed scan finished."""
    row = conn.execute("SELECT MAX(finished) FROM scans").fetchone()
    return None if row is None or row[0] is None else _utc(row[0])
