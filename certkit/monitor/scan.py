"""Scan files and folders for certificates and record them in the inventory.

A file is recognised by its content (:func:`certkit.sources.sniff`), never by its name, and read
with :func:`certkit.sources.load_bytes` (PEM, DER, PKCS#7, PKCS#12). A file whose size, mtime and
inode are unchanged since the last scan is not opened at all. Files are written to the database in
batches, one transaction per batch: a scan killed half-way leaves every finished batch recorded and
nothing half-written, and the next scan carries on with the files it had not reached.

One file never stops a scan: whatever goes wrong while reading it — even a certkit bug — becomes
that file's scan error (``monitor.internal_read_error`` for a bug, so the exit status can say so)
and the rest of the tree is read. (This per-file isolation is small on purpose: it is meant to
move into the shared batch engine.)
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from certkit.errors import InputError, os_reason
from certkit.files import regular_files
from certkit.monitor.store import CertificateRow, ScanBatch, Store, under

if TYPE_CHECKING:
    from cryptography import x509

# Files larger than this are not certificate files (a 10,000-certificate PEM bundle is ~15 MiB).
MAX_SCAN_BYTES = 32 * 1024 * 1024
BATCH_FILES = 500

# Loader codes that mean "this is not a certificate file" (a key, a CSR, a CRL): not an error.
NOT_CERTIFICATE_CODES = frozenset(
    {
        "sources.not_certificate",
        "sources.key_only",
        "sources.csr_only",
        "sources.crl_only",
        "sources.unsupported_pem",
        "sources.empty",
    }
)


INTERNAL_ERROR = "monitor.internal_read_error"
WORKER_DIED = "monitor.worker_died"


@dataclass(frozen=True, slots=True)
class ScanError:
    """A file that looks like a certificate container but could not be read."""

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def internal(self) -> bool:
        """A certkit bug met while reading this file (exit 3), not a bad file (exit 1)."""
        return self.code in (INTERNAL_ERROR, WORKER_DIED)

    def message(self, lang: str | None = None) -> str:
        from certkit.i18n import t

        return t(self.code, lang, **self.params)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What one scan saw and did."""

    files_seen: int
    files_read: int
    files_unchanged: int
    certificates_found: int
    new_certificates: int
    files_removed: int
    errors: tuple[ScanError, ...]
    files_excluded: int = 0

    @property
    def exit_code(self) -> int:
        """3 when a file met a certkit bug, 1 when some files could not be read, else 0."""
        if any(e.internal for e in self.errors):
            return 3
        return 1 if self.errors else 0


@dataclass(frozen=True, slots=True)
class PasswordMap:
    """Which password file unlocks which file: first matching glob pattern wins.

    ``rules`` holds (absolute glob pattern, password file); ``default`` applies when no rule
    matches (``--password-file``).
    """

    rules: tuple[tuple[str, Path], ...] = ()
    default: Path | None = None

    def password_file_for(self, path: str) -> Path | None:
        for pattern, password_file in self.rules:
            if fnmatch.fnmatchcase(path, pattern):
                return password_file
        return self.default


def load_password_map(passwords: Path | None, default: Path | None) -> PasswordMap:
    """Read a passwords file (TOML: ``"glob pattern" = "password file"`` per line).

    Relative patterns and relative password files are taken relative to the passwords file's own
    folder; ``*`` matches across folders (``"clients/*.p12"`` covers ``clients/a/b.p12``).
    """
    if passwords is None:
        return PasswordMap((), default)
    import tomllib

    from certkit.sources import read_source

    try:  # a missing or unreadable file is reported as every input file is; "-": stdin
        text = read_source(passwords).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "monitor.passwords_unreadable", path=str(passwords), reason=str(exc)
        ) from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            "monitor.passwords_invalid", path=str(passwords), reason=str(exc)
        ) from None
    base = passwords.resolve().parent
    rules: list[tuple[str, Path]] = []
    for pattern, target in table.items():
        if not isinstance(target, str):
            raise InputError(
                "monitor.passwords_invalid",
                path=str(passwords),
                reason=f"{pattern!r} must map to a file name",
            )
        absolute = pattern if os.path.isabs(pattern) else os.path.join(base, pattern)
        rules.append((os.path.normpath(absolute), base / target))
    return PasswordMap(tuple(rules), default)


