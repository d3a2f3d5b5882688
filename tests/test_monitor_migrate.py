"""`monitor migrate`: hosts' SQLite inventories copied into one shared PostgreSQL inventory without
duplicating anything, run twice without effect; and an inventory written by the previous schema
(version 2, one host, built here by hand with that schema's DDL) read and upgraded in place."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from tests.helpers import run_certkit
from tests.pgserver import server
from tests.test_monitor_shared import SlowHook
from tests.test_monitor_support import (
    AT_TEXT,
    SIREN,
    Fleet,
    build_fleet,
    by_sha,
    certkit_json,
    db_counts,
    sql,
)

NewDb = Callable[..., str]
ALL = ("certificates", "files", "sightings", "scan_errors")


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("migrate"))


@pytest.fixture
def shared() -> Iterator[str]:
    """The team's new, empty PostgreSQL database."""
    pg = server()
    name = pg.create_database("shared")
    yield pg.url(name)
    pg.drop_database(name)


@pytest.fixture
def hook() -> Iterator[SlowHook]:
    made = SlowHook(0)
    yield made
    made.close()


def migrate(*args: str | Path, expect: int = 0) -> dict[str, Any]:
    return certkit_json("monitor", "migrate", *args, expect=expect)


def test_two_hosts_into_one_shared_inventory_twice(
    fleet: Fleet, tmp_path: Path, shared: str, hook: SlowHook
) -> None:
    s, clients = fleet.sha, fleet.root / "clients"
    web1, web2 = tmp_path / "web1.db", tmp_path / "web2.db"
    # web1: the old certificates, d5 and d20, an acknowledgement, alerts already sent to the
    # team hook.
    certkit_json("monitor", "scan", clients / "same-2024.pem", clients / "newca-2024.pem",
                 fleet.root / "d5.crt", clients / "d20.txt", fleet.corrupt, "--db", web1,
                 "--host-label", "web1", expect=1)  # fmt: skip
    certkit_json("monitor", "ack", s["d5"], "--note", "renewal ordered", "--db", web1,
                 "--at", AT_TEXT)  # fmt: skip
    sent = run_certkit("monitor", "notify", "--db", web1, "--webhook", hook.url, "--at", AT_TEXT)
    assert sent.returncode == 0, sent.stderr
    # web2: the renewals (one of them also on web1's disk), and the new DNs registered.
    certkit_json("monitor", "scan", clients / "same-2026.pem", clients / "newca-2026.pem",
                 clients / "same-2024.pem", "--db", web2, "--host-label", "web2")  # fmt: skip
    certkit_json("monitor", "registered", s["new_issuer_new"], "--on", "2026-05-20", "--db", web2)

    one = migrate("--from", web1, "--to", shared)
    assert one["hosts"] == ["web1"]
    assert (one["certificates_new"], one["certificates_present"]) == (4, 0)
    assert (one["files_copied"], one["scans_copied"], one["marks_changed"]) == (5, 1, 1)
    assert one["records_changed"] >= 2  # the channel's state and delivery records
    two = migrate("--from", web2, "--to", shared)
    # same-2024.pem's certificate came from web1 already: not duplicated.
    assert (two["certificates_new"], two["certificates_present"]) == (2, 1)
    assert two["files_copied"] == 3
    counts = db_counts(shared)
    assert counts == {"certificates": 6, "files": 8, "sightings": 7, "scan_errors": 1}

    data = certkit_json("monitor", "status", "--db", shared, "--at", AT_TEXT)
    assert data["hosts"] == ["web1", "web2"]
    entries = by_sha(data)
    assert entries[s["d5"]]["acknowledged"]["note"] == "renewal ordered"
    old = entries[s["new_issuer_old"]]
    assert old["renewed_by"] == s["new_issuer_new"]  # across the two hosts' inventories
    assert old["action"]["code"] == "monitor.action.install_registered_successor"
    assert sorted(loc["host"] for loc in entries[s["same_dn_old"]]["locations"]) == ["web1", "web2"]
    assert [e["host"] for e in data["scan_errors"]] == ["web1"]
    # The team hook already has web1's alerts: the shared inventory does not send them again.
    before = hook.ids()
    assert f"{s['d20']}:warning" in before  # still a warning in the shared inventory
    again = run_certkit("monitor", "notify", "--db", shared, "--webhook", hook.url, "--at", AT_TEXT)
    assert again.returncode == 0, again.stderr
    assert hook.ids() == before and "nothing new" in again.stdout

    # Twice: nothing copied, nothing duplicated.
    for source in (web1, web2):
        repeat = migrate("--from", source, "--to", shared)
        assert repeat["certificates_new"] == repeat["files_copied"] == repeat["scans_copied"] == 0
        assert repeat["marks_changed"] == repeat["records_changed"] == 0
    assert db_counts(shared) == counts
    assert sql(shared, "SELECT count(*) FROM scans") == [(2,)]
    text = run_certkit("monitor", "migrate", "--from", web1, "--to", shared).stdout
    assert text.startswith(f"copied {web1} into {shared}: 0 new certificates (4 already there)")


