"""``certkit probe URL [--cert FILE]``: connect (with a client certificate, or without one to see
what the server asks for) and explain the outcome."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from certkit.cli.common import (
    PluginCommand,
    handle_errors,
    json_option,
    lang_option,
    password_options,
    password_provider,
    print_json,
    renamed_option,
    resolve_lang,
)
from certkit.errors import InputError
from certkit.i18n import reason_text, t

if TYPE_CHECKING:
    from certkit.probe import ClientIdentity, ProbeResult


class _ProbeCommand(PluginCommand):
    plugin_when = staticmethod(lambda args: "--nagios" in args)


@click.command("probe", cls=_ProbeCommand)
@click.argument("url")
@click.option(
    "--cert",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Client certificate: PEM (with the key or not), or PKCS#12. Without it: whether the "
    "server asks for one, requires it, and which CAs it accepts.",
)
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Private key, when it is not in --cert.",
)
@click.option(
    "--trust",
    "ca",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CA certificates to verify the server with (default: the system roots).",
)
@renamed_option("--ca", "ca", "--trust", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--path", default=None, help="Path to GET after the handshake (default: /).")
@click.option(
    "--nagios",
    is_flag=True,
    help="Answer as a Nagios/Icinga plugin: OK/WARNING/CRITICAL (exit 0/1/2, 3 UNKNOWN) for the "
    "handshake, the registered DN and the days left of our certificate and of the server's.",
)
@click.option(
    "-w",
    "--warning",
    metavar="DAYS|RANGE",
    default="30",
    show_default=True,
    help="With --nagios: WARNING when fewer days are left (or a Monitoring Plugins range).",
)
@click.option(
    "-c",
    "--critical",
    metavar="DAYS|RANGE",
    default="7",
    show_default=True,
    help="With --nagios: CRITICAL when fewer days are left (or a range).",
)
@click.option(
    "-t",
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=10.0,
    show_default=True,
    help="Seconds allowed for each step.",
)
@click.option(
    "--tls-version",
    "tls_version",
    type=click.Choice(["1.2", "1.3"]),
    default=None,
    help="Offer only this TLS version (default: 1.2 and 1.3).",
)
@password_options
@json_option
@lang_option
@handle_errors
def probe_command(
    url: str,
    cert: Path | None,
    key: Path | None,
    ca: Path | None,
    path: str | None,
    timeout: float,
    tls_version: str | None,
    nagios: bool,
    warning: str,
    critical: str,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Probe an mTLS server step by step and end with a DIAGNOSIS.

    Without --cert: does the server ask for a client certificate, require it, and which CAs does
    it accept (the first question before buying one).

    Exit status: 0 the request succeeded (without --cert: the server answered the handshake),
    1 it failed for a diagnosed reason, 2 bad input.
    With --nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, one plugin status line.
    """
    lang = resolve_lang(lang)
    provider = password_provider(password_file, password_env, password_value, lang)
    if nagios:
        _nagios(url, cert, key, ca, path, timeout, tls_version, warning, critical, provider, lang)
        return
    result, _ = _run(url, cert, key, ca, path, timeout, tls_version, provider)
    if as_json:
        print_json(result.to_json(lang))
    else:
        _render(result, ca, lang)
    sys.exit(0 if result.succeeded else 1)


def _run(
    url: str,
    cert: Path | None,
    key: Path | None,
    ca: Path | None,
    path: str | None,
    timeout: float,
    tls_version: str | None,
    password: Any,
) -> tuple[ProbeResult, ClientIdentity | None]:
    """Load our identity (when a certificate is given) and probe ``url`` with it (the command
    and --nagios share this)."""
    from certkit.probe import load_client_identity, parse_url, probe

    target = parse_url(url, path)
    if ca is not None and not ca.is_file():
        raise InputError("sources.not_found", path=str(ca))
    identity = None
    if cert is not None:
        identity = load_client_identity(cert, key, password=password)
    elif key is not None:
        raise InputError("probe.key_without_cert")
    versions = (tls_version,) if tls_version else ("1.2", "1.3")
    return probe(target, identity, ca_file=ca, timeout=timeout, tls_versions=versions), identity


