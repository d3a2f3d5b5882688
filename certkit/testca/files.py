"""The test CA's files and formats: PEM and PKCS#12 encodings, output names, crash-safe writes.

Every file the CA writes appears whole or not at all, with its mode set before it has a name, even
when the process is killed in the middle (SIGKILL, power cut after ``fsync``): on Linux the bytes
go to an unnamed file (``O_TMPFILE``) that is linked into the folder once complete, so a killed
issuance never leaves a temporary file — let alone a temporary *key* file — behind. Elsewhere, a
named temporary file and a rename (the same guarantee, minus the stray file on a kill).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from certkit.errors import InputError, os_reason

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes

#: PKCS#12 encryptions: "modern" (PBES2: AES-256-CBC with PBKDF2-HMAC-SHA256, HMAC-SHA256 MAC)
#: opens in OpenSSL 3, current browsers, Java 8u301+/11.0.12+ and Windows 10 1709+ / Server 2019+;
#: "legacy" (PBE-SHA1-3DES for key and certificates, SHA-1 MAC, 2048 rounds) is what older
#: Windows Server releases and older Java runtimes import.
P12_MODERN = "modern"
P12_LEGACY = "legacy"
P12_ENCRYPTIONS = (P12_MODERN, P12_LEGACY)
_P12_ROUNDS = {P12_MODERN: 20000, P12_LEGACY: 2048}
CA_DIR_MODE = 0o700
KEY_MODE = 0o600
PUBLIC_MODE = 0o644


@dataclass(frozen=True, slots=True)
class OutputPaths:
    """The files of one issued certificate: PREFIX.pem, PREFIX.key, PREFIX-chain.pem,
    PREFIX-fullchain.pem (leaf + intermediates, what a TLS client or server sends) and
    PREFIX.p12 (only when asked)."""

    cert: Path
    key: Path | None
    chain: Path
    fullchain: Path
    p12: Path | None

    def all(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.cert, self.key, self.chain, self.fullchain, self.p12) if p)


def output_paths(prefix: Path, *, key: bool = True, p12: bool = False) -> OutputPaths:
    def named(suffix: str) -> Path:
        return prefix.with_name(prefix.name + suffix)

    return OutputPaths(
        cert=named(".pem"),
        key=named(".key") if key else None,
        chain=named("-chain.pem"),
        fullchain=named("-fullchain.pem"),
        p12=named(".p12") if p12 else None,
    )


def pem(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM)


def private_pem(key: CertificateIssuerPrivateKeyTypes) -> bytes:
    """Unencrypted PKCS#8 PEM (written only to the key file the user asked for)."""
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def pkcs12(
    name: str,
    key: CertificateIssuerPrivateKeyTypes,
    cert: x509.Certificate,
    chain: Sequence[x509.Certificate],
    password: bytes,
    encryption: str = P12_MODERN,
) -> bytes:
    """A PKCS#12 bundle (key, certificate, chain) in one of :data:`P12_ENCRYPTIONS`.

    An empty ``password`` gives an unencrypted bundle (some tools want one).
    """
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12

    if encryption not in P12_ENCRYPTIONS:
        raise ValueError(f"unknown PKCS#12 encryption {encryption!r}")
    protection: serialization.KeySerializationEncryption
    if not password:
        protection = serialization.NoEncryption()
    elif encryption == P12_LEGACY:
        protection = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(_P12_ROUNDS[P12_LEGACY])
            .key_cert_algorithm(p12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
            .hmac_hash(hashes.SHA1())
            .build(password)
        )
    else:
        protection = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(_P12_ROUNDS[P12_MODERN])
            .key_cert_algorithm(p12.PBES.PBESv2SHA256AndAES256CBC)
            .hmac_hash(hashes.SHA256())
            .build(password)
        )
    return p12.serialize_key_and_certificates(
        name=name.encode(),
        key=key,  # type: ignore[arg-type]  # every issuer key type is a PKCS#12 key type
        cert=cert,
        cas=list(chain),
        encryption_algorithm=protection,
    )


