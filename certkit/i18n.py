"""The message catalogue: every user-facing sentence in French and English.

Each module of :mod:`certkit.messages` defines ``MESSAGES: dict[str, dict[str, str]]``
mapping a stable code to ``{"fr": ..., "en": ...}`` templates with ``{named}`` placeholders. Codes
are unique across modules; ``tests/test_i18n.py`` fails when a message lacks a language or the two
languages disagree on their placeholders.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import string
from functools import cache

LANGUAGES = ("fr", "en")


def detect_lang(explicit: str | None = None) -> str:
    """``explicit`` if given, else French when the locale is French, English otherwise.

    Looks at ``CERTKIT_LANG``, then the POSIX variables in their precedence order
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, then ``LANGUAGE``).
    """
    if explicit:
        return "fr" if explicit.lower().startswith("fr") else "en"
    for var in ("CERTKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages of all :mod:`certkit.messages` modules, merged; a duplicate code is a bug."""
    from certkit import messages

    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(messages.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"certkit.messages.{info.name}")
        for code, texts in module.MESSAGES.items():
            if code in merged:
                raise RuntimeError(f"message code {code!r} defined twice (in {info.name})")
            merged[code] = texts
    return merged


@cache
def _area_messages(area: str) -> dict[str, dict[str, str]]:
    """The messages of ``certkit.messages.<area>`` alone (empty if there is no such module).

    Most codes are ``<area>.<name>``: reading one module instead of all of them keeps one-shot
    commands quick to start.
    """
    if not area.isidentifier():
        return {}
    try:
        module = importlib.import_module(f"certkit.messages.{area}")
    except ImportError:
        return {}
    messages: dict[str, dict[str, str]] = module.MESSAGES
    return messages


def lookup(code: str) -> dict[str, str] | None:
    """The texts of ``code``: from its area's module when it is there, else the whole catalogue."""
    texts = _area_messages(code.split(".", 1)[0]).get(code)
    return texts if texts is not None else catalogue().get(code)


def placeholders(template: str) -> set[str]:
    """The ``{named}`` fields a template uses."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def with_phrases(params: dict[str, object], lang: str) -> dict[str, object]:
    """``params`` plus, for each ``<name>_code`` holding a message code, ``<name>`` = that message
    in ``lang`` (rendered with the same parameters). So a finding keeps a machine code
    (``problem_code="chain.problem.timeout"``) and its sentence still reads in one language."""
    out = dict(params)
    for key, value in params.items():
        if (
            key.endswith("_code")
            and isinstance(value, str)
            and key[:-5] not in params
            and lookup(value) is not None
        ):
            out[key[:-5]] = t(value, lang, **{k: v for k, v in params.items() if k != key})
    return out


def t(code: str, lang: str | None = None, **params: object) -> str:
    """The message ``code`` in ``lang`` with ``params`` filled in.

    An unknown code or a missing parameter never raises: the code itself and the raw parameters are
    shown, so a catalogue bug cannot hide the real error from the user.
    """
    texts = lookup(code)
    chosen = detect_lang(lang)
    if texts is None:
        details = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{code}: {details}" if details else code
    template = texts.get(chosen) or texts["en"]
    if params and any(k.endswith("_code") for k in params):
        params = with_phrases(params, chosen)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return f"{template} ({params})"
