"""Distinguished names: render them as people meet them, parse what people type, compare structures.

Rendering works on the name's DER with a small strict reader (cryptography's ``rfc4514_string()``
costs ~70 µs a name; this costs a few µs, and results are cached on the DER bytes because issuer
names repeat in batches). The three forms agree byte for byte with OpenSSL 3.0:

* :func:`rfc4514` — ``openssl x509 -noout -subject -nameopt RFC2253,-esc_msb`` (most specific RDN
  first, RFC 4514 escaping, UTF-8 kept);
* :func:`openssl_legacy` — ``-nameopt compat`` (``/C=FR/O=.../CN=...``, raw bytes, ``\\xHH``);
* :func:`oneline` — ``-nameopt oneline,-esc_msb`` (``C = FR, O = ..., CN = ...``).

:func:`parse_dn` reads any of these forms (and the Java ``OID.2.5.4.97=`` / Python ``2.5.4.97=``
spellings) into a :class:`ParsedName`; :func:`names_equal` compares two names per RFC 5280 §7.1,
stricter than RFC 4518 on purpose (see its docstring). Comparison is always on structures, never on
strings: a CN holding ``, O=Evil`` stays one CN.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from certkit.der import DerError as NameDecodeError
from certkit.der import header as _header
from certkit.der import oid as _oid_dotted
from certkit.errors import InputError

if TYPE_CHECKING:
    from cryptography import x509

__all__ = [
    "DN_FORMATS",
    "DNForm",
    "NameAttribute",
    "NameDecodeError",
    "ParsedName",
    "attribute_label",
    "certificate_names_der",
    "from_der",
    "from_x509",
    "java",
    "name_der",
    "name_key",
    "names_equal",
    "oid_for_label",
    "oneline",
    "openssl_legacy",
    "openssl_utf8",
    "parse_dn",
    "render",
    "rfc4514",
    "subject_issuer_der",
    "tbs_names_der",
]


class _LazyPattern:
    """A regular expression compiled on first use: the typed-DN parsing patterns are not needed
    to render names, and compiling them all costs one-shot commands ~4 ms at start-up."""

    __slots__ = ("_compiled", "_flags", "_text")

    def __init__(self, text: str, flags: int = 0) -> None:
        self._text = text
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._text, self._flags)
        return self._compiled


class DNForm(StrEnum):
    """The written forms of a DN certkit prints and recognises."""

    RFC4514 = "rfc4514"
    OPENSSL = "openssl"
    ONELINE = "oneline"
    # One RDN per line, "CN = …" — what the Windows certificate dialog shows (Subject field),
    # values written as they are, most specific first.
    LINES = "lines"


RenderFormat = Literal["rfc4514", "openssl", "openssl-utf8", "oneline", "java"]

# Every form :func:`render` writes, in the order commands list them (``--dn-format``, profiles).
DN_FORMATS: tuple[str, ...] = ("rfc4514", "openssl", "openssl-utf8", "oneline", "java")

# --------------------------------------------------------------------------------------------
# Attribute type names
# --------------------------------------------------------------------------------------------

# OpenSSL 3.0 short names of the attribute types met in certificates (the full table is in
# certkit._openssl_oids and is read only for OIDs missing here).
_SHORT: dict[str, str] = {
    "2.5.4.3": "CN",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.9": "street",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.4": "SN",
    "2.5.4.42": "GN",
    "2.5.4.43": "initials",
    "2.5.4.44": "generationQualifier",
    "2.5.4.5": "serialNumber",
    "2.5.4.12": "title",
    "2.5.4.13": "description",
    "2.5.4.15": "businessCategory",
    "2.5.4.17": "postalCode",
    "2.5.4.41": "name",
    "2.5.4.46": "dnQualifier",
    "2.5.4.65": "pseudonym",
    "2.5.4.72": "role",
    "2.5.4.97": "organizationIdentifier",
    "1.2.840.113549.1.9.1": "emailAddress",
    "1.2.840.113549.1.9.2": "unstructuredName",
    "0.9.2342.19200300.100.1.1": "UID",
    "0.9.2342.19200300.100.1.25": "DC",
    "1.3.6.1.4.1.311.60.2.1.1": "jurisdictionL",
    "1.3.6.1.4.1.311.60.2.1.2": "jurisdictionST",
    "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionC",
}

# Other spellings people paste (RFC 4514 long names, Java, Go, Windows, cryptography); lowercased.
_ALIASES: dict[str, str] = {
    "commonname": "2.5.4.3",
    "countryname": "2.5.4.6",
    "localityname": "2.5.4.7",
    "stateorprovincename": "2.5.4.8",
    "s": "2.5.4.8",
    "streetaddress": "2.5.4.9",
    "organizationname": "2.5.4.10",
    "organisationname": "2.5.4.10",
    "organizationalunitname": "2.5.4.11",
    "surname": "2.5.4.4",
    "givenname": "2.5.4.42",
    "g": "2.5.4.42",
    "serialnumber": "2.5.4.5",
    "t": "2.5.4.12",
    "postalcode": "2.5.4.17",
    "organizationidentifier": "2.5.4.97",
    "orgid": "2.5.4.97",
    "email": "1.2.840.113549.1.9.1",
    "e": "1.2.840.113549.1.9.1",
    "emailaddress": "1.2.840.113549.1.9.1",
    "uid": "0.9.2342.19200300.100.1.1",
    "userid": "0.9.2342.19200300.100.1.1",
    "dc": "0.9.2342.19200300.100.1.25",
    "domaincomponent": "0.9.2342.19200300.100.1.25",
}


@lru_cache(maxsize=1)
def _full_table() -> dict[str, str]:
    from certkit._openssl_oids import OPENSSL_OBJECTS

    table: dict[str, str] = {}
    for line in OPENSSL_OBJECTS.splitlines():
        oid, _, short = line.partition(" ")
        table.setdefault(oid, short)
    return table


@lru_cache(maxsize=1)
def _label_table() -> dict[str, str]:
    labels: dict[str, str] = {}
    for oid, short in _full_table().items():
        labels.setdefault(short.lower(), oid)
    for oid, short in _SHORT.items():
        labels[short.lower()] = oid
    labels.update(_ALIASES)
    return labels


def attribute_label(oid: str) -> str | None:
    """OpenSSL's short name of an attribute type (``CN``, ``organizationIdentifier``...), if any."""
    short = _SHORT.get(oid)
    if short is None:
        short = _full_table().get(oid)
    return short


