"""Issuance: from a profile (and a key or a CSR) to a signed leaf certificate, in memory.

Nothing here touches the disk: :mod:`certkit.testca.store` records and writes what this builds.
What a leaf gets, whatever the profile file says:

- its validity inside the issuer's unless the caller explicitly allows otherwise (a CA that signs
  beyond its own end date makes chains that break on the day nobody expects);
- no ``keyEncipherment`` or ``dataEncipherment`` on an EC key (RFC 8813 §3: an id-ecPublicKey
  certificate must not assert them — pkilint, Go and NSS complain); on an RSA key, the profile's
  key usages as written;
- a subjectKeyIdentifier, the issuer's authorityKeyIdentifier and a random 159-bit serial.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from certkit import names
from certkit.errors import InputError
from certkit.identity import luhn_valid
from certkit.testca import files
from certkit.testca.profiles import EXTENDED_KEY_USAGES, KEY_TYPES, SUBJECT_ATTRIBUTES, Profile

if TYPE_CHECKING:
    import ssl

    from cryptography.hazmat.primitives.asymmetric.types import (
        CertificateIssuerPrivateKeyTypes,
        CertificatePublicKeyTypes,
    )
    from OpenSSL import SSL

#: certkit's test policy arc: IANA's private enterprise number 32473, reserved for documentation
#: and examples (RFC 5612), sub-arc 67.75 ("CK" in ASCII) for certkit. Every arc fits in 32 bits:
#: Go before 1.22, cryptography 38 (Debian 12), cfssl 1.2 and pkilint refuse the larger arcs of
#: 2.25 UUID OIDs.
#: Sub-arcs: .1.<level> serveur-client RGS-like level 1..3, .2.1 personal, .3.1 TLS server.
TEST_POLICY_ARC = "1.3.6.1.4.1.32473.67.75"
#: The arc certkit used before (a UUID under 2.25): still recognised as a certkit test policy.
LEGACY_TEST_POLICY_ARC = "2.25.125106089734319282756610306535975169538"

_SigningHash = hashes.SHA256 | hashes.SHA384 | hashes.SHA512
_HASHES: dict[str, type[_SigningHash]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
# RFC 8813 §3: not for an id-ecPublicKey key.
_RSA_ONLY_USAGES = frozenset({"key_encipherment", "data_encipherment"})
# X.509 times end with the year 9999 (GeneralizedTime, RFC 5280 §4.1.2.5).
LAST_TIME = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


# --------------------------------------------------------------------------------------------
# SIRENs and keys


def is_valid_siren(siren: str) -> bool:
    """Nine digits passing the Luhn checksum (see :func:`certkit.identity.is_valid_siren`)."""
    from certkit.identity import is_valid_siren as valid

    return valid(siren)


def random_siren() -> str:
    """A random nine-digit SIREN that passes the Luhn checksum (first digit never 0)."""
    body = str(secrets.randbelow(9) + 1) + "".join(str(secrets.randbelow(10)) for _ in range(7))
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


def siren_problem(siren: str) -> str | None:
    """Why ``siren`` is not a valid SIREN ("format" or "luhn"), or None when it is."""
    if len(siren) != 9 or not siren.isascii() or not siren.isdigit():
        return "format"
    if not luhn_valid(siren):
        return "luhn"
    return None


def check_siren(siren: str, *, allow_invalid: bool = False) -> None:
    """:class:`InputError` for a SIREN that is not 9 digits with a valid Luhn check digit."""
    if not allow_invalid:
        problem = siren_problem(siren)
        if problem is not None:
            raise InputError(f"testca.siren_{problem}", siren=siren)


def generate_key(key_type: str) -> CertificateIssuerPrivateKeyTypes:
    """A fresh private key of ``key_type`` (ec-p256, ec-p384, rsa-1024/2048/3072/4096)."""
    if key_type == "ec-p256":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "ec-p384":
        return ec.generate_private_key(ec.SECP384R1())
    if key_type.startswith("rsa-") and key_type in KEY_TYPES:
        return rsa.generate_private_key(public_exponent=65537, key_size=int(key_type[4:]))
    raise InputError("testca.key_type_unknown", key_type=key_type, known=", ".join(KEY_TYPES))


# Security strength in bits (NIST SP 800-57 part 1, table 2).
_RSA_STRENGTH = ((15360, 256), (7680, 192), (3072, 128), (2048, 112), (1024, 80))
_EC_STRENGTH = {"secp256r1": 128, "secp384r1": 192, "secp521r1": 256}
#: The RGS floor (annex B1): RSA ≥ 2048 bits, EC ≥ 256 bits — 112 bits of security.
RGS_MIN_STRENGTH = 112


def key_description(key: CertificatePublicKeyTypes) -> str:
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}"
    return type(key).__name__.removeprefix("_").replace("PublicKey", "")


def key_strength(key: CertificatePublicKeyTypes) -> int | None:
    """Bits of security of a public key, None for a kind the test CA does not certify."""
    if isinstance(key, rsa.RSAPublicKey):
        return next((bits for size, bits in _RSA_STRENGTH if key.key_size >= size), 0)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return _EC_STRENGTH.get(key.curve.name)
    return None


def profile_min_strength(prof: Profile) -> int:
    """What a key must reach for ``prof``: the RGS floor, or less when the profile's own key type
    is weaker on purpose (``weak-rsa1024`` exists to be refused by the registry)."""
    own = generate_strength(prof.key_type)
    return min(RGS_MIN_STRENGTH, own)


def generate_strength(key_type: str) -> int:
    if key_type.startswith("rsa-"):
        size = int(key_type[4:])
        return next((bits for limit, bits in _RSA_STRENGTH if size >= limit), 0)
    return {"ec-p256": 128, "ec-p384": 192}.get(key_type, RGS_MIN_STRENGTH)


def check_key_for_profile(key: CertificatePublicKeyTypes, prof: Profile) -> None:
    """:class:`InputError` when ``key`` is too weak for ``prof``, or a kind it does not take."""
    strength = key_strength(key)
    if strength is None:
        raise InputError("testca.csr_key_unsupported", key=key_description(key), profile=prof.name)
    minimum = profile_min_strength(prof)
    if strength < minimum:
        raise InputError(
            "testca.csr_key_weak",
            key=key_description(key),
            strength=strength,
            minimum=minimum,
            profile=prof.name,
        )


# --------------------------------------------------------------------------------------------
# names and extensions


def _name_oid(attribute: str) -> x509.ObjectIdentifier:
    dotted = SUBJECT_ATTRIBUTES.get(attribute.lower(), attribute)
    return x509.ObjectIdentifier(dotted)


@functools.lru_cache(maxsize=4096)
def _attribute(attribute: str, value: str) -> x509.NameAttribute[str]:
    """A name attribute (cached: the same C, O and CN come back at every issuance)."""
    return x509.NameAttribute(_name_oid(attribute), value)


def build_name(pairs: Iterable[tuple[str, str]]) -> x509.Name:
    """A name from (attribute, value) pairs in DN order; bad values are :class:`InputError`."""
    attributes = []
    for attribute, value in pairs:
        try:
            attributes.append(_attribute(attribute, value))
        except ValueError as exc:  # empty, too long, a country code that is not 2 letters
            raise InputError(
                "testca.subject_invalid", attribute=attribute, value=value, reason=str(exc)
            ) from None
    return x509.Name(attributes)


def ca_name(name: str, role: str) -> x509.Name:
    return build_name(
        [
            ("C", "FR"),
            ("O", "certkit"),
            ("OU", "certkit test PKI - not for production"),
            ("CN", f"{name} {role}"),
        ]
    )


def key_usage(values: Iterable[str]) -> x509.KeyUsage:
    chosen = set(values)
    return x509.KeyUsage(
        digital_signature="digital_signature" in chosen,
        content_commitment="content_commitment" in chosen,
        key_encipherment="key_encipherment" in chosen,
        data_encipherment="data_encipherment" in chosen,
        key_agreement="key_agreement" in chosen,
        key_cert_sign="key_cert_sign" in chosen,
        crl_sign="crl_sign" in chosen,
        encipher_only="encipher_only" in chosen,
        decipher_only="decipher_only" in chosen,
    )


def template_values(
    prof: Profile,
    siren: str | None,
    *,
    cn: str | None = None,
    org: str | None = None,
    given_name: str | None = None,
    surname: str | None = None,
    email: str | None = None,
) -> dict[str, str]:
    """The values the profile's templates are filled with: given, else the profile's defaults."""
    values = {
        "siren": siren or "",
        "org": org or prof.default("org") or "SYNDIC EXEMPLE",
        "given_name": given_name or prof.default("given_name") or "Jeanne",
        "surname": surname or prof.default("surname") or "Dupont",
        "email": email or prof.default("email") or "contact@syndic-exemple.example.com",
    }
    values["cn"] = cn or (prof.default("cn") or "{org}").format(**values)
    return values


def profile_subject(
    prof: Profile, values: Mapping[str, str], extra: Sequence[tuple[str, str]] = ()
) -> x509.Name:
    return build_name([(a, v.format(**values)) for a, v in prof.subject] + list(extra))


def profile_san(prof: Profile, values: Mapping[str, str]) -> list[x509.GeneralName]:
    general: list[x509.GeneralName] = [x509.DNSName(v.format(**values)) for v in prof.san_dns]
    general += [x509.RFC822Name(v.format(**values)) for v in prof.san_email]
    if prof.san_ip:
        import ipaddress

        general += [x509.IPAddress(ipaddress.ip_address(v)) for v in prof.san_ip]
    return general


# --------------------------------------------------------------------------------------------
# validity


def validity(
    prof: Profile,
    *,
    start: dt.datetime,
    issuer_not_after: dt.datetime,
    days: int | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    beyond_issuer: bool = False,
) -> tuple[dt.datetime, dt.datetime]:
    """(notBefore, notAfter) from the profile's offsets or the explicit values.

    :class:`InputError` when the end is not after the start, falls outside what X.509 can say
    (after 9999), or after the issuer's own end unless ``beyond_issuer``.
    """
    valid_from = not_before or start + dt.timedelta(days=prof.not_before_days)
    try:
        if not_after is not None:
            valid_to = not_after
        elif days is not None:
            valid_to = valid_from + dt.timedelta(days=days)
        elif prof.not_after_days is not None:
            valid_to = start + dt.timedelta(days=prof.not_after_days)
        else:
            valid_to = valid_from + dt.timedelta(days=prof.days)
        representable = valid_to <= LAST_TIME
    except OverflowError:
        representable = False
    if not representable:
        if not beyond_issuer:  # the first limit met is the issuer's: say that one
            valid_to = LAST_TIME
        else:
            limit = max(0, (LAST_TIME - valid_from).days)
            raise InputError("testca.days_out_of_range", days=days if days else "?", limit=limit)
    if valid_to <= valid_from:
        raise InputError(
            "testca.validity_inverted",
            not_before=valid_from.isoformat(),
            not_after=valid_to.isoformat(),
        )
    if valid_to > issuer_not_after and not beyond_issuer:
        raise InputError(
            "testca.outlives_issuer",
            not_after=valid_to.strftime("%Y-%m-%d"),
            issuer_not_after=issuer_not_after.strftime("%Y-%m-%d"),
            days=max(0, (issuer_not_after - valid_from).days),
        )
    return valid_from, valid_to


def name_texts(cert: x509.Certificate) -> tuple[str, str]:
    """(subject, issuer) as certkit renders them, read from the DER: a CSR may bring a name
    that cryptography cannot build into an ``x509.Name``; ``#`` + hex when even that fails."""
    pair = names.tbs_names_der(cert.tbs_certificate_bytes)
    texts = []
    for der in pair:
        try:
            texts.append(names.rfc4514(der))
        except names.NameDecodeError:
            texts.append("#" + der.hex())
    return texts[0], texts[1]


