"""Spreadsheets as people have them: CSV in whatever separator and encoding Excel wrote, and
``.xlsx``; and results written back the way French Excel opens them.

Reading: an ``.xlsx`` workbook (its first sheet, through openpyxl), else CSV text — UTF-8 with or
without BOM, UTF-16 with a BOM, or Windows-1252 (what French Excel saves as "CSV"), detected or
given; the separator ``,``, ``;`` or tab, sniffed from the header (the one that yields the
required columns) or given. A table that cannot be used gets one message saying what was found
and what to do.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from certkit.errors import InputError

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "windows-1252")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Table:
    """A header and its rows (with their line numbers in the file), and how they were read."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    format: str  # "csv" or "xlsx"
    delimiter: str | None = None
    encoding: str | None = None

    def reading_note(self) -> str | None:
        """The message code of what the reader should know about how the file was read (its
        parameter: ``path``): a CSV that was not UTF-8, read as Windows-1252 — right for what
        French Excel saves, wrong for other code pages, so the accents deserve a look."""
        return "tables.read_as_windows_1252" if self.encoding == "windows-1252" else None

    def columns(self) -> dict[str, int]:
        """Column name (stripped, lower case) → position; the first of a repeated name wins."""
        found: dict[str, int] = {}
        for position, name in enumerate(self.header):
            found.setdefault(name.strip().lower(), position)
        return found


def read_table(
    data: bytes,
    source: str,
    *,
    required: Sequence[str] = (),
    expected: Sequence[str] = (),
    delimiter: str | None = None,
    encoding: str | None = None,
) -> Table:
    """The table in ``data`` (a CSV or ``.xlsx`` file named ``source``), which must have the
    ``required`` columns (``expected``: other column names that help find the separator);
    :class:`InputError` naming the file and what to do otherwise."""
    if data.startswith(_XLSX_MAGIC):
        table = _read_xlsx(data, source)
    else:
        text, used = _decode(data, source, encoding)
        table = _read_csv(text, source, (*required, *expected), delimiter, used)
    missing = [c for c in required if c not in table.columns()]
    if missing:
        raise InputError(
            "tables.columns_missing",
            path=source,
            missing=", ".join(missing),
            found=", ".join(h for h in table.header if h.strip()) or "-",
        )
    return table


def _decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            reason = "unknown" if isinstance(exc, LookupError) else "undecodable"
            raise InputError(
                "tables.bad_encoding", path=source, encoding=encoding, reason=reason
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("windows-1252"), "windows-1252"
    except UnicodeDecodeError:
        raise InputError("tables.unknown_encoding", path=source) from None


def _read_csv(
    text: str, source: str, wanted_columns: Sequence[str], delimiter: str | None, encoding: str
) -> Table:
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    chosen = delimiter if delimiter is not None else _sniff(first_line, wanted_columns)
    if delimiter is not None and wanted_columns:
        better = _sniff(first_line, wanted_columns)
        if better != delimiter and _found(first_line, better, wanted_columns) > _found(
            first_line, delimiter, wanted_columns
        ):
            raise InputError(
                "tables.wrong_delimiter",
                path=source,
                given_code=f"tables.delimiter.{DELIMITERS.get(delimiter, 'other')}",
                found_code=f"tables.delimiter.{DELIMITERS[better]}",
                option=_option(better),
            )
    try:
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=chosen)
        header_row = next(reader, None)
        rows: list[tuple[int, tuple[str, ...]]] = []
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append((reader.line_num, tuple(record)))
    except csv.Error as exc:
        raise InputError("tables.csv_syntax", path=source, reason=str(exc)) from None
    if header_row is None:
        raise InputError("tables.empty", path=source)
    return Table(tuple(header_row), tuple(rows), "csv", chosen, encoding)


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _found(header: str, delimiter: str, wanted: Sequence[str]) -> int:
    """How many of the ``wanted`` column names ``header`` holds when split by ``delimiter``."""
    fields = {f.strip().lower() for f in _split(header, delimiter)}
    return sum(1 for name in wanted if name.lower() in fields)


def _sniff(header: str, wanted: Sequence[str]) -> str:
    """The separator that makes ``header`` hold the most ``wanted`` columns, else the one that
    splits it into the most fields."""
    scored = [
        (_found(header, d, wanted), len(_split(header, d)), -index, d)
        for index, d in enumerate(DELIMITERS)
    ]
    return max(scored)[3]


def _option(delimiter: str) -> str:
    return "--delimiter tab" if delimiter == "\t" else f"--delimiter '{delimiter}'"


def _read_xlsx(data: bytes, source: str) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise InputError("tables.bad_xlsx", path=source) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, tuple[str, ...]]] = []
        header: tuple[str, ...] | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(_cell_text(v) for v in values)
            if header is None:
                if any(c.strip() for c in cells):
                    header = cells
                continue
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    finally:
        workbook.close()
    if header is None:
        raise InputError("tables.empty", path=source)
    return Table(header, tuple(rows), "xlsx")


def _cell_text(value: object) -> str:
    """A cell as the text a person typed: numbers without a trailing ``.0`` (a SIREN stored as a
    number stays 732829320), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def write_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    fmt: str = "csv",
    *,
    excel: bool = False,
) -> bytes:
    """The table as ``csv`` (``excel``: ``;``, UTF-8 BOM and CRLF, what French Excel opens in
    columns with accents intact) or ``xlsx``."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([_xlsx_safe(cell) for cell in header])
        for row in rows:
            sheet.append([_xlsx_safe(cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    out = io.StringIO(newline="")
    writer = csv.writer(
        out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    return ("\ufeff" + text).encode("utf-8") if excel else text.encode("utf-8")


def _xlsx_safe(cell: str) -> str:
    """A cell for a workbook: characters XML cannot hold are dropped (openpyxl refuses them)."""
    return "".join(c for c in cell if c in "\t\n\r" or ord(c) >= 0x20)
