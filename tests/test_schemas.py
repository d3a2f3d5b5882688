"""Every JSON document certkit prints validates against its JSON Schema (certkit.schemas)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from certkit.schemas import ALL_SCHEMAS, COMMANDS, SCHEMA_VERSION, SCHEMAS, document
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


# --------------------------------------------------------------------------------------------------
# Every command's --json, as `certkit schema COMMAND` describes it


def command_schema(name: str, *extra: str) -> dict[str, Any]:
    """The schema as users get it: printed by ``certkit schema``."""
    result = run_certkit("schema", *name.split(), *extra)
    assert result.returncode == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return schema


def valid(name: str, text: str, *extra: str) -> Any:
    data = json.loads(text)
    Draft202012Validator(command_schema(name, *extra)).validate(data)
    return data


def test_every_command_with_json_has_a_schema() -> None:
    from tests.test_cli_vocabulary import ALL

    with_json = {
        path
        for path, command in ALL.items()
        if any(p.name in ("as_json", "as_jsonl") for p in command.params)
    }
    assert with_json == {n for n in COMMANDS if "--" not in n}
    assert "check --jsonl" in COMMANDS
    listed = run_certkit("schema", "--list").stdout.split("\n")
    assert "monitor status" in listed and "testca issue" in listed


def test_every_command_schema_and_component_is_valid() -> None:
    for name in (*COMMANDS, *ALL_SCHEMAS):
        Draft202012Validator.check_schema(document(name))


def test_one_input_one_object_several_or_a_folder_a_list_failure_an_error(
    pki: Pki, tmp_path: Path
) -> None:
    cert = pki.files["rgs1-server-client"]
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "only.pem").write_bytes(cert.read_bytes())
    for command in ("check", "inspect"):
        one = valid(command, run_certkit(command, cert, "--json").stdout)
        assert isinstance(one, dict) and one["schema_version"] == SCHEMA_VERSION
        several = valid(command, run_certkit(command, cert, tmp_path / "nope.pem", "--json").stdout)
        assert isinstance(several, list) and len(several) == 2
        assert several[1]["error"]["code"] == "sources.not_found"
        assert all(item["schema_version"] == SCHEMA_VERSION for item in several)
        in_folder = valid(command, run_certkit(command, folder, "--json").stdout)
        assert isinstance(in_folder, list) and len(in_folder) == 1  # a folder: a list
        failed = run_certkit(command, tmp_path / "nope.pem", "--json")
        assert failed.returncode == 2
        error = valid(command, failed.stdout)
        assert error["error"]["code"] == "sources.not_found"
        assert error["path"] == str(tmp_path / "nope.pem")
    lines = run_certkit("check", cert, tmp_path / "nope.pem", "--jsonl").stdout.splitlines()
    assert [bool(valid("check", line, "--jsonl").get("error")) for line in lines] == [False, True]
    # --json always prints JSON on stdout: an error object when the command fails
    for args in (
        ("registration", tmp_path / "nope.pem"),
        ("dn-match", tmp_path / "nope.pem", "--subject", "CN=x"),
        ("monitor", "status", "--db", tmp_path / "none" / "x.db", "--customers", tmp_path / "c"),
        ("check", cert, "--profile", "no-such-profile"),
    ):
        result = run_certkit(*args, "--json")
        assert result.returncode == 2, result
        command = " ".join(str(a) for a in args[:2] if not str(a).startswith("/"))
        document_ = valid(command if command in COMMANDS else str(args[0]), result.stdout)
        assert document_["error"]["message"] in result.stderr


def test_inspect_pem_gives_each_certificate_its_pem_and_never_a_key(
    pki: Pki, tmp_path: Path
) -> None:
    with_key = tmp_path / "with-key.pem"
    key = pki.files["rgs1-server-client"].with_suffix(".key")
    with_key.write_bytes(pki.chain_pem.read_bytes() + key.read_bytes())
    data = valid("inspect", run_certkit("inspect", with_key, "--json", "--pem").stdout)
    assert data["has_private_key"] is True
    pems = [c["pem"] for c in data["certificates"]]
    assert len(pems) == 2 and all(p.startswith("-----BEGIN CERTIFICATE-----\n") for p in pems)
    assert "".join(pems).encode() == pki.chain_pem.read_bytes().replace(b"\r", b"") or all(
        p in pki.chain_pem.read_text() for p in pems
    )
    text = run_certkit("inspect", with_key, "--pem").stdout
    assert text.count("-----BEGIN CERTIFICATE-----") == 2 and "PRIVATE KEY" not in text
    plain = json.loads(run_certkit("inspect", with_key, "--json").stdout)
    assert "pem" not in plain["certificates"][0]


def test_testca_platform_policy_and_monitor_documents(pki: Pki, tmp_path: Path) -> None:
    ca = tmp_path / "ca"
    valid("testca init", run_certkit("testca", "init", ca, "--json").stdout)
    issued = valid("testca issue", run_certkit(
        "testca", "issue", ca, "--profile", "rgs1-server-client", "--siren", "732829320",
        "-o", tmp_path / "s", "--json",
    ).stdout)  # fmt: skip
    batch = valid("testca issue", run_certkit(
        "testca", "issue", ca, "--profile", "expired", "--siren", "732829320",
        "-o", tmp_path / "b", "--count", "2", "--json",
    ).stdout)  # fmt: skip
    assert isinstance(batch, list) and len(batch) == 2
    valid("testca revoke", run_certkit("testca", "revoke", ca, issued["serial"], "--json").stdout)
    valid("testca crl", run_certkit("testca", "crl", ca, "--json").stdout)
    valid("testca list", run_certkit("testca", "list", ca, "--json").stdout)
    valid("testca profiles", run_certkit("testca", "profiles", "--json").stdout)
    accounts = tmp_path / "accounts.toml"
    valid("platform register", run_certkit(
        "platform", "register", accounts, "--siren", "732829320", "--slot", "1",
        "--cert", tmp_path / "s.pem", "--json",
    ).stdout)  # fmt: skip
    valid("policy list", run_certkit("policy", "list", "--json").stdout)
    trusted = Path(__file__).resolve().parents[2] / "shared/corpus/trusted-lists/tl-fr-seq59.xml"
    valid("policy import-tl", run_certkit(
        "policy", "import-tl", trusted, "-o", tmp_path / "tl", "--json", timeout=120
    ).stdout)  # fmt: skip
    db = tmp_path / "m.db"
    valid("monitor scan", run_certkit("monitor", "scan", tmp_path, "--db", db, "--json").stdout)
    status = valid("monitor status", run_certkit("monitor", "status", "--db", db, "--json").stdout)
    assert status["certificates"]
    check = run_certkit("monitor", "check", "--db", db, "--json")
    valid("monitor check", check.stdout)
    sha = issued["sha256"]
    valid("monitor ack", run_certkit("monitor", "ack", sha, "--db", db, "--json").stdout)
    valid(
        "monitor registered", run_certkit("monitor", "registered", sha, "--db", db, "--json").stdout
    )
    valid("monitor hosts", run_certkit("monitor", "hosts", "--db", db, "--json").stdout)


def test_probe_and_platform_start_documents(pki: Pki, tmp_path: Path) -> None:
    import subprocess

    from tests.helpers import CERTKIT

    ca = tmp_path / "ca"
    run_certkit("testca", "init", ca)
    server = subprocess.Popen(
        [CERTKIT, "platform", "serve", "--ca-dir", str(ca), "--port", "0", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        start = valid("platform serve", server.stdout.readline())
        probe = run_certkit("probe", start["url"], "--trust", ca / "root.pem", "--json")
        report = valid("probe", probe.stdout)
        assert report["client_certificate_required"] is True
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_api_answers_the_same_versioned_documents() -> None:
    """The web API shares the components: its OpenAPI document names them, version included."""
    from certkit.web.openapi import openapi_document

    components = openapi_document("")["components"]["schemas"]
    assert set(SCHEMAS) <= set(components)
    assert "schema_version" in components["CheckReport"]["required"]
    assert "schema_version" in components["Error"]["required"]
