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
    write_atomically,
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
    help="PEM file to write (- for standard output).",
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
    from certkit.sources import load_path, pem_certificate, pkcs7_certificates

    lang = resolve_lang(lang)
    bundle = load_path(
        file, password=password_provider(password_file, password_env, password_value, lang)
    )
    count = len(bundle.certificates)
    if index is not None:
        if not 1 <= index <= count:
            raise InputError("export.bad_index", path=file, index=index, count=count)
        selected = [index - 1]
    elif chain:
        leaf = bundle.leaf_index
        selected = ([leaf] if leaf is not None else []) + [i for i in range(count) if i != leaf]
    else:
        if holds_only_ca_certificates(bundle):
            raise InputError("registration.chain_only", path=file, count=count)
        if bundle.leaf_index is None:
            raise InputError("export.no_single_leaf", path=file, count=sum(bundle.leaf_flags))
        selected = [bundle.leaf_index]
    # The file's own encoding of each certificate, as ``openssl x509`` writes it: a certificate
    # that is not DER keeps the bytes its signature covers.
    if out_format == "der":
        if len(selected) != 1:
            raise InputError("export.der_one_certificate", path=file, count=len(selected))
        data = bundle.ders[selected[0]]
    elif out_format == "p7b":
        if any(bundle.reading(i) is not None for i in selected):
            data = pkcs7_certificates([bundle.ders[i] for i in selected])
        else:
            data = pkcs7.serialize_certificates(
                [bundle.certificates[i] for i in selected], Encoding.DER
            )
    else:
        data = b"".join(pem_certificate(bundle.ders[i]) for i in selected)
    write_atomically(output, data, force=force)
    # With -o - the output is standard output: the note goes to standard error.
    click.echo(
        t("export.written", lang, path=str(output), count=len(selected)), err=str(output) == "-"
    )
