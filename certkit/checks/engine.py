"""Run the checks on one file: the I/O at the edge (issuer lookup, chain, AIA, OCSP/CRL), then the
pure checks, each guarded so a crashing check becomes an error finding naming it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from certkit import chain as chainlib
from certkit import model
from certkit.checks.context import CheckContext
from certkit.checks.registry import CHECKS, CheckSpec, check, finding
from certkit.checks.report import Verdict, verdict
from certkit.checks.rgs import RgsAssessment, assess_rgs
from certkit.findings import Finding, Severity
from certkit.identity import extract_identity

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.chain import CaStore
    from certkit.model import CertificateFacts
    from certkit.policy import AcceptanceProfile, Catalogue
    from certkit.sources import CertificateBundle

BUNDLE_CHECKS = ("private_key", "leaf")


@check(
    "engine",
    "engine",
    "certkit: a check that fails unexpectedly is reported, never hidden",
    {"checks.check_crashed": Severity.ERROR},
)
def _engine(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """Placeholder that only declares the code used when a check crashes."""
    return []


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What the user asked for: profile, catalogue, CA store, time, expected SIREN, network."""

    profile: AcceptanceProfile
    catalogue: Catalogue
    store: CaStore
    at: dt.datetime | None = None
    expected_siren: str | None = None
    extra_chain: tuple[x509.Certificate, ...] = ()
    fetch_aia: bool = False
    revocation: str | None = None
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class Report:
    """The findings for one file, and the verdict they add up to."""

    path: str
    profile: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    facts: CertificateFacts | None
    rgs_level: int | None
    identity: Any = None
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def run_checks(
    facts: CertificateFacts, ctx: CheckContext, checks: tuple[CheckSpec, ...] | None = None
) -> list[Finding]:
    """Run ``checks`` (default: all registered) in order; a crash becomes checks.check_crashed."""
    out: list[Finding] = []
    for spec in checks if checks is not None else tuple(CHECKS):
        try:
            out.extend(spec.function(facts, ctx))
        except Exception as exc:
            out.append(_crashed(spec.name, exc))
    return out


def _crashed(name: str, exc: Exception) -> Finding:
    error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return finding("checks.check_crashed", check=name, error=error)


def evaluate(bundle: CertificateBundle, options: CheckOptions) -> Report:
    """Check the leaf of ``bundle`` against ``options.profile``."""
    now = options.at or dt.datetime.now(dt.UTC)
    flags = bundle.leaf_flags
    leaf_count = sum(1 for f in flags if f)
    base_fields: dict[str, Any] = {
        "profile": options.profile,
        "catalogue": options.catalogue,
        "now": now,
        "source": bundle.source,
        "private_key_type": bundle.private_key_type,
        "certificate_count": len(bundle.certificates),
        "leaf_count": leaf_count,
        "expected_siren": options.expected_siren,
    }
    leaf_cert = bundle.leaf
    if leaf_cert is None:
        candidates = tuple(
            c.subject.rfc4514_string() for c, f in zip(bundle.certificates, flags, strict=True) if f
        )
        specs = tuple(s for s in CHECKS if s.name in BUNDLE_CHECKS)
        findings = run_checks(
            model.facts(bundle.certificates[0]),
            CheckContext(**base_fields, leaf_candidates=candidates),
            specs,
        )
        return Report(
            bundle.source,
            options.profile.name,
            verdict(findings),
            tuple(findings),
            None,
            None,
            now=now,
        )
    index = bundle.leaf_index
    ders = getattr(bundle, "ders", ())
    der = ders[index] if index is not None and index < len(ders) else None
    facts = model.facts(leaf_cert, der, bundle.reading(index) if index is not None else None)
    chainlib.remember_name_ders(leaf_cert, (facts.subject_der, facts.issuer_der))
    try:
        identity: Any = _identity(facts)
    except Exception as exc:  # the siren check re-raises it: a crash finding naming "siren"
        identity = exc
    try:
        rgs = _assess_rgs_once(facts.policies, options.catalogue, options.profile)
    except Exception:  # the rgs_level check reports the crash itself
        rgs = None
    io_crash: list[Finding] = []
    try:
        io = _with_io(leaf_cert, bundle, options, now, lenient=bool(facts.encoding_problems))
    except Exception as exc:
        io, io_crash = {}, [_crashed("chain", exc)]
    ctx = CheckContext(**{**base_fields, "identity": identity, "rgs": rgs, **io})
    findings = run_checks(facts, ctx) + io_crash
    if isinstance(identity, Exception):
        identity = None
    level = rgs.level if rgs is not None else None
    return Report(
        bundle.source,
        options.profile.name,
        verdict(findings),
        tuple(findings),
        facts,
        level,
        identity,
        now=now,
    )


