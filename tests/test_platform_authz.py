"""The registry's authorisation rule as a pure function: (certificate, accounts, comparison) →
decision. Certificates come from a real test CA; registered strings are typed here by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from certkit.errors import InputError
from certkit.platform.accounts import Accounts, Slot, with_slot
from certkit.platform.authz import Authoriser, DnCompare, Refusal
from certkit.testca import TestCA

SIREN = "732829320"
OTHER = "552100554"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    return TestCA.init(tmp_path_factory.mktemp("authz") / "ca", name="Authz CA")


ISSUER = "CN=Authz CA Serveur-Client,OU=certkit test PKI - not for production,O=certkit,C=FR"


def _cert(ca: TestCA, cn: str, profile: str = "rgs1-server-client") -> x509.Certificate:
    siren = None if profile == "no-siren" else SIREN
    return ca.issue(profile, siren, cn=cn, org="SYNDIC EXEMPLE").certificate


def _subject(cn: str) -> str:
    return f"CN={cn},organizationIdentifier=NTRFR-{SIREN},O=SYNDIC EXEMPLE,C=FR"


def test_second_slot_matches_and_is_reported(ca: TestCA) -> None:
    accounts = with_slot(Accounts(), SIREN, Slot(1, _subject("Ancien"), ISSUER))
    accounts = with_slot(accounts, SIREN, Slot(2, _subject("Nouveau"), ISSUER))
    decision = Authoriser(accounts, DnCompare.EXACT).decide(_cert(ca, "Nouveau"))
    assert decision.allowed
    assert decision.account is not None and decision.account.siren == SIREN
    assert decision.slot == 2 and decision.siren == SIREN


def test_each_refusal(ca: TestCA) -> None:
    accounts = with_slot(Accounts(), SIREN, Slot(1, _subject("Inscrit"), "CN=Autre AC,C=FR"))
    accounts = with_slot(accounts, OTHER, Slot(1, _subject("Ailleurs"), ISSUER))
    accounts = with_slot(accounts, SIREN, Slot(2, "CN=Sans SIREN,O=SYNDIC EXEMPLE,C=FR", ISSUER))
    authoriser = Authoriser(accounts, DnCompare.EXACT)
    assert authoriser.decide(None).refusal is Refusal.NO_CLIENT_CERTIFICATE
    assert authoriser.decide(_cert(ca, "Inconnu")).refusal is Refusal.DN_NOT_REGISTERED
    issuer = authoriser.decide(_cert(ca, "Inscrit"))
    assert issuer.refusal is Refusal.ISSUER_NOT_REGISTERED and issuer.slot == 1
    mismatch = authoriser.decide(_cert(ca, "Ailleurs"))
    assert mismatch.refusal is Refusal.SIREN_MISMATCH
    assert mismatch.account is not None and mismatch.account.siren == OTHER
    assert mismatch.siren == SIREN
    missing = authoriser.decide(_cert(ca, "Sans SIREN", "no-siren"))
    assert missing.refusal is Refusal.SIREN_MISSING and missing.siren is None


@pytest.mark.parametrize(
    "typed",
    [
        "cn=inscrit, organizationIdentifier=NTRFR-732829320, o=syndic exemple, c=fr",
        "CN=Inscrit,  OID.2.5.4.97=NTRFR-732829320,O=SYNDIC EXEMPLE ,C=FR",
        "/C=FR/O=SYNDIC EXEMPLE/organizationIdentifier=NTRFR-732829320/CN=Inscrit",
    ],
)
def test_canonical_comparison_accepts_the_same_name_typed_differently(
    ca: TestCA, typed: str
) -> None:
    accounts = with_slot(Accounts(), SIREN, Slot(1, typed, ISSUER.lower()))
    cert = _cert(ca, "Inscrit")
    assert Authoriser(accounts, DnCompare.CANONICAL).decide(cert).allowed
    exact = Authoriser(accounts, DnCompare.EXACT).decide(cert)
    assert exact.refusal is Refusal.DN_NOT_REGISTERED


def test_canonical_comparison_does_not_accept_a_reordered_or_other_name(ca: TestCA) -> None:
    reordered = "C=FR,O=SYNDIC EXEMPLE,organizationIdentifier=NTRFR-732829320,CN=Inscrit"
    spoof = "CN=Inscrit\\,O=SYNDIC EXEMPLE,organizationIdentifier=NTRFR-732829320,C=FR"
    for typed in (reordered, spoof):
        accounts = with_slot(Accounts(), SIREN, Slot(1, typed, ISSUER))
        decision = Authoriser(accounts, DnCompare.CANONICAL).decide(_cert(ca, "Inscrit"))
        assert decision.refusal is Refusal.DN_NOT_REGISTERED, typed


def test_unparsable_registered_dn_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    accounts = with_slot(Accounts(), SIREN, Slot(1, "CN=ok,=broken", ISSUER))
    with pytest.raises(InputError) as caught:
        Authoriser(accounts, DnCompare.CANONICAL, source="comptes.toml")
    assert "comptes.toml" in caught.value.message("en") and "slot1" in caught.value.message("en")