def _read_password(path: str, passwords: PasswordMap) -> bytes:
    password_file = passwords.password_file_for(path)
    if password_file is None:
        raise InputError("monitor.password_unknown", path=path)
    try:
        data = password_file.read_bytes()
    except OSError as exc:
        raise InputError(
            "monitor.passwords_unreadable", path=str(password_file), reason=os_reason(exc)
        ) from None
    return data.splitlines()[0] if data.strip() else b""


# --------------------------------------------------------------------------------------------------
# Walking


class _Entry(NamedTuple):
    path: str
    size: int
    mtime_ns: int
    inode: int


@dataclass(frozen=True, slots=True)
class Exclusions:
    """``--exclude GLOB`` patterns. A pattern without ``/`` is matched against each file or
    folder name (``archive``, ``*.bak``); one with ``/`` against the path relative to the scan
    root and the absolute path (``clients/old/*``, ``/srv/syndics/*/tmp``). An excluded folder is
    not walked at all."""

    patterns: tuple[str, ...] = ()

    def matches(self, path: str, root: str) -> bool:
        name = os.path.basename(path)
        relative = os.path.relpath(path, root) if path != root else name
        for pattern in self.patterns:
            if "/" not in pattern.strip("/"):
                if fnmatch.fnmatchcase(name, pattern.strip("/")):
                    return True
            elif fnmatch.fnmatchcase(relative, pattern.strip("/")) or fnmatch.fnmatchcase(
                path, pattern.rstrip("/")
            ):
                return True
        return False


def _walk(root: str, exclusions: Exclusions, excluded: list[str]) -> Iterator[_Entry]:
    """Regular files under ``root`` with what a rescan compares (size, mtime, inode)."""

    def skip(entry: os.DirEntry[str]) -> bool:
        if exclusions.matches(entry.path, root):
            excluded.append(entry.path)
            return True
        return False

    for entry in regular_files(root, skip if exclusions.patterns else None):
        try:
            st = entry.stat()
        except OSError:
            continue
        yield _Entry(entry.path, st.st_size, st.st_mtime_ns, st.st_ino)


class Collected(NamedTuple):
    roots: list[str]  # absolute
    entries: list[_Entry]
    excluded: list[str]  # files and folders left out by --exclude


def collect(roots: Sequence[Path], exclusions: Exclusions = Exclusions()) -> Collected:
    """Absolute roots and every regular file under them; a missing root is an InputError."""
    absolute: list[str] = []
    entries: list[_Entry] = []
    excluded: list[str] = []
    seen: set[str] = set()
    for root in roots:
        path = os.path.abspath(root)
        try:
            st = os.stat(path)
        except OSError:
            raise InputError("monitor.path_missing", path=str(root)) from None
        absolute.append(path)
        found: Iterator[_Entry]
        if stat.S_ISDIR(st.st_mode):
            found = _walk(path, exclusions, excluded)
        elif stat.S_ISREG(st.st_mode):
            found = iter([_Entry(path, st.st_size, st.st_mtime_ns, st.st_ino)])
        else:
            continue
        for entry in found:
            if entry.path not in seen:
                seen.add(entry.path)
                entries.append(entry)
    return Collected(absolute, entries, excluded)


# --------------------------------------------------------------------------------------------------
# Reading one file


def _credible_der(data: bytes) -> bool:
    """A DER element that spans the whole file (trailing whitespace allowed): filters out text
    files that merely start with '0' (0x30, the SEQUENCE tag)."""
    if len(data) < 4 or data[0] != 0x30:
        return False
    length = data[1]
    pos = 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or len(data) < pos + count:
            return False
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    end = pos + length
    return end <= len(data) and not data[end:].strip()


@dataclass(frozen=True, slots=True)
class _Outcome:
    kind: str  # certificates | other | error
    format: str | None = None
    # (SHA-256, DER, parsed certificate or None when the inventory already knows it)
    items: tuple[tuple[str, bytes, x509.Certificate | None], ...] = ()
    error: ScanError | None = None


_BEGIN = b"-----BEGIN CERTIFICATE-----"
_END = b"-----END CERTIFICATE-----"