_DOTTED = _LazyPattern(r"(?:oid\.)?([0-2](?:\.(?:0|[1-9][0-9]*))+)", re.IGNORECASE)


def oid_for_label(label: str) -> str | None:
    """The dotted OID an attribute name stands for (``CN``, ``OID.2.5.4.97``, ``2.5.4.97``...)."""
    text = label.strip()
    match = _DOTTED.pattern.fullmatch(text)
    if match:
        return match.group(1)
    return _label_table().get(text.lower())


# --------------------------------------------------------------------------------------------
# DER reading
# --------------------------------------------------------------------------------------------

# Universal tags OpenSSL prints as text, with the character width it reads them at
# (0 = UTF-8, 1 = one byte per character read as Latin-1, 2 = UCS-2, 4 = UCS-4).
_STRING_WIDTH: dict[int, int] = {
    12: 0,
    18: 1,
    19: 1,
    20: 1,
    21: 1,
    22: 1,
    23: 1,
    24: 1,
    25: 1,
    26: 1,
    27: 1,
    28: 4,
    30: 2,
}

# One attribute as read from DER: OID, tag, content bytes, the whole value TLV.
_Entry = tuple[str, int, bytes, bytes]
_Rdns = tuple[tuple[_Entry, ...], ...]


_OID_CACHE: dict[bytes, str] = {}


def _oid_text(content: bytes) -> str:
    cached = _OID_CACHE.get(content)
    if cached is not None:
        return cached
    text = _oid_dotted(content)
    if len(_OID_CACHE) < 10_000:
        _OID_CACHE[content] = text
    return text


@lru_cache(maxsize=8192)
def _decode(der: bytes) -> _Rdns:
    """The RDNs of a DER Name: SEQUENCE OF SET OF SEQUENCE { OID, value }.

    An empty RDN (``SET {}``, which X.501 forbids but OpenSSL and cryptography load) is left out,
    as OpenSSL leaves it out of every form it prints and of its name comparisons."""
    end = len(der)
    tag, pos, seq_end = _header(der, 0, end)
    if tag != 0x30 or seq_end != end:
        raise NameDecodeError("not a SEQUENCE")
    rdns: list[tuple[_Entry, ...]] = []
    while pos < seq_end:
        tag, set_pos, set_end = _header(der, pos, seq_end)
        if tag != 0x31:
            raise NameDecodeError("bad RDN")
        if set_pos == set_end:  # an empty RDN: OpenSSL reads it and shows nothing for it
            pos = set_end
            continue
        entries: list[_Entry] = []
        while set_pos < set_end:
            tag, atv_pos, atv_end = _header(der, set_pos, set_end)
            if tag != 0x30:
                raise NameDecodeError("bad attribute")
            tag, oid_pos, oid_end = _header(der, atv_pos, atv_end)
            if tag != 0x06:
                raise NameDecodeError("bad attribute type")
            value_start = oid_end
            vtag, val_pos, val_end = _header(der, value_start, atv_end)
            if val_end != atv_end:
                raise NameDecodeError("trailing bytes in attribute")
            entries.append(
                (
                    _oid_text(der[oid_pos:oid_end]),
                    vtag,
                    der[val_pos:val_end],
                    der[value_start:val_end],
                )
            )
            set_pos = atv_end
        rdns.append(tuple(entries))
        pos = set_end
    return tuple(rdns)


def _text(tag: int, content: bytes) -> str | None:
    """The characters OpenSSL would print for a string value; None for a non-string value."""
    width = _STRING_WIDTH.get(tag)
    if width is None:
        return None
    if width == 0:
        return content.decode("utf-8", "replace")
    if width == 1:
        return content.decode("latin-1")
    if width == 2:
        return content.decode("utf-16-be", "replace")
    return content.decode("utf-32-be", "replace")


_LONE_BYTE = _LazyPattern("[\udc80-\udcff]")


def _shown_text(tag: int, content: bytes) -> str | None:
    """:func:`_text` for rendering: a UTF8String that is not valid UTF-8 keeps its bytes, each
    invalid one as a lone surrogate (U+DC80 + byte) that :func:`_show_bytes` writes ``\\XX``."""
    if tag == 12:
        return content.decode("utf-8", "surrogateescape")
    return _text(tag, content)


def _show_bytes(rendered: str) -> str:
    """``rendered`` with each byte kept by :func:`_shown_text` written ``\\XX`` (the RFC 4514
    escape of one byte), so that an invalid UTF-8 value shows the bytes it holds, not U+FFFD."""
    if rendered.isascii() or not _LONE_BYTE.pattern.search(rendered):
        return rendered
    return _LONE_BYTE.pattern.sub(lambda m: f"\\{ord(m.group()) - 0xDC00:02X}", rendered)


def name_der(name: x509.Name | bytes) -> bytes:
    """The DER of a name (``bytes`` are taken as DER already)."""
    if type(name) is bytes:  # the usual case, tested first: isinstance on a union costs more
        return name
    if isinstance(name, bytes | bytearray | memoryview):
        return bytes(name)
    return name.public_bytes()


def tbs_names_der(tbs: bytes) -> tuple[bytes, bytes]:
    """(subject DER, issuer DER) of a TBSCertificate; :class:`NameDecodeError` if it is not one."""
    end = len(tbs)
    tag, pos, tbs_end = _header(tbs, 0, end)
    if tag != 0x30:
        raise NameDecodeError("not a TBSCertificate")
    fields: list[tuple[int, int]] = []
    while pos < tbs_end and len(fields) < 7:
        _tag, _start, stop = _header(tbs, pos, tbs_end)
        fields.append((pos, stop))
        pos = stop
    offset = 1 if fields and tbs[fields[0][0]] == 0xA0 else 0  # optional [0] version
    if len(fields) < 5 + offset:
        raise NameDecodeError("short TBSCertificate")
    issuer, subject = fields[2 + offset], fields[4 + offset]
    if tbs[issuer[0]] != 0x30 or tbs[subject[0]] != 0x30:
        raise NameDecodeError("names are not SEQUENCEs")
    return tbs[subject[0] : subject[1]], tbs[issuer[0] : issuer[1]]


def certificate_names_der(der: bytes) -> tuple[bytes, bytes]:
    """(subject DER, issuer DER) read straight from a certificate's DER encoding."""
    tag, pos, end = _header(der, 0, len(der))
    if tag != 0x30:
        raise NameDecodeError("not a certificate")
    _tag, _start, tbs_end = _header(der, pos, end)
    return tbs_names_der(der[pos:tbs_end])


