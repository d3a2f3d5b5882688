"""Chain and revocation: interpret what path verification and OCSP/CRL said (I/O done before)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.chain import ChainStatus, RevocationStatus
from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity
from certkit.render import iso

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts


@check(
    "chain",
    "chain",
    "RFC 5280 §6 (certification path validation) as a TLS client certificate (id-kp-clientAuth), "
    "at the check time; RFC 5280 §4.2.2.1 (AIA caIssuers to fetch missing intermediates); the "
    "registry registers the issuer's DN (reference/002)",
    {
        "checks.chain_verified": Severity.OK,
        "checks.chain_untrusted_root": Severity.WARNING,
        "checks.chain_invalid": Severity.ERROR,
        "checks.chain_incomplete": Severity.WARNING,
        "checks.chain_not_checked": Severity.INFO,
        "checks.aia_fetch_failed": Severity.WARNING,
    },
)
def chain(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The path from the leaf to a trusted root must build and verify."""
    result = ctx.chain
    out: list[Finding] = []
    if result is not None and result.fetch_errors:
        out.append(finding("checks.aia_fetch_failed", errors="; ".join(result.fetch_errors)))
    if result is None or result.status is ChainStatus.NOT_CHECKED:
        out.append(finding("checks.chain_not_checked", issuer=facts.issuer_rfc4514))
    elif result.status is ChainStatus.VERIFIED:
        out.append(finding("checks.chain_verified", length=len(result.path), anchor=result.anchor))
    elif result.status is ChainStatus.UNTRUSTED_ROOT:
        out.append(finding("checks.chain_untrusted_root", root=result.anchor))
    elif result.status is ChainStatus.INCOMPLETE:
        out.append(finding("checks.chain_incomplete", missing=result.missing_issuer))
    else:
        out.append(finding("checks.chain_invalid", reason=result.reason or "?"))
    return out


@check(
    "revocation",
    "chain",
    "RFC 6960 (OCSP) and RFC 5280 §5 (CRL): a revoked certificate is refused at the TLS handshake",
    {
        "checks.revocation_good": Severity.OK,
        "checks.revoked": Severity.ERROR,
        "checks.revocation_unknown": Severity.WARNING,
        "checks.revocation_unreachable": Severity.WARNING,
        "checks.revocation_no_url": Severity.WARNING,
        "checks.revocation_no_issuer": Severity.WARNING,
        "checks.revocation_invalid_response": Severity.WARNING,
    },
)
def revocation(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """When asked (--revocation), the OCSP responder or CRL must say the certificate is good."""
    result = ctx.revocation
    if not ctx.revocation_requested or result is None:
        return []
    method = result.method.upper()
    if result.status is RevocationStatus.GOOD:
        return [finding("checks.revocation_good", method=method, url=result.url)]
    if result.status is RevocationStatus.REVOKED:
        when = iso(result.revoked_at) if result.revoked_at else "?"
        return [
            finding(
                "checks.revoked",
                method=method,
                date=when,
                reason=result.revocation_reason or "-",
                url=result.url,
            )
        ]
    if result.status is RevocationStatus.UNKNOWN:
        return [finding("checks.revocation_unknown", method=method, url=result.url)]
    if result.status is RevocationStatus.UNREACHABLE:
        return [
            finding(
                "checks.revocation_unreachable", method=method, url=result.url, reason=result.reason
            )
        ]
    if result.status is RevocationStatus.UNAVAILABLE:
        if result.reason == "issuer":
            return [finding("checks.revocation_no_issuer", method=method)]
        return [finding("checks.revocation_no_url", method=method)]
    return [
        finding(
            "checks.revocation_invalid_response",
            method=method,
            url=result.url,
            reason=result.reason,
        )
    ]