def _plain_pem(data: bytes) -> list[bytes] | None:
    """The DER of each block when ``data`` holds only well-formed CERTIFICATE blocks, else None
    (anything else — keys, PKCS#7, headers, damage — goes through :func:`load_bytes`)."""
    count = data.count(_BEGIN)
    if not count or data.count(b"-----BEGIN ") != count or data.count(b"-----END ") != count:
        return None
    ders: list[bytes] = []
    pos = 0
    for _ in range(count):
        start = data.find(_BEGIN, pos) + len(_BEGIN)
        stop = data.find(_END, start)
        if stop < 0:
            return None
        body = data[start:stop]
        if b"-" in body or b":" in body:
            return None
        try:
            ders.append(base64.b64decode(b"".join(body.split()), validate=True))
        except (binascii.Error, ValueError):
            return None
        pos = stop + len(_END)
    return ders


def _fast_items(
    ders: list[bytes], known: set[str]
) -> tuple[tuple[str, bytes, x509.Certificate | None], ...] | None:
    from cryptography import x509 as x

    items: list[tuple[str, bytes, x509.Certificate | None]] = []
    for der in ders:
        sha256 = hashlib.sha256(der).hexdigest()
        cert = None
        if sha256 not in known:
            try:
                cert = x.load_der_x509_certificate(der)
            except ValueError:
                return None
        items.append((sha256, der, cert))
    return tuple(items)


def read_file(path: str, size: int, passwords: PasswordMap, known: set[str]) -> _Outcome:
    """What ``path`` holds, without raising: certificates, nothing of interest, or an error.

    Certificates whose fingerprint is in ``known`` are not parsed (the inventory has them).
    """
    if size > MAX_SCAN_BYTES or size == 0:
        return _Outcome("other")
    try:
        with open(path, "rb") as handle:
            # read(n) would allocate n bytes up front: ask for what the file holds (+1 to see
            # growth), the size was bounded above.
            data = handle.read(size + 1)
            if len(data) > size:  # it grew since stat(): take all of it
                data += handle.read(MAX_SCAN_BYTES)
    except OSError as exc:
        reason = os_reason(exc)
        return _Outcome("error", error=ScanError(path, "monitor.read_failed", {"reason": reason}))
    if len(data) > MAX_SCAN_BYTES:
        return _Outcome("other")
    from certkit.sources import ContainerFormat, load_bytes, sniff

    kind = sniff(data)
    if kind is None or (kind is not ContainerFormat.PEM and not _credible_der(data)):
        return _Outcome("other")
    if kind is ContainerFormat.PEM:
        ders = _plain_pem(data)
        items = _fast_items(ders, known) if ders is not None else None
        if items is not None:
            return _Outcome("certificates", ContainerFormat.PEM.value, items)
    try:
        bundle = load_bytes(data, source=path, password=lambda p: _read_password(p, passwords))
    except InputError as exc:
        if exc.code in NOT_CERTIFICATE_CODES:
            return _Outcome("other")
        code = "monitor.password_unknown" if exc.code == "sources.password_needed" else exc.code
        params = {k: v for k, v in exc.params.items() if k != "path"}
        params["path"] = path
        return _Outcome("error", format=kind.value, error=ScanError(path, code, params))
    from cryptography.hazmat.primitives.serialization import Encoding

    loaded = []
    for cert in bundle.certificates:
        der = cert.public_bytes(Encoding.DER)
        loaded.append((hashlib.sha256(der).hexdigest(), der, cert))
    return _Outcome("certificates", bundle.format.value, tuple(loaded))


# --------------------------------------------------------------------------------------------------
# What we store about a certificate


_BASIC_CONSTRAINTS_OID = b"\x06\x03\x55\x1d\x13"


def _is_ca(cert: x509.Certificate, der: bytes) -> bool:
    """basicConstraints cA, read from the DER (cryptography builds every extension object on
    first access, ~100 µs); anything unusual is left to cryptography."""
    from certkit.der import DerError, header

    index = der.find(_BASIC_CONSTRAINTS_OID)
    if index < 0:
        return False
    try:
        end = len(der)
        tag, start, stop = header(der, index + len(_BASIC_CONSTRAINTS_OID), end)
        if tag == 0x01:  # critical flag
            tag, start, stop = header(der, stop, end)
        if tag != 0x04 or der.find(_BASIC_CONSTRAINTS_OID, stop) >= 0:
            raise DerError("unexpected basicConstraints layout")
        tag, start, stop = header(der, start, stop)
        if tag != 0x30:
            raise DerError("basicConstraints is not a SEQUENCE")
        if start == stop:
            return False
        tag, start, first_stop = header(der, start, stop)
        return tag == 0x01 and der[start:first_stop] != b"\x00"
    except DerError:
        from cryptography import x509 as x

        try:
            return bool(cert.extensions.get_extension_for_class(x.BasicConstraints).value.ca)
        except (x.ExtensionNotFound, ValueError):
            return False


