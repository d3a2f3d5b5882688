"""Cryptographic strength: key type and size, signature hash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.checks.registry import check, finding
from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts

WEAK_HASHES = ("md5", "md2", "md4", "sha1")


@check(
    "key_strength",
    "crypto",
    "RGS v2.0 annex B1 (RSA modulus ≥ 2048 bits; elliptic curves of ≥ 256 bits); the profile's "
    "allowed key types and curves",
    {
        "checks.key_ok": Severity.OK,
        "checks.key_undecodable": Severity.ERROR,
        "checks.key_rsa_too_small": Severity.ERROR,
        "checks.key_curve_not_allowed": Severity.ERROR,
        "checks.key_type_not_allowed": Severity.ERROR,
    },
)
def key_strength(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The public key must be of an allowed type and strong enough."""
    key = facts.key
    if key.error is not None:  # nothing else about it can be trusted
        return [finding("checks.key_undecodable", key_type=key.type, reason=key.error)]
    kind = key.type.lower()
    profile = ctx.profile
    if kind not in profile.allowed_key_types:
        return [
            finding(
                "checks.key_type_not_allowed",
                key_type=key.type,
                allowed=", ".join(profile.allowed_key_types),
            )
        ]
    if kind == "rsa" and (key.bits or 0) < profile.min_rsa_bits:
        return [finding("checks.key_rsa_too_small", bits=key.bits, minimum=profile.min_rsa_bits)]
    if kind == "ec" and (key.curve or "").lower() not in profile.allowed_curves:
        return [
            finding(
                "checks.key_curve_not_allowed",
                curve=key.curve or "?",
                allowed=", ".join(profile.allowed_curves),
            )
        ]
    detail = f"{key.type} {key.curve}" if key.curve else f"{key.type} {key.bits}"
    return [finding("checks.key_ok", key=detail)]


@check(
    "signature_algorithm",
    "crypto",
    "RGS v2.0 annex B1 (SHA-2 family; SHA-1 and MD5 are not allowed); RFC 6194 / NIST SP 800-131A "
    "(SHA-1 signatures broken for certificates)",
    {
        "checks.signature_ok": Severity.OK,
        "checks.signature_weak_hash": Severity.ERROR,
        "checks.signature_hash_not_allowed": Severity.ERROR,
    },
)
def signature_algorithm(facts: CertificateFacts, ctx: CheckContext) -> list[Finding]:
    """The issuer's signature must use an allowed hash (never MD5 or SHA-1)."""
    digest = (facts.signature_hash or "").lower()
    if digest in WEAK_HASHES:
        return [finding("checks.signature_weak_hash", algorithm=facts.signature_algorithm)]
    if digest not in ctx.profile.allowed_signature_hashes:
        return [
            finding(
                "checks.signature_hash_not_allowed",
                algorithm=facts.signature_algorithm,
                allowed=", ".join(ctx.profile.allowed_signature_hashes),
            )
        ]
    return [finding("checks.signature_ok", algorithm=facts.signature_algorithm)]
