"""One inventory for several hosts and a team, on both back ends: host labels, renewals paired
across hosts, --host filters, `monitor hosts`, several scanners at once from several hosts, and
notify sending each alert once for the whole team (two notify runs at the same moment included).

Hosts are simulated with --host-label (what a second server would record); the processes are
real and concurrent."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.helpers import CERTKIT, run_certkit
from tests.test_monitor_support import (
    AT_TEXT,
    Fleet,
    backend,
    build_fleet,
    by_sha,
    certkit_json,
    db_counts,
    new_db,
    sql,
    write_many,
)

# Fixtures: every test here runs on SQLite and on PostgreSQL.
__all__ = ["backend", "new_db"]

NewDb = Callable[..., str]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("shared"))


def web1_files(fleet: Fleet) -> list[Path]:
    """The old certificates, on the first server."""
    clients = fleet.root / "clients"
    return [clients / "same-2024.pem", clients / "newca-2024.pem", fleet.root / "d5.crt"]


def web2_files(fleet: Fleet) -> list[Path]:
    """Their renewals, installed on the second server, and one certificate of its own."""
    clients = fleet.root / "clients"
    return [clients / "same-2026.pem", clients / "newca-2026.pem", clients / "d400.pem"]


def scan_as(host: str, db: str, *paths: Path, expect: int = 0) -> dict[str, Any]:
    return certkit_json("monitor", "scan", *paths, "--db", db, "--host-label", host, expect=expect)


@pytest.fixture
def two_hosts(fleet: Fleet, new_db: NewDb) -> str:
    db = new_db()
    first = scan_as("web1", db, *web1_files(fleet))
    second = scan_as("web2", db, *web2_files(fleet))
    assert (first["host"], first["new_certificates"]) == ("web1", 3)
    assert (second["host"], second["new_certificates"]) == ("web2", 3)
    return db


def status(db: str, *extra: str) -> dict[str, Any]:
    return certkit_json("monitor", "status", "--db", db, "--at", AT_TEXT, *extra)


def test_renewal_on_another_host_is_paired(fleet: Fleet, two_hosts: str) -> None:
    data = status(two_hosts)
    assert data["hosts"] == ["web1", "web2"]
    entries = by_sha(data)
    s = fleet.sha
    same_old, new_old = entries[s["same_dn_old"]], entries[s["new_issuer_old"]]
    # The renewals live on web2, the certificates they replace on web1: paired all the same.
    assert same_old["renewed_by"] == s["same_dn_new"] and same_old["state"] == "ok"
    assert new_old["renewed_by"] == s["new_issuer_new"]
    assert new_old["action"]["code"] == "monitor.action.register_new_dns"
    successor = str(fleet.root / "clients" / "newca-2026.pem")
    assert new_old["action"]["successor_paths"] == [f"web2:{successor}"]
    assert entries[s["same_dn_new"]]["renews"] == s["same_dn_old"]
    # Where each certificate is: host and path, and the same as people read it.
    assert same_old["locations"] == [
        {"host": "web1", "path": str(fleet.root / "clients" / "same-2024.pem")}
    ]
    assert same_old["paths"] == [f"web1:{fleet.root / 'clients' / 'same-2024.pem'}"]
    # The human table names the host of each file.
    table = run_certkit("monitor", "status", "--db", two_hosts, "--at", AT_TEXT)
    assert "web2:" in table.stdout and "web1:" in table.stdout


def test_host_filter_lists_one_host_but_pairs_across_all(fleet: Fleet, two_hosts: str) -> None:
    web1 = by_sha(status(two_hosts, "--host", "web1"))
    s = fleet.sha
    assert set(web1) == {s["same_dn_old"], s["new_issuer_old"], s["d5"]}
    assert web1[s["same_dn_old"]]["renewed_by"] == s["same_dn_new"]  # found on web2
    both = by_sha(status(two_hosts, "--host", "web1", "--host", "web2"))
    assert len(both) == 6
    check = run_certkit("monitor", "check", "--db", two_hosts, "--at", AT_TEXT, "--host", "web2")
    assert check.returncode == 0, check.stdout  # web2 holds the renewals and d400: all fine
    assert check.stdout.startswith("CERTKIT OK - 3 certificates")
    critical = run_certkit("monitor", "check", "--db", two_hosts, "--at", AT_TEXT, "--host", "web1")
    assert critical.returncode == 2 and "SYNDIC D5" in critical.stdout
    # A host nobody scanned from: a typo must not read as "nothing to report".
    for command in ("status", "export", "notify"):
        typo = run_certkit("monitor", command, "--db", two_hosts, "--host", "web3",
                           "--webhook", "http://127.0.0.1:9/") if command == "notify" else (
            run_certkit("monitor", command, "--db", two_hosts, "--host", "web3"))  # fmt: skip
        assert typo.returncode == 2, (command, typo.stderr)
        assert typo.stderr.strip() == (
            "certkit: --host web3: no such host in the inventory (hosts: web1, web2)."
        )
    unknown = run_certkit("monitor", "check", "--db", two_hosts, "--host", "web3")
    assert unknown.returncode == 3 and "no such host" in unknown.stdout


def test_export_labels_each_series_with_its_host(fleet: Fleet, two_hosts: str) -> None:
    text = run_certkit("monitor", "export", "--db", two_hosts, "--at", AT_TEXT).stdout
    families = {f.name: f for f in text_string_to_metric_families(text)}
    hosts = {s.labels["sha256"]: s.labels["host"] for s in families["x509_cert_not_after"].samples}
    assert hosts[fleet.sha["d5"]] == "web1" and hosts[fleet.sha["d400"]] == "web2"
    scans = families["certkit_last_scan_timestamp_seconds"].samples
    assert sorted(s.labels["host"] for s in scans) == ["web1", "web2"]
    only = run_certkit("monitor", "export", "--db", two_hosts, "--host", "web2").stdout
    families = {f.name: f for f in text_string_to_metric_families(only)}
    assert {s.labels["host"] for s in families["x509_cert_not_after"].samples} == {"web2"}


def test_same_path_on_two_hosts_and_rescans_keep_to_their_host(
    fleet: Fleet, tmp_path: Path, new_db: NewDb
) -> None:
    """/srv/certs on web1 and /srv/certs on web2 are two files; web1's rescan that no longer
    finds one removes web1's file only."""
    folder = tmp_path / "certs"
    folder.mkdir()
    for name in ("d5.crt", "expired.pem"):
        (folder / name).write_bytes((fleet.root / name).read_bytes())
    db = new_db()
    scan_as("web1", db, folder)
    second = scan_as("web2", db, folder)
    assert second["files_read"] == 2 and second["new_certificates"] == 0
    assert db_counts(db)["files"] == 4
    (folder / "d5.crt").unlink()
    again = scan_as("web1", db, folder)
    assert again["files_removed"] == 1 and again["files_read"] == 0
    d5 = by_sha(status(db))[fleet.sha["d5"]]
    assert d5["locations"] == [{"host": "web2", "path": str(folder / "d5.crt")}]
    # A stopped cron job on one host shows in check, which names it.
    sql(db, "UPDATE scans SET finished = finished - 72 * 3600 WHERE host = 'web2'")
    stale = run_certkit("monitor", "check", "--db", db, "--max-scan-age", "24")
    assert stale.returncode >= 1
    assert "last complete scan on web2 72.0 hours ago" in stale.stdout


