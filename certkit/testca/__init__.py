"""A test PKI on disk shaped like the French serveur-client CAs: root → intermediate → leaves.

Leaves are issued from :mod:`profiles <certkit.testca.profiles>` (``test_ca/*.toml``) and carry the
names, extensions and policy OIDs of the scenario they stand for (RGS-like serveur-client with a
SIREN, personal, server-only, expired, weak key, SHA-1, ...). Every issuance is recorded in an
append-only index so that revocation, the CRL and the OCSP responder know it, even when the files
were never written.

Directory layout (``certkit-ca.json`` is the manifest)::

    DIR/certkit-ca.json     manifest: name, key type, base URL, file names
    DIR/root.pem            root certificate (self-signed)
    DIR/root.key            root private key, mode 0600
    DIR/intermediate.pem    issuing CA certificate (pathlen 0), absent with intermediate=False
    DIR/intermediate.key    issuing CA private key, mode 0600
    DIR/chain.pem           intermediate + root, the chain to send with a leaf
    DIR/index.jsonl         one JSON line per issuance or revocation (append-only)
    DIR/crl.pem             the last CRL written by :meth:`TestCA.write_crl`
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import os
import secrets
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID

from certkit import names
from certkit.errors import InputError
from certkit.files import write_atomically
from certkit.identity import luhn_valid
from certkit.testca.profiles import (
    EXTENDED_KEY_USAGES,
    KEY_TYPES,
    SUBJECT_ATTRIBUTES,
    Profile,
    available_profiles,
    load_profile,
    parse_profile,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes

    from certkit.testca.ocsp import OcspResponder

__all__ = [
    "CA_KEY_TYPES",
    "DEFAULT_BASE_URL",
    "MANIFEST",
    "TEST_POLICY_ARC",
    "IssuedCertificate",
    "IssuedRecord",
    "Profile",
    "TestCA",
    "available_profiles",
    "generate_key",
    "is_valid_siren",
    "load_profile",
    "parse_profile",
    "random_siren",
]

MANIFEST = "certkit-ca.json"
FORMAT_VERSION = 1
DEFAULT_BASE_URL = "http://127.0.0.1:8889"
#: certkit's own test policy arc: 2.25 (ITU-T X.667 UUID arc) + a UUID drawn for certkit.
#: Sub-arcs: .1.<level> serveur-client RGS-like level 1..3, .2.1 personal.
TEST_POLICY_ARC = "2.25.125106089734319282756610306535975169538"
CA_KEY_TYPES = ("ec-p256", "ec-p384", "rsa-2048", "rsa-3072", "rsa-4096")
REVOCATION_REASONS = (
    "unspecified",
    "key_compromise",
    "ca_compromise",
    "affiliation_changed",
    "superseded",
    "cessation_of_operation",
    "certificate_hold",
    "privilege_withdrawn",
    "aa_compromise",
    "remove_from_crl",
)

_SigningHash = hashes.SHA256 | hashes.SHA384 | hashes.SHA512
_HASHES: dict[str, type[_SigningHash]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


# --------------------------------------------------------------------------------------------
# small pure helpers


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


def generate_key(key_type: str) -> CertificateIssuerPrivateKeyTypes:
    """A fresh private key of ``key_type`` (ec-p256, ec-p384, rsa-1024/2048/3072/4096)."""
    if key_type == "ec-p256":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "ec-p384":
        return ec.generate_private_key(ec.SECP384R1())
    if key_type.startswith("rsa-") and key_type in KEY_TYPES:
        return rsa.generate_private_key(public_exponent=65537, key_size=int(key_type[4:]))
    raise InputError("testca.key_type_unknown", key_type=key_type, known=", ".join(KEY_TYPES))


def _name_oid(attribute: str) -> x509.ObjectIdentifier:
    dotted = SUBJECT_ATTRIBUTES.get(attribute.lower(), attribute)
    return x509.ObjectIdentifier(dotted)


@functools.lru_cache(maxsize=4096)
def _attribute(attribute: str, value: str) -> x509.NameAttribute[str]:
    """A name attribute (cached: the same C, O and CN come back at every issuance)."""
    return x509.NameAttribute(_name_oid(attribute), value)


def _key_usage(values: Iterable[str]) -> x509.KeyUsage:
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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _private_pem(key: CertificateIssuerPrivateKeyTypes) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _resign_sha1(cert: x509.Certificate, key: CertificateIssuerPrivateKeyTypes) -> x509.Certificate:
    """Re-sign ``cert`` with SHA-1 (cryptography refuses to build SHA-1 signatures any more).

    The TBS is rewritten with the SHA-1 signature algorithm, then signed with the issuer key.
    """
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding

    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
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
# results


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    """A freshly issued leaf: the certificate, its private key, its chain and where files went.

    ``siren`` is the SIREN written into the certificate (None when the profile puts none).
    """

    certificate: x509.Certificate
    private_key: CertificateIssuerPrivateKeyTypes
    chain: tuple[x509.Certificate, ...]
    profile: str
    siren: str | None
    cert_path: Path | None = None
    key_path: Path | None = None
    chain_path: Path | None = None
    p12_path: Path | None = None

    @property
    def serial(self) -> int:
        return self.certificate.serial_number

    def cert_pem(self) -> bytes:
        return _pem(self.certificate)

    def chain_pem(self) -> bytes:
        return b"".join(_pem(c) for c in self.chain)

    def key_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM (write it only where the user asked)."""
        return _private_pem(self.private_key)

    def __repr__(self) -> str:  # never show the key object's internals in logs
        return (
            f"IssuedCertificate(profile={self.profile!r}, serial={self.serial:x}, "
            f"subject={names.rfc4514(self.certificate.subject)!r}, cert_path={self.cert_path})"
        )


