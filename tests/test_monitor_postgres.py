"""What only a PostgreSQL inventory has: roles and passwords (PGPASSWORD, ~/.pgpass,
--db-password-file, never printed), a server that is down or restarted in the middle of a scan,
a database that does not exist, a role that may only read, the URL as users type it.

Real servers on 127.0.0.1 (tests/pgserver.py): the session's, and a private one for the restart.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from certkit.monitor.schema import literal
from tests.helpers import CERTKIT, run_certkit
from tests.pgserver import PgServer, free_port, server, start_server
from tests.test_monitor_shared import SlowHook
from tests.test_monitor_support import (
    AT_TEXT,
    Fleet,
    build_fleet,
    certkit_json,
    db_counts,
    sql,
    write_many,
)

_names = itertools.count(1)
# The leaves under the fleet's clients/ folder, which most tests here scan: d20, d100, d400 and
# the two renewals' old and new certificates.
CLIENTS = 7


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("pg"))


@dataclass
class Role:
    name: str
    password: str
    database: str
    pg: PgServer

    def url(self, database: str | None = None) -> str:
        return self.pg.url(database or self.database, self.name)


@pytest.fixture
def role() -> Iterator[Role]:
    """A login role with a password, owning a new empty database (as README tells a team)."""
    pg = server()
    name = f"team_{os.getpid()}_{next(_names)}"
    password = "s3cret pass'word"
    pg.sql(f"CREATE ROLE {name} LOGIN PASSWORD {literal(password)}")
    database = pg.create_database("team")
    pg.sql(f'ALTER DATABASE "{database}" OWNER TO {name}')
    yield Role(name, password, database, pg)
    pg.drop_database(database)
    pg.sql(f"DROP ROLE {name}")


def scan(db: str, fleet: Fleet, *extra: str, env: dict[str, str] | None = None) -> Any:
    return run_certkit("monitor", "scan", fleet.root / "clients", "--db", db, *extra, env=env)


def test_password_from_pgpassword_pgpass_or_a_file(
    fleet: Fleet, role: Role, tmp_path: Path
) -> None:
    url = role.url()
    with_env = scan(url, fleet, "--json", env={"PGPASSWORD": role.password})
    assert with_env.returncode == 1, with_env.stderr  # clients/broken.pem is unreadable
    assert json.loads(with_env.stdout)["db"] == url
    pgpass = tmp_path / "home" / ".pgpass"
    pgpass.parent.mkdir()
    escaped = role.password.replace("\\", "\\\\").replace(":", "\\:")
    pgpass.write_text(f"127.0.0.1:{role.pg.port}:{role.database}:{role.name}:{escaped}\n")
    pgpass.chmod(0o600)
    via_pgpass = run_certkit("monitor", "status", "--db", url, "--json",
                             env={"HOME": str(pgpass.parent)})  # fmt: skip
    assert via_pgpass.returncode == 0, via_pgpass.stderr
    assert len(json.loads(via_pgpass.stdout)["certificates"]) == CLIENTS
    secret = tmp_path / "db.pass"
    secret.write_text(role.password + "\n")
    via_file = run_certkit("monitor", "check", "--db", url, "--db-password-file", secret,
                           "--at", AT_TEXT)  # fmt: skip
    assert via_file.stdout.startswith(f"CERTKIT WARNING - {CLIENTS} certificates"), via_file.stdout
    # Both from the environment, as in a crontab; postgres:// is the same scheme.
    via_env = run_certkit("monitor", "hosts", "--json", env={
        "CERTKIT_MONITOR_DB": url.replace("postgresql://", "postgres://"),
        "CERTKIT_MONITOR_DB_PASSWORD_FILE": str(secret),
    })  # fmt: skip
    assert via_env.returncode == 0, via_env.stderr
    assert [h["files"] for h in json.loads(via_env.stdout)["hosts"]] == [8]


def test_wrong_or_missing_password_is_one_line_without_the_secret(
    fleet: Fleet, role: Role, tmp_path: Path
) -> None:
    url = role.url()
    missing = scan(url, fleet)
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"certkit: {url}: the server refused role {role.name}")
    assert "PGPASSWORD, ~/.pgpass or --db-password-file" in missing.stderr
    wrong = scan(url, fleet, env={"PGPASSWORD": "not the password"})
    assert wrong.returncode == 2 and "password authentication failed" in wrong.stderr
    assert "not the password" not in wrong.stderr + wrong.stdout
    assert len(wrong.stderr.splitlines()) == 1 and "Traceback" not in wrong.stderr
    # A password inside the URL works, and is never printed back.
    inline = role.url().replace(f"{role.name}@", f"{role.name}:hunter2x@")
    refused = run_certkit("monitor", "status", "--db", inline)
    assert refused.returncode == 2 and "hunter2x" not in refused.stderr
    assert f"certkit: {url}:" in refused.stderr
    good = url.replace(f"{role.name}@", f"{role.name}:{_quote(role.password)}@")
    done = run_certkit("monitor", "scan", fleet.root / "d5.crt", "--db", good, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["db"] == url
    # Unreadable password file: its own one-line error.
    unreadable = run_certkit("monitor", "status", "--db", url, "--db-password-file",
                             tmp_path / "nope")  # fmt: skip
    assert unreadable.returncode == 2 and "no such file" in unreadable.stderr


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def test_unreachable_server_missing_database_and_bad_urls(tmp_path: Path) -> None:
    port = free_port()  # nobody listens there
    url = f"postgresql://certkit@127.0.0.1:{port}/inventory"
    down = run_certkit("monitor", "status", "--db", url)
    assert down.returncode == 2
    assert down.stderr.startswith(
        f"certkit: {url}: cannot reach the PostgreSQL server at 127.0.0.1:{port} ("
    )
    assert len(down.stderr.splitlines()) == 1
    check = run_certkit("monitor", "check", "--db", url)
    assert check.returncode == 3 and check.stdout.startswith("CERTKIT UNKNOWN - ")
    assert "cannot reach the PostgreSQL server" in check.stdout
    pg = server()
    nodb = pg.url("no_such_inventory")
    absent = run_certkit("monitor", "scan", tmp_path, "--db", nodb)
    assert absent.returncode == 2
    assert "database no_such_inventory does not exist on the server" in absent.stderr
    assert "createdb -O certkit no_such_inventory" in absent.stderr
    empty = pg.create_database("empty")
    try:
        never = run_certkit("monitor", "status", "--db", pg.url(empty))
        assert never.returncode == 2 and "no inventory in this database yet" in never.stderr
        assert sql(pg.url(empty), "SELECT to_regclass('files') IS NULL") == [(True,)]
    finally:
        pg.drop_database(empty)
    for bad, says in (
        ("postgresql://u@h:notaport/db", "not a valid PostgreSQL URL (port 'notaport')"),
        ("postgresql://u@h/db?nosuchparameter=1", "not a valid PostgreSQL URL (invalid"),
        ("mysql://u@h/db", "unsupported database URL"),
    ):
        result = run_certkit("monitor", "status", "--db", bad)
        assert result.returncode == 2 and says in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1
    on_sqlite = run_certkit("monitor", "status", "--db", tmp_path / "x.db", "--db-password-file",
                            tmp_path / "x.db")  # fmt: skip
    assert on_sqlite.returncode == 2 and "a SQLite inventory has no password" in on_sqlite.stderr


def test_a_reading_role_reads_and_is_told_why_it_cannot_write(
    fleet: Fleet, role: Role, tmp_path: Path
) -> None:
    """The team's dashboards and Nagios read with a role that has SELECT only."""
    env = {"PGPASSWORD": role.password}
    assert scan(role.url(), fleet, env=env).returncode == 1
    pg = role.pg
    reader = f"reader_{os.getpid()}_{next(_names)}"
    pg.sql(f"CREATE ROLE {reader} LOGIN PASSWORD 'read only'")
    try:
        pg.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}", database=role.database)
        url = pg.url(role.database, reader)
        renv = {"PGPASSWORD": "read only"}
        status = run_certkit("monitor", "status", "--db", url, "--json", "--at", AT_TEXT, env=renv)
        assert status.returncode == 0, status.stderr
        assert len(json.loads(status.stdout)["certificates"]) == CLIENTS
        check = run_certkit("monitor", "check", "--db", url, "--at", AT_TEXT, env=renv)
        assert check.stdout.startswith(f"CERTKIT WARNING - {CLIENTS} certificates")
        before = db_counts(role.pg.url(role.database))
        for argv in (
            ["scan", str(fleet.root)],
            ["ack", fleet.sha["d20"]],
            ["registered", fleet.sha["new_issuer_new"]],
        ):
            refused = run_certkit("monitor", *argv, "--db", url, env=renv)
            assert refused.returncode == 2, (argv, refused.stderr)
            assert refused.stderr.startswith(f"certkit: {url}: role {reader} is not allowed")
            assert len(refused.stderr.splitlines()) == 1
        assert db_counts(role.pg.url(role.database)) == before
    finally:
        pg.sql(f"DROP OWNED BY {reader}", database=role.database)
        pg.sql(f"DROP ROLE {reader}")


