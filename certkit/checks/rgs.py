"""RGS level and issuer: what the catalogue says about the certificate's policies, and what the
verified chain proves of it.

A policy OID is written by whoever signs the certificate: on its own it only **claims** a provider
and a level (anyone can make a CA that writes Certigna's OIDs). The level is **confirmed** only
when the leaf's path verified (cryptography's RFC 5280 path validation) up to a trust anchor —
the bundled trusted-list store, ``--trust``, or a catalogue's CA store — and, when the catalogue
entry names the CA certificates its policy is issued under (``issuers``), through one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.chain import ChainResult
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts
    from certkit.policy import AcceptanceProfile, Catalogue, Match, PolicyEntry


# OID arcs that name a policy framework, not the CA that issued: ETSI (itu-t(0)
# identified-organization(4) etsi(0)) and the CA/Browser Forum (2.23.140).
POLICY_ONLY_ARCS = ("0.4.0.", "2.23.140.")
# Catalogue usages of web-site (TLS server) policies: a certificate whose EKU also allows
# clientAuth can still authenticate a client, so such a policy is information, not a refusal.
WEB_USAGES = ("server",)


@dataclass(frozen=True, slots=True)
class RgsAssessment:
    """What the catalogue says about the leaf's policies under one profile (before any proof)."""

    level: int | None  # the best level claimed by a policy of an accepted usage
    usable: tuple[PolicyEntry, ...]
    wrong_usage: tuple[PolicyEntry, ...]
    test_only: tuple[Match, ...]
    unknown_oids: tuple[str, ...]
    providers: tuple[str, ...]
    claims: tuple[Match, ...] = ()  # provider claims: catalogue matches outside ETSI/CABF arcs


@dataclass(frozen=True, slots=True)
class RgsConfirmation:
    """The level the verified chain confirms (``level``), beside the one only claimed."""

    level: int | None
    claimed: int | None
    confirmed: tuple[PolicyEntry, ...]
    other_issuer: tuple[PolicyEntry, ...]  # proven path, but not through the entry's issuers
    proven: bool


def assess_rgs(
    policies: tuple[str, ...], catalogue: Catalogue, profile: AcceptanceProfile
) -> RgsAssessment:
    """The RGS level the catalogue states for ``policies`` (``None`` when it states none)."""
    matches = [m for m in (catalogue.lookup(o) for o in policies) if m is not None]
    exact = [m.entry for m in matches if m.entry is not None]
    test_only = tuple(m for m in matches if m.test_only)
    usable = tuple(
        e
        for e in exact
        if e.usage in profile.accepted_usages
        and e.rgs_level > 0
        and (profile.accept_test_policies or not e.test_only)
    )
    wrong = tuple(
        e for e in exact if e.usage not in profile.accepted_usages and e.usage != "unknown"
    )
    level = max((e.rgs_level for e in usable), default=None)
    confirmed = {m.oid for m in matches if m.entry is not None and m.entry.rgs_level > 0}
    unknown = tuple(o for o in policies if o not in confirmed)
    claims = tuple(m for m in matches if m.provider and not m.oid.startswith(POLICY_ONLY_ARCS))
    providers = tuple(dict.fromkeys(m.provider for m in claims))
    return RgsAssessment(level, usable, wrong, test_only, unknown, providers, claims)


def confirm_rgs(found: RgsAssessment, chain: ChainResult | None) -> RgsConfirmation:
    """Which of the claimed levels the chain proves (see the module docstring)."""
    from certkit.chain import ChainStatus

    proven = chain is not None and chain.status is ChainStatus.VERIFIED
    if not proven or chain is None or not found.usable:
        return RgsConfirmation(None, found.level, (), (), proven)
    path = chain.path_sha256 if any(e.issuers for e in found.usable) else frozenset()
    confirmed = tuple(e for e in found.usable if not e.issuers or path.intersection(e.issuers))
    other = tuple(e for e in found.usable if e not in confirmed)
    level = max((e.rgs_level for e in confirmed), default=None)
    return RgsConfirmation(level, found.level, confirmed, other, proven)


def _assessment(facts: CertificateFacts, ctx: CheckContext) -> RgsAssessment:
    """The assessment the engine computed once, or a fresh one."""
    if isinstance(ctx.rgs, RgsAssessment):
        return ctx.rgs
    return assess_rgs(facts.policies, ctx.catalogue, ctx.profile)


def _confirmation(found: RgsAssessment, ctx: CheckContext) -> RgsConfirmation:
    if isinstance(ctx.rgs_confirmation, RgsConfirmation):
        return ctx.rgs_confirmation
    return confirm_rgs(found, ctx.chain)


def _allows_client_auth(facts: CertificateFacts) -> bool:
    ekus = facts.extended_key_usage
    return ekus is None or "client_auth" in ekus or "any_extended_key_usage" in ekus


