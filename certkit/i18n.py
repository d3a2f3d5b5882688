"""The message catalogue: every user-facing sentence in French and English.

Each module of :mod:`certkit.messages` defines ``MESSAGES: dict[str, dict[str, str]]``
mapping a stable code to ``{"fr": ..., "en": ...}`` templates with ``{named}`` placeholders. Codes
are unique across modules; ``tests/test_i18n.py`` fails when a message lacks a language or the two
languages disagree on their placeholders.

Templates are ``str.format`` strings with two more kinds of field:

- ``{count:plural:one=certificat|many=de certificats|other=certificats}`` picks the form of the
  CLDR plural category of ``count`` (French: one, many, other; English: one, other —
  :mod:`certkit._cldr`, computed by Babel); ``{count}`` itself is shown with the language's
  thousands separator. A form may show parameters (``other=the {shown} rows``).
- ``{date:date}`` shows an ISO 8601 date (or a date/date-time) in words: ``22 novembre 2028``,
  ``November 22, 2028``; JSON keeps the ISO parameter.

French texts get French typography when they are compiled (:func:`french_typography`): a narrow
no-break space before ``: ; ! ?`` and inside ``« »``. Catalogue texts are written with plain spaces.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
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
    """The ``{named}`` fields a template uses (a plural or date field counts as its parameter)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


# --------------------------------------------------------------------------------------------------
# Templates: ``{name}``, ``{name:plural:one=…|other=…}`` and ``{name:date}``, French typography.

NNBSP = "\u202f"  # narrow no-break space: before : ; ! ? and inside « » in French

# A plural form may itself show parameters: {shown:plural:one=the first row|other=the {shown} rows}
_FIELD = re.compile(r"\{(\w+):(plural|date)(?::((?:[^{}]|\{\w+\})*))?\}")
_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0]([:;!?])")


def french_typography(text: str) -> str:
    """``text`` with a narrow no-break space before ``: ; ! ?`` and inside ``« »`` wherever the
    text has a plain (or no-break) space there, as French typography wants (Lexique des règles
    typographiques en usage à l'Imprimerie nationale). Only ever applied to a message's own words,
    never to what is filled in: a URL, a time or a DN stays as it is."""
    text = _BEFORE_PUNCTUATION.sub(NNBSP + r"\1", text)
    return (
        text.replace("« ", "«" + NNBSP).replace(" »", NNBSP + "»").replace("«\u00a0", "«" + NNBSP)
    )


def plural_category(count: int, lang: str) -> str:
    """CLDR plural category of ``count`` in ``lang`` (``one``, ``many``, ``other``…)."""
    from certkit._cldr import PLURAL

    return PLURAL["fr" if lang == "fr" else "en"](int(count))


def plural_forms(spec: str) -> dict[str, str]:
    """``one=certificat|other=certificats`` → ``{"one": "certificat", "other": "certificats"}``."""
    forms: dict[str, str] = {}
    for part in spec.split("|"):
        category, _, text = part.partition("=")
        forms[category.strip()] = text
    return forms


def group_digits(value: object, lang: str) -> str:
    """An integer with the language's thousands separator (``10\u202f000``, ``10,000``)."""
    from certkit._cldr import GROUP

    if not isinstance(value, int) or isinstance(value, bool) or -1000 < value < 1000:
        return str(value)
    return f"{value:,}".replace(",", GROUP["fr" if lang == "fr" else "en"])


def date_words(value: object, lang: str) -> str:
    """A date as people read it: ``22 novembre 2028`` (``1er novembre``), ``November 22, 2028``.

    ``value`` is a date, a date-time or an ISO 8601 string (what findings carry, so that JSON keeps
    the ISO form); anything else is shown as it is."""
    if isinstance(value, str):  # what findings carry: one wording per day and language
        key = (value[:10], lang)
        found = _DATE_WORDS.get(key)
        if found is None:
            found = _DATE_WORDS[key] = _date_words(value, lang)
            if len(_DATE_WORDS) > 4096:
                _DATE_WORDS.clear()
        return found
    return _date_words(value, lang)


_DATE_WORDS: dict[tuple[str, str], str] = {}


def _date_words(value: object, lang: str) -> str:
    import datetime as dt

    from certkit._cldr import LONG_DATE, MONTHS

    if isinstance(value, dt.datetime):
        day = value.astimezone(dt.UTC).date() if value.tzinfo else value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    lang = "fr" if lang == "fr" else "en"
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    pattern = LONG_DATE[lang]
    # CLDR patterns of these two languages: "d MMMM y" and "MMMM d, y".
    return (
        pattern.replace("MMMM", "\x00")
        .replace("d", number)
        .replace("y", str(day.year))
        .replace("\x00", MONTHS[lang][day.month - 1])
    )