def test_a_host_whose_scans_found_no_file_is_copied_once(tmp_path: Path, shared: str) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    quiet = tmp_path / "quiet.db"
    certkit_json("monitor", "scan", empty, "--db", quiet, "--host-label", "quiet")
    assert migrate("--from", quiet, "--to", shared)["scans_copied"] == 1
    assert migrate("--from", quiet, "--to", shared)["scans_copied"] == 0  # before: 1 again
    assert sql(shared, "SELECT count(*) FROM scans") == [(1,)]


def test_a_file_removed_since_does_not_come_back(fleet: Fleet, tmp_path: Path, shared: str) -> None:
    """web1 migrated, then scans the shared inventory directly and a file has gone: migrating the
    old file again (by mistake) brings back neither that file nor older file states."""
    folder = tmp_path / "certs"
    folder.mkdir()
    for name in ("d5.crt", "expired.pem"):
        (folder / name).write_bytes((fleet.root / name).read_bytes())
    old = tmp_path / "web1.db"
    certkit_json("monitor", "scan", folder, "--db", old, "--host-label", "web1")
    migrate("--from", old, "--to", shared)
    (folder / "d5.crt").unlink()
    later = certkit_json("monitor", "scan", folder, "--db", shared, "--host-label", "web1")
    assert later["files_removed"] == 1
    again = migrate("--from", old, "--to", shared)
    assert again["files_copied"] == 0 and again["files_present"] == 2
    assert fleet.sha["d5"] not in by_sha(certkit_json("monitor", "status", "--db", shared))


def test_back_from_postgresql_into_a_file(fleet: Fleet, tmp_path: Path, shared: str) -> None:
    certkit_json("monitor", "scan", fleet.root / "clients", "--db", shared, "--host-label", "pg1",
                 expect=1)  # fmt: skip
    copy = tmp_path / "copy.db"
    done = migrate("--from", shared, "--to", copy)
    assert done["hosts"] == ["pg1"] and done["certificates_new"] == 7
    assert db_counts(copy) == db_counts(shared)
    assert certkit_json("monitor", "status", "--db", copy)["hosts"] == ["pg1"]


def test_migrate_refuses_what_it_cannot_do_and_writes_nothing(
    fleet: Fleet, tmp_path: Path, shared: str
) -> None:
    missing = run_certkit("monitor", "migrate", "--from", tmp_path / "none.db", "--to", shared)
    assert missing.returncode == 2 and "no inventory there" in missing.stderr
    web = tmp_path / "web.db"
    certkit_json("monitor", "scan", fleet.root / "d5.crt", "--db", web, "--host-label", "a")
    certkit_json("monitor", "scan", fleet.root / "expired.pem", "--db", web, "--host-label", "b")
    same = run_certkit("monitor", "migrate", "--from", web, "--to", str(web))
    assert same.returncode == 2 and "name the same inventory" in same.stderr
    several = run_certkit("monitor", "migrate", "--from", web, "--to", shared, "--host-label", "x")
    assert several.returncode == 2 and "already holds several hosts (a, b)" in several.stderr
    # A shared inventory from a newer certkit: refused before anything is copied.
    certkit_json("monitor", "scan", fleet.root / "clients" / "d400.pem", "--db", shared)
    sql(shared, "UPDATE schema_version SET version = 7")
    before = db_counts(shared)
    newer = run_certkit("monitor", "migrate", "--from", web, "--to", shared)
    assert newer.returncode == 2 and "written by a newer certkit (schema 7" in newer.stderr
    sql(shared, "UPDATE schema_version SET version = 3")
    assert db_counts(shared) == before
    for result in (missing, same, several, newer):
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


# -------------------------------------------------------------------- an inventory of schema 2

# The schema certkit wrote before host labels (version 2), as it was released.
SCHEMA_2 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (2);
CREATE TABLE certificates (sha256 TEXT PRIMARY KEY, subject_rfc4514 TEXT NOT NULL,
    issuer_rfc4514 TEXT NOT NULL, subject_der BLOB NOT NULL, issuer_der BLOB NOT NULL, cn TEXT,
    org TEXT, siren TEXT, serial_hex TEXT NOT NULL, not_before INTEGER NOT NULL,
    not_after INTEGER NOT NULL, is_ca INTEGER NOT NULL, first_seen INTEGER NOT NULL);
CREATE INDEX certificates_siren ON certificates(siren);
CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('certificates', 'other', 'error')),
    format TEXT, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE TABLE sightings (path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    sha256 TEXT NOT NULL REFERENCES certificates(sha256), position INTEGER NOT NULL,
    first_seen INTEGER NOT NULL, PRIMARY KEY (path, sha256));