def subject_issuer_der(cert: x509.Certificate) -> tuple[bytes, bytes]:
    """(subject DER, issuer DER) sliced from the TBSCertificate, without building x509.Name objects.

    Reading ``cert.subject`` costs cryptography ~45 µs per certificate; walking the TBS is cheaper.
    Falls back to cryptography's own view when the walk fails.
    """
    try:
        return tbs_names_der(cert.tbs_certificate_bytes)
    except NameDecodeError:
        return cert.subject.public_bytes(), cert.issuer.public_bytes()


def _entries(name: x509.Name | bytes) -> _Rdns:
    der = name_der(name)
    try:
        return _decode(der)
    except NameDecodeError:
        if isinstance(name, bytes | bytearray | memoryview):
            raise
        return _entries_from_cryptography(name)


def _entries_from_cryptography(name: x509.Name) -> _Rdns:
    """cryptography's view of a name, for the rare DER our strict reader refuses."""
    rdns: list[tuple[_Entry, ...]] = []
    for rdn in name.rdns:
        entries: list[_Entry] = []
        for attribute in rdn:
            value = attribute.value
            if isinstance(value, bytes):
                tlv = bytes([0x03, len(value)]) + value if len(value) < 0x80 else b""
                entries.append((attribute.oid.dotted_string, 3, value, tlv))
            else:
                entries.append((attribute.oid.dotted_string, 12, value.encode("utf-8"), b""))
        rdns.append(tuple(entries))
    return tuple(rdns)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

_RFC_SPECIAL = re.compile(r'[,+"\\<>;\x00-\x1f\x7f]|^[ #]| $')
# OpenSSL's RFC 2253 escapes inside a value: backslash before , + " \ < > ; and \XX for controls.
_RFC_TABLE = str.maketrans(
    {c: "\\" + c for c in ',+"\\<>;'}
    | {chr(i): f"\\{i:02X}" for i in range(0x20)}
    | {"\x7f": "\\7F"}
)


def _escape_rfc2253(text: str) -> str:
    """OpenSSL's RFC 2253 escaping (ESC_2253 | ESC_CTRL, UTF-8 kept)."""
    if not _RFC_SPECIAL.search(text):
        return text
    lead = trail = ""
    if text[0] in " #":
        lead, text = "\\" + text[0], text[1:]
    if text.endswith(" "):
        trail, text = "\\ ", text[:-1]
    return lead + text.translate(_RFC_TABLE) + trail


_ONELINE_QUOTE = _LazyPattern(r"[,+<>;]|^[ #]| $")
_ONELINE_SPECIAL = _LazyPattern(r'["\\\x00-\x1f\x7f]')


def _escape_oneline(text: str, esc_msb: bool) -> str:
    quote = bool(_ONELINE_QUOTE.pattern.search(text))
    if _ONELINE_SPECIAL.pattern.search(text):
        out: list[str] = []
        for char in text:
            code = ord(char)
            if char in '"\\':
                out.append("\\" + char)
            elif code < 0x20 or code == 0x7F:
                out.append(f"\\{code:02X}")
            else:
                out.append(char)
        text = "".join(out)
    if esc_msb and not text.isascii():
        text = "".join(
            c if ord(c) < 0x80 else "".join(f"\\{b:02X}" for b in c.encode()) for c in text
        )
    return f'"{text}"' if quote else text


def _label(oid: str) -> str:
    return attribute_label(oid) or oid


class _Irregular(Exception):
    """The fast path met something it leaves to the general reader."""


_LABEL_BY_OID_BYTES: dict[bytes, str | None] = {}
_WIDTH1 = frozenset(tag for tag, width in _STRING_WIDTH.items() if width == 1)


def _label_for_oid_bytes(oid: bytes) -> str | None:
    try:
        return _LABEL_BY_OID_BYTES[oid]
    except KeyError:
        label = attribute_label(_oid_text(oid))
        if len(_LABEL_BY_OID_BYTES) < 10_000:
            _LABEL_BY_OID_BYTES[oid] = label
        return label


# Attribute types certkit.identity reads (organizationIdentifier, OU, serialNumber), by DER bytes.
_IDENTITY_OIDS = {
    b"\x55\x04\x61": "2.5.4.97",
    b"\x55\x04\x0b": "2.5.4.11",
    b"\x55\x04\x05": "2.5.4.5",
}
IDENTITY_OIDS = frozenset(_IDENTITY_OIDS.values())

# One pass over a name's DER: its RFC 4514 text, the (type, text) of the identity attributes,
# the (type, value, binary) of every attribute, its OpenSSL legacy text, and whether cryptography
# can build it as an x509.Name (:func:`cryptography_can_build`).
_Scan = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str, bool], ...], str, bool]
_Atv = tuple[str, tuple[str, str] | None, tuple[str, str, bool], str]

# One AttributeTypeAndValue's DER → its RFC 4514 piece, (type, text) if an identity attribute,
# (type, text, False), legacy piece. Attributes repeat across names (C=FR, the CA's OU, a company's
# organizationIdentifier).
_ATV_CACHE: dict[bytes, _Atv] = {}


def _atv_piece(atv: bytes, search: Callable[[str], object]) -> _Atv:
    """``TYPE=value`` of one short-form AttributeTypeAndValue (raises :class:`_Irregular`)."""
    if atv[2] != 0x06 or atv[3] & 0x80:
        raise _Irregular
    value_pos = 4 + atv[3]
    if value_pos + 2 > len(atv) or atv[value_pos + 1] & 0x80:
        raise _Irregular
    if value_pos + 2 + atv[value_pos + 1] != len(atv):
        raise _Irregular
    oid = atv[4:value_pos]
    label = _label_for_oid_bytes(oid)
    if label is None:
        raise _Irregular
    tag = atv[value_pos]
    if tag == 12:
        try:
            text = atv[value_pos + 2 :].decode("utf-8")
        except UnicodeDecodeError:  # its bytes are shown, by the general reader
            raise _Irregular from None
    elif tag in _WIDTH1:
        if not value_readable_by_cryptography(tag, atv[value_pos + 2 :]):
            raise _Irregular  # rendered the same by the general reader, which also says so
        text = atv[value_pos + 2 :].decode("latin-1")
    else:
        raise _Irregular
    if search(text) is None:  # nothing to escape in RFC 4514: no "+", no control character
        piece = f"{label}={text}"
        # Nor in the legacy form when the text is ASCII without "/" (the usual case).
        plain = text.isascii() and "/" not in text
    else:
        piece = f"{label}={_escape_rfc2253(text)}"
        plain = False
    legacy = f"{label}={text}" if plain else f"{label}={_legacy_value(atv[value_pos + 2 :])}"
    dotted = _IDENTITY_OIDS.get(oid) or _oid_text(oid)
    identity = (dotted, text) if oid in _IDENTITY_OIDS else None
    return piece, identity, (dotted, text, False), legacy


