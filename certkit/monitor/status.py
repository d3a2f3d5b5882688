"""States, actions and urgency order of the inventory's certificates at a given moment.

Expiry state, from the time left at ``at``:
  expired   ``at`` is at or after notAfter;
  critical  fewer than ``critical_days`` whole days left;
  warning   fewer than ``warn_days`` whole days left;
  ok        otherwise.

Effective state (what ``status``, ``check``, ``export`` and ``notify`` use): a certificate whose
successor (see :mod:`certkit.monitor.renewals`) has not expired is not an emergency on its own —
  * same DNs: the successor only has to be installed: state ``ok``;
  * new subject or issuer DN: the new DNs must be registered in the account's other slot before the
    old certificate expires: state capped at ``warning`` (the monitor cannot see the registry, so it
    keeps reminding until the old certificate has expired);
  * once the old certificate has expired its successor has taken over: state ``ok``.
A certificate near expiry with no successor keeps its expiry state and sorts first: the top alert.

Team marks (:class:`certkit.monitor.store.Marks`):
  * a successor marked *registered* (``monitor registered``) has its DNs on the account: the old
    certificate only needs the successor installed (as with the same DNs);
  * an *acknowledged* certificate (``monitor ack``, "renewal ordered") keeps its state, but while
    that state is no worse than the acknowledged one it does not raise ``check``'s status, is not
    notified and sorts after the others; a worse state ends the acknowledgement's effect.

Thresholds are ranges of days left (:class:`Range`): the plain ``warn_days``/``critical_days``
ones alert below that many days, and ``check -w/-c`` accept the Monitoring Plugins range syntax.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from certkit.monitor.customers import Customer
from certkit.monitor.inventory import InventoryCertificate
from certkit.monitor.renewals import DnChange, pair, predecessors
from certkit.monitor.store import Ack, Marks, Registration


class State(StrEnum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    EXPIRED = "expired"

    @property
    def severity(self) -> int:
        """0 ok, 1 warning, 2 critical or expired (Nagios counts expired as critical)."""
        return {"ok": 0, "warning": 1, "critical": 2, "expired": 2}[self.value]


RANK = {State.OK: 0, State.WARNING: 1, State.CRITICAL: 2, State.EXPIRED: 3}


@dataclass(frozen=True, slots=True)
class Range:
    """A Monitoring Plugins range of days left: alerts outside ``start..end`` (inside with
    ``@``). ``Range.below(n)`` (``n:`` in that syntax) alerts when fewer than ``n`` days are
    left."""

    start: float = 0.0
    end: float = math.inf
    inside: bool = False

    @classmethod
    def below(cls, days: float) -> Range:
        return cls(days, math.inf)

    def alerts(self, value: float) -> bool:
        within = self.start <= value <= self.end
        return within if self.inside else not within

    def __str__(self) -> str:
        def num(x: float) -> str:
            return str(int(x)) if float(x).is_integer() else f"{x:g}"

        start = "~" if self.start == -math.inf else num(self.start)
        end = "" if self.end == math.inf else num(self.end)
        text = f"{start}:{end}" if (start != "0" or end == "") else end
        return ("@" if self.inside else "") + text


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a certificate is a warning or critical: ranges of whole days left."""

    warning: Range = Range(60)
    critical: Range = Range(15)

    @classmethod
    def days(cls, warn_days: int, critical_days: int) -> Thresholds:
        return cls(Range.below(warn_days), Range.below(critical_days))


@dataclass(frozen=True, slots=True)
class Action:
    """What to do, by when; ``code`` is a message code rendered with ``params``."""

    code: str
    deadline: datetime
    params: dict[str, Any] = field(default_factory=dict)
    subject_dn: str | None = None
    issuer_dn: str | None = None
    successor_paths: tuple[str, ...] = ()

    def message(self, lang: str | None = None) -> str:
        from certkit.i18n import t

        return t(self.code, lang, deadline=self.deadline.date().isoformat(), **self.params)


