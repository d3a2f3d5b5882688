"""Pair each certificate with its successor, and say whether the renewal changed the DNs.

Two certificates belong to the same holder when they carry the same SIREN and the same subject CN or
the same subject O (compared case-insensitively, spaces collapsed) — a renewal often changes one of
them, rarely both. Without a SIREN on either side, both CN and O must match; a certificate with a
SIREN never pairs with one without.

The successor of A is, among the same holder's certificates that end later than A and do not start
before A, the one that ends first (the next link of the renewal chain, not the last one).

A renewal that changes the subject DN or the issuer DN (a new intermediate CA) needs the new DN pair
registered in the account's other slot before A expires; names are compared by their DER encoding,
so any difference the registry could see counts as a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from certkit.monitor.inventory import InventoryCertificate


@dataclass(frozen=True, slots=True)
class DnChange:
    """Which DNs a renewal changed."""

    subject: bool
    issuer: bool

    @property
    def any(self) -> bool:
        return self.subject or self.issuer


@dataclass(frozen=True, slots=True)
class Renewal:
    """``old`` is renewed by ``new``."""

    old: InventoryCertificate
    new: InventoryCertificate

    @property
    def dn_change(self) -> DnChange:
        return DnChange(
            subject=self.old.subject_der != self.new.subject_der,
            issuer=self.old.issuer_der != self.new.issuer_der,
        )


def _norm(value: str | None) -> str | None:
    return " ".join(value.split()).casefold() if value else None


def same_holder(a: InventoryCertificate, b: InventoryCertificate) -> bool:
    """True when ``a`` and ``b`` identify the same company (see the module docstring)."""
    cn_a, cn_b, org_a, org_b = _norm(a.cn), _norm(b.cn), _norm(a.org), _norm(b.org)
    if a.siren or b.siren:
        if a.siren != b.siren:
            return False
        return (cn_a is not None and cn_a == cn_b) or (org_a is not None and org_a == org_b)
    return cn_a is not None and cn_a == cn_b and org_a == org_b


def _holder_key(cert: InventoryCertificate) -> tuple[str, ...]:
    if cert.siren:
        return ("siren", cert.siren)
    return ("names", _norm(cert.cn) or "", _norm(cert.org) or "")


def pair(certificates: Sequence[InventoryCertificate]) -> dict[str, Renewal]:
    """Successor of each certificate that has one, keyed by the old certificate's SHA-256."""
    groups: dict[tuple[str, ...], list[InventoryCertificate]] = {}
    for cert in certificates:
        if not cert.is_ca:
            groups.setdefault(_holder_key(cert), []).append(cert)
    renewals: dict[str, Renewal] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda c: (c.not_after, c.not_before, c.sha256))
        for index, old in enumerate(group):
            for new in group[index + 1 :]:
                if (
                    new.not_after > old.not_after
                    and new.not_before >= old.not_before
                    and same_holder(old, new)
                ):
                    renewals[old.sha256] = Renewal(old, new)
                    break
    return renewals


def predecessors(renewals: dict[str, Renewal]) -> dict[str, Renewal]:
    """The renewal each certificate is the successor of (the latest predecessor when several)."""
    out: dict[str, Renewal] = {}
    for renewal in renewals.values():
        current = out.get(renewal.new.sha256)
        if current is None or renewal.old.not_after > current.old.not_after:
            out[renewal.new.sha256] = renewal
    return out
