"""The inventory evaluated at a moment, as ``status``, ``check``, ``export``, ``serve`` and
``notify`` see it: every host's certificates, or those of the hosts asked for (``--host``).

Renewals are paired over the whole inventory — a renewal installed on another host still renews
the certificate it replaces — and the host filter only chooses which certificates are listed
(with their files on those hosts), which unreadable files are reported and whose last scan counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from certkit.errors import InputError
from certkit.monitor.customers import Customer
from certkit.monitor.inventory import StoredError
from certkit.monitor.status import CertificateStatus, Thresholds, evaluate
from certkit.monitor.store import Store


@dataclass(frozen=True, slots=True)
class Snapshot:
    """``statuses`` most urgent first; ``scans``: when each chosen host last completed a scan;
    ``hosts``: every host of the inventory."""

    at: datetime
    thresholds: Thresholds
    statuses: tuple[CertificateStatus, ...]
    errors: tuple[StoredError, ...]
    scans: Mapping[str, datetime]
    hosts: tuple[str, ...]

    @property
    def several_hosts(self) -> bool:
        return len(self.hosts) > 1

    @property
    def stalest_host(self) -> str | None:
        """The chosen host whose last complete scan is the oldest (a stopped cron job shows)."""
        return min(self.scans, key=lambda h: self.scans[h]) if self.scans else None

    @property
    def last_scan(self) -> datetime | None:
        """When the stalest chosen host last completed a scan."""
        host = self.stalest_host
        return self.scans[host] if host is not None else None


def take(
    store: Store,
    at: datetime,
    thresholds: Thresholds,
    customers: Mapping[str, Customer] | None = None,
    hosts: Sequence[str] = (),
) -> Snapshot:
    """Read the inventory (one consistent state) and evaluate it at ``at``.

    A host in ``hosts`` that the inventory does not know is an :class:`InputError`: a typo in a
    cron line must not read as "nothing to report".
    """
    with store.reading():
        certificates = store.certificates()
        marks = store.marks()
        errors = store.scan_errors()
        scans = store.last_scans()
        known = {summary.host for summary in store.hosts()}
    known |= set(scans) | {e.host for e in errors}
    unknown = [h for h in hosts if h not in known]
    if unknown:
        raise InputError("monitor.unknown_host", host=unknown[0], known=", ".join(sorted(known)))
    statuses = evaluate(certificates, at, thresholds, marks, customers)
    if hosts:
        chosen = set(hosts)
        statuses = only_hosts(statuses, chosen)
        errors = tuple(e for e in errors if e.host in chosen)
        scans = {h: moment for h, moment in scans.items() if h in chosen}
    return Snapshot(at, thresholds, statuses, errors, scans, tuple(sorted(known)))


def only_hosts(
    statuses: Sequence[CertificateStatus], hosts: set[str]
) -> tuple[CertificateStatus, ...]:
    """The statuses of certificates found on ``hosts``, each with its files there only."""
    out: list[CertificateStatus] = []
    for status in statuses:
        cert = status.certificate
        kept = [
            (loc, shown)
            for loc, shown in zip(cert.locations, cert.paths, strict=True)
            if loc.host in hosts
        ]
        if not kept:
            continue
        narrowed = replace(
            cert,
            locations=tuple(loc for loc, _ in kept),
            paths=tuple(shown for _, shown in kept),
        )
        out.append(replace(status, certificate=narrowed))
    return tuple(out)
