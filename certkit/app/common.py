"""What every user task shares: reading dates and SIRENs given by people, JSON documents."""

from __future__ import annotations

import datetime as dt

from certkit.errors import InputError
from certkit.render import json_document

__all__ = ["json_document", "parse_at", "parse_siren"]


def parse_at(value: str | None) -> dt.datetime | None:
    """``--at``: an ISO 8601 date or date-time; naive values are UTC."""
    if value is None:
        return None
    try:
        text = value.strip()
        moment = (
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if "T" in text or " " in text
            else dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        )
    except ValueError:
        raise InputError("checks.cli.bad_date", value=value) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def parse_siren(value: str | None) -> str | None:
    if value is None:
        return None
    from certkit.identity import is_valid_siren

    digits = value.replace(" ", "")
    if not is_valid_siren(digits):
        raise InputError("checks.cli.bad_siren", value=value)
    return digits
