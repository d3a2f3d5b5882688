"""Where the inventory lives — a SQLite file (the embedded default) or a PostgreSQL database
shared by several hosts — and the small connection interface :class:`certkit.monitor.store.Store`
runs its SQL through.

The store writes its SQL once, with ``?`` placeholders, in the dialect both back ends share
(``INSERT … ON CONFLICT … DO UPDATE``, ``RETURNING``); a :class:`Backend` runs it and supplies the
few things that differ: how a list of values is passed, how many rows an insert added, how
writers take their turn, how errors read. No ORM: the store's queries are few and hand-tuned for
the scan's batches, and the two back ends' differences fit in these few methods.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from certkit.errors import InputError

if TYPE_CHECKING:
    from typing import Protocol

    class Cursor(Protocol):
        def fetchone(self) -> Any: ...

        def fetchall(self) -> list[Any]: ...

        def __iter__(self) -> Iterator[Any]: ...


R = TypeVar("R")

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


class Target(NamedTuple):
    """An inventory: ``path`` of a SQLite file, or ``url`` of a PostgreSQL database (with its
    role's password when one was given apart: else libpq's PGPASSWORD or ~/.pgpass). A named
    tuple rather than a dataclass: every command builds one, and a tuple class costs a sixth
    of a frozen dataclass to define at import."""

    path: Path | None = None
    url: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never the password
        return f"Target(path={self.path!r}, url={self.label!r})"

    @property
    def kind(self) -> str:
        return "postgresql" if self.url is not None else "sqlite"

    @property
    def label(self) -> str:
        """What messages call it: the path, or the URL without any password."""
        if self.url is not None:
            from certkit.monitor.postgres import redact

            return redact(self.url)
        return str(self.path)


def parse_target(text: str | Path | None) -> Target:
    """``--db``: a PostgreSQL URL (``postgresql://user@host:port/dbname``), a SQLite file path,
    or None for the default file in the user's data directory."""
    value = None if text is None else str(text)
    if value is not None and value.startswith(POSTGRESQL_SCHEMES):
        from certkit.monitor.postgres import check_url

        check_url(value)
        return Target(url=value)
    if value is None:
        from certkit.monitor.db import default_db_path

        return Target(path=default_db_path())
    scheme, sep, _ = value.partition("://")
    if sep and scheme.isalpha():
        raise InputError("monitor.db_bad_scheme", value=value)
    return Target(path=Path(value))


def with_password(target: Target, read: Callable[[], str | None]) -> Target:
    """``target`` with the password ``read()`` returns (``--db-password-file``): PostgreSQL only,
    a SQLite inventory has none."""
    if target.kind != "postgresql":
        raise InputError("monitor.db_password_file_sqlite")
    return target._replace(password=read())


class Insert(NamedTuple):
    """``INSERT INTO table (columns) VALUES (…) conflict``: one of the store's bulk writes, which
    a back end may run its own way (PostgreSQL copies the rows in, then inserts them at once)."""

    table: str
    columns: str
    conflict: str = ""

    @property
    def sql(self) -> str:
        marks = ", ".join("?" for _ in self.columns.split(","))
        return f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks}) {self.conflict}".strip()


class Backend(abc.ABC):
    """An open connection to one inventory."""

    dialect: str
    target: Target
    # The driver's error class: the store turns these into InputErrors with :meth:`translate`.
    errors: tuple[type[BaseException], ...]

    @abc.abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement (``?`` placeholders)."""

    @abc.abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each of ``rows``."""

    @abc.abstractmethod
    def insert(self, spec: Insert, rows: Sequence[Sequence[Any]]) -> int:
        """Insert ``rows`` (unique keys) as ``spec`` says: how many rows it added or changed
        (inside a transaction, exact even when another process inserts the same keys: a row
        another transaction added first is not counted)."""

    @abc.abstractmethod
    def values(self, values: Sequence[str]) -> tuple[str, Any]:
        """A sub-query listing ``values`` and its one parameter: ``x IN (<sub-query>)``."""

    @abc.abstractmethod
    def transaction(self, *, migration: bool = False) -> AbstractContextManager[None]:
        """A write transaction (committed at the end, rolled back on error). ``migration``:
        schema changes, serialised between every process opening the inventory."""

    @abc.abstractmethod
    def snapshot(self) -> AbstractContextManager[None]:
        """Reads that see one consistent state of the inventory."""

    def write(self, action: Callable[[], R]) -> R:
        """``action`` in one write transaction; retried where the back end may abort one
        transaction of two that conflict (a PostgreSQL deadlock)."""
        with self.transaction():
            return action()

    @abc.abstractmethod
    def has_table(self, name: str) -> bool: ...

    @abc.abstractmethod
    def channel_lock(self, channel: str) -> AbstractContextManager[None]:
        """Held while one process sends a channel's alerts: another ``notify`` on the same
        inventory and channel waits, then sends only what is still pending."""

    @abc.abstractmethod
    def translate(self, exc: BaseException) -> InputError:
        """The :class:`InputError` (exit 2) saying what to do about the driver error ``exc``."""

    @abc.abstractmethod
    def close(self) -> None: ...


def open_backend(
    target: Target, *, create: bool, readonly: bool, host: str | None = None
) -> Backend:
    """Connect to ``target``; ``create`` creates and migrates the schema (writers), ``readonly``
    only reads (an older schema is read as it is); ``host`` is the label an upgrade from a
    single-host schema attributes the existing files to (default: this machine's host name)."""
    if target.kind == "postgresql":
        from certkit.monitor.postgres import open_postgres

        return open_postgres(target, create=create, readonly=readonly, host=host)
    from certkit.monitor.db import open_sqlite

    return open_sqlite(target, create=create, readonly=readonly, host=host)


def default_host_label() -> str:
    """This machine's host name (``scan --host-label`` default): ``uname -n``, what
    ``socket.gethostname()`` returns, without importing the socket module on every scan."""
    import os

    if hasattr(os, "uname"):
        name = os.uname().nodename
    else:  # pragma: no cover - Windows
        import socket

        name = socket.gethostname()
    return name or "localhost"
