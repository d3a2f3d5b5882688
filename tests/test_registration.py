"""`certkit registration`: the strings to paste into the registry form, checked against openssl."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    pkcs12,
)

from tests.helpers import run_certkit

SIREN = "433998903"  # Certinomis, from the French trusted list: a real, valid SIREN


def openssl_name(path: Path, which: str, nameopt: str = "RFC2253,-esc_msb") -> str:
    out = subprocess.run(
        ["openssl", "x509", "-in", str(path), "-noout", f"-{which}", "-nameopt", nameopt],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    prefix = f"{which}="
    assert out.startswith(prefix)
    return out[len(prefix) :].rstrip("\n")


@pytest.fixture
def syndic(certkit_issue: Callable[..., Any]) -> Any:
    return certkit_issue("rgs1-server-client", siren=SIREN, org="SYNDIC EXEMPLE, SAS")


def test_prints_each_value_on_its_own_line_as_openssl_writes_it(syndic: Any) -> None:
    result = run_certkit("registration", syndic.cert_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "DN Certificat client"
    assert lines[1] == openssl_name(syndic.cert_path, "subject")
    assert lines[3] == "DN Emetteur Certificat"
    assert lines[4] == openssl_name(syndic.cert_path, "issuer")
    assert lines[6:8] == ["SIREN", SIREN]
    assert "SYNDIC EXEMPLE\\, SAS" in lines[1]
    # the escaped comma is worth a warning, on stderr so stdout stays copy-ready
    assert "\\," in result.stderr and "backslash" in result.stderr


def test_json_output(syndic: Any) -> None:
    result = run_certkit("registration", syndic.cert_path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["subject_dn"] == openssl_name(syndic.cert_path, "subject")
    assert data["issuer_dn"] == openssl_name(syndic.cert_path, "issuer")
    assert data["dn_format"] == "rfc4514"
    assert (data["siren"], data["siret"], data["siren_source"]) == (
        SIREN,
        None,
        "organizationIdentifier",
    )
    assert [f["code"] for f in data["findings"]] == [
        "registration.escapes",
        "registration.import_recommended",
    ]


@pytest.mark.parametrize(
    ("fmt", "nameopt"), [("openssl", "compat"), ("oneline", "oneline,-esc_msb")]
)
def test_other_dn_formats_match_openssl(syndic: Any, fmt: str, nameopt: str) -> None:
    data = json.loads(
        run_certkit("registration", syndic.cert_path, "--json", "--dn-format", fmt).stdout
    )
    assert data["dn_format"] == fmt
    assert data["subject_dn"] == openssl_name(syndic.cert_path, "subject", nameopt)
    assert data["issuer_dn"] == openssl_name(syndic.cert_path, "issuer", nameopt)


def test_default_format_comes_from_the_profile(syndic: Any, tmp_path: Path) -> None:
    from certkit.policy import profiles_dir

    text = (profiles_dir() / "registre-coproprietes.toml").read_text(encoding="utf-8")
    custom = tmp_path / "legacy-registry.toml"
    custom.write_text(
        text.replace('dn_format = "rfc4514"', 'dn_format = "openssl"').replace(
            'name = "registre-coproprietes"', 'name = "legacy-registry"'
        ),
        encoding="utf-8",
    )
    data = json.loads(
        run_certkit("registration", syndic.cert_path, "--json", "--profile", custom).stdout
    )
    assert data["dn_format"] == "openssl"
    assert data["subject_dn"] == openssl_name(syndic.cert_path, "subject", "compat")


def test_ou_0002_certificate(certkit_issue: Callable[..., Any]) -> None:
    issued = certkit_issue("rgs1-server-client-ou0002", siren=SIREN)
    data = json.loads(run_certkit("registration", issued.cert_path, "--json").stdout)
    assert (data["siren"], data["siren_source"]) == (SIREN, "OU")
    assert f"OU=0002 {SIREN}" in data["subject_dn"]


def test_certificate_without_siren(certkit_issue: Callable[..., Any]) -> None:
    issued = certkit_issue("no-siren")
    result = run_certkit("registration", issued.cert_path)
    assert result.returncode == 0
    assert "no valid SIREN found" in result.stdout
    assert (
        json.loads(run_certkit("registration", issued.cert_path, "--json").stdout)["siren"] is None
    )


def test_warns_about_values_easy_to_mistype(certkit_issue: Callable[..., Any]) -> None:
    issued = certkit_issue("rgs1-server-client", siren=SIREN, org="Société  Générale ")
    result = run_certkit("registration", issued.cert_path, "--json")
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert {"registration.value_spaces", "registration.non_ascii"} <= codes
    human = run_certkit("registration", issued.cert_path)
    assert "é" in human.stdout.splitlines()[1]
    assert "non-ASCII characters (é)" in human.stderr
    assert "spaces at the start, at the end or doubled" in human.stderr


def test_french_locale(syndic: Any) -> None:
    result = run_certkit("registration", syndic.cert_path, env={"LANG": "fr_FR.UTF-8"})
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "DN Certificat client"
    assert "gardez les barres obliques inverses" in result.stderr


def test_pkcs12_with_password_file_never_prints_the_key(syndic: Any, tmp_path: Path) -> None:
    p12 = tmp_path / "syndic.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"syndic",
            syndic.private_key,
            syndic.certificate,
            list(syndic.chain),
            BestAvailableEncryption(b"s3cret"),
        )
    )
    secret = tmp_path / "pw.txt"
    secret.write_text("s3cret\n")
    result = run_certkit("registration", p12, "--password-file", secret)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == openssl_name(syndic.cert_path, "subject")
    key_pem = syndic.private_key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, serialization_none()
    ).decode()
    assert "PRIVATE KEY" not in result.stdout + result.stderr
    assert key_pem.splitlines()[1] not in result.stdout + result.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope\n")
    bad = run_certkit("registration", p12, "--password-file", wrong)
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def serialization_none() -> Any:
    from cryptography.hazmat.primitives.serialization import NoEncryption

    return NoEncryption()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"hello, not a certificate\n", "certificate"),
        (b"", ""),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "input.pem"
    if content is not None:
        path.write_bytes(content)
    result = run_certkit("registration", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr and expected in result.stderr


def test_unknown_profile_is_bad_input(syndic: Any) -> None:
    result = run_certkit("registration", syndic.cert_path, "--profile", "nope")
    assert result.returncode == 2
    assert "nope" in result.stderr and "Traceback" not in result.stderr


def test_chain_file_uses_the_leaf(syndic: Any, tmp_path: Path) -> None:
    both = tmp_path / "full.pem"
    both.write_bytes(syndic.cert_path.read_bytes() + syndic.chain_path.read_bytes())
    data = json.loads(run_certkit("registration", both, "--json").stdout)
    assert data["subject_dn"] == openssl_name(syndic.cert_path, "subject")


def test_file_with_a_private_key_gets_a_warning_and_the_key_stays_hidden(
    syndic: Any, tmp_path: Path
) -> None:
    combined = tmp_path / "with-key.pem"
    key_pem = syndic.key_path.read_bytes()
    combined.write_bytes(key_pem + syndic.cert_path.read_bytes())
    result = run_certkit("registration", combined)
    assert result.returncode == 0
    assert "also holds the private key" in result.stderr
    assert f"certkit export {combined} -o to-upload.pem" in result.stderr
    body = key_pem.decode().splitlines()[1]
    assert body not in result.stdout + result.stderr
    data = json.loads(run_certkit("registration", combined, "--json").stdout)
    assert data["findings"][0]["code"] == "registration.file_has_private_key"
    assert body not in json.dumps(data)


def keytool_name(path: Path, which: str) -> str:
    """The DN as Java's keytool prints it (Owner:/Issuer: lines), independent of certkit."""
    out = subprocess.run(
        ["keytool", "-printcert", "-file", str(path)],
        capture_output=True,
        check=True,
        env={
            "LANG": "C.UTF-8",
            "PATH": "/usr/bin:/bin",
            "JAVA_TOOL_OPTIONS": "-Dfile.encoding=UTF-8",
        },
    ).stdout.decode("utf-8")
    label = {"subject": "Owner: ", "issuer": "Issuer: "}[which]
    return next(line[len(label) :] for line in out.splitlines() if line.startswith(label))


