"""Faults around the monitor's database and files: a read-only database file or folder, a full
disk (SQLite's file), several scans at once on one inventory and one file that makes certkit fail
while reading it (both back ends).

Read-only and full are real: the commands run in a private mount namespace (util-linux unshare)
where the folder is a read-only bind mount or a 256 KiB tmpfs; as root, permission bits alone
would not stop a write."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.corpus import CORPUS
from tests.helpers import CERTKIT, run_certkit
from tests.test_monitor_support import (
    Fleet,
    backend,
    build_fleet,
    certkit_json,
    db_counts,
    new_db,
    sql,
    write_many,
)

NewDb = Callable[..., str]

ZLINT = CORPUS / "zlint-sample"

# Fixtures: the tests that use an inventory run on SQLite and on PostgreSQL.
__all__ = ["backend", "new_db"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("faults"))


def in_namespace(setup: str, *commands: list[str | Path]) -> list[subprocess.CompletedProcess[str]]:
    """Run ``setup`` (mount commands) then each certkit command in one private mount namespace;
    the results of the certkit commands, in order."""
    script = [f"{{ {setup}; }} || exit 99"]
    for index, command in enumerate(commands):
        line = " ".join(shlex.quote(str(a)) for a in [CERTKIT, *command])
        script.append(f"{line} >out{index} 2>err{index}; echo $? >rc{index}")
    unshare = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "-rm"]
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"ns-{os.getpid()}-{len(commands)}"
    workdir.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = "C.UTF-8"
    subprocess.run([*unshare, "sh", "-c", "\n".join(script)], cwd=workdir, env=env,
                   check=True, timeout=120)  # fmt: skip
    results = []
    for index, command in enumerate(commands):
        results.append(
            subprocess.CompletedProcess(
                command,
                int((workdir / f"rc{index}").read_text()),
                (workdir / f"out{index}").read_text(),
                (workdir / f"err{index}").read_text(),
            )
        )
    return results


def test_read_only_folder(fleet: Fleet, tmp_path: Path) -> None:
    folder = tmp_path / "db"
    db = folder / "inv.db"
    certkit_json("monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", db,
                 expect=1)  # fmt: skip
    assert sorted(os.listdir(folder)) == ["inv.db"]  # WAL checkpointed, no -shm left
    q = shlex.quote(str(folder))
    ro = f"mount --bind {q} {q} && mount -o remount,bind,ro {q}"
    status, check, export, scan, ack = in_namespace(
        ro,
        ["monitor", "status", "--db", db, "--json"],
        ["monitor", "check", "--db", db],
        ["monitor", "export", "--db", db],
        ["monitor", "scan", fleet.root, "--db", db],
        ["monitor", "ack", "00000000", "--db", db],
    )
    assert status.returncode == 0, status.stderr
    assert len(json.loads(status.stdout)["certificates"]) == 10
    assert check.returncode == 2 and check.stdout.startswith("CERTKIT CRITICAL - 10 certificates")
    assert export.returncode == 0 and "x509_cert_not_after{" in export.stdout
    for writer in (scan, ack):
        assert writer.returncode == 2, writer.stderr
        assert writer.stderr.startswith(f"certkit: {db}: cannot open the database")
        assert "may write in it" in writer.stderr and len(writer.stderr.splitlines()) == 1
        assert "delete" not in writer.stderr and "Traceback" not in writer.stderr


def test_read_only_database_file(fleet: Fleet, tmp_path: Path) -> None:
    db = tmp_path / "inv.db"
    certkit_json("monitor", "scan", fleet.root / "clients", "--db", db, expect=1)
    before = db.read_bytes()
    q = shlex.quote(str(db))
    status, scan, registered = in_namespace(
        f"mount --bind {q} {q} && mount -o remount,bind,ro {q}",
        ["monitor", "status", "--db", db, "--format", "csv"],
        ["monitor", "scan", fleet.root, "--db", db],
        ["monitor", "registered", "0" * 8, "--db", db],
    )
    assert status.returncode == 0 and status.stdout.startswith("state,expiry_state,days_left")
    assert scan.returncode == 2
    assert scan.stderr.startswith(f"certkit: {db}: the database is read-only for this user")
    assert "status, check and export read a read-only database" in scan.stderr
    assert registered.returncode == 2
    assert db.read_bytes() == before


def test_full_disk(tmp_path: Path) -> None:
    """A 256 KiB file system fills up during the first batch: exit 2 saying to free space, and
    the inventory still opens (what was committed is kept)."""
    tree = tmp_path / "many"
    write_many(tree, 1200)
    folder = tmp_path / "small"
    folder.mkdir()
    db = folder / "inv.db"
    scan, status, check = in_namespace(
        f"mount -t tmpfs -o size=256k tmpfs {shlex.quote(str(folder))}",
        ["monitor", "scan", tree, "--db", db],
        ["monitor", "status", "--db", db, "--json"],
        ["monitor", "check", "--db", db],
    )
    assert scan.returncode == 2, (scan.stdout, scan.stderr)
    assert scan.stderr.startswith(f"certkit: {db}: the disk is full")
    assert f"free some space in {folder}" in scan.stderr
    assert len(scan.stderr.splitlines()) == 1 and "Traceback" not in scan.stderr
    assert status.returncode == 0, status.stderr  # the database is intact
    assert check.returncode == 3 and "no complete scan" in check.stdout


def test_export_to_a_full_disk(fleet: Fleet, tmp_path: Path) -> None:
    """The textfile collector's folder is full: exit 2, and the previous textfile stays whole."""
    db = tmp_path / "inv.db"
    certkit_json("monitor", "scan", fleet.root / "clients", "--db", db, expect=1)
    folder = tmp_path / "textfile"
    folder.mkdir()
    prom = folder / "certkit.prom"
    q = shlex.quote(str(folder))
    fill = f"dd if=/dev/zero of={q}/fill bs=4k 2>/dev/null || true"
    (result,) = in_namespace(
        f"mount -t tmpfs -o size=128k tmpfs {q}; printf 'old\\n' > {q}/certkit.prom; {fill}",
        ["monitor", "export", "--db", db, "-o", prom],
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"certkit: {prom}: cannot write (")
    assert "previous file was left whole" in result.stderr