def _rfc4514_fast(der: bytes) -> _Scan:
    """RFC 4514 rendering in one pass for the common shape: short lengths inside each RDN, known
    attribute types, UTF-8 or one-byte string values. Anything else raises :class:`_Irregular`.
    Also returns the (type, text) of the attributes :data:`IDENTITY_OIDS` and of every
    attribute, in DER order, and the OpenSSL legacy form (:func:`openssl_legacy`)."""
    _tag, pos, end = _header(der, 0, len(der))
    if _tag != 0x30 or end != len(der):
        raise _Irregular
    search = _RFC_SPECIAL.search
    cache = _ATV_CACHE
    rdns: list[str] = []
    selected: list[tuple[str, str]] = []
    attributes: list[tuple[str, str, bool]] = []
    legacy: list[str] = []
    buildable = True
    while pos < end:
        if der[pos] != 0x31 or der[pos + 1] & 0x80:
            raise _Irregular
        p = pos + 2
        set_end = p + der[pos + 1]
        if set_end > end:
            raise _Irregular
        if p == set_end:  # an empty RDN, left out (see _decode)
            buildable = False
            pos = set_end
            continue
        pieces: list[str] = []
        legacy_pieces: list[str] = []
        while p < set_end:
            if der[p] != 0x30 or der[p + 1] & 0x80:
                raise _Irregular
            atv_end = p + 2 + der[p + 1]
            if atv_end > set_end:
                raise _Irregular
            atv = der[p:atv_end]
            known = cache.get(atv)
            if known is None:
                known = _atv_piece(atv, search)
                if len(cache) >= 50_000:
                    cache.clear()
                cache[atv] = known
            pieces.append(known[0])
            if known[1] is not None:
                selected.append(known[1])
            attributes.append(known[2])
            legacy_pieces.append(known[3])
            p = atv_end
        if len(pieces) == 1:
            rdns.append(pieces[0])
            legacy.append("/" + legacy_pieces[0])
        else:
            legacy.append("/" + "+".join(legacy_pieces))
            if len(set(attributes[-len(pieces) :])) < len(pieces):
                buildable = False  # the same attribute twice in one RDN
            pieces.reverse()
            rdns.append("+".join(pieces))
        pos = set_end
    rdns.reverse()
    return ",".join(rdns), tuple(selected), tuple(attributes), "".join(legacy), buildable


@lru_cache(maxsize=8192)
def _scan(der: bytes) -> _Scan:
    try:
        return _rfc4514_fast(der)
    except (_Irregular, IndexError):
        rdns = _decode(der)
        selected = []
        for rdn in rdns:
            for oid, tag, content, _tlv in rdn:
                text = _text(tag, content) if oid in IDENTITY_OIDS else None
                if text is not None:
                    selected.append((oid, text))
        attributes = tuple(
            (a.oid, a.value, a.binary) for rdn in rdns for a in map(_attribute_from_entry, rdn)
        )
        # Names off the fast path are rare: cryptography is asked (cryptography_can_build).
        return _render_rfc4514(rdns), tuple(selected), attributes, _render_legacy(rdns), False


def _rfc4514_der(der: bytes) -> str:
    return _scan(der)[0]


def value_readable_by_cryptography(tag: int, content: bytes) -> bool:
    """Whether cryptography reads a name value of string type ``tag`` holding ``content`` (it
    refuses, for instance, 8-bit bytes in a T61String or IA5String, which OpenSSL shows)."""
    if tag == 12:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if tag == 19:
        return _PRINTABLE.fullmatch(content) is not None
    if tag in (20, 22, 26):
        return content.isascii()
    if tag == 30:
        try:
            content.decode("utf-16-be")
        except UnicodeDecodeError:
            return False
        return True
    if tag == 28:
        try:
            content.decode("utf-32-be")
        except UnicodeDecodeError:
            return False
        return True
    return tag in (3, 18)


_PRINTABLE = re.compile(rb"[A-Za-z0-9 '()+,\-./:=?]*")  # bytes: _LazyPattern is for str


def cryptography_can_build(der: bytes) -> bool:
    """True when the name surely builds as a cryptography ``x509.Name`` (no empty RDN, no
    attribute twice in an RDN, only values cryptography reads); False means "ask cryptography".
    Read from the same cached pass as :func:`rfc4514`; raises :class:`NameDecodeError`."""
    return _scan(der)[4]


def identity_values(der: bytes) -> tuple[tuple[str, str], ...]:
    """(type, text) of the organizationIdentifier, OU and serialNumber string values of a DER
    name, in order (shares one cached pass with :func:`rfc4514`)."""
    return _scan(der)[1]


def attribute_values(der: bytes) -> tuple[tuple[str, str, bool], ...]:
    """(dotted OID, value, binary) of every attribute of a DER name, in DER order, as
    :meth:`ParsedName.attributes` gives them (a non-string value as ``#`` + hex, ``binary``
    set), without building the structure (shares one cached pass with :func:`rfc4514`)."""
    return _scan(der)[2]


def _render_rfc4514(rdns: _Rdns) -> str:
    parts: list[str] = []
    for rdn in reversed(rdns):
        items: list[str] = []
        for oid, tag, content, tlv in reversed(rdn):
            short = attribute_label(oid)
            text = _shown_text(tag, content)
            if short is None or text is None:
                items.append(f"{short or oid}=#{tlv.hex().upper()}")
            else:
                items.append(f"{short}={_show_bytes(_escape_rfc2253(text))}")
        parts.append("+".join(items))
    return ",".join(parts)


def _render_name(
    name: x509.Name | bytes,
    from_der: Callable[[bytes], str],
    from_entries: Callable[[_Rdns], str],
) -> str:
    """Render ``name`` from its DER; a DER the strict reader refuses is taken from cryptography's
    own view of an :class:`x509.Name` (raw DER bytes have no such second view: the error stands)."""
    try:
        return from_der(name_der(name))
    except NameDecodeError:
        if isinstance(name, bytes | bytearray | memoryview):
            raise
        return from_entries(_entries_from_cryptography(name))


