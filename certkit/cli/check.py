"""``certkit check``: will the registry accept this certificate? ``certkit checks list``."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from certkit.checks import evaluate
from certkit.cli.common import (
    handle_errors,
    json_option,
    lang_option,
    password_hint,
    password_options,
    password_provider,
    print_json,
    progress_bar,
    resolve_lang,
)
from certkit.errors import CertkitError, InputError
from certkit.i18n import catalogue, t
from certkit.names import DN_FORMATS
from certkit.parallel import default_workers
from certkit.registration import registration_data
from certkit.render import facts_json, json_line
from certkit.sources import load_path

if TYPE_CHECKING:
    from certkit.checks import CheckOptions, Report
    from certkit.findings import Finding

CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p12", ".pfx", ".p7b", ".p7c", ".cert")
SYMBOLS = {"ok": "✓", "info": "·", "warning": "⚠", "error": "✗"}
PARALLEL_THRESHOLD = 64


def parse_at(value: str | None) -> dt.datetime | None:
    """``--at``: an ISO 8601 date or date-time; naive values are UTC."""
    if value is None:
        return None
    try:
        text = value.strip()
        moment = (
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if "T" in text or " " in text
            else dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        )
    except ValueError:
        raise InputError("checks.cli.bad_date", value=value) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def parse_siren(value: str | None) -> str | None:
    if value is None:
        return None
    from certkit.identity import is_valid_siren

    digits = value.replace(" ", "")
    if not is_valid_siren(digits):
        raise InputError("checks.cli.bad_siren", value=value)
    return digits


def expand_inputs(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a directory contributes its certificate files (recursively, sorted)."""
    from certkit.files import regular_files

    out: list[str] = []

    def skipped(path: str, kind: str) -> None:  # a FIFO or device met in a folder: one line
        click.echo(f"certkit: {t('sources.not_regular', None, path=path, kind=kind)}", err=True)

    for item in paths:
        if os.path.isdir(item):
            found = sorted(
                entry.path
                for entry in regular_files(str(Path(item)), skipped=skipped)
                if not entry.name.startswith(".")
                and os.path.splitext(entry.name)[1].lower() in CERT_SUFFIXES
            )
            if not found:
                raise InputError("checks.cli.no_files", path=item)
            out.extend(found)
        else:
            out.append(item)
    return out


def build_options(
    profile: str,
    catalogues: tuple[Path, ...],
    trust: tuple[Path, ...],
    chain_files: tuple[Path, ...],
    at: str | None,
    siren: str | None,
    fetch_aia: bool,
    revocation: str | None,
    timeout: float,
    *,
    password_hint: str = "",
    lang: str | None = None,
) -> CheckOptions:
    from certkit.chain import CaStore, read_pem_entries
    from certkit.checks import CheckOptions
    from certkit.policy import Catalogue, load_profile

    acceptance = load_profile(profile)
    catalogue = Catalogue.load(catalogues)
    entries = []
    for ca_file in catalogue.ca_files:
        entries.extend(read_pem_entries(Path(ca_file)))
    for trust_file in trust:
        entries.extend(read_pem_entries(trust_file, origin_label=f"--trust {trust_file.name}"))
    extra: list[Any] = []
    for path in chain_files:
        try:
            extra.extend(load_path(path).certificates)
        except CertkitError as exc:
            raise InputError(
                "checks.cli.chain_unreadable", path=str(path), reason=exc.message(lang)
            ) from None
    return CheckOptions(
        profile=acceptance,
        catalogue=catalogue,
        store=CaStore.from_entries(entries),
        # One moment for the whole run: a batch is checked "as of" its start.
        at=parse_at(at) or dt.datetime.now(dt.UTC),
        expected_siren=parse_siren(siren),
        extra_chain=tuple(extra),
        fetch_aia=fetch_aia,
        revocation=revocation,
        timeout=timeout,
        password_hint=password_hint,
    )


def registration_fields(report: Report, dn_format: str, lang: str) -> dict[str, Any] | None:
    """What to type into the registry account form, exactly as ``certkit registration`` says."""
    if report.facts is None:
        return None
    facts = report.facts
    data: dict[str, Any] = registration_data(
        facts.certificate, dn_format, name_ders=(facts.subject_der, facts.issuer_der)
    ).to_json(lang)
    data["findings"].append(_registration_advice(lang))
    return data


def _registration_advice(lang: str) -> dict[str, Any]:
    hit = _ADVICE.get(lang)
    if hit is None:
        from certkit.registration import upload_advice

        hit = _ADVICE[lang] = upload_advice().to_json(lang)
    return hit


_ADVICE: dict[str, dict[str, Any]] = {}


def findings_json(findings: tuple[Finding, ...], lang: str) -> list[dict[str, Any]]:
    """Findings as JSON (as ``Finding.to_json``), message templates looked up once per run.

    Most findings of a batch repeat word for word (the same CA, policy and usages on every
    certificate): each distinct one is worded once and its JSON object shared, never modified.
    """
    out: list[dict[str, Any]] = []
    for item in findings:
        try:
            # Keyed by values: a code always passes the same types for the same parameter, so
            # values that compare equal (1 and True) never need telling apart here.
            key: Any = (lang, item.code, *item.params.items())
            hit = _FINDINGS_JSON.get(key)
        except TypeError:  # a parameter value that cannot be hashed: worded every time
            key, hit = None, None
        if hit is None:
            hit = _finding_json(item, lang)
            if key is not None:
                if len(_FINDINGS_JSON) >= 4096:
                    _FINDINGS_JSON.clear()
                _FINDINGS_JSON[key] = hit
        out.append(hit)
    return out