def test_concurrent_scans_agree_on_what_is_new(tmp_path: Path, new_db: NewDb) -> None:
    """Three processes scan the same tree into one new inventory at once: each certificate is
    new for exactly one of them, and the inventory holds each once."""
    tree = tmp_path / "tree"
    write_many(tree, 1500, per_folder=300)
    db = new_db()
    processes = [
        subprocess.Popen(
            [CERTKIT, "monitor", "scan", str(tree), "--db", str(db), "--json", "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [r[1] for r in results]
    new = [json.loads(out)["new_certificates"] for out, _ in results]
    assert sum(new) == 1500, new
    counts = db_counts(db)
    assert counts["certificates"] == counts["files"] == counts["sightings"] == 1500


def test_one_bad_file_never_stops_the_scan(new_db: NewDb) -> None:
    """zlint's odd certificates (726 real files): one of them (an empty RDN, DNSFQDN.pem) made
    `monitor scan` abort with an internal error on main. Now every file gets its answer."""
    files = sorted(p for p in ZLINT.iterdir() if p.is_file())
    assert len(files) > 700
    db = new_db()
    result = run_certkit("monitor", "scan", ZLINT, "--db", db, "--json", timeout=600)
    data = json.loads(result.stdout)
    assert data["files_seen"] == data["files_read"] == len(files)
    internal = [e for e in data["errors"] if e["code"] == "monitor.internal_read_error"]
    # The exit status reflects the worst outcome: 3 for a certkit bug, 1 for unreadable files.
    assert result.returncode == (3 if internal else 1 if data["errors"] else 0)
    for error in internal:
        assert (
            error["path"] in error["message"] and "the other files were scanned" in error["message"]
        )
    counts = db_counts(db)
    assert counts["files"] == len(files)
    assert counts["scan_errors"] == len(data["errors"])
    # Every file readable as certificates is in the inventory with its certificates.
    kinds = dict(sql(db, "SELECT kind, count(*) FROM files GROUP BY kind"))
    orphans = sql(
        db,
        "SELECT count(*) FROM files f WHERE kind = 'certificates' AND NOT EXISTS "
        "(SELECT 1 FROM sightings s WHERE s.host = f.host AND s.path = f.path)",
    )[0][0]
    assert kinds.get("error", 0) == len(data["errors"])
    assert kinds["certificates"] > 500 and orphans == 0
    status = certkit_json("monitor", "status", "--db", db)
    assert len(status["certificates"]) > 400  # end-entity ones; CA certificates are not listed
