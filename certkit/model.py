"""CertificateFacts: one immutable, typed view of a certificate, computed once.

Everything later layers ask about a certificate (names, validity, key, usages, policies,
identifiers, URLs) is read here, once. A malformed or unknown extension never raises out of
:func:`facts`: it is recorded in ``extension_problems`` / ``unknown_extensions`` instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from certkit import der, names

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.findings import Finding
    from certkit.lenient import Reading

KEY_USAGE_NAMES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)

EKU_NAMES = {
    "1.3.6.1.5.5.7.3.1": "server_auth",
    "1.3.6.1.5.5.7.3.2": "client_auth",
    "1.3.6.1.5.5.7.3.3": "code_signing",
    "1.3.6.1.5.5.7.3.4": "email_protection",
    "1.3.6.1.5.5.7.3.8": "time_stamping",
    "1.3.6.1.5.5.7.3.9": "ocsp_signing",
    "2.5.29.37.0": "any_extended_key_usage",
    "1.3.6.1.4.1.311.20.2.2": "smartcard_logon",
    "1.3.6.1.5.2.3.5": "kerberos_pkinit_kdc",
    "1.3.6.1.4.1.311.10.3.12": "document_signing",
}

SIGNATURE_NAMES = {
    "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
    "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
    "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
    "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
    "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
    "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
    "1.2.840.113549.1.1.10": "rsassaPss",
    "1.2.840.10045.4.1": "ecdsa-with-SHA1",
    "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
    "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
    "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
    "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
    "1.3.101.112": "ED25519",
    "1.3.101.113": "ED448",
    "1.2.840.10040.4.3": "dsa_with_SHA1",
    "2.16.840.1.101.3.4.3.2": "dsa_with_SHA256",
}

SIGNATURE_HASHES = {
    "1.2.840.113549.1.1.4": "md5",
    "1.2.840.113549.1.1.5": "sha1",
    "1.2.840.113549.1.1.11": "sha256",
    "1.2.840.113549.1.1.12": "sha384",
    "1.2.840.113549.1.1.13": "sha512",
    "1.2.840.113549.1.1.14": "sha224",
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
    "1.2.840.10040.4.3": "sha1",
    "2.16.840.1.101.3.4.3.2": "sha256",
}


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """The subject public key: type (RSA, EC, Ed25519, Ed448, DSA), size in bits, EC curve;
    ``error`` says why the key does not decode (a TLS stack could not use it), else None."""

    type: str
    bits: int | None
    curve: str | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ExtensionProblem:
    """An extension that could not be read: its OID, criticality and what went wrong."""

    oid: str
    critical: bool | None
    reason: str


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    """Everything certkit reads from one certificate."""

    certificate: x509.Certificate
    subject_der: bytes
    issuer_der: bytes
    subject_rfc4514: str
    issuer_rfc4514: str
    subject_openssl: str
    issuer_openssl: str
    version: int
    serial_hex: str
    sha256: str
    sha1: str
    not_before: dt.datetime
    not_after: dt.datetime
    key: KeyInfo
    signature_algorithm: str
    signature_algorithm_oid: str
    signature_hash: str | None
    is_ca: bool | None
    path_length: int | None
    key_usage: tuple[str, ...] | None
    extended_key_usage: tuple[str, ...] | None
    policies: tuple[str, ...]
    san: tuple[str, ...]
    aki: str | None
    ski: str | None
    ocsp_urls: tuple[str, ...]
    ca_issuers_urls: tuple[str, ...]
    crl_urls: tuple[str, ...]
    unknown_extensions: tuple[str, ...]
    extension_problems: tuple[ExtensionProblem, ...]
    encoding_problems: tuple[Finding, ...] = ()
    """How the certificate departs from DER (:mod:`certkit.lenient`); empty for a DER one."""

    @property
    def subject(self) -> x509.Name:
        return self.certificate.subject

    @property
    def issuer(self) -> x509.Name:
        return self.certificate.issuer

    @property
    def is_self_signed(self) -> bool:
        """Subject and issuer are the same name (compared on their DER encoding)."""
        return self.subject_der == self.issuer_der

    def days_left(self, now: dt.datetime | None = None) -> int:
        """Whole days until ``not_after`` (negative once expired), counted from ``now`` (UTC)."""
        now = now or dt.datetime.now(dt.UTC)
        return int((self.not_after - now).total_seconds() // 86400)

    def is_valid_at(self, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return self.not_before <= now <= self.not_after


def facts(
    cert: x509.Certificate, der: bytes | None = None, reading: Reading | None = None
) -> CertificateFacts:
    """Read ``cert`` once into a :class:`CertificateFacts`; never raises on odd extensions.

    ``der`` is the certificate's encoding when the caller already holds it (the loader does):
    the common shapes are then read straight from it (:func:`_fields_from_der`), an order of
    magnitude faster than building cryptography's extension objects. Anything the fast reader does
    not know, or finds malformed, is read through cryptography instead, with the same result.

    ``reading`` is how the loader read a certificate that is not DER (``bundle.readings``):
    ``cert`` is then the re-encoded view, ``der`` the file's bytes (fingerprints), and the names
    are the file's own.
    """
    from certkit.der import DerError

    if der is None:
        from cryptography.hazmat.primitives.serialization import Encoding

        der = cert.public_bytes(Encoding.DER)
    try:
        fields = _fields_from_der(der if reading is None else reading.der, cert)
    except (DerError, ValueError, IndexError, KeyError):
        with warnings.catch_warnings():
            # cryptography warns about encodings it still accepts; facts report what they can.
            warnings.simplefilter("ignore")
            fields = _fields_from_cryptography(cert)
    if reading is not None:
        fields.update(
            subject_der=reading.subject_der,
            issuer_der=reading.issuer_der,
            encoding_problems=reading.problems,
        )
        if any(p.code == "encoding.public_key" for p in reading.problems):
            fields["key"] = KeyInfo("unknown", None, None, "not readable")
    subject_der: bytes = fields["subject_der"]
    issuer_der: bytes = fields["issuer_der"]
    return CertificateFacts(
        certificate=cert,
        subject_rfc4514=names.rfc4514(subject_der),
        issuer_rfc4514=names.rfc4514(issuer_der),
        subject_openssl=names.openssl_legacy(subject_der),
        issuer_openssl=names.openssl_legacy(issuer_der),
        sha256=hashlib.sha256(der).hexdigest(),
        sha1=hashlib.sha1(der).hexdigest(),  # an identifier, not a security use
        **fields,
    )


def _fields_from_cryptography(cert: x509.Certificate) -> dict[str, Any]:
    """Every field but names and fingerprints, through cryptography's own parser (robust path)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from certkit.der import DerError, certificate_names

    sig_oid = cert.signature_algorithm_oid.dotted_string
    try:
        subject_der, issuer_der = certificate_names(cert.public_bytes(Encoding.DER))
    except DerError:
        subject_der, issuer_der = cert.subject.public_bytes(), cert.issuer.public_bytes()
    return {
        "subject_der": subject_der,
        "issuer_der": issuer_der,
        "version": cert.version.value + 1,
        "serial_hex": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before_utc,
        "not_after": cert.not_valid_after_utc,
        "key": key_info(cert),
        "signature_algorithm": SIGNATURE_NAMES.get(sig_oid, sig_oid),
        "signature_algorithm_oid": sig_oid,
        "signature_hash": SIGNATURE_HASHES.get(sig_oid) or _pss_hash(cert, sig_oid),
        **_read_extensions(cert),
    }


