"""certkit.names renders names exactly as OpenSSL 3.0 prints them.

Two witnesses: the real ``openssl x509`` binary for hand-made tricky names, and the system libcrypto
(the same X509_NAME_print_ex / X509_NAME_oneline code the binary calls, reached through ctypes so
that hundreds of real certificates stay fast); a test checks the two witnesses agree.
"""

from __future__ import annotations

import base64
import ctypes
import datetime
import re
import subprocess
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID

from certkit import names
from tests.corpus import CORPUS

TL = CORPUS / "trusted-lists" / "tl-fr-seq112.xml"

A = x509.NameAttribute
R = x509.RelativeDistinguishedName
OI = x509.ObjectIdentifier("2.5.4.97")

RFC2253_NO_ESC_MSB = 0x313 | 1 << 16 | 1 << 20 | 1 << 24
ONELINE_NO_ESC_MSB = 0x313 | 8 | 2 << 16 | 1 << 23
ONELINE = ONELINE_NO_ESC_MSB | 4

_KEY = ec.generate_private_key(ec.SECP256R1())


def make_cert(subject: x509.Name, issuer: x509.Name | None = None) -> x509.Certificate:
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer or subject)
        .public_key(_KEY.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=1))
        .sign(_KEY, hashes.SHA256())
    )


TRICKY: list[x509.Name] = [
    x509.Name(
        [
            A(NameOID.COUNTRY_NAME, "FR"),
            A(NameOID.ORGANIZATION_NAME, "SYNDIC EXEMPLE, SAS"),
            A(OI, "NTRFR-732829320"),
            A(NameOID.COMMON_NAME, ' #lead+x;y<z>"q\\b=c trail '),
        ]
    ),
    x509.Name(
        [
            A(NameOID.COUNTRY_NAME, "FR"),
            A(NameOID.ORGANIZATION_NAME, "Société é\x00\x01\x7f/slash"),
            A(NameOID.COMMON_NAME, "#x"),
            A(NameOID.ORGANIZATIONAL_UNIT_NAME, "0002 732829320"),
        ]
    ),
    x509.Name(
        [
            R([A(NameOID.COUNTRY_NAME, "FR")]),
            R(
                [
                    A(NameOID.ORGANIZATION_NAME, "O1"),
                    A(NameOID.COMMON_NAME, "CN1, O=Evil"),
                    A(NameOID.ORGANIZATIONAL_UNIT_NAME, "OU+1"),
                ]
            ),
        ]
    ),
    x509.Name(
        [
            A(x509.ObjectIdentifier("1.2.3.4"), "abc"),
            A(x509.ObjectIdentifier("2.5.4.97"), "VATFR-12345678901"),
            A(NameOID.SERIAL_NUMBER, "S1"),
            A(NameOID.EMAIL_ADDRESS, "a@b.fr"),
            A(NameOID.STREET_ADDRESS, "1 rue X"),
            A(NameOID.GIVEN_NAME, "Jean"),
            A(NameOID.SURNAME, "Dupont"),
            A(NameOID.TITLE, "t"),
            A(NameOID.DOMAIN_COMPONENT, "example"),
            A(NameOID.USER_ID, "u"),
            A(NameOID.LOCALITY_NAME, "Paris"),
            A(NameOID.STATE_OR_PROVINCE_NAME, "IDF"),
            A(NameOID.POSTAL_CODE, "75001"),
            A(x509.ObjectIdentifier("1.3.6.1.4.1.311.60.2.1.3"), "FR"),
            A(x509.ObjectIdentifier("2.5.4.15"), "Private Organization"),
        ]
    ),
    x509.Name(
        [
            A(NameOID.COMMON_NAME, "bmp é€ ok", _type=_ASN1Type.BMPString),
            A(NameOID.ORGANIZATION_NAME, "univ é", _type=_ASN1Type.UniversalString),
            A(NameOID.ORGANIZATIONAL_UNIT_NAME, "a/b+c=d\\xAB\\+ é"),
        ]
    ),
    x509.Name(
        [
            A(NameOID.COMMON_NAME, "t61 é", _type=_ASN1Type.T61String),
            A(NameOID.ORGANIZATION_NAME, "ia5", _type=_ASN1Type.IA5String),
            A(NameOID.ORGANIZATIONAL_UNIT_NAME, "123", _type=_ASN1Type.NumericString),
            A(NameOID.COMMON_NAME, " "),
            A(NameOID.COMMON_NAME, "  two  "),
        ]
    ),
    x509.Name([]),
    x509.Name(  # long values: long-form DER lengths inside the RDN
        [
            R([A(NameOID.COUNTRY_NAME, "FR")]),
            R([A(NameOID.ORGANIZATION_NAME, "Syndic de copropriété, " * 6)]),
            R([A(NameOID.COMMON_NAME, "x" * 60), A(NameOID.ORGANIZATIONAL_UNIT_NAME, "y" * 60)]),
        ]
    ),
    x509.Name([A(NameOID.COMMON_NAME, "ＡＣＭＥ аcme\u200b")]),
]


