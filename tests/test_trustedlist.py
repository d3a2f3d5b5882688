"""ETSI TS 119 612 trusted lists: the two French lists of the corpus, and tampered copies."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from cryptography import x509

from certkit import trustedlist
from certkit.errors import InputError
from certkit.policy import Catalogue
from tests.corpus import TRUSTED_LISTS as CORPUS
from tests.helpers import run_certkit

LISTS = ("tl-fr-seq112.xml", "tl-fr-seq59.xml")


def independent_counts(text: str) -> dict[str, int]:
    """Counts from the raw XML with regular expressions (not the parser under test).

    Service history instances are not services; certificates are the <X509Certificate> elements
    of current service identities (history blocks and the pointers to other lists, which carry
    the EU list's signing certificates, removed first; the list's own XML-DSig certificate is
    prefixed ds: and not counted).
    """
    current = re.sub(r"<ServiceHistory>.*?</ServiceHistory>", "", text, flags=re.S)
    current = re.sub(r"<PointersToOtherTSL>.*?</PointersToOtherTSL>", "", current, flags=re.S)
    certs = re.findall(r"<X509Certificate>\s*([^<]+?)\s*</X509Certificate>", current)
    services = re.findall(r"<TSPService>.*?</TSPService>", current, flags=re.S)
    oids: set[str] = set()
    for service in services:
        oids.update(re.findall(r"<ns4:Identifier[^>]*>\s*([0-9.]+)\s*</ns4:Identifier>", service))
    return {
        "providers": len(re.findall(r"<TrustServiceProvider>", text)),
        "services": len(services),
        "certificates": len(certs),
        "unique": len({base64.b64decode("".join(c.split())) for c in certs}),
        "oids": len(oids),
        "sequence": int(re.search(r"<TSLSequenceNumber>(\d+)<", text).group(1)),  # type: ignore[union-attr]
    }


@pytest.mark.parametrize("name", LISTS)
def test_counts_match_the_xml(name: str) -> None:
    text = (CORPUS / name).read_text("utf-8")
    expected = independent_counts(text)
    tl = trustedlist.load(CORPUS / name)
    assert tl.sequence_number == expected["sequence"]
    assert len(tl.providers) == expected["providers"]
    assert len(tl.services) == expected["services"]
    assert tl.certificate_count == expected["certificates"]
    assert len(tl.unique_certificates()) == expected["unique"]
    assert len(trustedlist.catalogue_entries(tl)) == expected["oids"]
    assert tl.territory == "FR" and tl.signed


def test_known_service_of_seq112() -> None:
    tl = trustedlist.load(CORPUS / "tl-fr-seq112.xml")
    provider = next(p for p in tl.providers if p.name == "Imprimerie Nationale")
    service = next(s for s in provider.services if s.name == "Pass'IN - Signature RGS***")
    assert service.type == "CA/QC" and service.status == "withdrawn"
    assert service.policy_oids == ("1.2.250.1.295.1.1.5.4.1.102.2",)
    assert service.rgs_level == 3 and service.usage == "signature"


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("Pass'IN - Signature RGS**", 2),
        ("Acteur - Signature 3 étoiles", 3),
        ("MERCANTEO SIGN RGS 2E", 2),
        ("Pass'IN - 2 stars Qualified Signature", 2),
        ("Certigna Entity CA", 0),
        ("UH Qualifiee 20190109", 0),
    ],
)
def test_rgs_level_from_service_name(name: str, level: int) -> None:
    assert trustedlist.rgs_level_from_name(name) == level


@pytest.mark.parametrize("name", LISTS)
def test_import_tl_writes_catalogue_and_store(tmp_path: Path, name: str) -> None:
    expected = independent_counts((CORPUS / name).read_text("utf-8"))
    out = tmp_path / "out"
    result = run_certkit("policy", "import-tl", CORPUS / name, "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["providers"] == expected["providers"]
    assert data["services"] == expected["services"]
    assert data["certificates"] == expected["certificates"]
    assert data["unique_certificates"] == expected["unique"]
    assert data["policy_oids"] == expected["oids"]
    assert data["signature_verified"] is False
    store = (out / "ca-store.pem").read_text()
    assert len(x509.load_pem_x509_certificates(store.encode())) == expected["unique"]
    assert "# Provider: Agence Nationale des Titres Sécurisés" in store
    catalogue = Catalogue.load([out], bundled=False)
    assert len(catalogue.policies) == expected["oids"]
    assert all("seq. " + str(expected["sequence"]) in e.source for e in catalogue.policies.values())
    assert catalogue.ca_files == (str(out / "ca-store.pem"),)
    again = run_certkit("policy", "import-tl", CORPUS / name, "-o", out)
    assert again.returncode == 2 and "--force" in again.stderr


def tampered(tmp_path: Path, how: str) -> Path:
    data = (CORPUS / "tl-fr-seq112.xml").read_bytes()
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "mangled-tag":
        data = data.replace(b"</TSPName>", b"</TSPNme>", 1)
    elif how == "broken-base64":
        providers = data.index(b"<TrustServiceProviderList>")
        start = data.index(b"<X509Certificate>", providers) + len(b"<X509Certificate>")
        data = data[:start] + b"!!!!" + data[start + 4 :]
    elif how == "corrupt-certificate":
        providers = data.index(b"<TrustServiceProviderList>")
        start = data.index(b"<X509Certificate>", providers) + len(b"<X509Certificate>")
        data = data[:start] + b"AAAA" + data[start + 4 :]
    elif how == "doctype":
        data = data.replace(
            b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1
        )
    elif how == "not-a-list":
        data = b"<?xml version='1.0'?><html><body>hello</body></html>"
    path = tmp_path / f"{how}.xml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("truncated", "invalid XML at line"),
        ("mangled-tag", "mismatched tag"),
        ("broken-base64", "unreadable certificate for Agence Nationale des Titres Sécurisés"),
        ("corrupt-certificate", "unreadable certificate"),
        ("doctype", "DOCTYPE"),
        ("not-a-list", "not an ETSI TS 119 612 trusted list"),
    ],
)
def test_tampered_list_is_rejected_clearly(tmp_path: Path, how: str, words: str) -> None:
    path = tampered(tmp_path, how)
    with pytest.raises(InputError) as info:
        trustedlist.load(path)
    assert words in info.value.message("en")
    out = tmp_path / "out"
    result = run_certkit("policy", "import-tl", path, "-o", out)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in result.stderr
    assert not (out / "catalogue.toml").exists() and not (out / "ca-store.pem").exists()


def _service_blocks(text: str) -> list[str]:
    current = re.sub(r"<ServiceHistory>.*?</ServiceHistory>", "", text, flags=re.S)
    return re.findall(r"<TSPService>.*?</TSPService>", current, flags=re.S)


@pytest.mark.parametrize(
    ("oid", "usage", "level", "quoted"),
    [
        # the list's own words: "Authentification serveur/client SSL/TLS"
        ("1.2.250.1.177.2.5.1.3.1", "server-client-auth", 0, "Authentification serveur/client"),
        # "Certificat d'authentification de site internet" (was filed as signature)
        ("1.2.250.1.86.2.3.3.20.1", "server", 0, "authentification de site internet"),
        # "… jetons d'horodatage RGS**/ eIDAS"
        ("1.2.250.1.177.2.6.1.6.1", "timestamp", 2, "RGS**/ eIDAS"),
        ("1.2.250.1.86.2.3.3.22.1", "seal", 0, "Certificat de cachet serveur"),
        ("1.2.250.1.177.2.4.1.3.1", "signature", 3, "ID *** Pro"),
    ],
)
def test_policy_descriptions_set_usage_and_level(
    oid: str, usage: str, level: int, quoted: str
) -> None:
    text = (CORPUS / "tl-fr-seq112.xml").read_text("utf-8")
    entry = next(
        e
        for e in trustedlist.catalogue_entries(trustedlist.load(CORPUS / "tl-fr-seq112.xml"))
        if e.oid == oid
    )
    assert (entry.usage, entry.rgs_level) == (usage, level)
    assert "policy description « " in entry.source and quoted in entry.source
    # issuers: the SHA-256 of the certificates of every current service naming the policy,
    # computed here from the raw XML
    expected: set[str] = set()
    for block in _service_blocks(text):
        if re.search(rf"<ns4:Identifier[^>]*>\s*{re.escape(oid)}\s*<", block):
            for b64 in re.findall(r"<X509Certificate>\s*([^<]+?)\s*</X509Certificate>", block):
                expected.add(hashlib.sha256(base64.b64decode("".join(b64.split()))).hexdigest())
    assert expected and set(entry.issuers) == expected


def test_policy_without_description_keeps_the_service_usage() -> None:
    tl = trustedlist.load(CORPUS / "tl-fr-seq112.xml")
    entry = next(e for e in trustedlist.catalogue_entries(tl) if e.oid == "1.2.250.1.177.2.5.1.4.1")
    assert entry.usage == "server"  # ForWebSiteAuthentication of its service
    assert "policy description" not in entry.source


def test_bundled_catalogue_is_what_import_tl_writes(tmp_path: Path) -> None:
    from certkit.resources import data_dir

    result = run_certkit("policy", "import-tl", CORPUS / "tl-fr-seq112.xml", "-o", tmp_path / "tl")
    assert result.returncode == 0, result.stderr
    bundled = data_dir("policies") / "catalogue"
    fresh = (tmp_path / "tl" / "catalogue.toml").read_text().splitlines()
    kept = (bundled / "tl-fr-seq112.toml").read_text().splitlines()
    assert fresh[1:] == kept[1:]  # line 1 names where the XML was read from
    assert (tmp_path / "tl" / "ca-store.pem").read_text() == (
        bundled / "tl-fr-seq112-ca.pem"
    ).read_text()
    store = (bundled / "tl-fr-seq112-ca.pem").read_text()
    assert "# Service type: CA/QC\n# Service status: granted\n" in store