def key_info(cert: x509.Certificate) -> KeyInfo:
    """Type, size and curve of the certificate's public key (``unknown`` when unsupported)."""
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    try:
        key = cert.public_key()
    except Exception as exc:
        return KeyInfo(_key_algorithm_name(cert), None, None, _reason(exc))
    if isinstance(key, rsa.RSAPublicKey):
        return KeyInfo("RSA", key.key_size, None)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return KeyInfo("EC", key.key_size, key.curve.name)
    if isinstance(key, ed25519.Ed25519PublicKey):
        return KeyInfo("Ed25519", 256, None)
    if isinstance(key, ed448.Ed448PublicKey):
        return KeyInfo("Ed448", 456, None)
    if isinstance(key, dsa.DSAPublicKey):
        return KeyInfo("DSA", key.key_size, None)
    return KeyInfo(type(key).__name__, None, None)


KEY_ALGORITHMS = {
    "1.2.840.113549.1.1.1": "RSA",
    "1.2.840.113549.1.1.10": "RSA-PSS",
    "1.2.840.10045.2.1": "EC",
    "1.3.101.112": "Ed25519",
    "1.3.101.113": "Ed448",
    "1.2.840.10040.4.1": "DSA",
}


def _key_algorithm_name(cert: x509.Certificate) -> str:
    """The key type named by the SPKI's algorithm OID, for a key that does not decode."""
    try:
        spki = cert.public_key_algorithm_oid.dotted_string
    except Exception:
        return "unknown"
    return KEY_ALGORITHMS.get(spki, spki)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def _pss_hash(cert: x509.Certificate, sig_oid: str) -> str | None:
    if sig_oid != "1.2.840.113549.1.1.10":
        return None
    try:
        algorithm = cert.signature_hash_algorithm
    except Exception:
        return None
    return algorithm.name if algorithm is not None else None