@pytest.mark.parametrize(
    "org", ["SYNDIC EXEMPLE, SAS", "Systèmes & Cie", "espaces  doubles", 'Le "Syndic"']
)
def test_java_dn_format_is_what_keytool_prints(certkit_issue: Callable[..., Any], org: str) -> None:
    issued = certkit_issue("rgs1-server-client", siren=SIREN, org=org)
    data = json.loads(
        run_certkit("registration", issued.cert_path, "--json", "--dn-format", "java").stdout
    )
    assert data["subject_dn"] == keytool_name(issued.cert_path, "subject")
    assert data["issuer_dn"] == keytool_name(issued.cert_path, "issuer")
    assert "OID.2.5.4.97=NTRFR-" in data["subject_dn"]


def test_openssl_utf8_is_the_slash_form_with_characters_kept(
    certkit_issue: Callable[..., Any],
) -> None:
    issued = certkit_issue("rgs1-server-client", siren=SIREN, org="Systèmes Île-de-France")
    data = json.loads(
        run_certkit(
            "registration", issued.cert_path, "--json", "--dn-format", "openssl-utf8"
        ).stdout
    )
    # openssl's compat form writes each byte above 0x7F as \xHH; read back as UTF-8 bytes, it
    # is the form with the characters kept.
    legacy = openssl_name(issued.cert_path, "subject", "compat")
    decoded = re.sub(
        r"(?:\\x[0-9A-F]{2})+",
        lambda m: bytes.fromhex(m.group(0).replace("\\x", "")).decode("utf-8"),
        legacy,
    )
    assert data["subject_dn"] == decoded
    assert "/O=Systèmes Île-de-France/" in data["subject_dn"]


def test_chain_only_file_is_refused_with_the_reason(syndic: Any) -> None:
    # The chain the CA delivers beside the certificate: its CA certificates only.
    result = run_certkit("registration", syndic.chain_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "holds only the chain (CA certificates, 2 in all), not your certificate" in (
        result.stderr
    )
    export = run_certkit("export", syndic.chain_path, "-o", str(syndic.chain_path) + ".out")
    assert export.returncode == 2
    assert "holds only the chain" in export.stderr
    assert not Path(str(syndic.chain_path) + ".out").exists()
    picked = run_certkit(
        "export", syndic.chain_path, "--index", "1", "-o", str(syndic.chain_path) + ".one"
    )
    assert picked.returncode == 0, picked.stderr


def test_registration_recommends_importing_the_pem(syndic: Any) -> None:
    result = run_certkit("registration", syndic.cert_path, "--lang", "fr")
    assert "utilisez «\u202fImporter certificat\u202f»" in result.stderr
    assert "Après un renouvellement, importez le nouveau certificat" in result.stderr