@pytest.fixture
def private_server() -> Iterator[PgServer]:
    """A server of this test's own, to restart without disturbing the others."""
    pg = start_server()
    yield pg
    pg.stop("immediate")


def test_server_restart_mid_scan_fails_cleanly_and_the_next_scan_completes(
    tmp_path: Path, private_server: PgServer
) -> None:
    files = 6000
    root = tmp_path / "many"
    write_many(root, files)
    db = private_server.url(private_server.create_database("restart"))
    process = subprocess.Popen(
        [CERTKIT, "monitor", "scan", str(root), "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if sql(db, "SELECT count(*) FROM files")[0][0] >= files // 6:
                break
        except Exception:  # the scan has not created the schema yet
            pass
        time.sleep(0.005)
    assert process.poll() is None, "the scan finished before the server could be restarted"
    private_server.restart()
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, (out, err)
    message = err.decode()
    assert message.startswith(f"certkit: {db}: the connection to the PostgreSQL server")
    assert "run the command again once the server answers" in message
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    # What was committed is whole: complete batches, each file with its certificate.
    recorded = sql(db, "SELECT count(*) FROM files")[0][0]
    assert 0 < recorded < files and recorded % 500 == 0
    orphans = sql(
        db,
        "SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM sightings s JOIN "
        "certificates c ON c.sha256 = s.sha256 WHERE s.host = f.host AND s.path = f.path)",
    )
    assert orphans == [(0,)]
    # The next scan reads only the rest, and completes.
    data = certkit_json("monitor", "scan", root, "--db", db)
    assert (data["files_read"], data["files_unchanged"]) == (files - recorded, recorded)
    assert db_counts(db)["certificates"] == files
    check = run_certkit("monitor", "check", "--db", db)
    assert check.returncode == 0 and f"{files} certificates" in check.stdout


def test_notify_killed_while_holding_the_channel_lock_releases_it(
    fleet: Fleet, role: Role, tmp_path: Path
) -> None:
    """notify holds a session lock per channel while it sends: a SIGKILL ends the session, the
    server drops the lock, and the next notify (another host) is not blocked."""
    import socket

    env = {"PGPASSWORD": role.password}
    assert scan(role.url(), fleet, env=env).returncode == 1
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers: notify waits holding the lock
    port = listener.getsockname()[1]
    args = [CERTKIT, "monitor", "notify", "--db", role.url(), "--webhook",
            f"http://127.0.0.1:{port}/hook", "--timeout", "60", "--at", AT_TEXT]  # fmt: skip
    hung = subprocess.Popen(args, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        conn, _ = listener.accept()
        locks = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        assert sql(role.pg.url(role.database), locks) == [(1,)]
        hung.send_signal(signal.SIGKILL)
        hung.wait()
        conn.close()
        deadline = time.monotonic() + 10
        while sql(role.pg.url(role.database), locks) != [(0,)] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sql(role.pg.url(role.database), locks) == [(0,)]
    finally:
        listener.close()
    # The next run (say, from another host) takes the channel at once and sends what the killed
    # one may or may not have delivered, flagged as such (same webhook: same channel).
    hook = SlowHook(0, port)
    try:
        start = time.monotonic()
        nxt = run_certkit("monitor", "notify", "--db", role.url(), "--webhook", hook.url,
                          "--at", AT_TEXT, env=env, timeout=30)  # fmt: skip
        assert nxt.returncode == 0, nxt.stderr
        assert time.monotonic() - start < 20
    finally:
        hook.close()
    (body,) = hook.bodies
    assert sorted(a["id"] for a in body["alerts"]) == sorted(
        [f"{fleet.sha['d20']}:warning", f"{fleet.sha['new_issuer_old']}:warning"]
    )
    assert all(a["redelivery"] for a in body["alerts"])
