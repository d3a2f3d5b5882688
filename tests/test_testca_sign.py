"""``certkit testca sign``: certify a vendor's own key from its CSR (made here with the openssl
binary, as a vendor's HSM or Windows store would), and the legacy PKCS#12 for old clients."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_certkit

SIREN = "732829320"


def openssl(*args: str | Path, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, input=input, check=False, timeout=60
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def make_csr(
    directory: Path, name: str, subject: str, *, key: str = "rsa:2048", extra: tuple[str, ...] = ()
) -> Path:
    """A CSR made by openssl with a fresh key (``rsa:2048``, ``ec:P-256``, ``ed25519``)."""
    algorithm, _, size = key.partition(":")
    options: list[str]
    if algorithm == "rsa":
        options = ["-newkey", key]
    elif algorithm == "ec":
        options = ["-newkey", "ec", "-pkeyopt", f"ec_paramgen_curve:{size}"]
    else:
        options = ["-newkey", algorithm]
    csr = directory / f"{name}.csr"
    made = openssl(
        "req", "-new", *options, "-nodes", "-keyout", directory / f"{name}.key",
        "-subj", subject, "-out", csr, *extra,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return csr


def text(cert: Path) -> str:
    return openssl("x509", "-in", cert, "-noout", "-text", "-nameopt", "RFC2253").stdout


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def ca_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sign") / "ca"
    assert run_certkit("testca", "init", directory).returncode == 0
    return directory


def test_sign_keeps_the_subject_applies_the_profile_and_writes_no_key(
    ca_dir: Path, tmp_path: Path
) -> None:
    subject = f"/C=FR/O=EDITEUR LOGICIEL SA/organizationIdentifier=NTRFR-{SIREN}/CN=ws.editeur"
    csr = make_csr(tmp_path, "vendor", subject)
    result = run_certkit(
        "testca", "sign", ca_dir, "--csr", csr, "--profile", "rgs1-server-client", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    cert = tmp_path / "vendor.pem"  # default prefix: the CSR's name
    assert data["files"] == {
        "cert": str(cert),
        "key": None,
        "chain": str(tmp_path / "vendor-chain.pem"),
        "fullchain": str(tmp_path / "vendor-fullchain.pem"),
        "p12": None,
    }
    assert data["siren"] == SIREN
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "vendor-chain.pem", "vendor-fullchain.pem", "vendor.csr", "vendor.key", "vendor.pem",
    ]  # fmt: skip
    for written in tmp_path.glob("vendor*.pem"):
        assert b"PRIVATE KEY" not in written.read_bytes()
    # the subject is the request's, byte for byte as openssl prints it
    from_csr = openssl("req", "-in", csr, "-noout", "-subject", "-nameopt", "RFC2253").stdout
    from_cert = openssl("x509", "-in", cert, "-noout", "-subject", "-nameopt", "RFC2253").stdout
    assert from_cert == from_csr
    # the key is the request's key
    assert (
        openssl("req", "-in", csr, "-noout", "-pubkey").stdout
        == openssl("x509", "-in", cert, "-noout", "-pubkey").stdout
    )
    # the profile's extensions: RSA key, so keyEncipherment stays
    body = text(cert)
    assert "TLS Web Client Authentication, TLS Web Server Authentication" in body
    assert "Policy: 1.3.6.1.4.1.32473.67.75.1.1" in body
    assert "Digital Signature, Key Encipherment" in body
    verify = openssl(
        "verify", "-purpose", "sslclient", "-CAfile", ca_dir / "root.pem",
        "-untrusted", tmp_path / "vendor-chain.pem", cert,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # recorded before any file appeared: listed and revocable
    listed = json.loads(run_certkit("testca", "list", ca_dir, "--json").stdout)
    assert data["serial"] in [r["serial"] for r in listed]
    assert run_certkit("testca", "revoke", ca_dir, cert).returncode == 0


def test_options_build_the_subject_from_the_profile(ca_dir: Path, tmp_path: Path) -> None:
    csr = make_csr(tmp_path, "edge", "/CN=passerelle.editeur", key="ec:P-256")
    base = ["testca", "sign", ca_dir, "--csr", csr, "--profile", "rgs1-server-client"]
    # the profile puts a SIREN and the request has none
    line = one_error_line(run_certkit(*base, "-o", tmp_path / "a"))
    assert "--siren" in line and "rgs1-server-client" in line
    assert not list(tmp_path.glob("a*"))
    # checked as in `issue`
    line = one_error_line(run_certkit(*base, "--siren", "732829321", "-o", tmp_path / "b"))
    assert "732829321" in line and "Luhn" in line
    done = run_certkit(*base, "--siren", "552100554", "--org", "EDGE SAS", "-o", tmp_path / "c")
    assert done.returncode == 0, done.stderr
    body = text(tmp_path / "c.pem")
    subject = "CN=passerelle.editeur,organizationIdentifier=NTRFR-552100554,O=EDGE SAS,C=FR"
    assert f"Subject: {subject}" in body
    # EC key: RFC 8813 forbids keyEncipherment
    assert "X509v3 Key Usage: critical\n                Digital Signature\n" in body


def test_weak_unsupported_tampered_and_non_csr_inputs_are_refused(
    ca_dir: Path, tmp_path: Path
) -> None:
    base = ["testca", "sign", ca_dir, "--profile", "rgs1-server-client", "--siren", SIREN]
    weak = make_csr(tmp_path, "weak", "/CN=weak", key="rsa:1024")
    line = one_error_line(run_certkit(*base, "--csr", weak, "-o", tmp_path / "w"))
    assert "RSA 1024" in line and "too weak" in line and "112" in line
    # the weak-key profile exists to make such certificates: it accepts its own key size
    signed = run_certkit(
        "testca", "sign", ca_dir, "--profile", "weak-rsa1024", "--siren", SIREN,
        "--csr", weak, "-o", tmp_path / "w2",
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    ed = make_csr(tmp_path, "ed", "/CN=ed", key="ed25519")
    line = one_error_line(run_certkit(*base, "--csr", ed, "-o", tmp_path / "e"))
    assert "Ed25519" in line and "RSA or EC" in line
    good = make_csr(tmp_path, "good", "/CN=good")
    raw = subprocess.run(
        ["openssl", "req", "-in", str(good), "-outform", "DER"], capture_output=True, check=True
    ).stdout
    tampered = bytearray(raw)
    tampered[-5] ^= 0x01  # inside the signature
    (tmp_path / "tampered.csr").write_bytes(bytes(tampered))
    line = one_error_line(
        run_certkit(*base, "--csr", tmp_path / "tampered.csr", "-o", tmp_path / "t")
    )
    assert "signature does not match" in line and "tampered.csr" in line
    line = one_error_line(run_certkit(*base, "--csr", tmp_path / "good.key", "-o", tmp_path / "k"))
    assert "not a readable PKCS#10" in line
    # a DER CSR is read too
    (tmp_path / "good.der").write_bytes(raw)
    assert run_certkit(*base, "--csr", tmp_path / "good.der", "-o", tmp_path / "d").returncode == 0
    for prefix in ("w", "e", "t", "k"):
        assert not list(tmp_path.glob(f"{prefix}.*")) and not list(tmp_path.glob(f"{prefix}-*"))


def test_requested_san_is_kept_when_the_profile_has_none(ca_dir: Path, tmp_path: Path) -> None:
    csr = make_csr(
        tmp_path, "san", f"/O=SAN SA/organizationIdentifier=NTRFR-{SIREN}/CN=api.san",
        extra=("-addext", "subjectAltName=DNS:api.san.example.com"),
    )  # fmt: skip
    done = run_certkit(
        "testca", "sign", ca_dir, "--csr", csr, "--profile", "rgs1-server-client",
        "-o", tmp_path / "san",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "DNS:api.san.example.com" in text(tmp_path / "san.pem")
    # the server-only profile writes its own SAN (the CN) instead
    done = run_certkit(
        "testca", "sign", ca_dir, "--csr", csr, "--profile", "server-only", "-o", tmp_path / "s"
    )
    assert done.returncode == 0, done.stderr
    body = text(tmp_path / "s.pem")
    assert "DNS:api.san\n" in body and "api.san.example.com" not in body


def test_sign_from_python_returns_the_certificate_without_a_key(tmp_path: Path) -> None:
    from cryptography import x509

    from certkit.errors import InputError
    from certkit.testca import SignedCertificate, TestCA

    ca = TestCA.init(tmp_path / "ca")
    csr = make_csr(tmp_path, "py", f"/O=PY SA/organizationIdentifier=NTRFR-{SIREN}/CN=py")
    signed = ca.sign(csr.read_bytes(), "rgs1-server-client")
    assert isinstance(signed, SignedCertificate) and not hasattr(signed, "private_key")
    assert signed.cert_path is None and signed.siren == SIREN
    request = x509.load_pem_x509_csr(csr.read_bytes())
    assert signed.certificate.public_key() == request.public_key()
    assert ca.record(signed.serial) is not None
    with pytest.raises(InputError) as days:
        ca.sign(request, "rgs1-server-client", days=20 * 365)
    assert days.value.code == "testca.outlives_issuer"


@pytest.mark.parametrize(
    ("flag", "algorithms", "mac"),
    [
        ("--p12", ("PBES2, PBKDF2, AES-256-CBC",), "MAC: sha256"),
        ("--p12-legacy", ("pbeWithSHA1And3-KeyTripleDES-CBC",), "MAC: sha1"),
    ],
)
def test_pkcs12_modern_and_legacy(
    ca_dir: Path, tmp_path: Path, flag: str, algorithms: tuple[str, ...], mac: str
) -> None:
    password = tmp_path / "password"
    password.write_text("s3cret\n")
    issued = run_certkit(
        "testca", "issue", ca_dir, "--profile", "rgs1-server-client", "--siren", SIREN,
        flag, "--password-file", password, "-o", tmp_path / "bundle",
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    p12 = tmp_path / "bundle.p12"
    info = openssl("pkcs12", "-in", p12, "-info", "-noout", "-passin", f"file:{password}")
    assert info.returncode == 0, info.stderr
    for algorithm in algorithms:
        assert algorithm in info.stderr + info.stdout
    assert mac in info.stderr + info.stdout
    # both open with the password and hold the key of the certificate
    keys = openssl("pkcs12", "-in", p12, "-nocerts", "-nodes", "-passin", f"file:{password}").stdout
    from_p12 = openssl("pkey", "-pubout", input=keys.encode()).stdout
    assert from_p12 == openssl("x509", "-in", tmp_path / "bundle.pem", "-noout", "-pubkey").stdout