def openssl_print(cert: x509.Certificate, nameopt: str, which: str = "-subject") -> str:
    """What the real openssl binary prints for ``which`` with ``-nameopt nameopt``."""
    pem = cert.public_bytes(serialization.Encoding.PEM)
    result = subprocess.run(
        ["openssl", "x509", "-noout", which, "-nameopt", nameopt],
        input=pem,
        capture_output=True,
        check=True,
    )
    line = result.stdout.decode("utf-8").rstrip("\n")
    prefix = which[1:] + "="
    assert line.startswith(prefix)
    return line[len(prefix) :]


@pytest.mark.parametrize("index", range(len(TRICKY)))
def test_three_forms_agree_with_the_openssl_binary(index: int) -> None:
    name = TRICKY[index]
    cert = make_cert(name, TRICKY[(index + 1) % len(TRICKY)])
    subject_der, issuer_der = names.subject_issuer_der(cert)
    assert subject_der == name.public_bytes()
    assert names.rfc4514(name) == openssl_print(cert, "RFC2253,-esc_msb")
    assert names.openssl_legacy(name) == openssl_print(cert, "compat")
    assert names.oneline(name) == openssl_print(cert, "oneline,-esc_msb")
    assert names.oneline(name, esc_msb=True) == openssl_print(cert, "oneline")
    assert names.rfc4514(issuer_der) == openssl_print(cert, "RFC2253,-esc_msb", "-issuer")


# --- the system libcrypto through ctypes, for the real-certificate corpus ---------------------


@cache
def libcrypto() -> ctypes.CDLL:
    lib = ctypes.CDLL("libcrypto.so.3")
    lib.d2i_X509.restype = ctypes.c_void_p
    lib.d2i_X509.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_long]
    lib.X509_get_subject_name.restype = ctypes.c_void_p
    lib.X509_get_subject_name.argtypes = [ctypes.c_void_p]
    lib.X509_get_issuer_name.restype = ctypes.c_void_p
    lib.X509_get_issuer_name.argtypes = [ctypes.c_void_p]
    lib.BIO_s_mem.restype = ctypes.c_void_p
    lib.BIO_new.restype = ctypes.c_void_p
    lib.BIO_new.argtypes = [ctypes.c_void_p]
    lib.BIO_read.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.BIO_free.argtypes = [ctypes.c_void_p]
    lib.X509_free.argtypes = [ctypes.c_void_p]
    lib.X509_NAME_print_ex.argtypes = [
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.c_int,
        ctypes.c_ulong,
    ]
    lib.X509_NAME_oneline.restype = ctypes.c_void_p
    lib.X509_NAME_oneline.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.CRYPTO_free.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    return lib


