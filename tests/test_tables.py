"""Spreadsheets as French Excel writes them, read; results written as it opens them."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from certkit.errors import InputError
from certkit.i18n import t
from certkit.tables import read_table, write_table

REQUIRED = ("path", "subject", "issuer")
ROWS = [
    ["a.pem", "CN=Régie Dupont,O=SYNDIC EXEMPLE\\, SAS,C=FR", "CN=AC,C=FR", "732829320", "note é"],
    ["b.pem", "CN=B,C=FR", "CN=AC,C=FR", "", ""],
]
HEADER = ["path", "subject", "issuer", "siren", "commentaire"]


def excel_csv(delimiter: str, encoding: str, bom: bool, newline: str = "\r\n") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(",", "utf-8", False), (";", "utf-8", True), ("\t", "utf-8", False), (";", "cp1252", False)],
)
def test_reads_what_excel_saves(delimiter: str, encoding: str, bom: bool) -> None:
    table = read_table(excel_csv(delimiter, encoding, bom), "saisies.csv", required=REQUIRED)
    assert table.delimiter == delimiter
    assert table.encoding == (
        "windows-1252" if encoding == "cp1252" else ("utf-8-sig" if bom else "utf-8")
    )
    assert list(table.header) == HEADER
    assert [list(cells) for _, cells in table.rows] == ROWS
    assert [line for line, _ in table.rows] == [2, 3]


def test_reads_xlsx_with_a_siren_stored_as_a_number() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([*ROWS[0][:3], 732829320, ROWS[0][4]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "saisies.xlsx", required=REQUIRED)
    assert table.format == "xlsx"
    assert list(table.rows[0][1]) == ROWS[0]


def test_wrong_separator_says_which_was_found() -> None:
    data = excel_csv(";", "utf-8", True)
    with pytest.raises(InputError) as info:
        read_table(data, "saisies.csv", required=REQUIRED, delimiter=",")
    message = info.value.message("fr")
    assert "séparé par des points-virgules" in message and "--delimiter ';'" in message


def test_missing_columns_name_what_was_found() -> None:
    data = b"chemin;sujet\nx;y\n"
    with pytest.raises(InputError) as info:
        read_table(data, "saisies.csv", required=REQUIRED)
    message = info.value.message("en")
    assert "missing columns: path, subject, issuer" in message and "chemin, sujet" in message


def test_wrong_encoding_and_garbage() -> None:
    with pytest.raises(InputError) as info:
        read_table(
            "path;subject;issuer\né;é;é\n".encode("cp1252"),
            "s.csv",
            required=REQUIRED,
            encoding="utf-8",
        )
    assert "windows-1252" in info.value.message("en")
    with pytest.raises(InputError):
        read_table(b"PK\x03\x04not a workbook", "s.xlsx", required=REQUIRED)


def test_excel_csv_and_xlsx_results() -> None:
    data = write_table(HEADER, ROWS, "csv", excel=True)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(HEADER)
    assert "Régie" in text  # UTF-8 kept: French Excel shows it with its BOM
    back = read_table(data, "r.csv", required=REQUIRED)
    assert [list(cells) for _, cells in back.rows] == ROWS
    workbook = load_workbook(io.BytesIO(write_table(HEADER, ROWS, "xlsx")))
    values = [[c or "" for c in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert values == [HEADER, *ROWS]
    assert t("tables.delimiter.tab", "fr") == "tabulations"
