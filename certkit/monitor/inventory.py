"""What the inventory holds, as read back by :class:`certkit.monitor.store.Store`: certificates
currently seen in files (on one or several hosts), and the files whose last read failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple


class Location(NamedTuple):
    """A file on a host (the host label its scans use)."""

    host: str
    path: str

    def text(self, several_hosts: bool) -> str:
        """``host:path`` when the inventory spans several hosts, else the path alone."""
        return f"{self.host}:{self.path}" if several_hosts else self.path


@dataclass(frozen=True, slots=True)
class InventoryCertificate:
    """One certificate of the inventory, with the files it is currently found in.

    ``locations`` are (host, path) pairs; ``paths`` the same as people read them: the path alone
    in a one-host inventory, ``host:path`` in a shared one.
    """

    sha256: str
    subject_rfc4514: str
    issuer_rfc4514: str
    subject_der: bytes
    issuer_der: bytes
    cn: str | None
    org: str | None
    siren: str | None
    serial_hex: str
    not_before: datetime
    not_after: datetime
    is_ca: bool
    first_seen: datetime
    last_seen: datetime
    paths: tuple[str, ...] = field(default=())
    locations: tuple[Location, ...] = field(default=())

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(sorted({location.host for location in self.locations}))


@dataclass(frozen=True, slots=True)
class StoredError:
    """A file that could not be read on its last scan (``place``: its path as people read it,
    ``host:path`` in a shared inventory)."""

    path: str
    code: str
    params: dict[str, Any]
    first_seen: datetime
    last_seen: datetime
    host: str = ""
    place: str = ""

    def message(self, lang: str | None = None) -> str:
        from certkit.i18n import t

        return t(self.code, lang, **self.params)


class HostSummary(NamedTuple):
    """One host of the inventory: what its scans recorded and when it last completed one."""

    host: str
    files: int
    certificates: int
    errors: int
    last_scan: datetime | None
