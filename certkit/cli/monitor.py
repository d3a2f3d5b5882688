"""``certkit monitor``: scan, status, check (Nagios), export (Prometheus), notify."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from certkit.cli.common import (
    handle_errors,
    json_option,
    lang_option,
    print_json,
    progress_bar,
    resolve_lang,
    write_atomically,
)
from certkit.errors import InputError
from certkit.i18n import t

if TYPE_CHECKING:
    from certkit.monitor.inventory import StoredError
    from certkit.monitor.status import CertificateStatus, Thresholds

F = Callable[..., Any]


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="CERTKIT_MONITOR_DB",
        default=None,
        help="Inventory database (default: $XDG_DATA_HOME/certkit/monitor.db or "
        "~/.local/share/certkit/monitor.db; env CERTKIT_MONITOR_DB).",
    )(func)


def state_options(func: F) -> F:
    func = click.option(
        "--at",
        "at_text",
        metavar="DATE",
        default=None,
        help="Compute states as of DATE (YYYY-MM-DD or ISO 8601; default: now).",
    )(func)
    func = click.option(
        "--critical-days",
        type=click.IntRange(min=0),
        default=15,
        show_default=True,
        help="Critical when fewer days than this are left.",
    )(func)
    func = click.option(
        "--warn-days",
        type=click.IntRange(min=0),
        default=60,
        show_default=True,
        help="Warning when fewer days than this are left.",
    )(func)
    return func


def _db(db_path: Path | None) -> Path:
    from certkit.monitor.db import default_db_path

    return db_path if db_path is not None else default_db_path()


def _thresholds(warn_days: int, critical_days: int) -> Thresholds:
    from certkit.monitor.status import Thresholds

    if critical_days > warn_days:
        raise InputError("monitor.bad_thresholds", critical=critical_days, warn=warn_days)
    return Thresholds(warn_days=warn_days, critical_days=critical_days)


@dataclass(frozen=True, slots=True)
class _Snapshot:
    at: datetime
    thresholds: Thresholds
    statuses: tuple[CertificateStatus, ...]
    errors: tuple[StoredError, ...]
    last_scan: datetime | None


def _snapshot(
    db_path: Path | None, at_text: str | None, warn_days: int, critical_days: int
) -> _Snapshot:
    """Parse the state options, read the inventory and evaluate it (the database is closed)."""
    from certkit.monitor.db import open_db
    from certkit.monitor.inventory import last_scan, load_certificates, load_errors
    from certkit.monitor.status import evaluate, parse_at

    at = parse_at(at_text)
    thresholds = _thresholds(warn_days, critical_days)
    conn = open_db(_db(db_path), create=False)
    try:
        statuses = evaluate(load_certificates(conn), at, thresholds)
        return _Snapshot(at, thresholds, statuses, load_errors(conn), last_scan(conn))
    finally:
        conn.close()


@click.group("monitor")
def monitor_group() -> None:
    """Watch certificates: inventory, expiry, renewals that need re-registration, alerts."""


# --------------------------------------------------------------------------------------------------
# scan


@monitor_group.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--passwords",
    "passwords_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help='TOML file mapping path patterns to password files: "clients/*.p12" = "acme.pass".',
)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Password file for protected files that no --passwords pattern matches.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes reading files (default: CPUs available, at most 4; used from 1,000 "
    "files to read).",
)
@db_option
@json_option
@lang_option
@handle_errors
def scan_command(
    paths: tuple[Path, ...],
    passwords_file: Path | None,
    password_file: Path | None,
    jobs: int | None,
    db_path: Path | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Find certificate files under PATHS (by content) and record them in the inventory.

    Unchanged files (same size, mtime and inode) are not read again. Exit 1 when some files could
    not be read (they are listed), 0 otherwise.
    """
    from certkit.monitor.db import open_db
    from certkit.monitor.scan import collect, load_password_map, scan

    lang = resolve_lang(lang)
    passwords = load_password_map(passwords_file, password_file)
    collected = collect(paths)  # before the database: a wrong path creates nothing
    db = _db(db_path)
    conn = open_db(db, create=True)
    try:
        with progress_bar(len(collected[1]), "scan") as advance:
            shown = 0

            def progress(done: int, total: int) -> None:
                nonlocal shown
                for _ in range(done - shown):
                    advance()
                shown = done

            result = scan(
                conn, paths, passwords=passwords, jobs=jobs, progress=progress, collected=collected
            )
    finally:
        conn.close()
    if as_json:
        print_json(
            {
                "db": str(db),
                "files_seen": result.files_seen,
                "files_read": result.files_read,
                "files_unchanged": result.files_unchanged,
                "certificates_found": result.certificates_found,
                "new_certificates": result.new_certificates,
                "files_removed": result.files_removed,
                "errors": [
                    {"path": e.path, "code": e.code, "message": e.message(lang)}
                    for e in result.errors
                ],
            }
        )
    else:
        for error in result.errors:
            click.echo(t("monitor.scan_error_line", lang, message=error.message(lang)))
        click.echo(
            t(
                "monitor.scan_summary",
                lang,
                files=result.files_seen,
                read=result.files_read,
                unchanged=result.files_unchanged,
                certificates=result.certificates_found,
                new=result.new_certificates,
                errors=len(result.errors),
                removed=result.files_removed,
            )
        )
    if result.errors:
        sys.exit(1)