CREATE INDEX sightings_sha256 ON sightings(sha256);
CREATE TABLE scan_errors (path TEXT PRIMARY KEY REFERENCES files(path) ON DELETE CASCADE,
    code TEXT NOT NULL, params TEXT NOT NULL, first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL);
CREATE TABLE notifications (sha256 TEXT NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL,
    sent_at INTEGER NOT NULL, PRIMARY KEY (sha256, channel));
CREATE TABLE scans (id INTEGER PRIMARY KEY, started INTEGER NOT NULL, finished INTEGER,
    roots TEXT NOT NULL, files_seen INTEGER, files_read INTEGER, errors INTEGER);
CREATE TABLE acks (sha256 TEXT PRIMARY KEY, state TEXT NOT NULL, note TEXT,
    acked_at INTEGER NOT NULL, acked_by TEXT);
CREATE TABLE registrations (sha256 TEXT PRIMARY KEY, registered_on INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL);
CREATE TABLE deliveries (channel TEXT NOT NULL, alert_id TEXT NOT NULL,
    attempted_at INTEGER NOT NULL, acknowledged_at INTEGER, PRIMARY KEY (channel, alert_id));
"""


def schema2_inventory(fleet: Fleet, path: Path) -> None:
    """One host's inventory as the previous certkit left it: d5.crt scanned, acknowledged."""
    import hashlib

    cert = fleet.certs["d5"]
    der = cert.public_bytes(serialization.Encoding.DER)
    sha = hashlib.sha256(der).hexdigest()
    file = fleet.root / "d5.crt"
    st = os.stat(file)
    now = 1_780_000_000
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(SCHEMA_2)
        conn.execute(
            "INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha, cert.subject.rfc4514_string(), cert.issuer.rfc4514_string(),
             cert.subject.public_bytes(), cert.issuer.public_bytes(), "SYNDIC D5",
             f"SYNDIC {SIREN['d5']}", SIREN["d5"], format(cert.serial_number, "x"),
             int(cert.not_valid_before_utc.timestamp()), int(cert.not_valid_after_utc.timestamp()),
             0, now),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, 'certificates', 'pem', ?, ?)",
            (str(file), st.st_size, st.st_mtime_ns, st.st_ino, now, now),
        )
        conn.execute("INSERT INTO sightings VALUES (?, ?, 0, ?)", (str(file), sha, now))
        conn.execute(
            "INSERT INTO scans (started, finished, roots, files_seen, files_read, errors) "
            "VALUES (?, ?, ?, 1, 1, 0)",
            (now, now + 1, json.dumps([str(file)])),
        )
        conn.execute(
            "INSERT INTO acks VALUES (?, 'critical', 'renewal ordered', ?, 'marie')", (sha, now)
        )
    conn.close()


def test_schema_2_inventory_is_read_as_it_is_then_upgraded(
    fleet: Fleet, tmp_path: Path, shared: str
) -> None:
    old = tmp_path / "monitor.db"
    schema2_inventory(fleet, old)
    # Read-only commands read it as it is (nothing written: still schema 2).
    data = certkit_json("monitor", "status", "--db", old, "--at", AT_TEXT)
    d5 = by_sha(data)[fleet.sha["d5"]]
    assert d5["paths"] == [str(fleet.root / "d5.crt")] and d5["state"] == "critical"
    assert d5["acknowledged"]["by"] == "marie"
    assert sql(old, "SELECT version FROM schema_version") == [(2,)]
    # A copy migrates into the shared inventory as it is, under the label asked for.
    copy = tmp_path / "copy.db"
    copy.write_bytes(old.read_bytes())
    moved = migrate("--from", copy, "--to", shared, "--host-label", "syndic-01")
    assert (moved["hosts"], moved["files_copied"], moved["marks_changed"]) == (["syndic-01"], 1, 1)
    assert certkit_json("monitor", "status", "--db", shared)["hosts"] == ["syndic-01"]
    # The first scan upgrades it: the file belongs to the scanning host and is not read again.
    scanned = certkit_json("monitor", "scan", fleet.root / "d5.crt", "--db", old,
                           "--host-label", "web1")  # fmt: skip
    assert (scanned["files_read"], scanned["files_unchanged"], scanned["new_certificates"]) == (
        0, 1, 0,
    )  # fmt: skip
    assert sql(old, "SELECT version FROM schema_version") == [(3,)]
    assert sql(old, "SELECT host, path FROM files") == [("web1", str(fleet.root / "d5.crt"))]
    assert sql(old, "SELECT host FROM scans ORDER BY id") == [("web1",), ("web1",)]
    after = by_sha(certkit_json("monitor", "status", "--db", old, "--at", AT_TEXT))
    assert after[fleet.sha["d5"]]["acknowledged"]["note"] == "renewal ordered"
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
