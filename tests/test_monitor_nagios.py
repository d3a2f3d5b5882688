"""Nagios/Icinga conventions (Monitoring Plugins guidelines) for `monitor check` and
`probe --nagios`: -w/-c thresholds in days left (check_ssl_cert's reading, range syntax), -t,
usage errors as UNKNOWN on stdout with exit 3, long output, an empty inventory is UNKNOWN."""

from __future__ import annotations

import subprocess
import threading
import time
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
    locked,
    new_db,
    sql,
)
from tests.test_platform_support import Pki, pki, running_platform

__all__ = ["backend", "new_db", "pki"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("nagios"))


NewDb = Callable[..., str]


def _db(fleet: Fleet, new_db: NewDb, *names: str) -> str:
    files = {
        "d5": fleet.root / "d5.crt",
        "d20": fleet.root / "clients" / "d20.txt",
        "d100": fleet.root / "clients" / "deep" / "d100.cer",
        "d400": fleet.root / "clients" / "d400.pem",
    }
    db = new_db()
    assert run_certkit("monitor", "scan", *(files[n] for n in names), "--db", db).returncode == 0
    return db


def check(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_certkit("monitor", "check", "--db", db, "--at", AT_TEXT, *args)


def test_warning_and_critical_in_days_left(fleet: Fleet, new_db: NewDb) -> None:
    db = _db(fleet, new_db, "d20", "d100", "d400")
    # -w 30: fewer than 30 days left is WARNING (check_ssl_cert's reading): d20 is.
    assert check(db, "-w", "30", "-c", "10").returncode == 1
    # -c 25: 20 days left is now CRITICAL.
    result = check(db, "-w", "30", "-c", "25")
    assert result.returncode == 2
    assert result.stdout.startswith("CERTKIT CRITICAL - 3 certificates: 0 expired, 1 critical")
    assert "min_days_left=20;30:;25:" in result.stdout
    # -w 10 -c 5: nothing close enough.
    ok = check(db, "-w", "10", "-c", "5")
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout.startswith("CERTKIT OK - 3 certificates") and len(ok.stdout.splitlines()) == 1
    # Long options and range syntax: "@0:150" alerts inside 0..150 days (d20 and d100).
    ranged = check(db, "--warning", "@0:150", "--critical", "@~:-1")
    assert ranged.returncode == 1
    assert "2 warning" in ranged.stdout
    # "~:300" alerts above 300 days: d400 becomes critical.
    assert check(db, "-c", "~:300", "-w", "~:1000").returncode == 2


def test_long_output_names_each_certificate_not_ok(fleet: Fleet, new_db: NewDb) -> None:
    db = _db(fleet, new_db, "d5", "d20", "d400")
    result = check(db)
    assert result.returncode == 2
    first, *long_output = result.stdout.rstrip("\n").split("\n")
    assert " | " in first and "certificates=3;;;0" in first
    assert len(long_output) == 2  # d5 (critical) and d20 (warning); d400 is ok
    assert long_output[0].startswith(f"[CRITICAL] SYNDIC D5 (SIREN {SIREN['d5']}) expires in 5")
    assert str(fleet.root / "d5.crt") in long_output[0]
    assert long_output[1].startswith(f"[WARNING] SYNDIC D20 (SIREN {SIREN['d20']})")
    assert all("|" not in line for line in long_output)


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-option"],
        ["-w"],  # missing value
        ["-w", "thirty"],
        ["-w", "30:10"],  # start above end
        ["-t", "soon"],
        ["--lang", "de"],
    ],
)
def test_usage_errors_are_unknown_on_stdout(fleet: Fleet, new_db: NewDb, args: list[str]) -> None:
    db = _db(fleet, new_db, "d400")
    result = check(db, *args)
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert result.stdout.startswith("CERTKIT UNKNOWN - ")
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_empty_inventory_and_no_scan_are_unknown(
    fleet: Fleet, new_db: NewDb, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    db = new_db()
    # A mistyped path in cron: the folder holds no certificate.
    assert run_certkit("monitor", "scan", empty, "--db", db).returncode == 0
    result = check(db)
    assert result.returncode == 3
    assert result.stdout.startswith("CERTKIT UNKNOWN - the inventory holds no certificate")
    # A scan killed before it completed: no finished scan recorded.
    sql(db, "UPDATE scans SET finished = NULL")
    never = check(db)
    assert never.returncode == 3
    assert "no complete scan" in never.stdout


def test_timeout_is_unknown(fleet: Fleet, new_db: NewDb) -> None:
    """Another process holds the inventory locked: -t 1 answers UNKNOWN after a second, not
    after SQLite's 30 s busy timeout (or never, waiting for a PostgreSQL lock)."""
    db = _db(fleet, new_db, "d400")
    with locked(db):
        start = time.monotonic()
        result = check(db, "-t", "1")
        elapsed = time.monotonic() - start
    assert result.returncode == 3
    assert result.stdout.strip() == "CERTKIT UNKNOWN - timed out after 1 s"
    assert elapsed < 20  # the 30 s busy wait was cut short


def test_acknowledged_certificate_does_not_raise_the_status(fleet: Fleet, new_db: NewDb) -> None:
    db = _db(fleet, new_db, "d20", "d400")
    assert check(db).returncode == 1
    from tests.test_monitor_support import certkit_json

    acked = certkit_json(
        "monitor", "ack", fleet.sha["d20"][:12], "--note", "renewal ordered", "--db", db,
        "--at", AT_TEXT,
    )  # fmt: skip
    assert acked["acknowledged"]["state"] == "warning"
    result = check(db)
    assert result.returncode == 0, result.stdout
    assert "(1 acknowledged)" in result.stdout and "acknowledged=1;;;0" in result.stdout
    assert "acknowledged: renewal ordered" in result.stdout.splitlines()[1]
    # Worse than what was acknowledged: it alerts again (critical below 25 days).
    assert check(db, "-c", "25", "-w", "60").returncode == 2


# ------------------------------------------------------------------------------- probe --nagios


def _probe(url: str, pki: Pki, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_certkit(
        "probe", url, "--nagios", "--cert", pki.cert(name), "--key", pki.key(name),
        "--trust", pki.root, *extra,
    )  # fmt: skip


def test_probe_nagios_ok_warning_critical(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        ok = _probe(platform.url, pki, "syndic", "-w", "30", "-c", "7")
        # The test CA issues for about two years: enough days left on both sides.
        assert ok.returncode == 0, ok.stdout
        assert ok.stdout.startswith(f"CERTKIT OK - 127.0.0.1:{platform.port}/: TLSv1.")
        assert "HTTP 200" in ok.stdout and "client_days_left=" in ok.stdout
        assert "server_days_left=" in ok.stdout
        # Our certificate's days left under the warning threshold: WARNING.
        warn = _probe(platform.url, pki, "syndic", "-w", "100000", "-c", "7")
        assert warn.returncode == 1, warn.stdout
        assert warn.stdout.startswith("CERTKIT WARNING - ")
        assert "our certificate expires in" in warn.stdout
        # A DN nobody registered on the account: CRITICAL, the platform's reason in the line.
        unregistered = _probe(platform.url + "/whoami", pki, "unregistered")
        assert unregistered.returncode == 2, unregistered.stdout
        assert "[probe.platform_dn_not_registered]" in unregistered.stdout
        # An expired certificate: CRITICAL.
        expired = _probe(platform.url, pki, "expired")
        assert expired.returncode == 2
    # Nobody listening any more: CRITICAL (the service is down), not UNKNOWN.
    down = _probe(platform.url, pki, "syndic", "-t", "2")
    assert down.returncode == 2
    assert "[probe.tcp_failed]" in down.stdout


def test_probe_nagios_usage_errors_are_unknown(pki: Pki) -> None:
    bad = run_certkit("probe", "https://127.0.0.1:1/", "--nagios", "--cert", pki.cert("syndic"),
                      "--bogus")  # fmt: skip
    assert bad.returncode == 3 and bad.stdout.startswith("CERTKIT UNKNOWN - ")
    missing = run_certkit("probe", "https://127.0.0.1:1/", "--nagios", "--cert", "/nonexistent")
    assert missing.returncode == 3 and missing.stdout.startswith("CERTKIT UNKNOWN - ")
    # Without --nagios, the probe keeps its own exit codes (2 for usage).
    plain = run_certkit("probe", "https://127.0.0.1:1/", "--cert", pki.cert("syndic"), "--bogus")
    assert plain.returncode == 2


def test_probe_nagios_timeout(pki: Pki) -> None:
    """A server that accepts the connection and never answers: UNKNOWN... no: the probe's own
    per-step timeout makes it CRITICAL (handshake timed out) well within -t."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    held: list[socket.socket] = []

    def accept() -> None:
        try:
            conn, _ = server.accept()
            held.append(conn)
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        result = _probe(f"https://127.0.0.1:{port}/", pki, "syndic", "-t", "1")
    finally:
        server.close()
        for conn in held:
            conn.close()
    assert result.returncode == 2, result.stdout
    assert result.stdout.startswith("CERTKIT CRITICAL - ") and "timeout" in result.stdout