def _read_extensions(cert: x509.Certificate) -> dict[str, Any]:
    """The extension-derived fields of :class:`CertificateFacts`.

    cryptography parses all extensions at once and refuses the whole set when one is malformed;
    then each extension is read on its own with asn1crypto, and the bad ones are reported.
    """
    try:
        extensions = cert.extensions
    except Exception as exc:
        return _read_extensions_leniently(cert, str(exc))
    out = _empty_extension_fields()
    problems: list[ExtensionProblem] = []
    unknown: list[str] = []
    for extension in extensions:
        oid = extension.oid.dotted_string
        try:
            if not _apply_extension(out, oid, extension.value):
                unknown.append(oid)
        except Exception as exc:
            problems.append(ExtensionProblem(oid, extension.critical, str(exc)[:200]))
    out["unknown_extensions"] = tuple(unknown)
    out["extension_problems"] = tuple(problems)
    return out


def _empty_extension_fields() -> dict[str, Any]:
    return {
        "is_ca": None,
        "path_length": None,
        "key_usage": None,
        "extended_key_usage": None,
        "policies": (),
        "san": (),
        "aki": None,
        "ski": None,
        "ocsp_urls": (),
        "ca_issuers_urls": (),
        "crl_urls": (),
        "unknown_extensions": (),
        "extension_problems": (),
    }


def _apply_extension(out: dict[str, Any], oid: str, value: Any) -> bool:
    """Store what ``value`` (a cryptography extension value) says; False when not understood."""
    from cryptography import x509

    if isinstance(value, x509.BasicConstraints):
        out["is_ca"] = value.ca
        out["path_length"] = value.path_length
    elif isinstance(value, x509.KeyUsage):
        out["key_usage"] = _key_usage_names(value)
    elif isinstance(value, x509.ExtendedKeyUsage):
        out["extended_key_usage"] = tuple(
            EKU_NAMES.get(o.dotted_string, o.dotted_string) for o in value
        )
    elif isinstance(value, x509.CertificatePolicies):
        out["policies"] = tuple(p.policy_identifier.dotted_string for p in value)
    elif isinstance(value, x509.SubjectAlternativeName):
        out["san"] = tuple(_general_name(n) for n in value)
    elif isinstance(value, x509.AuthorityKeyIdentifier):
        out["aki"] = value.key_identifier.hex() if value.key_identifier is not None else None
    elif isinstance(value, x509.SubjectKeyIdentifier):
        out["ski"] = value.digest.hex()
    elif isinstance(value, x509.AuthorityInformationAccess):
        ocsp, issuers = [], []
        for desc in value:
            if isinstance(desc.access_location, x509.UniformResourceIdentifier):
                method = desc.access_method.dotted_string
                if method == "1.3.6.1.5.5.7.48.1":
                    ocsp.append(desc.access_location.value)
                elif method == "1.3.6.1.5.5.7.48.2":
                    issuers.append(desc.access_location.value)
        out["ocsp_urls"] = tuple(ocsp)
        out["ca_issuers_urls"] = tuple(issuers)
    elif isinstance(value, x509.CRLDistributionPoints):
        urls = []
        for point in value:
            for name in point.full_name or ():
                if isinstance(name, x509.UniformResourceIdentifier):
                    urls.append(name.value)
        out["crl_urls"] = tuple(urls)
    elif isinstance(value, x509.UnrecognizedExtension):
        return False
    return True


