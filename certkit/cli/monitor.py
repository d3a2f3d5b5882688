"""``certkit monitor``: scan, status, check (Nagios), export and serve (Prometheus), notify, ack,
registered, hosts and migrate (a shared inventory on PostgreSQL)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from certkit.cli.common import (
    DATE,
    PluginCommand,
    at_option,
    handle_errors,
    json_option,
    lang_option,
    plugin_watchdog,
    print_json,
    progress_bar,
    renamed_option,
    resolve_lang,
    write_atomically,
)
from certkit.errors import InputError, os_reason
from certkit.i18n import t

if TYPE_CHECKING:
    from certkit.monitor.backend import Target
    from certkit.monitor.snapshot import Snapshot
    from certkit.monitor.status import Thresholds

F = Callable[..., Any]


class DbChoice(NamedTuple):
    """``--db`` and ``--db-password-file`` as given; parsed inside the command (where errors
    become one line and an exit code)."""

    text: str | None
    password_file: Path | None

    def target(self) -> Target:
        from certkit.monitor.backend import parse_target, with_password

        target = parse_target(self.text)
        if self.password_file is None:
            return target
        return with_password(target, lambda: _secret(self.password_file, None, "--db-password"))


def db_option(func: F) -> F:
    """``--db FILE|URL`` and ``--db-password-file``, passed to the command as ``db``."""

    @functools.wraps(func)
    def wrapper(*args: Any, db_text: str | None, db_password_file: Path | None, **kw: Any) -> Any:
        return func(*args, db=DbChoice(db_text, db_password_file), **kw)

    wrapper = click.option(
        "--db-password-file",
        "db_password_file",
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        envvar="CERTKIT_MONITOR_DB_PASSWORD_FILE",
        default=None,
        help="PostgreSQL --db: the role's password, first line of this file (else PGPASSWORD or "
        "~/.pgpass); env CERTKIT_MONITOR_DB_PASSWORD_FILE.",
    )(wrapper)
    return click.option(
        "--db",
        "db_text",
        metavar="FILE|URL",
        envvar="CERTKIT_MONITOR_DB",
        default=None,
        help="Inventory: a SQLite file (default: monitor.db in the OS's data directory for "
        "certkit, e.g. ~/.local/share/certkit on Linux) or a PostgreSQL database shared by "
        "several hosts, postgresql://user@host:port/dbname; env CERTKIT_MONITOR_DB.",
    )(wrapper)


def hosts_option(func: F) -> F:
    return click.option(
        "--host",
        "hosts",
        metavar="LABEL",
        multiple=True,
        help="Only the certificates and files of this host (repeatable; default: every host of "
        "the inventory). Renewals are still paired across all hosts.",
    )(func)


def customers_option(func: F) -> F:
    return click.option(
        "--customers",
        "customers_path",
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        envvar="CERTKIT_MONITOR_CUSTOMERS",
        default=None,
        help="TOML file naming the customer of each SIREN (name, contact, account_manager); "
        "env CERTKIT_MONITOR_CUSTOMERS.",
    )(func)


def state_options(func: F) -> F:
    func = at_option(func)
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


def _host_label(text: str) -> str:
    """A ``--host-label``: printable, at most 255 characters, not blank."""
    label = text.strip()
    if not label or len(label) > 255 or not label.isprintable():
        raise InputError("monitor.bad_host_label", value=text)
    return label


def _thresholds(warn_days: int, critical_days: int) -> Thresholds:
    from certkit.monitor.status import Thresholds

    if critical_days > warn_days:
        raise InputError("monitor.bad_thresholds", critical=critical_days, warn=warn_days)
    return Thresholds.days(warn_days, critical_days)


def _snapshot(
    db: DbChoice,
    at: datetime | None,
    thresholds: Thresholds,
    customers_path: Path | None = None,
    hosts: tuple[str, ...] = (),
) -> Snapshot:
    """Read the inventory (read-only) and evaluate it at ``--at``; the database is closed."""
    from certkit.monitor import snapshot
    from certkit.monitor.customers import load_customers
    from certkit.monitor.store import open_store

    at = at or datetime.now(UTC)
    customers = load_customers(customers_path)
    with open_store(db.target(), readonly=True) as store:
        return snapshot.take(store, at, thresholds, customers, hosts)


@click.group("monitor")
def monitor_group() -> None:
    """Watch certificates: inventory, expiry, renewals that need re-registration, alerts."""


# --------------------------------------------------------------------------------------------------
# scan


@monitor_group.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--exclude",
    "excludes",
    metavar="GLOB",
    multiple=True,
    help="Leave out files and folders matching GLOB (repeatable): a name ('archive', '*.bak') "
    "or a path with '/' (relative to the scanned folder, or absolute).",
)
@click.option(
    "--passwords",
    "passwords_file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
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
    "--workers",
    "workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes reading files (default: CPUs available, at most 4; used from 1,000 "
    "files to read).",
)
@renamed_option("--jobs", "workers", "--workers", type=click.IntRange(min=1), default=None)
@click.option(
    "--host-label",
    metavar="LABEL",
    envvar="CERTKIT_MONITOR_HOST_LABEL",
    default=None,
    help="Record the files under this host label (default: the host name; env "
    "CERTKIT_MONITOR_HOST_LABEL). Each host of a shared inventory keeps its own label.",
)
@db_option
@json_option
@lang_option
@handle_errors
def scan_command(
    paths: tuple[Path, ...],
    excludes: tuple[str, ...],
    passwords_file: Path | None,
    password_file: Path | None,
    workers: int | None,
    host_label: str | None,
    db: DbChoice,
    as_json: bool,
    lang: str | None,
) -> None:
    """Find certificate files under PATHS (by content) and record them in the inventory.

    Unchanged files (same size, mtime and inode) are not read again. One file never stops the
    scan: exit 1 when some files could not be read (they are listed), 3 when reading one met a
    certkit bug, 0 otherwise.
    """
    from certkit.monitor.backend import default_host_label
    from certkit.monitor.scan import Exclusions, collect, load_password_map, scan
    from certkit.monitor.store import open_store

    lang = resolve_lang(lang)
    host = _host_label(host_label) if host_label is not None else default_host_label()
    target = db.target()
    passwords = load_password_map(passwords_file, password_file)
    exclusions = Exclusions(tuple(excludes))
    collected = collect(paths, exclusions)  # before the database: a wrong path creates nothing
    bar = progress_bar(len(collected.entries), "scan")
    with open_store(target, create=True, host=host) as store, bar as advance:
        shown = 0

        def progress(done: int, total: int) -> None:
            nonlocal shown
            for _ in range(done - shown):
                advance()
            shown = done

        result = scan(
            store,
            paths,
            passwords=passwords,
            jobs=workers,
            progress=progress,
            collected=collected,
            host=host,
        )
    if as_json:
        print_json(
            {
                "db": target.label,
                "host": host,
                "files_seen": result.files_seen,
                "files_read": result.files_read,
                "files_unchanged": result.files_unchanged,
                "files_excluded": result.files_excluded,
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
    if result.exit_code:
        sys.exit(result.exit_code)


# --------------------------------------------------------------------------------------------------
# status


@monitor_group.command("status")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default=None,
    help="table (default, fits the terminal), csv or json (same as --json).",
)
@hosts_option
@db_option
@customers_option
@state_options
@json_option
@lang_option
@handle_errors
def status_command(
    fmt: str | None,
    hosts: tuple[str, ...],
    db: DbChoice,
    customers_path: Path | None,
    warn_days: int,
    critical_days: int,
    at: datetime | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """The inventory's certificates, most urgent first, with what to do and by when."""
    from certkit.monitor.report import csv_text, table_lines, wrap
    from certkit.monitor.status import iso

    lang = resolve_lang(lang)
    fmt = "json" if as_json else (fmt or "table")
    snap = _snapshot(db, at, _thresholds(warn_days, critical_days), customers_path, hosts)
    statuses, errors = snap.statuses, snap.errors
    if fmt == "json":
        print_json(
            {
                "at": iso(snap.at),
                "warn_days": warn_days,
                "critical_days": critical_days,
                "hosts": list(snap.hosts),
                "certificates": [s.to_json(lang) for s in statuses],
                "scan_errors": [
                    {"host": e.host, "path": e.path, "code": e.code, "message": e.message(lang)}
                    for e in errors
                ],
            }
        )
        return
    if fmt == "csv":
        click.echo(csv_text(statuses, lang), nl=False)
        return
    width = _width()
    if not statuses:
        click.echo(t("monitor.status_empty", lang))
    else:
        click.echo("\n".join(table_lines(statuses, width, lang)))
    if errors:
        click.echo("\n".join(wrap(t("monitor.status_errors", lang, count=len(errors)), width)))


