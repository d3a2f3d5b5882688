"""CLDR data for certkit's French and English messages, written by scripts/gen_cldr.py
from Babel 2.19.0: do not edit (tests/test_i18n.py compares it with Babel)."""

# ruff: noqa: E501, F841

from __future__ import annotations

from collections.abc import Callable


def IN(value: int, ranges: list[tuple[int, int]]) -> bool:
    """CLDR ``in``: an integer within one of the ranges."""
    return any(low <= value <= high for low, high in ranges)


def MOD(value: int, modulus: int) -> int:
    """CLDR ``mod`` on a non-negative integer."""
    return value % modulus


def plural_fr(n: int) -> str:
    """CLDR plural category of the integer ``n`` in 'fr': {'many': 'e in 0 and i not in 0 and i mod 1000000 in 0 and v in 0 or e not in 0..5', 'one': 'i in 0..1'}."""
    i = abs(n)
    v = w = f = t = c = e = 0
    if (
        ((IN(e, [(0, 0)]) and (not IN(i, [(0, 0)]))) and IN(MOD(i, 1000000), [(0, 0)]))
        and IN(v, [(0, 0)])
    ) or (not IN(e, [(0, 5)])):
        return "many"
    if IN(i, [(0, 1)]):
        return "one"
    return "other"


def plural_en(n: int) -> str:
    """CLDR plural category of the integer ``n`` in 'en': {'one': 'i in 1 and v in 0'}."""
    i = abs(n)
    v = w = f = t = c = e = 0
    if IN(i, [(1, 1)]) and IN(v, [(0, 0)]):
        return "one"
    return "other"


PLURAL_CATEGORIES: dict[str, tuple[str, ...]] = {
    "fr": ("many", "one", "other"),
    "en": ("one", "other"),
}
PLURAL: dict[str, Callable[[int], str]] = {"fr": plural_fr, "en": plural_en}

# Month names as a date reads them (format context, wide), January first.
MONTHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
# CLDR's long date pattern (d: day, MMMM: month name, y: year).
LONG_DATE: dict[str, str] = {
    "fr": "d MMMM y",
    "en": "MMMM d, y",
}
# Thousands separator of integers.
GROUP: dict[str, str] = {
    "fr": "\u202f",
    "en": ",",
}