def _key_usage_names(value: x509.KeyUsage) -> tuple[str, ...]:
    found = []
    for name in KEY_USAGE_NAMES:
        if name in ("encipher_only", "decipher_only") and not value.key_agreement:
            continue
        if getattr(value, name):
            found.append(name)
    return tuple(found)


def _general_name(name: Any) -> str:
    from cryptography import x509

    if isinstance(name, x509.DNSName):
        return f"DNS:{name.value}"
    if isinstance(name, x509.IPAddress):
        return f"IP:{name.value}"
    if isinstance(name, x509.RFC822Name):
        return f"email:{name.value}"
    if isinstance(name, x509.UniformResourceIdentifier):
        return f"URI:{name.value}"
    if isinstance(name, x509.DirectoryName):
        return f"DirName:{names.rfc4514(name.value)}"
    if isinstance(name, x509.RegisteredID):
        return f"RID:{name.value.dotted_string}"
    if isinstance(name, x509.OtherName):
        return f"othername:{name.type_id.dotted_string}"
    return str(name)


def _read_extensions_leniently(cert: x509.Certificate, reason: str) -> dict[str, Any]:
    """Read each extension on its own (asn1crypto), recording the ones that do not parse."""
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives.serialization import Encoding

    out = _empty_extension_fields()
    problems: list[ExtensionProblem] = []
    unknown: list[str] = []
    try:
        parsed = ax509.Certificate.load(cert.public_bytes(Encoding.DER))
        raw_extensions = list(parsed["tbs_certificate"]["extensions"])
    except Exception as exc:
        out["extension_problems"] = (ExtensionProblem("*", None, f"{reason}; {exc}"[:200]),)
        return out
    for raw in raw_extensions:
        try:
            oid = raw["extn_id"].dotted
            critical = bool(raw["critical"].native)
        except Exception as exc:
            problems.append(ExtensionProblem("?", None, str(exc)[:200]))
            continue
        try:
            if not _apply_asn1_extension(out, oid, raw["extn_value"].parsed):
                unknown.append(oid)
        except Exception as exc:
            problems.append(ExtensionProblem(oid, critical, str(exc)[:200] or reason))
    if not problems:
        problems.append(ExtensionProblem("*", None, reason[:200]))
    out["unknown_extensions"] = tuple(unknown)
    out["extension_problems"] = tuple(problems)
    return out


def _apply_asn1_extension(out: dict[str, Any], oid: str, value: Any) -> bool:
    """The asn1crypto twin of :func:`_apply_extension`, for the lenient path."""
    if value is None:
        return False
    if oid == "2.5.29.19":
        native = value.native
        out["is_ca"] = bool(native.get("ca"))
        out["path_length"] = native.get("path_len_constraint")
    elif oid == "2.5.29.15":
        bits = value.native  # set of names in asn1crypto spelling
        mapping = {"non_repudiation": "content_commitment"}
        out["key_usage"] = tuple(
            n for n in KEY_USAGE_NAMES if n in {mapping.get(b, b) for b in bits}
        )
    elif oid == "2.5.29.37":
        out["extended_key_usage"] = tuple(EKU_NAMES.get(item.dotted, item.dotted) for item in value)
    elif oid == "2.5.29.32":
        out["policies"] = tuple(p["policy_identifier"].dotted for p in value)
    elif oid == "2.5.29.35":
        key_id = value["key_identifier"].native
        out["aki"] = key_id.hex() if key_id else None
    elif oid == "2.5.29.14":
        out["ski"] = value.native.hex()
    elif oid == "2.5.29.17":
        out["san"] = tuple(f"{n.name}:{n.native}" for n in value)
    else:
        return False
    return True


# --------------------------------------------------------------------------------------------------
# Fast path: the same fields read straight from the DER (see facts()).