def test_hosts_lists_and_forgets_a_host(fleet: Fleet, two_hosts: str) -> None:
    certkit_json("monitor", "ack", fleet.sha["d5"], "--db", two_hosts, "--at", AT_TEXT)
    listed = certkit_json("monitor", "hosts", "--db", two_hosts)["hosts"]
    assert [(h["host"], h["files"], h["certificates"], h["scan_errors"]) for h in listed] == [
        ("web1", 3, 3, 0),
        ("web2", 3, 3, 0),
    ]
    assert all(h["last_scan"].endswith("Z") for h in listed)
    text = run_certkit("monitor", "hosts", "--db", two_hosts).stdout
    assert text.splitlines()[0].startswith("web1: 3 files, 3 certificates, 0 unreadable")
    gone = certkit_json("monitor", "hosts", "--remove", "web1", "--db", two_hosts)
    assert gone == {"schema_version": 1, "removed": "web1", "files": 3}
    after = status(two_hosts)
    assert after["hosts"] == ["web2"]
    assert fleet.sha["d5"] not in by_sha(after)
    # The certificate and its acknowledgement stay: web1 scanning it again brings both back.
    scan_as("web1", two_hosts, fleet.root / "d5.crt")
    assert by_sha(status(two_hosts))[fleet.sha["d5"]]["acknowledged"] is not None
    wrong = run_certkit("monitor", "hosts", "--remove", "web9", "--db", two_hosts)
    assert wrong.returncode == 2 and "no such host" in wrong.stderr


