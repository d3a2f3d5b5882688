"""The inventory on PostgreSQL, shared by several hosts and a team: connecting (psycopg 3),
transactions, and server errors in plain words.

``--db postgresql://user@host:port/dbname`` (any libpq URL parameter works, e.g.
``?sslmode=verify-full``). The password comes from libpq's usual places — ``PGPASSWORD``,
``~/.pgpass`` (or ``PGPASSFILE``) — or from ``--db-password-file``; one inside the URL works too but
is never printed. The connection runs in autocommit mode: writers open explicit transactions
(``READ COMMITTED``: each batch's inserts see what other hosts committed, ``ON CONFLICT`` settles
who added a certificate first), readers take one ``REPEATABLE READ READ ONLY`` snapshot.

Commands that only read (``status``, ``check``, ``export``, ``serve``) set the session read-only:
a role with ``SELECT`` on the tables is enough for them. Schema upgrades take a transaction-level
advisory lock, so hosts starting at once upgrade it once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from certkit.errors import InputError
from certkit.monitor.backend import Backend, Insert, Target, default_host_label
from certkit.monitor.schema import SCHEMA_VERSION, current_version, migrate, too_new

if TYPE_CHECKING:
    import psycopg

    from certkit.monitor.backend import Cursor

R = TypeVar("R")

CONNECT_TIMEOUT = 10  # seconds, unless the URL says connect_timeout
APPLICATION_NAME = "certkit monitor"
# pg_advisory_xact_lock key serialising schema upgrades ("certkit" in ASCII).
MIGRATION_LOCK = 0x63657274_6B6974
RETRIES = 6  # write transactions aborted by a deadlock or serialisation failure
COPY_FROM = 16  # rows from which an insert goes through COPY


def redact(url: str) -> str:
    """``url`` without its password (in the authority or a ``password=`` parameter)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("@")[-1]
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hosts = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{hosts}" if user else hosts
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "password"]
        query = urlencode(pairs)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _params(url: str) -> dict[str, Any]:
    from psycopg.conninfo import conninfo_to_dict

    return dict(conninfo_to_dict(url))


def check_url(url: str) -> None:
    """Refuse a URL libpq cannot parse (an InputError naming it, without its password)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise InputError("monitor.pg_driver_missing") from None
    try:
        params = _params(url)
    except psycopg.Error as exc:
        raise InputError(
            "monitor.pg_bad_url", value=redact(url), reason=_first_line(str(exc))
        ) from None
    for port in str(params.get("port") or "5432").split(","):
        if not port.strip().isdigit():
            raise InputError("monitor.pg_bad_url", value=redact(url), reason=f"port {port!r}")


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    # libpq: 'connection failed: connection to server at "h", port p failed: FATAL:  reason'
    if "failed: " in line:
        line = line.rsplit("failed: ", 1)[1]
    for prefix in ("FATAL:", "ERROR:"):
        line = line.removeprefix(prefix).strip()
    return line


@functools.lru_cache(maxsize=256)
def _sql(query: str) -> str:
    """The store's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return query.replace("%", "%%").replace("?", "%s")