# Extensions cryptography parses into typed objects. The fast reader handles some of them itself;
# for the others it hands the certificate to cryptography, so results never differ between paths.
CRYPTOGRAPHY_EXTENSIONS = frozenset(
    {
        "2.5.29.9", "2.5.29.14", "2.5.29.15", "2.5.29.16", "2.5.29.17", "2.5.29.18",
        "2.5.29.19", "2.5.29.20", "2.5.29.21", "2.5.29.23", "2.5.29.24", "2.5.29.27",
        "2.5.29.28", "2.5.29.29", "2.5.29.30", "2.5.29.31", "2.5.29.32", "2.5.29.33",
        "2.5.29.35", "2.5.29.36", "2.5.29.37", "2.5.29.46", "2.5.29.54",
        "1.3.6.1.5.5.7.1.1", "1.3.6.1.5.5.7.1.11", "1.3.6.1.5.5.7.1.24",
        "1.3.6.1.5.5.7.48.1.5", "1.3.6.1.5.5.7.48.1.2",
        "1.3.6.1.4.1.11129.2.4.2", "1.3.6.1.4.1.11129.2.4.3", "1.3.6.1.4.1.11129.2.4.5",
        "1.3.6.1.4.1.311.21.7", "1.3.36.8.3.3",
    }
)  # fmt: skip

EC_CURVES = {
    "1.2.840.10045.3.1.7": ("secp256r1", 256),
    "1.3.132.0.34": ("secp384r1", 384),
    "1.3.132.0.35": ("secp521r1", 521),
    "1.3.132.0.10": ("secp256k1", 256),
    "1.3.132.0.33": ("secp224r1", 224),
    "1.3.36.3.3.2.8.1.1.7": ("brainpoolP256r1", 256),
    "1.3.36.3.3.2.8.1.1.11": ("brainpoolP384r1", 384),
    "1.3.36.3.3.2.8.1.1.13": ("brainpoolP512r1", 512),
}


class _NotFast(ValueError):
    """A shape the fast reader leaves to cryptography."""


def _time(tag: int, content: bytes) -> dt.datetime:
    """UTCTime (``YYMMDDHHMMSSZ``, years 1950–2049) or GeneralizedTime (``YYYYMMDDHHMMSSZ``), the
    only forms RFC 5280 §4.1.2.5 allows; read as one integer (no text slicing per field)."""
    if content[-1:] != b"Z" or not content[:-1].isdigit():
        raise _NotFast("time format")
    if tag == 0x17 and len(content) == 13:
        n = int(content[:12])
        year = n // 10**10
        year += 2000 if year < 50 else 1900
    elif tag == 0x18 and len(content) == 15:
        n = int(content[:14])
        year = n // 10**10
        n %= 10**10
    else:
        raise _NotFast("time format")
    return dt.datetime(
        year, n // 10**8 % 100, n // 10**6 % 100, n // 10**4 % 100, n // 100 % 100, n % 100,
        tzinfo=dt.UTC,
    )  # fmt: skip


def _fields_from_der(data: bytes, cert: x509.Certificate) -> dict[str, Any]:
    """Every field but names and fingerprints, read from the certificate's DER (``cert``: the
    same certificate parsed by cryptography, which decodes its public key)."""
    _, cert_start, cert_end = der.header(data, 0, len(data))
    tbs, sig_alg, _signature = der.children(data, cert_start, cert_end)[:3]
    sig_children = der.children(data, sig_alg[1], sig_alg[2])
    sig_oid = der.oid(data[sig_children[0][1] : sig_children[0][2]])
    if sig_oid not in SIGNATURE_HASHES and sig_oid not in ("1.3.101.112", "1.3.101.113"):
        raise _NotFast("signature algorithm")
    items = der.children(data, tbs[1], tbs[2])
    version = 1
    if items[0][0] == 0xA0:
        inner = der.children(data, items[0][1], items[0][2])
        version = der.integer(data[inner[0][1] : inner[0][2]]) + 1
        items = items[1:]
    if version != 3 and version != 1:
        raise _NotFast("version")
    serial_tlv, alg_tlv, issuer_tlv, validity_tlv, subject_tlv, spki_tlv = items[:6]
    if serial_tlv[0] != 0x02 or issuer_tlv[0] != 0x30 or subject_tlv[0] != 0x30:
        raise _NotFast("tbs layout")
    times = der.children(data, validity_tlv[1], validity_tlv[2])
    fields: dict[str, Any] = {
        # TBS elements are contiguous: a name's encoding starts where the element before it ends.
        "subject_der": data[validity_tlv[2] : subject_tlv[2]],
        "issuer_der": data[alg_tlv[2] : issuer_tlv[2]],
        "version": version,
        "serial_hex": format(der.integer(data[serial_tlv[1] : serial_tlv[2]]), "x"),
        "not_before": _time(times[0][0], data[times[0][1] : times[0][2]]),
        "not_after": _time(times[1][0], data[times[1][1] : times[1][2]]),
        "key": _spki_key(data, spki_tlv, cert),
        "signature_algorithm": SIGNATURE_NAMES.get(sig_oid, sig_oid),
        "signature_algorithm_oid": sig_oid,
        "signature_hash": SIGNATURE_HASHES.get(sig_oid),
    }
    fields.update(_empty_extension_fields())
    extensions = [item for item in items[6:] if item[0] == 0xA3]
    if extensions:
        _fast_extensions(data, extensions[0], fields)
    return fields


