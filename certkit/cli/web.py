"""``certkit web``: the syndic page, the administrators' page and the JSON API on one server."""

from __future__ import annotations

from pathlib import Path

import click

from certkit.cli.common import (
    complete_acceptance_profiles,
    handle_errors,
    lang_option,
    resolve_lang,
    trust_options,
)
from certkit.i18n import t


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="TCP port (0: any free port).",
)
@click.option(
    "--profile",
    default="registre-coproprietes",
    shell_complete=complete_acceptance_profiles,
    show_default=True,
    help="Default acceptance profile (a bundled name or a .toml file).",
)
@trust_options
@click.option(
    "--fetch-aia/--no-fetch-aia",
    default=True,
    show_default=True,
    help="Download missing intermediates (AIA) so that an uploaded certificate alone is proven.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=60),
    default=5.0,
    show_default=True,
    help="Network timeout in seconds for AIA downloads.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes."
)
@click.option(
    "--accept-private-keys",
    is_flag=True,
    help="Read files holding a private key even when listening beyond this machine (never "
    "advised: a private key must not be sent to any website).",
)
@click.option("--root-path", default="", help="URL prefix when served behind a reverse proxy.")
@lang_option
@handle_errors
def web_command(
    host: str,
    port: int,
    profile: str,
    catalogues: tuple[Path, ...],
    trust: tuple[Path, ...],
    fetch_aia: bool,
    timeout: float,
    workers: int,
    accept_private_keys: bool,
    root_path: str,
    lang: str | None,
) -> None:
    """Serve the web page for syndics (/), for registry administrators (/dn-match) and the JSON
    API (/api/v1, documented at /docs).

    On a loopback address (the default), files holding a private key are read — it is your own
    machine; on any other address they are refused unless --accept-private-keys.
    """
    from certkit.web.server import is_loopback, serve
    from certkit.web.settings import WebSettings

    lang = resolve_lang(lang)
    root = root_path.rstrip("/")
    if root and not root.startswith("/"):
        root = "/" + root
    settings = WebSettings(
        profile=profile,
        catalogues=catalogues,
        trust=trust,
        fetch_aia=fetch_aia,
        timeout=timeout,
        accept_private_keys=accept_private_keys or is_loopback(host),
        root_path=root,
    )

    def announce(url: str) -> None:
        key_rule = "web.cli_keys_read" if settings.accept_private_keys else "web.cli_keys_refused"
        click.echo(t("web.cli_listening", lang, url=url, profile=profile), err=True)
        click.echo(t(key_rule, lang), err=True)

    serve(settings, host, port, workers, announce)
