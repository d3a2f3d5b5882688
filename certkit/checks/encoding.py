"""How the certificate is encoded: DER, as RFC 5280 requires of every certificate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts


@check(
    "encoding",
    "file",
    "RFC 5280 §4.1 (certificates are DER-encoded, X.690 §10) and X.501 (an RDN holds at least one "
    "attribute); strict TLS stacks (Go, rustls, cryptography) refuse other encodings",
    {"checks.not_der": Severity.ERROR},
)
def encoding(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """A certificate read only by a lenient decoder (OpenSSL's) may be refused by the registry's
    TLS stack: it is not what RFC 5280 allows. Which parts depart is listed by ``inspect``."""
    if not facts.encoding_problems:
        return []
    departures = ", ".join(dict.fromkeys(p.code.split(".", 1)[1] for p in facts.encoding_problems))
    return [finding("checks.not_der", departures=departures)]
