"""The CA index: one JSON line per issuance or revocation, append-only (``DIR/index.jsonl``).

An issuance is recorded *before* any file of the certificate appears, so a certificate that exists
anywhere is known to revocation, the CRL and OCSP, even when its files were never written or the
process was killed right after signing. Each line is one ``write()`` on an ``O_APPEND`` descriptor
(whole lines, also between processes). A line cut short (power loss, a full disk) is ignored when
read — its certificate's files were never written: the next writer ends it and adds a
``{"event":"repaired"}`` line saying so, and it is the only damage tolerated.

Lines::

    {"event":"issue","serial":"<hex>","profile":"<name>","cert":"<base64 DER>"}
    {"event":"revoke","serial":"<hex>","at":"<ISO 8601>","reason":"<reason>"}
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from certkit.errors import InputError
from certkit.testca.issuance import name_texts


def _iso(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class IssuedRecord:
    """One certificate in the CA index, and whether it was revoked."""

    serial: int
    subject: str
    profile: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str
    revoked: bool = False
    revoked_at: dt.datetime | None = None
    reason: str | None = None
    certificate: x509.Certificate | None = field(default=None, compare=False, repr=False)

    @property
    def serial_hex(self) -> str:
        return format(self.serial, "x")

    def to_json(self) -> dict[str, Any]:
        return {
            "serial": self.serial_hex,
            "subject": self.subject,
            "profile": self.profile,
            "not_before": _iso(self.not_before),
            "not_after": _iso(self.not_after),
            "sha256": self.sha256,
            "revoked": self.revoked,
            "revoked_at": _iso(self.revoked_at) if self.revoked_at else None,
            "reason": self.reason,
        }


_REPAIRED = b'\n{"event":"repaired"}\n'


class Index:
    """The index file of one CA: appends issuances and revocations, reads them back (cached on
    the file's size and modification time, so a revocation by another process is seen)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._stamp: tuple[int, int] | None = None
        self._records: dict[int, IssuedRecord] = {}
        # One CA object may answer OCSP from a thread while the test issues: I/O is serialised.
        self._lock = threading.RLock()

    # ---- writing ----------------------------------------------------------------------------

    def _open(self) -> int:
        if self._fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                os.write(fd, _REPAIRED)  # a line cut short by a crash: close it, say so
            self._fd = fd
        return self._fd

    def _write(self, line: bytes, *, sync: bool = False) -> None:
        with self._lock:
            fd = self._open()
            os.write(fd, line)
            if sync:  # the record reaches the disk before any file of the certificate exists
                os.fdatasync(fd)

    def add_issue(self, cert: x509.Certificate, profile: str, *, sync: bool = False) -> None:
        """Record an issuance (the certificate itself: :meth:`records` reads it back)."""
        der = cert.public_bytes(serialization.Encoding.DER)
        line = (
            f'{{"event":"issue","serial":"{cert.serial_number:x}",'
            f'"profile":{json.dumps(profile)},"cert":"{base64.b64encode(der).decode()}"}}\n'
        )
        self._write(line.encode(), sync=sync)

    def add_revocation(self, serial: int, at: dt.datetime, reason: str) -> None:
        entry = {"event": "revoke", "serial": format(serial, "x"), "at": at.isoformat()}
        entry["reason"] = reason
        self._write((json.dumps(entry, separators=(",", ":")) + "\n").encode(), sync=True)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    # ---- reading ----------------------------------------------------------------------------

    def records(self) -> dict[int, IssuedRecord]:
        """Every recorded certificate by serial, oldest first, with its revocation state."""
        with self._lock:
            try:
                info = self.path.stat()
            except FileNotFoundError:
                return {}
            stamp = (info.st_mtime_ns, info.st_size)
            if stamp != self._stamp:
                self._records = self._parse(self.path.read_bytes())
                self._stamp = stamp
            return self._records

    def _parse(self, data: bytes) -> dict[int, IssuedRecord]:
        records: dict[int, IssuedRecord] = {}
        lines = data.split(b"\n")
        complete = len(lines) - 1  # what follows the last newline was never finished
        repaired = {i for i, raw in enumerate(lines, 1) if raw == _REPAIRED.strip()}
        for number, raw in enumerate(lines, 1):
            if not raw.strip() or number in repaired:
                continue
            try:
                entry = json.loads(raw)
                serial = int(entry["serial"], 16)
                if entry["event"] == "issue":
                    cert = x509.load_der_x509_certificate(base64.b64decode(entry["cert"]))
                    records[serial] = IssuedRecord(
                        serial=serial,
                        subject=name_texts(cert)[0],
                        profile=entry["profile"],
                        not_before=cert.not_valid_before_utc,
                        not_after=cert.not_valid_after_utc,
                        sha256=cert.fingerprint(hashes.SHA256()).hex(),
                        certificate=cert,
                    )
                elif entry["event"] == "revoke" and serial in records:
                    records[serial] = replace(
                        records[serial],
                        revoked=True,
                        revoked_at=dt.datetime.fromisoformat(entry["at"]),
                        reason=entry["reason"],
                    )
            except (ValueError, KeyError, TypeError) as exc:
                if number > complete or number + 1 in repaired:
                    continue  # a torn line: its writer died while writing it
                raise InputError(
                    "testca.index_invalid", path=str(self.path), line=number, reason=str(exc)
                ) from None
        return records
