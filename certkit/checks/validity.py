"""Validity period: expired, not yet valid, or expiring within the profile's warning window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity
from certkit.render import iso

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts


@check(
    "validity",
    "validity",
    "RFC 5280 §4.1.2.5 (validity) and §6.1.3 (a certificate is used only within it); SNE bulletin "
    "(reference/004 §5): renew before expiry and register the new certificate",
    {
        "checks.validity_ok": Severity.OK,
        "checks.expired": Severity.ERROR,
        "checks.not_yet_valid": Severity.ERROR,
        "checks.expiring_soon": Severity.WARNING,
    },
)
def validity(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The certificate must be valid at the check time and not expire within the warning window."""
    if ctx.now > facts.not_after:
        days = (ctx.now - facts.not_after).days
        return [finding("checks.expired", date=iso(facts.not_after), days=days)]
    if ctx.now < facts.not_before:
        days = (facts.not_before - ctx.now).days
        return [finding("checks.not_yet_valid", date=iso(facts.not_before), days=days)]
    days_left = (facts.not_after - ctx.now).days
    if days_left < ctx.profile.expiry_warning_days:
        return [
            finding(
                "checks.expiring_soon",
                date=iso(facts.not_after),
                days=days_left,
                window=ctx.profile.expiry_warning_days,
            )
        ]
    return [finding("checks.validity_ok", date=iso(facts.not_after), days=days_left)]
