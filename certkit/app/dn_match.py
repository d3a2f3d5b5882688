"""Does what someone typed match the certificate? One submission (subject DN, issuer DN, SIREN —
any of them), or a spreadsheet of them, compared as structures
(``certkit.registration.compare_certificate``).

A spreadsheet (CSV as Excel writes it, or ``.xlsx``: :mod:`certkit.tables`) has one row per
submission: the certificate — a ``path`` (relative to the spreadsheet, or a file uploaded beside
it on the web) or the PEM itself in a ``certificate`` column — and the typed ``subject``,
``issuer`` and ``siren``. The results keep every input column in its place (the submitted values
beside the statuses, any other column passed through) and add the result columns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from certkit.errors import InputError
from certkit.i18n import t

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.batch import Failure, Summary
    from certkit.registration import CertificateComparison
    from certkit.sources import CertificateBundle, Password
    from certkit.tables import Table

RESULT_COLUMNS = (
    "status",
    "subject_status",
    "issuer_status",
    "siren_status",
    "expected_subject",
    "expected_issuer",
    "certificate_siren",
    "explanation",
)
Leaf = tuple["x509.Certificate", bytes, tuple[bytes, bytes]]


def compare_submission(
    bundle: CertificateBundle,
    subject: str | None,
    issuer: str | None,
    siren: str | None,
    dn_format: str,
) -> CertificateComparison:
    """The comparison of a submission with ``bundle``'s client certificate."""
    from certkit.registration import compare_certificate, leaf_of

    leaf = leaf_of(bundle)
    index = next(i for i, cert in enumerate(bundle.certificates) if cert is leaf)
    return compare_certificate(
        leaf,
        subject,
        issuer,
        siren,
        dn_format,
        bundle.ders[index],
        name_ders=bundle.name_ders(index),
    )


def comparison_lines(result: CertificateComparison, lang: str) -> list[str]:
    """The comparison for people: one block per DN (status, expected, submitted, why), the SIREN."""
    lines: list[str] = []
    for key, comparison in (("subject", result.subject), ("issuer", result.issuer)):
        if comparison is None:  # not submitted
            continue
        mark = "✓" if comparison.status.ok else "✗"
        label = t(f"dn_match.label_{key}", lang)
        lines.append(t("dn_match.line_status", lang, mark=mark, label=label,
                       status_code=f"dn_match.status.{comparison.status.value}"))  # fmt: skip
        lines.append(_field(lang, "expected", comparison.expected))
        if comparison.submitted != comparison.expected:
            lines.append(_field(lang, "submitted", comparison.submitted))
        lines.append(f"    {comparison.explanation.message(lang)}")
    if result.siren is not None:
        status = result.siren.status.value
        lines.append(
            t(
                "dn_match.line_siren",
                lang,
                mark="✓" if status == "match" else "✗",
                label=t("dn_match.label_siren", lang),
                status_code=f"dn_match.status.{status}",
                explanation=result.siren.explanation.message(lang),
            )
        )
    return lines


def _field(lang: str, name: str, value: object) -> str:
    return t("dn_match.line_field", lang, label=t(f"dn_match.label_{name}", lang), value=value)


# --- spreadsheets of submissions --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Submission:
    """One row: where it is, its certificate (a path or PEM text), what was typed (None: the
    column is absent or the cell empty), and all its cells as read."""

    line: int
    path: str
    certificate: str
    subject: str | None
    issuer: str | None
    siren: str | None
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Submissions:
    table: Table
    rows: tuple[Submission, ...]


