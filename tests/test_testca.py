"""certkit.testca library: CA directory, keys, SIRENs, overrides, custom profiles, PKCS#12."""

from __future__ import annotations

import datetime as dt
import json
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from certkit.errors import InputError
from certkit.testca import TestCA, is_valid_siren, load_profile, random_siren


def openssl(*args: str | Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
        input=input,
    )


def luhn(number: str) -> bool:
    """Independent Luhn check: double every second digit from the right, sum the digits."""
    digits = [int(c) for c in number]
    for i in range(len(digits) - 2, -1, -2):
        digits[i] = sum(divmod(digits[i] * 2, 10))
    return sum(digits) % 10 == 0


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def ca(tmp_path: Path) -> TestCA:
    return TestCA.init(tmp_path / "ca")


def test_init_writes_manifest_keys_0600_and_chain(ca: TestCA) -> None:
    manifest = json.loads((ca.directory / "certkit-ca.json").read_text())
    for role, name in manifest["files"].items():
        if role != "crl":
            assert (ca.directory / name).is_file(), role
    assert mode(ca.directory / "root.key") == 0o600
    assert mode(ca.directory / "intermediate.key") == 0o600
    assert mode(ca.directory / "root.pem") == 0o644
    # the key files hold the keys of the certificates next to them
    for stem in ("root", "intermediate"):
        from_key = openssl("pkey", "-in", ca.directory / f"{stem}.key", "-pubout").stdout
        from_cert = openssl("x509", "-in", ca.directory / f"{stem}.pem", "-noout", "-pubkey").stdout
        assert from_key and from_key == from_cert
    reopened = TestCA.open(ca.directory)
    assert reopened.root == ca.root and reopened.intermediate == ca.intermediate
    assert reopened.chain == (ca.intermediate, ca.root)


def test_init_refuses_a_non_empty_directory_and_a_file(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("keep me")
    with pytest.raises(InputError) as busy:
        TestCA.init(tmp_path / "busy")
    assert busy.value.code == "testca.dir_not_empty"
    assert str(tmp_path / "busy") in busy.value.message("en")
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError) as is_file:
        TestCA.init(tmp_path / "file")
    assert is_file.value.code == "testca.dir_is_file"
    with pytest.raises(InputError) as key_type:
        TestCA.init(tmp_path / "new", key_type="dsa-1024")
    assert key_type.value.code == "testca.key_type_unknown"


def test_open_says_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        TestCA.open(tmp_path)
    assert missing.value.code == "testca.not_a_ca"
    assert "certkit testca init" in missing.value.message("en")
    (tmp_path / "certkit-ca.json").write_text("{not json")
    with pytest.raises(InputError) as broken:
        TestCA.open(tmp_path)
    assert broken.value.code == "testca.manifest_invalid"


def test_siren_validation_and_random_sirens(ca: TestCA) -> None:
    assert is_valid_siren("732829320") and luhn("732829320")
    assert not is_valid_siren("732829321")
    assert not is_valid_siren("73282932")
    drawn = {random_siren() for _ in range(300)}
    assert len(drawn) > 290
    assert all(len(s) == 9 and s.isdigit() and luhn(s) for s in drawn)
    with pytest.raises(InputError) as required:
        ca.issue("rgs1-server-client")
    assert required.value.code == "testca.siren_required"
    with pytest.raises(InputError) as bad:
        ca.issue("rgs1-server-client", "732829321")
    assert bad.value.code == "testca.siren_luhn"
    with pytest.raises(InputError) as short:
        ca.issue("rgs1-server-client", "12345")
    assert short.value.code == "testca.siren_format"
    forced = ca.issue("rgs1-server-client", "732829321", allow_invalid_siren=True)
    org_id = forced.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)
    assert org_id[0].value == "NTRFR-732829321"
    random_one = ca.issue("rgs1-server-client", "random")
    assert random_one.siren is not None and luhn(random_one.siren)
    org_id = random_one.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)
    assert org_id[0].value == f"NTRFR-{random_one.siren}"


