"""The test CA holds on when things go wrong: SIGKILL during issuance, umask 000, outputs that are
links, folders or devices, and validity requests X.509 or the issuer cannot honour."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
)

from certkit.errors import InputError
from certkit.testca import TestCA
from tests.helpers import CERTKIT, run_certkit

SIREN = "732829320"
LEAF_FILE = re.compile(r"leaf-(\d+)(\.pem|\.key|-chain\.pem|-fullchain\.pem)")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def spki(key_or_cert: object) -> bytes:
    public = key_or_cert.public_key()  # type: ignore[attr-defined]
    return bytes(public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))


def test_sigkill_during_issuance_leaves_only_indexed_certificates(tmp_path: Path) -> None:
    """A batch issuance killed at random moments: every certificate and key file that exists is
    whole and belongs to an indexed (so revocable) certificate, and no temporary file remains."""
    ca_dir = tmp_path / "ca"
    assert run_certkit("testca", "init", ca_dir).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = "C.UTF-8"
    seen_files = 0
    for round_number, delay in enumerate((0.9, 1.2, 1.5, 1.8, 2.1)):
        out = tmp_path / f"round-{round_number}"
        out.mkdir()
        process = subprocess.Popen(
            [CERTKIT, "testca", "issue", str(ca_dir), "--profile", "rgs1-server-client",
             "--siren", "random", "--count", "100000", "-o", str(out / "leaf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        assert process.stderr is not None
        process.stderr.close()

        listed = run_certkit("testca", "list", ca_dir, "--json")
        assert listed.returncode == 0, listed.stderr  # the index reads, even cut mid-line
        records = json.loads(listed.stdout)
        indexed = {int(r["serial"], 16) for r in records}
        ca = TestCA.open(ca_dir)
        indexed_keys = {spki(r.certificate) for r in ca.list() if r.certificate is not None}
        ca.close()
        names = sorted(p.name for p in out.iterdir())
        stray = [n for n in names if not LEAF_FILE.fullmatch(n)]
        assert stray == [], f"temporary or unexpected files left behind: {stray}"
        certificates = sorted(out.glob("leaf-*[0-9].pem"))
        for path in certificates:
            cert = x509.load_pem_x509_certificate(path.read_bytes())  # whole, never half
            assert cert.serial_number in indexed, f"{path.name} is not in the index"
        for path in out.glob("leaf-*.key"):
            assert mode(path) == 0o600
            key = load_pem_private_key(path.read_bytes(), None)
            assert spki(key) in indexed_keys, f"{path.name} belongs to no indexed certificate"
        seen_files += len(certificates)
        if certificates:  # the last one written can be revoked
            last = max(certificates, key=lambda p: int(LEAF_FILE.fullmatch(p.name)[1]))  # type: ignore[index]
            assert run_certkit("testca", "revoke", ca_dir, last).returncode == 0
    assert seen_files > 0, "no round got far enough to write files: raise the delays"
    # after all these kills the CA still issues, and the new line reads back
    before = len(json.loads(run_certkit("testca", "list", ca_dir, "--json").stdout))
    again = run_certkit(
        "testca", "issue", ca_dir, "--profile", "no-siren", "-o", tmp_path / "after"
    )
    assert again.returncode == 0, again.stderr
    assert len(json.loads(run_certkit("testca", "list", ca_dir, "--json").stdout)) == before + 1


def test_a_torn_last_index_line_is_ignored_and_the_next_one_starts_fresh(tmp_path: Path) -> None:
    ca = TestCA.init(tmp_path / "ca")
    first = ca.issue("no-siren")
    ca.close()
    index = tmp_path / "ca" / "index.jsonl"
    with index.open("ab") as handle:
        handle.write(b'{"event":"issue","serial":"ab","profile":"no-si')  # killed mid-write
    reopened = TestCA.open(tmp_path / "ca")
    assert [r.serial for r in reopened.list()] == [first.serial]
    second = reopened.issue("no-siren")
    assert [r.serial for r in TestCA.open(tmp_path / "ca").list()] == [first.serial, second.serial]
    # a damaged line that is not the last one is still an error naming the line
    index.write_bytes(b"garbage\n" + index.read_bytes())
    with pytest.raises(InputError) as damaged:
        TestCA.open(tmp_path / "ca").list()
    assert damaged.value.code == "testca.index_invalid" and damaged.value.params["line"] == 1


def test_modes_hold_under_umask_000(tmp_path: Path) -> None:
    password = tmp_path / "password"
    password.write_text("pw\n")
    ca_dir = tmp_path / "ca"

    def run(*args: str | Path) -> None:
        result = subprocess.run(
            [CERTKIT, *map(str, args)],
            capture_output=True, text=True, check=False, timeout=60,
            preexec_fn=lambda: os.umask(0),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr

    run("testca", "init", ca_dir)
    run("testca", "issue", ca_dir, "--profile", "rgs1-server-client", "--siren", SIREN,
        "--p12", "--password-file", password, "-o", tmp_path / "leaf")  # fmt: skip
    run("testca", "crl", ca_dir)
    assert mode(ca_dir) == 0o700
    for key in ("root.key", "intermediate.key"):
        assert mode(ca_dir / key) == 0o600
    assert mode(tmp_path / "leaf.key") == 0o600 and mode(tmp_path / "leaf.p12") == 0o600
    public = [*ca_dir.iterdir(), *tmp_path.glob("leaf*.pem")]
    for path in public:
        if path.suffix != ".key":
            assert mode(path) == 0o644, path.name  # readable, never writable by others


def test_outputs_are_never_links_folders_or_devices_by_accident(tmp_path: Path) -> None:
    ca_dir = tmp_path / "ca"
    assert run_certkit("testca", "init", ca_dir).returncode == 0
    base = ["testca", "issue", ca_dir, "--profile", "no-siren"]
    (tmp_path / "dir.pem").mkdir()
    result = run_certkit(*base, "-o", tmp_path / "dir", "--force")
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert (tmp_path / "dir.pem").is_dir()
    target = tmp_path / "real.key"
    target.write_text("old")
    (tmp_path / "link.key").symlink_to(target)
    refused = run_certkit(*base, "-o", tmp_path / "link")
    assert refused.returncode == 2 and "already exists" in refused.stderr
    forced = run_certkit(*base, "-o", tmp_path / "link", "--force")
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "link.key").is_symlink()  # the link stays, its target was written
    assert b"PRIVATE KEY" in target.read_bytes() and mode(target) == 0o600
    # /dev/null as an output: refused, and still the device afterwards
    (tmp_path / "null.pem").symlink_to("/dev/null")
    device = run_certkit(*base, "-o", tmp_path / "null", "--force")
    assert device.returncode == 2 and "not a regular file" in device.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(tmp_path.glob("null.key"))


def test_days_are_bounded_by_the_issuer_and_by_x509(tmp_path: Path) -> None:
    ca_dir = tmp_path / "ca"
    assert run_certkit("testca", "init", ca_dir).returncode == 0
    base = ["testca", "issue", ca_dir, "--profile", "no-siren", "-o", tmp_path / "x"]
    for extra in ((), ("--beyond-issuer",)):
        result = run_certkit(*base, "--days", "3000000", *extra)
        assert result.returncode == 2, result.stderr  # not 3: a one-line error
        assert len(result.stderr.strip().splitlines()) == 1
    assert "--beyond-issuer" in run_certkit(*base, "--days", "3000000").stderr
    assert "9999" in run_certkit(*base, "--days", "3000000", "--beyond-issuer").stderr
    inter = x509.load_pem_x509_certificate((ca_dir / "intermediate.pem").read_bytes())
    longest = (inter.not_valid_after_utc - dt.datetime.now(dt.UTC)).days
    too_long = run_certkit(*base, "--days", str(longest + 2))
    assert too_long.returncode == 2
    said = re.search(r"--days (\d+) or fewer", too_long.stderr)
    assert said and int(said[1]) in (longest, longest + 1)  # whole days left, from this second
    assert not list(tmp_path.glob("x*"))
    assert run_certkit(*base, "--days", str(longest - 1)).returncode == 0
    beyond = run_certkit(
        *base[:-1], tmp_path / "y", "--days", str(longest + 400), "--beyond-issuer", "--json"
    )
    assert beyond.returncode == 0, beyond.stderr
    ends = dt.datetime.fromisoformat(json.loads(beyond.stdout)["not_after"])
    assert ends > inter.not_valid_after_utc


def test_an_old_ca_refuses_a_profile_that_would_outlive_it(tmp_path: Path) -> None:
    nine_years_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=9 * 365 + 200)
    ca = TestCA.init(tmp_path / "ca", now=nine_years_ago)  # intermediate: 10 years
    with pytest.raises(InputError) as outlives:
        ca.issue("rgs1-server-client", SIREN)  # 730 days
    assert outlives.value.code == "testca.outlives_issuer"
    assert ca.list() == ()  # nothing signed, nothing recorded
    server = ca.issue_server()  # the platform's own certificate ends with the CA instead
    assert server.certificate.not_valid_after_utc <= ca.issuer_certificate.not_valid_after_utc
