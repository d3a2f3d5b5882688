"""Crash safety, on both back ends: a scan killed with SIGKILL half-way leaves a consistent
database, and the next scan completes with every file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.helpers import CERTKIT, run_certkit
from tests.test_monitor_support import (
    backend,
    certkit_json,
    db_counts,
    has_inventory,
    new_db,
    sql,
    write_many,
)

FILES = 6000

# Fixtures: the tests that use an inventory run on SQLite and on PostgreSQL.
__all__ = ["backend", "new_db"]


def files_done(db: str) -> int:
    """Files the inventory has recorded so far (0 while its schema does not exist yet)."""
    try:
        if not has_inventory(db):
            return 0
        return int(sql(db, "SELECT count(*) FROM files")[0][0])
    except Exception:  # the schema is being created by the scan
        return 0


def test_scan_killed_half_way_recovers(
    tmp_path: Path, new_db: Callable[..., str], backend: str
) -> None:
    root = tmp_path / "many"
    write_many(root, FILES)
    db = new_db()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    process = subprocess.Popen(
        [CERTKIT, "monitor", "scan", str(root), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        done = files_done(db)
        if done >= FILES // 4:
            break
        time.sleep(0.005)
    assert process.poll() is None, "the scan finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    # The database opens, is consistent, and holds whole batches only.
    if backend == "sqlite":
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
    else:  # the server sees the client vanish: its session ends, holding nothing
        sessions = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() " + (
            "AND application_name = 'certkit monitor'"
        )
        deadline = time.monotonic() + 10
        while sql(db, sessions) != [(0,)] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sql(db, sessions) == [(0,)]
    recorded = sql(db, "SELECT count(*) FROM files")[0][0]
    # Every recorded certificate file has its sighting and its certificate row.
    orphans = sql(
        db,
        "SELECT count(*) FROM files f WHERE f.kind = 'certificates' AND NOT EXISTS "
        "(SELECT 1 FROM sightings s JOIN certificates c ON c.sha256 = s.sha256 "
        "WHERE s.host = f.host AND s.path = f.path)",
    )[0][0]
    unfinished = sql(db, "SELECT count(*) FROM scans WHERE finished IS NULL")[0][0]
    assert 0 < recorded < FILES
    assert recorded % 500 == 0  # one transaction per batch of 500 files
    assert orphans == 0
    assert unfinished == 1

    # The next scan reads only what the killed one had not recorded, and completes.
    data = certkit_json("monitor", "scan", root, "--db", db)
    assert data["files_seen"] == FILES
    assert data["files_read"] == FILES - recorded
    assert data["files_unchanged"] == recorded
    assert data["errors"] == []
    counts = db_counts(db)
    assert counts["files"] == counts["sightings"] == FILES
    assert counts["certificates"] == FILES
    check = run_certkit("monitor", "check", "--db", db)
    assert check.returncode == 0, check.stdout
    assert f"{FILES} certificates" in check.stdout


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_a_worker_killed_mid_scan_loses_no_file(tmp_path: Path, new_db: Callable[..., str]) -> None:
    """The out-of-memory killer picks one of the scan's workers: the scan still reads every
    file, records every certificate, and ends well (before: it waited forever)."""
    root = tmp_path / "many"
    write_many(root, FILES)
    db = new_db()
    process = subprocess.Popen(
        [CERTKIT, "monitor", "scan", str(root), "--db", str(db), "--json", "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    killed = None
    try:
        deadline = time.monotonic() + 120
        while killed is None and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            if len(workers) >= 2 and files_done(db) > 0:
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.005)
        out, err = process.communicate(timeout=180)
    finally:
        process.kill()
        process.wait()
    assert killed is not None, "the scan finished before a worker could be killed"
    assert process.returncode == 0, err.decode()
    data = json.loads(out)
    assert data["files_read"] == FILES and data["errors"] == []
    counts = db_counts(db)
    assert counts["files"] == counts["sightings"] == counts["certificates"] == FILES