# A batch's certificates mostly carry the same few policy sets: one assessment per set, per run.
# Keyed by identity of the (immutable) catalogue and profile, which the entry holds alive.
_ASSESSMENTS: dict[
    tuple[int, int, tuple[str, ...]], tuple[Catalogue, AcceptanceProfile, RgsAssessment]
] = {}


def _assess_rgs_once(
    policies: tuple[str, ...], catalogue: Catalogue, profile: AcceptanceProfile
) -> RgsAssessment:
    key = (id(catalogue), id(profile), policies)
    hit = _ASSESSMENTS.get(key)
    if hit is not None and hit[0] is catalogue and hit[1] is profile:
        return hit[2]
    assessment = assess_rgs(policies, catalogue, profile)
    if len(_ASSESSMENTS) >= 1024:
        _ASSESSMENTS.clear()
    _ASSESSMENTS[key] = (catalogue, profile, assessment)
    return assessment


def _identity(facts: CertificateFacts) -> Any:
    # The subject's DER (kept by the model) spares re-encoding the x509.Name.
    return extract_identity(facts.subject_der)


def _with_io(
    leaf: x509.Certificate,
    bundle: CertificateBundle,
    options: CheckOptions,
    now: dt.datetime,
    *,
    lenient: bool = False,
) -> dict[str, Any]:
    """Issuer lookup, chain verification, AIA and revocation: the only I/O of a check run.

    ``lenient``: the leaf is not DER, so ``leaf`` is the view certkit re-encoded; its signature
    cannot be verified (nor can a strict verifier read the original)."""
    given = bundle.chain + options.extra_chain
    store = options.store
    named = bool(len(store)) and bool(store.by_subject.get(chainlib.name_ders(leaf)[1]))
    fetched: tuple[x509.Certificate, ...] = ()
    urls: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    if options.fetch_aia:
        fetched, urls, errors = chainlib.fetch_issuers(leaf, given, store, timeout=options.timeout)
        given += fetched
    if lenient and (given or named):
        result = chainlib.ChainResult(
            chainlib.ChainStatus.INVALID,
            reason="the certificate is not DER: a strict verifier (cryptography's) cannot read it",
            at=now,
        )
    elif given or named:
        at = now
        if not (leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc):
            # The validity check reports the leaf's dates; verify the path itself at a moment
            # the leaf was valid so that this finding is about the chain, not the same dates.
            at = (
                leaf.not_valid_before_utc
                + (leaf.not_valid_after_utc - leaf.not_valid_before_utc) / 2
            )
        result = chainlib.verify_client_chain(leaf, given, store, at)
        if urls or errors:
            result = replace(result, fetched=urls, fetch_errors=errors)
    else:
        result = chainlib.ChainResult(
            chainlib.ChainStatus.NOT_CHECKED, fetch_errors=errors, fetched=urls, at=now
        )
    in_store = store.issuers_of(leaf, verified_issuer=result.issuer) if named else ()
    label = in_store[0].label if in_store else ""
    revocation = None
    if options.revocation:
        issuer = next((c for c in given if chainlib.signed_by(leaf, c)), None)
        if issuer is None and in_store:
            issuer = in_store[0].certificate
        revocation = chainlib.check_revocation(
            leaf, issuer, options.revocation, at=now, timeout=options.timeout
        )
    return {
        "issuer_label": label,
        "issuer_in_store": bool(in_store),
        "chain": result,
        "revocation": revocation,
        "revocation_requested": options.revocation is not None,
    }


def verdict_of(findings: list[Finding]) -> Verdict:
    return verdict(findings)