def _spki_key(data: bytes, spki: tuple[int, int, int], cert: x509.Certificate) -> KeyInfo:
    """The key of the SubjectPublicKeyInfo element ``spki``; decoded by cryptography (a few µs,
    through the certificate already parsed: no import of its serialization package, 13 ms of a
    one-file command's start-up) so that a key no TLS stack could use is reported, not passed."""
    alg, bits = der.children(data, spki[1], spki[2])[:2]
    alg_items = der.children(data, alg[1], alg[2])
    alg_oid = der.oid(data[alg_items[0][1] : alg_items[0][2]])
    if alg_oid == "1.2.840.113549.1.1.1":
        try:
            key_seq = der.header(data, bits[1] + 1, bits[2])
            modulus = der.children(data, key_seq[1], key_seq[2])[0]
            size: int | None = der.integer(data[modulus[1] : modulus[2]]).bit_length()
        except (der.DerError, IndexError):
            size = None
        info = KeyInfo("RSA", size, None)
    elif alg_oid == "1.2.840.10045.2.1":
        curve = EC_CURVES.get(der.oid(data[alg_items[1][1] : alg_items[1][2]]))
        if curve is None:
            raise _NotFast("curve")
        info = KeyInfo("EC", curve[1], curve[0])
    elif alg_oid == "1.3.101.112":
        info = KeyInfo("Ed25519", 256, None)
    elif alg_oid == "1.3.101.113":
        info = KeyInfo("Ed448", 456, None)
    else:
        raise _NotFast("key algorithm")
    try:
        cert.public_key()
    except Exception as exc:  # ValueError or cryptography's own errors: the key is unusable
        return KeyInfo(info.type, info.bits, info.curve, _reason(exc))
    return info


def _fast_extensions(data: bytes, wrapper: tuple[int, int, int], out: dict[str, Any]) -> None:
    seq = der.header(data, wrapper[1], wrapper[2])
    seen: set[str] = set()
    unknown: list[str] = []
    for _tag, start, stop in der.children(data, seq[1], seq[2]):
        # A batch's certificates share most extensions byte for byte (one CA: the same key
        # usage, policies, AKI, AIA): each distinct encoding is read once.
        encoding = data[start:stop]
        known = _EXTENSIONS_READ.get(encoding)
        if known is None:
            known = _read_extension(data, start, stop)
            if len(_EXTENSIONS_READ) >= 8192:
                _EXTENSIONS_READ.clear()
            _EXTENSIONS_READ[encoding] = known
        oid, fields = known
        if oid in seen:
            raise _NotFast("duplicate extension")
        seen.add(oid)
        if fields is None:
            unknown.append(oid)
        else:
            out.update(fields)
    out["unknown_extensions"] = tuple(unknown)


# Extension content (OID, criticality, value) → (OID, the facts fields it sets, or None for an
# extension certkit does not read). Values are immutable: shared between certificates.
_EXTENSIONS_READ: dict[bytes, tuple[str, dict[str, Any] | None]] = {}