class _Compiled:
    """A template ready to fill: a ``str.format`` string, and the fields computed before it
    (the plural form chosen by a count, a date in words, a grouped count)."""

    __slots__ = ("derived", "text")

    def __init__(self, text: str, derived: tuple[tuple[str, str, str, dict[str, str]], ...]):
        self.text = text
        self.derived = derived

    def fill(self, params: dict[str, object], lang: str) -> str:
        if not self.derived:
            return self.text.format(**params)
        values = dict(params)
        # Grouped counts first: a plural form may show them.
        for slot, kind, name, forms in self.derived:
            value = params[name]
            if kind == "count":
                values[slot] = group_digits(value, lang)
            elif kind == "date":
                values[slot] = date_words(value, lang)
            else:
                form = forms.get(plural_category(value, lang))  # type: ignore[arg-type]
                form = form if form is not None else forms.get("other", "")
                values[slot] = form.format(**values) if "{" in form else form
        return self.text.format(**values)


_COMPILED: dict[tuple[str, str], _Compiled] = {}


def compile_template(template: str, lang: str) -> _Compiled:
    """``template`` for ``lang``, compiled once: plural and date fields become computed slots,
    the counts they depend on are shown grouped, and French gets its typography."""
    key = (template, lang)
    found = _COMPILED.get(key)
    if found is not None:
        return found
    derived: list[tuple[str, str, str, dict[str, str]]] = []
    counts: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name, kind, spec = match.group(1), match.group(2), match.group(3) or ""
        slot = f"_{kind}{len(derived)}_{name}"
        forms = plural_forms(spec) if kind == "plural" else {}
        if lang == "fr":
            forms = {k: french_typography(v) for k, v in forms.items()}
        derived.append((slot, kind, name, forms))
        if kind == "plural":
            counts.add(name)
        return "{" + slot + "}"

    text = _FIELD.sub(replace, template) if ":" in template else template
    if lang == "fr":
        text = french_typography(text)
    for name in counts:
        field, slot = "{" + name + "}", "{_count_" + name + "}"
        text = text.replace(field, slot)
        derived.insert(0, (slot[1:-1], "count", name, {}))
        for index, (slot_name, kind, var, forms) in enumerate(derived):
            if kind == "plural" and any(field in form for form in forms.values()):
                forms = {k: v.replace(field, slot) for k, v in forms.items()}
                derived[index] = (slot_name, kind, var, forms)
    compiled = _Compiled(text, tuple(derived))
    if len(_COMPILED) < 8192:
        _COMPILED[key] = compiled
    return compiled


def render(template: str, lang: str, params: dict[str, object]) -> str:
    """Fill ``template`` (a catalogue text in ``lang``) with ``params``; raises KeyError,
    IndexError or ValueError when they do not fit, as ``str.format`` does."""
    return compile_template(template, lang).fill(params, lang)


def with_phrases(params: dict[str, object], lang: str) -> dict[str, object]:
    """``params`` plus, for each ``<name>_code`` holding a message code, ``<name>`` = that message
    in ``lang`` (rendered with the same parameters), and for each ``<name>_codes`` holding a list
    of codes, ``<name>`` = their messages joined by commas. So a finding keeps machine codes
    (``problem_code="chain.problem.timeout"``) and its sentence still reads in one language."""
    out = dict(params)
    for key, value in params.items():
        if key.endswith("_codes") and isinstance(value, list | tuple) and key[:-6] not in params:
            out[key[:-6]] = ", ".join(t(str(code), lang) for code in value)
            continue
        if (
            key.endswith("_code")
            and isinstance(value, str)
            and key[:-5] not in params
            and lookup(value) is not None
        ):
            out[key[:-5]] = t(value, lang, **{k: v for k, v in params.items() if k != key})
    return out


class SystemReason(str):
    """Why the system refused, as the OS says it (``strerror``, English: what JSON keeps), and
    the message code that says it in the reader's language (``system.ECONNREFUSED``): a
    message filled with it reads « connexion refusée » in French, "Connection refused" in
    English. Build it with :func:`certkit.errors.os_reason`."""

    code: str | None

    def __new__(cls, text: str, code: str | None = None) -> SystemReason:
        reason = super().__new__(cls, text)
        reason.code = code
        return reason


def reason_text(value: object, lang: str) -> str:
    """``value`` as a person reads it in ``lang``: a :class:`SystemReason` in that language when
    the catalogue says it, anything else as it is."""
    if isinstance(value, SystemReason) and value.code and lookup(value.code) is not None:
        return t(value.code, lang) if lang != "en" else str(value)
    return str(value)


def _system_reasons(params: dict[str, object], lang: str) -> dict[str, object]:
    """``params`` with each :class:`SystemReason` in ``lang`` (when the catalogue says it)."""
    return {
        key: reason_text(value, lang) if type(value) is SystemReason else value
        for key, value in params.items()
    }


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
    template = texts.get(chosen)
    if template is None:
        template, chosen = texts["en"], "en"
    if params and any(k.endswith(("_code", "_codes")) for k in params):
        params = with_phrases(params, chosen)
    if chosen != "en" and params and any(type(v) is SystemReason for v in params.values()):
        params = _system_reasons(params, chosen)
    try:
        return render(template, chosen, params)
    except (KeyError, IndexError, ValueError, TypeError):
        return f"{template} ({params})"