# --------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedCertificate:
    """A leaf signed by the test CA, with its chain and where its files went.

    ``siren`` is the SIREN written into the certificate (None when the profile puts none).
    ``fullchain_path`` holds the leaf and its intermediates: what a TLS client or server sends.
    """

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    profile: str
    siren: str | None
    cert_path: Path | None = None
    chain_path: Path | None = None
    fullchain_path: Path | None = None

    @property
    def serial(self) -> int:
        return self.certificate.serial_number

    @property
    def intermediates(self) -> tuple[x509.Certificate, ...]:
        """The chain without its self-signed root."""
        return tuple(c for c in self.chain if c.subject != c.issuer)

    def cert_pem(self) -> bytes:
        return files.pem(self.certificate)

    def chain_pem(self) -> bytes:
        return b"".join(files.pem(c) for c in self.chain)

    def fullchain_pem(self) -> bytes:
        """The leaf then its intermediates (no root), as TLS stacks want it."""
        return self.cert_pem() + b"".join(files.pem(c) for c in self.intermediates)

    @property
    def subject_dn(self) -> str:
        """The subject in RFC 4514 form as certkit renders it (:func:`certkit.names.rfc4514`)."""
        return name_texts(self.certificate)[0]

    @property
    def issuer_dn(self) -> str:
        return name_texts(self.certificate)[1]

    def __repr__(self) -> str:  # never the key object's internals in logs
        return (
            f"{type(self).__name__}(profile={self.profile!r}, serial={self.serial:x}, "
            f"subject={self.subject_dn!r}, cert_path={self.cert_path})"
        )


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class IssuedCertificate(SignedCertificate):
    """A freshly issued leaf with its private key (``key_path``: mode 0600, the only file
    holding it; ``p12_path`` when a PKCS#12 bundle was asked for)."""

    private_key: CertificateIssuerPrivateKeyTypes
    key_path: Path | None = None
    p12_path: Path | None = None

    def key_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM (write it only where the user asked)."""
        return files.private_pem(self.private_key)

    def configure_cert(self, context: ssl.SSLContext | SSL.Context) -> None:
        """Make ``context`` (``ssl`` or pyOpenSSL) present this certificate, its intermediates
        and its key — the counterpart of :meth:`TestCA.configure_trust`, as in trustme."""
        import ssl as ssl_module

        if isinstance(context, ssl_module.SSLContext):
            if self.fullchain_path is not None and self.key_path is not None:
                context.load_cert_chain(self.fullchain_path, self.key_path)
                return
            _load_from_private_file(context, self.key_pem() + self.fullchain_pem())
            return
        context.use_certificate(self.certificate)
        for cert in self.intermediates:
            context.add_extra_chain_cert(cert)
        key: Any = self.private_key
        context.use_privatekey(key)


def _load_from_private_file(context: ssl.SSLContext, data: bytes) -> None:
    """``load_cert_chain`` wants a file: a 0600 temporary one, removed at once."""
    import tempfile

    with tempfile.NamedTemporaryFile(prefix="certkit-", suffix=".pem") as handle:
        handle.write(data)
        handle.flush()
        context.load_cert_chain(handle.name)


# --------------------------------------------------------------------------------------------
# the signer


def default_hash(key: CertificateIssuerPrivateKeyTypes) -> _SigningHash:
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size >= 384:
        return hashes.SHA384()
    return hashes.SHA256()


_IS_EC: dict[type, bool] = {}  # an ABC check costs more than a dict lookup


class LeafSigner:
    """Signs leaves for one issuing CA: the extensions every leaf shares are encoded once."""

    def __init__(
        self,
        issuer: x509.Certificate,
        signing_key: CertificateIssuerPrivateKeyTypes,
        base_url: str,
    ) -> None:
        self.issuer = issuer
        self.signing_key = signing_key
        self.hash = default_hash(signing_key)
        self.aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(
            issuer.public_key()  # type: ignore[arg-type]
        )
        self._aia = x509.AuthorityInformationAccess(
            [
                x509.AccessDescription(
                    AuthorityInformationAccessOID.OCSP,
                    x509.UniformResourceIdentifier(f"{base_url}/ocsp"),
                ),
                x509.AccessDescription(
                    AuthorityInformationAccessOID.CA_ISSUERS,
                    x509.UniformResourceIdentifier(f"{base_url}/issuer.der"),
                ),
            ]
        )
        self._crl_dp = crl_distribution_points(f"{base_url}/crl.der")
        self._builders: dict[tuple[Profile, bool], x509.CertificateBuilder] = {}

    def _base_builder(self, prof: Profile, ec_key: bool) -> x509.CertificateBuilder:
        """A builder holding the issuer and every extension that does not vary per leaf.

        Built once per profile and key family and reused (builders are immutable). The fixed
        extensions are encoded to DER once and added as raw values: the certificate bytes are the
        same, and signing does not re-encode them at every issuance (a fifth of the signing time).
        """
        cached = self._builders.get((prof, ec_key))
        if cached is not None:
            return cached
        fixed: list[tuple[x509.ExtensionType, bool]] = []
        if prof.basic_constraints is not None:
            fixed.append(
                (
                    x509.BasicConstraints(ca=prof.basic_constraints, path_length=None),
                    prof.basic_constraints_critical,
                )
            )
        if prof.key_usage is not None:
            usages = tuple(u for u in prof.key_usage if not (ec_key and u in _RSA_ONLY_USAGES))
            fixed.append((key_usage(usages), prof.key_usage_critical))
        if prof.extended_key_usage is not None:
            oids = [
                x509.ObjectIdentifier(EXTENDED_KEY_USAGES.get(v, v))
                for v in prof.extended_key_usage
            ]
            fixed.append((x509.ExtendedKeyUsage(oids), prof.extended_key_usage_critical))
        if prof.policies:
            policies = [
                x509.PolicyInformation(x509.ObjectIdentifier(o), None) for o in prof.policies
            ]
            fixed.append((x509.CertificatePolicies(policies), prof.policies_critical))
        fixed.append((self.aki, False))
        if prof.crl_distribution_points:
            fixed.append((self._crl_dp, False))
        if prof.authority_info_access:
            fixed.append((self._aia, False))
        builder = x509.CertificateBuilder().issuer_name(self.issuer.subject)
        for extension, critical in fixed:
            raw = x509.UnrecognizedExtension(extension.oid, extension.public_bytes())
            builder = builder.add_extension(raw, critical=critical)
        if len(self._builders) > 64:
            self._builders.clear()
        self._builders[(prof, ec_key)] = builder
        return builder

    def sign(
        self,
        prof: Profile,
        subject: x509.Name,
        public_key: CertificatePublicKeyTypes,
        valid_from: dt.datetime,
        valid_to: dt.datetime,
        san: Sequence[x509.GeneralName] = (),
    ) -> x509.Certificate:
        """The leaf for ``subject`` and ``public_key``, signed with the profile's hash."""
        ec_key = _IS_EC.get(type(public_key))
        if ec_key is None:
            ec_key = _IS_EC[type(public_key)] = isinstance(public_key, ec.EllipticCurvePublicKey)
        builder = (
            self._base_builder(prof, ec_key)
            .subject_name(subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from)
            .not_valid_after(valid_to)
        )
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
        builder = builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False
        )
        if prof.hash == "sha1":
            return resign_sha1(builder.sign(self.signing_key, self.hash), self.signing_key)
        return builder.sign(self.signing_key, _HASHES[prof.hash]())


