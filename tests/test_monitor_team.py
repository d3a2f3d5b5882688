"""The inventory as a team uses it: --exclude, ack, registered, the customers file, status as a
table that fits 80 columns, CSV and JSON, the default database under the OS's data directory."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import run_certkit
from tests.test_monitor_support import (
    AT_TEXT,
    SIREN,
    Fleet,
    backend,
    build_fleet,
    by_sha,
    certkit_json,
    new_db,
)

NewDb = Callable[..., str]

# Fixtures: the tests that use an inventory run on SQLite and on PostgreSQL.
__all__ = ["backend", "new_db"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("team"))


@pytest.fixture
def db(fleet: Fleet, new_db: NewDb) -> str:
    path = new_db()
    run_certkit("monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", path)
    return path


def status(db: str, *extra: str | Path) -> dict:  # type: ignore[type-arg]
    return certkit_json("monitor", "status", "--db", db, "--at", AT_TEXT, *extra)


def test_exclude_folders_and_names(fleet: Fleet, new_db: NewDb) -> None:
    db = new_db()
    data = certkit_json(
        "monitor", "scan", fleet.root, "--db", db, "--exclude", "deep", "--exclude", "secrets",
        "--exclude", "clients/*-2024.pem", "--exclude", "*.txt", expect=1,
    )  # fmt: skip
    # deep/, secrets/, the two *-2024.pem, d20.txt and NOTES.txt
    assert data["files_excluded"] == 6
    shas = set(by_sha(status(db)))
    for gone in ("d100", "p12", "same_dn_old", "new_issuer_old", "d20"):
        assert fleet.sha[gone] not in shas
    assert fleet.sha["d5"] in shas and fleet.sha["same_dn_new"] in shas
    # A later scan that excludes a folder drops what the inventory held from it.
    full = new_db("full")
    certkit_json("monitor", "scan", fleet.root, "--db", full, expect=1)
    assert fleet.sha["d400"] in by_sha(status(full))
    again = certkit_json("monitor", "scan", fleet.root, "--db", full, "--exclude", "clients",
                         expect=1)  # fmt: skip
    assert again["files_removed"] == 8  # every file under clients/ the inventory knew
    assert fleet.sha["d400"] not in by_sha(status(full))


def test_registered_clears_registration_pending(fleet: Fleet, db: str) -> None:
    old, new = fleet.sha["new_issuer_old"], fleet.sha["new_issuer_new"]
    before = by_sha(status(db))[old]
    assert before["registration_pending"] is True and before["state"] == "warning"
    done = certkit_json("monitor", "registered", new[:10], "--on", "2026-05-20", "--db", db)
    assert done == {"schema_version": 1, "sha256": new, "registered_on": "2026-05-20"}
    after = by_sha(status(db))
    assert after[old]["registration_pending"] is False
    assert after[old]["state"] == "ok"  # only the installation of the successor remains
    assert after[old]["action"]["code"] == "monitor.action.install_registered_successor"
    assert "May 20, 2026" in after[old]["action"]["message"]
    assert after[new]["registered_on"] == "2026-05-20"
    undone = certkit_json("monitor", "registered", new, "--remove", "--db", db)
    assert undone["registered_on"] is None
    assert by_sha(status(db))[old]["registration_pending"] is True


def test_ack_and_its_errors(fleet: Fleet, db: str) -> None:
    d5 = fleet.sha["d5"]
    result = run_certkit("monitor", "ack", d5[:8], "--note", "renewal ordered", "--by", "marie",
                         "--db", db, "--at", AT_TEXT)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{d5[:16]}… acknowledged (covers state 'critical' and better)."
    entry = by_sha(status(db))[d5]
    assert entry["acknowledged"]["note"] == "renewal ordered"
    assert entry["acknowledged"]["by"] == "marie" and entry["state"] == "critical"
    assert run_certkit("monitor", "ack", "zz", "--db", db).returncode == 2
    unknown = run_certkit("monitor", "ack", "0123456789abcdef", "--db", db)
    assert unknown.returncode == 2 and "no certificate of the inventory" in unknown.stderr
    removed = run_certkit("monitor", "ack", d5, "--remove", "--db", db)
    assert removed.returncode == 0 and by_sha(status(db))[d5]["acknowledged"] is None


def test_customers_file_names_the_customer(fleet: Fleet, db: str, tmp_path: Path) -> None:
    customers = tmp_path / "customers.toml"
    customers.write_text(
        f'["{SIREN["d5"]}"]\nname = "Cabinet Durand"\ncontact = "it@durand.example"\n'
        'account_manager = "Marie"\n'
    )
    entry = by_sha(status(db, "--customers", customers))[fleet.sha["d5"]]
    assert entry["customer"] == {
        "siren": SIREN["d5"], "name": "Cabinet Durand", "contact": "it@durand.example",
        "account_manager": "Marie",
    }  # fmt: skip
    table = run_certkit("monitor", "status", "--db", db, "--at", AT_TEXT, "--customers",
                        customers, env={"COLUMNS": "80"})  # fmt: skip
    assert "Cabinet Durand" in table.stdout
    check = run_certkit("monitor", "check", "--db", db, "--at", AT_TEXT, "--customers", customers)
    assert "[CRITICAL] Cabinet Durand: SYNDIC D5" in check.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('["12345"]\nname = "x"\n')
    refused = run_certkit("monitor", "status", "--db", db, "--customers", bad)
    assert refused.returncode == 2 and "'12345' is not a SIREN" in refused.stderr
    typo = tmp_path / "typo.toml"
    typo.write_text(f'["{SIREN["d5"]}"]\nname = "x"\nmanager = "y"\n')
    assert (
        "unknown key 'manager'"
        in run_certkit("monitor", "status", "--db", db, "--customers", typo).stderr
    )


def test_status_table_fits_80_columns(fleet: Fleet, db: str) -> None:
    result = run_certkit("monitor", "status", "--db", db, "--at", AT_TEXT, env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    # 10 certificates: at most 5 lines each (main printed 82 lines for 5 at this width).
    assert len(lines) <= 10 * 5 + 3
    # No DN split inside a word: each word of the DNs to register is whole on one line.
    action = by_sha(status(db))[fleet.sha["new_issuer_old"]]["action"]
    for dn in (action["subject_dn"], action["issuer_dn"]):
        for word in dn.replace(",", ", ").split():
            assert any(word.strip(",") in line for line in lines), word
    # The file path column, and the successor named by its path, not a hash.
    # (a long path wraps between its folders, never inside a name)
    assert "d5.crt" in result.stdout and "fleet/" in result.stdout
    assert "same-2026.pem" in result.stdout
    assert fleet.sha["same_dn_new"][:16] not in result.stdout


def test_status_csv_and_format_json(fleet: Fleet, db: str) -> None:
    result = run_certkit("monitor", "status", "--db", db, "--at", AT_TEXT, "--format", "csv")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10
    d20 = next(r for r in rows if r["sha256"] == fleet.sha["d20"])
    assert d20["state"] == "warning" and d20["days_left"] == "20"
    assert d20["paths"] == str(fleet.root / "clients" / "d20.txt")
    old = next(r for r in rows if r["sha256"] == fleet.sha["new_issuer_old"])
    assert old["registration_pending"] == "yes"
    assert old["successor_paths"] == str(fleet.root / "clients" / "newca-2026.pem")
    as_format = certkit_json("monitor", "status", "--db", db, "--at", AT_TEXT, "--format", "json")
    assert as_format == status(db) or len(as_format["certificates"]) == 10


def test_default_database_is_sqlite_under_the_data_directory(fleet: Fleet, tmp_path: Path) -> None:
    data_home = tmp_path / "xdg"
    env = {"XDG_DATA_HOME": str(data_home)}
    result = run_certkit("monitor", "scan", fleet.root / "d5.crt", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert (data_home / "certkit" / "monitor.db").is_file()
