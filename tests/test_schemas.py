"""Every JSON document certkit prints validates against its JSON Schema (certkit.schemas)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from certkit.schemas import SCHEMAS, document
from tests.helpers import run_certkit
from tests.test_checks import PROFILES, Pki, make_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("schemas-pki"))


def validate(name: str, text: str) -> None:
    Draft202012Validator.check_schema(document(name))
    Draft202012Validator(document(name)).validate(json.loads(text))


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    for name in SCHEMAS:
        Draft202012Validator.check_schema(document(name))


@pytest.mark.parametrize("profile", PROFILES)
def test_check_json(pki: Pki, profile: str) -> None:
    for extra in ((), ("--chain", str(pki.chain_pem), "--trust", str(pki.root_pem))):
        result = run_certkit("check", pki.files[profile], "--json", *extra)
        validate("CheckReport", result.stdout)
    validate("CheckReport", run_certkit("check", pki.chain_pem, "--json").stdout)  # chain only


def test_inspect_registration_dn_match_lists(pki: Pki, tmp_path: Path) -> None:
    cert = pki.files["rgs1-server-client"]
    validate("Inspection", run_certkit("inspect", cert, "--json").stdout)
    registration = run_certkit("registration", cert, "--json").stdout
    validate("Registration", registration)
    fields = json.loads(registration)
    for subject in (fields["subject_dn"], "CN=nope,C=FR"):
        match = run_certkit(
            "dn-match",
            cert,
            "--subject",
            subject,
            "--issuer",
            fields["issuer_dn"],
            "--siren",
            "732829320",
            "--json",
        )
        validate("DnMatch", match.stdout)
    validate("Checks", run_certkit("checks", "list", "--json").stdout)
    validate("Profiles", run_certkit("policy", "profiles", "--json").stdout)


def test_a_wrong_document_is_caught() -> None:
    """The schemas say something: a report without a verdict does not validate."""
    from jsonschema import ValidationError

    with pytest.raises(ValidationError):
        Draft202012Validator(document("CheckReport")).validate({"path": "x"})
