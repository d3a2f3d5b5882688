"""``certkit check``: will the registry accept this certificate? ``certkit checks list``."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from certkit.errors import CertkitError, InputError
from certkit.i18n import t
from certkit.names import DN_FORMATS
from certkit.parallel import default_workers, ordered_map
from certkit.render import error_json, json_line
from certkit.sources import load_path

if TYPE_CHECKING:
    from certkit.checks import CheckOptions

CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p12", ".pfx", ".p7b", ".p7c", ".cert")
PARALLEL_THRESHOLD = 64


def expand_inputs(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a directory contributes its certificate files (recursively, sorted)."""
    from certkit.files import regular_files

    out: list[str] = []
    for item in paths:
        if os.path.isdir(item):
            found = sorted(
                entry.path
                for entry in regular_files(str(Path(item)))
                if not entry.name.startswith(".")
                and os.path.splitext(entry.name)[1].lower() in CERT_SUFFIXES
            )
            if not found:
                raise InputError("checks.cli.no_files", path=item)
            out.extend(found)
        else:
            out.append(item)
    return out


# --------------------------------------------------------------------------------------------------
# Batch machinery: one worker function, run in-process or in a fork-based pool.

_WORKER: dict[str, Any] = {}


def _check_one(path: str) -> tuple[str, str | bytes]:
    """Check one file with the options set up in this process: (verdict or "error", output).

    The output is the report's text in text mode, else one line of UTF-8 JSON, as bytes.
    """
    options: CheckOptions = _WORKER["options"]
    lang: str = _WORKER["lang"]
    mode: str = _WORKER["mode"]
    dn_format: str = _WORKER.get("dn_format") or options.profile.dn_format
    try:
        bundle = load_path(path, password=_WORKER["password"])
        report = evaluate(bundle, options)
        if mode == "text":
            return report.verdict.value, "\n".join(report_lines(report, lang, dn_format))
        return report.verdict.value, json_line(report_json(report, lang, dn_format))
    except CertkitError as exc:
        error: CertkitError = exc
    except Exception as exc:  # a certkit bug on one file must not stop the batch
        error = CertkitError("cli.internal_error", error=f"{type(exc).__name__}: {exc}")
    if mode == "text":
        return "error", f"{path}: ✗ {error.message(lang)}"
    return "error", json_line(error_json(path, error, lang))


def _check_chunk(paths: list[str]) -> tuple[list[str], str | bytes]:
    """Check consecutive files: their verdicts and their output as one piece, in order (each
    report followed by a blank line in text mode; one JSON line per file otherwise).

    One piece per chunk is what the parent writes: it relays ~45 MB for 10,000 files, and doing it
    file by file cost it ~40 µs each on the cores the workers need.
    """
    verdicts: list[str] = []
    texts: list[str] = []
    lines: list[bytes] = []
    for path in paths:
        verdict, output = _check_one(path)
        verdicts.append(verdict)
        if isinstance(output, str):
            texts.append(output + "\n\n")
        else:
            lines.append(output + b"\n")
    return verdicts, "".join(texts) if texts else b"".join(lines)


def _run_batch(paths: list[str], workers: int) -> Iterator[tuple[list[str], str | bytes]]:
    """Chunks of consecutive files in order, on ``workers`` processes for large batches."""
    if len(paths) < PARALLEL_THRESHOLD:
        workers = 1
    # Small chunks keep both workers busy to the end (the last chunk of a 512-file split left a
    # core idle for ~0.4 s of a 5 s batch); 64 files still make few, large writes.
    size = max(8, min(64, len(paths) // (max(workers, 1) * 16) or 1))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    yield from ordered_map(_check_chunk, chunks, workers=workers, threshold=2, chunksize=1)


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option(
    "--profile",
    default="registre-coproprietes",
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
    help="Network timeout (s).",
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
    if len(paths) == 1 and not as_jsonl:
        report = evaluate(load_path(paths[0], password=password), options)
        if as_json:
            print_json(report_json(report, lang, dn_format))
        else:
            click.echo("\n".join(report_lines(report, lang, dn_format)))
        sys.exit(exit_code([report.verdict], strict=strict))
    mode = "jsonl" if as_jsonl else "json" if as_json else "text"
    _WORKER.update(options=options, lang=lang, mode=mode, password=password, dn_format=dn_format)
    counts = {"pass": 0, "warn": 0, "fail": 0, "error": 0}
    verdicts: list[Verdict] = []
    json_items: list[Any] = []
    n_workers = workers if workers is not None else default_workers()
    text_out = sys.stdout
    text_out.flush()
    # JSON lines are UTF-8 bytes already: straight to the binary stream when there is one.
    binary_out = getattr(text_out, "buffer", None)
    with progress_bar(len(paths), "certkit check") as advance:
        for chunk_verdicts, output in _run_batch(paths, n_workers):
            for result in chunk_verdicts:
                counts[result] += 1
                if result != "error":
                    verdicts.append(Verdict(result))
            if isinstance(output, str):
                text_out.write(output)
            elif mode == "json":
                json_items.extend(json.loads(line) for line in output.splitlines())
            elif binary_out is not None:
                binary_out.write(output)
            else:
                text_out.write(output.decode("utf-8"))
            advance(len(chunk_verdicts))
    if binary_out is not None:
        binary_out.flush()
    if mode == "json":
        print_json(json_items)
    elif mode == "text":
        click.echo(
            t(
                "checks.cli.summary",
                lang,
                total=len(paths),
                passed=counts["pass"],
                warned=counts["warn"],
                failed=counts["fail"],
                errors=counts["error"],
            )
        )
    text_out.flush()
    code = exit_code(verdicts, strict=strict)
    sys.exit(2 if counts["error"] else code)


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
    for check in CHECKS:
        click.echo(f"{check.name} — {t(check.about_code, lang)}")
        click.echo(f"    {check.rule}")
        for spec in check.codes:
            click.echo(
                f"    {SYMBOLS.get(spec.severity.value, '?')} {spec.severity.value:8} {spec.code}"
            )
