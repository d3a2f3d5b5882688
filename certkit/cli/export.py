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
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="PEM file to write (- for standard output).",
)
@click.option("--chain", is_flag=True, help="Write every certificate of the file, leaf first.")
@click.option("--index", type=int, default=None, help="Pick certificate N (1 = first) instead.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@password_options
@lang_option
@handle_errors
def export_command(
    file: str,
    output: Path,
    chain: bool,
    index: int | None,
    force: bool,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    lang: str | None,
) -> None:
    """Write FILE's certificate (default: the leaf) as PEM WITHOUT any private key.

    This is the file the registry's "Importer certificat" form expects. The output is written to
    a temporary file and renamed, so it is never left half-written.
    """
    from certkit.sources import load_path, pem_certificate

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
        if bundle.leaf_index is None:
            raise InputError("export.no_single_leaf", path=file, count=sum(bundle.leaf_flags))
        selected = [bundle.leaf_index]
    # The file's own encoding of each certificate, as ``openssl x509`` writes it: a certificate
    # that is not DER keeps the bytes its signature covers.
    pem = b"".join(pem_certificate(bundle.ders[i]) for i in selected)
    write_atomically(output, pem, force=force)
    # With -o - the PEM is standard output: the note goes to standard error.
    click.echo(
        t("export.written", lang, path=str(output), count=len(selected)), err=str(output) == "-"
    )
