"""Certificate paths and revocation: build and verify a client certificate's chain, fetch missing
intermediates (AIA caIssuers), ask OCSP responders and read CRLs over HTTP.

Verification uses cryptography's RFC 5280 path validation as a *client* certificate
(``PolicyBuilder().build_client_verifier()``: clientAuth EKU, validity at the chosen time, name
chaining, signatures, basic constraints). Every network call has a timeout; a server that cannot be
reached gives a result saying so, never an exception.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit.errors import InputError

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes

DEFAULT_TIMEOUT = 5.0
MAX_FETCH_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoreEntry:
    """One CA certificate of a store, with where it came from (provider, service, file)."""

    certificate: x509.Certificate
    label: str
    origin: str


@dataclass(frozen=True, slots=True)
class CaStore:
    """CA certificates indexed by subject (DER): trusted-list stores, ``--trust`` files."""

    entries: tuple[StoreEntry, ...]
    by_subject: dict[bytes, tuple[StoreEntry, ...]]

    @classmethod
    def from_entries(cls, entries: Iterable[StoreEntry]) -> CaStore:
        items = tuple(entries)
        index: dict[bytes, list[StoreEntry]] = {}
        seen: set[bytes] = set()
        unique: list[StoreEntry] = []
        for entry in items:
            from cryptography.hazmat.primitives.serialization import Encoding

            der = entry.certificate.public_bytes(Encoding.DER)
            if der in seen:
                continue
            seen.add(der)
            unique.append(entry)
            index.setdefault(entry.certificate.subject.public_bytes(), []).append(entry)
        return cls(tuple(unique), {k: tuple(v) for k, v in index.items()})

    def issuers_of(
        self, cert: x509.Certificate, *, verified_issuer: x509.Certificate | None = None
    ) -> tuple[StoreEntry, ...]:
        """Store certificates whose subject is ``cert``'s issuer and whose key signed it.

        ``verified_issuer``: the issuer a path validation already proved; it spares a second
        signature verification when it is one of the candidates.
        """
        candidates = self.by_subject.get(name_ders(cert)[1], ())
        if not candidates:
            return ()
        if verified_issuer is not None:
            proven = tuple(e for e in candidates if e.certificate == verified_issuer)
            if proven:
                return proven
        return tuple(e for e in candidates if signed_by(cert, e.certificate))

    def __len__(self) -> int:
        return len(self.entries)


def load_store(paths: Iterable[str | Path], *, origin_label: str = "") -> CaStore:
    """Read PEM bundles into a :class:`CaStore`; ``# Provider:`` comments become labels."""
    entries: list[StoreEntry] = []
    for path in paths:
        entries.extend(read_pem_entries(Path(path), origin_label=origin_label))
    return CaStore.from_entries(entries)


def read_pem_entries(path: Path, *, origin_label: str = "") -> list[StoreEntry]:
    """The certificates of a PEM bundle with the comment lines written before each one."""
    from cryptography import x509

    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise InputError("chain.store_unreadable", path=str(path), reason=exc.strerror) from None
    entries: list[StoreEntry] = []
    comments: list[str] = []
    block: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if block is None:
            if stripped.startswith("-----BEGIN CERTIFICATE-----"):
                block = [stripped]
            elif stripped.startswith("#"):
                comments.append(stripped.lstrip("# ").strip())
            continue
        block.append(stripped)
        if stripped.startswith("-----END CERTIFICATE-----"):
            try:
                cert = x509.load_pem_x509_certificate("\n".join(block).encode("ascii"))
            except ValueError:
                raise InputError("chain.store_bad_certificate", path=str(path)) from None
            subject = cert.subject.rfc4514_string()
            label = _label(comments) or (f"{subject} ({origin_label})" if origin_label else subject)
            entries.append(StoreEntry(cert, label, str(path)))
            block, comments = None, []
    if block is not None or not entries:
        raise InputError("chain.store_empty", path=str(path))
    return entries


def _label(comments: list[str]) -> str:
    provider = service = ""
    for comment in comments:
        if comment.startswith("Provider:"):
            provider = comment.split(":", 1)[1].strip()
        elif comment.startswith("Service:"):
            service = comment.split(":", 1)[1].strip()
    if provider and service:
        return f"{provider} — {service}"
    return provider or service


# Keyed by identity, holding the certificate so the id cannot be reused while cached: hashing a
# certificate (what functools.lru_cache would do) costs as much as reading its names again.
_NAME_DERS: dict[int, tuple[x509.Certificate, tuple[bytes, bytes]]] = {}


