"""The test CA on disk: its folder, manifest and keys; issuance, CSR signing and revocation.

Directory layout (``certkit-ca.json`` is the manifest; the folder is mode 0700, keys 0600)::

    DIR/certkit-ca.json     manifest: name, key type, base URL, file names
    DIR/root.pem            root certificate (self-signed)
    DIR/root.key            root private key
    DIR/intermediate.pem    issuing CA certificate (pathlen 0), absent with intermediate=False
    DIR/intermediate.key    issuing CA private key
    DIR/chain.pem           intermediate + root
    DIR/index.jsonl         one JSON line per issuance or revocation (see certkit.testca.index)
    DIR/crl.pem             the last CRL written by :meth:`TestCA.write_crl`
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from certkit.errors import InputError
from certkit.testca import files, issuance, revocation
from certkit.testca.index import Index, IssuedRecord
from certkit.testca.issuance import IssuedCertificate, SignedCertificate
from certkit.testca.profiles import Profile, load_profile

if TYPE_CHECKING:
    import ssl

    from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
    from OpenSSL import SSL

    from certkit.testca.ocsp import OcspResponder

MANIFEST = "certkit-ca.json"
FORMAT_VERSION = 1
DEFAULT_BASE_URL = "http://127.0.0.1:8889"
CA_KEY_TYPES = ("ec-p256", "ec-p384", "rsa-2048", "rsa-3072", "rsa-4096")
ROOT_YEARS = 20
INTERMEDIATE_YEARS = 10


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _ca_certificate(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: Any,
    signing_key: CertificateIssuerPrivateKeyTypes,
    start: dt.datetime,
    years: int,
    path_length: int | None,
    extra: Sequence[x509.ExtensionType] = (),
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=years * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(
            issuance.key_usage(("digital_signature", "key_cert_sign", "crl_sign")), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    for extension in extra:
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(signing_key, issuance.default_hash(signing_key))


class TestCA:
    """A test CA living in a directory (see the module docstring for the layout).

    ``directory`` is the CA folder (also what ``os.fspath(ca)`` gives, so the object can be passed
    where a path is expected, e.g. ``--ca-dir``); ``root_path`` / ``chain_path`` its files.
    """

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
        self._signer = issuance.LeafSigner(self.issuer_certificate, signing_key, self.base_url)
        self._issuer_not_after = self.issuer_certificate.not_valid_after_utc
        self._index = Index(directory / manifest["files"]["index"])

    # ---- creation / opening -----------------------------------------------------------------

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
        files.make_ca_directory(directory)
        start = (now or _now()) - dt.timedelta(days=1)
        root_key = issuance.generate_key(key_type)
        root_name = issuance.ca_name(name, "Root")
        root = _ca_certificate(
            root_name, root_name, root_key.public_key(), root_key, start, ROOT_YEARS, None
        )
        file_names = {
            "root_cert": "root.pem",
            "root_key": "root.key",
            "chain": "chain.pem",
            "index": "index.jsonl",
            "crl": "crl.pem",
        }
        outputs: list[tuple[Path, bytes, int]] = [
            (directory / "root.key", files.private_pem(root_key), files.KEY_MODE),
            (directory / "root.pem", files.pem(root), files.PUBLIC_MODE),
        ]
        inter_cert: x509.Certificate | None = None
        signing_key = root_key
        if intermediate:
            inter_key = issuance.generate_key(key_type)
            root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
            inter_cert = _ca_certificate(
                issuance.ca_name(name, "Serveur-Client"),
                root_name,
                inter_key.public_key(),
                root_key,
                start,
                INTERMEDIATE_YEARS,
                0,
                (
                    x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski),
                    issuance.crl_distribution_points(f"{base_url}/root-crl.der"),
                ),
            )
            signing_key = inter_key
            file_names["intermediate_cert"] = "intermediate.pem"
            file_names["intermediate_key"] = "intermediate.key"
            outputs[:0] = [
                (directory / "intermediate.key", files.private_pem(inter_key), files.KEY_MODE),
                (directory / "intermediate.pem", files.pem(inter_cert), files.PUBLIC_MODE),
            ]
        chain = (inter_cert, root) if inter_cert is not None else (root,)
        outputs.append(
            (directory / "chain.pem", b"".join(files.pem(c) for c in chain), files.PUBLIC_MODE)
        )
        outputs.append((directory / "index.jsonl", b"", files.PUBLIC_MODE))
        manifest = {
            "format": "certkit-testca",
            "version": FORMAT_VERSION,
            "name": name,
            "key_type": key_type,
            "created": start.isoformat().replace("+00:00", "Z"),
            "base_url": base_url,
            "files": file_names,
        }
        manifest_bytes = (json.dumps(manifest, indent=2) + "\n").encode()
        # The manifest comes last: a folder without it is not a CA (an interrupted init).
        outputs.append((directory / MANIFEST, manifest_bytes, files.PUBLIC_MODE))
        files.write_set(outputs)
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
                "testca.manifest_invalid",
                path=str(manifest_path),
                reason_code="files.reason.not_a_manifest",
            )
        names = manifest.get("files", {})
        try:
            root = x509.load_pem_x509_certificate((directory / names["root_cert"]).read_bytes())
            inter = None
            if "intermediate_cert" in names:
                inter = x509.load_pem_x509_certificate(
                    (directory / names["intermediate_cert"]).read_bytes()
                )
                key_file = names["intermediate_key"]
            else:
                key_file = names["root_key"]
            key = serialization.load_pem_private_key(
                (directory / key_file).read_bytes(), password=None
            )
            names["index"]
        except (KeyError, TypeError) as exc:
            raise InputError(
                "testca.manifest_invalid", path=str(manifest_path), reason=f"missing {exc}"
            ) from None
        except (OSError, ValueError) as exc:
            raise InputError(
                "testca.manifest_invalid", path=str(manifest_path), reason=str(exc)
            ) from None
        if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
            raise InputError(
                "testca.manifest_invalid",
                path=str(manifest_path),
                reason_code="files.reason.unsupported_ca_key",
            )
        return cls(directory, manifest, root, inter, key)

    # ---- paths and trust --------------------------------------------------------------------

    def path(self, role: str) -> Path:
        """The file of ``role`` ("root_cert", "chain", "crl", ...) in the CA directory."""
        return self.directory / str(self.manifest["files"][role])

    def __fspath__(self) -> str:
        return os.fspath(self.directory)

    @property
    def root_path(self) -> Path:
        """The root certificate (PEM): the trust anchor to give clients and servers."""
        return self.path("root_cert")

    @property
    def chain_path(self) -> Path:
        """Intermediate + root (PEM)."""
        return self.path("chain")

    @property
    def name(self) -> str:
        return str(self.manifest.get("name", ""))

    def root_pem(self) -> bytes:
        return files.pem(self.root)

    def configure_trust(self, context: ssl.SSLContext | SSL.Context) -> None:
        """Make ``context`` (``ssl`` or pyOpenSSL) trust this CA's root (as trustme does)."""
        import ssl as ssl_module

        if isinstance(context, ssl_module.SSLContext):
            context.load_verify_locations(cadata=self.root_pem().decode("ascii"))
            return
        from OpenSSL import crypto

        store = context.get_cert_store()
        if store is None:  # pragma: no cover - pyOpenSSL always has one
            raise RuntimeError("the context has no certificate store")
        store.add_cert(crypto.X509.from_cryptography(self.root))

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
        beyond_issuer: bool = False,
        key_type: str | None = None,
        private_key: CertificateIssuerPrivateKeyTypes | None = None,
        out: Path | str | None = None,
        p12_password: bytes | None = None,
        p12_encryption: str = files.P12_MODERN,
        allow_invalid_siren: bool = False,
        extra_subject: Sequence[tuple[str, str]] | None = None,
        profile_dirs: Iterable[Path | str] = (),
        force: bool = False,
        now: dt.datetime | None = None,
    ) -> IssuedCertificate:
        """Issue a leaf from ``profile``; write ``out``.pem/.key/-chain.pem/-fullchain.pem
        (/.p12) when asked.

        ``siren="random"`` draws a valid one. An invalid SIREN is refused (Luhn) unless
        ``allow_invalid_siren``. The leaf ends with its issuer at the latest unless
        ``beyond_issuer``. The issuance is recorded in the index before any file appears (and
        also when ``out`` is None).
        """
        prof = profile if isinstance(profile, Profile) else load_profile(profile, profile_dirs)
        paths = self._check_outputs(out, key=True, p12=p12_password is not None, force=force)
        if siren == "random":
            siren = issuance.random_siren()
        if siren is None and prof.siren_required:
            raise InputError("testca.siren_required", profile=prof.name)
        if siren is not None:
            issuance.check_siren(siren, allow_invalid=allow_invalid_siren)
        values = issuance.template_values(
            prof, siren, cn=cn, org=org, given_name=given_name, surname=surname, email=email
        )
        subject = issuance.profile_subject(prof, values, extra_subject or ())
        key = private_key or issuance.generate_key(key_type or prof.key_type)
        valid_from, valid_to = self._validity(prof, now, days, not_before, not_after, beyond_issuer)
        cert = self._signer.sign(
            prof,
            subject,
            key.public_key(),
            valid_from,
            valid_to,
            issuance.profile_san(prof, values),
        )
        self._index.add_issue(cert, prof.name, sync=paths is not None)
        issued = IssuedCertificate(
            certificate=cert,
            private_key=key,
            chain=self.chain,
            profile=prof.name,
            siren=siren if prof.uses_siren else None,
        )
        if paths is None:
            return issued
        return self._write(issued, paths, p12_password, p12_encryption, force)

    def sign(
        self,
        csr: x509.CertificateSigningRequest | bytes | Path | str,
        profile: str | Profile,
        *,
        siren: str | None = None,
        cn: str | None = None,
        org: str | None = None,
        given_name: str | None = None,
        surname: str | None = None,
        email: str | None = None,
        profile_subject: bool = False,
        days: int | None = None,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        beyond_issuer: bool = False,
        out: Path | str | None = None,
        allow_invalid_siren: bool = False,
        profile_dirs: Iterable[Path | str] = (),
        force: bool = False,
        now: dt.datetime | None = None,
    ) -> SignedCertificate:
        """Certify the key of a PKCS#10 request (a key kept in an HSM or a Windows store).

        The request's signature is verified and its key must be strong enough for the profile.
        Its subject is kept as it is unless ``profile_subject`` or one of ``siren``, ``cn``,
        ``org``, ... is given: then the profile's subject template is filled with those values,
        else the request's own (CN, O, ...), else the profile's defaults. The profile's
        extensions apply (its subjectAltName, or else the one the request asks for); the other
        extensions a request asks for are not copied. Writes PREFIX.pem, PREFIX-chain.pem and
        PREFIX-fullchain.pem — never a key, which stays with its owner.
        """
        prof = profile if isinstance(profile, Profile) else load_profile(profile, profile_dirs)
        request = self._load_csr(csr)
        paths = self._check_outputs(out, key=False, p12=False, force=force)
        public_key = request.public_key()
        issuance.check_key_for_profile(public_key, prof)
        if siren is not None:
            if siren == "random":
                siren = issuance.random_siren()
            issuance.check_siren(siren, allow_invalid=allow_invalid_siren)
        from_csr = issuance.csr_values(request)
        rebuild = profile_subject or any(
            v is not None for v in (siren, cn, org, given_name, surname, email)
        )
        if rebuild:
            values = issuance.template_values(
                prof,
                siren,
                cn=cn or from_csr.get("cn"),
                org=org or from_csr.get("org"),
                given_name=given_name or from_csr.get("given_name"),
                surname=surname or from_csr.get("surname"),
                email=email or from_csr.get("email"),
            )
            if siren is None and prof.uses_siren:
                siren = self._csr_siren(
                    request, prof, allow_invalid_siren, required=prof.siren_required
                )
                values["siren"] = siren or ""
            subject = issuance.profile_subject(prof, values)
        else:
            values = issuance.template_values(prof, None, **from_csr)
            try:
                subject = request.subject
            except ValueError as exc:  # a name cryptography cannot build (empty RDN, ...)
                raise InputError(
                    "testca.csr_subject_unusable", path=self._csr_source(csr), reason=str(exc)
                ) from None
            siren = self._csr_siren(
                request,
                prof,
                allow_invalid_siren or not prof.siren_required,
                required=prof.siren_required,
            )
        san = issuance.profile_san(prof, values) or issuance.csr_san(request)
        valid_from, valid_to = self._validity(prof, now, days, not_before, not_after, beyond_issuer)
        cert = self._signer.sign(prof, subject, public_key, valid_from, valid_to, san)
        self._index.add_issue(cert, prof.name, sync=paths is not None)
        signed = SignedCertificate(
            certificate=cert, chain=self.chain, profile=prof.name, siren=siren
        )
        if paths is None:
            return signed
        outputs = [
            (paths.cert, signed.cert_pem(), files.PUBLIC_MODE),
            (paths.chain, signed.chain_pem(), files.PUBLIC_MODE),
            (paths.fullchain, signed.fullchain_pem(), files.PUBLIC_MODE),
        ]
        files.write_set(outputs, force=force)
        return replace(
            signed, cert_path=paths.cert, chain_path=paths.chain, fullchain_path=paths.fullchain
        )

    @staticmethod
    def _csr_source(csr: object) -> str:
        return str(csr) if isinstance(csr, (str, Path)) else "<CSR>"

    def _load_csr(
        self, csr: x509.CertificateSigningRequest | bytes | Path | str
    ) -> x509.CertificateSigningRequest:
        if isinstance(csr, x509.CertificateSigningRequest):
            if not csr.is_signature_valid:
                raise InputError("testca.csr_bad_signature", path="<CSR>")
            return csr
        if isinstance(csr, bytes):
            return issuance.load_csr(csr, "<CSR>")
        from certkit.sources import read_source

        return issuance.load_csr(read_source(csr), str(csr))

    @staticmethod
    def _csr_siren(
        request: x509.CertificateSigningRequest,
        prof: Profile,
        allow_invalid: bool,
        *,
        required: bool,
    ) -> str | None:
        """The SIREN the request's subject carries, checked as ``issue`` checks one."""
        from certkit.identity import extract_identity

        identity = extract_identity(issuance.csr_subject_der(request))
        found = identity.siren or (identity.siret[:9] if identity.siret else None)
        if found is not None:
            return found
        numbers = [c.number[:9] for c in identity.candidates if c.number]
        if numbers:
            issuance.check_siren(numbers[0], allow_invalid=allow_invalid)
            return numbers[0]
        if required:
            raise InputError("testca.csr_siren_missing", profile=prof.name)
        return None

    def issue_server(
        self,
        hostnames: Sequence[str] = ("localhost", "127.0.0.1"),
        *,
        out: Path | str | None = None,
        key_type: str = "ec-p256",
        days: int = 365,
        force: bool = False,
    ) -> IssuedCertificate:
        """A TLS server certificate (serverAuth) for ``hostnames`` (DNS names or IP addresses),
        ending with the issuing CA at the latest."""
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
            key_usage=("digital_signature", "key_encipherment"),
            extended_key_usage=("server_auth",),
            san_dns=tuple(dns),
            san_ip=tuple(ips),
        )
        end = min(_now() + dt.timedelta(days=days), self.issuer_certificate.not_valid_after_utc)
        return self.issue(
            profile, cn=(list(hostnames) or ["localhost"])[0], not_after=end, out=out, force=force
        )

    def _validity(
        self,
        prof: Profile,
        now: dt.datetime | None,
        days: int | None,
        not_before: dt.datetime | None,
        not_after: dt.datetime | None,
        beyond_issuer: bool,
    ) -> tuple[dt.datetime, dt.datetime]:
        return issuance.validity(
            prof,
            start=now or _now(),
            issuer_not_after=self._issuer_not_after,
            days=days,
            not_before=not_before,
            not_after=not_after,
            beyond_issuer=beyond_issuer,
        )

    @staticmethod
    def _check_outputs(
        out: Path | str | None, *, key: bool, p12: bool, force: bool
    ) -> files.OutputPaths | None:
        """The output files of ``out``; refused before anything is signed when one exists."""
        if out is None:
            return None
        paths = files.output_paths(Path(out), key=key, p12=p12)
        if not paths.cert.parent.is_dir():
            raise InputError("testca.output_dir_missing", path=str(paths.cert))
        if not force:
            for target in paths.all():
                if os.path.lexists(target):
                    raise InputError("testca.output_exists", path=str(target))
        return paths

    def _write(
        self,
        issued: IssuedCertificate,
        paths: files.OutputPaths,
        p12_password: bytes | None,
        p12_encryption: str,
        force: bool,
    ) -> IssuedCertificate:
        assert paths.key is not None
        outputs: list[tuple[Path, bytes, int]] = [
            (paths.key, issued.key_pem(), files.KEY_MODE),
            (paths.cert, issued.cert_pem(), files.PUBLIC_MODE),
            (paths.chain, issued.chain_pem(), files.PUBLIC_MODE),
            (paths.fullchain, issued.fullchain_pem(), files.PUBLIC_MODE),
        ]
        if paths.p12 is not None:
            assert p12_password is not None
            bundle = files.pkcs12(
                paths.cert.name.removesuffix(".pem"),
                issued.private_key,
                issued.certificate,
                issued.chain,
                p12_password,
                p12_encryption,
            )
            outputs.append((paths.p12, bundle, files.KEY_MODE))
        files.write_set(outputs, force=force)
        return replace(
            issued,
            cert_path=paths.cert,
            key_path=paths.key,
            chain_path=paths.chain,
            fullchain_path=paths.fullchain,
            p12_path=paths.p12,
        )

    # ---- index ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the index file (also done when the object is garbage-collected)."""
        self._index.close()

    def list(self) -> tuple[IssuedRecord, ...]:
        """Every certificate issued by this CA, oldest first, with its revocation state."""
        return tuple(self._index.records().values())

    def record(self, serial: int) -> IssuedRecord | None:
        return self._index.records().get(serial)

    # ---- revocation, CRL, OCSP --------------------------------------------------------------

    def revoke(
        self,
        serial: int | x509.Certificate,
        reason: str = "unspecified",
        at: dt.datetime | None = None,
    ) -> IssuedRecord:
        """Mark ``serial`` (or a certificate) revoked; the next CRL and OCSP answers show it."""
        if isinstance(serial, x509.Certificate):
            from certkit.names import subject_issuer_der

            if subject_issuer_der(serial)[1] != self.issuer_certificate.subject.public_bytes():
                raise InputError("testca.not_issued_here", serial=format(serial.serial_number, "x"))
            serial = serial.serial_number
        normalized = revocation.normalize_reason(reason)
        record = self.record(serial)
        if record is None:
            raise InputError("testca.serial_unknown", serial=format(serial, "x"))
        if record.revoked:
            raise InputError("testca.already_revoked", serial=format(serial, "x"))
        when = (at or _now()).astimezone(dt.UTC)
        self._index.add_revocation(serial, when, normalized)
        return replace(record, revoked=True, revoked_at=when, reason=normalized)

    def crl(
        self, now: dt.datetime | None = None, *, next_update_days: int = 7
    ) -> x509.CertificateRevocationList:
        """A CRL of the issuing CA listing every revoked leaf (signed now, valid 7 days)."""
        return revocation.build_crl(
            self.issuer_certificate,
            self._signing_key,
            self._index.records().values(),
            now or _now(),
            next_update_days,
        )

    def write_crl(self, now: dt.datetime | None = None) -> Path:
        """Write the current CRL as PEM to ``DIR/crl.pem`` (replacing the previous one)."""
        path = self.path("crl")
        pem = self.crl(now).public_bytes(serialization.Encoding.PEM)
        files.write_new(path, pem, files.PUBLIC_MODE, force=True)
        return path

    def ocsp_response(self, request_der: bytes, now: dt.datetime | None = None) -> bytes:
        """A DER OCSP response to ``request_der`` (see :func:`revocation.ocsp_answer`)."""
        return revocation.ocsp_answer(
            request_der,
            now or _now(),
            issuer=self.issuer_certificate,
            issuer_key=self._signing_key,
            lookup=self.record,
            root=self.root,
            intermediate=self.intermediate,
            root_key=self._load_root_key,
        )

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
