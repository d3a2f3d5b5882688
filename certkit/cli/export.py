"""`certkit export FILE -o OUT.pem` — the certificate as PEM, never with a key, for upload."""

from __future__ import annotations

from pathlib import Path

import click

from certkit.cli.common import (
    handle_errors,
    lang_option,
    password_options,
    password_provider,
    resolve_lang,
    write_output,
)
from certkit.errors import InputError
from certkit.i18n import t


@click.command("export")
@click.argument("file", type=click.Path(allow_dash=True, path_type=str))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write (- : standard output).",
)
@click.option("--chain", is_flag=True, help="Write every certificate of the file, leaf first.")
@click.option(
    "--index",
    type=click.IntRange(min=1),
    default=None,
    help="Pick certificate N (1 = first) instead.",
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["pem", "der", "p7b"]),
    default="pem",
    show_default=True,
    help="pem (the registry's upload), der (one certificate, .cer), p7b (PKCS#7 bundle, e.g. "
    "with --chain for Chorus Pro).",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@password_options
@lang_option
@handle_errors
def export_command(
    file: str,
    output: Path,
    chain: bool,
    index: int | None,
    out_format: str,
    force: bool,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    lang: str | None,
) -> None:
    """Write FILE's certificate (default: the leaf) as PEM WITHOUT any private key.

    This is the file the registry's "Importer certificat" form expects. The output is written to
    a temporary file and renamed, so it is never left half-written. A file that holds only CA
    certificates (the chain) has no certificate of yours to export: exit 2, unless --index or
    --chain says what to write.
    """
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

    from certkit.registration import holds_only_ca_certificates
    from certkit.sources import load_path

    lang = resolve_lang(lang)
    bundle = load_path(
        file, password=password_provider(password_file, password_env, password_value, lang)
    )
    certificates = bundle.certificates
    if index is not None:
        if not 1 <= index <= len(certificates):
            raise InputError("export.bad_index", path=file, index=index, count=len(certificates))
        selected = [certificates[index - 1]]
    elif chain:
        leaf = bundle.leaf_index
        order = ([leaf] if leaf is not None else []) + [
            i for i in range(len(certificates)) if i != leaf
        ]
        selected = [certificates[i] for i in order]
    else:
        if holds_only_ca_certificates(bundle):
            raise InputError("registration.chain_only", path=file, count=len(certificates))
        leaf_cert = bundle.leaf
        if leaf_cert is None:
            raise InputError("export.no_single_leaf", path=file, count=sum(bundle.leaf_flags))
        selected = [leaf_cert]
    if out_format == "der":
        if len(selected) != 1:
            raise InputError("export.der_one_certificate", path=file, count=len(selected))
        data = selected[0].public_bytes(Encoding.DER)
    elif out_format == "p7b":
        data = pkcs7.serialize_certificates(selected, Encoding.DER)
    else:
        data = b"".join(c.public_bytes(Encoding.PEM) for c in selected)
    write_output(output, data, force=force)
    message = t("export.written", lang, path=str(output), count=len(selected))
    # on standard output, the certificate alone: the note goes to stderr
    click.echo(message, err=str(output) == "-")
