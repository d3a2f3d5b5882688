"""The customers file: who each SIREN is, so status, alerts and metrics name the customer.

TOML, one table per SIREN::

    ["732829320"]
    name = "SYNDIC ACME"
    contact = "it@acme.example"          # optional
    account_manager = "Marie Martin"     # optional

A SIREN must be nine digits; ``name`` is required. Any other key is refused (a typo would
otherwise be silently ignored).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from certkit.errors import InputError

_FIELDS = ("name", "contact", "account_manager")


@dataclass(frozen=True, slots=True)
class Customer:
    siren: str
    name: str
    contact: str | None = None
    account_manager: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "siren": self.siren,
            "name": self.name,
            "contact": self.contact,
            "account_manager": self.account_manager,
        }


def load_customers(path: Path | None) -> dict[str, Customer]:
    """SIREN → customer from the TOML file ``path`` (empty without one)."""
    if path is None:
        return {}
    import tomllib

    def invalid(reason: str) -> InputError:
        return InputError("monitor.customers_invalid", path=str(path), reason=reason)

    from certkit.sources import read_source

    try:  # a missing or unreadable file is reported as every input file is; "-": stdin
        text = read_source(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("monitor.customers_unreadable", path=str(path), reason=str(exc)) from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise invalid(str(exc)) from None
    out: dict[str, Customer] = {}
    for siren, entry in table.items():
        if len(siren) != 9 or not siren.isdigit():
            raise invalid(f"{siren!r} is not a SIREN (9 digits)")
        if not isinstance(entry, dict):
            raise invalid(f"{siren!r} must be a table with name = ...")
        unknown = sorted(set(entry) - set(_FIELDS))
        if unknown:
            raise invalid(f"{siren}: unknown key {unknown[0]!r} (known: {', '.join(_FIELDS)})")
        values: dict[str, str | None] = {}
        for key in _FIELDS:
            value = entry.get(key)
            if value is not None and not isinstance(value, str):
                raise invalid(f"{siren}: {key} must be a string")
            values[key] = value
        name = values["name"]
        if not name:
            raise invalid(f"{siren}: name is missing")
        out[siren] = Customer(siren, name, values["contact"], values["account_manager"])
    return out