def name_ders(cert: x509.Certificate) -> tuple[bytes, bytes]:
    """(subject DER, issuer DER), sliced from the TBS without building Name objects."""
    hit = _NAME_DERS.get(id(cert))
    if hit is not None and hit[0] is cert:
        return hit[1]
    from certkit.names import subject_issuer_der

    value = subject_issuer_der(cert)
    remember_name_ders(cert, value)
    return value


def remember_name_ders(cert: x509.Certificate, value: tuple[bytes, bytes]) -> None:
    """Record ``cert``'s (subject DER, issuer DER) when the caller already has them."""
    if len(_NAME_DERS) >= 4096:
        _NAME_DERS.clear()
    _NAME_DERS[id(cert)] = (cert, value)


def signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when ``issuer``'s name and key issued ``cert`` (signature checked)."""
    if name_ders(cert)[1] != name_ders(issuer)[0]:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, Exception):
        return False
    return True


def is_self_signed(cert: x509.Certificate) -> bool:
    subject, issuer = name_ders(cert)
    return subject == issuer and signed_by(cert, cert)


class ChainStatus(StrEnum):
    VERIFIED = "verified"
    UNTRUSTED_ROOT = "untrusted_root"
    INVALID = "invalid"
    INCOMPLETE = "incomplete"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True, slots=True)
class ChainResult:
    """The outcome of path building and verification for one leaf."""

    status: ChainStatus
    path: tuple[str, ...] = ()
    issuer: x509.Certificate | None = None
    anchor: str = ""
    reason: str = ""
    missing_issuer: str = ""
    fetched: tuple[str, ...] = ()
    fetch_errors: tuple[str, ...] = ()
    at: dt.datetime | None = None


def verify_client_chain(
    leaf: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    anchors: CaStore,
    at: dt.datetime,
) -> ChainResult:
    """Build and verify ``leaf``'s path to a trust anchor, as a TLS client certificate at ``at``.

    Self-signed certificates among ``intermediates`` are not trusted: when the path ends on one of
    them, the result is :attr:`ChainStatus.UNTRUSTED_ROOT` (the structure verifies; add the root
    with ``--trust`` if it is really yours to trust).
    """
    given_roots = [c for c in intermediates if is_self_signed(c)]
    others = [c for c in intermediates if not is_self_signed(c)]
    top = _top_of_chain(leaf, others, anchors, given_roots)
    if len(anchors) == 0 and not given_roots:
        return ChainResult(ChainStatus.NOT_CHECKED, missing_issuer=top, at=at)
    if anchors.entries:
        result = _verify(leaf, others, anchors, at)
        if isinstance(result, tuple):
            return ChainResult(
                ChainStatus.VERIFIED,
                path=_subjects(result),
                issuer=result[1] if len(result) > 1 else None,
                anchor=_anchor_label(result[-1], anchors),
                at=at,
            )
        first_error = result
    else:
        first_error = ""
    if given_roots:
        result = _verify(leaf, others, given_roots, at)
        if isinstance(result, tuple):
            return ChainResult(
                ChainStatus.UNTRUSTED_ROOT,
                path=_subjects(result),
                anchor=result[-1].subject.rfc4514_string(),
                at=at,
            )
        first_error = first_error or result
    if top:
        return ChainResult(ChainStatus.INCOMPLETE, missing_issuer=top, reason=first_error, at=at)
    return ChainResult(ChainStatus.INVALID, reason=first_error, at=at)


_VERIFIER_STORES: dict[int, tuple[object, object]] = {}


def _verifier_store(roots: CaStore | list[x509.Certificate]) -> object:
    """cryptography's Store for ``roots``, built once per CaStore (it is the costly part)."""
    from cryptography.x509.verification import Store

    if isinstance(roots, list):
        return Store(roots)
    cached = _VERIFIER_STORES.get(id(roots))
    if cached is not None and cached[0] is roots:
        return cached[1]
    store = Store([e.certificate for e in roots.entries])
    if len(_VERIFIER_STORES) > 16:
        _VERIFIER_STORES.clear()
    _VERIFIER_STORES[id(roots)] = (roots, store)
    return store


_VERIFIERS: dict[tuple[int, dt.datetime], tuple[object, object]] = {}