@check(
    "rgs_level",
    "policy",
    "RGS v2.0 (levels *, **, *** per usage; no ANSSI OID marks a level, each CA's policy does); "
    "registry guide (reference/002): RGS * or higher, server-client authentication; certkit "
    "catalogue (policies/README.md) for OID → level, confirmed only by a chain verified to a "
    "trusted CA (RFC 5280 §6); a profile may accept an eIDAS-qualified certificate instead",
    {
        "checks.rgs_ok": Severity.OK,
        "checks.rgs_eidas_accepted": Severity.OK,
        "checks.rgs_too_low": Severity.ERROR,
        "checks.rgs_claimed": Severity.WARNING,
        "checks.rgs_other_issuer": Severity.WARNING,
        "checks.rgs_unknown": Severity.WARNING,
        "checks.rgs_no_policy": Severity.WARNING,
        "checks.rgs_not_required": Severity.INFO,
        "checks.policy_wrong_usage": Severity.WARNING,
        "checks.policy_web_usage": Severity.INFO,
        "checks.policy_test_only": Severity.ERROR,
        "checks.policy_test_accepted": Severity.INFO,
    },
)
def rgs_level(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The profile's minimum RGS level must be confirmed: a policy of an accepted usage in the
    catalogue, on a chain verified to a trusted CA (or, where the profile allows it, an
    eIDAS-qualified certificate). Policies of other usages inform; the EKU decides the usage."""
    profile = ctx.profile
    found = _assessment(facts, ctx)
    out: list[Finding] = []
    if found.test_only:
        oids = ", ".join(m.oid for m in found.test_only)
        if not profile.accept_test_policies:
            return [finding("checks.policy_test_only", oids=oids, profile=profile.name)]
        out.append(finding("checks.policy_test_accepted", oids=oids, profile=profile.name))
    out.extend(_usage_notes(facts, found, profile))
    proof = _confirmation(found, ctx)
    if profile.min_rgs_level == 0:
        level = proof.level or proof.claimed
        out.append(
            finding(
                "checks.rgs_not_required", level="*" * (level or 0) or "-", profile=profile.name
            )
        )
        return out
    minimum = "*" * profile.min_rgs_level
    if proof.level is not None and proof.level >= profile.min_rgs_level:
        best = max(proof.confirmed, key=lambda e: e.rgs_level)
        stars = "*" * best.rgs_level
        out.append(finding("checks.rgs_ok", level=stars, oid=best.oid, provider=best.provider))
        return out
    if proof.claimed is not None and proof.claimed < profile.min_rgs_level:
        best = max(found.usable, key=lambda e: e.rgs_level)
        stars = "*" * best.rgs_level
        out.append(finding("checks.rgs_too_low", level=stars, minimum=minimum, oid=best.oid))
        return out
    eidas = ctx.eidas
    if profile.accept_eidas_qualified and getattr(eidas, "qualified", False):
        out.append(
            finding(
                "checks.rgs_eidas_accepted",
                minimum=minimum,
                profile=profile.name,
                service=getattr(eidas, "service", ""),
            )
        )
        return out
    if proof.claimed is not None:
        best = max(found.usable, key=lambda e: e.rgs_level)
        stars = "*" * best.rgs_level
        if proof.other_issuer:
            out.append(
                finding(
                    "checks.rgs_other_issuer",
                    level=stars,
                    oid=best.oid,
                    provider=best.provider,
                    anchor=ctx.chain.anchor if ctx.chain is not None else "",
                )
            )
        else:
            out.append(
                finding("checks.rgs_claimed", level=stars, oid=best.oid, provider=best.provider)
            )
    elif not facts.policies:
        out.append(finding("checks.rgs_no_policy", minimum=minimum, issuer=facts.issuer_rfc4514))
    else:
        out.append(
            finding(
                "checks.rgs_unknown",
                oids=", ".join(found.unknown_oids) or ", ".join(facts.policies),
                issuer=facts.issuer_rfc4514,
                providers=", ".join(found.providers) or "-",
                minimum=minimum,
            )
        )
    return out


def _usage_notes(
    facts: CertificateFacts, found: RgsAssessment, profile: AcceptanceProfile
) -> list[Finding]:
    """Policies catalogued for another usage: information for ETSI and web-site policies on a
    certificate whose EKU allows client authentication, a warning otherwise. Never an error: the
    EKU, the key usage and the subject decide whether the certificate can authenticate a client."""
    web: list[PolicyEntry] = []
    other: list[PolicyEntry] = []
    client = _allows_client_auth(facts)
    for entry in found.wrong_usage:
        if client and (entry.usage in WEB_USAGES or entry.oid.startswith(POLICY_ONLY_ARCS)):
            web.append(entry)
        else:
            other.append(entry)
    out: list[Finding] = []
    if web:
        out.append(
            finding(
                "checks.policy_web_usage",
                policies=", ".join(f"{e.oid} ({e.name or e.usage})" for e in web),
            )
        )
    if other:
        out.append(
            finding(
                "checks.policy_wrong_usage",
                policies=", ".join(f"{e.oid} ({e.usage})" for e in other),
                accepted=", ".join(profile.accepted_usages),
            )
        )
    return out


@check(
    "issuer_recognised",
    "policy",
    "Registry guide (reference/002): a provider listed by LSTI (qualified providers); the French "
    "trusted list (ETSI TS 119 612, ANSSI) and the certkit catalogue name known French CAs; a "
    "provider is recognised only through a chain verified to one of its CA certificates "
    "(RFC 5280 §6), never by a policy OID alone",
    {
        "checks.issuer_recognised": Severity.OK,
        "checks.issuer_claimed": Severity.WARNING,
        "checks.issuer_unknown": Severity.WARNING,
    },
)
def issuer_recognised(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The issuing CA must be proven: the path verifies up to a known CA certificate (trusted
    list, catalogue CA store, --trust). A policy arc only claims a provider."""
    from certkit.chain import ChainStatus

    chain = ctx.chain
    if chain is not None and chain.status is ChainStatus.VERIFIED:
        label = ctx.path_entries[0].label if ctx.path_entries else chain.anchor
        return [finding("checks.issuer_recognised", provider=label)]
    found = _assessment(facts, ctx)
    if found.claims:
        claim = found.claims[0]
        return [finding("checks.issuer_claimed", oid=claim.oid, provider=claim.provider)]
    return [finding("checks.issuer_unknown", issuer=facts.issuer_rfc4514)]
