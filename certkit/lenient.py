"""Read what OpenSSL reads: certificates cryptography refuses because they are not DER.

OpenSSL's decoder is lenient (BER lengths, unsorted SETs, explicit defaults, times without seconds,
a version 4, empty RDNs, 8-bit bytes in T61String...); cryptography, like Go and rustls, reads
only what RFC 5280 allows (DER). Real CAs issued such certificates, so certkit reads them too:
:func:`read_certificate` walks the encoding with a lenient BER reader and re-encodes it as the
DER cryptography loads, fixing each departure and reporting it as a finding (``encoding.*``).

The re-encoded certificate is the *view* certkit's checks read (validity, key, extensions); what
the file really holds stays the original bytes: fingerprints, the names (re-encoded without any
repair, so they render as OpenSSL prints them) and ``certkit export`` come from those. Its
signature no longer matches: a chain cannot be verified over it (and strict stacks refuse the
original anyway).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from certkit.der import DerError, tlv
from certkit.der import oid as oid_text
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from cryptography import x509

MAX_DEPTH = 48
"""Nesting deeper than this is refused (certificates nest ~10 deep; bounds the recursion)."""

# A node of the BER tree: (tag byte, content) with content the children of a constructed element.
Node = tuple[int, "bytes | list[Node]"]


class LenientError(DerError):
    """Not a certificate even for a lenient reader."""


@dataclass(frozen=True, slots=True)
class Reading:
    """How a certificate cryptography refused was read: the DER it was re-encoded as, the names as
    the file holds them (as DER, order kept, nothing repaired) and every departure from DER."""

    der: bytes
    subject_der: bytes
    issuer_der: bytes
    problems: tuple[Finding, ...]


def _problem(code: str, **params: object) -> Finding:
    return Finding(f"encoding.{code}", Severity.WARNING, params)


# --------------------------------------------------------------------------------------------------
# BER reading and DER writing


def _parse(data: bytes, pos: int, end: int, depth: int, notes: set[str]) -> tuple[Node, int]:
    """One element at ``pos`` (BER: long or indefinite lengths, constructed strings)."""
    if depth > MAX_DEPTH:
        raise LenientError("nested too deep")
    if pos + 2 > end:
        raise LenientError("truncated element")
    tag = data[pos]
    if tag & 0x1F == 0x1F:
        raise LenientError("multi-byte tag")
    length = data[pos + 1]
    pos += 2
    indefinite = False
    if length == 0x80:
        if not tag & 0x20:
            raise LenientError("indefinite length on a primitive element")
        indefinite = True
        notes.add("indefinite_length")
    elif length & 0x80:
        count = length & 0x7F
        if count > 4 or pos + count > end:
            raise LenientError("bad length")
        length = int.from_bytes(data[pos : pos + count], "big")
        if length < 0x80 or data[pos] == 0:
            notes.add("long_length")
        pos += count
    if not tag & 0x20:
        if pos + length > end:
            raise LenientError("element overruns its container")
        return (tag, data[pos : pos + length]), pos + length
    stop = end if indefinite else pos + length
    if stop > end:
        raise LenientError("element overruns its container")
    children: list[Node] = []
    while pos < stop:
        if indefinite and data[pos : pos + 2] == b"\x00\x00":
            pos += 2
            break
        child, pos = _parse(data, pos, stop, depth + 1, notes)
        children.append(child)
    else:
        if indefinite:
            raise LenientError("missing end-of-contents")
    if tag & 0xC0 == 0 and tag & 0x1F not in (16, 17):  # a constructed string: its pieces joined
        notes.add("constructed_string")
        return (tag & ~0x20, _join_pieces(tag & 0x1F, children)), pos
    return (tag, children), pos


def bounds(data: bytes, pos: int, end: int) -> tuple[int, int, int, int]:
    """(tag, content start, content end, element end) of the BER element at ``pos`` — with an
    indefinite length, the content ends before the end-of-contents octets."""
    _node, stop = _parse(data, pos, end, 0, set())
    tag, length = data[pos], data[pos + 1]
    start = pos + 2 + (length & 0x7F if length & 0x80 and length != 0x80 else 0)
    return tag, start, stop - 2 if length == 0x80 else stop, stop


def _join_pieces(number: int, pieces: list[Node]) -> bytes:
    out = bytearray()
    for index, (_tag, content) in enumerate(pieces):
        if not isinstance(content, bytes):
            content = _join_pieces(number, content)
        if (
            number == 3
        ):  # BIT STRING: one unused-bits octet per piece, only the last may be non-zero
            if not content or (content[0] and index != len(pieces) - 1):
                raise LenientError("bad constructed BIT STRING")
            if index == 0:
                out.append(0)
            out[0] = content[0]
            content = content[1:]
        out += content
    return bytes(out) if out or number != 3 else b"\x00"


def encode(node: Node) -> bytes:
    """The DER of ``node``: definite, minimal lengths."""
    tag, content = node
    return tlv(tag, content if isinstance(content, bytes) else b"".join(map(encode, content)))


def _children(node: Node, what: str) -> list[Node]:
    content = node[1]
    if isinstance(content, bytes):
        raise LenientError(f"{what} is not constructed")
    return content


# --------------------------------------------------------------------------------------------------
# The certificate, field by field

# Signature algorithms whose parameters RFC 5280/5758/8410 say are absent, and RSA PKCS#1 v1.5
# ones whose parameters are NULL.
_NO_PARAMETERS = re.compile(r"1\.2\.840\.10045\.4\..*|1\.3\.101\.11[0-3]|1\.2\.840\.10040\.4\.3|"
                            r"2\.16\.840\.1\.101\.3\.4\.3\.([1-9]|1[0-2])")  # fmt: skip
_NULL_PARAMETERS = re.compile(r"1\.2\.840\.113549\.1\.1\.([2-5]|1[1-4])|"
                              r"2\.16\.840\.1\.101\.3\.4\.3\.1[3-6]")  # fmt: skip
_PLACEHOLDER_KEY_ALGORITHM = (0x06, bytes.fromhex("2b0601040182b95d0101"))  # 1.3.6.1.4.1.23773.1.1


def _fix_algorithm(node: Node, where: str, problems: list[Finding]) -> Node:
    items = _children(node, where)
    if not items or items[0][0] != 0x06 or not isinstance(items[0][1], bytes):
        raise LenientError(f"{where}: no algorithm")
    dotted = oid_text(items[0][1])
    params = items[1:]
    wanted: list[Node] = params[:1]
    if _NO_PARAMETERS.fullmatch(dotted):
        wanted = []
    elif _NULL_PARAMETERS.fullmatch(dotted) and params and params[0] != (0x05, b""):
        wanted = [(0x05, b"")]
    if wanted != params:
        problems.append(_problem("algorithm_parameters", where=where, algorithm=dotted))
    return (node[0], [items[0], *wanted])


def _minimal_integer(node: Node, where: str, problems: list[Finding]) -> Node:
    content = node[1]
    if node[0] != 0x02 or not isinstance(content, bytes):
        raise LenientError(f"{where}: not an INTEGER")
    value = int.from_bytes(content, "big", signed=True) if content else 0
    fixed = value.to_bytes(max(1, (value + (value < 0)).bit_length() // 8 + 1), "big", signed=True)
    if fixed != content:
        problems.append(_problem("integer_encoding", where=where))
    return (0x02, fixed)


def _fix_name(node: Node, which: str, problems: list[Finding]) -> Node:
    """The name as cryptography can build it (the names shown come from the original)."""
    from certkit import names

    rdns: list[Node] = []
    for rdn in _children(node, which):
        if rdn[0] != 0x31:
            raise LenientError(f"{which}: an RDN is not a SET")
        atvs = _children(rdn, which)
        if not atvs:
            problems.append(_problem("empty_rdn", name=which))
            continue
        fixed: dict[bytes, Node] = {}
        for atv in atvs:
            parts = _children(atv, which)
            if len(parts) != 2 or parts[0][0] != 0x06:
                raise LenientError(f"{which}: bad attribute")
            tag, content = parts[1][0], parts[1][1]
            if not isinstance(content, bytes):
                content = encode(parts[1])
            if not names.value_readable_by_cryptography(tag, content):
                text = names.rfc4514(encode((0x30, [(0x31, [(0x30, [parts[0], parts[1]])])])))
                value = text.split("=", 1)[1]
                problems.append(_problem("name_value", name=which, value=value[:80], tag=tag))
                atv = (0x30, [parts[0], (0x0C, value.encode("utf-8"))])
            encoded = encode(atv)
            if encoded in fixed:
                problems.append(_problem("duplicate_attribute", name=which))
                continue
            fixed[encoded] = atv
        ordered = sorted(fixed)
        if ordered != list(fixed):
            problems.append(_problem("unsorted_rdn", name=which))
        rdns.append((0x31, [fixed[e] for e in ordered]))
    return (0x30, rdns)


_UTC = re.compile(rb"(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?")
_GENERALIZED = re.compile(
    rb"(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?"
)


def _fix_time(node: Node, which: str, problems: list[Finding]) -> Node:
    tag, content = node
    if not isinstance(content, bytes):
        raise LenientError(f"{which}: not a time")
    if (tag == 0x17 and re.fullmatch(rb"\d{12}Z", content)) or (
        tag == 0x18 and re.fullmatch(rb"\d{14}Z", content)
    ):
        return node
    match = _UTC if tag == 0x17 else _GENERALIZED if tag == 0x18 else None
    found = match.fullmatch(content) if match is not None else None
    if found is None:
        shown = content.decode("ascii", "replace")[:40]
        raise LenientError(f"{which} {shown!r} is not a time")
    year = int(found.group(1))
    if tag == 0x17:
        year += 2000 if year < 50 else 1900
    zone = found.groups()[-1] or b"Z"
    try:
        moment = dt.datetime(
            year, int(found.group(2)), int(found.group(3)), int(found.group(4)),
            int(found.group(5) or 0), int(found.group(6) or 0), tzinfo=dt.UTC,
        )  # fmt: skip
    except ValueError:
        raise LenientError(f"{which}: impossible date") from None
    if zone != b"Z":
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
        moment = moment - offset if zone[:1] == b"+" else moment + offset
    problems.append(_problem("time_format", field=which, value=content.decode("ascii")))
    if 1950 <= moment.year < 2050:
        return (0x17, moment.strftime("%y%m%d%H%M%SZ").encode())
    return (0x18, f"{moment.year:04d}{moment.strftime('%m%d%H%M%S')}Z".encode())


def _fix_extensions(node: Node, problems: list[Finding]) -> Node:
    wrapped = _children(node, "extensions")
    if len(wrapped) != 1:
        raise LenientError("extensions: not one SEQUENCE")
    fixed: list[Node] = []
    for extension in _children(wrapped[0], "extensions"):
        parts = _children(extension, "extension")
        if len(parts) == 3 and parts[1][0] == 0x01:
            value = parts[1][1]
            name = oid_text(parts[0][1]) if isinstance(parts[0][1], bytes) else "?"
            if value == b"\x00":
                problems.append(_problem("critical_false", extension=name))
                parts = [parts[0], parts[2]]
            elif value != b"\xff":
                problems.append(_problem("boolean_encoding", extension=name))
                parts = [parts[0], (0x01, b"\xff"), parts[2]]
        fixed.append((extension[0], parts))
    return (node[0], [(wrapped[0][0], fixed)])


def _fix_tbs(
    tbs: Node, problems: list[Finding], *, placeholder_key: bool
) -> tuple[Node, Node, Node]:
    """(re-encoded TBS, subject as read, issuer as read)."""
    items = list(_children(tbs, "TBSCertificate"))
    out: list[Node] = []
    if items and items[0][0] == 0xA0:
        inner = _children(items[0], "version")
        if len(inner) != 1:
            raise LenientError("bad version")
        version = _minimal_integer(inner[0], "version", problems)
        number = int.from_bytes(version[1], "big", signed=True)  # type: ignore[arg-type]
        if number == 0:
            problems.append(_problem("version_default"))
        elif number != 2:
            # v2 is X.509's (unique identifiers, no extensions), yet cryptography reads only v1
            # and v3; anything else is no X.509 version. Both are read as v3.
            problems.append(
                _problem("version_2" if number == 1 else "bad_version", version=number + 1)
            )
            out.append((0xA0, [(0x02, b"\x02")]))
        else:
            out.append((0xA0, [version]))
        items = items[1:]
    if len(items) < 6:
        raise LenientError("short TBSCertificate")
    serial, algorithm, issuer, validity, subject, spki = items[:6]
    times = _children(validity, "validity")
    if len(times) != 2:
        raise LenientError("validity: not two times")
    key = spki
    if placeholder_key:
        parts = _children(spki, "subjectPublicKeyInfo")
        problems.append(_problem("public_key"))
        key = (spki[0], [(0x30, [_PLACEHOLDER_KEY_ALGORITHM]), *parts[1:]])
    out += [
        _minimal_integer(serial, "serialNumber", problems),
        _fix_algorithm(algorithm, "signature", problems),
        _fix_name(issuer, "issuer", problems),
        (validity[0], [_fix_time(times[0], "notBefore", problems),
                       _fix_time(times[1], "notAfter", problems)]),
        _fix_name(subject, "subject", problems),
        key,
    ]  # fmt: skip
    for item in items[6:]:
        if item[0] in (0x81, 0xA1, 0x82, 0xA2):
            out.append(item)
        elif item[0] == 0xA3:
            out.append(_fix_extensions(item, problems))
        else:
            problems.append(_problem("trailing_data", where="TBSCertificate"))
    return (0x30, out), subject, issuer


def _rebuild(data: bytes, *, placeholder_key: bool) -> Reading:
    notes: set[str] = set()
    root, _end = _parse(data, 0, len(data), 0, notes)
    if root[0] != 0x30:
        raise LenientError("not a SEQUENCE")
    parts = _children(root, "certificate")
    if len(parts) < 3:
        raise LenientError("short certificate")
    problems = [_problem(note) for note in sorted(notes)]
    if len(parts) > 3:
        problems.append(_problem("trailing_data", where="Certificate"))
    tbs, subject, issuer = _fix_tbs(parts[0], problems, placeholder_key=placeholder_key)
    algorithm = _fix_algorithm(parts[1], "signatureAlgorithm", problems)
    if parts[2][0] != 0x03:
        raise LenientError("signature is not a BIT STRING")
    der = encode((0x30, [tbs, algorithm, parts[2]]))
    seen: set[tuple[str, tuple[tuple[str, object], ...]]] = set()
    unique = []
    for item in problems:
        key = (item.code, tuple(sorted(item.params.items())))
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return Reading(der, encode(subject), encode(issuer), tuple(unique))


def describe(data: bytes) -> Reading:
    """How a certificate cryptography *loads* departs from what it can fully read (its names:
    an empty RDN, an attribute twice, 8-bit bytes in a T61String fail at ``cert.subject``): the
    problems and the names as the file holds them; ``der`` stays the file's own (it is DER)."""
    rebuilt = _rebuild(data, placeholder_key=False)
    return Reading(data, rebuilt.subject_der, rebuilt.issuer_der, rebuilt.problems)


def read_certificate(data: bytes) -> tuple[x509.Certificate, Reading]:
    """(cryptography ``x509.Certificate`` of the re-encoded DER, how it was read) for a certificate
    cryptography refuses; :class:`LenientError` (or cryptography's ValueError) when even a lenient
    reading fails."""
    from cryptography import x509

    reading = _rebuild(data, placeholder_key=False)
    try:
        cert = x509.load_der_x509_certificate(reading.der)
    except ValueError as exc:
        if "spki" not in str(exc).lower():
            raise
        reading = _rebuild(data, placeholder_key=True)
        cert = x509.load_der_x509_certificate(reading.der)
    if not reading.problems:  # cryptography refused something this reader does not see
        raise LenientError("no departure from DER found")
    return cert, reading