def _nagios(
    url: str,
    cert: Path | None,
    key: Path | None,
    ca: Path | None,
    path: str | None,
    timeout: float,
    tls_version: str | None,
    warning: str,
    critical: str,
    password: object,
    lang: str,
) -> None:
    """``probe --nagios``: the whole probe within ``-t`` seconds, answered as a plugin."""
    from datetime import UTC, datetime

    from certkit.cli.common import plugin_watchdog
    from certkit.errors import CertkitError
    from certkit.monitor import nagios
    from certkit.monitor.status import Thresholds

    # Each step has the timeout; the whole probe (TCP, TLS, HTTP) gets three of them.
    disarm = plugin_watchdog(timeout * 3 + 1)
    try:
        thresholds = Thresholds(
            nagios.parse_range(warning, "-w"), nagios.parse_range(critical, "-c")
        )
        if cert is None:
            raise InputError("probe.nagios_needs_cert")
        result, identity = _run(url, cert, key, ca, path, timeout, tls_version, password)
        assert identity is not None
        plugin = nagios.probe_check(
            result, identity.certificate.not_valid_after_utc, thresholds, datetime.now(UTC)
        )
    except CertkitError as exc:
        plugin = nagios.unknown(exc.message(lang))
    except Exception as exc:  # a plugin must answer UNKNOWN, never crash
        plugin = nagios.unknown(f"{type(exc).__name__}: {exc}")
    disarm()
    click.echo(plugin.text)
    sys.exit(plugin.exit_code)


def _render(result: object, ca: Path | None, lang: str) -> None:
    from certkit.findings import Severity
    from certkit.probe import ProbeResult

    assert isinstance(result, ProbeResult)
    yes, no = t("probe.yes", lang), t("probe.no", lang)
    unknown = t("probe.unknown", lang)
    echo = click.echo

    def step(number: int, code: str) -> None:
        echo(f"{number}. {t(code, lang)}")

    step(1, "probe.step_tcp")
    if result.tcp_connected:
        echo("   " + t("probe.line_connected", lang, host=result.host, port=result.port))
    elif result.tcp_error:
        echo(f"   {reason_text(result.tcp_error, lang)}")
    else:
        echo("   " + t("probe.not_reached", lang))
    step(2, "probe.step_tls")
    if result.tls_version:
        echo("   " + t("probe.line_tls", lang, version=result.tls_version, cipher=result.cipher))
    if result.handshake_ok:
        echo("   " + t("probe.line_handshake_ok", lang))
    elif result.handshake_error:
        echo("   " + t("probe.line_handshake_failed", lang, reason=result.handshake_error))
    elif not result.tcp_connected:
        echo("   " + t("probe.not_reached", lang))
    alert = result.alert_received
    if alert is not None:
        echo(
            "   "
            + t("probe.line_alert", lang, number=alert.number, name=alert.name, level=alert.level)
        )
    step(3, "probe.step_server_chain")
    for index, entry in enumerate(result.server_chain):
        echo(
            "   "
            + t(
                "probe.line_chain_entry",
                lang,
                index=index,
                subject=entry.subject,
                issuer=entry.issuer,
                not_after=entry.not_after.strftime("%Y-%m-%d"),
            )
        )
    if result.server_verified is not None:
        anchors = str(ca) if ca else t("probe.system_roots", lang)
        verdict = yes if result.server_verified else f"{no} ({result.server_verify_error})"
        echo("   " + t("probe.line_server_verified", lang, anchors=anchors, verdict=verdict))
    elif not result.server_chain:
        echo("   " + t("probe.not_reached", lang))
    step(4, "probe.step_client_auth")
    requested = result.client_cert_requested
    echo(
        "   "
        + t(
            "probe.line_requested",
            lang,
            value=unknown if requested is None else (yes if requested else no),
        )
    )
    if result.client_subject is None:
        required = result.client_cert_required
        if requested:
            value = unknown if required is None else (yes if required else no)
            echo("   " + t("probe.line_required", lang, value=value))
    if result.acceptable_cas:
        echo("   " + t("probe.line_acceptable", lang))
        for name in result.acceptable_cas:
            echo(f"     - {name}")
    elif requested:
        echo("   " + t("probe.line_acceptable_none", lang))
    if result.client_subject is None:
        echo("   " + t("probe.line_none_sent", lang))
    else:
        accepted = result.issuer_accepted
        echo(
            "   "
            + t(
                "probe.line_ours",
                lang,
                subject=result.client_subject,
                issuer=result.client_issuer,
                value=unknown if accepted is None else (yes if accepted else no),
            )
        )
    step(5, "probe.step_http")
    if result.http_status is not None:
        echo("   " + t("probe.line_http", lang, path=result.path, status=result.http_status))
        if result.http_body_excerpt:
            for line in _readable(result.http_body_excerpt).splitlines()[:15]:
                echo(f"     {line}")
    else:
        echo("   " + (result.http_error or t("probe.not_reached", lang)))
    echo("")
    echo(t("probe.step_diagnosis", lang))
    marks = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i", Severity.OK: "✓"}
    for finding in result.findings:
        echo(f" {marks[finding.severity]} [{finding.code}] {finding.message(lang)}")


def _readable(excerpt: str) -> str:
    """A JSON body indented for people (when the excerpt is whole JSON), else as received."""
    import json

    try:
        return json.dumps(json.loads(excerpt), ensure_ascii=False, indent=2)
    except ValueError:
        return excerpt