def certificate_row(cert: x509.Certificate, der: bytes, sha256: str, now: int) -> CertificateRow:
    """The ``certificates`` row of ``cert``."""
    from certkit.der import DerError, certificate_names
    from certkit.monitor.identity import holder_of
    from certkit.names import rfc4514, subject_issuer_der

    try:
        subject_der, issuer_der = certificate_names(der)
    except (DerError, IndexError):
        subject_der, issuer_der = subject_issuer_der(cert)
    holder = holder_of(subject_der)
    is_ca = _is_ca(cert, der)
    serial = format(cert.serial_number, "x")
    if len(serial) % 2:
        serial = "0" + serial
    return CertificateRow(
        sha256,
        rfc4514(subject_der),
        rfc4514(issuer_der),
        subject_der,
        issuer_der,
        holder.cn,
        holder.org,
        holder.siren,
        serial,
        int(cert.not_valid_before_utc.timestamp()),
        int(cert.not_valid_after_utc.timestamp()),
        int(is_ca),
        now,
    )


# --------------------------------------------------------------------------------------------------
# The scan


@dataclass(frozen=True, slots=True)
class _Examined:
    """What reading one file gave, ready to write: rows only for certificates new to the
    inventory (picklable, so worker processes can produce it)."""

    kind: str
    format: str | None
    items: tuple[tuple[str, CertificateRow | None], ...]
    error: ScanError | None


def examine(path: str, size: int, passwords: PasswordMap, known: set[str], now: int) -> _Examined:
    """Read ``path`` and compute the inventory rows of the certificates ``known`` lacks.

    Never raises for the file's sake: any exception becomes this file's error (a certkit bug is
    ``monitor.internal_read_error``), so one file cannot stop the scan of a tree.
    """
    try:
        outcome = read_file(path, size, passwords, known)
        items = tuple(
            (sha256, certificate_row(cert, der, sha256, now) if cert is not None else None)
            for sha256, der, cert in outcome.items
        )
    except InputError as exc:  # raised below read_file's own handling (a name it cannot render)
        params = {k: v for k, v in exc.params.items() if k != "path"}
        params["path"] = path
        return _Examined("error", None, (), ScanError(path, exc.code, params))
    except Exception as exc:
        error = ScanError(path, INTERNAL_ERROR, {"path": path, "error": _describe(exc)})
        return _Examined("error", None, (), error)
    return _Examined(outcome.kind, outcome.format, items, outcome.error)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


# Worker-process state, set once by _init_worker (fork start: inherited, not pickled per task).
_WORKER: tuple[PasswordMap, set[str], int] | None = None


def _init_worker(passwords: PasswordMap, known: set[str], now: int) -> None:
    global _WORKER
    _WORKER = (passwords, known, now)


def _examine_in_worker(job: tuple[str, int]) -> _Examined:
    assert _WORKER is not None
    passwords, known, now = _WORKER
    examined = examine(job[0], job[1], passwords, known, now)
    # Later files of this worker's share need not parse these again (the main process receives
    # results in file order, so it sees the row before any file that omits it).
    known.update(sha256 for sha256, row in examined.items if row is not None)
    return examined


def _examine_crashed(job: tuple[str, int]) -> _Examined:
    """The answer for a file whose reading kills even a process of its own (out of memory, a
    signal, a crash inside a library): that file's internal error; the others are scanned."""
    return _Examined("error", None, (), ScanError(job[0], WORKER_DIED, {"path": job[0]}))


PARALLEL_MIN_FILES = 1000


