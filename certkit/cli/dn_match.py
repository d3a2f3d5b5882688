"""`certkit dn-match` — does what a syndic typed match the certificate? One file or a CSV batch."""

from __future__ import annotations

import binascii
import csv
import io
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from cryptography import x509  # only this command imports this module

from certkit import names
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
from certkit.errors import CertkitError, InputError
from certkit.i18n import t
from certkit.parallel import default_workers

BATCH_COLUMNS = ("path", "subject", "issuer", "siren")
CSV_HEADER = (
    "line",
    "path",
    "status",
    "subject_status",
    "issuer_status",
    "siren_status",
    "expected_subject",
    "expected_issuer",
    "certificate_siren",
    "explanation",
)


@click.command("dn-match")
@click.argument("file", required=False, type=click.Path(path_type=str))
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
    from certkit.registration import compare_certificate

    cert, der, name_ders = load_leaf(file, password)
    result = compare_certificate(cert, subject, issuer, siren, chosen, der, name_ders=name_ders)
    if as_json:
        print_json(result.to_json(lang))
    else:
        click.echo(_human(result, lang))
    sys.exit(0 if result.ok else 1)


def _human(result: Any, lang: str) -> str:
    lines: list[str] = []
    for key, comparison in (("subject", result.subject), ("issuer", result.issuer)):
        mark = "✓" if comparison.status.ok else "✗"
        lines.append(f"{mark} {t(f'dn_match.label_{key}', lang)}: {comparison.status.value}")
        lines.append(f"    {t('dn_match.label_expected', lang)}:  {comparison.expected}")
        if comparison.submitted != comparison.expected:
            lines.append(f"    {t('dn_match.label_submitted', lang)}:  {comparison.submitted}")
        lines.append(f"    {comparison.explanation.message(lang)}")
    if result.siren is not None:
        mark = "✓" if result.siren.status.value == "match" else "✗"
        lines.append(
            f"{mark} {t('dn_match.label_siren', lang)}: {result.siren.status.value} — "
            f"{result.siren.explanation.message(lang)}"
        )
    return "\n".join(lines)


# --- batch ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    path: str
    subject: str
    issuer: str
    siren: str | None


def _read_rows(csv_path: Path) -> list[_Row]:
    """Every data row of the CSV; InputError (exit 2) when the CSV itself cannot be used."""
    try:
        text = csv_path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            "dn_match.csv_unreadable", path=str(csv_path), reason="not found"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise InputError("dn_match.csv_unreadable", path=str(csv_path), reason=reason) from None
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            raise InputError(
                "dn_match.csv_columns", path=str(csv_path), missing=", ".join(BATCH_COLUMNS)
            )
        columns = [h.strip().lower() for h in header]
        missing = [c for c in BATCH_COLUMNS[:3] if c not in columns]
        if missing:
            raise InputError("dn_match.csv_columns", path=str(csv_path), missing=", ".join(missing))
        index = {name: columns.index(name) for name in BATCH_COLUMNS if name in columns}
        rows: list[_Row] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue

            def cell(name: str, record: list[str] = record) -> str:
                position = index.get(name)
                return record[position] if position is not None and position < len(record) else ""

            siren = cell("siren").strip()
            rows.append(
                _Row(
                    reader.line_num,
                    cell("path").strip(),
                    cell("subject"),
                    cell("issuer"),
                    siren or None,
                )
            )
    except csv.Error as exc:
        raise InputError("dn_match.csv_unreadable", path=str(csv_path), reason=str(exc)) from None
    return rows


_PEM_CERT = b"-----BEGIN CERTIFICATE-----"


def load_leaf(
    path: str | Path, password: Any
) -> tuple[x509.Certificate, bytes | None, tuple[bytes, bytes] | None]:
    """The client certificate in ``path`` and its DER. A file holding one PEM certificate (the
    common case in batches) is decoded directly; anything else, and every error, goes through
    certkit.sources."""
    data = _read_small(path)
    if data is None:
        from certkit.sources import read_source

        data = read_source(path)
    if data.startswith(_PEM_CERT) and data.count(b"-----BEGIN") == 1:
        body = data[len(_PEM_CERT) : data.find(b"-----END CERTIFICATE-----")]
        try:
            der = binascii.a2b_base64(body, strict_mode=False)
            cert = x509.load_der_x509_certificate(der)
            subject_der, issuer_der = names.certificate_names_der(der)
            if names.cryptography_can_build(subject_der) and names.cryptography_can_build(
                issuer_der
            ):
                return cert, der, (subject_der, issuer_der)
        except (ValueError, binascii.Error, IndexError):
            pass  # let certkit.sources read it or say what is wrong
    from certkit.registration import leaf_of
    from certkit.sources import load_bytes

    bundle = load_bytes(data, source=str(path), password=password)
    leaf = leaf_of(bundle)
    index = next(i for i, cert in enumerate(bundle.certificates) if cert is leaf)
    return leaf, bundle.ders[index], bundle.name_ders(index)


