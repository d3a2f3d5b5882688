"""Chain and revocation: interpret what path verification and OCSP/CRL said (I/O done before)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.chain import ChainProblem, ChainResult, ChainStatus, RevocationStatus
from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity
from certkit.render import iso

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts


@check(
    "chain",
    "chain",
    "RFC 5280 §6 (certification path validation) at the check time, the leaf's own dates and "
    "usages left to the validity and usage checks; RFC 5280 §4.2.2.1 (AIA caIssuers to fetch "
    "missing intermediates); the registry registers the issuer's DN (reference/002)",
    {
        "checks.chain_verified": Severity.OK,
        "checks.chain_verified_leaf_dates": Severity.INFO,
        "checks.chain_untrusted_root": Severity.WARNING,
        "checks.chain_incomplete": Severity.WARNING,
        "checks.chain_not_checked": Severity.WARNING,
        "checks.chain_ca_not_valid": Severity.ERROR,
        "checks.chain_bad_signature": Severity.ERROR,
        "checks.chain_ca_constraints": Severity.ERROR,
        "checks.chain_ca_usage": Severity.ERROR,
        "checks.chain_extension_refused": Severity.ERROR,
        "checks.chain_malformed": Severity.ERROR,
        "checks.chain_weak_algorithm": Severity.ERROR,
        "checks.chain_invalid": Severity.ERROR,
        "checks.aia_fetch_failed": Severity.WARNING,
    },
)
def chain(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The path from the leaf to a trusted CA must build and verify (signatures, CA
    constraints, the CAs' dates); until it does, nothing proves who issued the certificate."""
    result = ctx.chain
    out: list[Finding] = []
    if result is not None:
        for error in result.fetch_errors:
            out.append(
                finding(
                    "checks.aia_fetch_failed",
                    url=error.url,
                    problem_code=f"checks.net.{error.problem}",
                    detail=error.detail,
                )
            )
    if result is None or result.status is ChainStatus.NOT_CHECKED:
        out.append(finding("checks.chain_not_checked", issuer=facts.issuer_rfc4514))
    elif result.status is ChainStatus.VERIFIED:
        if result.leaf_dates_only:
            out.append(
                finding(
                    "checks.chain_verified_leaf_dates",
                    length=len(result.path),
                    anchor=result.anchor,
                    date=iso(result.at) if result.at else "?",
                )
            )
        else:
            out.append(
                finding("checks.chain_verified", length=len(result.path), anchor=result.anchor)
            )
    elif result.status is ChainStatus.UNTRUSTED_ROOT:
        out.append(finding("checks.chain_untrusted_root", root=result.anchor))
    elif result.status is ChainStatus.INCOMPLETE:
        out.append(finding("checks.chain_incomplete", missing=result.missing_issuer))
    else:
        out.append(_failure(result))
    return out


def _failure(result: ChainResult) -> Finding:
    """The finding that says why path validation failed (cryptography's text as ``detail``)."""
    detail = result.reason
    problem = result.problem
    if problem is ChainProblem.CA_DATES:
        return finding("checks.chain_ca_not_valid", detail=detail)
    if problem is ChainProblem.SIGNATURE:
        return finding("checks.chain_bad_signature", detail=detail)
    if problem is ChainProblem.CA_CONSTRAINTS:
        return finding("checks.chain_ca_constraints", detail=detail)
    if problem is ChainProblem.CA_USAGE:
        return finding("checks.chain_ca_usage", detail=detail)
    if problem is ChainProblem.EXTENSION:
        extension = _extension_name(result.extension)
        return finding("checks.chain_extension_refused", extension=extension, detail=detail)
    if problem is ChainProblem.MALFORMED:
        return finding("checks.chain_malformed", detail=detail)
    if problem is ChainProblem.ALGORITHM:
        algorithm = _algorithm_name(result.extension)
        return finding("checks.chain_weak_algorithm", algorithm=algorithm, detail=detail)
    return finding("checks.chain_invalid", detail=detail)


def _algorithm_name(oid: str) -> str:
    from certkit.model import SIGNATURE_NAMES

    return SIGNATURE_NAMES.get(oid, oid or "?")


def _extension_name(oid: str) -> str:
    """OpenSSL's short name of an extension (keyUsage, nameConstraints…), else its OID."""
    from certkit.names import attribute_label

    return (attribute_label(oid) if oid else None) or oid or "?"


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
                reason_code=f"checks.crl_reason.{result.revocation_reason or 'unspecified'}",
                url=result.url,
            )
        ]
    if result.status is RevocationStatus.UNKNOWN:
        return [finding("checks.revocation_unknown", method=method, url=result.url)]
    if result.status is RevocationStatus.UNREACHABLE:
        return [
            finding(
                "checks.revocation_unreachable",
                method=method,
                url=result.url,
                reason_code=f"checks.net.{result.reason}",
                detail=result.detail,
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
            reason_code=f"checks.response.{result.reason}",
            detail=result.detail,
        )
    ]
