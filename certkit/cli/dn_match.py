"""`certkit dn-match` — does what a syndic typed match the certificate? One file or a CSV batch."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from certkit.cli.common import (
    handle_errors,
    json_option,
    lang_option,
    password_options,
    password_provider,
    print_json,
    progress_bar,
    resolve_lang,
    write_atomically,
)
from certkit.cli.registration import dn_format_options, profile_dn_format
from certkit.errors import InputError
from certkit.i18n import t
from certkit.parallel import default_workers


@click.command("dn-match")
@click.argument("file", required=False, type=click.Path(allow_dash=True, path_type=str))
@click.option("--subject", default=None, help="The subject DN that was submitted.")
@click.option("--issuer", default=None, help="The issuer DN that was submitted.")
@click.option("--siren", default=None, help="The SIREN that was submitted.")
@click.option(
    "--batch",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Spreadsheet of submissions: CSV (, ; or tab, UTF-8 or Windows-1252) or .xlsx, with "
    "columns path (or certificate: the PEM), subject, issuer, siren; paths relative to it; "
    "'-' reads standard input.",
)
@click.option(
    "--delimiter",
    default=None,
    metavar="CHAR",
    help="CSV separator: , ; or tab (default: found from the header).",
)
@click.option(
    "--encoding",
    default=None,
    metavar="NAME",
    help="CSV encoding: utf-8, windows-1252… (default: found from the bytes).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the results to this file ('-': standard output, the default).",
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["csv", "xlsx", "json"]),
    default=None,
    help="Results as csv, xlsx or json (default: from the --output name, else csv).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV the way French Excel opens it: ; separator, UTF-8 with a BOM, CRLF.",
)
@click.option("--force", is_flag=True, help="Replace --output if it exists.")
@dn_format_options
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for --batch (default: the CPU count, at most 4; 1 = no extra process).",
)
@password_options
@json_option
@lang_option
@handle_errors
def dn_match_command(
    file: str | None,
    subject: str | None,
    issuer: str | None,
    siren: str | None,
    batch: str | None,
    delimiter: str | None,
    encoding: str | None,
    output: Path | None,
    out_format: str | None,
    excel: bool,
    force: bool,
    dn_format: str | None,
    profile: str,
    workers: int | None,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Compare the DNs (and SIREN) submitted for a certificate with the certificate itself.

    Each DN gets a status: exact (same string as the certificate's registry form), equivalent
    (same name written differently), reordered (same parts in reverse order) or mismatch, with the
    expected string and what differs. --subject, --issuer and --siren may each be given alone.
    Exit 0 when everything is exact or equivalent (and the SIREN matches), 1 otherwise, 2 for bad
    input.

    \b
    certkit dn-match syndic.pem --subject "CN=...,O=...,C=FR" --issuer "CN=...,C=FR" --siren N
    certkit dn-match --batch saisies.xlsx -o resultats.xlsx
    certkit dn-match --batch saisies.csv --excel -o resultats.csv
    """
    lang = resolve_lang(lang)
    chosen = dn_format or profile_dn_format(profile)
    password = password_provider(password_file, password_env, password_value, lang)
    if batch is not None:
        if file is not None or subject is not None or issuer is not None or siren is not None:
            raise InputError("dn_match.batch_and_file")
        fmt = out_format or ("json" if as_json else _format_of(output))
        sys.exit(
            _run_batch(
                batch,
                chosen,
                password,
                lang,
                workers or default_workers(),
                delimiter=_delimiter(delimiter),
                encoding=encoding,
                output=output,
                fmt=fmt,
                excel=excel,
                force=force,
            )
        )
    if file is None or (subject is None and issuer is None and siren is None):
        raise InputError("dn_match.need_subject_issuer")
    from certkit.app.dn_match import comparison_lines
    from certkit.batch import load_leaf
    from certkit.registration import compare_certificate

    cert, der, name_ders = load_leaf(file, password)
    result = compare_certificate(cert, subject, issuer, siren, chosen, der, name_ders=name_ders)
    if as_json:
        print_json(result.to_json(lang))
    else:
        click.echo("\n".join(comparison_lines(result, lang)))
    sys.exit(0 if result.ok else 1)


# --- batch ------------------------------------------------------------------------------------


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower() if output is not None and str(output) != "-" else ""
    return {".xlsx": "xlsx", ".json": "json"}.get(suffix, "csv")


def _delimiter(value: str | None) -> str | None:
    if value is None:
        return None
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(value.lower(), value)
    if len(named) != 1:
        raise InputError("dn_match.bad_delimiter", value=value)
    return named


def _run_batch(
    source: str,
    dn_format: str,
    password: Any,
    lang: str,
    workers: int,
    *,
    delimiter: str | None,
    encoding: str | None,
    output: Path | None,
    fmt: str,
    excel: bool,
    force: bool,
) -> int:
    from certkit.app import dn_match as app
    from certkit.app.common import json_document
    from certkit.sources import read_source

    to_stdout = output is None or str(output) == "-"
    if fmt == "xlsx" and to_stdout and sys.stdout.isatty():
        raise InputError("dn_match.xlsx_to_terminal")
    data = read_source(source)
    submissions = app.read_submissions(data, source, delimiter=delimiter, encoding=encoding)
    base = "" if source == "-" else os.path.dirname(source)
    loader = app.file_loader(base, password)
    rows = submissions.rows
    with progress_bar(len(rows), "dn-match") as advance:
        results = app.compare_rows(rows, loader, dn_format, workers=workers, progress=advance)
    if fmt == "json":
        body = (json_document(app.results_json(results, submissions.table, dn_format, lang))
                + "\n").encode("utf-8")  # fmt: skip
    else:
        body = app.results_table(results, submissions.table, fmt, lang, excel=excel)
    write_atomically(output if output is not None else Path("-"), body, force=force)
    note = submissions.table.reading_note()
    if note is not None and encoding is None:
        click.echo("certkit: " + t(note, lang, path=source), err=True)
    counts = results.counts()
    click.echo(
        "certkit: "
        + t(
            "dn_match.summary",
            lang,
            rows=len(rows),
            ok=counts["ok"],
            attention=counts["attention"],
            errors=counts["error"],
        ),
        err=True,
    )
    return results.exit_code