def _client_verifier(roots: CaStore | list[x509.Certificate], at: dt.datetime) -> Any:
    """A client verifier for ``roots`` at ``at``; cached per CaStore and time (batches share it)."""
    from cryptography import x509
    from cryptography.x509.verification import Criticality, ExtensionPolicy, PolicyBuilder

    key = (id(roots), at)
    cached = _VERIFIERS.get(key) if isinstance(roots, CaStore) else None
    if cached is not None and cached[0] is roots:
        return cached[1]
    # Web PKI defaults relaxed to RFC 5280 where French CAs differ: a client certificate need
    # not carry a subjectAltName (§4.2.1.6 requires one only when the subject is empty; registry
    # certificates identify a company in the subject DN), and extendedKeyUsage may be critical
    # (§4.2.1.12) — it must still allow clientAuth when present.
    ee_policy = (
        ExtensionPolicy.webpki_defaults_ee()
        .may_be_present(x509.SubjectAlternativeName, Criticality.AGNOSTIC, None)
        .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, _client_eku)
    )
    ca_policy = ExtensionPolicy.webpki_defaults_ca().may_be_present(
        x509.ExtendedKeyUsage, Criticality.AGNOSTIC, _client_eku
    )
    verifier = (
        PolicyBuilder()
        .store(_verifier_store(roots))  # type: ignore[arg-type]
        .time(at)
        .extension_policies(ca_policy=ca_policy, ee_policy=ee_policy)
        .build_client_verifier()
    )
    if isinstance(roots, CaStore):
        if len(_VERIFIERS) > 64:
            _VERIFIERS.clear()
        _VERIFIERS[key] = (roots, verifier)
    return verifier


def _client_eku(policy: object, cert: x509.Certificate, eku: object) -> None:
    """Path validation hook: an extendedKeyUsage, when present, must allow clientAuth."""
    from cryptography.x509.oid import ExtendedKeyUsageOID

    if eku is None:
        return
    usages = list(eku)  # type: ignore[call-overload]
    if (
        ExtendedKeyUsageOID.CLIENT_AUTH not in usages
        and ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in usages
    ):
        raise ValueError("extendedKeyUsage does not allow TLS client authentication (clientAuth)")


def _verify(
    leaf: x509.Certificate,
    intermediates: list[x509.Certificate],
    roots: CaStore | list[x509.Certificate],
    at: dt.datetime,
) -> tuple[x509.Certificate, ...] | str:
    from cryptography.x509.verification import VerificationError

    try:
        verified = _client_verifier(roots, at).verify(leaf, intermediates)
    except (VerificationError, ValueError) as exc:
        return str(exc)
    return tuple(verified.chain)


def _top_of_chain(
    leaf: x509.Certificate,
    intermediates: list[x509.Certificate],
    anchors: CaStore,
    roots: list[x509.Certificate],
) -> str:
    """The issuer name (RFC 4514) nothing given can supply, or "" when names chain to a root."""
    by_subject: dict[bytes, x509.Certificate] = {}
    for cert in (*intermediates, *roots):
        by_subject.setdefault(name_ders(cert)[0], cert)
    current = leaf
    for _ in range(8):
        subject, issuer = name_ders(current)
        if issuer == subject:
            return ""
        if issuer in anchors.by_subject:
            return ""
        nxt = by_subject.get(issuer)
        if nxt is None:
            return current.issuer.rfc4514_string()
        current = nxt
    return ""


def _subjects(chain: Sequence[x509.Certificate]) -> tuple[str, ...]:
    from certkit.names import rfc4514

    return tuple(rfc4514(name_ders(c)[0]) for c in chain)


def _anchor_label(root: x509.Certificate, anchors: CaStore) -> str:
    for entry in anchors.by_subject.get(name_ders(root)[0], ()):
        if entry.certificate == root:
            return entry.label
    return root.subject.rfc4514_string()


# --------------------------------------------------------------------------------------------------
# Network: AIA, OCSP, CRL


def _http_get(url: str, timeout: float) -> bytes:
    import httpx

    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        response = client.get(url)
        response.raise_for_status()
        if len(response.content) > MAX_FETCH_BYTES:
            raise ValueError("response too large")
        return response.content


