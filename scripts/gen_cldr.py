#!/usr/bin/env python3
"""Write certkit/_cldr.py: what certkit's messages need of CLDR (plural rules, month names, long
date patterns, digit grouping) for French and English, computed by Babel.

certkit renders plurals and dates on every finding of a batch, and one-shot commands must start
fast: importing Babel and loading its locale data costs ~35 ms per process, so its answers are
written out once here. tests/test_i18n.py checks the written module against Babel, so a Babel
upgrade that changes CLDR data fails the tests until this script is run again:

    .venv/bin/python scripts/gen_cldr.py
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "certkit" / "_cldr.py"
LANGUAGES = ("fr", "en")


def plural_source(lang: str) -> tuple[str, tuple[str, ...]]:
    """A Python function ``plural_<lang>(n: int) -> str`` for integer counts, and the categories
    the language uses (CLDR's order of declaration, ``other`` last)."""
    from babel.core import Locale
    from babel.plural import _PythonCompiler

    rule = Locale.parse(lang).plural_form
    compiler = _PythonCompiler()
    lines = [
        f"def plural_{lang}(n: int) -> str:",
        f'    """CLDR plural category of the integer ``n`` in {lang!r}: {rule.rules!r}."""',
        # CLDR operands of an integer: i = |n|, no visible fraction digits, no exponent.
        "    i = abs(n)",
        "    v = w = f = t = c = e = 0",
    ]
    for tag, ast in rule.abstract:
        expression = compiler.compile(ast)
        lines.append(f"    if {expression}:")
        lines.append(f"        return {tag!r}")
    lines.append('    return "other"')
    categories = (*(tag for tag, _ in rule.abstract), "other")
    return "\n".join(lines) + "\n", categories


def main() -> int:
    import babel
    from babel.dates import get_date_format, get_month_names
    from babel.numbers import get_group_symbol

    parts = [
        '"""CLDR data for certkit\'s French and English messages, written by scripts/gen_cldr.py',
        f"from Babel {babel.__version__}: do not edit (tests/test_i18n.py compares it with "
        'Babel)."""',
        "",
        "# ruff: noqa: E501, F841",
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Callable",
        "",
        "",
        "def IN(value: int, ranges: list[tuple[int, int]]) -> bool:",
        '    """CLDR ``in``: an integer within one of the ranges."""',
        "    return any(low <= value <= high for low, high in ranges)",
        "",
        "",
        "def MOD(value: int, modulus: int) -> int:",
        '    """CLDR ``mod`` on a non-negative integer."""',
        "    return value % modulus",
        "",
        "",
    ]
    categories: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        source, cats = plural_source(lang)
        parts.append(source)
        parts.append("")
        categories[lang] = cats
    parts.append("PLURAL_CATEGORIES: dict[str, tuple[str, ...]] = {")
    for lang in LANGUAGES:
        parts.append(f"    {lang!r}: {categories[lang]!r},")
    parts.append("}")
    functions = ", ".join(f"{lang!r}: plural_{lang}" for lang in LANGUAGES)
    parts.append(f"PLURAL: dict[str, Callable[[int], str]] = {{{functions}}}")
    parts.append("")
    parts.append("# Month names as a date reads them (format context, wide), January first.")
    parts.append("MONTHS: dict[str, tuple[str, ...]] = {")
    for lang in LANGUAGES:
        names = get_month_names("wide", context="format", locale=lang)
        parts.append(f"    {lang!r}: {tuple(names[m] for m in range(1, 13))!r},")
    parts.append("}")
    parts.append("# CLDR's long date pattern (d: day, MMMM: month name, y: year).")
    parts.append("LONG_DATE: dict[str, str] = {")
    for lang in LANGUAGES:
        parts.append(f"    {lang!r}: {get_date_format('long', locale=lang).pattern!r},")
    parts.append("}")
    parts.append("# Thousands separator of integers.")
    parts.append("GROUP: dict[str, str] = {")
    for lang in LANGUAGES:
        parts.append(f"    {lang!r}: {get_group_symbol(locale=lang)!r},")
    parts.append("}")
    text = "\n".join(parts) + "\n"
    OUT.write_text(text, encoding="utf-8")
    import subprocess

    # The project's formatting, so that a regenerated file shows no spurious diff.
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(OUT)], check=False)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
