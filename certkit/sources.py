"""Read whatever file a CA or a colleague hands over: PEM, DER, PKCS#12, PKCS#7 → CertificateBundle.

The loader detects the container by content, not by extension: a ``.cer`` may hold PEM or DER,
a ``.pem`` may be a PKCS#7 bundle. Private keys are only *noticed* (present or not, and their
type); only :func:`load_private_key` returns one, for a caller that explicitly needs the key.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import functools
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit import names
from certkit.der import DerError, certificate_names, header
from certkit.errors import InputError, os_reason

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

    from certkit.lenient import Reading
    from certkit.model import CertificateFacts

PasswordProvider = Callable[[str], bytes]
Password = bytes | PasswordProvider | None

MAX_INPUT_BYTES = 16 * 1024 * 1024
"""Bytes read from one input at most (16 MiB: a PEM bundle of ~15,000 certificates); more is
refused, after reading one byte over, never the whole of an endless input such as /dev/zero."""

MAX_CERTIFICATES = 10_000
"""Certificates read from one file at most: a bundle this size is inspected in about 2 s; more
is refused (split the bundle) rather than answered minutes later."""

MAX_PKCS12_ITERATIONS = 1_000_000
"""Largest MAC or key-derivation iteration count of a PKCS#12 file read (read before decrypting).
Tools write 2,048 (OpenSSL), 10,000 (Java) to 600,000 (OWASP's PBKDF2 advice); each 1,000,000
costs ~0.1 s, and a password may be tried three times."""

MAX_PKCS12_WORK = 6_000_000
"""Largest sum of a PKCS#12 file's iteration counts (the MAC's counted once per password tried):
~0.6 s of key derivation on this 2-core machine."""

PEM_BEGIN = re.compile(rb"-----BEGIN ([A-Z0-9 #/_-]{1,64})-----")

CERTIFICATE_LABELS = frozenset({b"CERTIFICATE", b"X509 CERTIFICATE", b"TRUSTED CERTIFICATE"})
PKCS7_LABELS = frozenset({b"PKCS7", b"PKCS #7 SIGNED DATA", b"CMS"})
KEY_LABELS = {
    b"PRIVATE KEY": None,
    b"RSA PRIVATE KEY": "RSA",
    b"EC PRIVATE KEY": "EC",
    b"DSA PRIVATE KEY": "DSA",
    b"ENCRYPTED PRIVATE KEY": "encrypted",
    b"OPENSSH PRIVATE KEY": "OpenSSH",
}
CSR_LABELS = frozenset({b"CERTIFICATE REQUEST", b"NEW CERTIFICATE REQUEST"})
CRL_LABELS = frozenset({b"X509 CRL"})

OID_PKCS7_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")
OID_PKCS7_DATA = bytes.fromhex("2a864886f70d010701")


class ContainerFormat(StrEnum):
    """How the certificates were packed in the file."""

    PEM = "pem"
    DER = "der"
    PKCS12 = "pkcs12"
    PKCS7 = "pkcs7"


@dataclass(frozen=True, slots=True)
class CertificateBundle:
    """What one file holds: its certificates in file order, which is the leaf, and whether a key is
    present (never the key itself)."""

    source: str
    format: ContainerFormat
    certificates: tuple[x509.Certificate, ...]
    leaf_flags: tuple[bool, ...]
    private_key_type: str | None = None
    ders: tuple[bytes, ...] = ()
    """The encoding of each certificate as the file holds it (cryptography re-encodes at ~20 µs a
    call)."""
    readings: tuple[Reading | None, ...] = ()
    """For each certificate that is not DER, how it was read (:mod:`certkit.lenient`): its
    ``certificates`` entry is then the re-encoded view. Empty when every one is DER."""
    read_as: str | None = None
    """How the file's text had to be read first: ``utf-16`` (a PEM saved as "Unicode" by Windows
    Notepad, with its BOM) or ``base64`` (certificate text pasted without its PEM lines)."""

    def reading(self, index: int) -> Reading | None:
        """How certificate ``index`` was read when it is not DER, else None."""
        return self.readings[index] if index < len(self.readings) else None

    def name_ders(self, index: int) -> tuple[bytes, bytes]:
        """(subject DER, issuer DER) of certificate ``index`` as the file holds them."""
        reading = self.reading(index)
        if reading is not None:
            return reading.subject_der, reading.issuer_der
        try:
            return certificate_names(self.ders[index])
        except (DerError, IndexError):
            cert = self.certificates[index]
            return cert.subject.public_bytes(), cert.issuer.public_bytes()

    def require_presentable(self) -> None:
        """Refuse (InputError) a file holding a certificate certkit could only re-encode: a TLS
        handshake must present the certificate's own bytes, which cryptography cannot hold."""
        for index in range(len(self.certificates)):
            reading = self.reading(index)
            if reading is not None and reading.der != self.ders[index]:
                raise InputError("sources.not_der_for_tls", path=self.source, index=index + 1)

    def facts(self, index: int) -> CertificateFacts:
        """The facts of certificate ``index``, read from the file's own bytes."""
        from certkit.model import facts

        return facts(self.certificates[index], self.ders[index], self.reading(index))

    @property
    def has_private_key(self) -> bool:
        return self.private_key_type is not None

    @property
    def leaf_index(self) -> int | None:
        """Index of the leaf: the only certificate that issues no other one in the file.

        ``None`` when the file holds several unrelated end certificates (a plain bundle).
        """
        candidates = [i for i, flag in enumerate(self.leaf_flags) if flag]
        return candidates[0] if len(candidates) == 1 else None

    @property
    def leaf(self) -> x509.Certificate | None:
        index = self.leaf_index
        return None if index is None else self.certificates[index]

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """The certificates other than the leaf, in file order."""
        index = self.leaf_index
        return tuple(c for i, c in enumerate(self.certificates) if i != index)


