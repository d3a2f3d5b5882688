"""The company's SIREN in the certificate: present, well formed, checksum, and the expected one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts


@check(
    "siren",
    "identity",
    "Registry guide (reference/002): the company's SIREN must be in the certificate, which the "
    "registry checks at upload; ETSI EN 319 412-1 §5.1.4 (organizationIdentifier NTRFR-…), RGS "
    "convention OU=0002 <SIREN>; INSEE: SIREN/SIRET pass the Luhn checksum",
    {
        "checks.siren_ok": Severity.OK,
        "checks.siren_missing": Severity.ERROR,
        "checks.siren_not_required": Severity.INFO,
        "checks.siren_invalid": Severity.ERROR,
        "checks.siren_mismatch": Severity.ERROR,
    },
)
def siren(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """A valid SIREN must be found (when the profile requires it) and match ``--siren``."""
    identity = ctx.identity
    if isinstance(identity, Exception):
        raise identity
    found = getattr(identity, "siren", None)
    source = str(getattr(identity, "source", "") or "")
    if found:
        if ctx.expected_siren and found != ctx.expected_siren:
            return [
                finding(
                    "checks.siren_mismatch",
                    found=found,
                    expected=ctx.expected_siren,
                    attribute=source,
                )
            ]
        return [finding("checks.siren_ok", siren=found, attribute=source)]
    raw = str(getattr(identity, "raw_value", "") or "")
    problems = [
        f
        for f in getattr(identity, "findings", ())
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]
    if raw or problems:
        return [
            finding(
                "checks.siren_invalid",
                value=raw or "?",
                attribute=source or "?",
                problems=", ".join(f.code for f in problems) or "-",
            )
        ]
    if ctx.profile.siren_required or ctx.expected_siren:
        return [finding("checks.siren_missing", expected=ctx.expected_siren or "")]
    return [finding("checks.siren_not_required")]
