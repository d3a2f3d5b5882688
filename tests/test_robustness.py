"""Inputs that once made certkit exit 3 ("internal error") get one clear line and exit 2, or work.

Each case is the offending input itself: a DN with a byte that is not UTF-8 on the command line,
trusted lists with odd text (a DEL, a line break before "-----BEGIN", an OID that is not one),
a catalogue whose ``policy`` is not an array of tables.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.corpus import TRUSTED_LISTS
from tests.helpers import run_certkit
from tests.rawcert import certificate, pem

TL = TRUSTED_LISTS / "tl-fr-seq112.xml"


def one_error_line(result: object, code: int = 2) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("certkit: "), lines
    assert "internal error" not in lines[0]
    return lines[0]


def test_a_dn_argument_with_a_byte_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "c.pem"
    path.write_bytes(pem(certificate()))
    subject = os.fsdecode(b"CN=certkit raw\xff,C=FR")  # what Python makes of the shell's bytes
    result = run_certkit("dn-match", path, "--subject", subject, "--issuer", "CN=x", "--json")
    assert result.returncode == 1, result.stderr
    assert "not UTF-8" in result.stdout
    batch = tmp_path / "rows.csv"
    # \xff is "ÿ" in Windows-1252, what French Excel saves: the row is read and compared.
    batch.write_bytes(b"path,subject,issuer\nc.pem,CN=\xff,CN=x\n")
    result = run_certkit("dn-match", "--batch", batch)
    assert result.returncode == 1, result.stderr
    assert "CN=\u00ff,CN=x,attention,mismatch" in result.stdout
    # \x81 is no character in Windows-1252 either: one line naming the file, exit 2.
    batch.write_bytes(b"path,subject,issuer\nc.pem,CN=\x81,CN=x\n")
    assert "rows.csv" in one_error_line(run_certkit("dn-match", "--batch", batch))


def mutated_list(tmp_path: Path, old: bytes, new: bytes) -> Path:
    data = TL.read_bytes()
    assert old in data
    path = tmp_path / "tl.xml"
    path.write_bytes(data.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A DEL in the operator's name went into a TOML comment, which TOML forbids.
        (b"<SchemeOperatorName>", b"<SchemeOperatorName><Name xml:lang='fr'>Op\x7fX</Name>"),
        # A line break then "-----BEGIN" in a provider name went into the CA store as a block.
        (b"<TSPName>", b"<TSPName><Name xml:lang='en'>Evil\n-----BEGIN CERTIFICATE-----\n</Name>"),
        (b"<TSPName>", b'<TSPName><Name xml:lang="en">quote " backslash \\ tab \t</Name>'),
    ],
)
def test_odd_text_in_a_trusted_list_gives_a_catalogue_check_loads(
    tmp_path: Path, old: bytes, new: bytes
) -> None:
    source = mutated_list(tmp_path, old, new)
    out = tmp_path / "out"
    imported = run_certkit("policy", "import-tl", source, "-o", out, timeout=120)
    assert imported.returncode == 0, imported.stderr
    cert = tmp_path / "c.pem"
    cert.write_bytes(pem(certificate()))
    checked = run_certkit("check", cert, "--catalogue", out, timeout=120)
    assert checked.returncode == 1, checked.stderr  # a verdict (fail), not a refused catalogue
    assert "Verdict" in checked.stdout


@pytest.mark.parametrize("oid", ["1.2.x", "1.2.²", "1..2", "urn:oid:1.2 3"])
def test_a_policy_oid_that_is_not_one_is_refused_at_import(tmp_path: Path, oid: str) -> None:
    data = TL.read_bytes()
    first = data.index(b"<ns4:Identifier>")
    start = data.index(b">", first) + 1
    end = data.index(b"</", start)
    path = tmp_path / "tl.xml"
    path.write_bytes(data[:start] + oid.encode() + data[end:])
    line = one_error_line(run_certkit("policy", "import-tl", path, "-o", tmp_path / "o"))
    assert "is not a policy OID" in line
    assert not (tmp_path / "o" / "catalogue.toml").exists()


@pytest.mark.parametrize(
    "text",
    ["policy = 5\n", "arc = 'x'\n", '[[policy]]\noid = "1.2.²"\nprovider = "p"\nusage = "x"\n'],
)
def test_a_malformed_catalogue_is_one_line(tmp_path: Path, text: str) -> None:
    catalogue = tmp_path / "cat.toml"
    catalogue.write_text(text, encoding="utf-8")
    cert = tmp_path / "c.pem"
    cert.write_bytes(pem(certificate()))
    line = one_error_line(run_certkit("check", cert, "--catalogue", catalogue))
    assert "cat.toml" in line