def make_ca_directory(directory: Path) -> None:
    """Create ``directory`` (and its parents) for a CA, or take an empty one; mode 0700 whatever
    the umask, since it holds the CA keys. :class:`InputError` when it cannot be used."""
    if directory.exists() or directory.is_symlink():
        if not directory.is_dir():
            raise InputError("testca.dir_is_file", path=str(directory))
        if any(directory.iterdir()):
            raise InputError("testca.dir_not_empty", path=str(directory))
    else:
        try:
            directory.mkdir(parents=True, mode=CA_DIR_MODE)
        except OSError as exc:
            raise InputError(
                "testca.dir_create_failed", path=str(directory), reason=os_reason(exc)
            ) from None
    try:
        os.chmod(directory, CA_DIR_MODE)  # mkdir's mode is masked by the umask; chmod is not
    except OSError as exc:
        raise InputError(
            "testca.dir_create_failed", path=str(directory), reason=os_reason(exc)
        ) from None


def _target(path: Path, force: bool) -> Path:
    """Where to write ``path``: refuse what is not a regular file, and symbolic links unless
    ``force`` (which then writes the file the link points to)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(info.st_mode):
        if not force:
            raise InputError("testca.output_is_link", path=str(path))
        resolved = Path(os.path.realpath(path))
        return _target(resolved, force) if resolved != path else resolved
    if not stat.S_ISREG(info.st_mode):
        raise InputError("testca.output_not_regular", path=str(path))
    if not force:
        raise InputError("testca.output_exists", path=str(path))
    return path


_TMPFILE_WORKS = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")


def write_new(path: Path, data: bytes, mode: int, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` with ``mode``: whole or not at all, never a stray temp file.

    Refuses an existing file unless ``force``, and anything that is not a regular file always.
    """
    global _TMPFILE_WORKS
    target = _target(path, force)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("testca.output_dir_missing", path=str(target))
    if _TMPFILE_WORKS:
        try:
            fd = os.open(directory, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, KEY_MODE)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise _write_error(target, exc) from None
            _TMPFILE_WORKS = False  # this file system cannot: named temporary files from now on
        else:
            _write_unnamed(fd, target, data, mode, force)
            return
    _write_named(target, directory, data, mode)


def _write_unnamed(fd: int, target: Path, data: bytes, mode: int, force: bool) -> None:
    try:
        os.fchmod(fd, mode)  # set on the unnamed file: never visible with another mode
        _write_all(fd, data)
        os.fsync(fd)
        if not force:
            try:
                _link(fd, target)  # fails if the name exists: no check-then-write race
            except FileExistsError:
                raise InputError("testca.output_exists", path=str(target)) from None
            return
        # Replacing: the new file gets a hidden name, then takes the old name in one rename.
        hidden = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        _link(fd, hidden)
        try:
            os.replace(hidden, target)
        except BaseException:
            hidden.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _write_error(target, exc) from None
    finally:
        os.close(fd)


def _link(fd: int, path: Path) -> None:
    """Give the unnamed file ``fd`` the name ``path`` (linkat with AT_SYMLINK_FOLLOW through
    /proc: ``os.link`` uses plain link() unless a directory descriptor is given)."""
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(str(fd), path, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


def _write_named(target: Path, directory: Path, data: bytes, mode: int) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, mode)
        _write_all(fd, data)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except BaseException as exc:
        if fd != -1:
            os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(target, exc) from None
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_error(path: Path, exc: OSError) -> InputError:
    return InputError("testca.write_failed", path=str(path), reason=os_reason(exc))


def write_set(outputs: Sequence[tuple[Path, bytes, int]], *, force: bool = False) -> None:
    """Write several files; when one fails, the ones this call created are removed again (files
    replaced with ``force`` are not brought back)."""
    created: list[Path] = []
    try:
        for path, data, mode in outputs:
            existed = os.path.lexists(path)
            write_new(path, data, mode, force=force)
            if not existed:
                created.append(path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
