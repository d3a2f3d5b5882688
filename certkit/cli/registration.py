"""`certkit registration FILE` — the DN strings and SIREN to type into the registry form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from certkit.cli.common import (
    complete_acceptance_profiles,
    handle_errors,
    json_option,
    lang_option,
    password_hint,
    password_options,
    password_provider,
    print_json,
    resolve_lang,
    warn,
)
from certkit.names import DN_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def profile_dn_format(profile: str) -> str:
    """The DN form the acceptance profile asks for (``dn_format`` of certkit.policy)."""
    from certkit.policy import load_profile

    return load_profile(profile).dn_format


def dn_format_options(func: F) -> F:
    """Add ``--dn-format`` and ``--profile`` (whose ``dn_format`` is the default)."""
    func = click.option(
        "--profile",
        default="registre-coproprietes",
        shell_complete=complete_acceptance_profiles,
        show_default=True,
        help="Acceptance profile giving the default DN format (a bundled name or a .toml file).",
    )(func)
    return click.option(
        "--dn-format",
        type=click.Choice(DN_FORMATS),
        default=None,
        help="How DNs are written: rfc4514 (OpenSSL RFC2253), openssl (/C=FR/O=…), openssl-utf8 "
        "(the same with accents kept), oneline, java (keytool: OID.2.5.4.97=…). Default: the "
        "profile's dn_format (rfc4514 for the registry).",
    )(func)


@click.command("registration")
@click.argument("file", type=click.Path(allow_dash=True, path_type=str))
@dn_format_options
@password_options
@json_option
@lang_option
@handle_errors
def registration_command(
    file: str,
    dn_format: str | None,
    profile: str,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Print what goes into the registry form for FILE's certificate.

    "DN Certificat client", "DN Emetteur Certificat", the SIREN (and SIRET), each value on its own
    line, ready to copy. Warnings about values that are easy to mistype go to standard error.
    FILE may be PEM, DER, PKCS#7 or PKCS#12 ("-" reads standard input); the private key, if any,
    is never read out.
    """
    from certkit.app.registration import registration_report
    from certkit.policy import load_profile
    from certkit.sources import load_path

    lang = resolve_lang(lang)
    bundle = load_path(
        file, password=password_provider(password_file, password_env, password_value, lang)
    )
    report = registration_report(
        bundle,
        load_profile(profile),
        dn_format,
        password_hint=password_hint(password_file, password_env, password_value),
    )
    if as_json:
        print_json(report.to_json(lang))
        return
    click.echo("\n".join(report.lines(lang)))
    for finding in report.findings:
        warn(finding.message(lang))
