"""``certkit check`` end to end: the real command in a subprocess, exit codes, JSON, batches."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.helpers import CERTKIT as CERTKIT_BIN
from tests.helpers import run_certkit
from tests.test_checks import PROFILES, SIREN, TEST_PROFILE, Pki, make_pki

KEYS = {
    "schema_version",
    "path",
    "verdict",
    "profile",
    "rgs_level",
    "rgs_level_claimed",
    "eidas_qualified",
    "eidas",
    "findings",
    "certificate",
    "registration",
}


def proof(pki: Pki) -> list[str]:
    """The options that prove the test certificates' issuer: the chain and its root trusted."""
    return ["--chain", str(pki.chain_pem), "--trust", str(pki.root_pem)]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("check-cli-pki"))


def openssl_dn(path: Path, which: str) -> str:
    """The DN as OpenSSL prints it with RFC 2253 rules (independent of certkit)."""
    out = subprocess.run(
        ["openssl", "x509", "-in", str(path), "-noout", f"-{which}", "-nameopt", "RFC2253"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return out.split("=", 1)[1] if out.startswith(f"{which}=") else out


def test_pass_human_report_and_exit_0(pki: Pki) -> None:
    result = run_certkit(
        "check", pki.files["rgs1-server-client"], "--profile", TEST_PROFILE, *proof(pki)
    )
    assert result.returncode == 0, result.stderr
    assert "Verdict: PASS" in result.stdout
    assert "· Advice: rather than typing these DNs, use “Importer certificat”" in result.stdout
    assert "✓ SIREN 732829320 present and valid" in result.stdout
    assert f"SIREN : {SIREN}" in result.stdout
    subject = openssl_dn(pki.files["rgs1-server-client"], "subject")
    assert f"DN Certificat client : {subject}" in result.stdout
    assert result.stderr == ""


def test_french_report(pki: Pki) -> None:
    result = run_certkit(
        "check", pki.files["expired"], "--profile", TEST_PROFILE, env={"LANG": "fr_FR.UTF-8"}
    )
    assert result.returncode == 1
    assert "✗ Certificat expiré le" in result.stdout
    assert "Verdict\u202f: REFUSÉ" in result.stdout


def test_warn_exit_codes_and_strict(pki: Pki) -> None:
    soon = pki.files["expiring-soon"]
    result = run_certkit("check", soon, "--profile", TEST_PROFILE)
    assert result.returncode == 0
    assert "⚠ The certificate expires on" in result.stdout and "Verdict: WARN" in result.stdout
    strict = run_certkit("check", soon, "--profile", TEST_PROFILE, "--strict")
    assert strict.returncode == 1


def test_fail_in_production_and_json_shape(pki: Pki) -> None:
    path = pki.files["rgs1-server-client"]
    result = run_certkit("check", path, "--json", "--siren", SIREN)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert (data["verdict"], data["profile"], data["rgs_level"]) == (
        "fail",
        "registre-coproprietes",
        None,
    )
    assert (data["rgs_level_claimed"], data["eidas_qualified"]) == (None, False)
    test_only = [f for f in data["findings"] if f["code"] == "checks.policy_test_only"]
    assert test_only and test_only[0]["severity"] == "error" and test_only[0]["message"]
    assert data["certificate"]["serial_hex"] == format(
        int(
            subprocess.run(
                ["openssl", "x509", "-in", str(path), "-noout", "-serial"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split("=")[1],
            16,
        ),
        "x",
    )
    registration = data["registration"]
    assert registration["subject_dn"] == openssl_dn(path, "subject")
    assert registration["issuer_dn"] == openssl_dn(path, "issuer")
    assert (registration["siren"], registration["dn_format"]) == (SIREN, "rfc4514")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("missing.pem",), "missing.pem"),
        (("--siren", "123456789", "CERT"), "--siren 123456789"),
        # a usage error is one line too: what is wrong, and where to look
        (("--at", "31/12/2026", "CERT"), "31/12/2026"),
        (("--dn-format", "ldap", "CERT"), "Try 'certkit check --help' for help."),
        (("--bogus", "CERT"), "--bogus"),
        ((), "Missing argument"),
        (("--chain", "nochain.pem", "CERT"), "nochain.pem"),
        (("--trust", "GARBAGE", "CERT"), "GARBAGE"),
        (("GARBAGE",), "GARBAGE"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    pki: Pki, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    real = {"CERT": str(pki.files["rgs1-server-client"]), "GARBAGE": str(garbage)}
    argv = [real.get(a, a) for a in args]
    result = run_certkit("check", *argv, cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert real.get(fragment, fragment) in result.stderr or fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_private_key_file_fails_and_is_not_echoed(pki: Pki) -> None:
    key = pki.files["rgs1-server-client"].with_suffix(".key")
    result = run_certkit("check", key, "--profile", TEST_PROFILE)
    assert result.returncode == 2  # a key alone holds no certificate: bad input
    assert "PRIVATE KEY" not in result.stdout + result.stderr


def test_directory_batch_jsonl(pki: Pki, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for profile in PROFILES:
        (batch / f"{profile}.pem").write_bytes(pki.files[profile].read_bytes())
    (batch / "notes.txt").write_text("ignored: not a certificate file name\n")
    result = run_certkit("check", batch, "--profile", TEST_PROFILE, "--jsonl", *proof(pki))
    assert result.returncode == 1  # some fail
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(PROFILES)
    verdicts = {Path(item["path"]).stem: item["verdict"] for item in lines}
    assert verdicts["rgs1-server-client"] == "pass"
    assert verdicts["expiring-soon"] == "warn"
    assert verdicts["sha1"] == "fail"
    assert all(set(item) == KEYS for item in lines)
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_directory_contributes_certificate_files_at_any_depth_sorted(
    pki: Pki, tmp_path: Path
) -> None:
    batch = tmp_path / "tree"
    (batch / "b" / "deep").mkdir(parents=True)
    (batch / "a").mkdir()
    cert = pki.files["rgs1-server-client"].read_bytes()
    for name in ("b/deep/z.pem", "a/y.CRT", "x.cer", ".hidden.pem", "a/readme.txt"):
        (batch / name).write_bytes(cert)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.pem").write_bytes(cert)
    (batch / "linked.pem").symlink_to(outside / "elsewhere.pem")  # a link to a file: followed
    (batch / "linked-folder").symlink_to(outside, target_is_directory=True)  # to a folder: not
    (batch / "loop").symlink_to(batch, target_is_directory=True)
    result = run_certkit("check", batch, "--profile", TEST_PROFILE, "--jsonl")
    assert result.returncode == 0, result.stderr
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    expected = ["a/y.CRT", "b/deep/z.pem", "linked.pem", "x.cer"]
    assert paths == [str(batch / name) for name in expected]


def test_batch_with_unreadable_file_reports_it_and_exits_2(pki: Pki, tmp_path: Path) -> None:
    batch = tmp_path / "mixed"
    batch.mkdir()
    (batch / "good.pem").write_bytes(pki.files["rgs1-server-client"].read_bytes())
    (batch / "broken.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    result = run_certkit("check", batch, "--profile", TEST_PROFILE, "--jsonl", *proof(pki))
    assert result.returncode == 2
    items = {
        Path(json.loads(line)["path"]).name: json.loads(line) for line in result.stdout.splitlines()
    }
    assert items["good.pem"]["verdict"] == "pass"
    assert "broken.pem" in items["broken.pem"]["error"]["message"]
    human = run_certkit(
        "check", batch / "good.pem", batch / "broken.pem", "--profile", TEST_PROFILE, *proof(pki)
    )
    assert "1 pass, 0 warn, 0 fail, 1 unreadable" in human.stdout


def test_many_files_json_is_a_list(pki: Pki) -> None:
    files = [pki.files["rgs1-server-client"], pki.files["no-siren"]]
    result = run_certkit("check", *files, "--profile", "sne", "--json")
    data = json.loads(result.stdout)
    assert [d["verdict"] for d in data] == ["fail", "fail"]  # sne accepts no test policies


def test_parallel_batch_matches_sequential(pki: Pki, tmp_path: Path) -> None:
    batch = tmp_path / "many"
    batch.mkdir()
    for i in range(80):  # above the parallel threshold
        profile = PROFILES[i % len(PROFILES)]
        (batch / f"{i:03d}-{profile}.pem").write_bytes(pki.files[profile].read_bytes())
    one = run_certkit("check", batch, "--profile", TEST_PROFILE, "--jsonl", "--workers", "1")
    two = run_certkit("check", batch, "--profile", TEST_PROFILE, "--jsonl", "--workers", "2")
    assert one.returncode == two.returncode == 1

    def verdicts(out: str) -> list[tuple[str, str]]:
        return [(json.loads(x)["path"], json.loads(x)["verdict"]) for x in out.splitlines()]

    assert verdicts(one.stdout) == verdicts(two.stdout)
    assert len(verdicts(two.stdout)) == 80


@pytest.mark.parametrize("legacy", [False, True])
def test_good_certificate_in_a_pkcs12_passes_and_names_the_export_command(
    pki: Pki, tmp_path: Path, legacy: bool
) -> None:
    """The certificate is judged, not the file: a good certificate in a .p12 is warn, exit 0;
    the key in the file is a warning with the exact command to make the upload file."""
    password = tmp_path / "mdp.txt"
    password.write_text("s3cret\n")
    issued = pki.ca.issue(
        "rgs1-server-client", SIREN, out=tmp_path / "cabinet", p12_password=b"s3cret"
    )
    assert issued.p12_path is not None and issued.cert_path is not None
    p12 = issued.p12_path
    if legacy:  # what old CAs and Windows exports still deliver: 3DES and a SHA-1 MAC
        p12 = tmp_path / "cabinet-legacy.p12"
        subprocess.run(
            [
                "openssl",
                "pkcs12",
                "-export",
                "-in",
                str(issued.cert_path),
                "-inkey",
                str(issued.cert_path.with_suffix(".key")),
                "-out",
                str(p12),
                "-passout",
                "pass:s3cret",
                "-keypbe",
                "PBE-SHA1-3DES",
                "-certpbe",
                "PBE-SHA1-3DES",
                "-macalg",
                "sha1",
            ],
            check=True,
            capture_output=True,
        )
    args = ["check", p12, "--profile", TEST_PROFILE, "--password-file", password, *proof(pki)]
    result = run_certkit(*args, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    severities = {f["code"]: f["severity"] for f in data["findings"]}
    assert data["verdict"] == "warn"
    assert [c for c, sev in severities.items() if sev in ("warning", "error")] == [
        "checks.private_key_present"
    ]
    assert "s3cret" not in result.stdout and "PRIVATE KEY" not in result.stdout
    french = run_certkit(*args, "--lang", "fr")
    assert french.returncode == 0
    command = f"certkit export {p12} --password-file {password} -o a-televerser.pem"
    assert command in french.stdout
    assert "Verdict\u202f: À VÉRIFIER" in french.stdout
    # …and that command, run as printed, writes the key-less file to upload.
    path_with_certkit = f"{Path(CERTKIT_BIN).parent}{os.pathsep}{os.environ['PATH']}"
    out = subprocess.run(
        shlex.split(command),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path_with_certkit},
    )
    assert out.returncode == 0, out.stderr
    written = (tmp_path / "a-televerser.pem").read_text()
    assert written.count("BEGIN CERTIFICATE") == 1 and "PRIVATE KEY" not in written


def test_chain_only_file_is_one_error(pki: Pki) -> None:
    result = run_certkit("check", pki.chain_pem, "--profile", TEST_PROFILE, "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [f["code"] for f in data["findings"]] == ["checks.chain_only"]
    assert (data["certificate"], data["registration"]) == (None, None)
    human = run_certkit("check", pki.chain_pem, "--profile", TEST_PROFILE, "--lang", "fr")
    lines = human.stdout.strip().splitlines()
    assert len(lines) == 3  # header, the one ✗, the verdict: nothing else
    assert lines[1].startswith("  ✗ Ce fichier ne contient que la chaîne")
    assert "object at 0x" not in human.stdout and "<" not in human.stdout


def test_siren_written_with_spaces_is_malformed_not_repaired(pki: Pki, tmp_path: Path) -> None:
    from cryptography.x509.oid import NameOID

    from tests.test_checks import GOOD_EXT, build_leaf

    build_leaf(
        pki,
        tmp_path / "spaces.pem",
        subject=[
            (NameOID.COUNTRY_NAME, "FR"),
            (NameOID.ORGANIZATION_NAME, "SYNDIC EXEMPLE"),
            (NameOID.SERIAL_NUMBER, "334 961 745"),
            (NameOID.COMMON_NAME, "SYNDIC EXEMPLE"),
        ],
        **GOOD_EXT,
    )
    result = run_certkit(
        "check", tmp_path / "spaces.pem", "--profile", TEST_PROFILE, "--json", *proof(pki)
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    invalid = [f for f in data["findings"] if f["code"] == "checks.siren_invalid"]
    assert invalid and invalid[0]["severity"] == "error"
    assert invalid[0]["params"]["value"] == "334 961 745"
    assert invalid[0]["params"]["attribute"] == "serialNumber"
    assert data["registration"]["siren"] is None  # never "repaired" into 334961745


def test_progress_bar_only_on_a_terminal(pki: Pki, tmp_path: Path) -> None:
    from tests.helpers import CERTKIT, run_with_stderr_on_terminal

    batch = tmp_path / "tty"
    batch.mkdir()
    for i in range(5):
        (batch / f"{i}.pem").write_bytes(pki.files["rgs1-server-client"].read_bytes())
    proc, drawn = run_with_stderr_on_terminal(
        [CERTKIT, "check", str(batch), "--profile", TEST_PROFILE, "--jsonl", "--workers", "1"]
    )
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 5  # stdout stays pure JSON lines
    assert b"certkit check" in drawn  # the bar's label, drawn on the terminal
    assert b"5/5" in drawn  # every file counted


def test_dn_format_of_the_registration_fields(pki: Pki) -> None:
    path = pki.files["rgs1-server-client"]
    result = run_certkit(
        "check", path, "--profile", TEST_PROFILE, "--dn-format", "openssl", "--json"
    )
    subject = subprocess.run(
        ["openssl", "x509", "-in", str(path), "-noout", "-subject", "-nameopt", "compat"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    registration = json.loads(result.stdout)["registration"]
    assert registration["dn_format"] == "openssl"
    assert f"subject={registration['subject_dn']}" == subject


def test_batch_findings_are_worded_with_their_own_values_and_language() -> None:
    """Findings repeated across a batch are worded once; each keeps its own values."""
    from certkit.app.check import findings_json
    from certkit.checks.registry import finding

    first = finding("checks.siren_ok", siren="732829320", attribute="organizationIdentifier")
    second = finding("checks.siren_ok", siren="552100554", attribute="OU")
    for _ in range(2):  # the second round is served from what the first one worded
        assert [f["message"] for f in findings_json((first, second), "fr")] == [
            "SIREN 732829320 présent et valide (organizationIdentifier).",
            "SIREN 552100554 présent et valide (OU).",
        ]
        assert findings_json((first,), "en")[0]["message"] == (
            "SIREN 732829320 present and valid (organizationIdentifier)."
        )
    unhashable = finding("checks.siren_ok", siren=["7328", "29320"], attribute="O")
    assert "['7328', '29320']" in findings_json((unhashable,), "en")[0]["message"]
