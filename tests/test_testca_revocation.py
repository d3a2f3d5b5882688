"""Revocation: the CRL read by `openssl crl` / `openssl verify -crl_check`, OCSP answers read by
cryptography's parser and by the real `openssl ocsp` client over HTTP on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp

from certkit.errors import InputError
from certkit.testca import IssuedCertificate, TestCA


def openssl(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=False, timeout=30
    )


def openssl_hex(serial: int) -> str:
    """A serial as openssl prints it: uppercase hex of whole bytes."""
    text = format(serial, "X")
    return "0" + text if len(text) % 2 else text


@pytest.fixture
def ca(tmp_path: Path) -> TestCA:
    return TestCA.init(tmp_path / "ca")


@pytest.fixture
def pair(ca: TestCA, tmp_path: Path) -> tuple[IssuedCertificate, IssuedCertificate]:
    revoked = ca.issue("rgs1-server-client", "732829320", out=tmp_path / "revoked")
    good = ca.issue("rgs1-server-client", "732829320", out=tmp_path / "good")
    ca.revoke(revoked.certificate, "key_compromise")
    return revoked, good


def ocsp_request(
    cert: x509.Certificate, issuer: x509.Certificate, nonce: bytes | None = None
) -> bytes:
    builder = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1())
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(serialization.Encoding.DER)


def test_crl_lists_the_revoked_certificate(
    ca: TestCA, pair: tuple[IssuedCertificate, IssuedCertificate]
) -> None:
    revoked, good = pair
    path = ca.write_crl()
    assert path == ca.directory / "crl.pem"
    text = openssl("crl", "-in", path, "-noout", "-text").stdout
    assert f"Serial Number: {openssl_hex(revoked.serial)}\n" in text
    assert openssl_hex(good.serial) not in text
    assert "Key Compromise" in text
    assert "Issuer: C = FR, O = certkit, OU = certkit test PKI - not for production, " in text
    # the CRL is signed by the issuing CA
    check = openssl("crl", "-in", path, "-noout", "-CAfile", ca.directory / "intermediate.pem")
    assert "verify OK" in check.stdout + check.stderr


def test_openssl_verify_with_crl_rejects_only_the_revoked(
    ca: TestCA, pair: tuple[IssuedCertificate, IssuedCertificate], tmp_path: Path
) -> None:
    revoked, good = pair
    crl = ca.write_crl()
    # -crl_check_all needs a CRL for the intermediate too: the root's CRL is not published, so
    # check the leaf only (-crl_check).
    for issued, ok in ((revoked, False), (good, True)):
        result = openssl(
            "verify",
            "-crl_check",
            "-CRLfile",
            crl,
            "-CAfile",
            ca.root_path,
            "-untrusted",
            ca.directory / "intermediate.pem",
            issued.cert_path or "",
        )
        assert (result.returncode == 0) is ok, result.stdout + result.stderr
        if not ok:
            assert "certificate revoked" in result.stdout + result.stderr


def test_ocsp_answers_revoked_good_and_unknown(
    ca: TestCA, pair: tuple[IssuedCertificate, IssuedCertificate], tmp_path: Path
) -> None:
    revoked, good = pair
    other_ca = TestCA.init(tmp_path / "other")
    stranger = other_ca.issue("rgs1-server-client", "732829320")
    issuer = ca.issuer_certificate

    answer = ocsp.load_der_ocsp_response(
        ca.ocsp_response(ocsp_request(revoked.certificate, issuer, b"0123456789abcdef"))
    )
    assert answer.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert answer.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert answer.revocation_reason == x509.ReasonFlags.key_compromise
    assert answer.serial_number == revoked.serial
    assert answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == (
        b"0123456789abcdef"
    )
    # signed by the issuing CA
    public_key = issuer.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    assert answer.signature_hash_algorithm is not None
    public_key.verify(
        answer.signature, answer.tbs_response_bytes, ec.ECDSA(answer.signature_hash_algorithm)
    )

    answer = ocsp.load_der_ocsp_response(ca.ocsp_response(ocsp_request(good.certificate, issuer)))
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert answer.serial_number == good.serial

    # a serial this CA never issued, under this CA's name and key: unknown
    fake = ocsp.load_der_ocsp_request(ocsp_request(stranger.certificate, issuer))
    assert fake.serial_number == stranger.serial
    answer = ocsp.load_der_ocsp_response(
        ca.ocsp_response(ocsp_request(stranger.certificate, issuer))
    )
    assert answer.certificate_status == ocsp.OCSPCertStatus.UNKNOWN

    # a request about another CA's certificate: unauthorized; garbage: malformedRequest
    answer = ocsp.load_der_ocsp_response(
        ca.ocsp_response(ocsp_request(stranger.certificate, other_ca.issuer_certificate))
    )
    assert answer.response_status == ocsp.OCSPResponseStatus.UNAUTHORIZED
    answer = ocsp.load_der_ocsp_response(ca.ocsp_response(b"not a request"))
    assert answer.response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_ocsp_sees_a_revocation_made_by_another_process(ca: TestCA, tmp_path: Path) -> None:
    issued = ca.issue("rgs1-server-client", "732829320")
    request = ocsp_request(issued.certificate, ca.issuer_certificate)
    assert (
        ocsp.load_der_ocsp_response(ca.ocsp_response(request)).certificate_status
        == ocsp.OCSPCertStatus.GOOD
    )
    TestCA.open(ca.directory).revoke(issued.serial, "superseded")
    answer = ocsp.load_der_ocsp_response(ca.ocsp_response(request))
    assert answer.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert answer.revocation_reason == x509.ReasonFlags.superseded


def test_http_responder_with_real_openssl_client(
    ca: TestCA, pair: tuple[IssuedCertificate, IssuedCertificate]
) -> None:
    revoked, good = pair
    inter = ca.directory / "intermediate.pem"
    with ca.responder() as responder:
        for issued, status in ((revoked, "revoked"), (good, "good")):
            result = openssl(
                "ocsp",
                "-issuer",
                inter,
                "-cert",
                issued.cert_path or "",
                "-url",
                f"{responder.url}/ocsp",
                "-CAfile",
                ca.root_path,
                "-VAfile",
                inter,
            )
            assert result.returncode == 0, result.stderr
            assert f"{issued.cert_path}: {status}" in result.stdout
            assert "Response verify OK" in result.stderr
        # the same answers through httpx + cryptography, and the CRL / issuer URLs
        body = ocsp_request(revoked.certificate, ca.issuer_certificate)
        reply = httpx.post(f"{responder.url}/ocsp", content=body)
        assert reply.headers["content-type"] == "application/ocsp-response"
        parsed = ocsp.load_der_ocsp_response(reply.content)
        assert parsed.certificate_status == ocsp.OCSPCertStatus.REVOKED
        crl = x509.load_der_x509_crl(httpx.get(f"{responder.url}/crl.der").content)
        assert crl.get_revoked_certificate_by_serial_number(revoked.serial) is not None
        assert crl.get_revoked_certificate_by_serial_number(good.serial) is None
        issuer_der = httpx.get(f"{responder.url}/issuer.der").content
        assert x509.load_der_x509_certificate(issuer_der) == ca.issuer_certificate
        assert httpx.get(f"{responder.url}/nothing").status_code == 404


def test_revoke_errors(ca: TestCA, tmp_path: Path) -> None:
    issued = ca.issue("rgs1-server-client", "732829320")
    with pytest.raises(InputError) as unknown:
        ca.revoke(12345)
    assert unknown.value.code == "testca.serial_unknown"
    with pytest.raises(InputError) as reason:
        ca.revoke(issued.serial, "because")
    assert reason.value.code == "testca.reason_unknown"
    ca.revoke(issued.serial, "cessationOfOperation", at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    with pytest.raises(InputError) as twice:
        ca.revoke(issued.serial)
    assert twice.value.code == "testca.already_revoked"
    record = ca.record(issued.serial)
    assert record is not None and record.revoked
    assert record.reason == "cessation_of_operation"
    assert record.revoked_at == dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


def test_request_about_two_certificates_is_refused_cleanly(
    ca: TestCA, pair: tuple[IssuedCertificate, IssuedCertificate], tmp_path: Path
) -> None:
    """openssl can ask about several certificates at once; certkit answers malformedRequest."""
    revoked, good = pair
    request = tmp_path / "two.der"
    made = openssl(
        "ocsp", "-issuer", ca.directory / "intermediate.pem", "-cert", revoked.cert_path or "",
        "-cert", good.cert_path or "", "-reqout", request, "-no_nonce",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    answer = ocsp.load_der_ocsp_response(ca.ocsp_response(request.read_bytes()))
    assert answer.response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_ocsp_over_http_get(ca: TestCA, pair: tuple[IssuedCertificate, IssuedCertificate]) -> None:
    """RFC 6960 appendix A.1: GET {url}/{url-encoding of base64 of the DER request}."""
    import base64
    import urllib.parse

    revoked, _ = pair
    body = ocsp_request(revoked.certificate, ca.issuer_certificate)
    encoded = urllib.parse.quote(base64.b64encode(body).decode(), safe="")
    with ca.responder() as responder:
        reply = httpx.get(f"{responder.url}/ocsp/{encoded}")
    answer = ocsp.load_der_ocsp_response(reply.content)
    assert answer.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert answer.serial_number == revoked.serial
