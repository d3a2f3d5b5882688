"""Certificates OpenSSL reads but cryptography refuses are read too, and said not to be DER.

Each case is a real signed certificate built byte by byte (tests.rawcert) with one departure from
DER that real CAs shipped (the zlint corpus holds one of each); the openssl binary is the witness
that it is readable, and of how its names print.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from cryptography import x509

from certkit import lenient
from certkit.sources import load_bytes
from tests.helpers import run_certkit
from tests.rawcert import (
    START,
    atv,
    certificate,
    cn_name,
    name,
    oid,
    pem,
    rdn,
    seq,
    tlv,
    utc,
)

C_FR = rdn(atv("2.5.4.6", "FR", 0x13))
LATER = utc(START + dt.timedelta(days=365))


def _validity(not_before: bytes) -> bytes:
    return seq(not_before, LATER)


def _extension(oid_text: str, critical: bytes, value: bytes) -> bytes:
    return tlv(0xA3, seq(seq(oid(oid_text), critical, tlv(0x04, value))))


def _outer(length: bytes | None, der: bytes, end: bytes) -> bytes:
    """``der`` with its outer SEQUENCE re-headed: indefinite length, or 4 length bytes."""
    body = der[4:] if der[1] == 0x82 else der[3:]
    head = length if length is not None else b"\x84" + len(body).to_bytes(4, "big")
    return b"\x30" + head + body + end


CASES: dict[str, tuple[bytes, str]] = {
    "UTCTime without seconds": (
        certificate(validity=_validity(tlv(0x17, b"2501010000Z"))),
        "encoding.time_format",
    ),
    "UTCTime with an offset": (
        certificate(validity=_validity(tlv(0x17, b"250101010000+0100"))),
        "encoding.time_format",
    ),
    "GeneralizedTime with a fraction": (
        certificate(validity=seq(utc(START), tlv(0x18, b"20571201060708.999Z"))),
        "encoding.time_format",
    ),
    "version 1 written out": (certificate(version=tlv(0xA0, tlv(0x02, b"\x00"))), "encoding."
                              "version_default"),
    "version 2": (certificate(version=tlv(0xA0, tlv(0x02, b"\x01"))), "encoding.version_2"),
    "version 4": (certificate(version=tlv(0xA0, tlv(0x02, b"\x03"))), "encoding.bad_version"),
    "unsorted multi-valued RDN": (
        certificate(name(C_FR, rdn(atv("2.5.4.97", "NTRFR-732829320"), atv("2.5.4.10", "ACME"),
                                   sort=False))),
        "encoding.unsorted_rdn",
    ),
    "NULL parameters on ECDSA": (
        certificate(signature_algorithm=seq(oid("1.2.840.10045.4.3.2"), tlv(0x05, b""))),
        "encoding.algorithm_parameters",
    ),
    "critical FALSE written out": (
        certificate(
            extensions=_extension("2.5.29.15", tlv(0x01, b"\x00"), tlv(0x03, b"\x07\x80"))
        ),
        "encoding.critical_false",
    ),
    "bad PrintableString": (
        certificate(name(C_FR, rdn(atv("2.5.4.3", b"a@b_c", 0x13)))),
        "encoding.name_value",
    ),
    "T61String with 8-bit bytes": (
        certificate(name(C_FR, rdn(atv("2.5.4.10", b"Soci\xe9t\xe9", 0x14)))),
        "encoding.name_value",
    ),
    "empty RDN": (certificate(name(C_FR, tlv(0x31, b""), rdn(atv("2.5.4.3", "x")))),
                  "encoding.empty_rdn"),
    "the same attribute twice in an RDN": (
        certificate(name(C_FR, tlv(0x31, atv("2.5.4.3", "x") * 2))),
        "encoding.duplicate_attribute",
    ),
    "indefinite length (BER)": (_outer(b"\x80", certificate(), b"\x00\x00"),
                                "encoding.indefinite_length"),
    "length on more bytes than needed": (_outer(None, certificate(), b""), "encoding.long_length"),
}  # fmt: skip


def openssl_reads(der: bytes, *options: str) -> str:
    result = subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-noout", *options],
        input=der,
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8")


@pytest.mark.parametrize("label", list(CASES))
def test_what_openssl_reads_is_read_and_reported(label: str) -> None:
    der, code = CASES[label]
    subject_line = openssl_reads(der, "-subject", "-nameopt", "RFC2253,-esc_msb")
    with pytest.raises((ValueError, x509.InvalidVersion)):  # cryptography alone refuses it
        cert = x509.load_der_x509_certificate(der)
        cert.subject  # noqa: B018
        cert.issuer  # noqa: B018
    bundle = load_bytes(der)
    reading = bundle.reading(0)
    assert reading is not None
    assert code in {p.code for p in reading.problems}
    facts = bundle.facts(0)
    assert facts.encoding_problems == reading.problems
    assert "subject=" + facts.subject_rfc4514 + "\n" == subject_line
    # The file's own bytes give the fingerprints and what export writes.
    assert bundle.ders[0] == der
    import hashlib

    assert facts.sha256 == hashlib.sha256(der).hexdigest()


def test_times_read_from_odd_forms_are_the_moments_they_state() -> None:
    with_offset = load_bytes(CASES["UTCTime with an offset"][0]).facts(0)
    assert with_offset.not_before == START  # 01:00 at +01:00 is midnight UTC
    fraction = load_bytes(CASES["GeneralizedTime with a fraction"][0]).facts(0)
    assert fraction.not_after == dt.datetime(2057, 12, 1, 6, 7, 8, tzinfo=dt.UTC)


def test_a_der_certificate_has_no_reading() -> None:
    bundle = load_bytes(certificate(cn_name()))
    assert bundle.readings == ()
    assert bundle.facts(0).encoding_problems == ()


def test_inspect_registration_and_dn_match_on_a_certificate_that_is_not_der(tmp_path: Path) -> None:
    der = CASES["unsorted multi-valued RDN"][0]
    path = tmp_path / "odd.pem"
    path.write_bytes(pem(der))
    expected = openssl_reads(der, "-subject", "-nameopt", "RFC2253,-esc_msb")[len("subject=") : -1]
    shown = run_certkit("inspect", "--json", str(path))
    assert shown.returncode == 0, shown.stderr
    item = json.loads(shown.stdout)["certificates"][0]  # one file: one object
    assert item["der"] is False
    assert item["subject"]["rfc4514"] == expected
    assert {p["code"] for p in item["encoding_problems"]} == {"encoding.unsorted_rdn"}
    text = run_certkit("inspect", str(path), "--lang", "en")
    assert "Not DER as RFC 5280 requires" in text.stdout
    registration = run_certkit("registration", str(path), "--lang", "en")
    assert registration.returncode == 0, registration.stderr
    assert registration.stdout.splitlines()[1] == expected
    assert "Not DER" in registration.stderr
    match = run_certkit("dn-match", str(path), "--subject", expected, "--issuer", expected)
    assert match.returncode == 0, match.stdout + match.stderr
    exported = run_certkit("export", str(path), "-o", str(tmp_path / "out.pem"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out.pem").read_bytes() == pem(der)  # the file's bytes, as OpenSSL writes


def test_what_nobody_reads_is_one_clear_line(tmp_path: Path) -> None:
    # A UTCTime with 14 digits (cryptography's badasn1time.pem): OpenSSL loads the certificate
    # but prints "Bad time value"; certkit cannot tell the validity and says which certificate.
    der = certificate(validity=seq(utc(START), tlv(0x17, b"19020701025736Z")))
    path = tmp_path / "bad-time.pem"
    path.write_bytes(pem(der))
    result = run_certkit("inspect", str(path), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "certificate #1 cannot be parsed" in result.stderr
    with pytest.raises(lenient.LenientError):
        lenient.read_certificate(der)


def test_nesting_is_bounded() -> None:
    deep = b"\x30\x80" * 200 + b"\x00\x00" * 200
    with pytest.raises(lenient.LenientError):
        lenient.read_certificate(deep)


def test_a_pkcs7_bundle_of_certificates_that_are_not_der(tmp_path: Path) -> None:
    """openssl crl2pkcs7 packs such certificates as they are; cryptography then refuses the whole
    bundle; certkit reads each certificate of it, as `openssl pkcs7 -print_certs` does."""
    odd = [CASES["UTCTime without seconds"][0], CASES["empty RDN"][0]]
    args = ["openssl", "crl2pkcs7", "-nocrl", "-outform", "DER", "-out", str(tmp_path / "b.p7b")]
    for index, der in enumerate(odd):
        (tmp_path / f"{index}.pem").write_bytes(pem(der))
        args += ["-certfile", str(tmp_path / f"{index}.pem")]
    subprocess.run(args, check=True, capture_output=True)
    printed = subprocess.run(
        ["openssl", "pkcs7", "-inform", "DER", "-in", str(tmp_path / "b.p7b"), "-print_certs"],
        check=True,
        capture_output=True,
    )
    assert printed.stdout.count(b"subject=") == 2
    bundle = load_bytes((tmp_path / "b.p7b").read_bytes())
    assert bundle.format.value == "pkcs7"
    assert sorted(bundle.ders) == sorted(odd)
    codes = [{p.code for p in r.problems} if r else set() for r in bundle.readings]
    assert {"encoding.time_format"} in codes and {"encoding.empty_rdn"} in codes


def test_export_as_der_or_pkcs7_keeps_the_file_s_bytes(tmp_path: Path) -> None:
    der = CASES["UTCTime without seconds"][0]
    source = tmp_path / "odd.pem"
    source.write_bytes(pem(der))
    as_der = run_certkit("export", source, "-o", tmp_path / "out.der", "--format", "der")
    assert as_der.returncode == 0, as_der.stderr
    assert (tmp_path / "out.der").read_bytes() == der
    as_p7b = run_certkit("export", source, "-o", tmp_path / "out.p7b", "--format", "p7b")
    assert as_p7b.returncode == 0, as_p7b.stderr
    printed = subprocess.run(
        ["openssl", "pkcs7", "-inform", "DER", "-in", str(tmp_path / "out.p7b"), "-print_certs"],
        check=True,
        capture_output=True,
    )
    assert pem(der) in printed.stdout  # OpenSSL gives back the very certificate
    assert load_bytes((tmp_path / "out.p7b").read_bytes()).ders == (der,)