def rfc4514(name: x509.Name | bytes) -> str:
    """The name as ``openssl x509 -nameopt RFC2253,-esc_msb`` prints it (after ``subject=``).

    Most specific RDN first, OpenSSL's short attribute names, RFC 4514 escaping of ``, + " \\ < >
    ;``, a leading ``#`` or space and a trailing space, control characters as ``\\XX``, UTF-8 kept;
    attribute types OpenSSL does not know and non-string values as ``#`` + DER in hex.
    """
    return _render_name(name, _rfc4514_der, _render_rfc4514)


def _legacy_der(der: bytes) -> str:
    try:
        return _scan(der)[3]
    except NameDecodeError as error:  # the legacy walk may print what the strict reader refuses
        try:
            return _legacy_fast(der)
        except (_Irregular, IndexError):
            raise error from None


def _legacy_fast(der: bytes) -> str:
    """:func:`openssl_legacy` in one pass for the shape :func:`_rfc4514_fast` also handles
    (short lengths inside each RDN); anything else raises :class:`_Irregular`."""
    _tag, pos, end = _header(der, 0, len(der))
    if _tag != 0x30 or end != len(der):
        raise _Irregular
    parts: list[str] = []
    while pos < end:
        if der[pos] != 0x31 or der[pos + 1] & 0x80:
            raise _Irregular
        p = pos + 2
        set_end = p + der[pos + 1]
        if set_end > end:
            raise _Irregular
        if p == set_end:
            pos = set_end
            continue
        items: list[str] = []
        while p < set_end:
            if der[p] != 0x30 or der[p + 2] != 0x06 or der[p + 3] & 0x80:
                raise _Irregular
            atv_end = p + 2 + der[p + 1]
            value_pos = p + 4 + der[p + 3]
            if der[p + 1] & 0x80 or der[value_pos + 1] & 0x80:
                raise _Irregular
            if value_pos + 2 + der[value_pos + 1] != atv_end or atv_end > set_end:
                raise _Irregular
            oid = der[p + 4 : value_pos]
            label = _label_for_oid_bytes(oid) or _oid_text(oid)
            content = _legacy_content(
                der[value_pos], der[value_pos + 2 : atv_end], der[value_pos:atv_end]
            )
            items.append(f"{label}={_legacy_value(content)}")
            p = atv_end
        parts.append("/" + "+".join(items))
        pos = set_end
    return "".join(parts)


_LEGACY_PLAIN = re.compile(rb"[\x20-\x2a\x2c-\x2e\x30-\x7e]*")


def _legacy_content(tag: int, content: bytes, tlv: bytes) -> bytes:
    """The bytes X509_NAME_oneline prints for a value: a BIT STRING's without its unused-bits
    octet; a SEQUENCE's whole encoding (OpenSSL keeps it as the value); otherwise the content."""
    if tag == 3:
        return content[1:]
    if tag == 0x30:
        return tlv
    return content


def _legacy_value(content: bytes) -> str:
    if _LEGACY_PLAIN.fullmatch(content):  # the usual case: nothing to escape
        return content.decode("ascii")
    out: list[str] = []
    for byte in content:
        if byte < 0x20 or byte > 0x7E:
            out.append(f"\\x{byte:02X}")
        elif byte in (0x2F, 0x2B):  # "/" and "+"
            out.append("\\" + chr(byte))
        else:
            out.append(chr(byte))
    return "".join(out)


def _render_legacy(rdns: _Rdns) -> str:
    parts: list[str] = []
    for rdn in rdns:
        items = [
            f"{_label(oid)}={_legacy_value(_legacy_content(tag, content, tlv))}"
            for oid, tag, content, tlv in rdn
        ]
        parts.append("/" + "+".join(items))
    return "".join(parts)


def openssl_legacy(name: x509.Name | bytes) -> str:
    """The name as ``openssl x509 -nameopt compat`` prints it: ``/C=FR/O=.../CN=...``.

    Forward order, raw value bytes (bytes outside printable ASCII as ``\\xHH``, so UTF-8 shows as
    ``\\xC3\\xA9``), ``/`` and ``+`` inside a value written ``\\/`` and ``\\+``.
    """
    return _render_name(name, _legacy_der, _render_legacy)


@lru_cache(maxsize=4096)
def _oneline_der(der: bytes, esc_msb: bool) -> str:
    return _render_oneline(_decode(der), esc_msb)


def _render_oneline(rdns: _Rdns, esc_msb: bool) -> str:
    parts: list[str] = []
    for rdn in rdns:
        items: list[str] = []
        for oid, tag, content, tlv in rdn:
            text = _shown_text(tag, content)
            value = (
                f"#{tlv.hex().upper()}"
                if text is None
                else _show_bytes(_escape_oneline(text, esc_msb))
            )
            items.append(f"{_label(oid)} = {value}")
        parts.append(" + ".join(items))
    return ", ".join(parts)


def oneline(name: x509.Name | bytes, *, esc_msb: bool = False) -> str:
    """The name as ``openssl x509 -nameopt oneline,-esc_msb`` prints it: ``C = FR, O = ...``.

    ``esc_msb=True`` gives plain ``-nameopt oneline`` (non-ASCII as ``\\C3\\A9``).
    """
    return _render_name(
        name,
        functools.partial(_oneline_der, esc_msb=esc_msb),
        functools.partial(_render_oneline, esc_msb=esc_msb),
    )


def _render_legacy_utf8(rdns: _Rdns) -> str:
    parts: list[str] = []
    for rdn in rdns:
        items: list[str] = []
        for oid, tag, content, tlv in rdn:
            text = _text(tag, content)
            value = f"#{tlv.hex().upper()}" if text is None else _legacy_text(text)
            items.append(f"{_label(oid)}={value}")
        parts.append("/" + "+".join(items))
    return "".join(parts)


