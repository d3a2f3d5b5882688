"""`certkit inspect FILE...` — what each file holds, for people or (--json) for machines."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from certkit.cli.common import (
    expand_inputs,
    handle_errors,
    json_option,
    lang_option,
    password_options,
    password_provider,
    resolve_lang,
)
from certkit.i18n import t


@click.command("inspect")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option(
    "--pem",
    "with_pem",
    is_flag=True,
    help="Also show each certificate as PEM (in JSON: a pem key per certificate); never a key.",
)
@password_options
@json_option
@lang_option
@handle_errors
def inspect_command(
    files: tuple[str, ...],
    with_pem: bool,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Show what FILES hold: format, certificates, leaf, private key presence.

    Reads PEM (one or many blocks), DER, PKCS#7 (.p7b/.p7c) and PKCS#12 (.p12/.pfx); "-" reads
    standard input; a folder, its certificate files. With --json, one file gives one object,
    several files or a folder a list. Exit 2 when a file cannot be read (the others are still
    reported).
    """
    from certkit import batch, render
    from certkit.app.common import json_document
    from certkit.app.inspect import inspect_json
    from certkit.sources import pem_certificate

    lang = resolve_lang(lang)
    password = password_provider(password_file, password_env, password_value, lang)
    now = dt.datetime.now(dt.UTC)
    # One input, one object; several inputs or a folder, a list.
    single = len(files) == 1 and not os.path.isdir(files[0])
    files = tuple(expand_inputs(files))
    documents: list[dict[str, Any]] = []
    out = sys.stdout

    def answer(path: str) -> batch.Answer:
        bundle = batch.inspect_file(path, password)
        if as_json:
            return "ok", inspect_json(bundle, now, pem=with_pem)
        return "ok", (bundle, [bundle.facts(i) for i in range(len(bundle.certificates))])

    # One file at a time, in this process: output follows each file as it is read.
    engine = batch.Batch(answer, chunk_size=1)
    for path, result in zip(files, engine.results(files), strict=True):
        if isinstance(result, batch.Failure):
            shown = result.message(lang)
            click.echo(f"certkit: {path}: {shown}" if result.internal else f"certkit: {shown}",
                       err=True)  # fmt: skip
            if as_json:
                documents.append(result.entry(path, lang))
            continue
        if as_json:
            documents.append(result[1])
            continue
        bundle, facts_list = result[1]
        if out.isatty():
            render.print_bundle_rich(bundle, facts_list, now=now, lang=lang)
            if with_pem:
                out.write("".join(pem_certificate(der).decode("ascii") for der in bundle.ders))
            continue
        out.write(render.bundle_header(bundle, lang) + "\n")
        for index, (f, is_leaf) in enumerate(
            zip(facts_list, bundle.leaf_flags, strict=True), start=1
        ):
            out.write(f"\n  {t('inspect.cert_header', lang, index=index)}\n")
            rows = render.facts_lines(f, is_leaf=is_leaf, now=now, lang=lang)
            width = max(len(label) for label, _ in rows)
            for label, value in rows:
                out.write(f"    {label.ljust(width)}  {value}\n")
            if with_pem:
                out.write("\n" + pem_certificate(bundle.ders[index - 1]).decode("ascii"))
        out.write("\n")
    if as_json:
        # One input, one object (the document POST /api/v1/inspect answers); several, a list.
        out.write(json_document(documents[0] if single else documents) + "\n")
    summary = engine.summary
    if summary.errors and len(files) > 1:
        click.echo(
            f"certkit: {t('inspect.summary_errors', lang, bad=summary.errors, total=len(files))}",
            err=True,
        )
    out.flush()
    sys.exit(summary.exit_code(0))
