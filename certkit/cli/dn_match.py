"""`certkit dn-match` — does what a syndic typed match the certificate? One file or a CSV batch."""

from __future__ import annotations

import csv
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
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV with columns path,subject,issuer,siren (paths relative to the CSV).",
)
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
    batch: Path | None,
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
    expected string and what differs. Exit 0 when everything is exact or equivalent (and the
    SIREN matches), 1 otherwise, 2 for bad input.

    \b
    certkit dn-match syndic.pem --subject "CN=...,O=...,C=FR" --issuer "CN=...,C=FR" --siren N
    certkit dn-match --batch submissions.csv > results.csv
    """
    lang = resolve_lang(lang)
    chosen = dn_format or profile_dn_format(profile)
    password = password_provider(password_file, password_env, password_value, lang)
    if batch is not None:
        if file is not None or subject is not None or issuer is not None or siren is not None:
            raise InputError("dn_match.batch_and_file")
        sys.exit(_run_batch(batch, chosen, password, as_json, lang, workers or default_workers()))
    if file is None or subject is None or issuer is None:
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


def _run_batch(
    csv_path: Path, dn_format: str, password: Any, as_json: bool, lang: str, workers: int
) -> int:
    from certkit import batch

    rows = batch.read_dn_match_rows(csv_path)
    base = "" if str(csv_path.parent) == "." else str(csv_path.parent)

    def answer(row: batch.Row) -> batch.Answer:
        result = batch.dn_match_row(row, base, dn_format, password)
        shown = batch.row_json(row, result, lang) if as_json else batch.row_csv(row, result, lang)
        return batch.dn_match_status(result), shown

    writer = None if as_json else csv.writer(sys.stdout, lineterminator="\n")
    if writer is not None:
        writer.writerow(batch.DN_MATCH_CSV_HEADER)
    results: list[Any] = []
    with progress_bar(len(rows), "dn-match") as advance:
        engine = batch.Batch(answer, workers=workers, threshold=1000, chunk_size=250,
                             progress=advance)  # fmt: skip
        for row, result in zip(rows, engine.results(rows), strict=True):
            if isinstance(result, batch.Failure):  # bad input or a certkit bug: the row's error
                render = batch.row_json if as_json else batch.row_csv
                shown = render(row, result, lang)
            else:
                shown = result[1]
            if writer is not None:
                writer.writerow(shown)
            else:
                results.append(shown)
    summary = engine.summary
    counts = {key: summary.counts.get(key, 0) for key in ("ok", "attention", "error")}
    if as_json:
        print_json(
            {"rows": results, "summary": {"rows": len(rows), **counts}, "dn_format": dn_format}
        )
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
    attention = 1 if counts["attention"] or counts["error"] else 0
    return summary.exit_code(attention, error_code=1)