def read_submissions(
    data: bytes, source: str, *, delimiter: str | None = None, encoding: str | None = None
) -> Submissions:
    """The submissions of a spreadsheet (see the module docstring); :class:`InputError` when
    the spreadsheet itself cannot be used — a bad row is that row's answer, not an error."""
    from certkit.tables import read_table

    table = read_table(
        data,
        source,
        expected=("path", "certificate", "subject", "issuer", "siren"),
        delimiter=delimiter,
        encoding=encoding,
    )
    columns = table.columns()
    found = ", ".join(h for h in table.header if h.strip()) or "-"
    if "path" not in columns and "certificate" not in columns:
        raise InputError("tables.columns_missing", path=source, missing="path", found=found)
    if "subject" not in columns and "issuer" not in columns:
        raise InputError(
            "tables.columns_missing", path=source, missing="subject, issuer", found=found
        )

    def cell(cells: tuple[str, ...], name: str) -> str | None:
        position = columns.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    rows = []
    for line, cells in table.rows:
        typed = {name: cell(cells, name) for name in ("subject", "issuer", "siren")}
        rows.append(
            Submission(
                line,
                (cell(cells, "path") or "").strip(),
                (cell(cells, "certificate") or "").strip(),
                typed["subject"] if (typed["subject"] or "").strip() else None,
                typed["issuer"] if (typed["issuer"] or "").strip() else None,
                (typed["siren"] or "").strip() or None,
                cells,
            )
        )
    return Submissions(table, tuple(rows))


Loader = Callable[[Submission], Leaf]


def file_loader(base: str, password: Password = None) -> Loader:
    """Certificates by ``path`` relative to ``base`` (the spreadsheet's folder; an absolute path
    wins), or from the row's ``certificate`` PEM."""
    from certkit.batch import load_leaf

    def load(row: Submission) -> Leaf:
        if row.certificate:
            return _leaf_from_bytes(row.certificate.encode("utf-8"), f"line {row.line}", None)
        return load_leaf(os.path.join(base, row.path), password)

    return load


def upload_loader(
    files: dict[str, bytes], password: Password = None, *, refuse_keys: bool = False
) -> Loader:
    """Certificates uploaded beside the spreadsheet, by file name, or from the row's PEM
    (``refuse_keys``: a file holding a private key is that row's error, as on a public server)."""

    def load(row: Submission) -> Leaf:
        if row.certificate:
            data, name, secret = row.certificate.encode("utf-8"), f"line {row.line}", None
        else:
            found = files.get(os.path.basename(row.path))
            if found is None:
                raise InputError("web.dn_no_certificate", line=row.line, path=row.path)
            data, name, secret = found, row.path, password
        return _leaf_from_bytes(data, name, secret, refuse_keys=refuse_keys)

    return load


def _leaf_from_bytes(
    data: bytes, name: str, password: Password, *, refuse_keys: bool = False
) -> Leaf:
    from certkit.registration import leaf_of
    from certkit.sources import load_bytes

    bundle = load_bytes(data, source=name, password=password)
    if refuse_keys and bundle.has_private_key:
        raise InputError("web.keys_refused", path=name)
    leaf = leaf_of(bundle)
    index = next(i for i, cert in enumerate(bundle.certificates) if cert is leaf)
    return leaf, bundle.ders[index], bundle.name_ders(index)


def compare_row(row: Submission, load: Loader, dn_format: str) -> CertificateComparison:
    """One row against its certificate."""
    from certkit.registration import compare_certificate

    if not row.path and not row.certificate:
        raise InputError("dn_match.row_incomplete", line=row.line, column="path")
    if row.subject is None and row.issuer is None:
        raise InputError("dn_match.row_incomplete", line=row.line, column="subject")
    cert, der, name_ders = load(row)
    return compare_certificate(
        cert, row.subject, row.issuer, row.siren, dn_format, der, name_ders=name_ders
    )


def row_status(result: CertificateComparison | Failure) -> str:
    from certkit.batch import Failure

    if isinstance(result, Failure):
        return "error"
    return "ok" if result.ok else "attention"