def _legacy_text(text: str) -> str:
    """The legacy form's escapes on characters: ``\\/``, ``\\+``, controls as ``\\xHH``."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02X}")
        elif char in "/+":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=4096)
def _legacy_utf8_der(der: bytes) -> str:
    return _render_legacy_utf8(_decode(der))


def openssl_utf8(name: x509.Name | bytes) -> str:
    """The legacy ``/C=FR/O=.../CN=...`` form with its characters kept, not as ``\\xC3\\xA8``.

    What a person reads in ``openssl x509 -nameopt compat`` once the bytes are decoded: the string
    types read as text (UTF-8, BMPString, Latin-1 types), ``/`` and ``+`` inside a value escaped
    as ``\\/`` and ``\\+``, control characters as ``\\xHH``; non-string values as ``#`` + DER hex.
    """
    return _render_name(name, _legacy_utf8_der, _render_legacy_utf8)


# Java's keywords (sun.security.x509.AVAKeyword, the default style X500Principal.toString() and
# keytool use); any other type is written "OID.<dotted>".
_JAVA_KEYWORDS = {
    "2.5.4.3": "CN",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.12": "T",
    "2.5.4.9": "STREET",
    "0.9.2342.19200300.100.1.25": "DC",
    "2.5.4.46": "DNQ",
    "2.5.4.4": "SURNAME",
    "2.5.4.42": "GIVENNAME",
    "2.5.4.43": "INITIALS",
    "2.5.4.44": "GENERATION",
    "1.2.840.113549.1.9.1": "EMAILADDRESS",
    "0.9.2342.19200300.100.1.1": "UID",
    "2.5.4.5": "SERIALNUMBER",
    "1.3.6.1.4.1.42.2.11.2.1": "IP",
}
_JAVA_ESCAPEES = ',+=\n<>#;\\"'


def _java_value(text: str) -> str:
    """A value as ``AVA.toKeywordValueString`` writes it: quoted when it holds one of
    ``,+=<>#;\\"`` or a newline, starts or ends with a space, or has two spaces in a row; ``"`` and
    ``\\`` escaped with a backslash."""
    quote = False
    previous_white = False
    out: list[str] = []
    for index, char in enumerate(text):
        if char in _JAVA_ESCAPEES or char == " " or (" " <= char <= "~"):
            if (index == 0 and char in " \n") or char in _JAVA_ESCAPEES:
                quote = True
            if char in " \n":
                if previous_white:
                    quote = True
                previous_white = True
            else:
                if char in '"\\':
                    out.append("\\")
                previous_white = False
            out.append(char)
        else:
            previous_white = False
            out.append(char)
    if out and out[-1] in " \n":
        quote = True
    value = "".join(out)
    return f'"{value}"' if quote else value


def _render_java(rdns: _Rdns) -> str:
    parts: list[str] = []
    for rdn in reversed(rdns):
        items: list[str] = []
        for oid, tag, content, tlv in rdn:
            keyword = _JAVA_KEYWORDS.get(oid) or f"OID.{oid}"
            text = _text(tag, content)
            value = f"#{tlv.hex().upper()}" if text is None else _java_value(text)
            items.append(f"{keyword}={value}")
        parts.append(" + ".join(items))
    return ", ".join(parts)


@lru_cache(maxsize=4096)
def _java_der(der: bytes) -> str:
    return _render_java(_decode(der))


def java(name: x509.Name | bytes) -> str:
    """The name as Java prints it (``X500Principal.toString()``, ``keytool -printcert``):
    ``CN=…, OID.2.5.4.97=NTRFR-…, O=…, C=FR`` — most specific RDN first, ``", "`` between RDNs,
    ``" + "`` inside one, Java's keywords (``OID.2.5.4.97`` for organizationIdentifier), values
    quoted rather than backslash-escaped."""
    return _render_name(name, _java_der, _render_java)


def render(name: x509.Name | bytes, fmt: str = "rfc4514") -> str:
    """The name in form ``fmt`` (one of :data:`DN_FORMATS`): ``rfc4514`` (default), ``openssl``
    (legacy ``/``, raw bytes), ``openssl-utf8`` (legacy with characters kept), ``oneline``,
    ``java``."""
    if fmt == DNForm.RFC4514:
        return rfc4514(name)
    if fmt == DNForm.OPENSSL:
        return openssl_legacy(name)
    if fmt == DNForm.ONELINE:
        return oneline(name)
    if fmt == "openssl-utf8":
        return openssl_utf8(name)
    if fmt == "java":
        return java(name)
    raise InputError("names.unknown_format", format=fmt, choices=", ".join(DN_FORMATS))


# --------------------------------------------------------------------------------------------
# Structures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameAttribute:
    """One attribute of a name: its type (dotted OID) and value.

    ``value`` is the text of a string value; a non-string value (or an OID-typed ``#hex`` value
    whose content is not a string) is kept as ``#`` + its DER in lowercase hex with ``binary`` set.
    ``tag`` (the ASN.1 string type, when known) does not take part in equality.
    """

    oid: str
    value: str
    binary: bool = False
    tag: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """OpenSSL's short name of the type, or the dotted OID."""
        return _label(self.oid)


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name as a structure: RDNs in DER order (least specific first, usually ``C``).

    ``form`` says which written form a typed name was read from; it does not take part in
    equality.
    """

    rdns: tuple[tuple[NameAttribute, ...], ...]
    form: DNForm | None = field(default=None, compare=False)

    def attributes(self) -> Iterator[NameAttribute]:
        """Every attribute, RDN by RDN."""
        for rdn in self.rdns:
            yield from rdn

    def values(self, oid: str) -> tuple[str, ...]:
        """The values of every attribute of type ``oid``."""
        return tuple(a.value for a in self.attributes() if a.oid == oid)

    def reversed(self) -> ParsedName:
        """The same RDNs in the opposite order."""
        return ParsedName(tuple(reversed(self.rdns)), self.form)


def _attribute_from_entry(entry: _Entry) -> NameAttribute:
    oid, tag, content, tlv = entry
    text = _text(tag, content)
    if text is None:
        return NameAttribute(oid, "#" + (tlv or content).hex(), True, tag)
    return NameAttribute(oid, text, False, tag)


@lru_cache(maxsize=4096)
def _from_der_cached(der: bytes) -> ParsedName:
    rdns = _decode(der)
    return ParsedName(tuple(tuple(_attribute_from_entry(e) for e in rdn) for rdn in rdns))


def from_der(der: bytes) -> ParsedName:
    """The structure of a DER-encoded name (raises :class:`NameDecodeError` when malformed)."""
    return _from_der_cached(bytes(der))


def from_x509(name: x509.Name | bytes) -> ParsedName:
    """The structure of a certificate's name (``x509.Name`` or its DER)."""
    try:
        return _from_der_cached(name_der(name))
    except NameDecodeError:
        if isinstance(name, bytes | bytearray | memoryview):
            raise
        rdns = _entries_from_cryptography(name)
        return ParsedName(tuple(tuple(_attribute_from_entry(e) for e in rdn) for rdn in rdns))