def libcrypto_print(der: bytes, flags: int | None, which: str = "subject") -> str:
    """X509_NAME_print_ex(flags) of the certificate's name; X509_NAME_oneline when flags is None."""
    lib = libcrypto()
    buf = ctypes.c_char_p(der)
    cert = lib.d2i_X509(None, ctypes.byref(buf), len(der))
    assert cert
    try:
        getter = lib.X509_get_subject_name if which == "subject" else lib.X509_get_issuer_name
        name = getter(cert)
        if flags is None:
            pointer = lib.X509_NAME_oneline(name, None, 0)
            text = ctypes.string_at(pointer)
            lib.CRYPTO_free(pointer, b"", 0)
            return text.decode("utf-8")
        bio = lib.BIO_new(lib.BIO_s_mem())
        assert lib.X509_NAME_print_ex(bio, name, 0, flags) >= 0
        out = ctypes.create_string_buffer(65536)
        size = lib.BIO_read(bio, out, 65536)
        lib.BIO_free(bio)
        return out.raw[: max(size, 0)].decode("utf-8")
    finally:
        lib.X509_free(cert)


def trusted_list_certificates() -> list[bytes]:
    text = TL.read_text(encoding="utf-8")
    blobs = re.findall(r"<(?:\w+:)?X509Certificate>([^<]+)</(?:\w+:)?X509Certificate>", text)
    return [base64.b64decode("".join(b.split())) for b in blobs]


def pkilint_certificates() -> list[bytes]:
    ders = []
    for path in sorted(CORPUS.glob("pkilint-etsi/**/*.crttest")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", text, re.S)
        if match:
            ders.append(
                x509.load_pem_x509_certificate(match.group(0).encode()).public_bytes(
                    serialization.Encoding.DER
                )
            )
    return ders


def test_the_ctypes_witness_prints_what_the_binary_prints() -> None:
    for name in TRICKY[:5]:
        cert = make_cert(name)
        der = cert.public_bytes(serialization.Encoding.DER)
        assert libcrypto_print(der, RFC2253_NO_ESC_MSB) == openssl_print(cert, "RFC2253,-esc_msb")
        assert libcrypto_print(der, None) == openssl_print(cert, "compat")
        assert libcrypto_print(der, ONELINE_NO_ESC_MSB) == openssl_print(cert, "oneline,-esc_msb")


def test_every_corpus_certificate_renders_like_openssl() -> None:
    ders = trusted_list_certificates() + pkilint_certificates()
    assert len(ders) >= 202 + 100
    for der in ders:
        cert = x509.load_der_x509_certificate(der)
        subject_der, issuer_der = names.subject_issuer_der(cert)
        for which, name_der in (("subject", subject_der), ("issuer", issuer_der)):
            assert names.rfc4514(name_der) == libcrypto_print(der, RFC2253_NO_ESC_MSB, which)
            assert names.openssl_legacy(name_der) == libcrypto_print(der, None, which)
            assert names.oneline(name_der) == libcrypto_print(der, ONELINE_NO_ESC_MSB, which)
            assert names.oneline(name_der, esc_msb=True) == libcrypto_print(der, ONELINE, which)


TESTCA_PROFILES = [
    "rgs1-server-client",
    "rgs1-server-client-ou0002",
    "rgs3-server-client",
    "personal",
    "server-only",
    "no-siren",
    "expired",
]


@pytest.mark.parametrize("profile", TESTCA_PROFILES)
def test_test_ca_certificates_render_like_the_openssl_binary(
    profile: str, certkit_issue: Callable[..., Any]
) -> None:
    issued = certkit_issue(profile, org="Société d'Exemple, SAS")
    cert = issued.certificate
    subject_der, issuer_der = names.subject_issuer_der(cert)
    assert names.rfc4514(subject_der) == openssl_print(cert, "RFC2253,-esc_msb")
    assert names.openssl_legacy(subject_der) == openssl_print(cert, "compat")
    assert names.oneline(subject_der) == openssl_print(cert, "oneline,-esc_msb")
    assert names.rfc4514(issuer_der) == openssl_print(cert, "RFC2253,-esc_msb", "-issuer")
    assert names.openssl_legacy(issuer_der) == openssl_print(cert, "compat", "-issuer")