def _width() -> int:
    """The terminal's width (COLUMNS first); 100 when the output is not a terminal."""
    import os
    import shutil

    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100


# --------------------------------------------------------------------------------------------------
# check (Nagios / Icinga)


@monitor_group.command("check", cls=PluginCommand)
@click.option(
    "-w",
    "--warning",
    "warning",
    metavar="DAYS|RANGE",
    default=None,
    help="WARNING when fewer than DAYS days are left (default 60, or --warn-days); or a "
    "Monitoring Plugins range of days left such as 10:20 or @0:30.",
)
@click.option(
    "-c",
    "--critical",
    "critical",
    metavar="DAYS|RANGE",
    default=None,
    help="CRITICAL when fewer than DAYS days are left (default 15, or --critical-days); or a "
    "range.",
)
@click.option(
    "-t",
    "--timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="UNKNOWN after this many seconds (0: no limit).",
)
@click.option(
    "--max-scan-age",
    type=click.FloatRange(min=0),
    metavar="HOURS",
    default=None,
    help="WARNING when the last complete scan is older than HOURS (a stopped cron job; with "
    "several hosts, the host whose last scan is oldest).",
)
@hosts_option
@db_option
@customers_option
@state_options
@json_option
@lang_option
def check_command(
    warning: str | None,
    critical: str | None,
    timeout: float,
    max_scan_age: float | None,
    hosts: tuple[str, ...],
    db: DbChoice,
    customers_path: Path | None,
    warn_days: int,
    critical_days: int,
    at: datetime | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Nagios/Icinga plugin: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; a status line with
    perfdata, then one line per certificate that is not OK."""

    from certkit.errors import CertkitError
    from certkit.monitor import nagios
    from certkit.monitor.status import Range, Thresholds

    disarm = plugin_watchdog(timeout)
    lang = resolve_lang(lang)
    try:
        warn_range = nagios.parse_range(warning, "-w") if warning else Range.below(warn_days)
        crit_range = nagios.parse_range(critical, "-c") if critical else Range.below(critical_days)
        snap = _snapshot(db, at, Thresholds(warn_range, crit_range), customers_path, hosts)
        age = None
        if snap.last_scan is not None:
            age = (datetime.now(UTC) - snap.last_scan).total_seconds()
        result = nagios.check(
            snap.statuses,
            snap.thresholds,
            [(e.place or e.path, e.message("en")) for e in snap.errors],
            scan_age_seconds=age,
            max_scan_age_hours=max_scan_age,
            stalest_host=snap.stalest_host if snap.several_hosts else None,
        )
    except CertkitError as exc:
        result = nagios.unknown(exc.message(lang))
    except Exception as exc:  # a plugin must answer UNKNOWN, never crash
        result = nagios.unknown(f"{type(exc).__name__}: {exc}")
    disarm()
    if as_json:
        print_json(
            {
                "status": result.label,
                "exit_code": result.exit_code,
                "line": result.line,
                "long_output": list(result.long_output),
                "counts": result.counts,
                "min_days_left": result.min_days_left,
            }
        )
    else:
        click.echo(result.text)
    sys.exit(result.exit_code)


# --------------------------------------------------------------------------------------------------
# export and serve (Prometheus)


def label_options(func: F) -> F:
    func = click.option(
        "--exclude-label",
        "exclude_labels",
        metavar="NAME",
        multiple=True,
        help="Leave this label out of the metrics (repeatable).",
    )(func)
    func = click.option(
        "--label",
        "only_labels",
        metavar="NAME",
        multiple=True,
        help="Export only these labels (repeatable; default: filepath, filename, serial_number, "
        "subject_*/issuer_* C CN L O OU ST, sha256, siren, customer).",
    )(func)
    return func


def _metrics(
    db: DbChoice,
    at: datetime | None,
    thresholds: Thresholds,
    customers_path: Path | None,
    labels: tuple[str, ...],
    hosts: tuple[str, ...],
) -> str:
    from certkit.monitor import prometheus

    snap = _snapshot(db, at, thresholds, customers_path, hosts)
    return prometheus.render(snap.statuses, snap.errors, snap.scans, snap.at, labels=labels)


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
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write to FILE atomically (replaced on each run) instead of standard output.",
)
@label_options
@hosts_option
@db_option
@customers_option
@state_options
@lang_option
@handle_errors
def export_command(
    fmt: str,
    output: Path | None,
    only_labels: tuple[str, ...],
    exclude_labels: tuple[str, ...],
    hosts: tuple[str, ...],
    db: DbChoice,
    customers_path: Path | None,
    warn_days: int,
    critical_days: int,
    at: datetime | None,
    lang: str | None,
) -> None:
    """Export the inventory as Prometheus metrics (x509_cert_not_after, certkit_..., see README)."""
    from certkit.monitor.prometheus import select_labels

    labels = select_labels(only_labels, exclude_labels)
    thresholds = _thresholds(warn_days, critical_days)
    text = _metrics(db, at, thresholds, customers_path, labels, hosts)
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomically(output, text.encode("utf-8"), force=True)
    except OSError as exc:  # a full disk, a read-only folder: say so, the old file stays whole
        raise InputError("monitor.output_failed", path=str(output), reason=os_reason(exc)) from None


@monitor_group.command("serve")
@click.option("--metrics", "metrics", is_flag=True, help="Serve Prometheus metrics on /metrics.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=9799, show_default=True, help="TCP port."
)
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 for every interface).",
)
@label_options
@hosts_option
@db_option
@customers_option
@state_options
@lang_option
@handle_errors
def serve_command(
    metrics: bool,
    port: int,
    bind: str,
    only_labels: tuple[str, ...],
    exclude_labels: tuple[str, ...],
    hosts: tuple[str, ...],
    db: DbChoice,
    customers_path: Path | None,
    warn_days: int,
    critical_days: int,
    at: datetime | None,
    lang: str | None,
) -> None:
    """Serve the inventory's metrics over HTTP for Prometheus to scrape (pull), read afresh from
    the database on every request; Ctrl-C stops."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from certkit.errors import CertkitError
    from certkit.monitor.prometheus import select_labels

    lang = resolve_lang(lang)
    if not metrics:
        raise InputError("monitor.serve_nothing")
    labels = select_labels(only_labels, exclude_labels)
    thresholds = _thresholds(warn_days, critical_days)
    _metrics(db, at, thresholds, customers_path, labels, hosts)  # fail now, not on a scrape

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] != "/metrics":
                self._answer(404, b"certkit: metrics are on /metrics\n", "text/plain")
                return
            try:
                text = _metrics(db, at, thresholds, customers_path, labels, hosts)
                body = text.encode()
            except CertkitError as exc:
                self._answer(503, f"certkit: {exc.message(lang)}\n".encode(), "text/plain")
                return
            self._answer(200, body, "text/plain; version=0.0.4; charset=utf-8")

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    try:
        server = ThreadingHTTPServer((bind, port), Handler)
    except OSError as exc:
        raise InputError(
            "monitor.serve_bind_failed", address=f"{bind}:{port}", reason=os_reason(exc)
        ) from None
    host, real_port = server.server_address[:2]
    click.echo(t("monitor.serving", lang, url=f"http://{host!s}:{real_port}/metrics"), err=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


# --------------------------------------------------------------------------------------------------
# notify


def _smtp_server(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise InputError("monitor.bad_smtp", value=value)
    return host.strip("[]"), int(port)


def _secret(file: Path | None, env: str | None, what: str) -> str | None:
    import os

    if file is not None:
        from certkit.cli.common import read_input

        try:  # "-": the first line of standard input
            data = read_input(file).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("monitor.secret_unreadable", path=str(file), reason=str(exc)) from None
        return data.splitlines()[0] if data.strip() else ""
    if env is not None:
        value = os.environ.get(env)
        if value is None:
            raise InputError("monitor.secret_env_missing", var=env, what=what)
        return value
    return None


@monitor_group.command("notify")
@click.option("--webhook", metavar="URL", default=None, help="POST alerts to URL.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "teams", "slack", "alertmanager"]),
    default="json",
    show_default=True,
    help="Webhook body: certkit's JSON, a Teams or Slack message, or Alertmanager's v2 API "
    "(--webhook http://alertmanager:9093).",
)
@click.option(
    "--webhook-header",
    "webhook_headers",
    metavar='"NAME: VALUE"',
    multiple=True,
    help="Extra webhook header (repeatable); {env:VAR} and {file:PATH} in VALUE read a secret, "
    'e.g. "Authorization: Bearer {env:HOOK_TOKEN}".',
)
@click.option("--smtp", metavar="HOST:PORT", default=None, help="Send alerts by e-mail via HOST.")
@click.option("--mail-from", metavar="ADDRESS", default=None, help="Sender address.")
@click.option("--mail-to", metavar="ADDRESS", multiple=True, help="Recipient (repeatable).")
@click.option("--starttls", is_flag=True, help="Upgrade the SMTP connection with STARTTLS.")
@click.option("--smtp-tls", is_flag=True, help="Implicit TLS (SMTPS, usually port 465).")
@click.option(
    "--smtp-trust",
    "smtp_ca",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Trust only these CA certificates for the SMTP server (default: the system store).",
)
@renamed_option(
    "--smtp-ca", "smtp_ca", "--smtp-trust", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--smtp-user", metavar="USER", default=None, help="Log in to the relay as USER.")
@click.option(
    "--smtp-password-file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="The relay password, first line of this file.",
)
@click.option(
    "--smtp-password-env",
    metavar="VAR",
    default=None,
    help="The relay password, from environment variable VAR.",
)
@click.option(
    "--per-message",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Alerts per webhook request or e-mail (each acknowledged message is recorded at once).",
)
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
    help="Seconds before the first webhook retry (doubled at each retry, with jitter).",
)
@click.option(
    "--max-retry-after",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Longest Retry-After waited for; a server asking more ends this run's attempts.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Network timeout in seconds.",
)
@hosts_option
@db_option
@customers_option
@state_options
@json_option
@lang_option
@handle_errors
def notify_command(
    webhook: str | None,
    fmt: str,
    webhook_headers: tuple[str, ...],
    smtp: str | None,
    mail_from: str | None,
    mail_to: tuple[str, ...],
    starttls: bool,
    smtp_tls: bool,
    smtp_ca: Path | None,
    smtp_user: str | None,
    smtp_password_file: Path | None,
    smtp_password_env: str | None,
    per_message: int,
    attempts: int,
    backoff: float,
    max_retry_after: float,
    timeout: float,
    hosts: tuple[str, ...],
    db: DbChoice,
    customers_path: Path | None,
    warn_days: int,
    critical_days: int,
    at: datetime | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Send each new threshold crossing once (webhook and/or e-mail); safe to run daily from cron.

    Delivery is at least once: every alert has a stable id (certificate and threshold), and a
    message whose acknowledgement was lost is sent again with the same ids. Exit 1 when a channel
    could not be reached (its alerts are sent again on the next run).
    """
    from certkit.monitor import notify
    from certkit.monitor.store import open_store

    lang = resolve_lang(lang)
    if webhook is None and smtp is None:
        raise InputError("monitor.no_channel")
    headers = [notify.parse_header(h) for h in webhook_headers]
    settings = None
    if smtp is not None:
        host, port = _smtp_server(smtp)
        if not mail_from or not mail_to:
            raise InputError("monitor.bad_smtp", value=smtp)
        if starttls and smtp_tls:
            raise InputError("monitor.smtp_two_tls")
        security = "tls" if smtp_tls else ("starttls" if starttls else "none")
        password = _secret(smtp_password_file, smtp_password_env, "--smtp-user")
        if smtp_user is not None and security == "none":
            raise InputError("monitor.smtp_auth_needs_tls")
        if smtp_user is not None and password is None:
            raise InputError("monitor.smtp_password_missing")
        if smtp_ca is not None and security != "none":
            notify.tls_context(smtp_ca)  # a bad --smtp-trust is a usage error, before any alert
        settings = notify.SmtpSettings(
            host, port, security, smtp_ca, smtp_user, password, timeout=timeout
        )
    snap = _snapshot(db, at, _thresholds(warn_days, critical_days), customers_path, hosts)
    statuses, at = snap.statuses, snap.at
    report: list[dict[str, Any]] = []
    failures = 0
    with open_store(db.target()) as store:
        # (database key, what to print, sender, resolves)
        channels: list[tuple[str, str, Callable[[list[notify.Alert]], None], bool]] = []
        if webhook is not None:
            url = notify.webhook_url(webhook, fmt)

            def send_webhook(alerts: list[notify.Alert]) -> None:
                notify.post_webhook(
                    url,
                    notify.body_for(fmt, alerts, at, lang),
                    headers=headers,
                    attempts=attempts,
                    backoff=backoff,
                    max_retry_after=max_retry_after,
                    timeout=timeout,
                )

            label = f"webhook {notify.redact_url(url)}"
            key = notify.webhook_channel(url)
            channels.append((key, label, send_webhook, fmt == "alertmanager"))
        if settings is not None and mail_from is not None:
            sender, smtp_settings = mail_from, settings

            def send_email(alerts: list[notify.Alert]) -> None:
                subject, body = notify.mail_content(alerts, lang)
                ids = [("X-Certkit-Alert-Id", a.id) for a in alerts]
                notify.send_mail(
                    smtp_settings,
                    sender,
                    mail_to,
                    subject,
                    body,
                    message_id=notify.message_id(alerts, sender),
                    headers=ids,
                )

            recipients = ",".join(sorted(mail_to))
            channels.append((f"email:{recipients}", f"e-mail {recipients}", send_email, False))
        for channel, label, send, resolves in channels:
            try:
                done = notify.deliver(
                    store, statuses, channel, send, per_message=per_message, resolves=resolves
                )
            except notify.DeliveryError as exc:
                failures += 1
                sent = int(str(exc.params.get("sent", 0)))
                report.append({"channel": label, "sent": sent, "error": exc.message(lang)})
                continue
            report.append(
                {
                    "channel": label,
                    "sent": done.sent,
                    "resolved": done.resolved,
                    "redelivered": done.redelivered,
                    "error": None,
                }
            )
    if as_json:
        print_json({"channels": report})
    else:
        for entry in report:
            if entry["error"] is not None:
                click.echo(f"certkit: {entry['error']}", err=True)
            elif entry["sent"] or entry.get("resolved"):
                click.echo(
                    t("monitor.notify_summary", lang, channel=entry["channel"], count=entry["sent"])
                )
            else:
                click.echo(t("monitor.notify_nothing", lang, channel=entry["channel"]))
    if failures:
        sys.exit(1)


# --------------------------------------------------------------------------------------------------
# ack and registered (team marks)


@monitor_group.command("ack")
@click.argument("sha256")
@click.option("--note", default=None, help='Why, e.g. "renewal ordered on 2026-05-02".')
@click.option("--by", "by", default=None, help="Who acknowledges (default: the user name).")
@click.option("--remove", is_flag=True, help="Remove the acknowledgement.")
@db_option
@state_options
@json_option
@lang_option
@handle_errors
def ack_command(
    sha256: str,
    note: str | None,
    by: str | None,
    remove: bool,
    db: DbChoice,
    warn_days: int,
    critical_days: int,
    at: datetime | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Acknowledge a certificate (SHA256 or a unique prefix of ≥ 8 digits), e.g. "renewal
    ordered": while its state is no worse than now (at least warning), check does not alert on it,
    notify does not send it and the metrics mark it. A worse state alerts again."""
    import getpass

    from certkit.monitor.status import RANK, State, evaluate
    from certkit.monitor.store import Ack, open_store

    lang = resolve_lang(lang)
    at = at or datetime.now(UTC)
    with open_store(db.target()) as store:
        full = store.resolve(sha256)
        if remove:
            store.set_ack(None, full)
            _mark_done(as_json, {"sha256": full, "acknowledged": None}, "monitor.ack_removed", lang)
            return
        statuses = evaluate(
            store.certificates(include_ca=True), at, _thresholds(warn_days, critical_days)
        )
        status = next((s for s in statuses if s.certificate.sha256 == full), None)
        current = status.state if status is not None else State.WARNING
        state = max(current, State.WARNING, key=lambda s: RANK[s])
        try:
            who = by or getpass.getuser()
        except (KeyError, OSError):
            who = None
        store.set_ack(Ack(full, state.value, note, at, who), full)
    _mark_done(
        as_json,
        {"sha256": full, "acknowledged": {"state": state.value, "note": note, "by": who}},
        "monitor.ack_done",
        lang,
        sha=full[:16],
        state=t(f"monitor.state.{state.value}", lang),
    )


@monitor_group.command("registered")
@click.argument("sha256")
@click.option(
    "--on", "on_text", type=DATE, default=None, help="Registered on DATE (default: today)."
)
@click.option("--remove", is_flag=True, help="Remove the mark.")
@db_option
@json_option
@lang_option
@handle_errors
def registered_command(
    sha256: str,
    on_text: datetime | None,
    remove: bool,
    db: DbChoice,
    as_json: bool,
    lang: str | None,
) -> None:
    """Mark a certificate (usually the renewal) as registered on the registry account: its
    predecessor's "register the new DNs" action and registration_pending end."""
    import time

    from certkit.monitor.store import Registration, open_store

    lang = resolve_lang(lang)
    on = on_text or datetime.now(UTC)
    with open_store(db.target()) as store:
        full = store.resolve(sha256)
        if remove:
            store.set_registration(None, full, int(time.time()))
            data = {"sha256": full, "registered_on": None}
            _mark_done(as_json, data, "monitor.reg_removed", lang)
            return
        store.set_registration(Registration(full, on), full, int(time.time()))
    day = on.date().isoformat()
    _mark_done(
        as_json,
        {"sha256": full, "registered_on": day},
        "monitor.reg_done",
        lang,
        sha=full[:16],
        on=day,
    )


def _mark_done(as_json: bool, data: dict[str, Any], code: str, lang: str, **params: Any) -> None:
    if as_json:
        print_json(data)
    else:
        click.echo(t(code, lang, **{"sha": data["sha256"][:16], **params}))


# --------------------------------------------------------------------------------------------------
# hosts and migrate (shared inventories)


@monitor_group.command("hosts")
@click.option(
    "--remove",
    "remove",
    metavar="LABEL",
    default=None,
    help="Forget this host (a decommissioned server): its files and scans leave the inventory; "
    "certificates, acknowledgements and registrations stay.",
)
@db_option
@json_option
@lang_option
@handle_errors
def hosts_command(remove: str | None, db: DbChoice, as_json: bool, lang: str | None) -> None:
    """The hosts that scan into the inventory: files, certificates, unreadable files and when
    each last completed a scan."""
    from certkit.monitor.status import iso
    from certkit.monitor.store import open_store

    lang = resolve_lang(lang)
    with open_store(db.target(), readonly=remove is None) as store:
        hosts = store.hosts()
        if remove is not None:
            if remove not in {h.host for h in hosts}:
                known = ", ".join(h.host for h in hosts)
                raise InputError("monitor.unknown_host", host=remove, known=known)
            files = store.remove_host(remove)
            if as_json:
                print_json({"removed": remove, "files": files})
            else:
                click.echo(t("monitor.host_removed", lang, host=remove, files=files))
            return
    if as_json:
        print_json(
            {
                "hosts": [
                    {
                        "host": h.host,
                        "files": h.files,
                        "certificates": h.certificates,
                        "scan_errors": h.errors,
                        "last_scan": iso(h.last_scan) if h.last_scan is not None else None,
                    }
                    for h in hosts
                ]
            }
        )
        return
    if not hosts:
        click.echo(t("monitor.hosts_empty", lang))
    for h in hosts:
        when = iso(h.last_scan) if h.last_scan is not None else t("monitor.never", lang)
        click.echo(
            t(
                "monitor.host_line",
                lang,
                host=h.host,
                files=h.files,
                certificates=h.certificates,
                errors=h.errors,
                last_scan=when,
            )
        )


@monitor_group.command("migrate")
@click.option(
    "--from",
    "source",
    metavar="FILE|URL",
    required=True,
    help="The inventory to copy (a SQLite file such as a host's monitor.db, or a URL).",
)
@click.option(
    "--to",
    "destination",
    metavar="URL|FILE",
    required=True,
    help="The shared inventory to copy it into (postgresql://user@host:port/dbname; created or "
    "upgraded if needed).",
)
@click.option(
    "--host-label",
    metavar="LABEL",
    default=None,
    help="Record the copied files under this host label (default: the labels the source "
    "recorded; the host name for an inventory older than host labels).",
)
@click.option(
    "--from-password-file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="PostgreSQL --from: the role's password, first line of this file.",
)
@click.option(
    "--to-password-file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="PostgreSQL --to: the role's password, first line of this file (else PGPASSWORD or "
    "~/.pgpass).",
)
@json_option
@lang_option
@handle_errors
def migrate_command(
    source: str,
    destination: str,
    host_label: str | None,
    from_password_file: Path | None,
    to_password_file: Path | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Copy an inventory into another — a host's SQLite file into the team's PostgreSQL
    database — in one transaction, without duplicating certificates, files or marks already
    there. Running it again copies nothing."""
    from certkit.monitor.migrate import migrate

    lang = resolve_lang(lang)
    label = _host_label(host_label) if host_label is not None else None
    done = migrate(
        DbChoice(source, from_password_file).target(),
        DbChoice(destination, to_password_file).target(),
        label,
    )
    r = done.result
    if as_json:
        print_json(
            {
                "from": done.source,
                "to": done.target,
                "hosts": list(done.hosts),
                "certificates_new": r.certificates_new,
                "certificates_present": r.certificates_present,
                "files_copied": r.files_copied,
                "files_present": r.files_present,
                "scans_copied": r.scans_copied,
                "marks_changed": r.marks_changed,
                "records_changed": r.records_changed,
            }
        )
        return
    click.echo(
        t(
            "monitor.migrate_done",
            lang,
            source=done.source,
            target=done.target,
            new=r.certificates_new,
            present=r.certificates_present,
            files=r.files_copied,
            hosts=", ".join(done.hosts) or "-",
            kept=r.files_present,
            scans=r.scans_copied,
            marks=r.marks_changed,
            records=r.records_changed,
        )
    )
