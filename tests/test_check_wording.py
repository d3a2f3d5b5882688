"""What people read in ``certkit check``: DNs in the registry's form, no library text in French.

Every finding is rendered in both languages over reports that exercise the chain, AIA, revocation,
file and identity paths, on certificates whose subject *and* issuer carry organizationIdentifier.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from certkit.checks import Report
from tests.test_checks import (
    GOOD_EXT,
    OTHER_SIREN,
    PROFILES,
    SIREN,
    Pki,
    build_leaf,
    check,
    make_pki,
    self_signed_ca,
)

ROOT = Path(__file__).resolve().parents[1]
# Text that only a library or Python writes: never in a sentence for a person.
LIBRARY_TEXT = (
    "validation failed",
    "candidates exhausted",
    "encountered processing",
    "<Certificate(",
    "<Name(",
    "object at 0x",
    "Errno",
    "Connection refused",
    "timed out",
    "Traceback",
    "HTTPStatusError",
    "response out of date",
    "does not verify",
    "not signed by",
)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("wording-pki"))


def _ca_with_org_id(tmp_path: Path) -> tuple[x509.Certificate, Any]:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "AC EXEMPLE"),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"NTRFR-{OTHER_SIREN}"),
            x509.NameAttribute(NameOID.COMMON_NAME, "AC Exemple Serveur Client"),
        ]
    )
    return self_signed_ca(name, tmp_path / "ac-exemple.pem")


def reports(pki: Pki, tmp_path: Path) -> list[Report]:
    ca, ca_key = _ca_with_org_id(tmp_path)
    other_issuer = build_leaf(
        pki,
        tmp_path / "orgid-issuer.pem",
        issuer=(ca, ca_key),
        eku=GOOD_EXT["eku"],
        ku=GOOD_EXT["ku"],
    )
    assert other_issuer.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)
    two = tmp_path / "two.pem"
    two.write_bytes(
        pki.files["rgs1-server-client"].read_bytes() + pki.files["rgs2-server-client"].read_bytes()
    )
    out = [check(pki.files[p], profile=r) for p in PROFILES for r in ("registre-coproprietes",)]
    out += [
        check(tmp_path / "orgid-issuer.pem", profile="registre-coproprietes"),
        check(tmp_path / "orgid-issuer.pem", chain=[pki.chain_pem], trust=[pki.root_pem]),
        check(two),
        check(pki.chain_pem),
        check(pki.files["rgs1-server-client"], chain=[pki.root_pem]),
        check(pki.files["rgs1-server-client"], chain=[pki.chain_pem]),
        check(pki.files["rgs1-server-client"], siren=OTHER_SIREN),
        check(pki.files["rgs1-server-client"], fetch_aia=True, timeout=1, trust=[pki.root_pem]),
        check(
            pki.files["rgs1-server-client"],
            chain=[pki.chain_pem],
            revocation="ocsp",
            timeout=1,
        ),
        check(pki.files["rgs1-server-client"], chain=[pki.chain_pem], revocation="crl", timeout=1),
        check(pki.files["sha1"], chain=[pki.chain_pem], trust=[pki.root_pem]),
        check(pki.files["expired"], chain=[pki.chain_pem], trust=[pki.root_pem], siren=SIREN),
    ]
    return out


def test_no_rendered_dn_uses_the_bare_organization_identifier_oid(pki: Pki, tmp_path: Path) -> None:
    seen = 0
    for report in reports(pki, tmp_path):
        for item in report.findings:
            for lang in ("fr", "en"):
                text = item.message(lang)
                assert "2.5.4.97=" not in text, (item.code, text)
                seen += "organizationIdentifier=" in text
    assert seen  # the DNs with organizationIdentifier were really rendered


def test_french_messages_hold_no_library_text(pki: Pki, tmp_path: Path) -> None:
    codes = set()
    for report in reports(pki, tmp_path):
        for item in report.findings:
            codes.add(item.code)
            text = item.message("fr")
            for phrase in LIBRARY_TEXT:
                assert phrase not in text, (item.code, text)
    # the paths this test means to cover were taken
    assert {
        "checks.aia_fetch_failed",
        "checks.revocation_unreachable",
        "checks.chain_weak_algorithm",
        "checks.chain_incomplete",
        "checks.chain_untrusted_root",
        "checks.leaf_ambiguous",
        "checks.chain_only",
        "checks.issuer_unknown",
    } <= codes


def test_no_code_renders_names_with_cryptography() -> None:
    """cryptography's ``rfc4514_string()`` writes ``2.5.4.97=`` for organizationIdentifier: only
    certkit.names (its documented fallback) may call it."""
    offenders = []
    for path in (ROOT / "certkit").rglob("*.py"):
        if path.name == "names.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "rfc4514_string":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