def test_issue_without_out_writes_nothing_but_is_recorded(ca: TestCA) -> None:
    before = sorted(p.name for p in ca.directory.iterdir())
    issued = ca.issue("no-siren")
    assert issued.cert_path is None and issued.key_path is None
    assert sorted(p.name for p in ca.directory.iterdir()) == before
    records = TestCA.open(ca.directory).list()
    assert [r.serial for r in records] == [issued.serial]
    assert records[0].profile == "no-siren"
    assert records[0].subject == "CN=SYNDIC EXEMPLE,O=SYNDIC EXEMPLE,C=FR"
    assert records[0].not_after == issued.certificate.not_valid_after_utc
    assert not records[0].revoked


def test_issue_writes_files_refuses_overwrite_and_keeps_key_private(
    ca: TestCA, tmp_path: Path
) -> None:
    issued = ca.issue("rgs1-server-client", "732829320", out=tmp_path / "syndic")
    assert issued.cert_path == tmp_path / "syndic.pem"
    assert issued.chain_path == tmp_path / "syndic-chain.pem"
    assert issued.key_path == tmp_path / "syndic.key"
    assert mode(tmp_path / "syndic.key") == 0o600
    assert b"PRIVATE KEY" not in (tmp_path / "syndic.pem").read_bytes()
    assert b"PRIVATE KEY" not in (tmp_path / "syndic-chain.pem").read_bytes()
    from_key = openssl("pkey", "-in", tmp_path / "syndic.key", "-pubout").stdout
    from_cert = openssl("x509", "-in", tmp_path / "syndic.pem", "-noout", "-pubkey").stdout
    assert from_key == from_cert
    assert "PRIVATE" not in repr(issued)
    count = len(ca.list())
    old = (tmp_path / "syndic.pem").read_bytes()
    with pytest.raises(InputError) as exists:
        ca.issue("rgs1-server-client", "732829320", out=tmp_path / "syndic")
    assert exists.value.code == "testca.output_exists"
    assert (tmp_path / "syndic.pem").read_bytes() == old
    assert len(ca.list()) == count  # a refused issuance is not recorded
    again = ca.issue("rgs1-server-client", "732829320", out=tmp_path / "syndic", force=True)
    assert (tmp_path / "syndic.pem").read_bytes() == again.cert_pem() != old


def test_overrides_cn_org_days_key_type_and_extra_subject(ca: TestCA) -> None:
    issued = ca.issue(
        "rgs1-server-client",
        "732829320",
        cn="WS copro",
        org="CABINET DURAND, SAS",
        days=90,
        key_type="rsa-2048",
        extra_subject=[("L", "Lyon")],
    )
    cert = issued.certificate
    assert cert.subject.rfc4514_string() == (
        "L=Lyon,CN=WS copro,2.5.4.97=NTRFR-732829320,O=CABINET DURAND\\, SAS,C=FR"
    )
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == dt.timedelta(days=90)
    assert cert.public_key().key_size == 2048  # type: ignore[union-attr]
    start = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    fixed = ca.issue(
        "rgs1-server-client", "732829320", not_before=start, not_after=start + dt.timedelta(days=3)
    )
    assert fixed.certificate.not_valid_before_utc == start
    assert fixed.certificate.not_valid_after_utc == start + dt.timedelta(days=3)
    with pytest.raises(InputError) as inverted:
        ca.issue("rgs1-server-client", "732829320", not_before=start, not_after=start)
    assert inverted.value.code == "testca.validity_inverted"


