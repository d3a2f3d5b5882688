"""``certkit platform``: the local stand-in of the registry's mTLS front door."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

import click

from certkit.cli.common import (
    handle_errors,
    json_option,
    lang_option,
    password_options,
    password_provider,
    print_json,
    renamed_option,
    resolve_lang,
    warn,
)
from certkit.errors import InputError, os_reason
from certkit.i18n import t


@click.group("platform")
def platform_group() -> None:
    """Local stand-in of the registry's mTLS front door (accounts, WS1…WS7, refusals)."""


@platform_group.command("serve")
@click.option(
    "--ca-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="certkit test CA: issues the server certificate; its CAs are the trusted client CAs.",
)
@click.option("--cert", type=click.Path(dir_okay=False, path_type=Path), help="Server certificate.")
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), help="Server private key.")
@click.option(
    "--trust",
    "client_ca",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PEM of the CAs whose client certificates are trusted (and announced).",
)
@renamed_option(
    "--client-ca", "client_ca", "--trust", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--crl",
    "crl_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check revocation against this CRL (PEM or DER; repeat for several CAs). Each "
    "trusted issuing CA then needs its CRL.",
)
@click.option(
    "--accounts",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Accounts file (TOML), see 'certkit platform register'.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (127.0.0.1: this machine only).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8443,
    show_default=True,
    help="0 picks a free port.",
)
@click.option("--tls-versions", default="1.2,1.3", show_default=True, help="e.g. 1.3 or 1.2,1.3")
@click.option(
    "--client-auth",
    type=click.Choice(["required", "optional"]),
    default="required",
    show_default=True,
    help="required: no certificate → TLS alert; optional: no certificate → HTTP 403.",
)
@click.option(
    "--dn-compare",
    type=click.Choice(["exact", "canonical"]),
    default="exact",
    show_default=True,
    help="exact: same string in the registry form; canonical: same name (RFC 5280 §7.1).",
)
@click.option(
    "--access-log",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Append JSON access log lines to this file (default: stderr; - : standard output).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 1024),
    default=64,
    show_default=True,
    help="Threads doing TLS and HTTP work at once; connections that wait for the network hold "
    "none (they are parked until ready or dropped at their deadline).",
)
@password_options
@json_option
@lang_option
@handle_errors
def serve_command(
    ca_dir: Path | None,
    cert: Path | None,
    key: Path | None,
    client_ca: Path | None,
    crl_files: tuple[Path, ...],
    accounts: Path | None,
    host: str,
    port: int,
    tls_versions: str,
    client_auth: str,
    dn_compare: str,
    access_log: Path | None,
    workers: int,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Serve GET /, GET /whoami and POST /ws1…/ws7 over mutual TLS until SIGINT/SIGTERM.

    The first line on stdout is the URL ("certkit platform listening on https://HOST:PORT").
    The accounts file is read again on SIGHUP and when it changes (checked every second); a
    reload that fails is logged and the accounts in use are kept.
    """
    from certkit.platform import material as tls_material
    from certkit.platform.app import Platform
    from certkit.platform.authz import DnCompare
    from certkit.platform.server import ClientAuth, ServerConfig

    lang = resolve_lang(lang)
    versions = _parse_versions(tls_versions)
    if ca_dir is not None and (cert or key or client_ca):
        raise InputError("platform.tls_material_conflict")
    if ca_dir is not None:
        material = tls_material.from_ca_dir(ca_dir)
    elif cert is not None and client_ca is not None:
        provider = password_provider(password_file, password_env, password_value, lang)
        material = tls_material.from_files(cert, key, client_ca, provider)
    else:
        raise InputError("platform.tls_material_needed")
    if crl_files:
        material = dataclasses.replace(material, crls=tls_material.load_crls(crl_files))
    log = _AccessLog(access_log)
    config = ServerConfig(
        host=host,
        port=port,
        tls_versions=versions,
        client_auth=ClientAuth(client_auth),
        workers=workers,
        lang=lang,
    )
    _raise_open_files_limit()
    platform = Platform(
        material, config, log, accounts_path=accounts, compare=DnCompare(dn_compare)
    )

    def stop(signum: int, frame: Any) -> None:
        platform.shutdown()

    def reload(signum: int, frame: Any) -> None:
        platform.request_reload("SIGHUP")

    # before the URL is printed: whoever reads it may signal us at once
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, reload)
    from certkit.names import rfc4514

    cas = [rfc4514(ca.subject) for ca in material.client_cas]
    account_list = platform.accounts
    if as_json:
        from certkit.render import json_line, with_schema_version

        # one line: the first line on stdout is what a script waits for
        click.echo(
            json_line(
                with_schema_version(
                    {
                        "url": platform.url,
                        "port": platform.port,
                        "tls_versions": list(versions),
                        "client_auth": client_auth,
                        "dn_compare": dn_compare,
                        "client_cas": cas,
                        "accounts": [_account_json(a) for a in account_list.accounts],
                    }
                )
            ).decode("utf-8")
        )
    else:
        click.echo(t("platform.listening", lang, url=platform.url))
        click.echo(
            t(
                "platform.startup_details",
                lang,
                versions=", ".join(versions),
                client_auth_code=f"platform.client_auth.{client_auth}",
                dn_compare_code=f"platform.dn_compare.{dn_compare}",
                cas="; ".join(cas),
            )
        )
        for account in account_list.accounts:
            name = f" ({account.name})" if account.name else ""
            if not account.slots:
                click.echo(t("platform.account_empty", lang, siren=account.siren, name=name))
            for slot in account.slots:
                click.echo(
                    t(
                        "platform.account_line",
                        lang,
                        siren=account.siren,
                        name=name,
                        slot=slot.number,
                        subject=slot.subject_dn,
                        issuer=slot.issuer_dn,
                    )
                )
        if not account_list.accounts:
            click.echo(t("platform.no_accounts", lang))
    sys.stdout.flush()

    try:
        platform.serve_forever()
    finally:
        log.close()
    click.echo(t("platform.stopped", lang), err=True)


def _raise_open_files_limit() -> None:
    """Idle connections cost a descriptor each, not a thread: allow as many as the system
    lets this process have (the soft limit up to the hard one), like nginx's worker_rlimit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


@platform_group.command("register")
@click.argument(
    "accounts_file", metavar="ACCOUNTS", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--siren", required=True, help="The account's SIREN (9 digits).")
@click.option("--slot", type=click.Choice(["1", "2"]), required=True, help="Slot to fill.")
@click.option(
    "--cert",
    "cert_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The certificate (PEM, DER or PKCS#12); only its DNs and SIREN are read.",
)
@click.option("--name", default="", help="Account display name (kept when omitted).")
@click.option(
    "--no-siren-check",
    is_flag=True,
    help="Register even when the certificate's SIREN is not the account's (to test refusals).",
)
@password_options
@json_option
@lang_option
@handle_errors
def register_command(
    accounts_file: Path,
    siren: str,
    slot: str,
    cert_file: Path,
    name: str,
    no_siren_check: bool,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Fill slot 1 or 2 of account SIREN with the certificate's subject and issuer DNs.

    Creates ACCOUNTS when it does not exist, like the registry's "Importer certificat". A running
    `certkit platform serve --accounts ACCOUNTS` sees the change within a second.
    """
    from certkit.platform.app import register_certificate
    from certkit.sources import load_path

    lang = resolve_lang(lang)
    from certkit.identity import is_valid_siren

    if not (len(siren) == 9 and siren.isdigit() and is_valid_siren(siren)):
        raise InputError("platform.register_bad_siren", siren=siren)
    provider = password_provider(password_file, password_env, password_value, lang)
    bundle = load_path(cert_file, password=provider)
    certificate = bundle.leaf or (bundle.certificates[0] if bundle.certificates else None)
    if certificate is None:
        raise InputError("platform.register_no_certificate", path=str(cert_file))
    done = register_certificate(
        accounts_file,
        siren,
        int(slot),
        certificate,
        name=name,
        check_siren=not no_siren_check,
        source=str(cert_file),
    )
    if done.replaced and done.previous is not None:
        warn(
            t(
                "platform.register_replaced",
                lang,
                slot=slot,
                siren=siren,
                previous=done.previous.subject_dn,
            )
        )
    if as_json:
        print_json(done.to_json())
    else:
        click.echo(
            t(
                "platform.register_done",
                lang,
                path=str(accounts_file),
                siren=siren,
                slot=slot,
                subject=done.slot.subject_dn,
                issuer=done.slot.issuer_dn,
            )
        )


def _parse_versions(value: str) -> tuple[str, ...]:
    from certkit.tls import TLS_VERSIONS

    versions = tuple(sorted({v.strip() for v in value.split(",") if v.strip()}))
    if not versions or any(v not in TLS_VERSIONS for v in versions):
        raise InputError("platform.bad_tls_versions", value=value)
    return versions


def _account_json(account: Any) -> dict[str, Any]:
    return {
        "siren": account.siren,
        "name": account.name or None,
        "slots": [
            {"slot": s.number, "subject_dn": s.subject_dn, "issuer_dn": s.issuer_dn}
            for s in account.slots
        ],
    }


class _AccessLog:
    """JSON lines, one per request or refused handshake; thread-safe; stderr or an append file."""

    def __init__(self, path: Path | None) -> None:
        self._lock = threading.Lock()
        self._owned = path is not None
        if path is None or str(path) == "-":
            self._stream: TextIO = sys.stderr if path is None else sys.stdout
            self._owned = False
        else:
            try:
                self._stream = path.open("a", encoding="utf-8")
            except OSError as exc:
                raise InputError(
                    "platform.access_log_unwritable", path=str(path), reason=os_reason(exc)
                ) from None

    def __call__(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (OSError, ValueError):
                pass

    def close(self) -> None:
        if self._owned:
            self._stream.close()
