"""certkit monitor: scan, status, check and export on a fleet of test-CA certificates.

The fleet (tests/test_monitor_support.py) has certificates that expired 10 days before AT or have
5, 20, 100 and 400 days left, a renewal with the same DNs, a renewal by another CA, a PKCS#12 opened
through a passwords file and a corrupt PEM. Expected values come from the certificates themselves
(hashlib fingerprints, DN strings written out by hand), never from certkit's output.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from prometheus_client.parser import text_string_to_metric_families

from tests.helpers import run_certkit
from tests.test_monitor_support import (
    AT_TEXT,
    SIREN,
    Fleet,
    backend,
    build_fleet,
    by_sha,
    certkit_json,
    db_counts,
    has_inventory,
    module_db,
    new_db,
    openssl_dn,
    sql,
)

NewDb = Callable[..., str]

# Fixtures: the tests that use an inventory run on SQLite and on PostgreSQL.
__all__ = ["backend", "module_db", "new_db"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("monitor"))


@pytest.fixture(scope="module")
def scanned(fleet: Fleet, module_db: NewDb) -> str:
    """A database holding one scan of the whole fleet (with the passwords file)."""
    db = module_db("inventory")
    result = run_certkit("monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", db)
    assert result.returncode == 1, result.stderr  # the corrupt file is reported
    return db


def status(db: str | Path, *extra: str) -> dict:  # type: ignore[type-arg]
    return certkit_json("monitor", "status", "--db", db, "--at", AT_TEXT, *extra)


# ------------------------------------------------------------------------------------------ scan


def test_scan_reads_every_container_and_reports_the_corrupt_file(
    fleet: Fleet, new_db: NewDb
) -> None:
    db = new_db()
    data = certkit_json(
        "monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", db, expect=1
    )
    # 14 files: 9 certificate files (expired.pem also holds CA one's chain), the PKCS#12, its
    # key, a note, an empty file and the corrupt PEM.
    assert data["files_seen"] == 14
    assert data["files_read"] == 14
    assert [e["path"] for e in data["errors"]] == [str(fleet.corrupt)]
    assert data["errors"][0]["code"] == "sources.bad_base64"
    assert str(fleet.corrupt) in data["errors"][0]["message"]
    # 10 leaves + the root and intermediate of CA one (in expired.pem and in the PKCS#12).
    assert data["new_certificates"] == 12
    counts = db_counts(db)
    assert counts["certificates"] == 12
    assert counts["scan_errors"] == 1


def test_scan_human_output_lists_the_unreadable_file(fleet: Fleet, new_db: NewDb) -> None:
    result = run_certkit(
        "monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", new_db()
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"unreadable: {fleet.corrupt}: the PEM block 'CERTIFICATE'")
    assert "14 files seen" in lines[-1] and "1 error," in lines[-1]
    assert "Traceback" not in result.stderr


def test_pkcs12_without_its_password_is_an_error_naming_the_file(
    fleet: Fleet, new_db: NewDb
) -> None:
    db = new_db()
    data = certkit_json("monitor", "scan", fleet.root, "--db", db, expect=1)
    p12 = str(fleet.root / "secrets" / "syndic.p12")
    errors = {e["path"]: e for e in data["errors"]}
    assert set(errors) == {str(fleet.corrupt), p12}
    assert errors[p12]["code"] == "monitor.password_unknown"
    assert "--passwords" in errors[p12]["message"]
    # Once the password is known, the same file is read (errors are retried on every scan).
    again = certkit_json(
        "monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", db, expect=1
    )
    assert [e["path"] for e in again["errors"]] == [str(fleet.corrupt)]
    assert again["files_read"] == 2  # the two files in error, nothing else
    assert fleet.sha["p12"] in by_sha(status(db))


def test_wrong_password_is_reported(fleet: Fleet, tmp_path: Path, new_db: NewDb) -> None:
    wrong = tmp_path / "wrong.pass"
    wrong.write_text("not the password\n")
    data = certkit_json(
        "monitor",
        "scan",
        fleet.root / "secrets",
        "--password-file",
        wrong,
        "--db",
        new_db(),
        expect=1,
    )
    assert [e["code"] for e in data["errors"]] == ["sources.pkcs12_bad_password"]


def test_rescan_skips_unchanged_files_and_notices_changes(
    fleet: Fleet, tmp_path: Path, new_db: NewDb
) -> None:
    work = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(fleet.root), str(work)], check=True)
    db = new_db()
    args = ("monitor", "scan", work, "--passwords", fleet.passwords, "--db", db)
    # The passwords pattern does not cover the copy: the PKCS#12 stays in error.
    first = certkit_json(*args, expect=1)
    assert first["files_read"] == 14
    second = certkit_json(*args, expect=None)
    # Only the files in error (the corrupt PEM, the PKCS#12 without a matching pattern) are read.
    assert second["files_read"] == len(second["errors"]) == 2
    assert second["files_unchanged"] == 12
    # A modified file is read again; a deleted one leaves the inventory.
    d5 = work / "d5.crt"
    os.utime(d5, ns=(0, 1_000_000_000))
    (work / "clients" / "d400.pem").unlink()
    third = certkit_json(*args, expect=None)
    assert third["files_read"] == 3
    assert third["files_removed"] == 1
    shas = by_sha(status(db))
    assert fleet.sha["d5"] in shas
    assert fleet.sha["d400"] not in shas


def test_scan_of_missing_path_is_one_clear_line(tmp_path: Path, new_db: NewDb) -> None:
    db = new_db()
    result = run_certkit("monitor", "scan", tmp_path / "nope", "--db", db)
    assert result.returncode == 2
    assert result.stderr.strip() == f"certkit: {tmp_path / 'nope'}: no such file or folder; " + (
        "check the path to scan."
    )
    assert not has_inventory(db)


def test_invalid_passwords_file_is_refused(fleet: Fleet, tmp_path: Path, new_db: NewDb) -> None:
    bad = tmp_path / "passwords.toml"
    bad.write_text("this is = = not toml\n")
    db = new_db()
    result = run_certkit("monitor", "scan", fleet.root, "--passwords", bad, "--db", db)
    assert result.returncode == 2
    assert result.stderr.startswith(f"certkit: {bad}: invalid passwords file")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not has_inventory(db)


# ---------------------------------------------------------------------------------------- status


def test_states_at_a_given_date(fleet: Fleet, scanned: str) -> None:
    entries = by_sha(status(scanned))
    s = fleet.sha
    expected = {
        s["expired"]: ("expired", -10),
        s["d5"]: ("critical", 5),
        s["d20"]: ("warning", 20),
        s["d100"]: ("ok", 100),
        s["d400"]: ("ok", 400),
        s["p12"]: ("warning", 50),
        s["same_dn_old"]: ("ok", 10),  # renewed, same DNs: not critical on its own
        s["same_dn_new"]: ("ok", 727),
        s["new_issuer_old"]: ("warning", 30),
        s["new_issuer_new"]: ("ok", 729),
    }
    assert {sha: (e["state"], e["days_left"]) for sha, e in entries.items()} == expected
    assert entries[s["same_dn_old"]]["expiry_state"] == "critical"
    # CA certificates of the chain files are not listed.
    assert len(entries) == 10


def test_urgency_order_puts_unrenewed_certificates_first(fleet: Fleet, scanned: str) -> None:
    order = [e["sha256"] for e in status(scanned)["certificates"]]
    s = fleet.sha
    assert order[:5] == [s["expired"], s["d5"], s["d20"], s["p12"], s["new_issuer_old"]]
    assert order[-1] == s["same_dn_old"]


def test_pairing_and_dn_changes(fleet: Fleet, scanned: str) -> None:
    entries = by_sha(status(scanned))
    s = fleet.sha
    same_old, same_new = entries[s["same_dn_old"]], entries[s["same_dn_new"]]
    assert same_old["renewed_by"] == s["same_dn_new"]
    assert same_new["renews"] == s["same_dn_old"]
    assert same_old["dn_changed"] == {"subject": False, "issuer": False}
    new_old, new_new = entries[s["new_issuer_old"]], entries[s["new_issuer_new"]]
    assert new_old["renewed_by"] == s["new_issuer_new"]
    assert new_new["renews"] == s["new_issuer_old"]
    assert new_old["dn_changed"] == {"subject": False, "issuer": True}
    for name in ("expired", "d5", "d20", "d100", "d400", "p12"):
        assert entries[s[name]]["renewed_by"] is None
        assert entries[s[name]]["renews"] is None
        assert entries[s[name]]["dn_changed"] is None


def test_actions_name_the_dns_and_the_deadline(fleet: Fleet, scanned: str) -> None:
    entries = by_sha(status(scanned))
    s = fleet.sha
    action = entries[s["new_issuer_old"]]["action"]
    assert action["code"] == "monitor.action.register_new_dns"
    assert action["deadline"] == "2026-07-01T01:00:00Z"  # the old certificate's notAfter
    siren = SIREN["new_issuer"]
    assert action["subject_dn"] == (
        f"CN=SYNDIC NEWCA,organizationIdentifier=NTRFR-{siren},O=SYNDIC {siren},C=FR"
    )
    # The issuer DN of the new certificate: CA two's intermediate, as openssl prints it (RFC 2253).
    new = fleet.certs["new_issuer_new"]
    assert action["issuer_dn"] == openssl_dn(new, "issuer")
    assert action["issuer_dn"].startswith("CN=certkit Monitor CA Two")
    assert openssl_dn(fleet.certs["new_issuer_old"], "issuer") != action["issuer_dn"]
    assert "July 1, 2026" in action["message"] and action["issuer_dn"] in action["message"]
    assert action["successor_paths"] == [str(fleet.root / "clients" / "newca-2026.pem")]

    assert entries[s["d5"]]["action"]["code"] == "monitor.action.renew"
    assert entries[s["expired"]]["action"]["code"] == "monitor.action.renew_expired"
    assert entries[s["same_dn_old"]]["action"]["code"] == "monitor.action.install_successor"
    assert entries[s["d100"]]["action"] is None


def test_paths_siren_and_dates(fleet: Fleet, scanned: str) -> None:
    entries = by_sha(status(scanned))
    d20 = entries[fleet.sha["d20"]]
    assert d20["paths"] == [str(fleet.root / "clients" / "d20.txt")]
    assert d20["siren"] == SIREN["d20"]
    assert d20["not_after"] == "2026-06-21T01:00:00Z"
    p12 = entries[fleet.sha["p12"]]
    assert p12["paths"] == [str(fleet.root / "secrets" / "syndic.p12")]


def test_thresholds_and_later_date_move_states(fleet: Fleet, scanned: str) -> None:
    later = by_sha(
        certkit_json(
            "monitor",
            "status",
            "--db",
            scanned,
            "--at",
            "2026-06-25",
            "--warn-days",
            "90",
            "--critical-days",
            "30",
        )
    )
    s = fleet.sha
    assert later[s["d20"]]["state"] == "expired"
    assert later[s["d100"]]["state"] == "warning"  # 76 days left < 90
    assert later[s["p12"]]["state"] == "critical"  # 26 days left < 30
    # The old certificate with a new issuer is capped at warning: its successor exists.
    assert later[s["new_issuer_old"]]["expiry_state"] == "critical"
    assert later[s["new_issuer_old"]]["state"] == "warning"


def test_status_human_table_in_french(fleet: Fleet, scanned: str) -> None:
    result = run_certkit(
        "monitor", "status", "--db", scanned, "--at", AT_TEXT, env={"LANG": "fr_FR.UTF-8"}
    )
    assert result.returncode == 0, result.stderr
    assert "expiré" in result.stdout and "critique" in result.stdout
    assert "1 fichier illisible au dernier passage" in result.stdout
    rows = [line for line in result.stdout.splitlines() if SIREN["d5"] in line]
    assert rows and "critique" in rows[0]


def test_status_errors_on_sqlite(tmp_path: Path) -> None:
    missing = run_certkit("monitor", "status", "--db", tmp_path / "none.db")
    assert missing.returncode == 2
    assert "run 'certkit monitor scan FOLDER' first" in missing.stderr
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    bad = run_certkit("monitor", "status", "--db", garbage)
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"certkit: {garbage}: not a readable inventory database")
    assert "delete" not in bad.stderr  # never advise deleting an inventory
    assert "Traceback" not in bad.stderr
    db = tmp_path / "empty.db"
    run_certkit("monitor", "scan", tmp_path, "--db", db)
    date = run_certkit("monitor", "status", "--db", db, "--at", "yesterday")
    assert (
        date.returncode == 2
        and "Invalid value for '--at': “yesterday”: invalid date" in date.stderr
    )


# ----------------------------------------------------------------------------------- Nagios check


def _check(db: str | Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_certkit("monitor", "check", "--db", db, "--at", AT_TEXT, *extra)


def test_check_critical_on_the_fleet(scanned: str) -> None:
    result = _check(scanned)
    assert result.returncode == 2
    line, *details = result.stdout.strip().splitlines()
    assert line.startswith("CERTKIT CRITICAL - 10 certificates: 1 expired, 1 critical, 3 warning")
    text, perf = line.split(" | ")
    assert "SYNDIC EXPIRED" in text
    perfdata = perf.split()
    age = [p for p in perfdata if p.startswith("last_scan_age=")]
    assert len(age) == 1 and age[0].endswith("s;;;0")
    assert [p for p in perfdata if p not in age] == [
        "certificates=10;;;0",
        "expired=1;;;0",
        "critical=1;;;0",
        "warning=3;;;0",
        "ok=5;;;0",
        "scan_errors=1;;;0",
        "acknowledged=0;;;0",
        "min_days_left=-10;60:;15:",
    ]
    # Long output: one line per certificate that is not OK, then the unreadable file.
    assert len(details) == 6
    assert details[0].startswith("[EXPIRED] SYNDIC EXPIRED (SIREN 732829320) expired 10 days ago")
    assert details[-1].startswith("[UNREADABLE] ") and "broken.pem" in details[-1]


@pytest.mark.parametrize(
    ("names", "code", "label"),
    [(["d400"], 0, "OK"), (["d20", "d400"], 1, "WARNING"), (["expired"], 2, "CRITICAL")],
)
def test_check_exit_codes(
    fleet: Fleet, new_db: NewDb, names: list[str], code: int, label: str
) -> None:
    files = {
        "d400": fleet.root / "clients" / "d400.pem",
        "d20": fleet.root / "clients" / "d20.txt",
        "expired": fleet.root / "expired.pem",
    }
    db = new_db()
    assert run_certkit("monitor", "scan", *(files[n] for n in names), "--db", db).returncode == 0
    result = _check(db)
    assert result.returncode == code
    assert result.stdout.startswith(f"CERTKIT {label} - ")


def test_check_warns_about_unreadable_files(fleet: Fleet, new_db: NewDb) -> None:
    db = new_db()
    run_certkit("monitor", "scan", fleet.root / "clients" / "d400.pem", fleet.corrupt, "--db", db)
    result = _check(db)
    assert result.returncode == 1
    assert "1 unreadable files" in result.stdout


def test_check_unknown_without_inventory(new_db: NewDb) -> None:
    db = new_db("missing")  # no file; an empty database
    result = _check(db)
    assert result.returncode == 3
    assert result.stdout.startswith(f"CERTKIT UNKNOWN - {db}: no inventory")
    assert not has_inventory(db)  # reading never creates one


# ----------------------------------------------------------------------------- Prometheus export


def test_prometheus_textfile_parses(fleet: Fleet, scanned: str, tmp_path: Path) -> None:
    out = tmp_path / "certkit.prom"
    result = run_certkit(
        "monitor", "export", "--format", "prometheus", "-o", out, "--db", scanned, "--at", AT_TEXT
    )
    assert result.returncode == 0, result.stderr
    families = {f.name: f for f in text_string_to_metric_families(out.read_text())}
    not_after = {s.labels["sha256"]: s for s in families["x509_cert_not_after"].samples}
    assert len(not_after) == 10
    at = 1780272000  # AT_TEXT as a Unix timestamp
    for name, cert in fleet.certs.items():
        sample = not_after[fleet.sha[name]]
        assert sample.value == cert.not_valid_after_utc.timestamp()
        # x509-certificate-exporter's labels, values read from the certificate itself.
        cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
        issuer_cn = cert.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
        assert sample.labels["subject_CN"] == cn
        assert sample.labels["issuer_CN"] == issuer_cn
        assert sample.labels["subject_C"] == "FR"
        assert sample.labels["serial_number"] == format(cert.serial_number, "x").zfill(
            len(sample.labels["serial_number"])
        )
        assert int(sample.labels["serial_number"], 16) == cert.serial_number
        assert os.path.basename(sample.labels["filepath"]) == sample.labels["filename"]
    assert not_after[fleet.sha["d20"]].labels["filepath"] == str(fleet.root / "clients/d20.txt")
    assert not_after[fleet.sha["d5"]].labels["siren"] == SIREN["d5"]
    expires = {
        s.labels["sha256"]: s.value for s in families["x509_cert_expires_in_seconds"].samples
    }
    assert expires[fleet.sha["d400"]] == fleet.certs["d400"].not_valid_after_utc.timestamp() - at
    expired = {s.labels["sha256"]: s.value for s in families["x509_cert_expired"].samples}
    assert expired[fleet.sha["expired"]] == 1 and expired[fleet.sha["d5"]] == 0
    states = {
        (s.labels["sha256"], s.labels["state"]): s.value
        for s in families["certkit_certificate_state"].samples
    }
    assert states[(fleet.sha["d5"], "critical")] == 1
    assert states[(fleet.sha["d5"], "ok")] == 0
    errors = families["certkit_scan_error"].samples
    assert [(e.labels["filepath"], e.value) for e in errors] == [(str(fleet.corrupt), 1)]
    assert families["x509_read_errors"].samples[0].value == 1
    pending = {
        s.labels["sha256"]: s.value
        for s in families["certkit_certificate_registration_pending"].samples
    }
    assert pending[fleet.sha["new_issuer_old"]] == 1 and pending[fleet.sha["same_dn_old"]] == 0
    (build,) = families["certkit_build_info"].samples
    assert build.value == 1 and build.labels["version"]
    # The old unit-less name is gone (promtool: "base unit must be seconds").
    assert "certkit_certificate_days_left" not in families
    # Replaced on the next run (a textfile collector reads a whole file, never half of one).
    again = run_certkit("monitor", "export", "-o", out, "--db", scanned, "--at", AT_TEXT)
    assert again.returncode == 0
    assert not list(tmp_path.glob(".certkit.prom.*"))


def test_prometheus_label_selection(fleet: Fleet, scanned: str) -> None:
    """--label keeps only the chosen labels; series that then coincide are merged, keeping the
    certificate that expires first (two certificates of one holder share a subject CN)."""
    text = run_certkit(
        "monitor", "export", "--db", scanned, "--at", AT_TEXT, "--label", "subject_CN",
        "--label", "siren",
    ).stdout  # fmt: skip
    families = {f.name: f for f in text_string_to_metric_families(text)}
    samples = families["x509_cert_not_after"].samples
    assert all(set(s.labels) == {"subject_CN", "siren"} for s in samples)
    # 10 certificates, but the two renewals share CN and SIREN with their predecessors.
    assert len(samples) == 8
    same = [s for s in samples if s.labels["siren"] == SIREN["same_dn"]]
    assert [s.value for s in same] == [fleet.certs["same_dn_old"].not_valid_after_utc.timestamp()]
    excluded = run_certkit(
        "monitor", "export", "--db", scanned, "--exclude-label", "filepath", "--exclude-label",
        "sha256",
    ).stdout  # fmt: skip
    assert "filepath=" not in excluded.split("certkit_scan_error")[0]
    bad = run_certkit("monitor", "export", "--db", scanned, "--label", "subject")
    assert bad.returncode == 2 and "unknown label" in bad.stderr


def test_prometheus_label_escaping(fleet: Fleet, tmp_path: Path, new_db: NewDb) -> None:
    import datetime as dt

    tricky = 'SYNDIC "LE PORT" \\ SUD\nBIS'
    cert = fleet.ca_one.issue(
        "rgs1-server-client",
        "732829403",
        cn=tricky,
        not_after=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    ).certificate
    from cryptography.hazmat.primitives import serialization

    path = tmp_path / "tricky.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    # A damaged file whose name holds a quote, a backslash and a line feed.
    odd = tmp_path / 'odd "name" \\ with\nnewline.pem'
    odd.write_text("-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----\n")
    db = new_db()
    assert run_certkit("monitor", "scan", path, odd, "--db", db).returncode == 1
    text = run_certkit("monitor", "export", "--db", db, "--at", AT_TEXT).stdout
    families = {f.name: f for f in text_string_to_metric_families(text)}
    (sample,) = families["x509_cert_not_after"].samples
    assert sample.labels["subject_CN"] == tricky
    (error,) = families["certkit_scan_error"].samples
    assert error.labels["filepath"] == str(odd)


def test_database_is_versioned(scanned: str, backend: str) -> None:
    assert sql(scanned, "SELECT version FROM schema_version") == [(3,)]
    if backend == "sqlite":
        conn = sqlite3.connect(scanned)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()


def test_parallel_scan_records_the_same_inventory(
    fleet: Fleet, tmp_path: Path, new_db: NewDb
) -> None:
    """Worker processes (used from 1,000 files to read) give exactly the rows one process gives."""
    from certkit.monitor.scan import PARALLEL_MIN_FILES, load_password_map, scan
    from certkit.monitor.store import open_store
    from tests.test_monitor_support import write_many

    tree = tmp_path / "tree"
    write_many(tree, PARALLEL_MIN_FILES, per_folder=250)
    subprocess.run(["cp", "-a", str(fleet.root), str(tree / "fleet")], check=True)
    passwords = load_password_map(None, fleet.root.parent / "p12.pass")
    dumps = []
    for jobs in (1, 2):
        db = new_db(f"jobs-{jobs}")
        with open_store(db, create=True) as store:
            result = scan(store, [tree], passwords=passwords, jobs=jobs, host="h1")
        assert result.files_read == PARALLEL_MIN_FILES + 14
        assert [e.path for e in result.errors] == [str(tree / "fleet" / "clients" / "broken.pem")]
        dumps.append(
            (
                sorted(
                    sql(
                        db,
                        "SELECT sha256, subject_rfc4514, issuer_rfc4514, subject_der, issuer_der, "
                        "cn, org, siren, serial_hex, not_before, not_after, is_ca FROM "
                        "certificates",
                    )
                ),
                sorted(sql(db, "SELECT host, path, sha256, position FROM sightings")),
                sorted(sql(db, "SELECT host, path, kind, format FROM files")),
            )
        )
    assert dumps[0] == dumps[1]
    certificates = dumps[0][0]
    assert len(certificates) == PARALLEL_MIN_FILES + 12
    # CA flags agree with cryptography's reading of basicConstraints.
    ca_flags = {row[0]: row[11] for row in certificates}
    assert sum(ca_flags.values()) == 2
    root_sha = hashlib.sha256(
        fleet.ca_one.root.public_bytes(serialization.Encoding.DER)
    ).hexdigest()
    assert ca_flags[root_sha] == 1


def test_progress_bar_only_on_a_terminal(fleet: Fleet, new_db: NewDb) -> None:
    from tests.helpers import CERTKIT, run_with_stderr_on_terminal

    args = [CERTKIT, "monitor", "scan", str(fleet.root), "--passwords", str(fleet.passwords)]
    done, terminal = run_with_stderr_on_terminal([*args, "--db", new_db("tty")])
    assert done.returncode == 1
    assert b"14/14" in terminal  # the bar's "done/total" column, drawn on the terminal
    assert b"14/14" not in done.stdout
    piped = run_certkit(*args[1:], "--db", new_db("pipe"))
    assert piped.stderr == ""


def test_schema_versions(tmp_path: Path, new_db: NewDb, backend: str) -> None:
    # An empty SQLite file or database (version 0) is migrated by the first scan.
    db = new_db("old")
    if backend == "sqlite":
        sqlite3.connect(db).close()
    folder = tmp_path / "nothing"
    folder.mkdir()
    assert run_certkit("monitor", "scan", folder, "--db", db).returncode == 0
    assert sql(db, "SELECT version FROM schema_version") == [(3,)]
    # An inventory from a newer certkit is refused, not damaged.
    sql(db, "UPDATE schema_version SET version = 99")
    for command in ("status", "scan", "ack"):
        extra = {"scan": [str(folder)], "ack": ["0" * 8], "status": []}[command]
        result = run_certkit("monitor", command, *extra, "--db", db)
        assert result.returncode == 2
        assert "written by a newer certkit (schema 99" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    check = run_certkit("monitor", "check", "--db", db)
    assert check.returncode == 3
    assert check.stdout.startswith("CERTKIT UNKNOWN - ")


def test_new_cn_renewal_chain_and_pkcs7(fleet: Fleet, tmp_path: Path, new_db: NewDb) -> None:
    """Three generations of one holder (SIREN 732829411, O kept, CN changed at the second
    renewal), read from a PKCS#7 bundle and a PEM file."""
    import datetime as dt

    from cryptography.hazmat.primitives.serialization import pkcs7

    from tests.test_monitor_support import AT, HOUR

    siren, org = "732829411", "SYNDIC GENERATIONS"
    gen = [
        fleet.ca_one.issue(
            "rgs1-server-client",
            siren,
            cn=cn,
            org=org,
            not_before=AT - dt.timedelta(days=start),
            not_after=AT + dt.timedelta(days=end) + HOUR,
        ).certificate
        for cn, start, end in (
            ("SYNDIC GEN", 800, 7),
            ("SYNDIC GEN", 20, 700),
            ("SYNDIC GEN 2028", 10, 1400),
        )
    ]
    bundle = tmp_path / "generations.p7b"
    bundle.write_bytes(pkcs7.serialize_certificates(gen[:2], serialization.Encoding.DER))
    (tmp_path / "latest.pem").write_bytes(gen[2].public_bytes(serialization.Encoding.PEM))
    db = new_db()
    scanned = certkit_json("monitor", "scan", bundle, tmp_path / "latest.pem", "--db", db)
    assert scanned["new_certificates"] == 3
    shas = [hashlib.sha256(c.public_bytes(serialization.Encoding.DER)).hexdigest() for c in gen]
    entries = by_sha(status(db))
    assert entries[shas[0]]["renewed_by"] == shas[1]  # the next link, not the last one
    assert entries[shas[1]]["renewed_by"] == shas[2]
    assert entries[shas[2]]["renews"] == shas[1]
    assert entries[shas[0]]["dn_changed"] == {"subject": False, "issuer": False}
    assert entries[shas[0]]["state"] == "ok"  # 7 days left, but renewed with the same DNs
    assert entries[shas[1]]["dn_changed"] == {"subject": True, "issuer": False}
    action = entries[shas[1]]["action"]
    assert action["code"] == "monitor.action.register_new_dns"
    assert action["subject_dn"] == openssl_dn(gen[2])
    assert "SYNDIC GEN 2028" in action["subject_dn"]
    assert entries[shas[1]]["paths"] == [str(bundle)]


