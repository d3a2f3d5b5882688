"""What the file holds: a private key (never to be uploaded), and which certificate is the leaf."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts


@check(
    "private_key",
    "file",
    "Registry guide for syndics (reference/002): upload the certificate as PEM without the private "
    "key; a private key must never leave its holder. This judges the file, not the certificate",
    {"checks.private_key_present": Severity.WARNING, "checks.no_private_key": Severity.OK},
)
def private_key(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """A file that holds a private key must not be uploaded or sent to an administration: the
    certificate may be fine, the file is not the one to send (the command that makes it is)."""
    if ctx.private_key_type is not None:
        from certkit.registration import export_advice

        advice = export_advice(ctx.source, ctx.password_hint, ctx.profile.upload_format)
        return [finding("checks.private_key_present", key_type=ctx.private_key_type, **advice)]
    return [finding("checks.no_private_key")]


@check(
    "leaf",
    "file",
    "RFC 5280 §6.1 (a path starts at one end-entity certificate); the registry registers one "
    "client certificate per slot (reference/002)",
    {
        "checks.leaf_found": Severity.OK,
        "checks.leaf_ambiguous": Severity.ERROR,
        "checks.leaf_not_found": Severity.ERROR,
        "checks.chain_only": Severity.ERROR,
    },
)
def leaf(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """Exactly one certificate of the file must be the leaf (issues no other certificate), and
    it must not be a CA certificate: a file of CA certificates only is the chain, not yours."""
    if ctx.chain_only:
        return [finding("checks.chain_only", count=ctx.certificate_count)]
    if ctx.leaf_count > 1:
        return [
            finding(
                "checks.leaf_ambiguous",
                count=ctx.leaf_count,
                subjects=" | ".join(ctx.leaf_candidates),
            )
        ]
    if ctx.leaf_count == 0:
        return [finding("checks.leaf_not_found", count=ctx.certificate_count)]
    return [
        finding("checks.leaf_found", subject=facts.subject_rfc4514, count=ctx.certificate_count)
    ]
