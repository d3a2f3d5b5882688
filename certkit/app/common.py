"""What every user task shares: reading dates and SIRENs given by people, JSON documents."""

from __future__ import annotations

import datetime as dt

from certkit.errors import InputError
from certkit.render import json_document

__all__ = ["json_document", "parse_at", "parse_siren"]


def parse_at(value: str | None) -> dt.datetime | None:
    """The one reader of dates given by people (``--at``, ``--on``, the API's ``at``): an ISO 8601
    date (midnight UTC) or date-time (``Z`` or an offset; none means UTC), in UTC; None for None.
    """
    if value is None:
        return None
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
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
