"""``certkit platform serve`` follows its accounts file: a registration is seen within a second,
SIGHUP reloads at once and never stops the server, a broken file is logged and the accounts in use
are kept (the platform runs as a real subprocess; clients are the ``ssl`` module)."""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path
from typing import Any

from tests.helpers import run_certkit
from tests.test_platform_support import (
    SIREN_A,
    Pki,
    Platform,
    client_context,
    https_request,
    pki,
    running_platform,
)

__all__ = ["pki"]


def whoami(platform: Platform, pki: Pki, name: str = "syndic") -> tuple[int, dict[str, Any]]:
    status, body, _ = https_request(platform.port, client_context(pki, name), path="/whoami")
    return status, body


def events(platform: Platform, kind: str) -> list[dict[str, Any]]:
    return [e for e in platform.log_entries() if e.get("event") == kind]


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` whole in one step (as `platform register` and most editors do)."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text)
    tmp.replace(path)


def wait_for(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    return check()


def test_a_registration_is_seen_without_a_restart(pki: Pki, tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.toml"
    accounts.write_text("# no account yet\n")
    with running_platform(pki, "--accounts", str(accounts)) as platform:
        status, body = whoami(platform, pki)
        assert (status, body["error"]) == (403, "DN_NOT_REGISTERED")
        registered = run_certkit(
            "platform", "register", accounts, "--siren", SIREN_A, "--slot", "1",
            "--cert", pki.cert("syndic"),
        )  # fmt: skip
        assert registered.returncode == 0, registered.stderr
        reloaded = wait_for(lambda: events(platform, "accounts_reloaded"), timeout=5)
        assert reloaded[0]["trigger"] == "file changed"
        assert reloaded[0]["accounts"] == 1 and reloaded[0]["slots"] == 1
        status, body = whoami(platform, pki)
        assert status == 200 and body["account_siren"] == SIREN_A
        assert platform.process.poll() is None


def test_sighup_reloads_at_once_and_a_broken_file_keeps_the_accounts(
    pki: Pki, tmp_path: Path
) -> None:
    accounts = tmp_path / "accounts.toml"
    shutil.copy(pki.accounts, accounts)
    with running_platform(pki, "--accounts", str(accounts)) as platform:
        assert whoami(platform, pki)[0] == 200
        # a broken file: logged, and the accounts in use stay
        replace_file(accounts, "[[accounts]\nthis is not TOML\n")
        failed = wait_for(lambda: events(platform, "accounts_reload_failed"), timeout=5)
        assert failed[0]["trigger"] == "file changed" and "accounts.toml" in failed[0]["error"]
        assert failed[0]["kept_accounts"] == 2
        assert whoami(platform, pki)[0] == 200
        # SIGHUP: read again now (the file is still broken): logged again, still serving
        platform.process.send_signal(signal.SIGHUP)
        again = wait_for(lambda: len(events(platform, "accounts_reload_failed")) >= 2, timeout=5)
        assert again
        assert events(platform, "accounts_reload_failed")[1]["trigger"] == "SIGHUP"
        assert platform.process.poll() is None and whoami(platform, pki)[0] == 200
        # fixed file without the syndic's account, SIGHUP: the refusal follows at once
        text = pki.accounts.read_text().split("[[accounts]]")
        kept = [t for t in text if f'siren = "{SIREN_A}"' not in t]
        replace_file(accounts, "[[accounts]]".join(kept))
        platform.process.send_signal(signal.SIGHUP)
        reloaded = wait_for(lambda: events(platform, "accounts_reloaded"), timeout=5)
        assert [e["accounts"] for e in reloaded] == [1]
        status, body = whoami(platform, pki)
        assert (status, body["error"]) == (403, "DN_NOT_REGISTERED")
        for _ in range(5):  # SIGHUP never stops it
            platform.process.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        assert platform.process.poll() is None


def test_sighup_without_an_accounts_file_is_logged_not_fatal(pki: Pki) -> None:
    with running_platform(pki) as platform:
        platform.process.send_signal(signal.SIGHUP)
        skipped = wait_for(lambda: events(platform, "accounts_reload_skipped"), timeout=5)
        assert skipped and skipped[0]["trigger"] == "SIGHUP"
        assert platform.process.poll() is None
        assert whoami(platform, pki)[0] == 403  # serving, with no account
