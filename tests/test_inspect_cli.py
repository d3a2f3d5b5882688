"""`certkit inspect` and `certkit export` as users run them (real subprocesses)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from cryptography.x509.oid import NameOID

from tests.certs import make_cert, make_chain, name
from tests.helpers import run_certkit

ROOT, INTER, LEAF = make_chain()


def openssl_field(path: Path, *args: str) -> str:
    out = subprocess.run(
        ["openssl", "x509", "-in", str(path), "-noout", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.rstrip("\n")
    return out.split("=", 1)[1] if "=" in out else out


@pytest.fixture
def chain_pem(tmp_path: Path) -> Path:
    path = tmp_path / "chain.pem"
    path.write_bytes(b"".join(m.cert.public_bytes(Encoding.PEM) for m in (LEAF, INTER, ROOT)))
    return path


def test_inspect_json_shape_and_values_agree_with_openssl(tmp_path: Path, chain_pem: Path) -> None:
    result = run_certkit("inspect", "--json", chain_pem)
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)  # one input, one object
    assert entry["path"] == str(chain_pem)
    assert entry["format"] == "pem"
    assert entry["has_private_key"] is False
    certs = entry["certificates"]
    assert [c["is_leaf"] for c in certs] == [True, False, False]
    assert [c["is_ca"] for c in certs] == [False, True, True]
    leaf_file = tmp_path / "leaf.pem"
    leaf_file.write_bytes(LEAF.cert.public_bytes(Encoding.PEM))
    leaf = certs[0]
    assert (
        leaf["sha256"]
        == openssl_field(leaf_file, "-fingerprint", "-sha256").replace(":", "").lower()
    )
    assert leaf["serial_hex"] == openssl_field(leaf_file, "-serial").lower().lstrip("0")
    assert leaf["subject"]["rfc4514"] == openssl_field(
        leaf_file, "-subject", "-nameopt", "RFC2253,-esc_msb"
    )
    assert leaf["subject"]["openssl"] == "/C=FR/O=SYNDIC EXEMPLE/CN=syndic-exemple"
    assert leaf["key"] == {"type": "EC", "bits": 256, "curve": "secp256r1"}
    assert leaf["extended_key_usage"] == ["client_auth"]
    assert leaf["signature_algorithm"] == "ecdsa-with-SHA256"
    assert leaf["not_after"] == LEAF.cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert 363 <= leaf["days_left"] <= 365
    assert leaf["policies"] == []


TRICKY = [
    ("comma", name((NameOID.ORGANIZATION_NAME, "SYNDIC EXEMPLE, SAS"), (NameOID.COMMON_NAME, "a"))),
    ("plus", name((NameOID.COMMON_NAME, "a+b"))),
    ("hash", name((NameOID.COMMON_NAME, "#hash"))),
    ("spaces", name((NameOID.COMMON_NAME, " lead and trail "))),
    ("utf8", name((NameOID.ORGANIZATION_NAME, "Société Générale Copropriétés"))),
    (
        "multivalued",
        x509.Name(
            [
                x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR")]),
                x509.RelativeDistinguishedName(
                    [
                        x509.NameAttribute(NameOID.COMMON_NAME, "x"),
                        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "0002 552100554"),
                    ]
                ),
            ]
        ),
    ),
    (
        "bmp_and_email",
        x509.Name(
            [
                x509.NameAttribute(
                    NameOID.ORGANIZATION_NAME, "Copro Été", x509.name._ASN1Type.BMPString
                ),
                x509.NameAttribute(NameOID.EMAIL_ADDRESS, "syndic@example.fr"),
                x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, "NTRFR-552100554"),
            ]
        ),
    ),
]


@pytest.mark.parametrize(("case", "subject"), TRICKY, ids=[c for c, _ in TRICKY])
def test_dn_strings_agree_with_openssl(tmp_path: Path, case: str, subject: x509.Name) -> None:
    cert = make_cert(subject).cert
    path = tmp_path / f"{case}.pem"
    path.write_bytes(cert.public_bytes(Encoding.PEM))
    result = run_certkit("inspect", "--json", path)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)["certificates"][0]
    expected = openssl_field(path, "-subject", "-nameopt", "RFC2253,-esc_msb")
    assert got["subject"]["rfc4514"] == expected
    assert got["issuer"]["rfc4514"] == expected  # self-signed


def test_bad_files_are_reported_and_good_ones_still_shown(tmp_path: Path, chain_pem: Path) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_bytes(b"")
    result = run_certkit("inspect", "--json", empty, chain_pem, tmp_path / "missing.cer")
    assert result.returncode == 2
    entries = json.loads(result.stdout)
    assert [e.get("error", {}).get("code") for e in entries] == [
        "sources.empty",
        None,
        "sources.not_found",
    ]
    assert len(entries[1]["certificates"]) == 3
    assert "Traceback" not in result.stderr
    assert str(empty) in result.stderr and "missing.cer" in result.stderr


def test_human_output_in_french_and_english(chain_pem: Path) -> None:
    fr = run_certkit("inspect", chain_pem, env={"LANG": "fr_FR.UTF-8"})
    assert fr.returncode == 0
    assert "Sujet" in fr.stdout and "Émetteur" in fr.stdout and "certificat final" in fr.stdout
    en = run_certkit("inspect", "--lang", "en", chain_pem, env={"LANG": "fr_FR.UTF-8"})
    assert "Subject" in en.stdout and "end-entity (leaf)" in en.stdout
    assert "O=SYNDIC EXEMPLE" in en.stdout


def test_usages_read_in_words_with_their_codes(tmp_path: Path) -> None:
    unnamed = x509.ObjectIdentifier("1.3.6.1.4.1.32473.9.9")  # an EKU certkit has no name for
    leaf = make_cert(
        name((NameOID.COMMON_NAME, "usages")),
        INTER,
        eku=(x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH, unnamed),
        extra=(x509.KeyUsage(True, False, True, False, False, False, False, False, False),),
    )
    path = tmp_path / "usages.pem"
    path.write_bytes(leaf.cert.public_bytes(Encoding.PEM))
    fr = run_certkit("inspect", path, "--lang", "fr").stdout
    assert "signature numérique (digital_signature), chiffrement de clé (key_encipherment)" in fr
    assert "authentification client TLS (client_auth), 1.3.6.1.4.1.32473.9.9" in fr
    en = run_certkit("inspect", path, "--lang", "en").stdout
    assert "TLS client authentication (client_auth)" in en
    # JSON keeps the codes alone
    data = json.loads(run_certkit("inspect", path, "--json").stdout)
    assert data["certificates"][0]["extended_key_usage"] == ["client_auth", "1.3.6.1.4.1.32473.9.9"]


@pytest.fixture
def p12(tmp_path: Path) -> Path:
    path = tmp_path / "client.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"client",
            LEAF.key,
            LEAF.cert,
            [INTER.cert],
            serialization.BestAvailableEncryption(b"motdepasse"),
        )
    )
    return path


def test_pkcs12_password_sources(tmp_path: Path, p12: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("motdepasse\n")
    by_file = run_certkit("inspect", "--json", "--password-file", secret, p12)
    assert by_file.returncode == 0, by_file.stderr
    assert json.loads(by_file.stdout)["has_private_key"] is True
    by_env = run_certkit(
        "inspect", "--json", "--password-env", "P12PW", p12, env={"P12PW": "motdepasse"}
    )
    assert by_env.returncode == 0
    bare = run_certkit("inspect", "--json", "--password", "motdepasse", p12)
    assert bare.returncode == 0 and "shell history" in bare.stderr
    wrong = run_certkit("inspect", "--password-env", "P12PW", p12, env={"P12PW": "nope"})
    assert wrong.returncode == 2
    assert wrong.stderr.count("\n") == 1 and "wrong PKCS#12 password" in wrong.stderr
    none = run_certkit("inspect", p12)
    assert none.returncode == 2 and "--password-file" in none.stderr


def test_inspect_reads_stdin() -> None:
    result = run_certkit("inspect", "--json", "-", input=LEAF.cert.public_bytes(Encoding.DER))
    assert result.returncode == 0
    assert json.loads(result.stdout)["format"] == "der"


def test_export_writes_leaf_without_key_and_refuses_to_overwrite(tmp_path: Path, p12: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("motdepasse")
    out = tmp_path / "upload.pem"
    result = run_certkit("export", p12, "-o", out, "--password-file", secret)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert b"PRIVATE KEY" not in data
    assert x509.load_pem_x509_certificates(data) == [LEAF.cert]
    again = run_certkit("export", p12, "-o", out, "--password-file", secret, "--chain")
    assert again.returncode == 2 and "--force" in again.stderr
    assert out.read_bytes() == data
    forced = run_certkit("export", p12, "-o", out, "--password-file", secret, "--chain", "--force")
    assert forced.returncode == 0
    assert x509.load_pem_x509_certificates(out.read_bytes()) == [LEAF.cert, INTER.cert]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client.p12", "pw.txt", "upload.pem"]


def test_export_bad_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nMIIB\n")
    out = tmp_path / "out.pem"
    result = run_certkit("export", bad, "-o", out)
    assert result.returncode == 2
    assert "truncated" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_version_and_python_m() -> None:
    import sys

    assert run_certkit("--version").stdout.startswith("certkit, version ")
    module = subprocess.run(
        [sys.executable, "-m", "certkit", "--version"], capture_output=True, text=True, check=False
    )
    assert module.returncode == 0 and "certkit" in module.stdout


def run_in_terminal(command: list[str], typed: bytes = b"") -> str:
    """Run ``command`` on a real pseudo-terminal (util-linux `script`), typing ``typed``."""
    import shlex
    import time

    proc = subprocess.Popen(
        ["script", "-qec", shlex.join(command), "/dev/null"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "TERM": "xterm", "COLUMNS": "60"},
    )
    assert proc.stdin is not None
    time.sleep(1.0)  # let the program reach its prompt before typing
    proc.stdin.write(typed)
    proc.stdin.flush()
    out, _ = proc.communicate(timeout=60)
    return out.decode("utf-8", "replace")


def test_password_prompt_on_a_terminal_hides_nothing_of_the_key(p12: Path) -> None:
    from tests.helpers import CERTKIT

    screen = run_in_terminal([CERTKIT, "inspect", str(p12)], b"motdepasse\n")
    assert f"Password for {p12}" in screen
    assert "motdepasse" not in screen  # hidden input, never echoed
    assert "holds a private key (EC)" in screen
    assert "PRIVATE KEY" not in screen


def test_terminal_output_keeps_long_dns_on_one_line(tmp_path: Path) -> None:
    from tests.helpers import CERTKIT

    long_org = "SYNDIC DE COPROPRIETE AU NOM TRES LONG POUR UN TERMINAL ETROIT, SAS"
    cert = make_cert(name((NameOID.ORGANIZATION_NAME, long_org))).cert
    path = tmp_path / "long.pem"
    path.write_bytes(cert.public_bytes(Encoding.PEM))
    screen = run_in_terminal([CERTKIT, "inspect", str(path)])
    assert "\x1b[" in screen  # coloured on a terminal
    subject_lines = [line for line in screen.splitlines() if "Subject" in line]
    assert (
        subject_lines
        and "O=SYNDIC DE COPROPRIETE AU NOM TRES LONG POUR UN TERMINAL ETROIT\\, SAS"
        in subject_lines[0]
    )