@dataclass(frozen=True, slots=True)
class IssuedRecord:
    """One line of the CA index: what was issued, and whether it was revoked."""

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
            "not_before": self.not_before.isoformat().replace("+00:00", "Z"),
            "not_after": self.not_after.isoformat().replace("+00:00", "Z"),
            "sha256": self.sha256,
            "revoked": self.revoked,
            "revoked_at": (
                self.revoked_at.isoformat().replace("+00:00", "Z") if self.revoked_at else None
            ),
            "reason": self.reason,
        }


# --------------------------------------------------------------------------------------------
# the CA


def _ca_name(name: str, role: str) -> x509.Name:
    return x509.Name(
        [
            _attribute("C", "FR"),
            _attribute("O", "certkit"),
            _attribute("OU", "certkit test PKI - not for production"),
            _attribute("CN", f"{name} {role}"),
        ]
    )


class TestCA:
    """A test CA living in a directory (see the module docstring for the layout)."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        directory: Path,
        manifest: dict[str, Any],
        root: x509.Certificate,
        intermediate: x509.Certificate | None,
        signing_key: CertificateIssuerPrivateKeyTypes,
    ) -> None:
        self.directory = directory
        self.manifest = manifest
        self.root = root
        self.intermediate = intermediate
        self._signing_key = signing_key
        self._root_key: CertificateIssuerPrivateKeyTypes | None = (
            signing_key if intermediate is None else None
        )
        self.issuer_certificate = intermediate if intermediate is not None else root
        self.chain: tuple[x509.Certificate, ...] = (
            (intermediate, root) if intermediate is not None else (root,)
        )
        self.base_url: str = manifest.get("base_url", DEFAULT_BASE_URL)
        self._aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(
            self.issuer_certificate.public_key()  # type: ignore[arg-type]
        )
        self._hash = self._default_hash(signing_key)
        self._aia = x509.AuthorityInformationAccess(
            [
                x509.AccessDescription(
                    AuthorityInformationAccessOID.OCSP,
                    x509.UniformResourceIdentifier(f"{self.base_url}/ocsp"),
                ),
                x509.AccessDescription(
                    AuthorityInformationAccessOID.CA_ISSUERS,
                    x509.UniformResourceIdentifier(f"{self.base_url}/issuer.der"),
                ),
            ]
        )
        self._crl_dp = x509.CRLDistributionPoints(
            [
                x509.DistributionPoint(
                    full_name=[x509.UniformResourceIdentifier(f"{self.base_url}/crl.der")],
                    relative_name=None,
                    reasons=None,
                    crl_issuer=None,
                )
            ]
        )
        self._index_path = directory / manifest["files"]["index"]
        self._index_stamp: tuple[int, int] | None = None
        self._records: dict[int, IssuedRecord] = {}
        self._builders: dict[Profile, x509.CertificateBuilder] = {}
        self._index_fd: int | None = None
        # One CA object may serve OCSP from a thread while the test issues: index I/O is serialised.
        self._index_lock = threading.RLock()

    # ---- creation / opening -----------------------------------------------------------------

    @staticmethod
    def _default_hash(key: CertificateIssuerPrivateKeyTypes) -> _SigningHash:
        if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size >= 384:
            return hashes.SHA384()
        return hashes.SHA256()

    @classmethod
    def init(
        cls,
        directory: Path | str,
        *,
        name: str = "certkit Test CA",
        key_type: str = "ec-p256",
        intermediate: bool = True,
        base_url: str = DEFAULT_BASE_URL,
        now: dt.datetime | None = None,
    ) -> TestCA:
        """Create a CA in ``directory`` (created if needed; refused when not empty)."""
        directory = Path(directory)
        if key_type not in CA_KEY_TYPES:
            raise InputError(
                "testca.key_type_unknown", key_type=key_type, known=", ".join(CA_KEY_TYPES)
            )
        if directory.exists():
            if not directory.is_dir():
                raise InputError("testca.dir_is_file", path=str(directory))
            if any(directory.iterdir()):
                raise InputError("testca.dir_not_empty", path=str(directory))
        else:
            try:
                directory.mkdir(parents=True)
            except OSError as exc:
                raise InputError(
                    "testca.dir_create_failed", path=str(directory), reason=exc.strerror
                ) from None
        start = (now or _now()) - dt.timedelta(days=1)
        root_key = generate_key(key_type)
        hash_algorithm = cls._default_hash(root_key)
        root_name = _ca_name(name, "Root")
        root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
        root = (
            x509.CertificateBuilder()
            .subject_name(root_name)
            .issuer_name(root_name)
            .public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=20 * 365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                _key_usage(("digital_signature", "key_cert_sign", "crl_sign")), critical=True
            )
            .add_extension(root_ski, critical=False)
            .sign(root_key, hash_algorithm)
        )
        files: dict[str, str] = {
            "root_cert": "root.pem",
            "root_key": "root.key",
            "chain": "chain.pem",
            "index": "index.jsonl",
            "crl": "crl.pem",
        }
        inter_cert: x509.Certificate | None = None
        signing_key = root_key
        if intermediate:
            inter_key = generate_key(key_type)
            inter_cert = (
                x509.CertificateBuilder()
                .subject_name(_ca_name(name, "Serveur-Client"))
                .issuer_name(root_name)
                .public_key(inter_key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(start)
                .not_valid_after(start + dt.timedelta(days=10 * 365))
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(
                    _key_usage(("digital_signature", "key_cert_sign", "crl_sign")),
                    critical=True,
                )
                .add_extension(
                    x509.SubjectKeyIdentifier.from_public_key(inter_key.public_key()),
                    critical=False,
                )
                .add_extension(
                    x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski),
                    critical=False,
                )
                .add_extension(
                    x509.CRLDistributionPoints(
                        [
                            x509.DistributionPoint(
                                full_name=[
                                    x509.UniformResourceIdentifier(f"{base_url}/root-crl.der")
                                ],
                                relative_name=None,
                                reasons=None,
                                crl_issuer=None,
                            )
                        ]
                    ),
                    critical=False,
                )
                .sign(root_key, hash_algorithm)
            )
            signing_key = inter_key
            files["intermediate_cert"] = "intermediate.pem"
            files["intermediate_key"] = "intermediate.key"
            write_atomically(directory / "intermediate.key", _private_pem(inter_key), mode=0o600)
            write_atomically(directory / "intermediate.pem", _pem(inter_cert))
        write_atomically(directory / "root.key", _private_pem(root_key), mode=0o600)
        write_atomically(directory / "root.pem", _pem(root))
        chain = (inter_cert, root) if inter_cert is not None else (root,)
        write_atomically(directory / "chain.pem", b"".join(_pem(c) for c in chain))
        write_atomically(directory / "index.jsonl", b"")
        manifest = {
            "format": "certkit-testca",
            "version": FORMAT_VERSION,
            "name": name,
            "key_type": key_type,
            "created": start.isoformat().replace("+00:00", "Z"),
            "base_url": base_url,
            "files": files,
        }
        write_atomically(
            directory / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode(), mode=0o644
        )
        ca = cls(directory, manifest, root, inter_cert, signing_key)
        ca._root_key = root_key
        return ca

    @classmethod
    def open(cls, directory: Path | str) -> TestCA:
        """Open the CA in ``directory``; :class:`InputError` when it is not a certkit test CA."""
        directory = Path(directory)
        manifest_path = directory / MANIFEST
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("testca.not_a_ca", path=str(directory)) from None
        except (OSError, ValueError) as exc:
            raise InputError(
                "testca.manifest_invalid", path=str(manifest_path), reason=str(exc)
            ) from None
        if not isinstance(manifest, dict) or manifest.get("format") != "certkit-testca":
            raise InputError(
                "testca.manifest_invalid", path=str(manifest_path), reason="not a certkit manifest"
            )
        files = manifest.get("files", {})
        try:
            root = x509.load_pem_x509_certificate((directory / files["root_cert"]).read_bytes())
            inter = None
            if "intermediate_cert" in files:
                inter = x509.load_pem_x509_certificate(
                    (directory / files["intermediate_cert"]).read_bytes()
                )
                key_file = files["intermediate_key"]
            else:
                key_file = files["root_key"]
            key = serialization.load_pem_private_key(
                (directory / key_file).read_bytes(), password=None
            )
        except KeyError as exc:
            raise InputError(
                "testca.manifest_invalid", path=str(manifest_path), reason=f"missing {exc}"
            ) from None
        except (OSError, ValueError) as exc:
            raise InputError(
                "testca.manifest_invalid", path=str(manifest_path), reason=str(exc)
            ) from None
        if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
            raise InputError(
                "testca.manifest_invalid", path=str(manifest_path), reason="unsupported CA key"
            )
        return cls(directory, manifest, root, inter, key)

    # ---- paths ------------------------------------------------------------------------------

    def path(self, role: str) -> Path:
        """The file of ``role`` ("root_cert", "chain", "crl", ...) in the CA directory."""
        return self.directory / str(self.manifest["files"][role])

    @property
    def root_path(self) -> Path:
        return self.path("root_cert")

    @property
    def chain_path(self) -> Path:
        return self.path("chain")

    @property
    def name(self) -> str:
        return str(self.manifest.get("name", ""))

    # ---- issuance ---------------------------------------------------------------------------

    def issue(
        self,
        profile: str | Profile,
        siren: str | None = None,
        *,
        cn: str | None = None,
        org: str | None = None,
        given_name: str | None = None,
        surname: str | None = None,
        email: str | None = None,
        days: int | None = None,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        key_type: str | None = None,
        private_key: CertificateIssuerPrivateKeyTypes | None = None,
        out: Path | str | None = None,
        p12_password: bytes | None = None,
        allow_invalid_siren: bool = False,
        extra_subject: Sequence[tuple[str, str]] | None = None,
        profile_dirs: Iterable[Path | str] = (),
        force: bool = False,
        now: dt.datetime | None = None,
    ) -> IssuedCertificate:
        """Issue a leaf from ``profile``; write ``out``.pem/.key/-chain.pem(/.p12) when asked.

        ``siren="random"`` draws a valid one. An invalid SIREN is refused (Luhn) unless
        ``allow_invalid_siren``. The issuance is recorded in the index even when ``out`` is None.
        """
        prof = profile if isinstance(profile, Profile) else load_profile(profile, profile_dirs)
        if out is not None and not force:
            for target in _output_paths(Path(out), p12_password is not None):
                if target.exists():
                    raise InputError("testca.output_exists", path=str(target))
        if siren == "random":
            siren = random_siren()
        if siren is None and prof.siren_required:
            raise InputError("testca.siren_required", profile=prof.name)
        if siren is not None and not allow_invalid_siren:
            problem = siren_problem(siren)
            if problem is not None:
                raise InputError(f"testca.siren_{problem}", siren=siren)
        values = {
            "siren": siren or "",
            "org": org or prof.default("org") or "SYNDIC EXEMPLE",
            "given_name": given_name or prof.default("given_name") or "Jeanne",
            "surname": surname or prof.default("surname") or "Dupont",
            "email": email or prof.default("email") or "contact@syndic-exemple.test",
        }
        values["cn"] = cn or (prof.default("cn") or "{org}").format(**values)
        pairs = [(a, v.format(**values)) for a, v in prof.subject]
        pairs += list(extra_subject or ())
        attributes = []
        for attribute, value in pairs:
            try:
                attributes.append(_attribute(attribute, value))
            except ValueError as exc:  # empty, too long, a country code that is not 2 letters
                raise InputError(
                    "testca.subject_invalid", attribute=attribute, value=value, reason=str(exc)
                ) from None
        subject = x509.Name(attributes)
        key = private_key or generate_key(key_type or prof.key_type)
        public_key = key.public_key()

        start = now or _now()
        valid_from = not_before or start + dt.timedelta(days=prof.not_before_days)
        if not_after is not None:
            valid_to = not_after
        elif days is not None:
            valid_to = valid_from + dt.timedelta(days=days)
        elif prof.not_after_days is not None:
            valid_to = start + dt.timedelta(days=prof.not_after_days)
        else:
            valid_to = valid_from + dt.timedelta(days=prof.days)
        if valid_to <= valid_from:
            raise InputError(
                "testca.validity_inverted",
                not_before=valid_from.isoformat(),
                not_after=valid_to.isoformat(),
            )

        builder = (
            self._base_builder(prof)
            .subject_name(subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from)
            .not_valid_after(valid_to)
        )
        builder = self._add_leaf_extensions(builder, prof, public_key, values)
        cert = self._sign(builder, prof.hash)
        issued = IssuedCertificate(
            certificate=cert,
            private_key=key,
            chain=self.chain,
            profile=prof.name,
            siren=siren if prof.uses_siren else None,
        )
        if out is not None:
            issued = self._write_issued(issued, Path(out), p12_password, force)
        self._record(cert, prof.name)
        return issued

    def _base_builder(self, prof: Profile) -> x509.CertificateBuilder:
        """A builder holding the issuer and every extension that does not vary per leaf.

        Built once per profile and reused (builders are immutable). The fixed extensions are
        encoded to DER once and added as raw values: the certificate bytes are the same, and
        signing does not re-encode them at every issuance (about a fifth of the signing time).
        """
        cached = self._builders.get(prof)
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
            fixed.append((_key_usage(prof.key_usage), prof.key_usage_critical))
        if prof.extended_key_usage is not None:
            usages = [
                x509.ObjectIdentifier(EXTENDED_KEY_USAGES.get(v, v))
                for v in prof.extended_key_usage
            ]
            fixed.append((x509.ExtendedKeyUsage(usages), prof.extended_key_usage_critical))
        if prof.policies:
            policies = [
                x509.PolicyInformation(x509.ObjectIdentifier(o), None) for o in prof.policies
            ]
            fixed.append((x509.CertificatePolicies(policies), prof.policies_critical))
        fixed.append((self._aki, False))
        if prof.crl_distribution_points:
            fixed.append((self._crl_dp, False))
        if prof.authority_info_access:
            fixed.append((self._aia, False))
        builder = x509.CertificateBuilder().issuer_name(self.issuer_certificate.subject)
        for extension, critical in fixed:
            raw = x509.UnrecognizedExtension(extension.oid, extension.public_bytes())
            builder = builder.add_extension(raw, critical=critical)
        if len(self._builders) > 64:
            self._builders.clear()
        self._builders[prof] = builder
        return builder

    def _add_leaf_extensions(
        self,
        builder: x509.CertificateBuilder,
        prof: Profile,
        public_key: Any,
        values: dict[str, str],
    ) -> x509.CertificateBuilder:
        general_names: list[x509.GeneralName] = [
            x509.DNSName(v.format(**values)) for v in prof.san_dns
        ]
        general_names += [x509.RFC822Name(v.format(**values)) for v in prof.san_email]
        if prof.san_ip:
            import ipaddress

            general_names += [x509.IPAddress(ipaddress.ip_address(v)) for v in prof.san_ip]
        if general_names:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(general_names), critical=False
            )
        return builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False
        )

    def _sign(self, builder: x509.CertificateBuilder, hash_name: str) -> x509.Certificate:
        if hash_name == "sha1":
            return _resign_sha1(builder.sign(self._signing_key, self._hash), self._signing_key)
        algorithm = _HASHES[hash_name]()
        return builder.sign(self._signing_key, algorithm)

    def issue_server(
        self,
        hostnames: Sequence[str] = ("localhost", "127.0.0.1"),
        *,
        out: Path | str | None = None,
        key_type: str = "ec-p256",
        days: int = 365,
        force: bool = False,
    ) -> IssuedCertificate:
        """A TLS server certificate (serverAuth) for ``hostnames`` (DNS names or IP addresses)."""
        import ipaddress

        dns: list[str] = []
        ips: list[str] = []
        for host in hostnames:
            try:
                ipaddress.ip_address(host)
            except ValueError:
                dns.append(host)
            else:
                ips.append(host)
        profile = Profile(
            name="tls-server",
            description="TLS server certificate for local test servers",
            subject=(("C", "FR"), ("O", "certkit test server"), ("CN", "{cn}")),
            siren_required=False,
            key_type=key_type,
            days=days,
            key_usage=("digital_signature", "key_encipherment")
            if key_type.startswith("rsa")
            else ("digital_signature",),
            extended_key_usage=("server_auth",),
            san_dns=tuple(dns),
            san_ip=tuple(ips),
        )
        return self.issue(profile, cn=(list(hostnames) or ["localhost"])[0], out=out, force=force)

    def _write_issued(
        self, issued: IssuedCertificate, prefix: Path, p12_password: bytes | None, force: bool
    ) -> IssuedCertificate:
        paths = _output_paths(prefix, p12_password is not None)
        cert_path, key_path, chain_path = paths[:3]
        p12_path = paths[3] if len(paths) > 3 else None
        if not prefix.parent.is_dir():
            raise InputError("testca.output_dir_missing", path=str(cert_path))
        p12_data = None
        if p12_path is not None:
            assert p12_password is not None
            from cryptography.hazmat.primitives.serialization import pkcs12

            encryption = (
                serialization.PrivateFormat.PKCS12.encryption_builder()
                .kdf_rounds(20000)
                .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
                .hmac_hash(hashes.SHA256())
                .build(p12_password)
                if p12_password
                else serialization.NoEncryption()
            )
            p12_data = pkcs12.serialize_key_and_certificates(
                name=prefix.name.encode(),
                key=issued.private_key,  # type: ignore[arg-type]
                cert=issued.certificate,
                cas=list(issued.chain),
                encryption_algorithm=encryption,
            )
        outputs: list[tuple[Path, bytes, int]] = [
            (key_path, issued.key_pem(), 0o600),
            (cert_path, issued.cert_pem(), 0o644),
            (chain_path, issued.chain_pem(), 0o644),
        ]
        if p12_path is not None and p12_data is not None:
            outputs.append((p12_path, p12_data, 0o600))
        written: list[Path] = []
        try:
            for path, data, mode in outputs:
                write_atomically(path, data, mode=mode, force=force)
                written.append(path)
        except BaseException:
            if not force:  # never leave half a set behind (forced writes replaced old files)
                for path in written:
                    path.unlink(missing_ok=True)
            raise
        return replace(
            issued,
            cert_path=cert_path,
            key_path=key_path,
            chain_path=chain_path,
            p12_path=p12_path,
        )

    # ---- index ------------------------------------------------------------------------------

    def _append(self, entry: dict[str, Any]) -> None:
        self._write_index((json.dumps(entry, separators=(",", ":")) + "\n").encode())

    def _write_index(self, line: bytes) -> None:
        with self._index_lock:
            if self._index_fd is None:
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
                self._index_fd = os.open(self._index_path, flags, 0o644)
            os.write(self._index_fd, line)

    def close(self) -> None:
        """Close the index file (also done when the object is garbage-collected)."""
        if self._index_fd is not None:
            os.close(self._index_fd)
            self._index_fd = None

    def __del__(self) -> None:
        fd = getattr(self, "_index_fd", None)
        if fd is not None:
            os.close(fd)

    def _record(self, cert: x509.Certificate, profile: str) -> None:
        """Append the issuance to the index: the certificate itself, read back by :meth:`list`."""
        der = cert.public_bytes(serialization.Encoding.DER)
        line = (
            f'{{"event":"issue","serial":"{cert.serial_number:x}",'
            f'"profile":{json.dumps(profile)},"cert":"{base64.b64encode(der).decode()}"}}\n'
        )
        self._write_index(line.encode())

    def _load_index(self) -> dict[int, IssuedRecord]:
        with self._index_lock:
            return self._load_index_locked()

    def _load_index_locked(self) -> dict[int, IssuedRecord]:
        try:
            stat = self._index_path.stat()
        except FileNotFoundError:
            return {}
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._index_stamp:
            return self._records
        records: dict[int, IssuedRecord] = {}
        for number, line in enumerate(self._index_path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                serial = int(entry["serial"], 16)
                if entry["event"] == "issue":
                    cert = x509.load_der_x509_certificate(base64.b64decode(entry["cert"]))
                    records[serial] = IssuedRecord(
                        serial=serial,
                        subject=names.rfc4514(cert.subject),
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
                raise InputError(
                    "testca.index_invalid",
                    path=str(self._index_path),
                    line=number,
                    reason=str(exc),
                ) from None
        self._records = records
        self._index_stamp = stamp
        return records

    def list(self) -> tuple[IssuedRecord, ...]:
        """Every certificate issued by this CA, oldest first, with its revocation state."""
        return tuple(self._load_index().values())

    def record(self, serial: int) -> IssuedRecord | None:
        return self._load_index().get(serial)

    # ---- revocation, CRL --------------------------------------------------------------------

    def revoke(
        self,
        serial: int | x509.Certificate,
        reason: str = "unspecified",
        at: dt.datetime | None = None,
    ) -> IssuedRecord:
        """Mark ``serial`` (or a certificate) revoked; the next CRL and OCSP answers show it."""
        if isinstance(serial, x509.Certificate):
            if serial.issuer != self.issuer_certificate.subject:
                raise InputError("testca.not_issued_here", serial=format(serial.serial_number, "x"))
            serial = serial.serial_number
        normalized = _normalize_reason(reason)
        record = self._load_index().get(serial)
        if record is None:
            raise InputError("testca.serial_unknown", serial=format(serial, "x"))
        if record.revoked:
            raise InputError("testca.already_revoked", serial=format(serial, "x"))
        when = (at or _now()).astimezone(dt.UTC)
        self._append(
            {
                "event": "revoke",
                "serial": format(serial, "x"),
                "at": when.isoformat(),
                "reason": normalized,
            }
        )
        return replace(record, revoked=True, revoked_at=when, reason=normalized)

    def _issuer_key(self) -> CertificateIssuerPrivateKeyTypes:
        return self._signing_key

    def crl(
        self, now: dt.datetime | None = None, *, next_update_days: int = 7
    ) -> x509.CertificateRevocationList:
        """A CRL of the issuing CA listing every revoked leaf (signed now, valid 7 days)."""
        now = now or _now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.issuer_certificate.subject)
            .last_update(now)
            .next_update(now + dt.timedelta(days=next_update_days))
            .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
            .add_extension(self._aki, critical=False)
        )
        for record in self._load_index().values():
            if not record.revoked or record.revoked_at is None:
                continue
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(record.serial)
                .revocation_date(record.revoked_at)
            )
            if record.reason and record.reason != "unspecified":
                entry = entry.add_extension(
                    x509.CRLReason(x509.ReasonFlags[record.reason]), critical=False
                )
            builder = builder.add_revoked_certificate(entry.build())
        return builder.sign(self._signing_key, self._hash)

    def write_crl(self, now: dt.datetime | None = None) -> Path:
        """Write the current CRL as PEM to ``DIR/crl.pem`` (replacing the previous one)."""
        path = self.path("crl")
        crl = self.crl(now)
        write_atomically(path, crl.public_bytes(serialization.Encoding.PEM), force=True)
        return path

    # ---- OCSP -------------------------------------------------------------------------------

    def ocsp_response(self, request_der: bytes, now: dt.datetime | None = None) -> bytes:
        """A DER OCSP response to ``request_der``: good, revoked or unknown, signed by the CA.

        Requests about leaves are answered by the issuing CA; a request about the intermediate is
        answered by the root (when its key is loaded). Malformed requests, and requests about
        several certificates at once (not supported), get ``malformedRequest``; requests for
        another CA ``unauthorized``.
        """
        from cryptography.x509 import ocsp

        def error(status: ocsp.OCSPResponseStatus) -> bytes:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(
                serialization.Encoding.DER
            )

        try:
            request = ocsp.load_der_ocsp_request(request_der)
        except (ValueError, NotImplementedError):
            # NotImplementedError: several certificates in one request, which cryptography
            # cannot parse; ask one certificate per request.
            return error(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
        now = now or _now()
        issuer = self.issuer_certificate
        signer_key = self._signing_key
        algorithm = request.hash_algorithm
        if self._key_hash(issuer, algorithm) == request.issuer_key_hash:
            record = self._load_index().get(request.serial_number)
            subject_status = record
            known = record is not None
        elif (
            self.intermediate is not None
            and self._key_hash(self.root, algorithm) == request.issuer_key_hash
        ):
            root_key = self._load_root_key()
            if root_key is None:
                return error(ocsp.OCSPResponseStatus.UNAUTHORIZED)
            issuer, signer_key = self.root, root_key
            known = request.serial_number == self.intermediate.serial_number
            subject_status = None
        else:
            return error(ocsp.OCSPResponseStatus.UNAUTHORIZED)
        builder = ocsp.OCSPResponseBuilder()
        if not known:
            status = ocsp.OCSPCertStatus.UNKNOWN
            revoked_at = reason = None
        elif subject_status is not None and subject_status.revoked:
            status = ocsp.OCSPCertStatus.REVOKED
            revoked_at = subject_status.revoked_at
            reason = (
                x509.ReasonFlags[subject_status.reason]
                if subject_status.reason and subject_status.reason != "unspecified"
                else None
            )
        else:
            status = ocsp.OCSPCertStatus.GOOD
            revoked_at = reason = None
        builder = builder.add_response_by_hash(
            issuer_name_hash=request.issuer_name_hash,
            issuer_key_hash=request.issuer_key_hash,
            serial_number=request.serial_number,
            algorithm=algorithm,
            cert_status=status,
            this_update=now,
            next_update=now + dt.timedelta(days=1),
            revocation_time=revoked_at,
            revocation_reason=reason,
        ).responder_id(ocsp.OCSPResponderEncoding.HASH, issuer)
        for extension in request.extensions:
            if isinstance(extension.value, x509.OCSPNonce):
                builder = builder.add_extension(extension.value, critical=False)
        response = builder.sign(signer_key, self._default_hash(signer_key))
        return response.public_bytes(serialization.Encoding.DER)

    @staticmethod
    def _key_hash(cert: x509.Certificate, algorithm: hashes.HashAlgorithm) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        from asn1crypto import keys

        bits = keys.PublicKeyInfo.load(spki)["public_key"].contents[1:]
        digest = hashes.Hash(type(algorithm)())
        digest.update(bits)
        return digest.finalize()

    def _load_root_key(self) -> CertificateIssuerPrivateKeyTypes | None:
        if self._root_key is None:
            try:
                key = serialization.load_pem_private_key(
                    self.path("root_key").read_bytes(), password=None
                )
            except (OSError, ValueError):
                return None
            if isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
                self._root_key = key
        return self._root_key

    def responder(self, host: str = "127.0.0.1", port: int = 0) -> OcspResponder:
        """An :class:`~certkit.testca.ocsp.OcspResponder` serving this CA over HTTP."""
        from certkit.testca.ocsp import OcspResponder

        return OcspResponder(self, host=host, port=port)


def _output_paths(prefix: Path, p12: bool) -> list[Path]:
    """PREFIX.pem, PREFIX.key, PREFIX-chain.pem and (with ``p12``) PREFIX.p12."""
    names = [".pem", ".key", "-chain.pem"] + ([".p12"] if p12 else [])
    return [prefix.with_name(prefix.name + suffix) for suffix in names]


def _normalize_reason(reason: str) -> str:
    import re

    text = re.sub(r"(?<!^)(?=[A-Z])", "_", reason.strip()).replace("-", "_").lower()
    if text not in REVOCATION_REASONS:
        raise InputError(
            "testca.reason_unknown", reason=reason, known=", ".join(REVOCATION_REASONS)
        )
    return text