def row_json(
    row: Submission, result: CertificateComparison | Failure, header: Sequence[str], lang: str
) -> dict[str, Any]:
    """A row's JSON in ``dn-match --batch --json``: as in single mode, plus its line, path,
    status and every submitted cell (``submitted``, by column)."""
    from certkit.batch import Failure

    out: dict[str, Any] = {"line": row.line, "path": row.path, "status": row_status(result)}
    out["submitted"] = {
        name: (row.cells[i] if i < len(row.cells) else "") for i, name in enumerate(header)
    }
    if isinstance(result, Failure):
        out.update(error=result.message(lang), error_code=result.code)
        out.update(subject=None, issuer=None, siren=None)
        return out
    out["error"] = None
    data = result.to_json(lang)
    del data["ok"]
    out.update(data)
    return out


def row_cells(
    row: Submission, result: CertificateComparison | Failure, width: int, lang: str
) -> list[str]:
    """A row of the results table: its line, its input cells in their place, the results."""
    from certkit.batch import Failure

    cells = [str(row.line), *row.cells[:width], *[""] * (width - len(row.cells))]
    if isinstance(result, Failure):
        return [*cells, "error", "", "", "", "", "", "", result.message(lang)]
    siren = result.siren
    explanation = " | ".join(
        t(
            "dn_match.explanation_part",
            lang,
            label=t(f"dn_match.label_{key}", lang),
            text=part.explanation.message(lang),
        )
        for key, part in (("subject", result.subject), ("issuer", result.issuer), ("siren", siren))
        if part is not None and part.status not in ("exact", "match")
    )
    return [
        *cells,
        row_status(result),
        result.subject.status if result.subject else "",
        result.issuer.status if result.issuer else "",
        siren.status if siren else "",
        result.subject.expected if result.subject else "",
        result.issuer.expected if result.issuer else "",
        (siren.expected or "") if siren else "",
        explanation,
    ]


def results_header(table: Table) -> list[str]:
    """The results table's header: the line, the input columns, the result columns."""
    return ["line", *table.header, *RESULT_COLUMNS]


@dataclass(frozen=True, slots=True)
class BatchResults:
    """Every row's result in order, and what they come to."""

    rows: tuple[tuple[Submission, CertificateComparison | Failure], ...]
    summary: Summary

    def counts(self) -> dict[str, int]:
        counts = self.summary.counts
        return {key: counts.get(key, 0) for key in ("ok", "attention", "error")}

    @property
    def exit_code(self) -> int:
        counts = self.counts()
        answered = 1 if counts["attention"] or counts["error"] else 0
        return self.summary.exit_code(answered, error_code=1)


def compare_rows(
    rows: Sequence[Submission],
    load: Loader,
    dn_format: str,
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> BatchResults:
    """Every row against its certificate through the batch engine (a row's failure is that
    row's answer)."""
    from certkit.batch import Batch, Failure

    def answer(row: Submission) -> tuple[str, Any]:
        result = compare_row(row, load, dn_format)
        return row_status(result), result

    engine = Batch(answer, workers=workers, threshold=1000, chunk_size=250, progress=progress)
    paired: list[tuple[Submission, Any]] = []
    for row, result in zip(rows, engine.results(rows), strict=True):
        paired.append((row, result if isinstance(result, Failure) else result[1]))
    return BatchResults(tuple(paired), engine.summary)


def results_json(batch: BatchResults, table: Table, dn_format: str, lang: str) -> dict[str, Any]:
    """``dn-match --batch --json``: every row, the summary, the DN form compared."""
    return {
        "rows": [row_json(row, result, table.header, lang) for row, result in batch.rows],
        "summary": {"rows": len(batch.rows), **batch.counts()},
        "dn_format": dn_format,
        "read": {"format": table.format, "delimiter": table.delimiter, "encoding": table.encoding},
    }


def results_table(batch: BatchResults, table: Table, fmt: str, lang: str, *, excel: bool) -> bytes:
    """The results as a spreadsheet: ``csv`` (``excel``: ``;``, BOM, CRLF) or ``xlsx``."""
    from certkit.tables import write_table

    width = len(table.header)
    return write_table(
        results_header(table),
        (row_cells(row, result, width, lang) for row, result in batch.rows),
        fmt,
        excel=excel,
    )