def crl_distribution_points(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [
            x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(url)],
                relative_name=None,
                reasons=None,
                crl_issuer=None,
            )
        ]
    )


def resign_sha1(cert: x509.Certificate, key: CertificateIssuerPrivateKeyTypes) -> x509.Certificate:
    """Re-sign ``cert`` with SHA-1 (cryptography refuses to build SHA-1 signatures any more).

    The TBS is rewritten with the SHA-1 signature algorithm, then signed with the issuer key.
    """
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import Encoding

    parsed = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    algorithm: dict[str, Any]
    if isinstance(key, ec.EllipticCurvePrivateKey):
        algorithm = {"algorithm": "sha1_ecdsa"}
    elif isinstance(key, rsa.RSAPrivateKey):
        algorithm = {"algorithm": "sha1_rsa", "parameters": None}
    else:
        raise InputError("testca.sha1_key_type")
    tbs = parsed["tbs_certificate"]
    tbs["signature"] = asn1_x509.SignedDigestAlgorithm(algorithm)
    tbs_der = tbs.dump(force=True)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        signature = key.sign(tbs_der, ec.ECDSA(hashes.SHA1()))
    else:
        assert isinstance(key, rsa.RSAPrivateKey)
        signature = key.sign(tbs_der, padding.PKCS1v15(), hashes.SHA1())
    rebuilt = asn1_x509.Certificate(
        {
            "tbs_certificate": asn1_x509.TbsCertificate.load(tbs_der),
            "signature_algorithm": asn1_x509.SignedDigestAlgorithm(algorithm),
            "signature_value": signature,
        }
    )
    return x509.load_der_x509_certificate(rebuilt.dump())


