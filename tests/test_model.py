"""CertificateFacts: the fast DER reader agrees with cryptography; odd extensions never crash."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from certkit import model
from certkit.der import DerError
from tests.certs import make_cert, name
from tests.corpus import pkilint_certificates, trusted_list_certificates


def real_certificates() -> list[tuple[str, bytes]]:
    tl = [(f"tl112#{i}", der) for i, der in enumerate(trusted_list_certificates())]
    tl59 = [
        (f"tl59#{i}", der) for i, der in enumerate(trusted_list_certificates("tl-fr-seq59.xml"))
    ]
    pk = [
        (path, x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER))
        for path, pem in pkilint_certificates()
    ]
    return tl + tl59 + pk


REAL = real_certificates()


def test_corpus_is_there() -> None:
    assert len(trusted_list_certificates()) == 206
    assert len(pkilint_certificates()) >= 100


def slow_fields(cert: x509.Certificate) -> dict[str, Any]:
    return model._fields_from_cryptography(cert)


def test_fast_reader_agrees_with_cryptography_on_every_real_certificate() -> None:
    fast_count = 0
    for label, der in REAL:
        cert = x509.load_der_x509_certificate(der)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            slow = slow_fields(cert)
        try:
            fast = model._fields_from_der(der, cert)
        except (DerError, ValueError, IndexError, KeyError):
            continue
        fast_count += 1
        assert not slow["extension_problems"], label
        assert fast == slow, label
    # The fast reader must actually serve most real certificates, or it is pointless.
    assert fast_count >= len(REAL) * 0.9, (fast_count, len(REAL))


@pytest.mark.parametrize("index", range(0, len(REAL), 7))
def test_facts_never_raise_and_fingerprint_is_of_the_der(index: int) -> None:
    import hashlib

    _label, der = REAL[index]
    cert = x509.load_der_x509_certificate(der)
    facts = model.facts(cert, der)
    assert facts.sha256 == hashlib.sha256(der).hexdigest()
    assert facts.not_after == cert.not_valid_after_utc
    assert facts.subject_der == cert.subject.public_bytes()


def test_malformed_known_extension_is_reported_not_raised() -> None:
    # A keyUsage extension whose value is a NULL instead of a BIT STRING.
    bad_ku = x509.UnrecognizedExtension(x509.ObjectIdentifier("2.5.29.15"), b"\x05\x00")
    cert = make_cert(name((NameOID.COMMON_NAME, "bad ku")), extra=(bad_ku,)).cert
    with pytest.raises(Exception):  # noqa: B017 - cryptography refuses the whole set
        _ = cert.extensions
    facts = model.facts(cert)
    assert [p.oid for p in facts.extension_problems] == ["2.5.29.15"]
    assert facts.is_ca is False  # the other extensions are still read
    assert facts.extended_key_usage == ("client_auth",)


def test_unknown_extension_is_listed() -> None:
    odd = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.2.3.4.5"), b"\x05\x00")
    cert = make_cert(name((NameOID.COMMON_NAME, "odd")), extra=(odd,)).cert
    facts = model.facts(cert)
    assert facts.unknown_extensions == ("1.2.3.4.5",)
    assert facts.extension_problems == ()


def test_days_left_and_validity() -> None:
    cert = make_cert(name((NameOID.COMMON_NAME, "v")), days=30).cert
    facts = model.facts(cert)
    now = cert.not_valid_after_utc - dt.timedelta(days=10, hours=1)
    assert facts.days_left(now) == 10
    assert facts.days_left(cert.not_valid_after_utc + dt.timedelta(days=2)) == -2
    assert facts.is_valid_at(now)
    assert not facts.is_valid_at(cert.not_valid_after_utc + dt.timedelta(seconds=1))


def test_one_pass_dn_renderers_agree_with_the_general_reader() -> None:
    from certkit import der, names

    checked = 0
    for label, data in REAL:
        for name_der in der.certificate_names(data):
            general = names._decode(name_der)
            try:
                legacy = names._legacy_fast(name_der)
            except (names._Irregular, IndexError):
                continue
            checked += 1
            assert legacy == names._render_legacy(general), label
            assert names._rfc4514_fast(name_der)[0] == names._render_rfc4514(general), label
    assert checked >= len(REAL)  # most names take the fast path


@pytest.mark.parametrize(
    ("tag", "text", "expected"),
    [
        (0x17, b"491231235959Z", dt.datetime(2049, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),
        (0x17, b"500101000000Z", dt.datetime(1950, 1, 1, tzinfo=dt.UTC)),  # RFC 5280 pivot
        (0x18, b"20501231235959Z", dt.datetime(2050, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),
        (0x17, b"2712311200Z", None),  # no seconds: not DER
        (0x17, b"271231120000+0100", None),  # offsets are not allowed
        (0x18, b"20271231120000.5Z", None),  # fractions are not allowed
        (0x17, b"271331120000Z", None),  # month 13
    ],
)
def test_fast_reader_times_are_rfc5280_forms_only(
    tag: int, text: bytes, expected: dt.datetime | None
) -> None:
    """Anything but the two RFC 5280 forms is left to cryptography (which reports it)."""
    if expected is None:
        with pytest.raises(ValueError):
            model._time(tag, text)
    else:
        assert model._time(tag, text) == expected