def _net_error(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def fetch_issuers(
    leaf: x509.Certificate,
    known: Sequence[x509.Certificate],
    anchors: CaStore,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_depth: int = 4,
) -> tuple[tuple[x509.Certificate, ...], tuple[str, ...], tuple[str, ...]]:
    """Download missing issuers by following AIA caIssuers URLs (HTTP only).

    Returns (certificates fetched, URLs fetched, errors as "URL: reason").
    """
    from cryptography import x509
    from cryptography.x509.oid import AuthorityInformationAccessOID

    have = {c.subject.public_bytes() for c in known} | set(anchors.by_subject)
    fetched: list[x509.Certificate] = []
    urls: list[str] = []
    errors: list[str] = []
    current = leaf
    for _ in range(max_depth):
        issuer_name = current.issuer.public_bytes()
        if issuer_name in have or issuer_name == current.subject.public_bytes():
            break
        try:
            aia = current.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
        except x509.ExtensionNotFound:
            break
        locations = [
            d.access_location.value
            for d in aia
            if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS
            and isinstance(d.access_location, x509.UniformResourceIdentifier)
            and d.access_location.value.lower().startswith(("http://", "https://"))
        ]
        found: x509.Certificate | None = None
        for url in locations:
            try:
                data = _http_get(url, timeout)
                for cert in _parse_certificates(data):
                    if signed_by(current, cert):
                        found = cert
                        break
                urls.append(url)
                if found is None:
                    errors.append(f"{url}: no issuer certificate in the response")
            except Exception as exc:
                errors.append(f"{url}: {_net_error(exc)}")
            if found is not None:
                break
        if found is None:
            break
        fetched.append(found)
        have.add(found.subject.public_bytes())
        current = found
    return tuple(fetched), tuple(urls), tuple(errors)


def _parse_certificates(data: bytes) -> list[x509.Certificate]:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs7

    if b"-----BEGIN" in data:
        try:
            return list(x509.load_pem_x509_certificates(data))
        except ValueError:
            return list(pkcs7.load_pem_pkcs7_certificates(data))
    try:
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        return list(pkcs7.load_der_pkcs7_certificates(data))


class RevocationStatus(StrEnum):
    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    UNREACHABLE = "unreachable"
    UNAVAILABLE = "unavailable"
    INVALID_RESPONSE = "invalid_response"


@dataclass(frozen=True, slots=True)
class RevocationResult:
    """What the OCSP responder or CRL said about the leaf."""

    status: RevocationStatus
    method: str
    url: str = ""
    reason: str = ""
    revoked_at: dt.datetime | None = None
    revocation_reason: str = ""


def check_revocation(
    leaf: x509.Certificate,
    issuer: x509.Certificate | None,
    method: str,
    *,
    at: dt.datetime,
    timeout: float = DEFAULT_TIMEOUT,
) -> RevocationResult:
    """Ask the leaf's OCSP responder (``method="ocsp"``) or read its CRL (``"crl"``)."""
    if issuer is None:
        return RevocationResult(RevocationStatus.UNAVAILABLE, method, reason="issuer")
    if method == "ocsp":
        return _check_ocsp(leaf, issuer, at=at, timeout=timeout)
    return _check_crl(leaf, issuer, at=at, timeout=timeout)


def _urls(leaf: x509.Certificate, method: str) -> list[str]:
    from cryptography import x509
    from cryptography.x509.oid import AuthorityInformationAccessOID

    urls: list[str] = []
    try:
        if method == "ocsp":
            aia = leaf.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
            urls = [
                d.access_location.value
                for d in aia
                if d.access_method == AuthorityInformationAccessOID.OCSP
                and isinstance(d.access_location, x509.UniformResourceIdentifier)
            ]
        else:
            cdp = leaf.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
            for point in cdp:
                for name in point.full_name or ():
                    if isinstance(name, x509.UniformResourceIdentifier):
                        urls.append(name.value)
    except x509.ExtensionNotFound:
        return []
    return [u for u in urls if u.lower().startswith(("http://", "https://"))]


def _check_ocsp(
    leaf: x509.Certificate, issuer: x509.Certificate, *, at: dt.datetime, timeout: float
) -> RevocationResult:
    import httpx
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp

    urls = _urls(leaf, "ocsp")
    if not urls:
        return RevocationResult(RevocationStatus.UNAVAILABLE, "ocsp", reason="no_url")
    request = (
        ocsp.OCSPRequestBuilder().add_certificate(leaf, issuer, hashes.SHA1()).build()
    ).public_bytes(serialization.Encoding.DER)
    url = urls[0]
    try:
        with httpx.Client(timeout=timeout) as client:
            answer = client.post(
                url, content=request, headers={"Content-Type": "application/ocsp-request"}
            )
            answer.raise_for_status()
            body = answer.content
    except Exception as exc:
        return RevocationResult(
            RevocationStatus.UNREACHABLE, "ocsp", url=url, reason=_net_error(exc)
        )
    try:
        response = ocsp.load_der_ocsp_response(body)
    except ValueError as exc:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE, "ocsp", url=url, reason=_net_error(exc)
        )
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE,
            "ocsp",
            url=url,
            reason=f"responder status {response.response_status.name.lower()}",
        )
    problem = _ocsp_problem(response, leaf, issuer, at)
    if problem:
        return RevocationResult(RevocationStatus.INVALID_RESPONSE, "ocsp", url=url, reason=problem)
    status = response.certificate_status
    if status == ocsp.OCSPCertStatus.GOOD:
        return RevocationResult(RevocationStatus.GOOD, "ocsp", url=url)
    if status == ocsp.OCSPCertStatus.REVOKED:
        reason = response.revocation_reason
        return RevocationResult(
            RevocationStatus.REVOKED,
            "ocsp",
            url=url,
            revoked_at=response.revocation_time_utc,
            revocation_reason=reason.value if reason is not None else "",
        )
    return RevocationResult(RevocationStatus.UNKNOWN, "ocsp", url=url)


