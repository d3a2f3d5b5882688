"""``certkit check``: will the registry accept this certificate? ``certkit checks list``."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from certkit.app.check import (
    SYMBOLS,
    build_options,
    report_json,
    report_lines,
)
from certkit.checks import evaluate
from certkit.cli.common import (
    at_option,
    complete_acceptance_profiles,
    expand_inputs,
    handle_errors,
    json_option,
    lang_option,
    password_hint,
    password_options,
    password_provider,
    print_json,
    progress_bar,
    resolve_lang,
    trust_options,
)
from certkit.i18n import t
from certkit.names import DN_FORMATS
from certkit.parallel import default_workers
from certkit.render import json_line, with_schema_version
from certkit.sources import load_path

PARALLEL_THRESHOLD = 64


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option(
    "--profile",
    default="registre-coproprietes",
    shell_complete=complete_acceptance_profiles,
    show_default=True,
    help="Acceptance profile: registre-coproprietes, registre-coproprietes-test, sne, or a .toml.",
)
@click.option("--siren", default=None, help="The SIREN the certificate must carry.")
@trust_options
@click.option(
    "--chain",
    "chain_files",
    multiple=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File with the intermediate CA certificates (repeatable).",
)
@click.option(
    "--dn-format",
    type=click.Choice(DN_FORMATS),
    default=None,
    help="DN form of the registration fields (default: the profile's).",
)
@at_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON object per line and file.")
@click.option("--fetch-aia", is_flag=True, help="Download missing intermediates (AIA, HTTP).")
@click.option(
    "--revocation",
    type=click.Choice(["ocsp", "crl"]),
    default=None,
    help="Also check revocation with OCSP or the CRL (network).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=600),
    default=5.0,
    show_default=True,
    help="Network timeout in seconds.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for batches (default: number of CPUs).",
)
@password_options
@lang_option
@json_option
@handle_errors
def check_command(
    files: tuple[str, ...],
    profile: str,
    siren: str | None,
    trust: tuple[Path, ...],
    chain_files: tuple[Path, ...],
    catalogues: tuple[Path, ...],
    dn_format: str | None,
    at: dt.datetime | None,
    strict: bool,
    as_jsonl: bool,
    fetch_aia: bool,
    revocation: str | None,
    timeout: float,
    workers: int | None,
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Will the registry accept this certificate? One verdict, every reason, and the fix.

    Exit 0 for pass or warn (1 for warn with --strict), 1 for fail, 2 for bad input.
    """
    import warnings

    from certkit.checks import Verdict, exit_code

    # cryptography warns on out-of-spec attribute lengths; the findings already say what matters.
    warnings.filterwarnings("ignore", message="Attribute's length must be")
    lang = resolve_lang(lang)
    options = build_options(
        profile,
        catalogues,
        trust,
        chain_files,
        at,
        siren,
        fetch_aia,
        revocation,
        timeout,
        password_hint=password_hint(password_file, password_env, password_value),
        lang=lang,
    )
    password = password_provider(password_file, password_env, password_value, lang)
    paths = expand_inputs(files)
    dn_format = dn_format or options.profile.dn_format
    # One input, one object (or one report); several inputs or a folder, a list (or a batch).
    if len(files) == 1 and not os.path.isdir(files[0]) and not as_jsonl:
        report = evaluate(load_path(paths[0], password=password), options)
        if as_json:
            print_json(report_json(report, lang, dn_format))
        else:
            click.echo("\n".join(report_lines(report, lang, dn_format)))
        sys.exit(exit_code([report.verdict], strict=strict))
    from certkit import batch

    mode = "jsonl" if as_jsonl else "json" if as_json else "text"

    def answer(path: str) -> batch.Answer:
        """One file's verdict and output: its report's text, or one line of UTF-8 JSON."""
        report = batch.check_file(path, options, password)
        if mode == "text":
            return report.verdict.value, "\n".join(report_lines(report, lang, dn_format)) + "\n\n"
        document = with_schema_version(report_json(report, lang, dn_format))
        return report.verdict.value, json_line(document) + b"\n"

    def shown(path: str, failure: batch.Failure) -> str | bytes:
        if mode == "text":
            return f"{path}: ✗ {failure.message(lang)}\n\n"
        return json_line(with_schema_version(failure.entry(path, lang))) + b"\n"

    verdicts: list[Verdict] = []
    json_items: list[Any] = []
    n_workers = workers if workers is not None else default_workers()
    text_out = sys.stdout
    text_out.flush()
    # JSON lines are UTF-8 bytes already: straight to the binary stream when there is one.
    binary_out = getattr(text_out, "buffer", None)
    position = 0
    with progress_bar(len(paths), "certkit check") as advance:
        engine = batch.Batch(
            answer, workers=n_workers, threshold=PARALLEL_THRESHOLD, progress=advance
        )
        for chunk in engine.run(paths):
            # One write per chunk: the parent relays ~45 MB for 10,000 files.
            pieces: list[Any] = []
            for result in chunk:
                if isinstance(result, batch.Failure):
                    pieces.append(shown(paths[position], result))
                else:
                    verdicts.append(Verdict(result[0]))
                    pieces.append(result[1])
                position += 1
            if mode == "text":
                text_out.write("".join(pieces))
            elif mode == "json":
                json_items.extend(json.loads(line) for line in pieces)
            elif binary_out is not None:
                binary_out.write(b"".join(pieces))
            else:
                text_out.write(b"".join(pieces).decode("utf-8"))
    if binary_out is not None:
        binary_out.flush()
    summary = engine.summary
    if mode == "json":
        print_json(json_items)
    elif mode == "text":
        click.echo(
            t(
                "checks.cli.summary",
                lang,
                total=len(paths),
                passed=summary.counts.get("pass", 0),
                warned=summary.counts.get("warn", 0),
                failed=summary.counts.get("fail", 0),
                errors=summary.errors,
            )
        )
    text_out.flush()
    sys.exit(summary.exit_code(exit_code(verdicts, strict=strict)))


@click.group("checks")
def checks_group() -> None:
    """The checks certkit runs, with their codes, severities and rule sources."""


@checks_group.command("list")
@lang_option
@json_option
@handle_errors
def list_checks(lang: str | None, as_json: bool) -> None:
    """List every check code with its severity, description and rule source."""
    from certkit.app.check import checks_json
    from certkit.checks import CHECKS

    lang = resolve_lang(lang)
    if as_json:
        print_json(checks_json(lang))
        return
    severity = {s: t(f"checks.severity.{s}", lang) for s in ("error", "warning", "info", "ok")}
    width = max(map(len, severity.values()))
    for check in CHECKS:
        click.echo(f"{check.name} — {t(check.about_code, lang)}")
        click.echo(f"    {t(f'checks.rule.{check.name}', lang)}")
        for spec in check.codes:
            word = severity[spec.severity.value]
            click.echo(f"    {SYMBOLS.get(spec.severity.value, '?')} {word:{width}} {spec.code}")
