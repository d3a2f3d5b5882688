"""What the inventory holds, as read back by :class:`certkit.monitor.store.Store`: certificates
currently seen in files, and the files whose last read failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class InventoryCertificate:
    """One certificate of the inventory, with the files it is currently found in."""

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


@dataclass(frozen=True, slots=True)
class StoredError:
    """A file that could not be read on its last scan."""

    path: str
    code: str
    params: dict[str, Any]
    first_seen: datetime
    last_seen: datetime

    def message(self, lang: str | None = None) -> str:
        from certkit.i18n import t

        return t(self.code, lang, **self.params)