def test_host_label_is_checked(fleet: Fleet, new_db: NewDb) -> None:
    db = new_db()
    for bad in ("", "   ", "web\n1", "x" * 256):
        result = run_certkit("monitor", "scan", fleet.root / "d5.crt", "--db", db,
                             "--host-label", bad)  # fmt: skip
        assert result.returncode == 2, repr(bad)
        assert "--host-label" in result.stderr and len(result.stderr.splitlines()) == 1
    env = run_certkit("monitor", "scan", fleet.root / "d5.crt", "--db", db, "--json",
                      env={"CERTKIT_MONITOR_HOST_LABEL": "from-env"})  # fmt: skip
    assert json.loads(env.stdout)["host"] == "from-env"


def test_scanners_on_four_hosts_at_once(tmp_path: Path, new_db: NewDb) -> None:
    """Four processes, four host labels, at the same moment, into one new inventory. Each host
    holds 300 certificates all four share and 200 of its own: every certificate is new for
    exactly one scanner, every file recorded under its host, nothing lost."""
    shared = tmp_path / "shared"
    write_many(shared, 300, per_folder=100)
    trees = []
    for index in range(4):
        tree = tmp_path / f"host{index}"
        subprocess.run(["cp", "-a", str(shared), str(tree)], check=True)
        write_many(tree / "own", 200, per_folder=100)
        trees.append(tree)
    db = new_db()
    processes = [
        subprocess.Popen(
            [
                CERTKIT,
                "monitor",
                "scan",
                str(tree),
                "--db",
                db,
                "--json",
                "--workers",
                "1",
                "--host-label",
                f"host{index}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for index, tree in enumerate(trees)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], [r[1] for r in results]
    new = [json.loads(out)["new_certificates"] for out, _ in results]
    assert sum(new) == 300 + 4 * 200, new
    assert all(n >= 200 for n in new)  # its own 200 are new for each
    counts = db_counts(db)
    assert counts["certificates"] == 1100
    assert counts["files"] == counts["sightings"] == 4 * 500
    per_host = dict(sql(db, "SELECT host, count(*) FROM files GROUP BY host"))
    assert per_host == {f"host{i}": 500 for i in range(4)}
    assert sql(db, "SELECT count(*) FROM scans WHERE finished IS NULL") == [(0,)]


# ------------------------------------------------------------------------ notify, for the team


class SlowHook:
    """A webhook receiver that takes ``delay`` seconds to answer each request (on ``port``, or
    any free one)."""

    def __init__(self, delay: float, port: int = 0) -> None:
        self.bodies: list[Any] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                hook.bodies.append(body)
                time.sleep(delay)
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def ids(self) -> list[str]:
        return [alert["id"] for body in self.bodies for alert in body["alerts"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slow_hook() -> Iterator[SlowHook]:
    hook = SlowHook(0.4)
    yield hook
    hook.close()


def test_two_notify_runs_at_once_send_each_alert_once(
    fleet: Fleet, new_db: NewDb, slow_hook: SlowHook
) -> None:
    """Two team members' cron jobs (two hosts) run notify on the shared inventory at the same
    moment, one alert per request, to a receiver that answers slowly: each alert arrives once."""
    db = new_db()
    scan_as("web1", db, *web1_files(fleet))
    scan_as("web2", db, *web2_files(fleet), fleet.root / "clients" / "d20.txt")
    args = [CERTKIT, "monitor", "notify", "--db", db, "--webhook", slow_hook.url, "--at",
            AT_TEXT, "--per-message", "1", "--json"]  # fmt: skip
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"]
    outputs = [p.communicate(timeout=120) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], [err for _, err in outputs]
    ids = slow_hook.ids()
    # d5 (critical), d20 (warning), the old certificate whose new issuer must be registered.
    assert sorted(ids) == sorted(
        [f"{fleet.sha['d5']}:critical", f"{fleet.sha['d20']}:warning",
         f"{fleet.sha['new_issuer_old']}:warning"]
    )  # fmt: skip
    sent = sorted(json.loads(out)["channels"][0]["sent"] for out, _ in outputs)
    assert sent == [0, 3]  # one run sent them all, the other found them sent
    # Later, from either host: nothing new.
    again = run_certkit("monitor", "notify", "--db", db, "--webhook", slow_hook.url,
                        "--at", AT_TEXT)  # fmt: skip
    assert again.returncode == 0 and "nothing new" in again.stdout
    assert len(slow_hook.ids()) == 3
