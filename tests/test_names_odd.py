"""Odd names real CAs issued render as the openssl binary prints them: empty RDNs, BIT STRING and
SEQUENCE values, 8-bit bytes in one-byte string types; invalid UTF-8 keeps its bytes."""

from __future__ import annotations

import subprocess

import pytest

from certkit import names
from tests.rawcert import atv, certificate, name, rdn, tlv

C_FR = rdn(atv("2.5.4.6", "FR", 0x13))
CN_X = rdn(atv("2.5.4.3", "x"))

ODD_NAMES = {
    "empty RDN in the middle": name(C_FR, tlv(0x31, b""), CN_X),
    "empty RDN at the end (zlint DNSFQDN.pem)": name(C_FR, CN_X, tlv(0x31, b"")),
    "only an empty RDN": name(tlv(0x31, b"")),
    "BIT STRING x500UniqueIdentifier": name(rdn(atv("2.5.4.45", b"\x00\x70\xb3/+", 0x03)), CN_X),
    "BIT STRING with unused bits": name(rdn(atv("2.5.4.45", b"\x03\x70\xb8", 0x03))),
    "BIT STRING under an unknown type": name(rdn(atv("1.2.3.4", b"\x00\x41", 0x03))),
    "SEQUENCE value": name(rdn(atv("2.5.4.3", tlv(0x0C, b"a"), 0x30))),
    "ObjectDescriptor value": name(rdn(atv("2.5.4.3", b"a\xe9", 0x07))),
    "8-bit NumericString": name(rdn(atv("2.5.4.3", b"a\xe9", 0x12))),
    "multi-valued RDN with an empty one before": name(
        tlv(0x31, b""), rdn(atv("2.5.4.10", "O1"), atv("2.5.4.3", "a+b"))
    ),
}


def openssl_subject(der: bytes, nameopt: str) -> str:
    result = subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-noout", "-subject", "-nameopt", nameopt],
        input=der,
        capture_output=True,
        check=True,
    )
    line = result.stdout.decode("utf-8").rstrip("\n")
    assert line.startswith("subject=")
    return line[len("subject=") :]


@pytest.mark.parametrize("label", list(ODD_NAMES))
def test_odd_names_render_as_the_openssl_binary_prints_them(label: str) -> None:
    subject = ODD_NAMES[label]
    der = certificate(subject)
    assert names.rfc4514(subject) == openssl_subject(der, "RFC2253,-esc_msb")
    assert names.openssl_legacy(subject) == openssl_subject(der, "compat")
    assert names.oneline(subject) == openssl_subject(der, "oneline,-esc_msb")


def test_an_empty_rdn_is_left_out_of_the_structure_as_openssl_compares_names() -> None:
    with_empty = names.from_der(ODD_NAMES["empty RDN at the end (zlint DNSFQDN.pem)"])
    assert names.names_equal(with_empty, names.parse_dn("CN=x,C=FR"))
    assert len(with_empty.rdns) == 2


def test_invalid_utf8_shows_its_bytes_not_replacement_characters() -> None:
    subject = name(C_FR, rdn(atv("2.5.4.3", b"ab\xff\xfe\xc3")))
    # OpenSSL 3.0 refuses to load such a certificate at all; certkit shows the bytes it holds.
    refused = subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-noout", "-subject"],
        input=certificate(subject),
        capture_output=True,
    )
    assert refused.returncode != 0
    assert names.rfc4514(subject) == "CN=ab\\FF\\FE\\C3,C=FR"
    assert names.oneline(subject) == "C = FR, CN = ab\\FF\\FE\\C3"
    assert names.openssl_legacy(subject) == "/C=FR/CN=ab\\xFF\\xFE\\xC3"
    assert "\ufffd" not in names.rfc4514(subject)


def test_valid_utf8_next_to_invalid_bytes_is_kept_as_text() -> None:
    subject = name(rdn(atv("2.5.4.3", "é,".encode() + b"\x80")))
    assert names.rfc4514(subject) == "CN=é\\,\\80"