def test_symlinks_and_separate_roots(fleet: Fleet, tmp_path: Path, new_db: NewDb) -> None:
    """A link to a file is followed, a link to a folder is not (no loops); scanning one folder
    never drops what another folder holds."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "d5.crt").write_bytes((fleet.root / "d5.crt").read_bytes())
    (two / "link-to-d400.pem").symlink_to(fleet.root / "clients" / "d400.pem")
    (two / "loop").symlink_to(two, target_is_directory=True)
    db = new_db()
    first = certkit_json("monitor", "scan", one, two, "--db", db)
    assert first["files_seen"] == 2
    again = certkit_json("monitor", "scan", two, "--db", db)
    assert again["files_removed"] == 0
    entries = by_sha(status(db))
    assert set(entries) == {fleet.sha["d5"], fleet.sha["d400"]}
    assert entries[fleet.sha["d400"]]["paths"] == [str(two / "link-to-d400.pem")]


def test_check_warns_when_scans_stop(fleet: Fleet, new_db: NewDb) -> None:
    db = new_db()
    run_certkit("monitor", "scan", fleet.root / "clients" / "d400.pem", "--db", db)
    fresh = _check(db, "--max-scan-age", "24")
    assert fresh.returncode == 0, fresh.stdout
    sql(db, "UPDATE scans SET finished = finished - 48 * 3600")
    stale = _check(db, "--max-scan-age", "24")
    assert stale.returncode == 1
    assert "last complete scan 48.0 hours ago" in stale.stdout
    assert ";86400;;0" in stale.stdout  # the limit in the perfdata, in seconds
    assert _check(db).returncode == 0  # without the option, age alone never alerts


def test_dates_beyond_2038_and_large_file_times(
    fleet: Fleet, tmp_path: Path, new_db: NewDb
) -> None:
    """RFC 5280 §4.1.2.5 gives 99991231235959Z to a certificate with no well-defined expiry, and
    mtime is kept in nanoseconds: neither fits a 32-bit integer column (PostgreSQL's INTEGER)."""
    import datetime as dt

    forever = fleet.ca_one.issue(
        "rgs1-server-client",
        "732829429",
        cn="SYNDIC FOREVER",
        not_after=dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
        beyond_issuer=True,  # on purpose: a certificate with no well-defined expiry
    ).certificate
    path = tmp_path / "forever.pem"
    path.write_bytes(forever.public_bytes(serialization.Encoding.PEM))
    db = new_db()
    certkit_json("monitor", "scan", path, "--db", db)
    (entry,) = status(db)["certificates"]
    assert entry["not_after"] == "9999-12-31T23:59:59Z"
    assert entry["state"] == "ok" and entry["days_left"] > 2_900_000
    mtime_ns = sql(db, "SELECT mtime_ns FROM files")[0][0]
    assert mtime_ns == path.stat().st_mtime_ns > 2**31
