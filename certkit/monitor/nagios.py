"""Nagios / Icinga plugin results: ``monitor check`` (the inventory) and ``probe --nagios`` (an
mTLS endpoint), per the Monitoring Plugins development guidelines.

Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage error, no inventory, an inventory that
holds no certificate or was never scanned completely, a timeout). Output: one status line
``CERTKIT <STATE> - summary | perfdata``, then the long output, one line per item that is not OK.

Thresholds (``-w/--warning``, ``-c/--critical``) are days left. A plain number reads as
check_ssl_cert reads it: ``-w 30`` alerts when fewer than 30 days are left (the range ``30:``).
Anything else is a Monitoring Plugins range over days left: ``10:20`` alerts outside 10..20,
``@10:20`` inside, ``~:400`` above 400, ``30:`` below 30.

Files that could not be read on the last scan make ``check`` at least WARNING: a certificate nobody
can read is a certificate nobody watches. An acknowledged certificate (``monitor ack``) does not
raise the status while its state is no worse than the acknowledged one; it is listed as such.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from certkit.errors import InputError
from certkit.monitor.status import CertificateStatus, Range, State, Thresholds

if TYPE_CHECKING:
    from certkit.probe import ProbeResult

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
LABELS = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_RANGE = re.compile(rf"^(@)?(?:(~|{_NUMBER})?:)?({_NUMBER})?$")


def parse_range(text: str, option: str = "-w") -> Range:
    """A threshold in days left: a plain number N alerts below N days; else a Monitoring Plugins
    range (``[@]start:end``, ``~`` for minus infinity, an empty end for plus infinity)."""
    value = text.strip()
    if re.fullmatch(_NUMBER, value):
        return Range.below(float(value))
    match = _RANGE.match(value)
    if not value or match is None or (":" not in value and match.group(3) is None):
        raise InputError("monitor.bad_range", option=option, value=text)
    inside, start_text, end_text = match.groups()
    start = 0.0 if start_text is None else (-math.inf if start_text == "~" else float(start_text))
    end = math.inf if end_text is None else float(end_text)
    if start > end:
        raise InputError("monitor.bad_range", option=option, value=text)
    return Range(start, end, bool(inside))


@dataclass(frozen=True, slots=True)
class PluginResult:
    exit_code: int
    line: str
    counts: dict[str, int]
    min_days_left: int | None
    long_output: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return LABELS[self.exit_code]

    @property
    def text(self) -> str:
        """Everything the plugin prints: the status line, then the long output."""
        return "\n".join((self.line, *self.long_output))


def _clean(text: str) -> str:
    """One line without the perfdata separator."""
    return " ".join(text.replace("|", "/").split())


def _who(status: CertificateStatus) -> str:
    cert = status.certificate
    who = cert.cn or cert.org or cert.subject_rfc4514
    if status.customer is not None and status.customer.name not in who:
        who = f"{status.customer.name}: {who}"
    return who + (f" (SIREN {cert.siren})" if cert.siren else "")


def _when(days: int) -> str:
    return f"expired {-days} days ago" if days < 0 else f"expires in {days} days"


def _detail(status: CertificateStatus, lang: str | None) -> str:
    cert = status.certificate
    parts = [
        f"[{status.state.value.upper()}] {_who(status)} {_when(status.days_left)} "
        f"({cert.not_after.date().isoformat()})",
        ", ".join(cert.paths),
    ]
    if status.action is not None:
        parts.append(status.action.message(lang))
    if status.acknowledged is not None:
        note = f": {status.acknowledged.note}" if status.acknowledged.note else ""
        parts.append(f"acknowledged{note}")
    return _clean(" - ".join(parts))


def check(
    statuses: Sequence[CertificateStatus],
    thresholds: Thresholds,
    scan_errors: Sequence[tuple[str, str]] | int,
    *,
    scan_age_seconds: float | None = None,
    max_scan_age_hours: float | None = None,
    lang: str | None = "en",
) -> PluginResult:
    """The plugin result for ``statuses`` (already evaluated at the wanted date).

    ``scan_errors`` is the (path, message) of each file the last scan could not read. With
    ``max_scan_age_hours``, an inventory whose last complete scan is older is at least WARNING:
    the cron job that feeds it has stopped. An empty inventory, or one never scanned to the end,
    is UNKNOWN: a mistyped path in cron must not read as "all fine".
    """
    errors = [] if isinstance(scan_errors, int) else list(scan_errors)
    error_count = scan_errors if isinstance(scan_errors, int) else len(errors)
    if scan_age_seconds is None:
        return unknown("no complete scan recorded in the inventory; run 'certkit monitor scan'")
    if not statuses:
        detail = f"; {error_count} unreadable files" if error_count else ""
        return unknown(
            "the inventory holds no certificate (check the folders given to 'certkit monitor "
            f"scan'){detail}"
        )
    counts = {state.value: 0 for state in State}
    alerting = {state.value: 0 for state in State}
    acknowledged = 0
    for status in statuses:
        counts[status.state.value] += 1
        if status.alerting:
            alerting[status.state.value] += 1
        elif status.acknowledged is not None:
            acknowledged += 1
    stale = max_scan_age_hours is not None and scan_age_seconds > max_scan_age_hours * 3600
    if alerting["critical"] or alerting["expired"]:
        code = CRITICAL
    elif alerting["warning"] or error_count or stale:
        code = WARNING
    else:
        code = OK
    summary = (
        f"{len(statuses)} certificates: {counts['expired']} expired, {counts['critical']} "
        f"critical, {counts['warning']} warning, {counts['ok']} ok"
    )
    if acknowledged:
        summary += f" ({acknowledged} acknowledged)"
    if error_count:
        summary += f"; {error_count} unreadable files"
    if stale:
        summary += f"; last complete scan {scan_age_seconds / 3600:.1f} hours ago"
    worst = next((s for s in statuses if s.alerting), None)
    if worst is not None:
        summary += f"; most urgent: {_who(worst)} {_when(worst.days_left)}"
    # Over the certificates nobody has renewed yet: a replaced certificate is not the one to watch.
    min_days = min((s.days_left for s in statuses if s.renewed_by is None), default=None)
    perf = [
        f"certificates={len(statuses)};;;0",
        f"expired={counts['expired']};;;0",
        f"critical={counts['critical']};;;0",
        f"warning={counts['warning']};;;0",
        f"ok={counts['ok']};;;0",
        f"scan_errors={error_count};;;0",
        f"acknowledged={acknowledged};;;0",
    ]
    limit = "" if max_scan_age_hours is None else f"{max_scan_age_hours * 3600:.0f}"
    perf.append(f"last_scan_age={scan_age_seconds:.0f}s;{limit};;0")
    if min_days is not None:
        perf.append(f"min_days_left={min_days};{thresholds.warning};{thresholds.critical}")
    line = f"CERTKIT {LABELS[code]} - {_clean(summary)} | {' '.join(perf)}"
    details = [_detail(s, lang) for s in statuses if s.state is not State.OK]
    details += [_clean(f"[UNREADABLE] {path} - {message}") for path, message in errors]
    return PluginResult(code, line, counts, min_days, tuple(details))


def unknown(reason: str) -> PluginResult:
    """The UNKNOWN result: usage error, missing inventory, timeout..."""
    return PluginResult(UNKNOWN, f"CERTKIT UNKNOWN - {_clean(reason)}", {}, None)


# --------------------------------------------------------------------------------------------------
# probe --nagios


def _days(moment: datetime, at: datetime) -> int:
    return math.floor((moment - at).total_seconds() / 86400)


def probe_check(
    result: ProbeResult, client_not_after: datetime, thresholds: Thresholds, at: datetime
) -> PluginResult:
    """OK / WARNING / CRITICAL for an mTLS endpoint: the handshake and request succeeded with our
    certificate (its DNs registered, when the server is the registry's stand-in), and both our
    certificate and the server's have enough days left.

    Diagnosis findings of severity error (handshake refused, DN not registered, HTTP error...)
    are CRITICAL, warnings (server chain not trusted, name mismatch) WARNING.
    """
    from certkit.findings import Severity

    problems: list[tuple[int, str]] = []
    for finding in result.findings:
        if finding.severity is Severity.ERROR:
            problems.append((CRITICAL, f"[{finding.code}] {finding.message('en')}"))
        elif finding.severity is Severity.WARNING:
            problems.append((WARNING, f"[{finding.code}] {finding.message('en')}"))
    ours = _days(client_not_after, at)
    server = _days(result.server_chain[0].not_after, at) if result.server_chain else None
    perf = [f"client_days_left={ours};{thresholds.warning};{thresholds.critical}"]
    for label, left in (("our certificate", ours), ("server certificate", server)):
        if left is None:
            continue
        if left < 0 or thresholds.critical.alerts(left):
            problems.append((CRITICAL, f"{label} {_when(left)}"))
        elif thresholds.warning.alerts(left):
            problems.append((WARNING, f"{label} {_when(left)}"))
    if server is not None:
        perf.append(f"server_days_left={server};{thresholds.warning};{thresholds.critical}")
    if result.http_status is not None:
        perf.append(f"http_status={result.http_status};;;0")
    code = max((level for level, _ in problems), default=OK)
    where = f"{result.host}:{result.port}{result.path}"
    if code == OK:
        summary = (
            f"{where}: {result.tls_version} handshake and HTTP {result.http_status} with "
            f"{result.client_subject}; our certificate {_when(ours)}"
        )
        if server is not None:
            summary += f", the server's {_when(server)}"
    else:
        worst = next(text for level, text in problems if level == code)
        summary = f"{where}: {worst}"
    line = f"CERTKIT {LABELS[code]} - {_clean(summary)} | {' '.join(perf)}"
    details = tuple(_clean(f"[{LABELS[level]}] {text}") for level, text in problems)
    return PluginResult(code, line, {}, ours, details)
