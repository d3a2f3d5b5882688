"""The registry stand-in as a service: what ``certkit platform serve``, ``certkit platform
register`` and the pytest fixture ``certkit_platform`` share.

- :func:`register_certificate` fills an account slot with a certificate's DNs, like the
  registry's "Importer certificat";
- :class:`Platform` runs the server with an accounts file that is reloaded on request (SIGHUP, a
  registration) and when the file changes (checked once a second); a file that does not load is
  logged and the accounts in use are kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit.errors import CertkitError, InputError, os_reason
from certkit.platform.accounts import (
    Accounts,
    Slot,
    load_accounts,
    render_accounts,
    with_slot,
)
from certkit.platform.authz import Authoriser, DnCompare, certificate_siren

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.platform.server import AccessLog, PlatformServer, ServerConfig, TlsMaterial

RELOAD_INTERVAL = 1.0  # seconds between two looks at the accounts file


@dataclass(frozen=True, slots=True)
class Registration:
    """What :func:`register_certificate` wrote."""

    accounts_file: Path
    siren: str
    slot: Slot
    certificate_siren: str | None
    previous: Slot | None

    @property
    def replaced(self) -> bool:
        return self.previous is not None and self.previous != self.slot

    def to_json(self) -> dict[str, Any]:
        return {
            "accounts_file": str(self.accounts_file),
            "siren": self.siren,
            "slot": self.slot.number,
            "subject_dn": self.slot.subject_dn,
            "issuer_dn": self.slot.issuer_dn,
            "certificate_siren": self.certificate_siren,
            "replaced": self.replaced,
        }


def registered_dns(certificate: x509.Certificate, source: str) -> tuple[str, str]:
    """(subject DN, issuer DN) in the registry form, read from the DER; a name certkit cannot
    render is an :class:`InputError` (a slot must hold the text the registry compares)."""
    from certkit import names
    from certkit.tls import certificate_names

    texts = []
    for der in certificate_names(certificate):
        try:
            texts.append(names.rfc4514(der))
        except (names.NameDecodeError, ValueError) as exc:
            raise InputError(
                "platform.register_name_unreadable", path=source, reason=str(exc)
            ) from None
    return texts[0], texts[1]


def register_certificate(
    accounts_file: Path,
    siren: str,
    slot: int,
    certificate: x509.Certificate,
    *,
    name: str = "",
    check_siren: bool = True,
    source: str = "<certificate>",
) -> Registration:
    """Fill ``slot`` (1 or 2) of account ``siren`` with the certificate's subject and issuer DNs,
    creating the account and the file when missing.

    Like the registry, the certificate must carry the account's SIREN (``check_siren=False``
    registers it anyway, to test the ``SIREN_MISMATCH`` refusal).
    """
    from certkit.files import write_atomically
    from certkit.identity import is_valid_siren

    if not (len(siren) == 9 and siren.isdigit() and is_valid_siren(siren)):
        raise InputError("platform.register_bad_siren", siren=siren)
    if slot not in (1, 2):
        raise InputError("platform.register_bad_slot", slot=slot)
    subject_dn, issuer_dn = registered_dns(certificate, source)
    from certkit.tls import certificate_names

    found = certificate_siren(certificate_names(certificate)[0])
    if check_siren:
        if found is None:
            raise InputError("platform.register_no_siren", path=source)
        if found != siren:
            raise InputError(
                "platform.register_siren_mismatch", path=source, found=found, siren=siren
            )
    current = load_accounts(accounts_file) if accounts_file.exists() else Accounts()
    new_slot = Slot(slot, subject_dn, issuer_dn)
    existing = current.find(siren)
    previous = existing.slot(slot) if existing else None
    updated = with_slot(current, siren, new_slot, name=name)
    write_atomically(accounts_file, render_accounts(updated).encode("utf-8"), force=True)
    return Registration(accounts_file, siren, new_slot, found, previous)


def _stamp(path: Path | None) -> tuple[int, int, int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Platform:
    """The server, its accounts and their reloads. :meth:`serve_forever` in the foreground
    (the CLI), or :meth:`start` / :meth:`stop` around a background thread (the pytest plugin)."""

    def __init__(
        self,
        material: TlsMaterial,
        config: ServerConfig,
        access_log: AccessLog,
        *,
        accounts_path: Path | None = None,
        compare: DnCompare = DnCompare.EXACT,
    ) -> None:
        from certkit.platform.server import PlatformServer

        self.material = material
        self.config = config
        self.accounts_path = accounts_path
        self.compare = compare
        self._log = access_log
        self.accounts = load_accounts(accounts_path) if accounts_path else Accounts()
        self._stamp = _stamp(accounts_path)
        self._reload_asked: str | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        authoriser = Authoriser(self.accounts, compare, source=str(accounts_path))
        try:
            self.server: PlatformServer = PlatformServer(config, material, authoriser, access_log)
        except OSError as exc:
            raise InputError(
                "platform.cannot_listen",
                host=config.host,
                port=config.port,
                reason=os_reason(exc),
            ) from None

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.port

    # -- accounts ---------------------------------------------------------------------------

    def request_reload(self, trigger: str = "SIGHUP") -> None:
        """Reload the accounts soon, from the serving loop (safe from a signal handler)."""
        self._reload_asked = trigger
        self.server.wake()

    def reload(self, trigger: str = "request") -> bool:
        """Load the accounts file again now; on an error, log it and keep the accounts in use."""
        with self._lock:
            path = self.accounts_path
            if path is None:
                self._log(
                    {
                        "time": _now(),
                        "event": "accounts_reload_skipped",
                        "trigger": trigger,
                        "reason": "no accounts file (--accounts) to reload",
                    }
                )
                return False
            self._stamp = _stamp(path)
            try:
                accounts = load_accounts(path)
                authoriser = Authoriser(accounts, self.compare, source=str(path))
            except CertkitError as exc:
                self._log(
                    {
                        "time": _now(),
                        "event": "accounts_reload_failed",
                        "trigger": trigger,
                        "path": str(path),
                        "error": exc.message(self.config.lang),
                        "kept_accounts": len(self.accounts.accounts),
                    }
                )
                return False
            self.accounts = accounts
            self.server.authoriser = authoriser
            self._log(
                {
                    "time": _now(),
                    "event": "accounts_reloaded",
                    "trigger": trigger,
                    "path": str(path),
                    "accounts": len(accounts.accounts),
                    "slots": sum(len(a.slots) for a in accounts.accounts),
                }
            )
            return True

    def _tick(self) -> None:
        asked, self._reload_asked = self._reload_asked, None
        if asked is not None:
            self.reload(asked)
        elif self.accounts_path is not None and _stamp(self.accounts_path) != self._stamp:
            self.reload("file changed")

    # -- running ------------------------------------------------------------------------------

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown`, watching the accounts file."""
        self.server.serve_forever(self._tick, RELOAD_INTERVAL)

    def shutdown(self) -> None:
        self.server.shutdown()

    def start(self) -> Platform:
        """Serve from a background thread (returns at once; the port is already listening)."""
        self._thread = threading.Thread(
            target=self.serve_forever, name="certkit-platform", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self.server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
