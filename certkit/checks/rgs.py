"""RGS level and issuer: what the catalogue says about the certificate's policies and its CA."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts
    from certkit.policy import AcceptanceProfile, Catalogue, Match, PolicyEntry


# OID arcs that name a policy framework, not the CA that issued: ETSI (itu-t(0)
# identified-organization(4) etsi(0)) and the CA/Browser Forum (2.23.140).
POLICY_ONLY_ARCS = ("0.4.0.", "2.23.140.")


@dataclass(frozen=True, slots=True)
class RgsAssessment:
    """What the catalogue confirms about the leaf's policies under one profile."""

    level: int | None
    usable: tuple[PolicyEntry, ...]
    wrong_usage: tuple[PolicyEntry, ...]
    test_only: tuple[Match, ...]
    unknown_oids: tuple[str, ...]
    providers: tuple[str, ...]


def assess_rgs(
    policies: tuple[str, ...], catalogue: Catalogue, profile: AcceptanceProfile
) -> RgsAssessment:
    """The RGS level the catalogue confirms for ``policies`` (``None`` when it cannot)."""
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
    providers = tuple(
        dict.fromkeys(
            m.provider for m in matches if m.provider and not m.oid.startswith(POLICY_ONLY_ARCS)
        )
    )
    return RgsAssessment(level, usable, wrong, test_only, unknown, providers)


def _assessment(facts: CertificateFacts, ctx: CheckContext) -> RgsAssessment:
    """The assessment the engine computed once, or a fresh one."""
    if isinstance(ctx.rgs, RgsAssessment):
        return ctx.rgs
    return assess_rgs(facts.policies, ctx.catalogue, ctx.profile)


@check(
    "rgs_level",
    "policy",
    "RGS v2.0 (levels *, **, *** per usage; no ANSSI OID marks a level, each CA's policy does); "
    "registry guide (reference/002): RGS * or higher, server-client authentication; certkit "
    "catalogue (policies/README.md) for OID → level",
    {
        "checks.rgs_ok": Severity.OK,
        "checks.rgs_too_low": Severity.ERROR,
        "checks.rgs_unknown": Severity.WARNING,
        "checks.rgs_no_policy": Severity.WARNING,
        "checks.rgs_not_required": Severity.INFO,
        "checks.policy_wrong_usage": Severity.ERROR,
        "checks.policy_test_only": Severity.ERROR,
        "checks.policy_test_accepted": Severity.INFO,
    },
)
def rgs_level(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The catalogue must confirm a policy of an accepted usage at the profile's minimum level."""
    profile = ctx.profile
    found = _assessment(facts, ctx)
    out: list[Finding] = []
    if found.test_only:
        oids = ", ".join(m.oid for m in found.test_only)
        if not profile.accept_test_policies:
            return [finding("checks.policy_test_only", oids=oids, profile=profile.name)]
        out.append(finding("checks.policy_test_accepted", oids=oids, profile=profile.name))
    stars = "*" * (found.level or 0)
    if profile.min_rgs_level == 0:
        out.append(finding("checks.rgs_not_required", level=stars or "-", profile=profile.name))
        return out
    minimum = "*" * profile.min_rgs_level
    if found.level is not None and found.level >= profile.min_rgs_level:
        best = max(found.usable, key=lambda e: e.rgs_level)
        out.append(finding("checks.rgs_ok", level=stars, oid=best.oid, provider=best.provider))
    elif found.level is not None:
        best = max(found.usable, key=lambda e: e.rgs_level)
        out.append(finding("checks.rgs_too_low", level=stars, minimum=minimum, oid=best.oid))
    elif not facts.policies:
        out.append(finding("checks.rgs_no_policy", minimum=minimum, issuer=facts.issuer_rfc4514))
    elif found.wrong_usage:
        out.append(
            finding(
                "checks.policy_wrong_usage",
                policies=", ".join(f"{e.oid} ({e.usage})" for e in found.wrong_usage),
                accepted=", ".join(profile.accepted_usages),
            )
        )
    else:
        out.append(
            finding(
                "checks.rgs_unknown",
                oids=", ".join(found.unknown_oids),
                issuer=facts.issuer_rfc4514,
                providers=", ".join(found.providers) or "-",
                minimum=minimum,
            )
        )
    return out


@check(
    "issuer_recognised",
    "policy",
    "Registry guide (reference/002): a provider listed by LSTI (qualified providers); the French "
    "trusted list (ETSI TS 119 612, ANSSI) and the certkit catalogue name known French CAs",
    {"checks.issuer_recognised": Severity.OK, "checks.issuer_unknown": Severity.WARNING},
)
def issuer_recognised(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The issuing CA should be known: in a CA store (trusted list, --trust) or by policy arc."""
    if ctx.issuer_in_store:
        return [finding("checks.issuer_recognised", how="store", provider=ctx.issuer_label)]
    found = _assessment(facts, ctx)
    if found.providers:
        return [finding("checks.issuer_recognised", how="catalogue", provider=found.providers[0])]
    return [finding("checks.issuer_unknown", issuer=facts.issuer_rfc4514)]
