"""A throwaway PostgreSQL server on 127.0.0.1 for the monitor's tests and benchmarks.

The real server (Debian's ``postgresql`` package: ``initdb``, ``pg_ctl``, ``postgres``), started in
a temporary folder on a free port, once per process (:func:`server`), stopped at exit. PostgreSQL
refuses to run as root: as root the server runs as the ``postgres`` system user (the package
creates it), through ``runuser``.

Roles: ``certkit`` (superuser, trusted on 127.0.0.1: the tests' own connections) and any role a test
creates with a password (scram-sha-256 for every other role, so password handling is real).
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ADMIN = "certkit"
INSTALL_HINT = "install Debian's 'postgresql' package (apt-get install postgresql)"


def bindir() -> Path:
    """Where initdb and pg_ctl are: PATH first, then Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if not candidates:
        raise RuntimeError(f"no PostgreSQL server programs found: {INSTALL_HINT}")
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """One PostgreSQL cluster in ``base`` listening on 127.0.0.1:``port``."""

    base: Path
    port: int
    durable: bool = False  # fsync and synchronous commits as in production (benchmarks)
    run_as: str | None = None  # the system user running the server (None: this user)
    _counter: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    def _run(self, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        if self.run_as is not None:
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        return subprocess.run(
            argv, capture_output=True, text=True, check=False, cwd=self.base, **kwargs
        )

    def init(self) -> None:
        programs = bindir()
        done = self._run(
            [str(programs / "initdb"), "-D", str(self.data), "-U", ADMIN, "-E", "UTF8",
             "--auth-local=trust", "--auth-host=scram-sha-256", "--no-instructions"],
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()}")
        # The tests' own role is trusted on loopback; every other role needs its password.
        hba = self.data / "pg_hba.conf"
        hba.write_text(
            f"host all {ADMIN} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
            "local all all trust\n"
        )
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.base}'",
            "max_connections = 200",
            "shared_buffers = 64MB",
            "log_min_messages = warning",
            "log_min_error_statement = panic",
        ]
        if not self.durable:  # a test server: nothing to keep after a power cut
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n".join(settings) + "\n")

    def start(self) -> None:
        done = self._run(
            [str(bindir() / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
             "-t", "60", "start"],
        )  # fmt: skip
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()} {log[-2000:]}")

    def stop(self, mode: str = "fast") -> None:
        self._run([str(bindir() / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def restart(self) -> None:
        """Stop (fast: every connection is cut) and start again on the same port."""
        self.stop("fast")
        self.start()

    @property
    def admin_url(self) -> str:
        return f"postgresql://{ADMIN}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str, user: str = ADMIN) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def sql(
        self, statement: str, *params: Any, database: str = "postgres"
    ) -> list[tuple[Any, ...]]:
        """Run one statement as the admin role (autocommit); its rows, if any."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(statement, params or None)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def create_database(self, prefix: str = "inv") -> str:
        """A new empty database; its name."""
        with self._lock:
            self._counter += 1
            name = f"{prefix}_{os.getpid()}_{self._counter}"
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY file_copy')
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server(*, durable: bool = False) -> PgServer:
    """A new cluster in a temporary folder, started; stopped and removed at exit."""
    base = Path(tempfile.mkdtemp(prefix="certkit-pg-"))
    run_as = None
    if os.geteuid() == 0:
        run_as = "postgres"
        try:
            import pwd

            entry = pwd.getpwnam(run_as)
        except KeyError:
            msg = f"no 'postgres' system user to run the server: {INSTALL_HINT}"
            raise RuntimeError(msg) from None
        os.chown(base, entry.pw_uid, entry.pw_gid)
    last: Exception | None = None
    for _ in range(3):  # another process may take the free port between the probe and the start
        pg = PgServer(base, free_port(), durable=durable, run_as=run_as)
        if not pg.data.exists():
            pg.init()
        else:
            _set_port(pg)
        try:
            pg.start()
        except RuntimeError as exc:
            last = exc
            continue
        atexit.register(_remove, pg)
        return pg
    assert last is not None
    raise last


def _set_port(pg: PgServer) -> None:
    conf = pg.data / "postgresql.conf"
    lines = [line for line in conf.read_text().splitlines() if not line.startswith("port = ")]
    conf.write_text("\n".join([*lines, f"port = {pg.port}"]) + "\n")


def _remove(pg: PgServer) -> None:
    with contextlib.suppress(Exception):
        pg.stop("immediate")
    shutil.rmtree(pg.base, ignore_errors=True)


_SERVER: PgServer | None = None
_SERVER_LOCK = threading.Lock()


def server() -> PgServer:
    """This process's shared test server (started on first use)."""
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is None:
            started = time.monotonic()
            _SERVER = start_server()
            _SERVER.started_in = time.monotonic() - started  # type: ignore[attr-defined]
        return _SERVER
