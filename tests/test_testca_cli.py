"""`certkit testca ...` run as a user would: real subprocesses, files on disk, openssl to check."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_certkit

SIREN = "732829320"


def openssl(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=False, timeout=30
    )


def luhn(number: str) -> bool:
    digits = [int(c) for c in number]
    for i in range(len(digits) - 2, -1, -2):
        digits[i] = sum(divmod(digits[i] * 2, 10))
    return sum(digits) % 10 == 0


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def ca_dir(tmp_path: Path) -> Path:
    result = run_certkit("testca", "init", tmp_path / "ca", "--name", "Vendor CA")
    assert result.returncode == 0, result.stderr
    assert "Test CA created in" in result.stdout
    return tmp_path / "ca"


def test_init_issue_and_openssl_verify(ca_dir: Path, tmp_path: Path) -> None:
    result = run_certkit(
        "testca", "issue", ca_dir, "--profile", "rgs1-server-client", "--siren", SIREN,
        "--cn", "Logiciel Copro", "--org", "CABINET MARTIN", "--days", "365",
        "-o", tmp_path / "syndic",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Issued certificate (profile rgs1-server-client" in result.stdout
    for name in ("syndic.pem", "syndic.key", "syndic-chain.pem"):
        assert f"wrote: {tmp_path / name}" in result.stdout
    assert stat.S_IMODE((tmp_path / "syndic.key").stat().st_mode) == 0o600
    subject = openssl("x509", "-in", tmp_path / "syndic.pem", "-noout", "-subject", "-nameopt",
                      "RFC2253").stdout  # fmt: skip
    assert subject.strip() == (
        f"subject=CN=Logiciel Copro,organizationIdentifier=NTRFR-{SIREN},O=CABINET MARTIN,C=FR"
    )
    issuer = openssl("x509", "-in", tmp_path / "syndic.pem", "-noout", "-issuer").stdout
    assert "CN = Vendor CA Serveur-Client" in issuer
    dates = openssl("x509", "-in", tmp_path / "syndic.pem", "-noout", "-enddate", "-startdate")
    assert dates.returncode == 0
    verify = openssl(
        "verify", "-purpose", "sslclient", "-CAfile", ca_dir / "root.pem",
        "-untrusted", tmp_path / "syndic-chain.pem", tmp_path / "syndic.pem",
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_issue_refuses_overwrite_without_force(ca_dir: Path, tmp_path: Path) -> None:
    args = ["testca", "issue", ca_dir, "--profile", "no-siren", "-o", tmp_path / "x"]
    assert run_certkit(*args).returncode == 0
    before = (tmp_path / "x.pem").read_bytes()
    line = one_error_line(run_certkit(*args))
    assert f"{tmp_path / 'x.pem'} already exists" in line and "--force" in line
    assert (tmp_path / "x.pem").read_bytes() == before
    assert run_certkit(*args, "--force").returncode == 0
    assert (tmp_path / "x.pem").read_bytes() != before


def test_default_prefix_is_the_profile_name(ca_dir: Path, tmp_path: Path) -> None:
    result = run_certkit("testca", "issue", ca_dir, "--profile", "no-siren", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("no-siren*")) == [
        "no-siren-chain.pem",
        "no-siren-fullchain.pem",
        "no-siren.key",
        "no-siren.pem",
    ]


def test_siren_checks(ca_dir: Path, tmp_path: Path) -> None:
    base = ["testca", "issue", ca_dir, "--profile", "rgs1-server-client"]
    line = one_error_line(run_certkit(*base, "--siren", "732829321", "-o", tmp_path / "a"))
    assert "732829321" in line and "Luhn" in line and "--allow-invalid-siren" in line
    assert not list(tmp_path.glob("a*"))
    line = one_error_line(run_certkit(*base, "-o", tmp_path / "b"))
    assert "--siren" in line
    forced = run_certkit(
        *base, "--siren", "732829321", "--allow-invalid-siren", "-o", tmp_path / "c", "--json"
    )
    assert forced.returncode == 0, forced.stderr
    assert "NTRFR-732829321" in json.loads(forced.stdout)["subject"]
    drawn = run_certkit(*base, "--siren", "random", "-o", tmp_path / "d", "--json")
    data = json.loads(drawn.stdout)
    assert luhn(data["siren"]) and len(data["siren"]) == 9
    subject = openssl("x509", "-in", tmp_path / "d.pem", "-noout", "-subject").stdout
    assert f"organizationIdentifier = NTRFR-{data['siren']}" in subject


def test_json_output_of_issue(ca_dir: Path, tmp_path: Path) -> None:
    result = run_certkit(
        "testca", "issue", ca_dir, "--profile", "personal", "-o", tmp_path / "p", "--json"
    )
    data = json.loads(result.stdout)
    fingerprint = openssl("x509", "-in", tmp_path / "p.pem", "-noout", "-fingerprint", "-sha256")
    expected = fingerprint.stdout.strip().split("=", 1)[1].replace(":", "").lower()
    assert data["sha256"] == expected
    serial = openssl("x509", "-in", tmp_path / "p.pem", "-noout", "-serial").stdout
    assert int(data["serial"], 16) == int(serial.strip().split("=")[1], 16)
    assert data["serial"] == data["serial"].lower()
    assert data["profile"] == "personal" and data["siren"] is None
    assert data["not_before"].endswith("Z") and data["not_after"].endswith("Z")
    assert data["files"] == {
        "cert": str(tmp_path / "p.pem"),
        "key": str(tmp_path / "p.key"),
        "chain": str(tmp_path / "p-chain.pem"),
        "fullchain": str(tmp_path / "p-fullchain.pem"),
        "p12": None,
    }


def test_p12_needs_a_password_and_opens_with_it(ca_dir: Path, tmp_path: Path) -> None:
    base = ["testca", "issue", ca_dir, "--profile", "rgs1-server-client", "--siren", SIREN]
    line = one_error_line(run_certkit(*base, "-o", tmp_path / "a", "--p12"))
    assert "--password-file" in line
    assert not list(tmp_path.glob("a*"))
    (tmp_path / "pw").write_text("correct horse\n")
    result = run_certkit(*base, "-o", tmp_path / "b", "--p12", "--password-file", tmp_path / "pw")
    assert result.returncode == 0, result.stderr
    opened = openssl("pkcs12", "-in", tmp_path / "b.p12", "-passin", "pass:correct horse",
                     "-nodes")  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    assert "PRIVATE KEY" in opened.stdout and opened.stdout.count("BEGIN CERTIFICATE") == 3


def test_revoke_crl_and_list(ca_dir: Path, tmp_path: Path) -> None:
    for name in ("one", "two", "three"):
        run_certkit("testca", "issue", ca_dir, "--profile", "no-siren", "-o", tmp_path / name)
    serial_two = openssl("x509", "-in", tmp_path / "two.pem", "-noout", "-serial").stdout
    serial_two = serial_two.strip().split("=")[1]
    by_file = run_certkit("testca", "revoke", ca_dir, tmp_path / "one.pem", "--reason",
                          "keyCompromise")  # fmt: skip
    assert by_file.returncode == 0, by_file.stderr
    assert "revoked (reason: key_compromise)" in by_file.stdout
    by_serial = run_certkit("testca", "revoke", ca_dir, serial_two.lower())
    assert by_serial.returncode == 0, by_serial.stderr
    again = one_error_line(run_certkit("testca", "revoke", ca_dir, serial_two))
    assert "already revoked" in again
    unknown = one_error_line(run_certkit("testca", "revoke", ca_dir, "abcdef"))
    assert "abcdef" in unknown
    crl = run_certkit("testca", "crl", ca_dir)
    assert crl.returncode == 0 and crl.stdout.strip() == str(ca_dir / "crl.pem")
    text = openssl("crl", "-in", ca_dir / "crl.pem", "-noout", "-text").stdout
    serial_one = openssl("x509", "-in", tmp_path / "one.pem", "-noout", "-serial").stdout
    assert f"Serial Number: {serial_one.strip().split('=')[1]}" in text
    assert f"Serial Number: {serial_two}" in text
    serial_three = openssl("x509", "-in", tmp_path / "three.pem", "-noout", "-serial").stdout
    assert serial_three.strip().split("=")[1] not in text
    listed = json.loads(run_certkit("testca", "list", ca_dir, "--json").stdout)
    assert [r["revoked"] for r in listed] == [True, True, False]
    assert [r["reason"] for r in listed] == ["key_compromise", "unspecified", None]
    assert all(r["subject"] == "CN=SYNDIC EXEMPLE,O=SYNDIC EXEMPLE,C=FR" for r in listed)
    human = run_certkit("testca", "list", ca_dir).stdout.splitlines()
    assert len(human) == 3 and "revoked" in human[0] and "valid" in human[2]


def test_profiles_lists_every_bundled_profile(tmp_path: Path) -> None:
    data = json.loads(run_certkit("testca", "profiles", "--json").stdout)
    names = {p["name"] for p in data}
    assert {
        "rgs1-server-client", "rgs1-server-client-ou0002", "rgs2-server-client",
        "rgs3-server-client", "personal", "server-only", "no-eku", "expired", "not-yet-valid",
        "expiring-soon", "weak-rsa1024", "sha1", "no-siren",
    } <= names  # fmt: skip
    assert all(p["description"] for p in data)
    human = run_certkit("testca", "profiles").stdout
    assert human.count("\n") == len(data)
    assert "rgs1-server-client-ou0002  Same as rgs1-server-client" in human


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    line = one_error_line(
        run_certkit("testca", "issue", tmp_path / "empty", "--profile", "expired")
    )
    assert "is not a certkit test CA" in line and str(tmp_path / "empty") in line
    run_certkit("testca", "init", tmp_path / "ca")
    line = one_error_line(run_certkit("testca", "init", tmp_path / "ca"))
    assert "is not empty" in line
    broken = tmp_path / "broken.toml"
    broken.write_text('description = "x"\nsubject = [["CN", "{unknown}"]]\n')
    line = one_error_line(
        run_certkit("testca", "issue", tmp_path / "ca", "--profile", broken, "-o", tmp_path / "z")
    )
    assert str(broken) in line and "{unknown}" in line
    assert not list(tmp_path.glob("z*"))


def test_french_messages(ca_dir: Path, tmp_path: Path) -> None:
    env = {"LANG": "fr_FR.UTF-8"}
    result = run_certkit(
        "testca", "issue", ca_dir, "--profile", "rgs1-server-client", "--siren", "123456789",
        env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert "la clé de Luhn ne correspond pas" in result.stderr
    ok = run_certkit("testca", "issue", ca_dir, "--profile", "no-siren", "-o",
                     tmp_path / "fr", env=env)  # fmt: skip
    assert "Certificat émis (profil no-siren" in ok.stdout


def test_serve_answers_openssl_ocsp_until_interrupted(ca_dir: Path, tmp_path: Path) -> None:
    import signal
    import socket
    import sys

    run_certkit("testca", "issue", ca_dir, "--profile", "no-siren", "-o", tmp_path / "a")
    run_certkit("testca", "revoke", ca_dir, tmp_path / "a.pem")
    with socket.socket() as probe:  # a free port on 127.0.0.1
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    certkit = str(Path(sys.executable).parent / "certkit")
    server = subprocess.Popen(
        [certkit, "testca", "serve", str(ca_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith(f"http://127.0.0.1:{port}/ocsp")
        result = openssl(
            "ocsp", "-issuer", ca_dir / "intermediate.pem", "-cert", tmp_path / "a.pem",
            "-url", f"http://127.0.0.1:{port}/ocsp", "-CAfile", ca_dir / "root.pem",
            "-VAfile", ca_dir / "intermediate.pem",
        )  # fmt: skip
        assert f"{tmp_path / 'a.pem'}: revoked" in result.stdout, result.stderr
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
    assert server.returncode == 130
    assert "Traceback" not in (server.stderr.read() if server.stderr else "")


def test_profiles_in_french() -> None:
    french = run_certkit("testca", "profiles", env={"LANG": "fr_FR.UTF-8"}).stdout
    english = run_certkit("testca", "profiles").stdout
    assert "no-siren                   Négatif : rgs1-server-client sans aucun SIREN" in french
    assert "no-siren                   Negative: rgs1-server-client with no SIREN" in english
    assert french.count("\n") == english.count("\n")


def test_count_issues_a_batch_with_a_progress_bar_only_on_a_terminal(
    ca_dir: Path, tmp_path: Path
) -> None:
    import os
    import pty
    import sys

    args = ["testca", "issue", ca_dir, "--profile", "rgs1-server-client", "--siren", "random"]
    result = run_certkit(*args, "--count", "3", "-o", tmp_path / "batch", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not a terminal: no progress bar
    data = json.loads(result.stdout)
    assert [d["files"]["cert"] for d in data] == [
        str(tmp_path / f"batch-{n}.pem") for n in (1, 2, 3)
    ]
    assert len({d["siren"] for d in data}) == 3 and all(luhn(d["siren"]) for d in data)
    for n in (1, 2, 3):
        subject = openssl("x509", "-in", tmp_path / f"batch-{n}.pem", "-noout", "-subject").stdout
        assert f"NTRFR-{data[n - 1]['siren']}" in subject
    # stderr on a terminal: a rich progress bar is drawn there
    master, slave = pty.openpty()
    certkit = str(Path(sys.executable).parent / "certkit")
    process = subprocess.Popen(
        [certkit, *map(str, args), "--count", "40", "-o", str(tmp_path / "tty")],
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    assert process.wait(timeout=60) == 0
    os.close(master)
    assert b"certkit testca issue" in drawn
    assert len(list(tmp_path.glob("tty-*.key"))) == 40


def test_serve_on_a_busy_port_is_one_line(ca_dir: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = one_error_line(run_certkit("testca", "serve", ca_dir, "--port", str(port)))
    assert f"127.0.0.1:{port}" in line and "--port" in line


def test_person_fields_for_the_personal_profile(ca_dir: Path, tmp_path: Path) -> None:
    result = run_certkit(
        "testca", "issue", ca_dir, "--profile", "personal", "--given-name", "Émile",
        "--surname", "Zola", "--email", "emile.zola@syndic-exemple.test", "-o", tmp_path / "z",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = openssl("x509", "-in", tmp_path / "z.pem", "-noout", "-text", "-nameopt",
                   "RFC2253,-esc_msb").stdout  # fmt: skip
    assert "Subject: CN=Émile Zola,SN=Zola,GN=Émile,O=SYNDIC EXEMPLE,C=FR" in text
    assert "email:emile.zola@syndic-exemple.test" in text


def test_profile_dir_adds_a_user_profile(ca_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "client-only.toml").write_text(
        'description = "Vendor client-only certificate"\n'
        'subject = [["C", "FR"], ["O", "{org}"], ["OU", "0002 {siren}"], ["CN", "{cn}"]]\n'
        "[extensions]\n"
        'extended_key_usage = { values = ["client_auth"] }\n',
        encoding="utf-8",
    )
    listed = run_certkit("testca", "profiles", "--profile-dir", mine).stdout
    assert "client-only" in listed and "Vendor client-only certificate" in listed
    result = run_certkit(
        "testca", "issue", ca_dir, "--profile-dir", mine, "--profile", "client-only",
        "--siren", SIREN, "-o", tmp_path / "c",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = openssl("x509", "-in", tmp_path / "c.pem", "-noout", "-text").stdout
    assert f"Subject: C = FR, O = SYNDIC EXEMPLE, OU = 0002 {SIREN}, CN = SYNDIC EXEMPLE" in text
    assert "TLS Web Client Authentication\n" in text and "Server Authentication" not in text
    unknown = one_error_line(
        run_certkit("testca", "issue", ca_dir, "--profile", "client-only", "--siren", SIREN)
    )
    assert "unknown profile 'client-only'" in unknown
