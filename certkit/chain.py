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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit.errors import InputError

_EXTENSION_OID = re.compile(r"invalid extension: ([0-9]+(?:\.[0-9]+)+)")
_ALGORITHM_OID = re.compile(r"oid: ([0-9]+(?:\.[0-9]+)+)")

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes

DEFAULT_TIMEOUT = 5.0
MAX_FETCH_BYTES = 2 * 1024 * 1024
# Trusted-list service statuses that mean "in force" (ETSI TS 119 612 §5.5.4; the last two are
# the pre-eIDAS names).
CURRENT_STATUSES = ("granted", "accredited", "undersupervision")


@dataclass(frozen=True, slots=True)
class StoreEntry:
    """One CA certificate of a store, with where it came from (provider, service, file)."""

    certificate: x509.Certificate
    label: str
    origin: str
    # From a trusted list (``# Service type:`` … comments of certkit's CA store files):
    service_type: str = ""  # e.g. CA/QC, CA/PKC
    service_status: str = ""  # e.g. granted, withdrawn
    service_info: tuple[str, ...] = ()  # e.g. ForWebSiteAuthentication, ForeSeals

    @property
    def qualified_ca(self) -> bool:
        """A CA issuing eIDAS-qualified certificates whose status is current (ETSI TS 119 612)."""
        return self.service_type == "CA/QC" and self.service_status in CURRENT_STATUSES

    @property
    def sha256(self) -> str:
        return certificate_sha256(self.certificate)


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

    def entry_for(self, cert: x509.Certificate) -> StoreEntry | None:
        """The store's entry for ``cert`` itself (same certificate), if it holds one."""
        for entry in self.by_subject.get(name_ders(cert)[0], ()):
            if entry.certificate == cert:
                return entry
        return None

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

    from certkit.sources import read_source

    # "-" is standard input; a missing or unreadable file is reported as every input file is
    text = read_source(path).decode("utf-8", errors="replace")
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
            from certkit.names import rfc4514

            subject = rfc4514(name_ders(cert)[0])
            label = _label(comments) or (f"{subject} ({origin_label})" if origin_label else subject)
            service = _service_fields(comments)
            entries.append(StoreEntry(cert, label, str(path), *service))
            block, comments = None, []
    if block is not None or not entries:
        raise InputError("chain.store_empty", path=str(path))
    return entries


def _service_fields(comments: list[str]) -> tuple[str, str, tuple[str, ...]]:
    """(service type, status, additional information) from a CA store's comment lines."""
    kind = status = ""
    info: tuple[str, ...] = ()
    for comment in comments:
        key, _, value = comment.partition(":")
        if key == "Service type":
            kind = value.strip()
        elif key == "Service status":
            status = value.strip()
        elif key == "Service information":
            info = tuple(v.strip() for v in value.split(",") if v.strip())
    return kind, status, info


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


_SHA256: dict[int, tuple[x509.Certificate, str]] = {}


def certificate_sha256(cert: x509.Certificate) -> str:
    """The certificate's SHA-256 fingerprint in lowercase hex, kept per certificate object (the
    CA certificates of a batch are the same objects file after file)."""
    hit = _SHA256.get(id(cert))
    if hit is not None and hit[0] is cert:
        return hit[1]
    from cryptography.hazmat.primitives import hashes

    value = cert.fingerprint(hashes.SHA256()).hex()
    if len(_SHA256) >= 4096:
        _SHA256.clear()
    _SHA256[id(cert)] = (cert, value)
    return value


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


class ChainProblem(StrEnum):
    """Why path validation failed, read from cryptography's error (its text kept as detail)."""

    NONE = ""
    CA_DATES = "ca_dates"  # a CA certificate of the path is not valid at that time
    SIGNATURE = "signature"  # a signature does not verify with the issuer's key
    CA_CONSTRAINTS = "ca_constraints"  # basicConstraints / path length of a CA certificate
    CA_USAGE = "ca_usage"  # a CA certificate's EKU does not allow client authentication
    EXTENSION = "extension"  # an extension the verifier refuses (which one: ``extension``)
    MALFORMED = "malformed"  # a certificate the verifier cannot parse
    ALGORITHM = "algorithm"  # a signature algorithm the verifier forbids (SHA-1…): ``extension``
    NO_PATH = "no_path"  # no issuer among the certificates given and trusted
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class FetchError:
    """One download that did not give what was needed (AIA, CRL): the URL, why, raw detail."""

    url: str
    problem: str  # timeout | unreachable | http_status | too_large | not_certificate | no_issuer
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ChainResult:
    """The outcome of path building and verification for one leaf.

    ``certificates`` is the verified path (leaf first, trust anchor last) when there is one.
    ``leaf_dates_only``: the leaf is expired or not yet valid at the check time; the path was
    verified at the nearest moment the leaf was valid (``at``), so a failure is the chain's own.
    """

    status: ChainStatus
    path: tuple[str, ...] = ()
    issuer: x509.Certificate | None = None
    anchor: str = ""
    reason: str = ""
    missing_issuer: str = ""
    fetched: tuple[str, ...] = ()
    fetch_errors: tuple[FetchError, ...] = ()
    at: dt.datetime | None = None
    certificates: tuple[x509.Certificate, ...] = ()
    problem: ChainProblem = ChainProblem.NONE
    extension: str = ""
    leaf_dates_only: bool = False

    @property
    def path_sha256(self) -> frozenset[str]:
        """SHA-256 fingerprints (lowercase hex) of the CA certificates of the verified path."""
        return frozenset(certificate_sha256(c) for c in self.certificates[1:])