# --------------------------------------------------------------------------------------------
# Parsing typed DNs
# --------------------------------------------------------------------------------------------

_HEX = "0123456789abcdefABCDEF"
_ONELINE_HINT = _LazyPattern(r"[A-Za-z0-9.]\s+=\s")
_LEGACY_NEXT = _LazyPattern(r"\s*([A-Za-z][A-Za-z0-9-]*|(?:oid\.)?[0-2](?:\.[0-9]+)+)\s*=", re.I)


def _syntax(text: str, position: int, problem: str) -> InputError:
    """A DN syntax error: code ``names.dn_<problem>``, with the text and the 1-based position."""
    return InputError(f"names.dn_{problem}", text=text, position=position + 1)


def _resolve(label: str, text: str, position: int) -> str:
    if not label:
        raise _syntax(text, position, "missing_name")
    oid = oid_for_label(label)
    if oid is None:
        raise InputError("names.unknown_attribute", text=text, attribute=label)
    return oid


def _hex_value(oid: str, hex_text: str, text: str, position: int) -> NameAttribute:
    try:
        tlv = bytes.fromhex(hex_text)
        tag, start, end = _header(tlv, 0, len(tlv))
        if end != len(tlv):
            raise NameDecodeError("trailing bytes")
    except (ValueError, NameDecodeError):
        raise _syntax(text, position, "bad_hex") from None
    return _attribute_from_entry((oid, tag, tlv[start:end], tlv))


# One NAME=value pair of the common shape: plain characters, backslash before a special character,
# spaces inside the value; anything else (quotes, #hex, \XX) is left to the general parser.
_FAST_PAIR = _LazyPattern(
    r"[ ]*([A-Za-z][A-Za-z0-9-]*|(?:[Oo][Ii][Dd]\.)?[0-9]+(?:\.[0-9]+)+)[ ]*=[ ]*"
    r'((?![#" ])(?:[^,+;\\" ]|\\[,+;"\\<>=# ]|[ ]+(?=[^,+; ]))*)[ ]*([,+;]|$)'
)
_UNESCAPE = _LazyPattern(r"\\(.)")


def _parse_comma_fast(text: str) -> list[list[NameAttribute]] | None:
    """:func:`_parse_comma` for text made only of common-shape pairs; None for anything else."""
    rdns: list[list[NameAttribute]] = [[]]
    pos, end = 0, len(text)
    match = _FAST_PAIR.pattern.match
    while True:
        found = match(text, pos)
        if found is None:
            return None
        label, value, separator = found.groups()
        oid = oid_for_label(label)
        if oid is None:
            return None
        if "\\" in value:
            value = _UNESCAPE.pattern.sub(r"\1", value)
        rdns[-1].append(NameAttribute(oid, value))
        pos = found.end()
        if not separator:
            return rdns if pos == end else None
        if separator != "+":
            rdns.append([])


def _parse_comma(text: str) -> list[list[NameAttribute]]:
    """RFC 4514 / oneline text, left to right as typed."""
    rdns: list[list[NameAttribute]] = [[]]
    i, n = 0, len(text)
    while True:
        while i < n and text[i] == " ":
            i += 1
        start = i
        while i < n and text[i] not in "=,+;":
            i += 1
        if i >= n or text[i] != "=":
            raise _syntax(text, start, "expected_name_value")
        oid = _resolve(text[start:i].strip(), text, start)
        i += 1
        while i < n and text[i] == " ":
            i += 1
        value_start = i
        if i < n and text[i] == "#":
            j = i + 1
            while j < n and text[j] in _HEX:
                j += 1
            attribute = _hex_value(oid, text[i + 1 : j], text, i)
            i = j
        else:
            buf = bytearray()
            if i < n and text[i] == '"':
                i += 1
                closed = False
                while i < n:
                    char = text[i]
                    if char == '"':
                        closed = True
                        i += 1
                        break
                    if char == "\\":
                        i = _escape(text, i, buf)
                        continue
                    buf += char.encode()
                    i += 1
                if not closed:
                    raise _syntax(text, value_start, "unterminated_quote")
            else:
                keep = 0  # length of buf up to the last escaped or non-space character
                while i < n and text[i] not in ",+;":
                    char = text[i]
                    if char == "\\":
                        i = _escape(text, i, buf)
                        keep = len(buf)
                        continue
                    buf += char.encode()
                    i += 1
                    if char != " ":
                        keep = len(buf)
                del buf[keep:]
            try:
                value = buf.decode("utf-8")
            except UnicodeDecodeError:
                raise _syntax(text, value_start, "bad_utf8") from None
            attribute = NameAttribute(oid, value)
        rdns[-1].append(attribute)
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            return rdns
        if text[i] == "+":
            i += 1
        elif text[i] in ",;":
            rdns.append([])
            i += 1
        else:
            raise _syntax(text, i, "expected_separator")


def _escape(text: str, i: int, buf: bytearray) -> int:
    """Handle the backslash at ``text[i]``; append what it stands for; return the next index."""
    if i + 1 >= len(text):
        raise _syntax(text, i, "backslash_at_end")
    nxt = text[i + 1]
    if nxt in _HEX and i + 2 < len(text) and text[i + 2] in _HEX:
        buf.append(int(text[i + 1 : i + 3], 16))
        return i + 3
    buf += nxt.encode()
    return i + 2


def _parse_legacy(text: str) -> list[list[NameAttribute]]:
    """OpenSSL ``/C=FR/O=.../CN=...`` text, forward order."""
    rdns: list[list[NameAttribute]] = []
    i, n = 0, len(text)
    pending_new_rdn = True
    while i < n:
        # text[i] is "/" or "+" (a separator) followed by NAME=
        match = _LEGACY_NEXT.pattern.match(text, i + 1)
        if match is None:
            raise _syntax(text, i + 1, "expected_name_value")
        oid = _resolve(match.group(1), text, i + 1)
        j = match.end()
        buf = bytearray()
        while j < n:
            char = text[j]
            if char in "/+":
                nxt = _LEGACY_NEXT.pattern.match(text, j + 1)
                if nxt is not None and oid_for_label(nxt.group(1)) is not None:
                    break
                buf += char.encode()
                j += 1
            elif char == "\\" and j + 1 < n and text[j + 1] in "/+":
                buf += text[j + 1].encode()
                j += 2
            elif (
                char == "\\"
                and text[j + 1 : j + 2] in ("x", "X")
                and len(text) >= j + 4
                and all(c in _HEX for c in text[j + 2 : j + 4])
            ):
                buf.append(int(text[j + 2 : j + 4], 16))
                j += 4
            else:
                buf += char.encode()
                j += 1
        try:
            value = bytes(buf).decode("utf-8")
        except UnicodeDecodeError:
            value = bytes(buf).decode("latin-1")
        attribute = NameAttribute(oid, value.strip(" "))
        if pending_new_rdn:
            rdns.append([attribute])
        else:
            rdns[-1].append(attribute)
        if j < n:
            pending_new_rdn = text[j] == "/"
        i = j
    return rdns


