"""What the certificate is for: end entity, extended key usage, key usage, company not person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit import names
from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts

# Subject attributes that name a natural person (RFC 5280 §4.1.2.6 / X.520): givenName, surname,
# pseudonym, initials, generationQualifier.
PERSON_ATTRIBUTES = {
    "2.5.4.42": "givenName",
    "2.5.4.4": "surname",
    "2.5.4.65": "pseudonym",
    "2.5.4.43": "initials",
    "2.5.4.44": "generationQualifier",
}
ORGANIZATION_OID = "2.5.4.10"


@check(
    "end_entity",
    "usage",
    "RFC 5280 §4.2.1.9 (basicConstraints cA=TRUE marks a CA) and §4.2.1.3 (keyCertSign only in "
    "CA certificates); the registry registers the client certificate, not its issuer "
    "(reference/002)",
    {"checks.end_entity": Severity.OK, "checks.ca_certificate": Severity.ERROR},
)
def end_entity(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The leaf must be an end-entity certificate, not a CA certificate: neither cA=TRUE nor a key
    allowed to sign certificates (keyCertSign is for CAs only, RFC 5280 §4.2.1.3). A file of CA
    certificates only is caught before, as the chain without the client certificate."""
    if facts.is_ca or (facts.key_usage is not None and "key_cert_sign" in facts.key_usage):
        return [finding("checks.ca_certificate", subject=facts.subject_rfc4514)]
    return [finding("checks.end_entity")]


@check(
    "extended_key_usage",
    "usage",
    "RFC 5280 §4.2.1.12 (id-kp-clientAuth 1.3.6.1.5.5.7.3.2 for TLS client authentication); "
    "registry guide (reference/002): a server-client authentication certificate, not an SSL "
    "server certificate",
    {
        "checks.eku_client_auth": Severity.OK,
        "checks.eku_server_only": Severity.ERROR,
        "checks.eku_no_client_auth": Severity.ERROR,
        "checks.eku_absent": Severity.WARNING,
        "checks.eku_required_missing": Severity.ERROR,
        "checks.eku_forbidden": Severity.ERROR,
    },
)
def extended_key_usage(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The EKU must allow TLS client authentication (and meet the profile's required/forbidden)."""
    ekus = facts.extended_key_usage
    if ekus is None:
        return [finding("checks.eku_absent")]
    out: list[Finding] = []
    missing = [e for e in ctx.profile.required_ekus if e not in ekus]
    if "client_auth" in missing:
        if set(ekus) == {"server_auth"}:
            out.append(finding("checks.eku_server_only"))
        else:
            out.append(finding("checks.eku_no_client_auth", ekus=", ".join(ekus) or "-"))
        missing.remove("client_auth")
    if missing:
        out.append(finding("checks.eku_required_missing", ekus=", ".join(missing)))
    forbidden = [e for e in ekus if e in ctx.profile.forbidden_ekus]
    if forbidden:
        out.append(finding("checks.eku_forbidden", ekus=", ".join(forbidden)))
    if not out:
        out.append(finding("checks.eku_client_auth", ekus=", ".join(ekus)))
    return out


@check(
    "key_usage",
    "usage",
    "RFC 5280 §4.2.1.3 and RFC 8446 §4.4.3 (a TLS client signs CertificateVerify: "
    "digitalSignature); RFC 5280 §4.2.1.12 (KU and EKU must be consistent)",
    {
        "checks.ku_ok": Severity.OK,
        "checks.ku_absent": Severity.INFO,
        "checks.ku_missing": Severity.ERROR,
    },
)
def key_usage(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """When keyUsage is present it must include what TLS client authentication needs."""
    usages = facts.key_usage
    if usages is None:
        return [finding("checks.ku_absent")]
    missing = [u for u in ctx.profile.required_key_usages if u not in usages]
    if missing:
        return [finding("checks.ku_missing", missing=", ".join(missing), usages=", ".join(usages))]
    return [finding("checks.ku_ok", usages=", ".join(usages))]


@check(
    "company_not_person",
    "usage",
    "Registry guide (reference/002): not a personal certificate, issued to companies; personal "
    "certificates name a person (X.520 givenName/surname) and carry emailProtection (RFC 5280 "
    "§4.2.1.12) or nonRepudiation/contentCommitment (§4.2.1.3)",
    {
        "checks.organisation_subject": Severity.OK,
        "checks.personal_subject": Severity.ERROR,
        "checks.personal_usage": Severity.WARNING,
        "checks.no_organisation": Severity.WARNING,
    },
)
def company_not_person(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The subject must be a company (O), not a person; personal usages are flagged."""
    out: list[Finding] = []
    attributes = _subject_attributes(facts)
    oids = [oid for oid, _ in attributes]
    person = sorted({PERSON_ATTRIBUTES[o] for o in oids if o in PERSON_ATTRIBUTES})
    if person:
        out.append(finding("checks.personal_subject", attributes=", ".join(person)))
    personal_usages = []
    if facts.extended_key_usage and "email_protection" in facts.extended_key_usage:
        personal_usages.append("emailProtection")
    if facts.key_usage and "content_commitment" in facts.key_usage:
        personal_usages.append("nonRepudiation")
    if personal_usages:
        out.append(finding("checks.personal_usage", usages=", ".join(personal_usages)))
    if ORGANIZATION_OID not in oids:
        out.append(finding("checks.no_organisation"))
    if not out:
        orgs = [value for oid, value in attributes if oid == ORGANIZATION_OID]
        out.append(finding("checks.organisation_subject", organisation=", ".join(orgs)))
    return out


def _subject_attributes(facts: CertificateFacts) -> list[tuple[str, str]]:
    """(dotted OID, value) of every subject attribute, read from the DER (cached parse)."""
    try:
        return [(oid, value) for oid, value, _binary in names.attribute_values(facts.subject_der)]
    except names.NameDecodeError:
        return [(a.oid.dotted_string, str(a.value)) for a in facts.subject]