def classify_failure(detail: str) -> tuple[ChainProblem, str]:
    """(problem, extension OID) for a cryptography path-validation error text.

    The texts come from cryptography's Rust verifier (``cryptography-x509-verification``): "cert
    is not valid at validation time", "signature does not match", "basicConstraints.cA must be
    asserted…", "path length constraint violated", "invalid extension: <oid>: …", "candidates
    exhausted: all candidates exhausted with no interior errors", "malformed certificate: …".
    """
    text = detail.lower()
    found = _EXTENSION_OID.search(detail)
    extension = found.group(1) if found else ""
    if "not valid at validation time" in text:
        return ChainProblem.CA_DATES, ""
    if "signature algorithm" in text and ("forbidden" in text or "unsupported" in text):
        found_oid = _ALGORITHM_OID.search(detail)
        return ChainProblem.ALGORITHM, found_oid.group(1) if found_oid else ""
    if "signature" in text and ("does not match" in text or "invalid" in text):
        return ChainProblem.SIGNATURE, ""
    if extension == "2.5.29.37" or "extendedkeyusage" in text or "eku" in text:
        return ChainProblem.CA_USAGE, "2.5.29.37"
    if "basicconstraints" in text or "path length" in text or extension == "2.5.29.19":
        return ChainProblem.CA_CONSTRAINTS, extension or "2.5.29.19"
    if "no interior errors" in text:
        return ChainProblem.NO_PATH, ""
    if "malformed" in text or "asn.1" in text or "parsing error" in text:
        return ChainProblem.MALFORMED, ""
    if extension or "keyusage" in text or "extension" in text:
        return ChainProblem.EXTENSION, extension or ("2.5.29.15" if "keyusage" in text else "")
    return ChainProblem.OTHER, ""


def _leaf_time(leaf: x509.Certificate, at: dt.datetime) -> dt.datetime:
    """``at``, moved inside the leaf's validity when it falls outside."""
    start, end = leaf.not_valid_before_utc, leaf.not_valid_after_utc
    return min(max(at, start), end)


def verify_client_chain(
    leaf: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    anchors: CaStore,
    at: dt.datetime,
) -> ChainResult:
    """Build and verify ``leaf``'s path to a trust anchor at ``at`` (RFC 5280 §6).

    Self-signed certificates among ``intermediates`` are not trusted: when the path ends on one of
    them, the result is :attr:`ChainStatus.UNTRUSTED_ROOT` (the structure verifies; add the root
    with ``--trust`` if it is really yours to trust). The leaf's own dates and its usages are not
    the chain's business (the validity and usage checks judge them): a leaf that is expired or not
    yet valid at ``at`` is verified at the nearest moment it was valid (``leaf_dates_only``), and
    its extendedKeyUsage is not enforced here — only the CA certificates' is.
    """
    moment = _leaf_time(leaf, at)
    shifted = moment != at
    given_roots = [c for c in intermediates if is_self_signed(c)]
    others = [c for c in intermediates if not is_self_signed(c)]
    top = _top_of_chain(leaf, others, anchors, given_roots)
    if len(anchors) == 0 and not given_roots:
        return ChainResult(ChainStatus.NOT_CHECKED, missing_issuer=top, at=at)
    first_error = ""
    if anchors.entries:
        result = _verify(leaf, others, anchors, moment)
        if isinstance(result, tuple):
            return _verified(result, anchors, moment, leaf_dates_only=shifted)
        first_error = result
    if given_roots:
        result = _verify(leaf, others, given_roots, moment)
        if isinstance(result, tuple):
            return ChainResult(
                ChainStatus.UNTRUSTED_ROOT,
                path=_subjects(result),
                anchor=_subjects(result[-1:])[0],
                at=moment,
                certificates=result,
                leaf_dates_only=shifted,
            )
        first_error = first_error or result
    problem, extension = classify_failure(first_error)
    if shifted and problem is ChainProblem.CA_DATES:
        # The CAs were not valid when the leaf was (a leaf dated before its CA, as test PKIs
        # make): judge the path now, the leaf's own dates aside.
        walked = _walk_at(leaf, others, anchors, at)
        if walked is not None:
            return _verified(walked, anchors, at, leaf_dates_only=True)
    if top or problem is ChainProblem.NO_PATH:
        return ChainResult(
            ChainStatus.INCOMPLETE,
            missing_issuer=top or _issuer_text(leaf),
            reason=first_error,
            at=moment,
            problem=ChainProblem.NO_PATH,
            leaf_dates_only=shifted,
        )
    return ChainResult(
        ChainStatus.INVALID,
        reason=first_error,
        at=moment,
        problem=problem,
        extension=extension,
        leaf_dates_only=shifted,
    )