def default_jobs() -> int:
    """Worker processes for a first scan: the CPUs this process may use, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def scan(
    store: Store,
    roots: Sequence[Path],
    *,
    passwords: PasswordMap | None = None,
    exclusions: Exclusions = Exclusions(),
    batch_files: int = BATCH_FILES,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    collected: Collected | None = None,
    host: str | None = None,
) -> ScanResult:
    """Scan ``roots`` (files or folders) into the inventory ``store``.

    Files to read are spread over ``jobs`` worker processes (default :func:`default_jobs`) when
    there are at least :data:`PARALLEL_MIN_FILES` of them; this process alone writes the
    database, batch by batch, in file order. ``progress(done, total)`` is called as files are
    handled. Files that could not be read are in ``errors`` (and in the ``scan_errors`` table),
    never raised. ``collected`` is :func:`collect` of ``roots`` when the caller already walked
    them. A certificate counts as new only if it was not in the inventory when its batch was
    written, so concurrent scans of the same files agree on what is new. ``host`` is the label
    the files are recorded under (default: this machine's host name): several hosts scan into
    one shared inventory, each rescan comparing and removing only its own host's files.
    """
    from certkit.monitor.backend import default_host_label

    passwords = passwords or PasswordMap()
    host = host or default_host_label()
    now = int(time.time())
    absolute_roots, entries, excluded = (
        collected if collected is not None else collect(roots, exclusions)
    )
    scan_id = store.begin_scan(now, absolute_roots, host)
    known = store.file_states(host)
    total = len(entries)
    to_read: list[_Entry] = []
    for entry in entries:
        previous = known.get(entry.path)
        if (
            previous is None
            or previous[1] != entry.size
            or previous[2] != entry.mtime_ns
            or previous[3] != entry.inode
            or previous[4] == "error"
        ):
            to_read.append(entry)
    unchanged = total - len(to_read)
    if progress is not None:
        progress(unchanged, total)
    known_certificates: set[str] = store.certificate_ids() if to_read else set()
    batch = ScanBatch(host)
    found = new = 0
    errors: list[ScanError] = []
    workers = jobs if jobs is not None else default_jobs()
    pool: Generator[_Examined, None, None] | None = None
    if workers > 1 and len(to_read) >= PARALLEL_MIN_FILES:
        import importlib

        # Import the readers once here: forked workers share them instead of each paying the
        # imports (~0.2 s of CPU per worker).
        for module in ("cryptography.x509", "certkit.sources", "certkit.names", "certkit.identity"):
            importlib.import_module(module)

        from certkit.parallel import ordered_map

        # Forked workers inherit this; a copy, as each worker's grows apart from this process's.
        _init_worker(passwords, set(known_certificates), now)
        pool = ordered_map(
            _examine_in_worker,
            [(e.path, e.size) for e in to_read],
            workers=workers,
            threshold=PARALLEL_MIN_FILES,
            chunksize=64,
            on_crash=_examine_crashed,
        )
        results: Iterator[_Examined] = pool
    else:
        results = (examine(e.path, e.size, passwords, known_certificates, now) for e in to_read)
    try:
        for done, (entry, examined) in enumerate(zip(to_read, results, strict=True), 1):
            previous = known.get(entry.path)
            batch.files.append(
                (
                    host,
                    entry.path,
                    entry.size,
                    entry.mtime_ns,
                    entry.inode,
                    examined.kind,
                    examined.format,
                    now,
                    now,
                )
            )
            if examined.error is not None:
                errors.append(examined.error)
                batch.errors.append(
                    (
                        host,
                        entry.path,
                        examined.error.code,
                        json.dumps(examined.error.params),
                        now,
                        now,
                    )
                )
            elif previous is not None and previous[4] == "error":
                batch.cleared_errors.append((host, entry.path))
            shas: list[str] = []
            for position, (sha256, row) in enumerate(examined.items):
                if sha256 in shas:
                    continue
                shas.append(sha256)
                found += 1
                if row is not None and sha256 not in known_certificates:
                    known_certificates.add(sha256)
                    batch.certificates.append(row)
                batch.sightings.append((host, entry.path, sha256, position, now))
            if previous is not None:
                batch.stale_sightings.append((entry.path, shas))
            batch.count += 1
            if batch.count >= batch_files:
                new += store.write_batch(batch)
            if progress is not None and done % 64 == 0:
                progress(unchanged + done, total)
    finally:
        if pool is not None:
            pool.close()  # the workers finish the piece they hold and exit
    read = len(to_read)
    new += store.write_batch(batch)
    seen = {entry.path for entry in entries}
    removed = [
        path
        for path in known
        if path not in seen and any(under(path, root) for root in absolute_roots)
    ]
    store.finish_scan(
        scan_id,
        host=host,
        now=now,
        finished=int(time.time()),
        roots=absolute_roots,
        removed=removed,
        files_seen=total,
        files_read=read,
        errors=len(errors),
    )
    if progress is not None:
        progress(total, total)
    return ScanResult(
        files_seen=total,
        files_read=read,
        files_unchanged=unchanged,
        certificates_found=found,
        new_certificates=new,
        files_removed=len(removed),
        errors=tuple(errors),
        files_excluded=len(excluded),
    )