def _lock_key(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big", signed=True)


class PostgresBackend(Backend):
    """One psycopg connection in autocommit mode."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any], target: Target) -> None:
        import psycopg

        self.conn = conn
        self.target = target
        self.errors = (psycopg.Error,)
        self._staging: set[str] = set()  # temporary tables this session has
        self._created: set[str] = set()  # ... created by the current transaction
        self._used: set[str] = set()  # ... filled by the current transaction

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.conn.execute(_sql(sql), params or None)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.cursor().executemany(_sql(sql), rows)

    def insert(self, spec: Insert, rows: Sequence[Sequence[Any]]) -> int:
        if not rows:
            return 0
        cursor = self.conn.cursor()
        if len(rows) < COPY_FROM:
            cursor.executemany(_sql(spec.sql + " RETURNING 1"), rows, returning=True)
            count = 0
            while True:
                count += len(cursor.fetchall())
                if not cursor.nextset():
                    return count
        # A batch: COPY into a session temporary table shaped like the target (emptied at each
        # commit), then one INSERT … SELECT: one statement for the server to plan instead of one
        # per row, and no per-row round trip (a 10,000-file first scan writes 2× faster).
        staging = f"certkit_staging_{spec.table}"
        if staging not in self._staging:
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} (LIKE {spec.table}) "
                "ON COMMIT DELETE ROWS"
            )
            self._staging.add(staging)
            self._created.add(staging)
        elif staging in self._used:  # emptied at each commit; twice in one transaction here
            cursor.execute(f"DELETE FROM {staging}")
        self._used.add(staging)
        with cursor.copy(f"COPY {staging} ({spec.columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {spec.table} ({spec.columns}) SELECT {spec.columns} FROM {staging} "
            f"{spec.conflict} RETURNING 1"
        )
        return len(cursor.fetchall())

    def values(self, values: Sequence[str]) -> tuple[str, Any]:
        return "SELECT unnest(CAST(? AS text[]))", list(values)

    @contextmanager
    def transaction(self, *, migration: bool = False) -> Iterator[None]:
        self._created, self._used = set(), set()
        try:
            with self.conn.transaction():
                if migration:
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                yield
        except BaseException:
            self._staging -= self._created  # rolled back with the transaction
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        with self.conn.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    def write(self, action: Callable[[], R]) -> R:
        from psycopg import errors

        for attempt in range(RETRIES):
            try:
                with self.transaction():
                    return action()
            except (errors.DeadlockDetected, errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def has_table(self, name: str) -> bool:
        # Read pg_class with this statement's snapshot: to_regclass() would answer from a
        # cached "no such table" while another process's upgrade has just committed it.
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
            "ON n.oid = c.relnamespace WHERE c.relname = %s AND n.nspname = current_schema())",
            (name,),
        ).fetchone()
        return bool(row and row[0])

    @contextmanager
    def channel_lock(self, channel: str) -> Iterator[None]:
        # A session-level advisory lock: the server releases it if this process dies.
        key = _lock_key("certkit notify " + channel)
        self.conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            if not self.conn.closed:
                with contextlib.suppress(*self.errors):  # the connection is gone: so is the lock
                    self.conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def translate(self, exc: BaseException) -> InputError:
        return translate(exc, self.target)

    def close(self) -> None:
        self.conn.close()


def _who(target: Target) -> tuple[str, str, str]:
    """(user, database, host:port) the URL names, with libpq's defaults."""
    import getpass

    assert target.url is not None
    try:
        params = _params(target.url)
    except Exception:
        params = {}
    try:
        default_user = getpass.getuser()
    except (KeyError, OSError):
        default_user = "?"
    user = str(params.get("user") or default_user)
    database = str(params.get("dbname") or user)
    host = str(params.get("host") or "localhost")
    port = str(params.get("port") or "5432")
    return user, database, f"{host}:{port}"


def connect_error(exc: BaseException, target: Target) -> InputError:
    """Why connecting failed, in plain words: server unreachable, role refused, no database."""
    reason = _first_line(str(exc))
    lower = reason.lower()
    user, database, where = _who(target)
    label = target.label
    if "does not exist" in lower and "database" in lower:
        return InputError("monitor.pg_no_database", target=label, database=database, user=user)
    if (
        "password" in lower
        or "authentication" in lower
        or "no pg_hba.conf entry" in lower
        or ("role" in lower and "does not exist" in lower)
    ):
        return InputError("monitor.pg_auth_failed", target=label, user=user, reason=reason)
    if "permission denied" in lower or "not permitted to log in" in lower:
        return InputError("monitor.pg_auth_failed", target=label, user=user, reason=reason)
    return InputError("monitor.pg_unreachable", target=label, where=where, reason=reason)


def translate(exc: BaseException, target: Target) -> InputError:
    """The InputError for a psycopg error met after connecting."""
    import psycopg

    state = getattr(exc, "sqlstate", None) or ""
    reason = _first_line(str(exc)) or type(exc).__name__
    user, database, where = _who(target)
    label = target.label
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return InputError("monitor.pg_connection_lost", target=label, where=where, reason=reason)
    if not state and isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return InputError("monitor.pg_connection_lost", target=label, where=where, reason=reason)
    if state == "42501":
        return InputError("monitor.pg_denied", target=label, user=user, reason=reason)
    if state == "25006":
        return InputError("monitor.pg_readonly", target=label, reason=reason)
    if state.startswith("53"):
        return InputError("monitor.pg_full", target=label, reason=reason)
    if state in ("40P01", "40001", "55P03", "57014"):
        return InputError("monitor.pg_busy", target=label, reason=reason)
    if state == "3D000":
        return InputError("monitor.pg_no_database", target=label, database=database, user=user)
    if state.startswith("28"):
        return InputError("monitor.pg_auth_failed", target=label, user=user, reason=reason)
    return InputError("monitor.pg_error", target=label, reason=reason)


def open_postgres(
    target: Target, *, create: bool, readonly: bool = False, host: str | None = None
) -> PostgresBackend:
    """Connect to the PostgreSQL inventory ``target.url``.

    ``create`` (scans) creates or upgrades the schema; otherwise a database without the schema is
    ``monitor.pg_no_inventory``. ``readonly`` sessions write nothing and read an older schema as
    it is; a newer schema is refused either way.
    """
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise InputError("monitor.pg_driver_missing") from None

    # psycopg logs what it ignores while closing a broken pipeline ("error ignored terminating
    # Pipeline"); the error itself reaches the user as one line: nothing else is printed.
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    assert target.url is not None
    kwargs: dict[str, Any] = {"autocommit": True}
    params = _params(target.url)
    if "connect_timeout" not in params:
        kwargs["connect_timeout"] = CONNECT_TIMEOUT
    if "application_name" not in params:
        kwargs["application_name"] = APPLICATION_NAME
    if target.password is not None:
        kwargs["password"] = target.password
    try:
        conn = psycopg.connect(target.url, **kwargs)
    except psycopg.Error as exc:
        raise connect_error(exc, target) from None
    db = PostgresBackend(conn, target)
    try:
        if readonly:
            conn.execute("SET default_transaction_read_only = on")
        version = current_version(db)
        if version > SCHEMA_VERSION:
            raise too_new(db, version)
        if create or (version and version < SCHEMA_VERSION and not readonly):
            migrate(db, host or default_host_label())
        elif version == 0:
            raise InputError("monitor.pg_no_inventory", target=target.label)
    except psycopg.Error as exc:
        conn.close()
        raise translate(exc, target) from None
    except BaseException:
        conn.close()
        raise
    return db
