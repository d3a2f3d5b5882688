"""Crash safety: a scan killed with SIGKILL half-way leaves a consistent database, and the next scan
completes with every file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.helpers import CERTKIT, run_certkit
from tests.test_monitor_support import certkit_json, db_counts, write_many

FILES = 6000


def _files_done(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM files").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def test_scan_killed_half_way_recovers(tmp_path: Path) -> None:
    root = tmp_path / "many"
    write_many(root, FILES)
    db = tmp_path / "inv.db"
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
        done = _files_done(db)
        if done >= FILES // 4:
            break
        time.sleep(0.005)
    assert process.poll() is None, "the scan finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    # The database opens, is consistent, and holds whole batches only.
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        recorded = conn.execute("SELECT count(*) FROM files").fetchone()[0]
        # Every recorded certificate file has its sighting and its certificate row.
        orphans = conn.execute(
            "SELECT count(*) FROM files f WHERE f.kind = 'certificates' AND NOT EXISTS "
            "(SELECT 1 FROM sightings s JOIN certificates c ON c.sha256 = s.sha256 "
            "WHERE s.path = f.path)"
        ).fetchone()[0]
        unfinished = conn.execute("SELECT count(*) FROM scans WHERE finished IS NULL").fetchone()
    finally:
        conn.close()
    assert 0 < recorded < FILES
    assert recorded % 500 == 0  # one transaction per batch of 500 files
    assert orphans == 0
    assert unfinished[0] == 1

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
