"""Every bundled profile, issued once and read back by the real openssl binary, field by field.

Expected values are written here as openssl prints them (``openssl x509 -text``), so nothing below
trusts certkit's own reading of what it issued.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from certkit.testca import TestCA, available_profiles

SIREN = "732829320"  # the SIREN used as the Luhn example by INSEE documentation; checksum 40
ARC = "1.3.6.1.4.1.32473.67.75"  # every arc below 2**32: parsed by every X.509 stack
CDP = "Full Name:\nURI:http://127.0.0.1:8889/crl.der"
AIA = "OCSP - URI:http://127.0.0.1:8889/ocsp\nCA Issuers - URI:http://127.0.0.1:8889/issuer.der"
ORG_SUBJECT = f"CN=SYNDIC EXEMPLE,organizationIdentifier=NTRFR-{SIREN},O=SYNDIC EXEMPLE,C=FR"
WWW = "www.syndic-exemple.example.com"  # a public name under a reserved domain (RFC 2606)
BOTH_EKU = "TLS Web Client Authentication, TLS Web Server Authentication"
# RFC 8813: keyEncipherment only on RSA keys (the profiles ask it for the RSA case)
KU_SC = "Digital Signature"
KU_SC_RSA = "Digital Signature, Key Encipherment"


@dataclass(frozen=True)
class Expect:
    subject: str
    key: str  # as openssl prints it: "id-ecPublicKey 256", "rsaEncryption 2048"
    signature: str
    days: float | None  # not_after - not_before in days, None when the offsets below say it
    not_before_from_now: float  # days
    not_after_from_now: float | None
    ku: str | None
    eku: str | None
    policy: str
    san: str | None
    openssl: str  # outcome of `openssl verify -purpose sslclient`: "OK" or the error line


EXPECTED: dict[str, Expect] = {
    "rgs1-server-client": Expect(
        ORG_SUBJECT, "id-ecPublicKey 256", "ecdsa-with-SHA256", 730, 0, None,
        KU_SC, BOTH_EKU, f"{ARC}.1.1", None, "OK",
    ),
    "rgs1-server-client-ou0002": Expect(
        f"CN=SYNDIC EXEMPLE,OU=0002 {SIREN},O=SYNDIC EXEMPLE,C=FR",
        "id-ecPublicKey 256", "ecdsa-with-SHA256", 730, 0, None,
        KU_SC, BOTH_EKU, f"{ARC}.1.1", None, "OK",
    ),
    "rgs2-server-client": Expect(
        ORG_SUBJECT, "rsaEncryption 2048", "ecdsa-with-SHA256", 730, 0, None,
        KU_SC_RSA, BOTH_EKU, f"{ARC}.1.2", None, "OK",
    ),
    "rgs3-server-client": Expect(
        ORG_SUBJECT, "id-ecPublicKey 384", "ecdsa-with-SHA256", 730, 0, None,
        KU_SC, BOTH_EKU, f"{ARC}.1.3", None, "OK",
    ),
    "personal": Expect(
        "CN=Jeanne Dupont,SN=Dupont,GN=Jeanne,O=SYNDIC EXEMPLE,C=FR",
        "id-ecPublicKey 256", "ecdsa-with-SHA256", 1095, 0, None,
        "Digital Signature, Non Repudiation",
        "TLS Web Client Authentication, E-mail Protection", f"{ARC}.2.1",
        "email:jeanne.dupont@syndic-exemple.example.com", "OK",
    ),
    "server-only": Expect(
        f"CN={WWW},organizationIdentifier=NTRFR-{SIREN},O=SYNDIC EXEMPLE,C=FR",
        "id-ecPublicKey 256", "ecdsa-with-SHA256", 397, 0, None,
        "Digital Signature", "TLS Web Server Authentication", f"{ARC}.3.1",
        f"DNS:{WWW}", "error 26 at 0 depth lookup: unsuitable certificate purpose",
    ),
    "no-eku": Expect(
        ORG_SUBJECT, "id-ecPublicKey 256", "ecdsa-with-SHA256", 730, 0, None,
        KU_SC, None, f"{ARC}.1.1", None, "OK",
    ),
    "expired": Expect(
        ORG_SUBJECT, "id-ecPublicKey 256", "ecdsa-with-SHA256", None, -760, -30,
        KU_SC, BOTH_EKU, f"{ARC}.1.1", None, "error 10 at 0 depth lookup: certificate has expired",
    ),
    "not-yet-valid": Expect(
        ORG_SUBJECT, "id-ecPublicKey 256", "ecdsa-with-SHA256", 730, 30, None,
        KU_SC, BOTH_EKU, f"{ARC}.1.1", None,
        "error 9 at 0 depth lookup: certificate is not yet valid",
    ),
    "expiring-soon": Expect(
        ORG_SUBJECT, "id-ecPublicKey 256", "ecdsa-with-SHA256", None, -720, 10,
        KU_SC, BOTH_EKU, f"{ARC}.1.1", None, "OK",
    ),
    # OpenSSL 3.0's `verify` applies no security level unless -auth_level is given: a 1024-bit
    # key and a SHA-1 signature both verify by default (see test_security_levels below).
    "weak-rsa1024": Expect(
        ORG_SUBJECT, "rsaEncryption 1024", "ecdsa-with-SHA256", 730, 0, None,
        KU_SC_RSA, BOTH_EKU, f"{ARC}.1.1", None, "OK",
    ),
    "sha1": Expect(
        ORG_SUBJECT, "id-ecPublicKey 256", "ecdsa-with-SHA1", 730, 0, None,
        KU_SC, BOTH_EKU, f"{ARC}.1.1", None, "OK",
    ),
    "no-siren": Expect(
        "CN=SYNDIC EXEMPLE,O=SYNDIC EXEMPLE,C=FR", "id-ecPublicKey 256", "ecdsa-with-SHA256",
        730, 0, None, KU_SC, BOTH_EKU, f"{ARC}.1.1", None, "OK",
    ),
}  # fmt: skip


def openssl(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=False, timeout=30
    )


@dataclass(frozen=True)
class Issued:
    path: Path
    text: str
    issued_after: dt.datetime  # clock read just before the issuance
    issued_before: dt.datetime  # and just after it


@pytest.fixture(scope="session")
def profile_ca(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    return TestCA.init(tmp_path_factory.mktemp("profiles") / "ca")


@pytest.fixture(scope="session")
def issued(profile_ca: TestCA) -> dict[str, Issued]:
    result: dict[str, Issued] = {}
    for name in EXPECTED:
        after = dt.datetime.now(dt.UTC).replace(microsecond=0)
        out = profile_ca.directory / name
        profile_ca.issue(name, SIREN, out=out)
        path = out.with_name(name + ".pem")
        text = openssl("x509", "-in", path, "-noout", "-text", "-nameopt", "RFC2253").stdout
        before = dt.datetime.now(dt.UTC)
        result[name] = Issued(path, text, after, before)
    return result


def extensions(text: str) -> dict[str, tuple[bool, str]]:
    """openssl -text extensions: name → (critical, value lines joined by newlines, stripped)."""
    block = text.split("X509v3 extensions:")[1].split("Signature Algorithm:")[0]
    found: dict[str, tuple[bool, str]] = {}
    name: str | None = None
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 12:
            header, _, rest = line.strip().partition(":")
            name = header
            found[name] = ("critical" in rest, "")
        elif name is not None:
            critical, value = found[name]
            found[name] = (critical, (value + "\n" + line.strip()).strip())
    return found


def field(text: str, label: str) -> str:
    match = re.search(rf"^\s*{re.escape(label)}\s*:\s*(.*)$", text, re.MULTILINE)
    assert match, f"{label} not in openssl output"
    return match.group(1).strip()


def openssl_date(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%b %d %H:%M:%S %Y GMT").replace(tzinfo=dt.UTC)


def test_every_bundled_profile_is_covered() -> None:
    assert {p.name for p in available_profiles()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_names_key_and_signature(name: str, issued: dict[str, Issued]) -> None:
    expect, cert = EXPECTED[name], issued[name]
    assert field(cert.text, "Subject") == expect.subject
    assert field(cert.text, "Issuer") == (
        "CN=certkit Test CA Serveur-Client,OU=certkit test PKI - not for production,O=certkit,C=FR"
    )
    algorithm, bits = expect.key.split()
    assert field(cert.text, "Public Key Algorithm") == algorithm
    assert re.search(rf"Public-Key: \({bits} bit\)", cert.text)
    assert field(cert.text, "Signature Algorithm") == expect.signature
    serial = openssl("x509", "-in", cert.path, "-noout", "-serial").stdout.strip()
    assert int(serial.removeprefix("serial="), 16).bit_length() >= 64


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_validity(name: str, issued: dict[str, Issued]) -> None:
    expect, cert = EXPECTED[name], issued[name]
    not_before = openssl_date(field(cert.text, "Not Before"))
    not_after = openssl_date(field(cert.text, "Not After"))
    offset = dt.timedelta(days=expect.not_before_from_now)
    assert cert.issued_after + offset <= not_before <= cert.issued_before + offset
    if expect.days is not None:
        assert not_after - not_before == dt.timedelta(days=expect.days)
    else:
        assert expect.not_after_from_now is not None
        offset = dt.timedelta(days=expect.not_after_from_now)
        assert cert.issued_after + offset <= not_after <= cert.issued_before + offset


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_extensions(name: str, issued: dict[str, Issued]) -> None:
    expect, cert = EXPECTED[name], issued[name]
    ext = extensions(cert.text)
    assert ext["X509v3 Basic Constraints"] == (True, "CA:FALSE")
    assert ext.get("X509v3 Key Usage") == (True, expect.ku)
    if expect.eku is None:
        assert "X509v3 Extended Key Usage" not in ext
    else:
        assert ext["X509v3 Extended Key Usage"] == (False, expect.eku)
    assert ext["X509v3 Certificate Policies"] == (False, f"Policy: {expect.policy}")
    assert ext.get("X509v3 Subject Alternative Name") == (
        None if expect.san is None else (False, expect.san)
    )
    assert ext["X509v3 CRL Distribution Points"] == (False, CDP)
    assert ext["Authority Information Access"] == (False, AIA)
    assert ext["X509v3 Subject Key Identifier"][0] is False
    # the AKI of the leaf is the SKI of the intermediate, as openssl prints both
    inter = openssl("x509", "-in", cert.path.parent / "intermediate.pem", "-noout", "-text").stdout
    assert (
        ext["X509v3 Authority Key Identifier"][1]
        == (extensions(inter)["X509v3 Subject Key Identifier"][1])
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_openssl_verify_sslclient(
    name: str, issued: dict[str, Issued], profile_ca: TestCA
) -> None:
    cert = issued[name]
    result = openssl(
        "verify",
        "-purpose",
        "sslclient",
        "-CAfile",
        profile_ca.root_path,
        "-untrusted",
        profile_ca.directory / "intermediate.pem",
        cert.path,
    )
    expected = EXPECTED[name].openssl
    if expected == "OK":
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip() == f"{cert.path}: OK"
    else:
        assert result.returncode != 0
        assert expected in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "level", "error"),
    [
        ("sha1", 1, "error 68 at 0 depth lookup: CA signature digest algorithm too weak"),
        ("weak-rsa1024", 1, None),  # 1024-bit RSA = 80 bits of security: level 1 accepts it
        ("weak-rsa1024", 2, "error 66 at 0 depth lookup: EE certificate key too weak"),
        ("rgs1-server-client", 2, None),
        ("rgs2-server-client", 2, None),
    ],
)
def test_security_levels(
    name: str, level: int, error: str | None, issued: dict[str, Issued], profile_ca: TestCA
) -> None:
    """What OpenSSL 3.0 decides once a security level applies (TLS stacks apply one)."""
    result = openssl(
        "verify",
        "-auth_level",
        str(level),
        "-purpose",
        "sslclient",
        "-CAfile",
        profile_ca.root_path,
        "-untrusted",
        profile_ca.directory / "intermediate.pem",
        issued[name].path,
    )
    if error is None:
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        assert result.returncode != 0
        assert error in result.stdout + result.stderr


def test_ca_shape_root_and_intermediate(profile_ca: TestCA) -> None:
    root_text = openssl("x509", "-in", profile_ca.root_path, "-noout", "-text").stdout
    inter_path = profile_ca.directory / "intermediate.pem"
    inter_text = openssl("x509", "-in", inter_path, "-noout", "-text").stdout
    root_ext, inter_ext = extensions(root_text), extensions(inter_text)
    assert root_ext["X509v3 Basic Constraints"] == (True, "CA:TRUE")
    assert root_ext["X509v3 Key Usage"] == (True, "Digital Signature, Certificate Sign, CRL Sign")
    assert inter_ext["X509v3 Basic Constraints"] == (True, "CA:TRUE, pathlen:0")
    assert (
        inter_ext["X509v3 Authority Key Identifier"][1]
        == (root_ext["X509v3 Subject Key Identifier"][1])
    )
    # the root is self-signed and the intermediate chains to it
    assert openssl("verify", "-CAfile", profile_ca.root_path, inter_path).returncode == 0
    chain = (profile_ca.directory / "chain.pem").read_text()
    assert chain == inter_path.read_text() + profile_ca.root_path.read_text()