@dataclass(frozen=True, slots=True)
class CertificateStatus:
    certificate: InventoryCertificate
    days_left: int
    expiry_state: State
    state: State
    renewed_by: InventoryCertificate | None
    renews: InventoryCertificate | None
    dn_changed: DnChange | None
    action: Action | None
    acknowledged: Ack | None = None
    registered: Registration | None = None
    customer: Customer | None = None

    @property
    def registration_pending(self) -> bool:
        """The successor's new DNs must still be registered on the account."""
        return self.action is not None and self.action.code == "monitor.action.register_new_dns"

    @property
    def alerting(self) -> bool:
        """Not ok, and not covered by an acknowledgement."""
        return self.state is not State.OK and self.acknowledged is None

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        cert = self.certificate
        action: dict[str, Any] | None = None
        if self.action is not None:
            action = {
                "code": self.action.code,
                "message": self.action.message(lang),
                "deadline": iso(self.action.deadline),
                "subject_dn": self.action.subject_dn,
                "issuer_dn": self.action.issuer_dn,
                "successor_paths": list(self.action.successor_paths),
            }
        return {
            "sha256": cert.sha256,
            "paths": list(cert.paths),
            "locations": [{"host": loc.host, "path": loc.path} for loc in cert.locations],
            "subject_rfc4514": cert.subject_rfc4514,
            "issuer_rfc4514": cert.issuer_rfc4514,
            "siren": cert.siren,
            "serial_hex": cert.serial_hex,
            "not_before": iso(cert.not_before),
            "not_after": iso(cert.not_after),
            "days_left": self.days_left,
            "state": self.state.value,
            "expiry_state": self.expiry_state.value,
            "renewed_by": self.renewed_by.sha256 if self.renewed_by else None,
            "renews": self.renews.sha256 if self.renews else None,
            "dn_changed": (
                None
                if self.dn_changed is None
                else {"subject": self.dn_changed.subject, "issuer": self.dn_changed.issuer}
            ),
            "action": action,
            "registration_pending": self.registration_pending,
            "acknowledged": (
                None
                if self.acknowledged is None
                else {
                    "state": self.acknowledged.state,
                    "note": self.acknowledged.note,
                    "at": iso(self.acknowledged.at),
                    "by": self.acknowledged.by,
                }
            ),
            "registered_on": (
                None if self.registered is None else self.registered.on.date().isoformat()
            ),
            "successor_paths": list(self.renewed_by.paths) if self.renewed_by else [],
            "customer": None if self.customer is None else self.customer.to_json(),
        }


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def days_left(cert: InventoryCertificate, at: datetime) -> int:
    """Whole days from ``at`` to notAfter (negative once expired)."""
    return math.floor((cert.not_after - at).total_seconds() / 86400)


def expiry_state(cert: InventoryCertificate, at: datetime, thresholds: Thresholds) -> State:
    if at >= cert.not_after:
        return State.EXPIRED
    left = days_left(cert, at)
    if thresholds.critical.alerts(left):
        return State.CRITICAL
    if thresholds.warning.alerts(left):
        return State.WARNING
    return State.OK


def evaluate(
    certificates: Sequence[InventoryCertificate],
    at: datetime,
    thresholds: Thresholds = Thresholds(),
    marks: Marks | None = None,
    customers: Mapping[str, Customer] | None = None,
) -> tuple[CertificateStatus, ...]:
    """The status of every certificate at ``at``, most urgent first."""
    customers = customers or {}
    marks = marks or Marks()
    renewals = pair(certificates)
    previous = predecessors(renewals)
    out: list[CertificateStatus] = []
    for cert in certificates:
        raw = expiry_state(cert, at, thresholds)
        renewal = renewals.get(cert.sha256)
        successor = renewal.new if renewal is not None else None
        change = renewal.dn_change if renewal is not None else None
        state = raw
        action: Action | None = None
        registered = successor is not None and successor.sha256 in marks.registrations
        if successor is not None and successor.not_after > at and change is not None:
            if raw is State.EXPIRED:
                state = State.OK
            elif change.any and not registered:
                state = State.WARNING if raw.severity >= State.WARNING.severity else raw
                action = Action(
                    "monitor.action.register_new_dns",
                    cert.not_after,
                    {"subject": successor.subject_rfc4514, "issuer": successor.issuer_rfc4514},
                    subject_dn=successor.subject_rfc4514,
                    issuer_dn=successor.issuer_rfc4514,
                    successor_paths=successor.paths,
                )
            else:
                state = State.OK
                if raw is not State.OK:
                    code = "monitor.action.install_successor"
                    params = {"successor": ", ".join(successor.paths)}
                    if registered:
                        code = "monitor.action.install_registered_successor"
                        on = marks.registrations[successor.sha256].on
                        params["on"] = on.date().isoformat()
                    action = Action(
                        code,
                        cert.not_after,
                        params,
                        successor_paths=successor.paths,
                    )
        elif raw is State.EXPIRED:
            action = Action("monitor.action.renew_expired", cert.not_after)
        elif raw is not State.OK:
            action = Action("monitor.action.renew", cert.not_after)
        before = previous.get(cert.sha256)
        ack = marks.acks.get(cert.sha256)
        if ack is not None and (state is State.OK or RANK[state] > RANK[State(ack.state)]):
            ack = None  # nothing to cover, or worse than what was acknowledged
        out.append(
            CertificateStatus(
                certificate=cert,
                days_left=days_left(cert, at),
                expiry_state=raw,
                state=state,
                renewed_by=successor,
                renews=before.old if before is not None else None,
                dn_changed=change,
                action=action,
                acknowledged=ack,
                registered=marks.registrations.get(cert.sha256),
                customer=customers.get(cert.siren) if cert.siren else None,
            )
        )
    out.sort(key=urgency)
    return tuple(out)


def urgency(status: CertificateStatus) -> tuple[int, int, int, int, str]:
    """Sort key: worst state first; unacknowledged before acknowledged; then certificates with no
    successor; then fewest days left."""
    return (
        -status.state.severity,
        0 if status.acknowledged is None else 1,
        0 if status.renewed_by is None else 1,
        status.days_left,
        status.certificate.subject_rfc4514,
    )
