"""`certkit dn-match`: what a syndic typed against the certificate, one file or a CSV batch."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CERTKIT, run_certkit, run_with_stderr_on_terminal
from tests.test_registration import SIREN, openssl_name


@pytest.fixture
def syndic(certkit_issue: Callable[..., Any]) -> Any:
    return certkit_issue("rgs1-server-client", siren=SIREN, org="SYNDIC EXEMPLE, SAS")


def match(cert: Path, subject: str, issuer: str, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run_certkit(
        "dn-match", cert, "--subject", subject, "--issuer", issuer, "--json", *extra
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_exact_strings_from_openssl(syndic: Any) -> None:
    subject = openssl_name(syndic.cert_path, "subject")
    issuer = openssl_name(syndic.cert_path, "issuer")
    code, data = match(syndic.cert_path, subject, issuer, "--siren", SIREN)
    assert code == 0
    assert data["subject"]["status"] == "exact" and data["issuer"]["status"] == "exact"
    assert data["subject"]["expected"] == subject
    assert data["siren"]["status"] == "match"
    human = run_certkit("dn-match", syndic.cert_path, "--subject", subject, "--issuer", issuer)
    assert human.returncode == 0
    assert "✓ Subject DN: exact" in human.stdout


@pytest.mark.parametrize(
    "typed",
    [
        # spaces, case, Java spelling of organizationIdentifier, hex-escaped comma
        "cn = SYNDIC EXEMPLE\\2C SAS ,  OID.2.5.4.97=NTRFR-{siren}, o=syndic exemple\\, sas, c=FR",
        # quoted value instead of escapes, dotted OID
        'CN="SYNDIC EXEMPLE, SAS",2.5.4.97=NTRFR-{siren},O="SYNDIC EXEMPLE, SAS",C=FR',
    ],
)
def test_equivalent_spellings(syndic: Any, typed: str) -> None:
    issuer = openssl_name(syndic.cert_path, "issuer")
    code, data = match(syndic.cert_path, typed.format(siren=SIREN), issuer)
    assert code == 0
    assert data["subject"]["status"] == "equivalent"
    assert data["subject"]["expected"] == openssl_name(syndic.cert_path, "subject")


def test_openssl_legacy_form_is_equivalent_and_oneline_is_reordered(syndic: Any) -> None:
    legacy = openssl_name(syndic.cert_path, "subject", "compat")
    oneline = openssl_name(syndic.cert_path, "issuer", "oneline")  # openssl's default: C first
    assert legacy.startswith("/C=FR/") and oneline.startswith("C = FR, ")
    code, data = match(syndic.cert_path, legacy, oneline)
    assert code == 1
    assert data["subject"]["status"] == "equivalent"
    assert "OpenSSL" in data["subject"]["explanation"]
    assert data["issuer"]["status"] == "reordered"
    assert "reverse order" in data["issuer"]["explanation"]


def test_dropped_escape_is_a_mismatch(syndic: Any) -> None:
    subject = openssl_name(syndic.cert_path, "subject").replace("\\,", ",")
    code, data = match(syndic.cert_path, subject, openssl_name(syndic.cert_path, "issuer"))
    assert code == 1
    assert data["subject"]["status"] == "mismatch"
    assert data["subject"]["explanation_code"] == "dn_match.comma_unescaped"
    assert "“SYNDIC EXEMPLE, SAS”" in data["subject"]["explanation"]
    assert "lost its backslash" in data["subject"]["explanation"]
    french = run_certkit(
        "dn-match", syndic.cert_path, "--subject", subject, "--issuer",
        openssl_name(syndic.cert_path, "issuer"), "--lang", "fr",
    )  # fmt: skip
    assert (
        "La virgule de «\u202fSYNDIC EXEMPLE, SAS\u202f» (O) a perdu sa barre oblique inverse"
        in french.stdout
    )
    assert french.stdout.startswith("✗ DN Certificat client\u202f: différent\n")


def test_dn_copied_from_the_windows_dialog_is_equivalent(syndic: Any) -> None:
    """The Windows certificate dialog shows the subject one attribute per line, CN first,
    organizationIdentifier as OID.2.5.4.97, values without escapes."""
    typed = (
        "CN = SYNDIC EXEMPLE, SAS\r\n"
        f"OID.2.5.4.97 = NTRFR-{SIREN}\r\n"
        "O = SYNDIC EXEMPLE, SAS\r\n"
        "C = FR\r\n"
    )
    code, data = match(syndic.cert_path, typed, openssl_name(syndic.cert_path, "issuer"))
    assert code == 0
    assert data["subject"]["status"] == "equivalent"
    assert "Windows certificate dialog" in data["subject"]["explanation"]


def test_subject_or_issuer_alone(syndic: Any) -> None:
    from certkit.app.dn_match import compare_submission
    from certkit.sources import load_path

    bundle = load_path(syndic.cert_path)
    subject = openssl_name(syndic.cert_path, "subject")
    only_subject = compare_submission(bundle, subject, None, None, "rfc4514")
    assert only_subject.issuer is None and only_subject.ok
    assert only_subject.to_json("en")["issuer"] is None
    only_issuer = compare_submission(bundle, None, "CN=nope,C=FR", None, "rfc4514")
    assert only_issuer.subject is None and not only_issuer.ok


def test_spoofed_cn_with_dropped_escape_is_a_mismatch(certkit_issue: Callable[..., Any]) -> None:
    issued = certkit_issue(
        "rgs1-server-client", siren=SIREN, cn="www.evil.fr, O=SYNDIC EXEMPLE", org="EVIL"
    )
    real = openssl_name(issued.cert_path, "subject")
    assert "www.evil.fr\\, O=SYNDIC EXEMPLE" in real
    code, data = match(
        issued.cert_path, real.replace("\\,", ","), openssl_name(issued.cert_path, "issuer")
    )
    assert code == 1
    assert data["subject"]["status"] == "mismatch"


@pytest.mark.parametrize(
    ("change", "code_fragment", "words"),
    [
        (("O=SYNDIC EXEMPLE\\, SAS", "O=SYNDIC EXEMPLES\\, SAS"), "value_differs", ["O differs"]),
        (
            ("O=SYNDIC EXEMPLE\\, SAS", "O=SYNDIC EXEMPLE\\, SAS\\ "),
            "spaces_at_ends",
            ["O differs"],
        ),
        (("O=SYNDIC EXEMPLE\\, SAS", "O=SYNDIC EXEMPLE\\, SАS"), "lookalike", ["look-alike"]),
        ((",C=FR", ""), "missing_attribute", ["C=FR", "missing"]),
        (("O=SYNDIC", "OU=SYNDIC"), "attribute_differs", ["OU=SYNDIC EXEMPLE, SAS"]),
    ],
)
def test_mismatch_explains_which_attribute_differs(
    syndic: Any, change: tuple[str, str], code_fragment: str, words: list[str]
) -> None:
    subject = openssl_name(syndic.cert_path, "subject").replace(*change)
    code, data = match(syndic.cert_path, subject, openssl_name(syndic.cert_path, "issuer"))
    assert code == 1
    assert data["subject"]["status"] == "mismatch"
    assert code_fragment in data["subject"]["explanation_code"]
    for word in words:
        assert word in data["subject"]["explanation"]


def test_siren_statuses(syndic: Any, certkit_issue: Callable[..., Any]) -> None:
    subject = openssl_name(syndic.cert_path, "subject")
    issuer = openssl_name(syndic.cert_path, "issuer")
    assert (
        match(syndic.cert_path, subject, issuer, "--siren", "433 998 903")[1]["siren"]["status"]
        == "match"
    )
    code, data = match(syndic.cert_path, subject, issuer, "--siren", "812611150")
    assert code == 1 and data["siren"]["status"] == "mismatch"
    assert SIREN in data["siren"]["explanation"]
    bare = certkit_issue("no-siren")
    code, data = match(
        bare.cert_path,
        openssl_name(bare.cert_path, "subject"),
        openssl_name(bare.cert_path, "issuer"),
        "--siren",
        SIREN,
    )
    assert code == 1 and data["siren"]["status"] == "missing"
    assert data["subject"]["status"] == "exact"


def test_usage_errors_exit_2(syndic: Any, tmp_path: Path) -> None:
    for args in (
        [syndic.cert_path],  # nothing submitted
        ["--subject", "CN=x"],  # no certificate
        ["--batch", tmp_path / "x.csv", syndic.cert_path],
        ["--batch", tmp_path / "x.csv", "--delimiter", "::"],
        [tmp_path / "missing.pem", "--subject", "CN=x", "--issuer", "CN=y"],
    ):
        result = run_certkit("dn-match", *args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# --- batch ------------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or ["path", "subject", "issuer", "siren"])
        writer.writerows(rows)
    return path


@pytest.fixture
def submissions(syndic: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    (folder / "certs").mkdir(parents=True)
    (folder / "certs" / "syndic.pem").write_bytes(syndic.cert_path.read_bytes())
    subject = openssl_name(syndic.cert_path, "subject")
    issuer = openssl_name(syndic.cert_path, "issuer")
    return write_csv(
        folder / "submissions.csv",
        [
            ["certs/syndic.pem", subject, issuer, SIREN],
            ["certs/syndic.pem", openssl_name(syndic.cert_path, "subject", "compat"), issuer, ""],
            ["certs/syndic.pem", subject.replace("\\,", ","), issuer, SIREN],
            ["certs/missing.pem", subject, issuer, SIREN],
            ["certs/syndic.pem", "", "", SIREN],
            ["certs/syndic.pem", subject, issuer, "812611150"],
        ],
    )


def test_batch_csv(submissions: Path, tmp_path: Path) -> None:
    result = run_certkit("dn-match", "--batch", submissions, cwd=tmp_path)
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["status"] for r in rows] == ["ok", "ok", "attention", "error", "error", "attention"]
    assert [r["line"] for r in rows] == ["2", "3", "4", "5", "6", "7"]
    assert rows[1]["subject_status"] == "equivalent"
    assert rows[2]["subject_status"] == "mismatch"
    assert "missing.pem" in rows[3]["explanation"]
    assert "subject" in rows[4]["explanation"]
    assert rows[5]["siren_status"] == "mismatch"
    assert result.stderr.strip() == "certkit: 6 rows: 2 matching, 2 to review, 2 in error."


def test_batch_json(submissions: Path) -> None:
    result = run_certkit("dn-match", "--batch", submissions, "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"rows": 6, "ok": 2, "attention": 2, "error": 2}
    assert data["rows"][0]["subject"]["status"] == "exact"
    assert data["rows"][3]["status"] == "error" and data["rows"][3]["subject"] is None


def test_batch_all_good_exits_0_and_workers_give_the_same_output(
    syndic: Any, tmp_path: Path
) -> None:
    subject = openssl_name(syndic.cert_path, "subject")
    issuer = openssl_name(syndic.cert_path, "issuer")
    rows = [[str(syndic.cert_path), subject, issuer, SIREN]] * 1500
    path = write_csv(tmp_path / "many.csv", rows)
    one = run_certkit("dn-match", "--batch", path, "--workers", "1")
    two = run_certkit("dn-match", "--batch", path, "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 1501


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b\n1,2\n", "missing columns: path (columns found: a, b)"),
        (b"path,certificate\n1,2\n", "missing columns: subject, issuer"),
        (b"", "the table is empty"),
        (b"path,subject,issuer\n\x81\x8d\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_bad_csv_exits_2(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run_certkit("dn-match", "--batch", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr


def test_progress_bar_only_on_a_terminal(submissions: Path) -> None:
    plain = run_certkit("dn-match", "--batch", submissions)
    assert "\x1b[" not in plain.stderr
    proc, drawn = run_with_stderr_on_terminal([CERTKIT, "dn-match", "--batch", str(submissions)])
    out = proc.stdout
    terminal = drawn.decode("utf-8", "replace")
    assert proc.returncode == 1
    assert "dn-match" in terminal and "\x1b[" in terminal
    assert "6 rows" in terminal
    assert out.decode().startswith("line,path,subject,issuer,siren,status")


def test_subject_alone_in_single_mode(syndic: Any) -> None:
    subject = openssl_name(syndic.cert_path, "subject")
    result = run_certkit("dn-match", syndic.cert_path, "--subject", subject, "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["subject"]["status"] == "exact" and data["issuer"] is None
    human = run_certkit("dn-match", syndic.cert_path, "--issuer", "CN=nope,C=FR")
    assert human.returncode == 1 and "Subject DN" not in human.stdout


def excel_rows(syndic: Any) -> tuple[list[str], list[list[str]]]:
    subject = openssl_name(syndic.cert_path, "subject")
    issuer = openssl_name(syndic.cert_path, "issuer")
    header = ["Gestionnaire", "path", "subject", "issuer", "siren", "Commentaire"]
    return header, [
        ["Régie Dupont", "syndic.pem", subject, issuer, SIREN, "envoyé le 3/11"],
        ["Régie Dupont", "syndic.pem", subject.replace("\\,", ","), issuer, SIREN, "à revoir"],
    ]


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(";", "utf-8", True), (";", "cp1252", False), ("\t", "utf-8", False)],
)
def test_batch_reads_what_french_excel_saves_and_keeps_the_columns(
    syndic: Any, tmp_path: Path, delimiter: str, encoding: str, bom: bool
) -> None:
    header, rows = excel_rows(syndic)
    (tmp_path / "syndic.pem").write_bytes(syndic.cert_path.read_bytes())
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    path = tmp_path / "saisies.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    result = run_certkit("dn-match", "--batch", path, "--excel", "-o", tmp_path / "resultats.csv")
    assert result.returncode == 1, result.stderr  # the second row lost its escape
    written = (tmp_path / "resultats.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and b"\r\n" in written
    table = list(csv.reader(io.StringIO(written.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:7] == ["line", *header]  # the input columns, in their place
    assert table[1][1] == "Régie Dupont" and table[1][6] == "envoyé le 3/11"
    assert table[1][3] == rows[0][2]  # the submitted subject beside the results
    assert table[1][7:10] == ["ok", "exact", "exact"]
    assert table[2][7:9] == ["attention", "mismatch"]
    assert table[2][-1].startswith("Subject DN: ") and "lost its backslash" in table[2][-1]
    # a CSV that is not UTF-8 is read as Windows-1252, and the user is told so
    said = "saisies.csv is not UTF-8: read as Windows-1252"
    assert (said in result.stderr) == (encoding == "cp1252"), result.stderr


def test_batch_xlsx_in_and_out(syndic: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    header, rows = excel_rows(syndic)
    (tmp_path / "syndic.pem").write_bytes(syndic.cert_path.read_bytes())
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append([*row[:4], int(row[4]), row[5]])  # the SIREN typed as a number
    workbook.save(tmp_path / "saisies.xlsx")
    result = run_certkit(
        "dn-match", "--batch", tmp_path / "saisies.xlsx", "-o", tmp_path / "resultats.xlsx"
    )
    assert result.returncode == 1, result.stderr
    values = list(
        load_workbook(tmp_path / "resultats.xlsx").worksheets[0].iter_rows(values_only=True)
    )
    assert list(values[0][:7]) == ["line", *header]
    assert values[1][7:11] == ("ok", "exact", "exact", "match")
    assert values[2][7] == "attention"
    as_json = run_certkit("dn-match", "--batch", tmp_path / "saisies.xlsx", "--json")
    data = json.loads(as_json.stdout)
    assert data["rows"][0]["submitted"]["Commentaire"] == "envoyé le 3/11"
    assert data["summary"] == {"rows": 2, "ok": 1, "attention": 1, "error": 0}


def test_batch_certificate_column_and_wrong_separator(syndic: Any, tmp_path: Path) -> None:
    subject = openssl_name(syndic.cert_path, "subject")
    path = write_csv(
        tmp_path / "inline.csv",
        [[syndic.cert_path.read_text(), subject]],
        header=["certificate", "subject"],
    )
    result = run_certkit("dn-match", "--batch", path, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"][0]["subject"]["status"] == "exact"
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("path;subject;issuer\nsyndic.pem;CN=x;CN=y\n")
    wrong = run_certkit("dn-match", "--batch", semicolons, "--delimiter", ",", "--lang", "fr")
    assert wrong.returncode == 2
    assert "séparé par des points-virgules" in wrong.stderr and "--delimiter ';'" in wrong.stderr