def _verified(
    path: tuple[x509.Certificate, ...], anchors: CaStore, at: dt.datetime, *, leaf_dates_only: bool
) -> ChainResult:
    return ChainResult(
        ChainStatus.VERIFIED,
        path=_subjects(path),
        issuer=path[1] if len(path) > 1 else None,
        anchor=_anchor_label(path[-1], anchors),
        at=at,
        certificates=path,
        leaf_dates_only=leaf_dates_only,
    )


def _walk_at(
    leaf: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    anchors: CaStore,
    at: dt.datetime,
) -> tuple[x509.Certificate, ...] | None:
    """The path from ``leaf`` up to a trust anchor, every issuer found by name and signature, a
    CA (basicConstraints cA) valid at ``at`` — the leaf's own dates not looked at. For an
    expired or not-yet-valid leaf only, where cryptography's verifier stops at the leaf's dates."""
    from certkit.model import facts

    path = [leaf]
    current = leaf
    pool = list(intermediates) + [e.certificate for e in anchors.entries]
    for _ in range(8):
        issuer = next((c for c in pool if c not in path and signed_by(current, c)), None)
        if issuer is None:
            return None
        if not (issuer.not_valid_before_utc <= at <= issuer.not_valid_after_utc):
            return None
        if not facts(issuer).is_ca:
            return None
        path.append(issuer)
        if anchors.entry_for(issuer) is not None:
            return tuple(path)
        current = issuer
    return None


