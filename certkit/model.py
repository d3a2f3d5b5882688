"""CertificateFacts: one immutable, typed view of a certificate, computed once.

Everything later layers ask about a certificate (names, validity, key, usages, policies,
identifiers, URLs) is read here, once. A malformed or unknown extension never raises out of
:func:`facts`: it is recorded in ``extension_problems`` / ``unknown_extensions`` instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography import x509

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
    """The subject public key: type (RSA, EC, Ed25519, Ed448, DSA), size in bits, EC curve."""

    type: str
    bits: int | None
    curve: str | None


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
    subject: x509.Name
    issuer: x509.Name
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

    @property
    def is_self_signed(self) -> bool:
        return self.subject == self.issuer

    def days_left(self, now: dt.datetime | None = None) -> int:
        """Whole days until ``not_after`` (negative once expired), counted from ``now`` (UTC)."""
        now = now or dt.datetime.now(dt.UTC)
        return int((self.not_after - now).total_seconds() // 86400)

    def is_valid_at(self, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return self.not_before <= now <= self.not_after


def facts(cert: x509.Certificate) -> CertificateFacts:
    """Read ``cert`` once into a :class:`CertificateFacts`; never raises on odd extensions."""
    from cryptography.hazmat.primitives import hashes

    from certkit import names

    subject = cert.subject
    issuer = cert.issuer
    sig_oid = cert.signature_algorithm_oid.dotted_string
    ext = _read_extensions(cert)
    return CertificateFacts(
        certificate=cert,
        subject=subject,
        issuer=issuer,
        subject_rfc4514=names.rfc4514(subject),
        issuer_rfc4514=names.rfc4514(issuer),
        subject_openssl=names.openssl_legacy(subject),
        issuer_openssl=names.openssl_legacy(issuer),
        version=cert.version.value + 1,
        serial_hex=format(cert.serial_number, "x"),
        sha256=cert.fingerprint(hashes.SHA256()).hex(),
        sha1=cert.fingerprint(hashes.SHA1()).hex(),  # an identifier, not a security use
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key=key_info(cert),
        signature_algorithm=SIGNATURE_NAMES.get(sig_oid, sig_oid),
        signature_algorithm_oid=sig_oid,
        signature_hash=SIGNATURE_HASHES.get(sig_oid) or _pss_hash(cert, sig_oid),
        **ext,
    )


def key_info(cert: x509.Certificate) -> KeyInfo:
    """Type, size and curve of the certificate's public key (``unknown`` when unsupported)."""
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    try:
        key = cert.public_key()
    except Exception:
        return KeyInfo("unknown", None, None)
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

    from certkit import names

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