_LONE_SURROGATE = _LazyPattern("[\ud800-\udfff]")
_BLANKS = " \t\r\n"  # only ASCII blanks around a pasted DN: NEL, NBSP... belong to values


_LINE_PAIR = _LazyPattern(
    r"\s*((?:oid\.)?[0-2](?:\.[0-9]+)+|[A-Za-z][A-Za-z0-9-]*)\s*=\s?(.*)", re.I
)


def _rdn_lines(text: str) -> list[tuple[str, str]] | None:
    """(name, value) of each line when ``text`` is one ``NAME = value`` per line, else None."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    pairs: list[tuple[str, str]] = []
    for line in lines:
        match = _LINE_PAIR.pattern.fullmatch(line.rstrip("\r"))
        if match is None or oid_for_label(match.group(1)) is None:
            return None
        pairs.append((match.group(1), match.group(2).strip(" \t")))
    return pairs


def detect_form(text: str) -> DNForm:
    """Which written form ``text`` looks like."""
    stripped = text.strip(_BLANKS)
    if "\n" in stripped and _rdn_lines(stripped) is not None:
        return DNForm.LINES
    if stripped.startswith("/"):
        return DNForm.OPENSSL
    if _ONELINE_HINT.pattern.search(stripped):
        return DNForm.ONELINE
    return DNForm.RFC4514


def parse_dn(text: str) -> ParsedName:
    """Read a DN typed or pasted by someone, in any form certkit knows.

    * ``/C=FR/O=.../CN=...`` (OpenSSL legacy): forward order; ``\\xHH``, ``\\/`` and ``\\+``
      escapes; a ``/`` or ``+`` not followed by a known ``NAME=`` stays in the value.
    * one ``NAME = value`` per line (the Windows certificate dialog): most specific first, values
      as they are (a comma in a value needs no escape there);
    * comma-separated text (RFC 4514, OpenSSL oneline ``C = FR, O = ...``, Java, Go): read in RFC
      4514 order, the **last** RDN typed being the first in the certificate. Text copied from a tool
      that prints ``C`` first therefore comes out reversed, which is what :func:`names_equal` and
      ``dn-match`` report as *reordered*. Escapes (``\\,``, ``\\XX``), quoted values and ``#hex``
      are honoured; spaces around ``=``, ``,`` and ``+`` are ignored, unescaped spaces at either
      end of a value are dropped, escaped ones kept.

    Attribute names are case-insensitive (``CN``, ``commonName``, ``organizationIdentifier``,
    ``OID.2.5.4.97``, ``2.5.4.97``, ``SERIALNUMBER``, ``E``...). Raises :class:`InputError`
    (``names.dn_syntax`` / ``names.unknown_attribute``) for text that is not a DN.
    """
    if _LONE_SURROGATE.pattern.search(text):  # a byte that is not UTF-8 (the shell's argv, escaped)
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise InputError("names.dn_not_utf8", text=shown)
    form = detect_form(text)
    stripped = text.strip(_BLANKS)
    trailing_backslashes = len(stripped) - len(stripped.rstrip("\\"))
    if trailing_backslashes % 2 and len(stripped) < len(text.rstrip("\r\n")):
        stripped += " "  # "CN=x\\ " : the escaped trailing space belongs to the value
    if not stripped:
        raise InputError("names.dn_empty")
    if form is DNForm.OPENSSL:
        rdns = _parse_legacy(stripped)
        return ParsedName(tuple(tuple(rdn) for rdn in rdns), form)
    if form is DNForm.LINES:
        pairs = _rdn_lines(stripped) or []
        attributes = [NameAttribute(oid_for_label(name) or name, value) for name, value in pairs]
        return ParsedName(tuple((a,) for a in reversed(attributes)), form)
    rdns = _parse_comma_fast(stripped) or _parse_comma(stripped)
    return ParsedName(tuple(tuple(reversed(rdn)) for rdn in reversed(rdns)), form)


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def prepare(attribute: NameAttribute) -> tuple[str, bool, str]:
    """The comparison key of an attribute: (type, binary, prepared value).

    String values are compared after Unicode NFC normalisation and case folding. Deliberately
    stricter than RFC 4518: no compatibility (NFKC) mapping, nothing mapped to nothing, spaces
    significant — so look-alike characters, NUL and control characters, and leading or trailing
    spaces always make a different name (the registry's own comparison is unconfirmed: a value with
    a trailing space is a different string for it). Binary values compare byte for byte.
    """
    value = attribute.value
    if attribute.binary:
        return (attribute.oid, True, value.lower())
    if value.isascii():
        return (attribute.oid, False, value.casefold())
    return (attribute.oid, False, unicodedata.normalize("NFC", value).casefold())


def rdn_key(rdn: tuple[NameAttribute, ...]) -> tuple[tuple[str, bool, str], ...]:
    """An RDN's comparison key: its prepared attributes, order ignored (a SET in DER)."""
    if len(rdn) == 1:
        return (prepare(rdn[0]),)
    return tuple(sorted(prepare(a) for a in rdn))


def name_key(name: ParsedName) -> tuple[tuple[tuple[str, bool, str], ...], ...]:
    """A name's comparison key, RDN by RDN in order: equal keys mean :func:`names_equal`."""
    return tuple(rdn_key(rdn) for rdn in name.rdns)


def _as_parsed(name: ParsedName | x509.Name | bytes) -> ParsedName:
    return name if isinstance(name, ParsedName) else from_x509(name)


def names_equal(a: ParsedName | x509.Name | bytes, b: ParsedName | x509.Name | bytes) -> bool:
    """True when ``a`` and ``b`` are the same name (RFC 5280 §7.1): RDN by RDN in order, attributes
    of a multi-valued RDN in any order, values compared with :func:`prepare`."""
    left, right = _as_parsed(a), _as_parsed(b)
    if len(left.rdns) != len(right.rdns):
        return False
    return name_key(left) == name_key(right)
