"""SIREN, SIRET and VAT extraction (certkit.identity): hand-made names, the French trusted list."""

from __future__ import annotations

import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from certkit import identity
from tests.test_names_openssl import trusted_list_certificates

A = x509.NameAttribute
OI = x509.ObjectIdentifier("2.5.4.97")


def naive_luhn(number: str) -> bool:
    """Luhn written differently from the library: a lookup table for doubled digits."""
    doubled = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
    digits = [int(c) for c in number]
    total = sum(digits[-1::-2]) + sum(doubled[d] for d in digits[-2::-2])
    return total % 10 == 0


# Real SIRENs printed in the French trusted list (certificate subjects), hence valid.
REAL_SIRENS = ["433998903", "130003262", "812611150", "784350134", "481463081", "356000000"]


@pytest.mark.parametrize("siren", REAL_SIRENS)
def test_real_sirens_are_valid_and_one_digit_off_is_not(siren: str) -> None:
    assert naive_luhn(siren)
    assert identity.is_valid_siren(siren)
    wrong = siren[:-1] + str((int(siren[-1]) + 1) % 10)
    assert not naive_luhn(wrong)
    assert not identity.is_valid_siren(wrong)


def test_siren_shape() -> None:
    for bad in ("", "43399890", "4339989030", "43399890a", "４33998903", " 433998903"):
        assert not identity.is_valid_siren(bad)


def test_siret_rules_including_la_poste() -> None:
    assert identity.is_valid_siret("43912916400026")  # Universign, trusted list
    assert identity.is_valid_siret("48146308100036")  # Dhimyotis, trusted list
    assert not identity.is_valid_siret("48146308100037")
    # La Poste establishment: digit sum 3+5+6+6+5+3+7 = 35, a multiple of 5; Luhn fails
    assert identity.is_valid_siret("35600000065307")
    assert not naive_luhn("35600000065307")
    assert not identity.is_valid_siret("35600000065308")
    # La Poste head office uses Luhn (digit sum 26 is not a multiple of 5)
    assert naive_luhn("35600000000048")
    assert identity.is_valid_siret("35600000000048")
    assert not identity.is_valid_siret("35600000000049")


def test_vat_key_matches_vat_numbers_printed_in_the_trusted_list() -> None:
    # organizationIdentifier=VATEU-FR71812611150 (DocuSign France), VATFR-67784350134 (Notariat)
    assert identity.vat_number("812611150") == "FR71812611150"
    assert identity.vat_number("784350134") == "FR67784350134"
    assert identity.vat_key("784350134") == 67