def _ocsp_problem(
    response: object, leaf: x509.Certificate, issuer: x509.Certificate, at: dt.datetime
) -> str:
    from cryptography.x509 import ExtendedKeyUsage as EKU
    from cryptography.x509 import ExtensionNotFound, ocsp
    from cryptography.x509.oid import ExtendedKeyUsageOID

    assert isinstance(response, ocsp.OCSPResponse)
    if response.serial_number != leaf.serial_number:
        return "response for another certificate"
    signer_key = issuer.public_key()
    for cert in response.certificates:
        if signed_by(cert, issuer):
            try:
                eku = cert.extensions.get_extension_for_class(EKU).value
            except ExtensionNotFound:
                continue
            if ExtendedKeyUsageOID.OCSP_SIGNING in eku:
                signer_key = cert.public_key()
                break
    if not _signature_ok(
        signer_key,
        response.signature,
        response.tbs_response_bytes,
        response.signature_hash_algorithm,
    ):
        return "signature of the response does not verify"
    next_update = response.next_update_utc
    if next_update is not None and next_update < at:
        return "response out of date"
    return ""


def _signature_ok(
    key: CertificatePublicKeyTypes, signature: bytes, data: bytes, algo: object
) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa

    try:
        if isinstance(key, rsa.RSAPublicKey) and isinstance(algo, hashes.HashAlgorithm):
            key.verify(signature, data, padding.PKCS1v15(), algo)
        elif isinstance(key, ec.EllipticCurvePublicKey) and isinstance(algo, hashes.HashAlgorithm):
            key.verify(signature, data, ec.ECDSA(algo))
        elif isinstance(key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
            key.verify(signature, data)
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _check_crl(
    leaf: x509.Certificate, issuer: x509.Certificate, *, at: dt.datetime, timeout: float
) -> RevocationResult:
    from cryptography import x509

    urls = _urls(leaf, "crl")
    if not urls:
        return RevocationResult(RevocationStatus.UNAVAILABLE, "crl", reason="no_url")
    url = urls[0]
    try:
        data = _http_get(url, timeout)
    except Exception as exc:
        return RevocationResult(
            RevocationStatus.UNREACHABLE, "crl", url=url, reason=_net_error(exc)
        )
    try:
        crl = (
            x509.load_pem_x509_crl(data)
            if data.lstrip().startswith(b"-----BEGIN")
            else x509.load_der_x509_crl(data)
        )
    except ValueError as exc:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE, "crl", url=url, reason=_net_error(exc)
        )
    if crl.issuer.public_bytes() != issuer.subject.public_bytes() or not crl.is_signature_valid(
        issuer.public_key()  # type: ignore[arg-type]
    ):
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE,
            "crl",
            url=url,
            reason="CRL not signed by the certificate's issuer",
        )
    next_update = crl.next_update_utc
    if next_update is not None and next_update < at:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE, "crl", url=url, reason="CRL out of date"
        )
    entry = crl.get_revoked_certificate_by_serial_number(leaf.serial_number)
    if entry is None:
        return RevocationResult(RevocationStatus.GOOD, "crl", url=url)
    reason = ""
    with contextlib.suppress(x509.ExtensionNotFound):
        reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.value
    return RevocationResult(
        RevocationStatus.REVOKED,
        "crl",
        url=url,
        revoked_at=entry.revocation_date_utc,
        revocation_reason=reason,
    )
