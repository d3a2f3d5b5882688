"""``monitor status`` as text: a table that fits the terminal (80 columns and up) and CSV.

The table wraps long values only where a reader would break them — after a space, a comma or a
slash — so a DN is never cut inside a word and a path only between its folders; each certificate
takes one row (two or three lines when names are long), followed by what to do, indented.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from certkit.monitor.status import CertificateStatus

_PIECES = re.compile(r"[^ ,/]*[,/]| +|[^ ,/]+")
MIN_WIDTH = 60


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width``, broken after spaces, commas and slashes; a piece
    longer than a whole line (no break opportunity) is the only thing ever cut."""
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(text):
        if piece.isspace():
            if line and len(line) + len(piece) <= width:
                line += piece
            elif line:
                lines.append(line.rstrip())
                line = ""
            continue
        if len(line) + len(piece) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        while len(piece) > width:
            lines.append(piece[:width])
            piece = piece[width:]
        line = piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _holder(status: CertificateStatus) -> str:
    cert = status.certificate
    name = status.customer.name if status.customer is not None else (cert.cn or cert.org or "-")
    return f"{name} {cert.siren}" if cert.siren else name


def table_lines(statuses: Sequence[CertificateStatus], width: int, lang: str | None) -> list[str]:
    """The status table in ``width`` columns (at least :data:`MIN_WIDTH`)."""
    from certkit.i18n import t

    width = max(MIN_WIDTH, width)
    widths = [9, 5, 10]
    rest = width - sum(widths) - 2 * 4
    holder_width = max(14, rest * 2 // 5)
    widths += [holder_width, rest - holder_width]
    headers = [t(f"monitor.col.{c}", lang) for c in ("state", "days", "not_after", "holder")]
    headers.append(t("monitor.col.path", lang))
    out = [_row(headers, widths, right={1})]
    out.append("  ".join("-" * w for w in widths))
    indent = " " * (widths[0] + 2)
    for status in statuses:
        cert = status.certificate
        state = t(f"monitor.state.{status.state.value}", lang)
        if status.acknowledged is not None:
            state += "*"
        cells = [
            state,
            str(status.days_left),
            cert.not_after.date().isoformat(),
            _holder(status),
            "\n".join(cert.paths) or "-",
        ]
        out.append(_row(cells, widths, right={1}))
        notes: list[str] = []
        if status.action is not None:
            notes.append("→ " + status.action.message(lang))
        if status.acknowledged is not None:
            ack = status.acknowledged
            notes.append(
                "* "
                + t(
                    "monitor.acknowledged_line",
                    lang,
                    at=ack.at.date().isoformat(),
                    by=ack.by or "-",
                    note=ack.note or "",
                ).rstrip(" :")
            )
        if status.registered is not None:
            notes.append(
                t("monitor.registered_line", lang, on=status.registered.on.date().isoformat())
            )
        for note in notes:
            out.extend(indent + line for line in wrap(note, width - len(indent)))
    return out


def _row(cells: Sequence[str], widths: Sequence[int], right: set[int]) -> str:
    wrapped = []
    for cell, w in zip(cells, widths, strict=True):
        lines: list[str] = []
        for part in cell.split("\n"):
            lines.extend(wrap(part, w))
        wrapped.append(lines)
    height = max(len(lines) for lines in wrapped)
    rows = []
    for i in range(height):
        parts = []
        for index, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
            value = lines[i] if i < len(lines) else ""
            parts.append(value.rjust(w) if index in right else value.ljust(w))
        rows.append("  ".join(parts).rstrip())
    return "\n".join(rows)


CSV_COLUMNS = (
    "state",
    "expiry_state",
    "days_left",
    "not_after",
    "siren",
    "customer",
    "subject",
    "issuer",
    "paths",
    "successor_paths",
    "registration_pending",
    "acknowledged",
    "action",
    "sha256",
)


def csv_text(statuses: Sequence[CertificateStatus], lang: str | None) -> str:
    """One CSV row per certificate (RFC 4180, header first); several paths joined by ``; ``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for status in statuses:
        cert = status.certificate
        writer.writerow(
            [
                status.state.value,
                status.expiry_state.value,
                status.days_left,
                cert.not_after.strftime("%Y-%m-%dT%H:%M:%SZ"),
                cert.siren or "",
                status.customer.name if status.customer is not None else "",
                cert.subject_rfc4514,
                cert.issuer_rfc4514,
                "; ".join(cert.paths),
                "; ".join(status.renewed_by.paths) if status.renewed_by else "",
                "yes" if status.registration_pending else "no",
                (status.acknowledged.note or "yes") if status.acknowledged else "",
                status.action.message(lang) if status.action else "",
                cert.sha256,
            ]
        )
    return buffer.getvalue()
