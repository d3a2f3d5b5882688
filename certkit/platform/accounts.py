"""The platform's accounts file: the registry's account form, as TOML.

Each account has a SIREN and up to two certificate slots ("DN Certificat client 1/2" with
"DN Emetteur Certificat 1/2" on the registry's form), which is what lets a syndic register a renewed
certificate before the old one expires::

    [[accounts]]
    siren = "732829320"
    name = "Syndic Exemple"

    [accounts.slot1]
    subject_dn = "CN=Syndic Exemple,O=SYNDIC EXEMPLE,C=FR"
    issuer_dn = "CN=certkit Test Issuing CA,O=certkit test,C=FR"
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from certkit.errors import InputError, os_reason

SLOT_NUMBERS = (1, 2)
_SIREN = re.compile(r"[0-9]{9}")


@dataclass(frozen=True, slots=True)
class Slot:
    """One registered certificate: its subject DN and its issuer's DN, as strings."""

    number: int
    subject_dn: str
    issuer_dn: str


@dataclass(frozen=True, slots=True)
class Account:
    """A syndic's account: its SIREN, an optional display name, and its filled slots."""

    siren: str
    name: str = ""
    slots: tuple[Slot, ...] = ()

    def slot(self, number: int) -> Slot | None:
        return next((s for s in self.slots if s.number == number), None)


@dataclass(frozen=True, slots=True)
class Accounts:
    """Every account of the platform, in file order."""

    accounts: tuple[Account, ...] = ()

    def find(self, siren: str) -> Account | None:
        return next((a for a in self.accounts if a.siren == siren), None)


def load_accounts(path: Path) -> Accounts:
    """Read and validate an accounts file; an :class:`InputError` names the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("platform.accounts_missing", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc)
        raise InputError("platform.accounts_unreadable", path=str(path), reason=reason) from None
    return parse_accounts(text, source=str(path))


def parse_accounts(text: str, *, source: str = "<accounts>") -> Accounts:
    """Parse accounts TOML (see the module docstring for the format)."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError("platform.accounts_invalid", path=source, reason=str(exc)) from None
    raw_accounts = data.get("accounts", [])
    if not isinstance(raw_accounts, list):
        raise InputError(
            "platform.accounts_invalid",
            path=source,
            reason_code="files.reason.accounts_tables",
        )
    accounts: list[Account] = []
    for index, raw in enumerate(raw_accounts, start=1):
        accounts.append(_parse_account(raw, index, source))
    sirens = [a.siren for a in accounts]
    duplicates = sorted({s for s in sirens if sirens.count(s) > 1})
    if duplicates:
        raise InputError(
            "platform.accounts_invalid",
            path=source,
            reason=f"SIREN {', '.join(duplicates)} appears in more than one account",
        )
    return Accounts(tuple(accounts))


def _parse_account(raw: object, index: int, source: str) -> Account:
    where = f"account #{index}"
    if not isinstance(raw, dict):
        raise InputError("platform.accounts_invalid", path=source, reason=f"{where} is not a table")
    siren = raw.get("siren")
    if not isinstance(siren, str) or not _SIREN.fullmatch(siren):
        raise InputError(
            "platform.accounts_invalid",
            path=source,
            reason=f"{where}: siren must be a string of 9 digits, got {siren!r}",
        )
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise InputError(
            "platform.accounts_invalid", path=source, reason=f"{where}: name must be a string"
        )
    slots: list[Slot] = []
    for number in SLOT_NUMBERS:
        raw_slot = raw.get(f"slot{number}")
        if raw_slot is None:
            continue
        subject = raw_slot.get("subject_dn") if isinstance(raw_slot, dict) else None
        issuer = raw_slot.get("issuer_dn") if isinstance(raw_slot, dict) else None
        if not isinstance(subject, str) or not isinstance(issuer, str) or not subject or not issuer:
            raise InputError(
                "platform.accounts_invalid",
                path=source,
                reason=f"{where} (SIREN {siren}): slot{number} needs subject_dn and issuer_dn",
            )
        slots.append(Slot(number, subject, issuer))
    unknown = sorted(
        k for k in raw if k not in ("siren", "name", *(f"slot{n}" for n in SLOT_NUMBERS))
    )
    if unknown:
        raise InputError(
            "platform.accounts_invalid",
            path=source,
            reason=f"{where} (SIREN {siren}): unknown key(s) {', '.join(unknown)} "
            "(expected siren, name, slot1, slot2)",
        )
    return Account(siren=siren, name=name, slots=tuple(slots))


def with_slot(accounts: Accounts, siren: str, slot: Slot, *, name: str = "") -> Accounts:
    """``accounts`` with ``slot`` filled on the account ``siren`` (created when missing)."""
    existing = accounts.find(siren)
    if existing is None:
        return Accounts((*accounts.accounts, Account(siren=siren, name=name, slots=(slot,))))
    others = tuple(s for s in existing.slots if s.number != slot.number)
    updated = replace(
        existing,
        name=name or existing.name,
        slots=tuple(sorted((*others, slot), key=lambda s: s.number)),
    )
    return Accounts(tuple(updated if a.siren == siren else a for a in accounts.accounts))


def render_accounts(accounts: Accounts) -> str:
    """The accounts as TOML text that :func:`parse_accounts` reads back unchanged."""
    lines = [
        "# certkit platform accounts: per account a SIREN and up to two certificate slots",
        "# (subject DN + issuer DN, as registered on the registry's account form).",
    ]
    for account in accounts.accounts:
        lines += ["", "[[accounts]]", f"siren = {_toml_string(account.siren)}"]
        if account.name:
            lines.append(f"name = {_toml_string(account.name)}")
        for slot in account.slots:
            lines += [
                "",
                f"[accounts.slot{slot.number}]",
                f"subject_dn = {_toml_string(slot.subject_dn)}",
                f"issuer_dn = {_toml_string(slot.issuer_dn)}",
            ]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes: \" \\ \n \t \uXXXX).
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
