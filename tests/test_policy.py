"""Policy catalogue and acceptance profiles: bundled data, lookups, malformed files, CLI."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from certkit.errors import PolicyError
from certkit.policy import Catalogue, available_profiles, load_profile
from tests.helpers import run_certkit

ROOT = Path(__file__).resolve().parents[1]


def bundled_toml() -> list[Path]:
    return sorted(p for p in (ROOT / "policies").rglob("*.toml") if "profiles" not in p.parts)


def test_every_bundled_entry_has_a_source() -> None:
    count = 0
    for path in bundled_toml():
        data = tomllib.loads(path.read_text())
        for entry in data.get("policy", []) + data.get("arc", []):
            assert entry["source"].strip(), (path, entry)
            count += 1
    assert count > 100


def test_bundled_catalogue_loads_with_domain_facts() -> None:
    catalogue = Catalogue.load()
    # DOMAIN.md: the Certigna Serveur Client CA carries 1.2.250.1.177.1.0.1.1; level unconfirmed
    certigna = catalogue.lookup("1.2.250.1.177.1.0.1.1")
    assert certigna is not None and certigna.entry is not None
    assert certigna.entry.provider == "Certigna (Dhimyotis)"
    assert certigna.entry.rgs_level == 0
    # ETSI policies are information only
    lcp = catalogue.lookup("0.4.0.2042.1.3")
    assert lcp is not None and lcp.entry is not None and lcp.entry.rgs_level == 0
    # certkit's test arc is test-only (written by the test CA)
    test = catalogue.lookup("2.25.125106089734319282756610306535975169538.1.2")
    assert test is not None and test.test_only and test.entry is not None
    assert test.entry.rgs_level == 2
    # from the French trusted list; level from the service name « Pass'IN - Signature RGS*** »
    passin = catalogue.lookup("1.2.250.1.295.1.1.5.4.1.102.2")
    assert passin is not None and passin.entry is not None
    assert (passin.entry.rgs_level, passin.entry.usage) == (3, "signature")
    assert "seq. 112" in passin.entry.source


def test_lookup_exact_then_longest_arc_on_whole_components() -> None:
    catalogue = Catalogue.load()
    arc = catalogue.lookup("1.2.250.1.177.42.1")
    assert arc is not None and arc.entry is None and arc.arc is not None
    assert arc.provider == "Certigna (Dhimyotis)"
    # 1.2.250.1.8 (La Poste) must not swallow 1.2.250.1.86.x (Certinomis)
    certinomis = catalogue.lookup("1.2.250.1.86.99")
    assert certinomis is not None and certinomis.provider == "Certinomis"
    assert catalogue.lookup("1.2.250.1.8") is None  # the arc itself is not a policy under it
    assert catalogue.lookup("1.3.6.1.4.1.99999.1") is None


def test_extra_catalogue_overrides_and_extends(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[policy]]\noid = "1.2.250.1.177.1.0.1.1"\nprovider = "Certigna"\n'
        'usage = "server-client-auth"\nrgs_level = 1\nsource = "my provider letter"\n'
    )
    catalogue = Catalogue.load([extra])
    entry = catalogue.lookup("1.2.250.1.177.1.0.1.1")
    assert entry is not None and entry.entry is not None
    assert (entry.entry.rgs_level, entry.entry.source) == (1, "my provider letter")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            '[[policy]]\noid = "1.2.3"\nprovider = "X"\nusage = "server-client-auth"\n'
            "rgs_level = 1\n",
            "[[policy]] #1 (1.2.3)",
        ),  # no source
        (
            '[[policy]]\noid = "not-an-oid"\nprovider = "X"\nusage = "signature"\n'
            'rgs_level = 1\nsource = "s"\n',
            "[[policy]] #1 (not-an-oid)",
        ),
        (
            '[[policy]]\noid = "1.2.3"\nprovider = "X"\nusage = "signature"\n'
            'rgs_level = 4\nsource = "s"\n',
            "rgs_level",
        ),
        (
            '[[policy]]\noid = "1.2.3"\nprovider = "X"\nusage = "banking"\n'
            'rgs_level = 1\nsource = "s"\n',
            "usage",
        ),
        ("[[policy]\noid = 1", "invalid TOML"),
        ('[[arc]]\nprefix = "1.2"\nprovider = "X"\n', "[[arc]] #1"),
        ('[[polcy]]\noid = "1.2"\n', "polcy"),
    ],
)
def test_malformed_catalogue_names_file_and_entry(
    tmp_path: Path, content: str, fragment: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content)
    with pytest.raises(PolicyError) as info:
        Catalogue.load([bad])
    message = info.value.message("en")
    assert str(bad) in message
    assert fragment in message


def test_malformed_catalogue_on_the_command_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[policy]]\noid = "1.2.3"\nprovider = "X"\n')
    result = run_certkit("policy", "list", "--catalogue", bad)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert str(bad) in result.stderr and "Traceback" not in result.stderr
    missing = run_certkit("policy", "list", "--catalogue", tmp_path / "nope.toml")
    assert missing.returncode == 2 and "nope.toml" in missing.stderr


def test_profiles() -> None:
    assert available_profiles() == (
        "chorus-pro",
        "registre-coproprietes",
        "registre-coproprietes-test",
        "sne",
    )
    prod = load_profile("registre-coproprietes")
    test = load_profile("registre-coproprietes-test")
    sne = load_profile("sne")
    # reference/002: RGS * or more, SIREN mandatory; the test platform also accepts test certs
    assert (prod.min_rgs_level, prod.siren_required, prod.accept_test_policies) == (1, True, False)
    assert (test.min_rgs_level, test.siren_required, test.accept_test_policies) == (1, True, True)
    assert prod.dn_format == "rfc4514"
    assert prod.min_rsa_bits == 2048 and "client_auth" in prod.required_ekus
    assert (sne.min_rgs_level, sne.siren_required) == (0, False)
    # SNE bulletin (reference/004 §5): the renewed certificate is sent as DER or PEM (.cer)
    assert sne.upload_format == "der" and sne.unconfirmed
    # AIFE (DOMAIN.md): RGS * or an eIDAS qualified certificate; PKCS#7 with the full chain
    chorus = load_profile("chorus-pro")
    assert (chorus.min_rgs_level, chorus.accept_eidas_qualified) == (1, True)
    assert chorus.upload_format == "pkcs7-chain" and "client_auth" in chorus.required_ekus
    assert not prod.accept_eidas_qualified and prod.upload_format == "pem"
    for p in (prod, test, sne, chorus):
        assert p.source.strip() and p.description.strip()


def test_profile_optional_keys_are_checked(tmp_path: Path) -> None:
    base = (load_profile("registre-coproprietes").path,)
    text = Path(base[0]).read_text()
    for line, field in (
        ('upload_format = "zip"', "upload_format"),
        ('accept_eidas_qualified = "yes"', "accept_eidas_qualified"),
    ):
        key = line.split(" =")[0]
        kept = "\n".join(x for x in text.splitlines() if not x.startswith(key))
        bad = tmp_path / f"{field}.toml"
        bad.write_text(kept + "\n" + line + "\n")
        with pytest.raises(PolicyError) as info:
            load_profile(bad)
        assert field in info.value.message("en")


def test_catalogue_issuers_must_be_sha256(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[policy]]\noid = "1.2.3"\nprovider = "x"\nusage = "signature"\nrgs_level = 0\n'
        'source = "s"\nissuers = ["not-a-fingerprint"]\n'
    )
    with pytest.raises(PolicyError) as info:
        Catalogue.load([bad])
    assert "issuers" in info.value.message("en")


def test_profile_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        load_profile("registre")
    assert "registre-coproprietes" in info.value.message("en")
    broken = tmp_path / "p.toml"
    broken.write_text('name = "x"\n')
    with pytest.raises(PolicyError) as info:
        load_profile(broken)
    assert str(broken) in info.value.message("en") and "description" in info.value.message("en")
    result = run_certkit("check", "whatever.pem", "--profile", "nope")
    assert result.returncode == 2 and "nope" in result.stderr


def test_policy_list_and_profiles_json() -> None:
    listed = run_certkit("policy", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    oids = {p["oid"] for p in data["policies"]}
    assert "1.2.250.1.177.1.0.1.1" in oids and "0.4.0.194112.1.2" in oids
    assert all(p["source"] for p in data["policies"])
    assert any(a["prefix"] == "1.2.250.1.96" for a in data["arcs"])
    profiles = run_certkit("policy", "profiles", "--json")
    names = [p["name"] for p in json.loads(profiles.stdout)["profiles"]]
    assert names == ["chorus-pro", "registre-coproprietes", "registre-coproprietes-test", "sne"]
    human = run_certkit("policy", "profiles", env={"LANG": "fr_FR.UTF-8"})
    assert "SIREN obligatoire" in human.stdout


def test_profiles_are_described_in_the_readers_language() -> None:
    from tests.helpers import run_certkit

    french = run_certkit("policy", "profiles", "--lang", "fr")
    assert "Registre des copropriétés, production\u202f: certificat d'authentification" in (
        french.stdout
    )
    assert "issued to a company" not in french.stdout
    english = run_certkit("policy", "profiles", "--lang", "en")
    assert "issued to a company" in english.stdout
    data = json.loads(run_certkit("policy", "profiles", "--json").stdout)
    assert all(p["description_fr"] for p in data["profiles"])  # both, for machines


def test_policy_list_shows_usages_notes_and_providers_in_the_readers_language() -> None:
    from tests.helpers import run_certkit

    french = run_certkit("policy", "list", "--all", "--lang", "fr").stdout
    assert "authentification serveur-client" in french and "server-client-auth" not in french
    assert "politique européenne, pas un prestataire" in french
    assert "aucune politique ETSI ne donne un niveau RGS" in french
    assert "niveau RGS tel que l'indique" in french  # the notes import-tl writes
    english = run_certkit("policy", "list", "--lang", "en").stdout
    assert "server-client-auth" in english and "not a provider" in english
    data = json.loads(run_certkit("policy", "list", "--json").stdout)
    usages = {p["usage"] for p in data["policies"]}
    assert "server-client-auth" in usages  # JSON keeps the codes