def _read_small(path: str | Path) -> bytes | None:
    """The bytes of a regular file under 1 MiB; None to let certkit.sources read (and report)."""
    if str(path) == "-":
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):  # ValueError: a NUL byte in the path, reported by sources
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size >= 1 << 20:
            return None
        # one sized read: file objects and read(n) with a large n cost 2-6x more per small file
        data = os.read(fd, info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == info.st_size else None


def _evaluate(row: _Row, base: str, dn_format: str, password: Any) -> Any:
    """The comparison for one row, or the CertkitError that stopped it."""
    from certkit.registration import compare_certificate

    try:
        for column, value in (("path", row.path), ("subject", row.subject), ("issuer", row.issuer)):
            if not value.strip():
                raise InputError("dn_match.row_incomplete", line=row.line, column=column)
        cert, der, name_ders = load_leaf(os.path.join(base, row.path), password)  # absolute wins
        return compare_certificate(
            cert, row.subject, row.issuer, row.siren, dn_format, der, name_ders=name_ders
        )
    except CertkitError as exc:
        return exc


def _row_json(row: _Row, outcome: Any, lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {"line": row.line, "path": row.path}
    if isinstance(outcome, CertkitError):
        result.update(status="error", error=outcome.message(lang))
        result.update(subject=None, issuer=None, siren=None)
        return result
    result["status"] = "ok" if outcome.ok else "attention"
    result["error"] = None
    data = outcome.to_json(lang)
    del data["ok"]
    result.update(data)
    return result


def _csv_line(row: _Row, outcome: Any, lang: str) -> list[str]:
    if isinstance(outcome, CertkitError):
        return [str(row.line), row.path, "error", "", "", "", "", "", "", outcome.message(lang)]
    siren = outcome.siren
    explanation = " | ".join(
        f"{key}: {part.explanation.message(lang)}"
        for key, part in (
            ("subject", outcome.subject),
            ("issuer", outcome.issuer),
            ("siren", siren),
        )
        if part is not None and part.status not in ("exact", "match")
    )
    return [
        str(row.line),
        row.path,
        "ok" if outcome.ok else "attention",
        outcome.subject.status,
        outcome.issuer.status,
        siren.status if siren else "",
        outcome.subject.expected,
        outcome.issuer.expected,
        (siren.expected or "") if siren else "",
        explanation,
    ]


# What forked workers need; set before the pool starts (fork start method, like `certkit check`).
_BATCH: dict[str, Any] = {}
_CHUNK = 250


def _process_chunk(rows: list[_Row]) -> list[tuple[str, Any]]:
    """(status, CSV line or JSON object) for each row of a chunk, in order."""
    base, dn_format, password, lang, as_json = (
        _BATCH[k] for k in ("base", "dn_format", "password", "lang", "as_json")
    )
    done: list[tuple[str, Any]] = []
    for row in rows:
        outcome = _evaluate(row, base, dn_format, password)
        if isinstance(outcome, CertkitError):
            status = "error"
        else:
            status = "ok" if outcome.ok else "attention"
        payload = _row_json(row, outcome, lang) if as_json else _csv_line(row, outcome, lang)
        done.append((status, payload))
    return done


def _chunks(rows: list[_Row]) -> list[list[_Row]]:
    return [rows[i : i + _CHUNK] for i in range(0, len(rows), _CHUNK)]


def _results(rows: list[_Row], workers: int) -> Iterator[list[tuple[str, Any]]]:
    """Chunk results in row order, from ``workers`` processes when the batch is large enough."""
    from certkit.parallel import ordered_map

    yield from ordered_map(_process_chunk, _chunks(rows), workers=workers, threshold=4, chunksize=1)


def _run_batch(
    csv_path: Path, dn_format: str, password: Any, as_json: bool, lang: str, workers: int
) -> int:
    rows = _read_rows(csv_path)
    _BATCH.update(
        base="" if str(csv_path.parent) == "." else str(csv_path.parent),
        dn_format=dn_format,
        password=password,
        lang=lang,
        as_json=as_json,
    )
    counts = {"ok": 0, "attention": 0, "error": 0}
    results: list[Any] = []
    writer = None if as_json else csv.writer(sys.stdout, lineterminator="\n")
    if writer is not None:
        writer.writerow(CSV_HEADER)
    with progress_bar(len(rows), "dn-match") as advance:
        for chunk in _results(rows, workers):
            for status, payload in chunk:
                counts[status] += 1
                if writer is not None:
                    writer.writerow(payload)
                else:
                    results.append(payload)
            advance(len(chunk))
    summary = {"rows": len(rows), **counts}
    if as_json:
        print_json({"rows": results, "summary": summary, "dn_format": dn_format})
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
    return 0 if counts["attention"] == 0 and counts["error"] == 0 else 1