# --------------------------------------------------------------------------------------------------
# Entry points


def read_source(path: str | Path) -> bytes:
    """The bytes of ``path`` (``-`` is standard input), or an InputError saying why not."""
    name = str(path)
    if name == "-":
        data = _read_all(sys.stdin.buffer.read, 1 << 16)
        if len(data) > MAX_INPUT_BYTES:
            raise InputError("sources.too_large", path=name, limit_mib=MAX_INPUT_BYTES // 2**20)
        return data
    try:
        # os-level I/O: a buffered open() costs ~15 µs more per file, which batches feel.
        fd = os.open(name, os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            if size > MAX_INPUT_BYTES:
                raise InputError("sources.too_large", path=name, limit_mib=MAX_INPUT_BYTES // 2**20)
            # A regular file comes whole in one read of its size + 1 (shorter: the end is reached).
            data = os.read(fd, size + 1) if size else b""
            if len(data) > size or not size:
                data += _read_all(functools.partial(os.read, fd), 1 << 16)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise InputError("sources.not_found", path=name) from None
    except PermissionError:
        raise InputError("sources.permission_denied", path=name) from None
    except IsADirectoryError:
        raise InputError("sources.is_directory", path=name) from None
    except OSError as exc:
        raise InputError("sources.unreadable", path=name, reason=os_reason(exc)) from None
    except ValueError:  # a NUL byte in the path (a CSV row, a typed name): no file has one
        raise InputError(
            "sources.unreadable", path=name, reason_code="files.reason.nul_in_path"
        ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError("sources.too_large", path=name, limit_mib=MAX_INPUT_BYTES // 2**20)
    return data


def _read_all(read: Callable[[int], bytes], first: int) -> bytes:
    """Call ``read`` until end of file, stopping one byte over the limit; ``first`` is the size
    asked first (the file's size + 1 when known, so a regular file takes one call)."""
    chunks: list[bytes] = []
    total = 0
    want = first
    while total <= MAX_INPUT_BYTES:
        chunk = read(want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def load_path(path: str | Path, *, password: Password = None) -> CertificateBundle:
    """Read and decode the certificate file at ``path`` (``-`` for standard input)."""
    source = "-" if str(path) == "-" else str(path)
    return load_bytes(read_source(path), source=source, password=password)


def load_bytes(
    data: bytes, *, source: str = "<bytes>", password: Password = None
) -> CertificateBundle:
    """Decode ``data``: PEM (one or many blocks, any surrounding text), DER, PKCS#7 or PKCS#12."""
    bundle, _ = _decode(data, source, password, want_key=False)
    return bundle


def load_private_key(path: str | Path, *, password: Password = None) -> PrivateKeyTypes:
    """The private key held in ``path`` (PEM, DER or PKCS#12) — only for callers that need it."""
    source = str(path)
    data = read_source(path)
    _, key = _decode(data, source, password, want_key=True)
    if key is None:
        raise InputError("sources.no_private_key", path=source)
    return key


def sniff(data: bytes) -> ContainerFormat | None:
    """A cheap guess of the container in ``data`` (no decoding); ``None`` if it is none of them."""
    head = data[:3] if not data.startswith(b"\xef\xbb\xbf") else data[3:6]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 text (with its BOM)
        return ContainerFormat.PEM if "-----BEGIN " in data.decode("utf-16", "replace") else None
    if b"-----BEGIN " in data[:65536] or b"-----BEGIN " in data:
        return ContainerFormat.PEM
    if not head or head[0] != 0x30:
        return None
    kind = _classify_der(data)
    return kind


# --------------------------------------------------------------------------------------------------
# Decoding


def _decode(
    data: bytes, source: str, password: Password, *, want_key: bool
) -> tuple[CertificateBundle, PrivateKeyTypes | None]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its BOM (Notepad's "Unicode")
        return _read_as("utf-16", _from_utf16(data, source), source, password, want_key)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise InputError("sources.empty", path=source)
    if b"-----BEGIN " in data:
        return _decode_pem(data, source, password, want_key=want_key)
    kind = _classify_der(data)
    if kind is ContainerFormat.PKCS12:
        return _decode_pkcs12(data, source, password, want_key=want_key)
    if kind is ContainerFormat.PKCS7:
        views, ders, readings = _pkcs7_views(data, source)
        return _bundle(source, ContainerFormat.PKCS7, views, ders=ders, readings=readings), None
    if kind is ContainerFormat.DER:
        der = _first_tlv(data)
        inner = _der_key_type(der)
        if inner is not None:
            key = _load_der_key(der, source, password) if want_key else None
            if want_key:
                return _bundle(source, ContainerFormat.DER, (), inner), key
            raise InputError("sources.key_only", path=source)
        if _looks_like_csr(der):
            raise InputError("sources.csr_only", path=source)
        cert, reading = _load_der_certificate(der, source, 1)
        return _bundle(source, ContainerFormat.DER, (cert,), ders=(der,), readings=[reading]), None
    bare = _bare_base64(data)
    if bare is not None:  # the base64 of a certificate (or bundle) without its PEM lines
        return _read_as("base64", bare, source, password, want_key)
    raise InputError("sources.not_certificate", path=source)


def _read_as(
    how: str, data: bytes, source: str, password: Password, want_key: bool
) -> tuple[CertificateBundle, PrivateKeyTypes | None]:
    """The file read from ``data``, its text first read as ``how`` (said by inspect)."""
    import dataclasses

    bundle, key = _decode(data, source, password, want_key=want_key)
    return dataclasses.replace(bundle, read_as=how), key


def _from_utf16(data: bytes, source: str) -> bytes:
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        raise InputError("sources.not_certificate", path=source) from None


_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n\t ")


def _bare_base64(data: bytes) -> bytes | None:
    """The DER that ``data`` encodes when it is nothing but base64 (whitespace allowed) of a DER
    SEQUENCE, else None."""
    text = data.strip()
    if len(text) < 64 or not _BASE64.issuperset(text):
        return None
    import binascii

    try:
        der = binascii.a2b_base64(b"".join(text.split()), strict_mode=True)
    except (binascii.Error, ValueError):
        return None
    return der if der[:1] == b"\x30" and _classify_der(der) is not None else None


def pem_blocks(data: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    """(label, body, start, end) of every complete ``-----BEGIN L-----`` … ``-----END L-----``
    block of ``data``, in order (RFC 7468; text around and between blocks is ignored).

    A BEGIN line with no matching END is skipped; the caller tells a file cut short by a BEGIN
    after the last block. Found with ``bytes.find`` rather than a lazy ``(.*?)`` pattern: ~5x
    cheaper on a certificate, which batches of files feel. Block for block the same as the
    pattern ``-----BEGIN (L)-----(.*?)-----END \\1-----`` (a test holds it to that), down to
    labels that could end at several dashes: the longest one that has its END wins.
    """
    pos = 0
    ends: dict[bytes, list[int]] | None = None  # label → positions of its END lines, built once
    while True:
        start = data.find(b"-----BEGIN ", pos)
        if start < 0:
            return
        head = start + 11
        begin = PEM_BEGIN.match(data, start)  # the longest label (greedy), tried first
        block = None
        if begin is not None:
            if ends is None:
                ends = _end_lines(data)
            for length in range(begin.end(1) - head, 0, -1):
                if data.startswith(b"-----", head + length):
                    label = data[head : head + length]
                    positions = ends.get(label)
                    if not positions:
                        continue
                    # The first END of this label after the BEGIN line: what find() would give.
                    index = bisect.bisect_left(positions, head + length + 5)
                    if index < len(positions):
                        stop = positions[index]
                        end = stop + 14 + length
                        block = (label, data[head + length + 5 : stop], start, end)
                        break
        if block is None:
            pos = start + 1
            continue
        yield block
        pos = block[3]


def _end_lines(data: bytes) -> dict[bytes, list[int]]:
    """Where each ``-----END L-----`` of ``data`` starts, by label L (every label a position
    could end at), in order: one pass, so that scanning stays linear in the size of the text
    however many unterminated BEGIN lines of different labels it holds."""
    ends: dict[bytes, list[int]] = {}
    pos = data.find(b"-----END ")
    while pos >= 0:
        head = pos + 9
        found = _LABEL_CHARS.match(data, head, head + 64)
        if found is not None:
            for stop in range(head + 1, found.end() + 1):
                if data.startswith(b"-----", stop):
                    ends.setdefault(data[head:stop], []).append(pos)
        pos = data.find(b"-----END ", pos + 1)
    return ends


_LABEL_CHARS = re.compile(rb"[A-Z0-9 #/_-]+")


def _decode_pem(
    data: bytes, source: str, password: Password, *, want_key: bool
) -> tuple[CertificateBundle, PrivateKeyTypes | None]:

    certificates: list[x509.Certificate] = []
    ders: list[bytes] = []
    readings: list[Reading | None] = []
    key_type: str | None = None
    key: PrivateKeyTypes | None = None
    saw_pkcs7 = False
    labels: list[bytes] = []
    last_end = 0
    for label, body, start, last_end in pem_blocks(data):
        labels.append(label)
        if label in CERTIFICATE_LABELS:
            der = _pem_body(body, source, label)
            if label == b"TRUSTED CERTIFICATE":
                der = _first_tlv(der)
            if len(certificates) >= MAX_CERTIFICATES:
                raise InputError("sources.too_many", path=source, limit=MAX_CERTIFICATES)
            cert, reading = _load_der_certificate(der, source, len(certificates) + 1)
            certificates.append(cert)
            ders.append(der)
            readings.append(reading)
        elif label in PKCS7_LABELS:
            saw_pkcs7 = True
            der = _pem_body(body, source, label)
            views, inner_ders, inner_readings = _pkcs7_views(der, source)
            certificates.extend(views)
            ders.extend(inner_ders)
            readings.extend(inner_readings)
        elif label in KEY_LABELS:
            found = KEY_LABELS[label]
            if found is None:
                found = _der_key_type(_pem_body(body, source, label)) or "unknown"
            key_type = key_type or found
            if want_key and key is None:
                key = _load_pem_key(data[start:last_end], source, password)
    # A BEGIN line after the last complete block means the file was cut short.
    dangling = PEM_BEGIN.search(data, last_end)
    if dangling is not None:
        raise InputError(
            "sources.truncated_pem", path=source, label=dangling.group(1).decode("ascii")
        )
    if not certificates:
        if key_type is not None:
            if want_key:
                return _bundle(source, ContainerFormat.PEM, (), key_type), key
            raise InputError("sources.key_only", path=source)
        if any(label in CSR_LABELS for label in labels):
            raise InputError("sources.csr_only", path=source)
        if any(label in CRL_LABELS for label in labels):
            raise InputError("sources.crl_only", path=source)
        if saw_pkcs7:
            raise InputError("sources.pkcs7_empty", path=source)
        if labels:
            raise InputError(
                "sources.unsupported_pem", path=source, label=labels[0].decode("ascii", "replace")
            )
        raise InputError("sources.not_certificate", path=source)
    fmt = ContainerFormat.PKCS7 if saw_pkcs7 and len(labels) == 1 else ContainerFormat.PEM
    return _bundle(source, fmt, tuple(certificates), key_type, tuple(ders), readings), key


def _pem_body(body: bytes, source: str, label: bytes) -> bytes:
    # RFC 7468 text may carry explanatory headers ("Proc-Type: ...") that base64 never contains.
    if b":" in body:
        lines = body.replace(b"\r", b"").split(b"\n")
        compact = b"".join(line.strip() for line in lines if b":" not in line)
    else:
        compact = body.translate(None, b" \t\r\n")
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(
            "sources.bad_base64", path=source, label=label.decode("ascii", "replace")
        ) from None


def _load_der_certificate(
    der: bytes, source: str, index: int
) -> tuple[x509.Certificate, Reading | None]:
    """The certificate in ``der`` and, when it departs from DER, how it was read.

    cryptography reads DER only (a certificate it refuses is re-encoded by :mod:`certkit.lenient`
    into a view it can use), and builds names lazily (an empty RDN, a T61String with 8-bit bytes
    fail at ``cert.subject``, long after loading: the loaded object is kept, its names are read
    from the DER). OpenSSL reads both. What departs is recorded in the reading; a file even the
    lenient reader cannot read is an InputError naming the certificate.
    """
    from cryptography import x509

    try:
        cert = x509.load_der_x509_certificate(der)
    except Exception as exc:  # cryptography raises ValueError or its own Rust errors
        return _read_leniently(der, source, index, exc)
    refusal = _names_refused(cert, der)
    return (cert, None) if refusal is None else (cert, _described(der, source, index, refusal))


def _described(der: bytes, source: str, index: int, refusal: Exception) -> Reading:
    """The reading of a certificate cryptography loads but whose names it cannot build: the
    certificate object stays the one loaded (a TLS handshake presents its very bytes), its names
    and problems come from the file's DER."""
    from certkit.lenient import LenientError, describe

    try:
        return describe(der)
    except LenientError:
        raise InputError(
            "sources.bad_certificate", path=source, index=index, reason=_short(refusal)
        ) from None


def _names_refused(cert: x509.Certificate, der: bytes) -> Exception | None:
    """Why cryptography cannot build the certificate's subject or issuer, or None when it can."""
    try:
        subject_der, issuer_der = certificate_names(der)
        if names.cryptography_can_build(subject_der) and names.cryptography_can_build(issuer_der):
            return None
    except (DerError, IndexError):
        pass
    try:  # the cheap test was not sure: ask cryptography itself (~40 µs, rare)
        cert.subject  # noqa: B018
        cert.issuer  # noqa: B018
    except Exception as exc:
        return exc
    return None


def _pkcs7_views(
    der: bytes, source: str
) -> tuple[tuple[x509.Certificate, ...], tuple[bytes, ...], list[Reading | None]]:
    """The certificates of a PKCS#7 file, their encodings and how each was read."""
    try:
        certs = _decode_pkcs7_der(der, source)
    except _Pkcs7Lenient as lenient:
        if len(lenient.ders) > MAX_CERTIFICATES:
            raise InputError("sources.too_many", path=source, limit=MAX_CERTIFICATES) from None
        loaded = [
            _load_der_certificate(item, source, index)
            for index, item in enumerate(lenient.ders, start=1)
        ]
        return tuple(c for c, _ in loaded), tuple(lenient.ders), [r for _, r in loaded]
    ders = _encode(certs)
    views, readings = _lenient_views(certs, ders, source)
    return views, ders, readings


def _lenient_views(
    certificates: tuple[x509.Certificate, ...], ders: tuple[bytes, ...], source: str
) -> tuple[tuple[x509.Certificate, ...], list[Reading | None]]:
    """Certificates cryptography decoded from a PKCS#7 or PKCS#12 container, with the reading of
    each whose names cryptography cannot build."""
    out: list[x509.Certificate] = []
    readings: list[Reading | None] = []
    for index, (cert, der) in enumerate(zip(certificates, ders, strict=True), start=1):
        refusal = _names_refused(cert, der)
        out.append(cert)
        readings.append(None if refusal is None else _described(der, source, index, refusal))
    return tuple(out), readings


def _read_leniently(
    der: bytes, source: str, index: int, refusal: Exception
) -> tuple[x509.Certificate, Reading]:
    from certkit.lenient import LenientError, read_certificate

    try:
        cert, reading = read_certificate(der)
    except LenientError as exc:  # says what it met, clearer than a parser's trace
        raise InputError(
            "sources.bad_certificate", path=source, index=index, reason=_short(exc)
        ) from None
    except Exception:
        raise InputError(
            "sources.bad_certificate", path=source, index=index, reason=_short(refusal)
        ) from None
    return cert, reading


def _decode_pkcs7_der(der: bytes, source: str) -> tuple[x509.Certificate, ...]:
    from cryptography.hazmat.primitives.serialization import pkcs7

    try:
        with warnings.catch_warnings():
            # OpenSSL's crl2pkcs7 writes an unsorted SET: cryptography warns, then reads it as BER.
            warnings.simplefilter("ignore", UserWarning)
            certs = pkcs7.load_der_pkcs7_certificates(_first_tlv(der))
    except Exception as exc:
        ders = _pkcs7_certificate_ders(der)
        if not ders:
            raise InputError("sources.bad_pkcs7", path=source, reason=_short(exc)) from None
        raise _Pkcs7Lenient(ders) from None
    if not certs:
        raise InputError("sources.pkcs7_empty", path=source)
    if len(certs) > MAX_CERTIFICATES:
        raise InputError("sources.too_many", path=source, limit=MAX_CERTIFICATES)
    return tuple(certs)


class _Pkcs7Lenient(Exception):
    """cryptography refused a PKCS#7 whose certificates a lenient walk found (OpenSSL reads such
    a file): they are read one by one, each as a certificate file would be."""

    def __init__(self, ders: list[bytes]) -> None:
        super().__init__("lenient PKCS#7")
        self.ders = ders


def _pkcs7_certificate_ders(der: bytes) -> list[bytes]:
    """The certificates of a PKCS#7 SignedData, as the bytes it holds, found by a lenient walk
    (BER lengths allowed); empty when it is not that shape."""
    from certkit.lenient import bounds

    try:
        end = len(der)
        _tag, start, stop, _ = bounds(der, 0, end)  # ContentInfo
        _tag, pos, _oid_end, after = bounds(der, start, stop)  # contentType
        if der[pos:_oid_end] != OID_PKCS7_SIGNED_DATA:
            return []
        _tag, pos, stop, _ = bounds(der, after, stop)  # [0] EXPLICIT content
        _tag, pos, stop, _ = bounds(der, pos, stop)  # SignedData SEQUENCE
        for _field in range(3):  # version, digestAlgorithms, encapContentInfo
            pos = bounds(der, pos, stop)[3]
        tag, pos, certs_end, _ = bounds(der, pos, stop)
        if tag not in (0xA0, 0x80):  # [0] IMPLICIT certificates
            return []
        out: list[bytes] = []
        while pos < certs_end and len(out) <= MAX_CERTIFICATES:
            element_end = bounds(der, pos, certs_end)[3]
            if der[pos] == 0x30:
                out.append(der[pos:element_end])
            pos = element_end
        return out
    except (DerError, IndexError):
        return []


def _decode_pkcs12(
    data: bytes, source: str, password: Password, *, want_key: bool
) -> tuple[CertificateBundle, PrivateKeyTypes | None]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    der = _first_tlv(data)
    _check_pkcs12_work(der, source, tries=1 if isinstance(password, bytes) else 3)
    attempts: list[bytes | None] = []
    if isinstance(password, bytes):
        attempts.append(password)
    else:
        attempts.extend([None, b""])
    loaded: Any = None
    for attempt in attempts:
        try:
            loaded = pkcs12.load_pkcs12(der, attempt)
            break
        except Exception:
            continue
    if loaded is None and callable(password):
        secret = password(source)
        try:
            loaded = pkcs12.load_pkcs12(der, secret)
        except Exception:
            raise InputError("sources.pkcs12_bad_password", path=source) from None
    if loaded is None:
        code = "sources.pkcs12_bad_password" if password is not None else "sources.password_needed"
        raise InputError(code, path=source)
    main = loaded.cert.certificate if loaded.cert is not None else None
    extra = tuple(c.certificate for c in loaded.additional_certs)
    certs = ((main,) if main is not None else ()) + extra
    key = loaded.key
    key_type = _key_type_name(key) if key is not None else None
    if not certs:
        if want_key and key is not None:
            return _bundle(source, ContainerFormat.PKCS12, (), key_type), key
        raise InputError("sources.pkcs12_no_certificate", path=source)
    ders = _encode(certs)
    views, readings = _lenient_views(certs, ders, source)
    bundle = _bundle(source, ContainerFormat.PKCS12, views, key_type, ders, readings)
    if main is not None and key is not None:
        # The certificate paired with the key is the leaf, whatever else the file carries.
        flags = tuple(i == 0 for i in range(len(certs)))
        bundle = CertificateBundle(
            source, ContainerFormat.PKCS12, views, flags, key_type, ders, bundle.readings
        )
    return bundle, (key if want_key else None)


def pkcs12_iterations(der: bytes) -> tuple[int, list[int]]:
    """(MAC iteration count, key-derivation iteration counts of the encrypted parts) of a PKCS#12
    file, read without decrypting anything (asn1crypto). Parts inside an encrypted SafeContents
    cannot be seen before decrypting it; they are derived only after its own count passed."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    pfx = asn1_pkcs12.Pfx.load(der)
    mac = pfx["mac_data"]
    mac_count = int(mac["iterations"].native) if mac.native is not None else 0
    counts: list[int] = []
    for info in pfx.authenticated_safe:
        kind = info["content_type"].native
        if kind == "encrypted_data":
            algorithm = info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            counts.append(int(algorithm.kdf_iterations))
        elif kind == "data":
            for bag in asn1_pkcs12.SafeContents.load(info["content"].native):
                if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                    counts.append(int(bag["bag_value"]["encryption_algorithm"].kdf_iterations))
    return mac_count, counts


def _check_pkcs12_work(der: bytes, source: str, *, tries: int) -> None:
    """Refuse, before any key derivation, a PKCS#12 whose iteration counts would take minutes
    (a 1.4 KB file with a MAC count of 2³¹ took ~8 minutes): :data:`MAX_PKCS12_ITERATIONS`,
    :data:`MAX_PKCS12_WORK`. A structure asn1crypto cannot read is left to cryptography."""
    try:
        mac_count, counts = pkcs12_iterations(der)
    except Exception:  # malformed: cryptography refuses it with its own reason, quickly
        return
    largest = max([mac_count, *counts])
    if largest > MAX_PKCS12_ITERATIONS or mac_count * tries + sum(counts) > MAX_PKCS12_WORK:
        raise InputError(
            "sources.pkcs12_too_costly",
            path=source,
            iterations=largest,
            limit=MAX_PKCS12_ITERATIONS,
        )


def _load_pem_key(block: bytes, source: str, password: Password) -> PrivateKeyTypes:
    from cryptography.hazmat.primitives import serialization

    return _load_key(serialization.load_pem_private_key, block, source, password)


def _load_der_key(der: bytes, source: str, password: Password) -> PrivateKeyTypes:
    from cryptography.hazmat.primitives import serialization

    return _load_key(serialization.load_der_private_key, der, source, password)


def _load_key(
    loader: Callable[[bytes, bytes | None], PrivateKeyTypes],
    data: bytes,
    source: str,
    password: Password,
) -> PrivateKeyTypes:
    """``loader`` on ``data``: without a password first, then asking for one if it is encrypted."""
    try:
        return loader(data, None)
    except TypeError:
        secret = _ask(password, source)
        try:
            return loader(data, secret)
        except (TypeError, ValueError):
            raise InputError("sources.key_bad_password", path=source) from None
    except Exception as exc:
        raise InputError("sources.bad_key", path=source, reason=_short(exc)) from None


def _ask(password: Password, source: str) -> bytes:
    if password is None:
        raise InputError("sources.password_needed", path=source)
    return password if isinstance(password, bytes) else password(source)


def _bundle(
    source: str,
    fmt: ContainerFormat,
    certificates: tuple[x509.Certificate, ...],
    key_type: str | None = None,
    ders: tuple[bytes, ...] | None = None,
    readings: list[Reading | None] | None = None,
) -> CertificateBundle:
    if ders is None:
        ders = _encode(certificates)
    kept = tuple(readings) if readings and any(r is not None for r in readings) else ()
    return CertificateBundle(
        source, fmt, certificates, leaf_flags(certificates, ders, kept), key_type, ders, kept
    )


def leaf_flags(
    certificates: tuple[x509.Certificate, ...],
    ders: tuple[bytes, ...],
    readings: tuple[Reading | None, ...] = (),
) -> tuple[bool, ...]:
    """For each certificate: True when it issues no other certificate of the sequence.

    Names are compared by their DER encoding (the RFC 5280 path-building shortcut); a self-signed
    certificate does not count as issuing itself.
    """
    if len(certificates) == 1:
        return (True,)
    pairs = []
    for index, (cert, der) in enumerate(zip(certificates, ders, strict=True)):
        reading = readings[index] if index < len(readings) else None
        if reading is not None:
            pairs.append((reading.subject_der, reading.issuer_der))
            continue
        try:
            pairs.append(certificate_names(der))
        except DerError:
            pairs.append((cert.subject.public_bytes(), cert.issuer.public_bytes()))
    issued = {issuer for subject, issuer in pairs if issuer != subject}
    return tuple(subject not in issued for subject, _ in pairs)


def _encode(certificates: tuple[x509.Certificate, ...]) -> tuple[bytes, ...]:
    from cryptography.hazmat.primitives.serialization import Encoding

    return tuple(c.public_bytes(Encoding.DER) for c in certificates)


def _key_type_name(key: object) -> str:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    if isinstance(key, rsa.RSAPrivateKey):
        return "RSA"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return "EC"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "Ed25519"
    if isinstance(key, ed448.Ed448PrivateKey):
        return "Ed448"
    if isinstance(key, dsa.DSAPrivateKey):
        return "DSA"
    return type(key).__name__


def pem_certificate(der: bytes) -> bytes:
    """``der`` as a PEM CERTIFICATE block (RFC 7468: base64 in lines of 64 characters)."""
    body = base64.b64encode(der)
    lines = b"\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return b"-----BEGIN CERTIFICATE-----\n" + lines + b"\n-----END CERTIFICATE-----\n"


def pkcs7_certificates(ders: list[bytes]) -> bytes:
    """A degenerate PKCS#7 SignedData (RFC 2315) holding ``ders`` as they are, in order — what
    ``openssl crl2pkcs7 -nocrl`` writes; for certificates cryptography could only re-encode."""
    from certkit.der import tlv

    data_oid = bytes.fromhex("06092a864886f70d010701")
    signed = tlv(
        0x30,
        b"\x02\x01\x01"
        + tlv(0x31, b"")
        + tlv(0x30, data_oid)
        + tlv(0xA0, b"".join(ders))
        + tlv(0x31, b""),
    )
    return tlv(0x30, bytes.fromhex("06092a864886f70d010702") + tlv(0xA0, signed))


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


# --------------------------------------------------------------------------------------------------
# Minimal DER reading, only to classify a binary file and cut trailing garbage


def _read_tlv(data: bytes, offset: int) -> tuple[int, int, int] | None:
    """(tag, start of content, end of content) of the TLV at ``offset``, or None if malformed
    (BER's indefinite lengths are read too: OpenSSL reads such files)."""
    try:
        return header(data, offset, len(data))
    except DerError:
        pass
    if data[offset + 1 : offset + 2] != b"\x80":
        return None
    from certkit.lenient import bounds

    try:
        tag, start, end, _stop = bounds(data, offset, len(data))
    except DerError:
        return None
    return tag, start, end


def _first_tlv(data: bytes) -> bytes:
    """The first complete DER (or BER) element of ``data`` (drops trailing garbage)."""
    try:
        return data[: header(data, 0, len(data))[2]]
    except DerError:
        pass
    from certkit.lenient import bounds

    try:
        return data[: bounds(data, 0, len(data))[3]]
    except DerError:
        return data


def _children(data: bytes, start: int, end: int, limit: int = 4) -> list[tuple[int, int, int]]:
    """Up to ``limit`` elements inside ``data[start:end]``, stopping at the first malformed one."""
    out: list[tuple[int, int, int]] = []
    pos = start
    while pos < end and len(out) < limit:
        try:
            tlv = header(data, pos, end)
        except DerError:
            break
        out.append(tlv)
        pos = tlv[2]
    return out


def _classify_der(data: bytes) -> ContainerFormat | None:
    outer = _read_tlv(data, 0)
    if outer is None or outer[0] != 0x30:
        return None
    kids = _children(data, outer[1], outer[2])
    if not kids:
        return None
    first_tag, first_start, first_end = kids[0]
    if first_tag == 0x02 and data[first_start:first_end] == b"\x03" and len(kids) >= 2:
        return ContainerFormat.PKCS12
    if first_tag == 0x06:
        oid = data[first_start:first_end]
        if oid == OID_PKCS7_SIGNED_DATA:
            return ContainerFormat.PKCS7
        return None
    if first_tag in (0x30, 0x02):
        return ContainerFormat.DER
    return None


def _der_key_type(der: bytes) -> str | None:
    """The key type if ``der`` is a private key structure (PKCS#8, PKCS#1, SEC 1), else None."""
    outer = _read_tlv(der, 0)
    if outer is None or outer[0] != 0x30:
        return None
    kids = _children(der, outer[1], outer[2], limit=9)
    if len(kids) < 2 or kids[0][0] != 0x02:
        return None
    version = der[kids[0][1] : kids[0][2]]
    if version in (b"\x00", b"\x01") and kids[1][0] == 0x30 and len(kids) >= 3:
        # PKCS#8: version, AlgorithmIdentifier, OCTET STRING privateKey
        if kids[2][0] != 0x04:
            return None
        alg = _children(der, kids[1][1], kids[1][2], limit=1)
        if not alg or alg[0][0] != 0x06:
            return "unknown"
        oid = der[alg[0][1] : alg[0][2]]
        return {
            bytes.fromhex("2a864886f70d010101"): "RSA",
            bytes.fromhex("2a8648ce3d0201"): "EC",
            bytes.fromhex("2b6570"): "Ed25519",
            bytes.fromhex("2b6571"): "Ed448",
            bytes.fromhex("2a8648ce380401"): "DSA",
        }.get(oid, "unknown")
    if version == b"\x00" and len(kids) == 9 and all(k[0] == 0x02 for k in kids):
        return "RSA"
    if version == b"\x01" and kids[1][0] == 0x04:
        return "EC"
    return None


def _looks_like_csr(der: bytes) -> bool:
    """PKCS#10: SEQUENCE { SEQUENCE { INTEGER 0, Name, SubjectPublicKeyInfo, [0] attrs }, … }."""
    outer = _read_tlv(der, 0)
    if outer is None:
        return False
    kids = _children(der, outer[1], outer[2], limit=3)
    if not kids or kids[0][0] != 0x30:
        return False
    inner = _children(der, kids[0][1], kids[0][2], limit=5)
    return len(inner) == 4 and inner[0][0] == 0x02 and inner[3][0] == 0xA0