def test_custom_profile_file_and_profile_dir(ca: TestCA, tmp_path: Path) -> None:
    mine = tmp_path / "profiles"
    mine.mkdir()
    (mine / "vendor-client.toml").write_text(
        """
description = "Vendor: client-only certificate with a SIRET serialNumber and an IP SAN"
siren_required = true
subject = [
  ["C", "FR"],
  ["O", "{org}"],
  ["OU", "0002 {siren}"],
  ["OU", "Service informatique"],
  ["serialNumber", "{siren}00017"],
  ["CN", "{cn}"],
]
[defaults]
org = "EDITEUR LOGICIEL"
cn = "client {siren}"
[key]
type = "ec-p384"
[signature]
hash = "sha384"
[validity]
days = 30
[extensions]
key_usage = { values = ["digital_signature"], critical = false }
extended_key_usage = { values = ["client_auth"], critical = true }
certificate_policies = { oids = ["1.2.3.4"], critical = false }
subject_alt_name = { ip = ["127.0.0.1"], dns = ["client-{siren}.test"] }
authority_info_access = false
crl_distribution_points = false
""",
        encoding="utf-8",
    )
    issued = ca.issue("vendor-client", "732829320", profile_dirs=[mine])
    cert = issued.certificate
    subject = openssl(
        "x509", "-noout", "-subject", "-nameopt", "RFC2253", input=issued.cert_pem().decode()
    ).stdout
    assert subject == (
        "subject=CN=client 732829320,serialNumber=73282932000017,OU=Service informatique,"
        "OU=0002 732829320,O=EDITEUR LOGICIEL,C=FR\n"
    )
    text = openssl("x509", "-noout", "-text", input=issued.cert_pem().decode()).stdout
    assert (
        "X509v3 Extended Key Usage: critical\n                TLS Web Client Authentication\n"
        in (text)
    )
    assert "IP Address:127.0.0.1" in text and "DNS:client-732829320.test" in text
    assert "Authority Information Access" not in text
    assert "CRL Distribution Points" not in text
    assert "X509v3 Basic Constraints" not in text
    assert "ecdsa-with-SHA384" in text and "NIST CURVE: P-384" in text
    # the same file by path, and listed by available_profiles with the directory
    assert load_profile(mine / "vendor-client.toml").description.startswith("Vendor:")
    assert cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == (
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH])
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('description = "x"\nsubject = [["C", "FR"]]\n[key]\ntype = "dsa"\n', "key.type"),
        ('description = "x"\nsubject = [["XX", "FR"]]\n', "unknown subject attribute"),
        ('description = "x"\nsubject = [["CN", "{nom}"]]\n', "{nom}"),
        ('description = "x"\nsubject = [["CN", "a"]]\ncolour = "blue"\n', "colour"),
        ('subject = [["CN", "a"]]\n', "description"),
        ('description = "x"\nsubject = [["CN", "a"]\n', "Unclosed array"),
    ],
)
def test_invalid_profile_names_file_and_problem(
    ca: TestCA, tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        ca.issue(path, "732829320")  # type: ignore[arg-type]
    message = error.value.message("en")
    assert error.value.code == "testca.profile_invalid"
    assert str(path) in message and reason in message


def test_unknown_profile_lists_the_known_ones(ca: TestCA) -> None:
    with pytest.raises(InputError) as error:
        ca.issue("rgs4-server-client", "732829320")
    assert error.value.code == "testca.profile_unknown"
    assert "rgs1-server-client-ou0002" in error.value.message("en")


def test_pkcs12_opens_with_openssl_and_the_password(ca: TestCA, tmp_path: Path) -> None:
    issued = ca.issue("rgs1-server-client", "732829320", out=tmp_path / "s", p12_password=b"s3cr3t")
    assert issued.p12_path == tmp_path / "s.p12"
    assert mode(tmp_path / "s.p12") == 0o600
    good = openssl(
        "pkcs12", "-in", tmp_path / "s.p12", "-passin", "pass:s3cr3t", "-nokeys", "-info"
    )
    assert good.returncode == 0, good.stderr
    assert good.stdout.count("BEGIN CERTIFICATE") == 3
    assert "subject=C = FR, O = SYNDIC EXEMPLE" in good.stdout
    bad = openssl("pkcs12", "-in", tmp_path / "s.p12", "-passin", "pass:wrong", "-nokeys")
    assert bad.returncode != 0


def test_ca_without_intermediate_and_rsa_ca(tmp_path: Path) -> None:
    flat = TestCA.init(tmp_path / "flat", intermediate=False, key_type="rsa-2048", name="Flat")
    assert flat.intermediate is None and flat.chain == (flat.root,)
    issued = flat.issue("rgs1-server-client", "732829320", out=tmp_path / "leaf")
    assert issued.certificate.issuer == flat.root.subject
    result = openssl(
        "verify", "-purpose", "sslclient", "-CAfile", flat.root_path, tmp_path / "leaf.pem"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = openssl("x509", "-in", tmp_path / "leaf.pem", "-noout", "-text").stdout
    assert "Signature Algorithm: sha256WithRSAEncryption" in text
    assert (
        "Issuer: C = FR, O = certkit, OU = certkit test PKI - not for production, CN = Flat Root"
        in (text)
    )
    # SHA-1 profile through an RSA CA: sha1WithRSAEncryption, still verifiable by openssl
    flat.issue("sha1", "732829320", out=tmp_path / "old")
    text = openssl("x509", "-in", tmp_path / "old.pem", "-noout", "-text").stdout
    assert "Signature Algorithm: sha1WithRSAEncryption" in text
    check = openssl("verify", "-CAfile", flat.root_path, tmp_path / "old.pem")
    assert check.returncode == 0, check.stdout + check.stderr


def test_issue_server_covers_localhost_and_ip(ca: TestCA, tmp_path: Path) -> None:
    issued = ca.issue_server(out=tmp_path / "server")
    text = openssl("x509", "-in", tmp_path / "server.pem", "-noout", "-text").stdout
    assert "DNS:localhost, IP Address:127.0.0.1" in text
    assert "TLS Web Server Authentication" in text and "Client Authentication" not in text
    for host in ("localhost", "127.0.0.1"):
        option = "-verify_ip" if host[0].isdigit() else "-verify_hostname"
        result = openssl(
            "verify",
            "-purpose",
            "sslserver",
            option,
            host,
            "-CAfile",
            ca.root_path,
            "-untrusted",
            ca.directory / "intermediate.pem",
            issued.cert_path or "",
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_bad_subject_values_are_input_errors(ca: TestCA) -> None:
    with pytest.raises(InputError) as too_long:
        ca.issue("rgs1-server-client", "732829320", cn="x" * 65)
    assert too_long.value.code == "testca.subject_invalid"
    assert "CN" in too_long.value.message("en")
    with pytest.raises(InputError) as country:
        ca.issue("no-siren", extra_subject=[("C", "FRA")])
    assert country.value.code == "testca.subject_invalid"
    assert ca.list() == ()
    # a SIREN given to a profile that does not write one is not reported as in the certificate
    assert ca.issue("no-siren", "732829320").siren is None


def test_corrupted_index_names_file_and_line(ca: TestCA) -> None:
    ca.issue("no-siren")
    with (ca.directory / "index.jsonl").open("a") as index:
        index.write("{not json\n")
    with pytest.raises(InputError) as error:
        TestCA.open(ca.directory).list()
    assert error.value.code == "testca.index_invalid"
    message = error.value.message("en")
    assert str(ca.directory / "index.jsonl") in message and "line 2" in message


def test_p384_ca_signs_itself_with_sha384(tmp_path: Path) -> None:
    strong = TestCA.init(tmp_path / "p384", key_type="ec-p384")
    strong.issue("rgs1-server-client", "732829320", out=tmp_path / "leaf")
    for path in (strong.root_path, strong.directory / "intermediate.pem"):
        text = openssl("x509", "-in", path, "-noout", "-text").stdout
        assert "Signature Algorithm: ecdsa-with-SHA384" in text, path
    # the leaf's hash is the profile's (sha256), whatever the CA key
    leaf = openssl("x509", "-in", tmp_path / "leaf.pem", "-noout", "-text").stdout
    assert "Signature Algorithm: ecdsa-with-SHA256" in leaf
    assert "NIST CURVE: P-384" in openssl("x509", "-in", strong.root_path, "-noout", "-text").stdout