def _read_extension(data: bytes, start: int, stop: int) -> tuple[str, dict[str, Any] | None]:
    parts = der.children(data, start, stop)
    oid = der.oid(data[parts[0][1] : parts[0][2]])
    value = parts[-1]
    if value[0] != 0x04 or len(parts) > 3:
        raise _NotFast("extension value")
    if len(parts) == 3 and (parts[1][0] != 0x01 or data[parts[1][1] : parts[1][2]] != b"\xff"):
        raise _NotFast("extension criticality encoding")
    reader = _FAST_READERS.get(oid)
    if reader is not None:
        fields: dict[str, Any] = {}
        reader(data, value[1], value[2], fields)
        return oid, fields
    if oid in CRYPTOGRAPHY_EXTENSIONS:
        raise _NotFast(f"extension {oid}")
    return oid, None


def _fast_basic_constraints(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    seq = der.header(data, start, end)
    ca, path_length = False, None
    for tag, s, e in der.children(data, seq[1], seq[2]):
        if tag == 0x01:
            if data[s:e] != b"\xff":  # DER: FALSE is the default and must be omitted
                raise _NotFast("basicConstraints cA encoding")
            ca = True
        elif tag == 0x02:
            path_length = der.integer(data[s:e])
        else:
            raise _NotFast("basicConstraints")
    if path_length is not None and (not ca or path_length < 0):
        raise _NotFast("basicConstraints path length")
    out["is_ca"] = ca
    out["path_length"] = path_length


KEY_USAGE_BITS = (
    (0, 0x80, "digital_signature"),
    (0, 0x40, "content_commitment"),
    (0, 0x20, "key_encipherment"),
    (0, 0x10, "data_encipherment"),
    (0, 0x08, "key_agreement"),
    (0, 0x04, "key_cert_sign"),
    (0, 0x02, "crl_sign"),
    (0, 0x01, "encipher_only"),
    (1, 0x80, "decipher_only"),
)


def _fast_key_usage(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    tag, s, e = der.header(data, start, end)
    if tag != 0x03 or e - s < 1 or e - s > 3:
        raise _NotFast("keyUsage")
    octets = data[s + 1 : e] + b"\x00\x00"
    found = [name for index, mask, name in KEY_USAGE_BITS if octets[index] & mask]
    if "key_agreement" not in found:
        found = [n for n in found if n not in ("encipher_only", "decipher_only")]
    out["key_usage"] = tuple(found)


def _fast_oid_sequence(data: bytes, start: int, end: int) -> list[str]:
    seq = der.header(data, start, end)
    oids = []
    for tag, s, e in der.children(data, seq[1], seq[2]):
        if tag != 0x06:
            raise _NotFast("OID expected")
        oids.append(der.oid(data[s:e]))
    return oids


def _fast_eku(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    out["extended_key_usage"] = tuple(
        EKU_NAMES.get(o, o) for o in _fast_oid_sequence(data, start, end)
    )


def _fast_policies(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    seq = der.header(data, start, end)
    policies = []
    for tag, s, e in der.children(data, seq[1], seq[2]):
        inner = der.children(data, s, e)
        if tag != 0x30 or inner[0][0] != 0x06 or len(inner) > 2:
            raise _NotFast("policy")
        if len(inner) == 2:
            _check_qualifiers(data, inner[1])
        policies.append(der.oid(data[inner[0][1] : inner[0][2]]))
    out["policies"] = tuple(policies)


def _check_qualifiers(data: bytes, qualifiers: tuple[int, int, int]) -> None:
    """Accept only the two well-formed qualifier shapes (CPS URI, user notice); else fall back."""
    if qualifiers[0] != 0x30:
        raise _NotFast("policy qualifiers")
    for tag, s, e in der.children(data, qualifiers[1], qualifiers[2]):
        parts = der.children(data, s, e)
        if tag != 0x30 or len(parts) != 2 or parts[0][0] != 0x06:
            raise _NotFast("policy qualifier")
        kind = der.oid(data[parts[0][1] : parts[0][2]])
        if kind == "1.3.6.1.5.5.7.2.1" and parts[1][0] == 0x16:
            data[parts[1][1] : parts[1][2]].decode("ascii")
        elif kind == "1.3.6.1.5.5.7.2.2" and parts[1][0] == 0x30:
            for ntag, _ns, _ne in der.children(data, parts[1][1], parts[1][2]):
                if ntag not in (0x30, 0x0C, 0x16, 0x1A, 0x1E):
                    raise _NotFast("user notice")
        else:
            raise _NotFast("policy qualifier kind")


def _fast_general_name(data: bytes, tag: int, s: int, e: int) -> str:
    import ipaddress

    if tag == 0x82:
        return "DNS:" + data[s:e].decode("ascii")
    if tag == 0x81:
        return "email:" + data[s:e].decode("ascii")
    if tag == 0x86:
        return "URI:" + data[s:e].decode("ascii")
    if tag == 0x87 and e - s in (4, 16):
        return f"IP:{ipaddress.ip_address(data[s:e])}"
    if tag == 0x88:
        return "RID:" + der.oid(data[s:e])
    if tag == 0xA4:
        inner = der.header(data, s, e)
        return "DirName:" + names.rfc4514(data[s : inner[2]])
    raise _NotFast("general name")


def _fast_san(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    seq = der.header(data, start, end)
    out["san"] = tuple(
        _fast_general_name(data, tag, s, e) for tag, s, e in der.children(data, seq[1], seq[2])
    )


def _fast_aki(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    seq = der.header(data, start, end)
    for tag, s, e in der.children(data, seq[1], seq[2]):
        if tag == 0x80:
            out["aki"] = data[s:e].hex()
        elif tag not in (0xA1, 0x82):
            raise _NotFast("authorityKeyIdentifier")


def _fast_ski(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    tag, s, e = der.header(data, start, end)
    if tag != 0x04:
        raise _NotFast("subjectKeyIdentifier")
    out["ski"] = data[s:e].hex()


def _fast_aia(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    seq = der.header(data, start, end)
    ocsp, issuers = [], []
    for _tag, s, e in der.children(data, seq[1], seq[2]):
        method, location = der.children(data, s, e)
        if location[0] != 0x86:
            raise _NotFast("access location")
        url = data[location[1] : location[2]].decode("ascii")
        oid = der.oid(data[method[1] : method[2]])
        if oid == "1.3.6.1.5.5.7.48.1":
            ocsp.append(url)
        elif oid == "1.3.6.1.5.5.7.48.2":
            issuers.append(url)
    out["ocsp_urls"] = tuple(ocsp)
    out["ca_issuers_urls"] = tuple(issuers)


def _fast_crl_dp(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    seq = der.header(data, start, end)
    urls = []
    for _tag, s, e in der.children(data, seq[1], seq[2]):
        for tag, ps, pe in der.children(data, s, e):
            if tag != 0xA0:
                raise _NotFast("distribution point")
            name_tag, ns, ne = der.header(data, ps, pe)
            if name_tag != 0xA0:
                raise _NotFast("distribution point name")
            for gtag, gs, ge in der.children(data, ns, ne):
                if gtag != 0x86:
                    raise _NotFast("distribution point URI")
                urls.append(data[gs:ge].decode("ascii"))
    out["crl_urls"] = tuple(urls)


def _fast_precert_poison(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    if data[start:end] != b"\x05\x00":
        raise _NotFast("precertificate poison")


def _fast_sct_list(data: bytes, start: int, end: int, out: dict[str, Any]) -> None:
    tag, _s, e = der.header(data, start, end)
    if tag != 0x04 or e != end:
        raise _NotFast("SCT list")


_FAST_READERS = {
    "1.3.6.1.4.1.11129.2.4.3": _fast_precert_poison,
    "1.3.6.1.4.1.11129.2.4.2": _fast_sct_list,
    "2.5.29.19": _fast_basic_constraints,
    "2.5.29.15": _fast_key_usage,
    "2.5.29.37": _fast_eku,
    "2.5.29.32": _fast_policies,
    "2.5.29.17": _fast_san,
    "2.5.29.35": _fast_aki,
    "2.5.29.14": _fast_ski,
    "1.3.6.1.5.5.7.1.1": _fast_aia,
    "2.5.29.31": _fast_crl_dp,
}
