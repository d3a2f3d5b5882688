"""Parsing typed DNs and comparing names on their structure (certkit.names)."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from certkit import names
from certkit.errors import InputError
from tests.corpus import pkilint_certificates, trusted_list_certificates

A = x509.NameAttribute
R = x509.RelativeDistinguishedName
OI = x509.ObjectIdentifier("2.5.4.97")


def syndic_name(cn: str = "syndic.example.fr", org: str = "SYNDIC EXEMPLE, SAS") -> x509.Name:
    return x509.Name(
        [
            A(NameOID.COUNTRY_NAME, "FR"),
            A(NameOID.ORGANIZATION_NAME, org),
            A(OI, "NTRFR-732829320"),
            A(NameOID.COMMON_NAME, cn),
        ]
    )


def one(oid: x509.ObjectIdentifier, value: str, **kw: _ASN1Type) -> x509.Name:
    return x509.Name([A(NameOID.COUNTRY_NAME, "FR"), A(oid, value, **kw)])


# --- parsing the forms people type ------------------------------------------------------------

CERT = syndic_name()


@pytest.mark.parametrize(
    ("typed", "form"),
    [
        (
            "CN=syndic.example.fr,organizationIdentifier=NTRFR-732829320,"
            "O=SYNDIC EXEMPLE\\, SAS,C=FR",
            names.DNForm.RFC4514,
        ),
        (
            "cn = syndic.example.fr ,  OID.2.5.4.97=NTRFR-732829320, "
            "o=SYNDIC EXEMPLE\\2C SAS, c=FR",
            names.DNForm.ONELINE,
        ),
        (
            'CN=syndic.example.fr,2.5.4.97=NTRFR-732829320,O="SYNDIC EXEMPLE, SAS",C=FR',
            names.DNForm.RFC4514,
        ),
        (
            "CN=syndic.example.fr,ORGANIZATIONIDENTIFIER=NTRFR-732829320,"
            "O=SYNDIC EXEMPLE\\, SAS,C=#130246 52",
            names.DNForm.RFC4514,
        ),
        (
            "/C=FR/O=SYNDIC EXEMPLE, SAS/organizationIdentifier=NTRFR-732829320"
            "/CN=syndic.example.fr",
            names.DNForm.OPENSSL,
        ),
        (
            "  /c = FR/O=SYNDIC EXEMPLE, SAS/2.5.4.97=NTRFR-732829320/CN=syndic.example.fr ",
            names.DNForm.OPENSSL,
        ),
        (
            "CN=SYNDIC.EXAMPLE.FR,organizationIdentifier=ntrfr-732829320,"
            "O=syndic exemple\\, sas,C=fr",
            names.DNForm.RFC4514,
        ),
    ],
)
def test_typed_forms_of_the_same_name_are_equal(typed: str, form: names.DNForm) -> None:
    parsed = names.parse_dn(typed.replace("#130246 52", "#13024652"))
    assert parsed.form is form
    assert names.names_equal(parsed, CERT)
    assert not names.names_equal(parsed.reversed(), CERT)


def test_oneline_copied_from_openssl_comes_out_reversed() -> None:
    typed = 'C = FR, O = "SYNDIC EXEMPLE, SAS", organizationIdentifier = NTRFR-732829320, CN = x'
    parsed = names.parse_dn(typed)
    assert parsed.form is names.DNForm.ONELINE
    assert not names.names_equal(parsed, syndic_name("x"))
    assert names.names_equal(parsed.reversed(), syndic_name("x"))


def test_hex_value_is_decoded_as_der() -> None:
    parsed = names.parse_dn("CN=#0C03616263")
    assert parsed.rdns == ((names.NameAttribute("2.5.4.3", "abc"),),)
    binary = names.parse_dn("1.2.3.4=#040201FF")
    assert binary.rdns[0][0].binary and binary.rdns[0][0].value == "#040201ff"


def test_legacy_form_keeps_slashes_and_plus_that_are_not_separators() -> None:
    parsed = names.parse_dn("/C=FR/O=A/B SARL+filiale/CN=x\\/y")
    assert parsed.values("2.5.4.10") == ("A/B SARL+filiale",)
    assert parsed.values("2.5.4.3") == ("x/y",)
    multi = names.parse_dn("/C=FR/O=O1+CN=CN1")
    assert len(multi.rdns) == 2 and len(multi.rdns[1]) == 2


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("just some words", "names.dn_expected_name_value"),
        ("CN=a,,O=b", "names.dn_expected_name_value"),
        ('CN="unterminated', "names.dn_unterminated_quote"),
        ("CN=a\\", "names.dn_backslash_at_end"),
        ("=x", "names.dn_missing_name"),
        ("FOO=bar", "names.unknown_attribute"),
        ("   ", "names.dn_empty"),
        ("CN=#zz", "names.dn_bad_hex"),
        ("CN=\\C3\\28", "names.dn_bad_utf8"),
        ('CN="a" b', "names.dn_expected_separator"),
    ],
)
def test_text_that_is_not_a_dn_is_refused_with_a_reason(typed: str, code: str) -> None:
    with pytest.raises(InputError) as info:
        names.parse_dn(typed)
    assert info.value.code == code
    assert info.value.message("en")


# --- security: names crafted to spoof never compare equal to a different name -----------------


def test_dropped_escape_is_a_different_name() -> None:
    cert = syndic_name(cn="a, O=Evil", org="SYNDIC EXEMPLE SAS")
    assert names.names_equal(names.parse_dn(names.rfc4514(cert)), cert)
    dropped = names.rfc4514(cert).replace("\\,", ",")
    assert dropped.startswith("CN=a, O=Evil,")
    assert not names.names_equal(names.parse_dn(dropped), cert)
    # a dropped escape that leaves a fragment without NAME= is not a DN at all
    with pytest.raises(InputError):
        names.parse_dn(names.rfc4514(syndic_name()).replace("\\,", ","))


def test_cve_2014_3577_like_cn_is_not_an_o() -> None:
    spoof = x509.Name([A(NameOID.COMMON_NAME, "www.evil.org, O=SYNDIC EXEMPLE")])
    real = x509.Name(
        [A(NameOID.ORGANIZATION_NAME, "SYNDIC EXEMPLE"), A(NameOID.COMMON_NAME, "www.evil.org")]
    )
    assert not names.names_equal(spoof, real)
    assert names.from_x509(spoof).values("2.5.4.10") == ()


def test_ou_holding_cn_is_not_a_cn() -> None:
    assert not names.names_equal(
        one(NameOID.ORGANIZATIONAL_UNIT_NAME, "CN=x"), one(NameOID.COMMON_NAME, "x")
    )
    assert not names.names_equal(names.parse_dn("OU=CN\\=x,C=FR"), one(NameOID.COMMON_NAME, "x"))


def test_plus_inside_a_value_is_not_a_multi_valued_rdn() -> None:
    inside = one(NameOID.COMMON_NAME, "a+O=b")
    multi = x509.Name(
        [
            R([A(NameOID.COUNTRY_NAME, "FR")]),
            R([A(NameOID.COMMON_NAME, "a"), A(NameOID.ORGANIZATION_NAME, "b")]),
        ]
    )
    assert not names.names_equal(inside, multi)
    assert names.names_equal(names.parse_dn("CN=a\\+O=b,C=FR"), inside)
    assert names.names_equal(names.parse_dn("O=b+CN=a,C=FR"), multi)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("admin\x00.evil.fr", "admin"),
        ("admin\x00", "admin"),
        ("аcme", "acme"),  # Cyrillic а
        ("ＡＣＭＥ", "ACME"),  # fullwidth
        ("AC\u200bME", "ACME"),  # zero-width space
        ("ACME ", "ACME"),
        (" ACME", "ACME"),
        ("AC  ME", "AC ME"),
        ("ACME\u00a0SAS", "ACME SAS"),
    ],
)
def test_look_alikes_nul_and_spaces_make_different_names(left: str, right: str) -> None:
    a, b = one(NameOID.COMMON_NAME, left), one(NameOID.COMMON_NAME, right)
    assert not names.names_equal(a, b)
    assert not names.names_equal(names.parse_dn(names.rfc4514(a)), b)
    assert names.names_equal(names.parse_dn(names.rfc4514(a)), a)


def test_case_canonical_unicode_string_type_and_rdn_member_order_do_not_matter() -> None:
    assert names.names_equal(
        one(NameOID.COMMON_NAME, "Société"), one(NameOID.COMMON_NAME, "SOCIÉTÉ")
    )
    assert names.names_equal(
        one(NameOID.COMMON_NAME, "Soci\u00e9t\u00e9"),
        one(NameOID.COMMON_NAME, "Socie\u0301te\u0301"),
    )
    assert names.names_equal(
        one(NameOID.COMMON_NAME, "ACME", _type=_ASN1Type.PrintableString),
        one(NameOID.COMMON_NAME, "ACME", _type=_ASN1Type.UTF8String),
    )
    ab = x509.Name([R([A(NameOID.COMMON_NAME, "a"), A(NameOID.ORGANIZATION_NAME, "b")])])
    ba = names.parse_dn("CN=a+O=b")
    assert names.names_equal(ab, ba)
    two = x509.Name([A(NameOID.COMMON_NAME, "a"), A(NameOID.ORGANIZATION_NAME, "b")])
    assert not names.names_equal(ab, two)


# --- round trip: parse(rfc4514(n)) == from_x509(n) ---------------------------------------------

TEXT_OIDS = [
    NameOID.COMMON_NAME,
    NameOID.ORGANIZATION_NAME,
    NameOID.ORGANIZATIONAL_UNIT_NAME,
    NameOID.LOCALITY_NAME,
    NameOID.STATE_OR_PROVINCE_NAME,
    NameOID.STREET_ADDRESS,
    NameOID.SERIAL_NUMBER,
    NameOID.TITLE,
    NameOID.GIVEN_NAME,
    NameOID.SURNAME,
    OI,
    x509.ObjectIdentifier("2.5.4.15"),
    x509.ObjectIdentifier("1.2.3.4.5"),
    x509.ObjectIdentifier("1.3.6.1.4.1.99999.7"),
]
ASCII_OIDS = [NameOID.EMAIL_ADDRESS, NameOID.DOMAIN_COMPONENT]

SPECIAL = ',+"\\<>;=#/ \x00\x01\x1f\x7f'
values = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIAL + "aZ09.-éÉ€中😀\u00a0\u0301"),
        st.characters(exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=24,
)
ascii_values = st.text(alphabet=st.sampled_from(SPECIAL + "abcXYZ019.-@"), min_size=1, max_size=24)
attributes = st.one_of(
    st.builds(A, st.sampled_from(TEXT_OIDS), values),
    st.builds(A, st.sampled_from(ASCII_OIDS), ascii_values),
    st.builds(
        lambda oid, value, kind: A(oid, value, _type=kind),
        st.sampled_from([NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME]),
        st.text(
            alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)),
            min_size=1,
            max_size=12,
        ),
        st.sampled_from([_ASN1Type.BMPString, _ASN1Type.UniversalString]),
    ),
)
rdns = st.lists(attributes, min_size=1, max_size=3, unique_by=lambda a: (a.oid, a.value)).map(R)
random_names = st.lists(rdns, min_size=0, max_size=6).map(x509.Name)


@settings(max_examples=300, deadline=None)
@given(random_names)
def test_parse_of_rfc4514_is_the_name(name: x509.Name) -> None:
    text = names.rfc4514(name)
    parsed = names.parse_dn(text) if name.rdns else None
    if parsed is not None:
        assert parsed == names.from_x509(name)
        assert names.names_equal(parsed, name)
        assert names.rfc4514(name) == text


@settings(max_examples=150, deadline=None)
@given(random_names)
def test_names_equal_is_reflexive_and_the_renderings_do_not_crash(name: x509.Name) -> None:
    assert names.names_equal(name, name)
    assert isinstance(names.openssl_legacy(name), str)
    assert isinstance(names.oneline(name), str)


def _one_pass_agrees_with_the_structure(der: bytes) -> None:
    parsed = names.from_der(der)
    assert names.attribute_values(der) == tuple(
        (a.oid, a.value, a.binary) for a in parsed.attributes()
    )
    assert names.openssl_legacy(der) == names._render_legacy(names._decode(der))
    assert names.rfc4514(der) == names._render_rfc4514(names._decode(der))


@settings(max_examples=300, deadline=None)
@given(random_names)
def test_one_pass_over_a_name_agrees_with_its_structure(name: x509.Name) -> None:
    """The cached single pass (RFC 4514 text, attribute values, legacy text) reads the same as
    the general decoder, on random names of every string type."""
    _one_pass_agrees_with_the_structure(name.public_bytes())


def test_one_pass_agrees_with_the_structure_on_every_corpus_name() -> None:
    ders = list(trusted_list_certificates())
    ders += [
        x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)
        for _, pem in pkilint_certificates()
    ]
    for cert_der in ders:
        for name_der in names.certificate_names_der(cert_der):
            _one_pass_agrees_with_the_structure(name_der)


def test_from_x509_reads_string_types() -> None:
    name = x509.Name(
        [
            A(NameOID.COMMON_NAME, "bmp €", _type=_ASN1Type.BMPString),
            A(NameOID.ORGANIZATION_NAME, "univ é", _type=_ASN1Type.UniversalString),
            A(NameOID.COUNTRY_NAME, "FR"),
        ]
    )
    parsed = names.from_x509(name)
    assert [a.value for a in parsed.attributes()] == ["bmp €", "univ é", "FR"]
    assert [a.tag for a in parsed.attributes()] == [30, 28, 19]


def test_malformed_der_raises_a_clear_error_not_a_crash() -> None:
    good = syndic_name().public_bytes()
    for bad in (b"", b"\x30", good[:-1], good + b"\x00", b"\x31\x00", b"\x30\x03\x31\x01\x00"):
        with pytest.raises(names.NameDecodeError):
            names.rfc4514(bad)
        with pytest.raises(names.NameDecodeError):
            names.from_der(bad)


def _slow_or_error(text: str) -> object:
    try:
        return names._parse_comma(text)
    except InputError as exc:
        return exc.code


typed_text = st.text(alphabet=st.sampled_from(list('CNO=U,+; \\"#aé2.xX')), max_size=30)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(typed_text, random_names.map(names.rfc4514)))
def test_fast_parser_agrees_with_the_general_one(text: str) -> None:
    """The regex fast path either declines or reads exactly what the general parser reads."""
    fast = names._parse_comma_fast(text)
    if fast is not None:
        assert fast == _slow_or_error(text)


def test_fast_parser_takes_the_common_shapes() -> None:
    for text in ("CN=SYNDIC EXEMPLE\\, SAS,O=X,C=FR", "cn = a b ,  OID.2.5.4.97=NTRFR-1 + c=FR"):
        assert names._parse_comma_fast(text) == names._parse_comma(text)
    for text in ('O="quoted"', "CN=#0C0161", "O=a\\2Cb", "CN=a,"):
        assert names._parse_comma_fast(text) is None
