"""`certkit monitor check`: a Nagios / Icinga plugin result (one status line with perfdata).

Exit codes per the Monitoring Plugins guidelines: 0 OK, 1 WARNING, 2 CRITICAL (an expired
certificate without a successor is critical), 3 UNKNOWN (no inventory, unreadable database). Files
that could not be read on the last scan make the result at least WARNING: a certificate nobody can
read is a certificate nobody watches.

Perfdata: ``'label'=value[UOM];[warn];[crit];[min];[max]``; ``min_days_left`` carries the
thresholds as ranges (``60:`` alerts below 60), over the certificates that have no successor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from certkit.monitor.status import CertificateStatus, State, Thresholds

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
LABELS = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}


@dataclass(frozen=True, slots=True)
class PluginResult:
    exit_code: int
    line: str
    counts: dict[str, int]
    min_days_left: int | None

    @property
    def label(self) -> str:
        return LABELS[self.exit_code]


def check(
    statuses: Sequence[CertificateStatus],
    thresholds: Thresholds,
    scan_errors: int,
    *,
    scan_age_seconds: float | None = None,
    max_scan_age_hours: float | None = None,
) -> PluginResult:
    """The plugin result for ``statuses`` (already evaluated at the wanted date).

    With ``max_scan_age_hours``, an inventory whose last complete scan is older (or that never
    completed one) is at least WARNING: the cron job that feeds it has stopped.
    """
    counts = {state.value: 0 for state in State}
    for status in statuses:
        counts[status.state.value] += 1
    stale = max_scan_age_hours is not None and (
        scan_age_seconds is None or scan_age_seconds > max_scan_age_hours * 3600
    )
    if counts["critical"] or counts["expired"]:
        code = CRITICAL
    elif counts["warning"] or scan_errors or stale:
        code = WARNING
    else:
        code = OK
    worst = statuses[0] if statuses else None
    summary = (
        f"{len(statuses)} certificates: {counts['expired']} expired, {counts['critical']} "
        f"critical, {counts['warning']} warning, {counts['ok']} ok"
    )
    if scan_errors:
        summary += f"; {scan_errors} unreadable files"
    if stale:
        summary += (
            "; no complete scan yet"
            if scan_age_seconds is None
            else f"; last complete scan {scan_age_seconds / 3600:.1f} hours ago"
        )
    if worst is not None and worst.state is not State.OK:
        cert = worst.certificate
        who = cert.cn or cert.subject_rfc4514
        if worst.days_left < 0:
            when = f"expired {-worst.days_left} days ago"
        else:
            when = f"expires in {worst.days_left} days"
        siren = f" (SIREN {cert.siren})" if cert.siren else ""
        summary += f"; most urgent: {who}{siren} {when}"
    summary = " ".join(summary.replace("|", "/").split())
    # Over the certificates nobody has renewed yet: a replaced certificate is not the one to watch.
    min_days = min((s.days_left for s in statuses if s.renewed_by is None), default=None)
    perf = [
        f"certificates={len(statuses)};;;0",
        f"expired={counts['expired']};;;0",
        f"critical={counts['critical']};;;0",
        f"warning={counts['warning']};;;0",
        f"ok={counts['ok']};;;0",
        f"scan_errors={scan_errors};;;0",
    ]
    if scan_age_seconds is not None:
        limit = "" if max_scan_age_hours is None else f"{max_scan_age_hours * 3600:.0f}"
        perf.append(f"last_scan_age={scan_age_seconds:.0f}s;{limit};;0")
    if min_days is not None:
        perf.append(f"min_days_left={min_days};{thresholds.warn_days}:;{thresholds.critical_days}:")
    line = f"CERTKIT {LABELS[code]} - {summary} | {' '.join(perf)}"
    return PluginResult(code, line, counts, min_days)


def unknown(reason: str) -> PluginResult:
    """The UNKNOWN result, e.g. when the inventory is missing."""
    text = " ".join(reason.replace("|", "/").split())
    return PluginResult(UNKNOWN, f"CERTKIT UNKNOWN - {text}", {}, None)