_FINDINGS_JSON: dict[Any, dict[str, Any]] = {}


def _finding_json(item: Finding, lang: str) -> dict[str, Any]:
    texts = catalogue().get(item.code)
    try:
        message = (texts.get(lang) or texts["en"]).format(**item.params) if texts else None
    except (KeyError, IndexError, ValueError):
        message = None
    return {
        "code": item.code,
        "severity": item.severity.value,
        "message": message if message is not None else item.message(lang),
        "params": item.params,  # serialised as is, never modified
    }


def report_json(report: Report, lang: str, dn_format: str) -> dict[str, Any]:
    return {
        "path": report.path,
        "verdict": report.verdict.value,
        "profile": report.profile,
        "rgs_level": report.rgs_level,
        "rgs_level_claimed": report.rgs_level_claimed,
        "eidas_qualified": report.eidas_qualified,
        "eidas": report.eidas.to_json() if report.eidas is not None else None,
        "findings": findings_json(report.findings, lang),
        "certificate": (
            facts_json(report.facts, is_leaf=True, now=report.now)
            if report.facts is not None
            else None
        ),
        "registration": registration_fields(report, dn_format, lang),
    }


def report_lines(report: Report, lang: str, dn_format: str) -> list[str]:
    lines = [t("checks.cli.header", lang, path=report.path, profile=report.profile)]
    for item in report.findings:
        lines.append(f"  {SYMBOLS.get(item.severity.value, '?')} {item.message(lang)}")
    lines.append(t(f"checks.cli.verdict.{report.verdict.value}", lang))
    fields = registration_fields(report, dn_format, lang)
    if fields is not None:
        lines.append(t("checks.cli.registration", lang))
        lines.append(f"  DN Certificat client : {fields['subject_dn']}")
        lines.append(f"  DN Emetteur Certificat : {fields['issuer_dn']}")
        siren = fields["siren"] or "-"
        siret = f" (SIRET {fields['siret']})" if fields["siret"] else ""
        lines.append(f"  SIREN : {siren}{siret}")
        for item in fields["findings"]:
            if item["severity"] in ("warning", "error"):
                lines.append(f"  {SYMBOLS['warning']} {item['message']}")
            elif item["code"] == "registration.import_recommended":
                lines.append(f"  {SYMBOLS['info']} {item['message']}")
    return lines


@click.command("check")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--profile",
    default="registre-coproprietes",
    show_default=True,
    help="Acceptance profile: registre-coproprietes, registre-coproprietes-test, sne, or a .toml.",
)
@click.option("--siren", default=None, help="The SIREN the certificate must carry.")
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="PEM file of CA certificates to trust and recognise (repeatable).",
)
@click.option(
    "--chain",
    "chain_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File with the intermediate CA certificates (repeatable).",
)
@click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra policy catalogue: .toml file, .pem CA store or folder (repeatable).",
)
@click.option(
    "--dn-format",
    type=click.Choice(DN_FORMATS),
    default=None,
    help="DN form of the registration fields (default: the profile's).",
)
@click.option("--at", "at", default=None, help="Check as of this date (YYYY-MM-DD, UTC).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON object per line and file.")
@click.option("--fetch-aia", is_flag=True, help="Download missing intermediates (AIA, HTTP).")
@click.option(
    "--revocation",
    type=click.Choice(["ocsp", "crl"]),
    default=None,
    help="Also check revocation with OCSP or the CRL (network).",
)
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Network timeout (s).")
@click.option(
    "--workers",
    type=int,
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
    at: str | None,
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
    from certkit import batch

    mode = "jsonl" if as_jsonl else "json" if as_json else "text"

    def answer(path: str) -> batch.Answer:
        """One file's verdict and output: its report's text, or one line of UTF-8 JSON."""
        report = batch.check_file(path, options, password)
        if mode == "text":
            return report.verdict.value, "\n".join(report_lines(report, lang, dn_format)) + "\n\n"
        return report.verdict.value, json_line(report_json(report, lang, dn_format)) + b"\n"

    def shown(path: str, failure: batch.Failure) -> str | bytes:
        if mode == "text":
            return f"{path}: ✗ {failure.message(lang)}\n\n"
        return json_line(failure.entry(path, lang)) + b"\n"

    verdicts: list[Verdict] = []
    json_items: list[Any] = []
    n_workers = workers if workers is not None else default_workers()
    text_out = sys.stdout
    text_out.flush()
    # JSON lines are UTF-8 bytes already: straight to the binary stream when there is one.
    binary_out = getattr(text_out, "buffer", None)
    position = 0
    with progress_bar(len(paths), "certkit check") as advance:
        engine = batch.Batch(answer, workers=n_workers, threshold=PARALLEL_THRESHOLD,
                             progress=advance)  # fmt: skip
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
    from certkit.checks import CHECKS

    lang = resolve_lang(lang)
    rows = [
        {
            "code": spec.code,
            "severity": spec.severity.value,
            "check": check.name,
            "family": check.family,
            "description": t(check.about_code, lang),
            "rule": check.rule,
        }
        for check in CHECKS
        for spec in check.codes
    ]
    if as_json:
        print_json({"checks": rows})
        return
    for check in CHECKS:
        click.echo(f"{check.name} — {t(check.about_code, lang)}")
        click.echo(f"    {check.rule}")
        for spec in check.codes:
            click.echo(
                f"    {SYMBOLS.get(spec.severity.value, '?')} {spec.severity.value:8} {spec.code}"
            )