def subject(*attributes: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([A(NameOID.COUNTRY_NAME, "FR"), *(A(oid, value) for oid, value in attributes)])


OU = NameOID.ORGANIZATIONAL_UNIT_NAME
SN = NameOID.SERIAL_NUMBER


@pytest.mark.parametrize(
    ("attributes", "siren", "siret", "source", "codes"),
    [
        ([(OI, "NTRFR-433998903")], "433998903", None, "organizationIdentifier", []),
        (
            [(OI, "NTRFR-43912916400026")],
            "439129164",
            "43912916400026",
            "organizationIdentifier",
            [],
        ),
        ([(OI, "VATFR-FR67784350134")], "784350134", None, "organizationIdentifier", []),
        (
            [(OI, "VATFR-68784350134")],
            None,
            None,
            "organizationIdentifier",
            ["identity.vat_key_invalid"],
        ),
        ([(OI, "SI:FR-433998903")], "433998903", None, "organizationIdentifier", []),
        (
            [(OI, "NTRFR:433998903")],
            None,
            None,
            "organizationIdentifier",
            ["identity.value_malformed"],
        ),
        (
            [(OI, "NTRFR-43399890")],
            None,
            None,
            "organizationIdentifier",
            ["identity.value_malformed"],
        ),
        (
            [(OI, "NTRFR-433998904")],
            None,
            None,
            "organizationIdentifier",
            ["identity.siren_checksum_invalid"],
        ),
        ([(OI, "NTRBE-0949383342")], None, None, None, ["identity.org_id_not_french"]),
        ([(OU, "0002 433998903")], "433998903", None, "OU", []),
        ([(OU, "0002433998903")], "433998903", None, "OU", ["identity.ou_variant"]),
        ([(OU, "002 433998903")], "433998903", None, "OU", ["identity.ou_variant"]),
        ([(OU, "0001 433998903")], "433998903", None, "OU", ["identity.ou_variant"]),
        ([(OU, "433998903")], "433998903", None, "OU", ["identity.ou_variant"]),
        ([(OU, "0002 433 998 903")], None, None, "OU", ["identity.value_malformed"]),
        ([(OU, "0002 35600000065307")], "356000000", "35600000065307", "OU", []),
        ([(OU, "0002 35600000065308")], None, None, "OU", ["identity.siret_checksum_invalid"]),
        ([(OU, "Direction informatique")], None, None, None, []),
        ([(SN, "433998903")], "433998903", None, "serialNumber", []),
        ([(SN, "433998904")], None, None, None, []),
        (
            [(OU, "0002 433998903"), (OI, "NTRFR-812611150")],
            "812611150",
            None,
            "organizationIdentifier",
            ["identity.siren_conflict"],
        ),
        (
            [(OU, "0002 43912916400026"), (OI, "NTRFR-439129164")],
            "439129164",
            "43912916400026",
            "organizationIdentifier",
            [],
        ),
        (
            [(OU, "0002 433998904"), (OU, "0002 812611150")],
            "812611150",
            None,
            "OU",
            ["identity.siren_checksum_invalid"],
        ),
    ],
)
def test_forms_found_in_certificates(
    attributes: list[tuple[x509.ObjectIdentifier, str]],
    siren: str | None,
    siret: str | None,
    source: str | None,
    codes: list[str],
) -> None:
    found = identity.extract_identity(subject(*attributes))
    assert (found.siren, found.siret, found.source) == (siren, siret, source)
    assert [f.code for f in found.findings] == codes
    for f in found.findings:
        assert f.message("fr") and f.message("en")
        if "value" in f.params:
            assert f.params["value"] in [v for _, v in attributes]
    if siren is None and source is not None:
        assert found.raw_value == attributes[0][1]


def test_conflict_names_every_candidate_and_the_rule() -> None:
    found = identity.extract_identity(subject((OU, "0002 433998903"), (OI, "NTRFR-812611150")))
    message = found.findings[0].message("en")
    assert "433998903" in message and "812611150" in message
    assert "organizationIdentifier, then OU" in message


# --- the French trusted list ---------------------------------------------------------------------


def unique_tl_certificates() -> list[x509.Certificate]:
    seen: dict[bytes, x509.Certificate] = {}
    for der in trusted_list_certificates():
        seen.setdefault(der, x509.load_der_x509_certificate(der))
    return list(seen.values())


def test_all_202_trusted_list_certificates_go_through() -> None:
    certs = unique_tl_certificates()
    assert len(certs) == 202
    with_siren = 0
    for cert in certs:
        found = identity.extract_identity(cert.subject)
        assert found.siren is None or identity.is_valid_siren(found.siren)
        with_siren += found.siren is not None
    assert with_siren > 150


# (text that identifies the certificate in cryptography's rfc4514_string(), the raw attribute
#  value as openssl prints it, SIREN, SIRET, source, finding codes). Values read from
#  `openssl x509 -noout -subject -nameopt RFC2253,-esc_msb` on the trusted-list certificates.
TL_CASES = [
    (
        "CN=Certinomis - Prime CA G2",
        "NTRFR-433998903",
        "433998903",
        None,
        "organizationIdentifier",
        [],
    ),
    ("CN=Universign CA hardware,", "0002 43912916400026", "439129164", "43912916400026", "OU", []),
    (
        "LA_POSTE_UNITE_HORODATAGE_925355_10",
        "0002 35600000065307",
        "356000000",
        "35600000065307",
        "OU",
        [],
    ),
    (
        "CACHET_ELECTRONIQUE_DE_LA_POSTE",
        "NTRFR-356000000",
        "356000000",
        None,
        "organizationIdentifier",
        [],
    ),
    (
        "CN=POLICE NATIONALE 3E 2018",
        "0002110014016",
        "110014016",
        None,
        "OU",
        ["identity.ou_variant"],
    ),
    ("CN=REALTS2021", "002 784350134", "784350134", None, "OU", ["identity.ou_variant"]),
    ("CN=YOUSIGN SAS - SIGN2 CA", "794513986", "794513986", None, "OU", ["identity.ou_variant"]),
    (
        "CN=Yousign timestamp unit 4",
        "NTRFR:794513986",
        None,
        None,
        "organizationIdentifier",
        ["identity.value_malformed"],
    ),
    (
        "CN=UH Qualifiee 20190109",
        "VATEU-FR71812611150",
        "812611150",
        None,
        "organizationIdentifier",
        [],
    ),
    ("CN=REALTS 2025", "VATFR-67784350134", "784350134", None, "organizationIdentifier", []),
    ("CN=CDC - LEGALIA", "SI:FR-180020026", "180020026", None, "organizationIdentifier", []),
    (
        "CN=DARVA - DARVA-TIMESTAMP1",
        "NTRFR-34513312800057",
        "345133128",
        "34513312800057",
        "organizationIdentifier",
        [],
    ),
    ("CN=JEROEN ARNOLD L RATHE", None, None, None, None, ["identity.org_id_not_french"]),
]


def openssl_subject(cert: x509.Certificate) -> str:
    pem = cert.public_bytes(serialization.Encoding.PEM)
    out = subprocess.run(
        ["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"],
        input=pem,
        capture_output=True,
        check=True,
    )
    return out.stdout.decode("utf-8")


@pytest.mark.parametrize(("marker", "raw", "siren", "siret", "source", "codes"), TL_CASES)
def test_representative_trusted_list_certificates(
    marker: str,
    raw: str | None,
    siren: str | None,
    siret: str | None,
    source: str | None,
    codes: list[str],
) -> None:
    cert = next(c for c in unique_tl_certificates() if marker in c.subject.rfc4514_string())
    if raw is not None:
        assert f"={raw}," in openssl_subject(cert)
    found = identity.extract_identity(cert.subject)
    assert (found.siren, found.siret, found.source) == (siren, siret, source)
    assert found.raw_value == raw
    assert [f.code for f in found.findings] == codes
    for f in found.findings:
        assert f.params.get("value") == raw or raw is None


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        (SN, "334 961 745"),  # seen in a real PSD2 certificate (pkilint corpus)
        (SN, "334.961.745"),
        (SN, "334 961 745 00012"),  # a SIRET in groups
        (OU, "334 961 745"),
        (OU, "0002 334 961 745"),
        (OI, "NTRFR-334 961 745"),
    ],
)
def test_number_written_in_groups_is_malformed_never_repaired(
    attribute: x509.ObjectIdentifier, value: str
) -> None:
    found = identity.extract_identity(subject((attribute, value)))
    assert found.siren is None and found.siret is None
    malformed = [f for f in found.findings if f.code == "identity.value_malformed"]
    assert [f.params["value"] for f in malformed] == [value]
    assert found.raw_value == value


def test_other_serial_numbers_are_not_taken_for_a_siren() -> None:
    # A person's or device serial number is not a company number: nothing reported.
    for value in ("1234", "AB 12 34", "12 34", "2019-04-01"):
        found = identity.extract_identity(subject((SN, value)))
        assert found.findings == () and found.siren is None, value