def _issuer_text(cert: x509.Certificate) -> str:
    from certkit.names import rfc4514

    return rfc4514(name_ders(cert)[1])


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
    # (§4.2.1.12). The leaf's EKU is not the path's business (the usage check reports it, so a
    # serverAuth-only leaf is not blamed on its chain); a CA's EKU, when present, must allow
    # clientAuth.
    ee_policy = (
        ExtensionPolicy.webpki_defaults_ee()
        .may_be_present(x509.SubjectAlternativeName, Criticality.AGNOSTIC, None)
        .may_be_present(x509.ExtendedKeyUsage, Criticality.AGNOSTIC, None)
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
            return _issuer_text(current)
        current = nxt
    return ""


def _subjects(chain: Sequence[x509.Certificate]) -> tuple[str, ...]:
    from certkit.names import rfc4514

    return tuple(rfc4514(name_ders(c)[0]) for c in chain)


def _anchor_label(root: x509.Certificate, anchors: CaStore) -> str:
    for entry in anchors.by_subject.get(name_ders(root)[0], ()):
        if entry.certificate == root:
            return entry.label
    return _subjects((root,))[0]


# --------------------------------------------------------------------------------------------------
# Network: AIA, OCSP, CRL


def _http_get(url: str, timeout: float) -> bytes:
    import httpx

    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        response = client.get(url)
        response.raise_for_status()
        if len(response.content) > MAX_FETCH_BYTES:
            raise ResponseTooLarge("response too large")
        return response.content


class ResponseTooLarge(ValueError):
    """A download larger than :data:`MAX_FETCH_BYTES`."""


def _net_error(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def net_problem(exc: BaseException) -> str:
    """What kind of network failure ``exc`` is: ``timeout``, ``http_status``, ``too_large`` or
    ``unreachable`` (refused, name not found, reset, TLS…); the raw text goes to the detail."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.HTTPStatusError):
        return "http_status"
    if isinstance(exc, ResponseTooLarge):
        return "too_large"
    return "unreachable"


def fetch_issuers(
    leaf: x509.Certificate,
    known: Sequence[x509.Certificate],
    anchors: CaStore,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_depth: int = 4,
) -> tuple[tuple[x509.Certificate, ...], tuple[str, ...], tuple[FetchError, ...]]:
    """Download missing issuers by following AIA caIssuers URLs (HTTP only).

    Returns (certificates fetched, URLs fetched, what went wrong per URL).
    """
    from cryptography import x509
    from cryptography.x509.oid import AuthorityInformationAccessOID

    have = {c.subject.public_bytes() for c in known} | set(anchors.by_subject)
    fetched: list[x509.Certificate] = []
    urls: list[str] = []
    errors: list[FetchError] = []
    current = leaf
    for _ in range(max_depth):
        issuer_name = current.issuer.public_bytes()
        if issuer_name in have or issuer_name == current.subject.public_bytes():
            break
        try:
            aia = current.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
        except (x509.ExtensionNotFound, ValueError):  # none, or one cryptography cannot read
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
                data = _issuer_download(url, timeout)
            except Exception as exc:
                errors.append(FetchError(url, net_problem(exc), _net_error(exc)))
                continue
            urls.append(url)
            try:
                certificates = _parse_certificates(data)
            except Exception as exc:
                errors.append(FetchError(url, "not_certificate", _net_error(exc)))
                continue
            found = next((c for c in certificates if signed_by(current, c)), None)
            if found is None:
                errors.append(FetchError(url, "no_issuer"))
            if found is not None:
                break
        if found is None:
            break
        fetched.append(found)
        have.add(found.subject.public_bytes())
        current = found
    return tuple(fetched), tuple(urls), tuple(errors)


# AIA downloads, per URL: a CA's issuer certificate changes rarely, and a server checking many
# uploads must not ask the CA for it every time. (monotonic expiry, body or the error raised)
_AIA_CACHE: dict[str, tuple[float, bytes | BaseException]] = {}
AIA_CACHE_SECONDS = 3600.0
AIA_FAILURE_CACHE_SECONDS = 60.0


def _issuer_download(url: str, timeout: float) -> bytes:
    import time

    now = time.monotonic()
    hit = _AIA_CACHE.get(url)
    if hit is not None and hit[0] > now:
        if isinstance(hit[1], BaseException):
            raise hit[1]
        return hit[1]
    try:
        data = _http_get(url, timeout)
    except Exception as exc:
        _remember_download(url, now + AIA_FAILURE_CACHE_SECONDS, exc)
        raise
    _remember_download(url, now + AIA_CACHE_SECONDS, data)
    return data


def _remember_download(url: str, until: float, value: bytes | BaseException) -> None:
    if len(_AIA_CACHE) >= 1024:
        _AIA_CACHE.clear()
    _AIA_CACHE[url] = (until, value)


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
    # A code: issuer, no_url (unavailable); timeout, unreachable, http_status, too_large
    # (unreachable); not_parsable, responder_status, other_certificate, bad_signature,
    # out_of_date, not_signed_by_issuer (invalid response). Raw library text in ``detail``.
    reason: str = ""
    revoked_at: dt.datetime | None = None
    revocation_reason: str = ""
    detail: str = ""


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
            RevocationStatus.UNREACHABLE,
            "ocsp",
            url=url,
            reason=net_problem(exc),
            detail=_net_error(exc),
        )
    try:
        response = ocsp.load_der_ocsp_response(body)
    except ValueError as exc:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE,
            "ocsp",
            url=url,
            reason="not_parsable",
            detail=_net_error(exc),
        )
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE,
            "ocsp",
            url=url,
            reason="responder_status",
            detail=response.response_status.name.lower(),
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
        return "other_certificate"
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
        return "bad_signature"
    next_update = response.next_update_utc
    if next_update is not None and next_update < at:
        return "out_of_date"
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
            RevocationStatus.UNREACHABLE,
            "crl",
            url=url,
            reason=net_problem(exc),
            detail=_net_error(exc),
        )
    try:
        crl = (
            x509.load_pem_x509_crl(data)
            if data.lstrip().startswith(b"-----BEGIN")
            else x509.load_der_x509_crl(data)
        )
    except ValueError as exc:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE,
            "crl",
            url=url,
            reason="not_parsable",
            detail=_net_error(exc),
        )
    if crl.issuer.public_bytes() != issuer.subject.public_bytes() or not crl.is_signature_valid(
        issuer.public_key()  # type: ignore[arg-type]
    ):
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE,
            "crl",
            url=url,
            reason="not_signed_by_issuer",
        )
    next_update = crl.next_update_utc
    if next_update is not None and next_update < at:
        return RevocationResult(
            RevocationStatus.INVALID_RESPONSE, "crl", url=url, reason="out_of_date"
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