# --------------------------------------------------------------------------------------------
# certificate signing requests


def load_csr(data: bytes, source: str) -> x509.CertificateSigningRequest:
    """A PKCS#10 request from PEM or DER whose signature verifies; else :class:`InputError`."""
    try:
        if b"-----BEGIN" in data:
            csr = x509.load_pem_x509_csr(data)
        else:
            csr = x509.load_der_x509_csr(data)
    except ValueError as exc:
        raise InputError("testca.csr_unreadable", path=source, reason=_short(exc)) from None
    try:
        valid = csr.is_signature_valid
    except (ValueError, x509.UnsupportedGeneralNameType, TypeError) as exc:
        raise InputError("testca.csr_unreadable", path=source, reason=_short(exc)) from None
    except Exception as exc:  # cryptography's UnsupportedAlgorithm for an odd key type
        raise InputError("testca.csr_unreadable", path=source, reason=_short(exc)) from None
    if not valid:
        raise InputError("testca.csr_bad_signature", path=source)
    return csr


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def csr_subject_der(csr: x509.CertificateSigningRequest) -> bytes:
    """The DER of the request's subject, sliced from the request (no ``x509.Name`` is built:
    its checks refuse names OpenSSL accepts)."""
    from certkit.der import element_bounds, header

    body = csr.tbs_certrequest_bytes
    _tag, pos, end = header(body, 0, len(body))  # CertificationRequestInfo
    _start, after_version = element_bounds(body, pos, end)
    start, stop = element_bounds(body, after_version, end)
    return body[start:stop]


def csr_values(csr: x509.CertificateSigningRequest) -> dict[str, str]:
    """The template fields a request's subject already gives (cn, org, given_name, ...)."""
    wanted = {
        NameOID.COMMON_NAME.dotted_string: "cn",
        NameOID.ORGANIZATION_NAME.dotted_string: "org",
        NameOID.GIVEN_NAME.dotted_string: "given_name",
        NameOID.SURNAME.dotted_string: "surname",
        NameOID.EMAIL_ADDRESS.dotted_string: "email",
    }
    found: dict[str, str] = {}
    try:
        parsed = names.from_der(csr_subject_der(csr))
    except names.NameDecodeError:
        return found
    for attribute in parsed.attributes():
        key = wanted.get(attribute.oid)
        if key and not attribute.binary and key not in found:
            found[key] = attribute.value
    return found


def csr_san(csr: x509.CertificateSigningRequest) -> list[x509.GeneralName]:
    """The subjectAltName the request asks for (empty when it asks none)."""
    try:
        requested = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    except (ValueError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType):
        return []
    return list(requested.value)
