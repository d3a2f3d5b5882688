"""Run the checks on one file: the I/O at the edge (issuer lookup, chain, AIA, OCSP/CRL), then the
pure checks, each guarded so a crashing check becomes an error finding naming it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from certkit import chain as chainlib
from certkit import model, names
from certkit.checks.context import CheckContext
from certkit.checks.eidas import EidasAssessment, assess_eidas
from certkit.checks.registry import CHECKS, CheckSpec, check, finding
from certkit.checks.report import Verdict, verdict
from certkit.checks.rgs import RgsAssessment, assess_rgs, confirm_rgs
from certkit.findings import Finding, Severity
from certkit.identity import extract_identity
from certkit.registration import holds_only_ca_certificates

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
    # The password option as the user gave it ("--password-file mdp.txt"), for the advice that
    # names the export command; never the password itself.
    password_hint: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """The findings for one file, and the verdict they add up to."""

    path: str
    profile: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    facts: CertificateFacts | None
    rgs_level: int | None  # the level the verified chain confirms, else None
    identity: Any = None
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    rgs_level_claimed: int | None = None  # the level the policies state, proven or not
    eidas: EidasAssessment | None = None
    chain_only: bool = False  # the file holds CA certificates only (the chain, not the leaf)

    @property
    def eidas_qualified(self) -> bool:
        return self.eidas is not None and self.eidas.qualified


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
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return finding("checks.check_crashed", check=name, error=type(exc).__name__, detail=detail)


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
    index = bundle.leaf_index
    ders = getattr(bundle, "ders", ())
    der = ders[index] if index is not None and index < len(ders) else None
    reading = bundle.reading(index) if index is not None else None
    facts = model.facts(leaf_cert, der, reading) if leaf_cert is not None else None
    if holds_only_ca_certificates(bundle, facts):
        # The chain a CA delivers beside the certificate: one finding, nothing else to judge.
        ctx = CheckContext(**base_fields, chain_only=True)
        return _file_report(bundle, options, ctx, ("leaf",), chain_only=True)
    if leaf_cert is None or facts is None:
        candidates = tuple(
            names.rfc4514(chainlib.name_ders(c)[0])
            for c, f in zip(bundle.certificates, flags, strict=True)
            if f
        )
        ctx = CheckContext(**base_fields, leaf_candidates=candidates)
        return _file_report(bundle, options, ctx, BUNDLE_CHECKS)
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
    chain = io.get("chain")
    confirmation = confirm_rgs(rgs, chain) if rgs is not None else None
    try:
        eidas: EidasAssessment | None = assess_eidas(facts, chain, io.get("path_entries", ()), der)
    except Exception:  # the eidas check reports the crash itself
        eidas = None
    ctx = CheckContext(
        **{
            **base_fields,
            "identity": identity,
            "rgs": rgs,
            "rgs_confirmation": confirmation,
            "eidas": eidas,
            "password_hint": options.password_hint,
            **io,
        }
    )
    findings = run_checks(facts, ctx) + io_crash
    if isinstance(identity, Exception):
        identity = None
    return Report(
        bundle.source,
        options.profile.name,
        verdict(findings),
        tuple(findings),
        facts,
        confirmation.level if confirmation is not None else None,
        identity,
        now=now,
        rgs_level_claimed=confirmation.claimed if confirmation is not None else None,
        eidas=eidas,
    )


def _file_report(
    bundle: CertificateBundle,
    options: CheckOptions,
    ctx: CheckContext,
    checks: tuple[str, ...],
    *,
    chain_only: bool = False,
) -> Report:
    """A report on the file alone (no single client certificate to judge): ``checks`` only."""
    specs = tuple(s for s in CHECKS if s.name in checks)
    findings = run_checks(model.facts(bundle.certificates[0]), ctx, specs)
    return Report(
        bundle.source,
        options.profile.name,
        verdict(findings),
        tuple(findings),
        None,
        None,
        now=ctx.now,
        chain_only=chain_only,
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
    _remember_names(bundle)
    given = bundle.chain + options.extra_chain
    store = options.store
    named = bool(len(store)) and bool(store.by_subject.get(chainlib.name_ders(leaf)[1]))
    fetched: tuple[x509.Certificate, ...] = ()
    urls: tuple[str, ...] = ()
    errors: tuple[chainlib.FetchError, ...] = ()
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
        # The leaf's own dates are the validity check's business: chain.py verifies the path at
        # the nearest moment the leaf was valid when ``now`` falls outside it.
        result = chainlib.verify_client_chain(leaf, given, store, now)
        if urls or errors:
            result = replace(result, fetched=urls, fetch_errors=errors)
    else:
        result = chainlib.ChainResult(
            chainlib.ChainStatus.NOT_CHECKED, fetch_errors=errors, fetched=urls, at=now
        )
    path_entries: tuple[chainlib.StoreEntry, ...] = ()
    if result.status is chainlib.ChainStatus.VERIFIED:
        path_entries = tuple(
            e for e in (store.entry_for(c) for c in result.certificates[1:]) if e is not None
        )
        if len(result.certificates) == 1:
            # The leaf is itself a trust anchor (a trusted-list service certificate): its
            # issuer is the store certificate whose key signed it, if any.
            path_entries = store.issuers_of(leaf)
    revocation = None
    if options.revocation:
        issuer = result.issuer or next((c for c in given if chainlib.signed_by(leaf, c)), None)
        if issuer is None and named:
            in_store = store.issuers_of(leaf)
            issuer = in_store[0].certificate if in_store else None
        revocation = chainlib.check_revocation(
            leaf, issuer, options.revocation, at=now, timeout=options.timeout
        )
    return {
        "issuer_label": path_entries[0].label if path_entries else "",
        "issuer_in_store": bool(path_entries),
        "path_entries": path_entries,
        "chain": result,
        "revocation": revocation,
        "revocation_requested": options.revocation is not None,
    }


def may_download(bundle: CertificateBundle, options: CheckOptions) -> bool:
    """True when checking ``bundle`` may wait on the network: an AIA download (the leaf's issuer
    is neither in the file, nor among the given intermediates, nor in the store) or a revocation
    query. A server runs such checks off its event loop, and the others inline."""
    if options.revocation:
        return True
    if not options.fetch_aia:
        return False
    leaf = bundle.leaf
    if leaf is None:
        return False
    _remember_names(bundle)
    subject, issuer = chainlib.name_ders(leaf)
    if issuer == subject or issuer in options.store.by_subject:
        return False
    return not any(
        chainlib.name_ders(c)[0] == issuer for c in (*bundle.chain, *options.extra_chain)
    )


def _remember_names(bundle: CertificateBundle) -> None:
    """The names of the file's certificates, read from the DER the file gave (path building
    asks for them several times; cryptography would re-encode each certificate to find them)."""
    for index, cert in enumerate(bundle.certificates):
        try:
            chainlib.remember_name_ders(cert, bundle.name_ders(index))
        except (names.NameDecodeError, ValueError):
            continue


def verdict_of(findings: list[Finding]) -> Verdict:
    return verdict(findings)