# --------------------------------------------------------------------------------------------------
# status


@monitor_group.command("status")
@db_option
@state_options
@json_option
@lang_option
@handle_errors
def status_command(
    db_path: Path | None,
    warn_days: int,
    critical_days: int,
    at_text: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """The inventory's certificates, most urgent first, with what to do and by when."""
    from certkit.monitor.status import iso

    lang = resolve_lang(lang)
    snap = _snapshot(db_path, at_text, warn_days, critical_days)
    statuses, errors = snap.statuses, snap.errors
    if as_json:
        print_json(
            {
                "at": iso(snap.at),
                "warn_days": snap.thresholds.warn_days,
                "critical_days": snap.thresholds.critical_days,
                "certificates": [s.to_json(lang) for s in statuses],
                "scan_errors": [
                    {"path": e.path, "code": e.code, "message": e.message(lang)} for e in errors
                ],
            }
        )
        return
    if not statuses:
        click.echo(t("monitor.status_empty", lang))
    else:
        _print_table(statuses, lang)
    if errors:
        click.echo(t("monitor.status_errors", lang, count=len(errors)))


def _print_table(statuses: tuple[CertificateStatus, ...], lang: str) -> None:
    import shutil

    from rich.console import Console
    from rich.table import Table

    colours = {"ok": "green", "warning": "yellow", "critical": "red", "expired": "bold red"}
    table = Table(show_lines=False, expand=False)
    for column in ("state", "days", "not_after", "siren", "subject", "successor", "action"):
        table.add_column(t(f"monitor.col.{column}", lang), overflow="fold")
    for status in statuses:
        cert = status.certificate
        state = status.state.value
        table.add_row(
            f"[{colours[state]}]{t(f'monitor.state.{state}', lang)}[/]",
            str(status.days_left),
            cert.not_after.date().isoformat(),
            cert.siren or "-",
            cert.subject_rfc4514,
            status.renewed_by.sha256[:16] if status.renewed_by else "-",
            status.action.message(lang) if status.action else "",
        )
    width = shutil.get_terminal_size((200, 24)).columns if sys.stdout.isatty() else 200
    Console(width=width, highlight=False).print(table)


# --------------------------------------------------------------------------------------------------
# check (Nagios / Icinga)


@monitor_group.command("check")
@click.option(
    "--max-scan-age",
    type=click.FloatRange(min=0),
    metavar="HOURS",
    default=None,
    help="WARNING when the last complete scan is older than HOURS (a stopped cron job).",
)
@db_option
@state_options
@json_option
@lang_option
def check_command(
    max_scan_age: float | None,
    db_path: Path | None,
    warn_days: int,
    critical_days: int,
    at_text: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Nagios/Icinga plugin: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; one line with perfdata."""
    from datetime import UTC

    from certkit.errors import CertkitError
    from certkit.monitor import nagios

    lang = resolve_lang(lang)
    try:
        snap = _snapshot(db_path, at_text, warn_days, critical_days)
        age = None
        if snap.last_scan is not None:
            age = (datetime.now(UTC) - snap.last_scan).total_seconds()
        result = nagios.check(
            snap.statuses,
            snap.thresholds,
            len(snap.errors),
            scan_age_seconds=age,
            max_scan_age_hours=max_scan_age,
        )
    except CertkitError as exc:
        result = nagios.unknown(exc.message(lang))
    except Exception as exc:  # a plugin must answer UNKNOWN, never crash
        result = nagios.unknown(f"{type(exc).__name__}: {exc}")
    if as_json:
        print_json(
            {
                "status": result.label,
                "exit_code": result.exit_code,
                "line": result.line,
                "counts": result.counts,
                "min_days_left": result.min_days_left,
            }
        )
    else:
        click.echo(result.line)
    sys.exit(result.exit_code)


# --------------------------------------------------------------------------------------------------
# export (Prometheus)


@monitor_group.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["prometheus"]),
    default="prometheus",
    show_default=True,
    help="Output format (node-exporter textfile collector).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE atomically (replaced on each run) instead of standard output.",
)
@db_option
@state_options
@lang_option
@handle_errors
def export_command(
    fmt: str,
    output: Path | None,
    db_path: Path | None,
    warn_days: int,
    critical_days: int,
    at_text: str | None,
    lang: str | None,
) -> None:
    """Export the inventory as Prometheus metrics (certkit_certificate_not_after_seconds, ...)."""
    from certkit.monitor import prometheus

    snap = _snapshot(db_path, at_text, warn_days, critical_days)
    text = prometheus.render(snap.statuses, snap.errors, snap.last_scan)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"), force=True)


# --------------------------------------------------------------------------------------------------
# notify


def _smtp_server(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise InputError("monitor.bad_smtp", value=value)
    return host.strip("[]"), int(port)


@monitor_group.command("notify")
@click.option("--webhook", metavar="URL", default=None, help="POST alerts as JSON to URL.")
@click.option("--smtp", metavar="HOST:PORT", default=None, help="Send alerts by e-mail via HOST.")
@click.option("--mail-from", metavar="ADDRESS", default=None, help="Sender address.")
@click.option("--mail-to", metavar="ADDRESS", multiple=True, help="Recipient (repeatable).")
@click.option("--starttls", is_flag=True, help="Use STARTTLS with the SMTP server.")
@click.option(
    "--attempts",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Webhook attempts before giving up.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds before the first webhook retry (doubled at each retry).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Network timeout in seconds.",
)
@db_option
@state_options
@json_option
@lang_option
@handle_errors
def notify_command(
    webhook: str | None,
    smtp: str | None,
    mail_from: str | None,
    mail_to: tuple[str, ...],
    starttls: bool,
    attempts: int,
    backoff: float,
    timeout: float,
    db_path: Path | None,
    warn_days: int,
    critical_days: int,
    at_text: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Send each new threshold crossing once (webhook and/or e-mail); safe to run daily from cron.

    Exit 1 when a channel could not be reached (its alerts are sent again on the next run).
    """
    from certkit.monitor import notify
    from certkit.monitor.db import open_db

    lang = resolve_lang(lang)
    if webhook is None and smtp is None:
        raise InputError("monitor.no_channel")
    server = None
    if smtp is not None:
        server = _smtp_server(smtp)
        if not mail_from or not mail_to:
            raise InputError("monitor.bad_smtp", value=smtp)
    snap = _snapshot(db_path, at_text, warn_days, critical_days)
    statuses, at = snap.statuses, snap.at
    conn = open_db(_db(db_path), create=False)
    report: list[dict[str, Any]] = []
    failures: list[notify.DeliveryError] = []
    try:
        # (database key, what to print, sender)
        channels: list[tuple[str, str, Callable[[list[notify.Alert]], None]]] = []
        if webhook is not None:
            url = webhook

            def send_webhook(alerts: list[notify.Alert]) -> None:
                notify.post_webhook(
                    url,
                    notify.payload(alerts, at, lang),
                    attempts=attempts,
                    backoff=backoff,
                    timeout=timeout,
                )

            label = f"webhook {notify.redact_url(url)}"
            channels.append((notify.webhook_channel(url), label, send_webhook))
        if server is not None and mail_from is not None:
            sender, smtp_server = mail_from, server

            def send_email(alerts: list[notify.Alert]) -> None:
                subject, body = notify.mail_content(alerts, lang)
                notify.send_mail(
                    smtp_server, sender, mail_to, subject, body, starttls=starttls, timeout=timeout
                )

            recipients = ",".join(sorted(mail_to))
            channels.append((f"email:{recipients}", f"e-mail {recipients}", send_email))
        for channel, label, send in channels:
            try:
                count = notify.deliver(conn, statuses, channel, send)
            except notify.DeliveryError as exc:
                failures.append(exc)
                report.append({"channel": label, "sent": 0, "error": exc.message(lang)})
                continue
            report.append({"channel": label, "sent": count, "error": None})
    finally:
        conn.close()
    if as_json:
        print_json({"channels": report})
    else:
        for entry in report:
            if entry["error"] is not None:
                click.echo(f"certkit: {entry['error']}", err=True)
            elif entry["sent"]:
                click.echo(
                    t("monitor.notify_summary", lang, channel=entry["channel"], count=entry["sent"])
                )
            else:
                click.echo(t("monitor.notify_nothing", lang, channel=entry["channel"]))
    if failures:
        sys.exit(1)
