"""Every user-facing message exists in French and English, with the same placeholders."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from certkit.i18n import (
    LANGUAGES,
    NNBSP,
    catalogue,
    compile_template,
    date_words,
    detect_lang,
    placeholders,
    plural_category,
    t,
)


def test_catalogue_loads_without_duplicate_codes() -> None:
    assert len(catalogue()) > 50


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_message_has_every_language_with_same_placeholders(code: str) -> None:
    texts = catalogue()[code]
    assert set(texts) == set(LANGUAGES), f"{code} lacks a translation"
    assert all(texts[lang].strip() for lang in LANGUAGES), f"{code} has an empty text"
    assert placeholders(texts["fr"]) == placeholders(texts["en"]), code


@pytest.mark.parametrize("code", sorted(c for c in catalogue() if c.startswith("web.finding.")))
def test_a_page_wording_uses_only_what_its_finding_carries(code: str) -> None:
    """The web page words some findings its own way (``web.finding.<code>``): each is filled with
    the finding's parameters, so it may name no parameter the finding's own message lacks."""
    finding = catalogue().get(code.removeprefix("web.finding."))
    assert finding is not None, f"{code}: no finding {code.removeprefix('web.finding.')}"
    assert placeholders(catalogue()[code]["en"]) <= placeholders(finding["en"]), code
    assert "--" not in catalogue()[code]["fr"] + catalogue()[code]["en"], code  # no CLI option


def test_the_systems_reasons_read_in_french_and_keep_the_systems_words() -> None:
    import errno
    import os

    from certkit.errors import os_reason

    for code, texts in catalogue().items():  # English is what the OS says, word for word
        name = code.removeprefix("system.")
        if code.startswith("system.E") and hasattr(errno, name):
            assert texts["en"] == os.strerror(getattr(errno, name)), code
    try:
        open("/nonexistent-dir/file.pem", "rb")  # noqa: SIM115 — a real OSError
    except OSError as exc:
        reason = os_reason(exc)
    assert reason == "No such file or directory"  # what JSON carries
    assert t("files.output_unwritable", "fr", path="x.pem", reason=reason).endswith(
        "(fichier ou dossier introuvable)."
    )
    assert "(No such file or directory)" in t(
        "files.output_unwritable", "en", path="x.pem", reason=reason
    )
    assert os_reason(ValueError("odd")) == "odd"  # not from the OS: as it is


def test_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("CERTKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert detect_lang() == "fr"
    assert t("sources.empty", path="a.pem").startswith("a.pem\u202f: le fichier est vide")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert detect_lang() == "en"
    assert detect_lang("fr") == "fr"
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert detect_lang() == "en"


def test_unknown_code_or_missing_parameter_still_says_something() -> None:
    assert t("no.such.code", "en", path="x") == "no.such.code: path=x"
    assert t("sources.empty", "en").startswith("{path}: the file is empty")


# --------------------------------------------------------------------------------------------------
# Every message rendered in both languages: plurals, French words, French typography.


# Parameters that hold a number of things: a sentence that shows one must agree with it.
COUNT_PARAMS = {
    "count", "days", "total", "bad", "rows", "window", "files", "read", "unchanged",
    "certificates", "new", "removed", "errors", "passed", "warned", "failed", "sent", "attempts",
    "shown", "limit", "providers_count", "services", "unique", "policies_count", "hosts_count",
    "present", "kept", "scans", "marks", "records", "ok", "attention", "length", "hosts",
}  # fmt: skip
# English words that have no business in a French sentence (codes and option names aside).
ENGLISH_WORDS = {
    "the", "and", "with", "without", "file", "files", "required", "missing", "not", "is", "are",
    "error", "errors", "warning", "found", "match", "mismatch", "reordered",
    "unreadable", "days", "certificate", "certificates", "none", "yes", "true", "false", "of",
    "for", "from", "this", "that", "or", "to", "was", "has", "have", "listening", "optional",
    "alerts", "sent", "rows", "row", "matching", "review", "expires", "expired", "left", "ago",
    "argument", "invalid", "choose", "show", "exit", "help", "default",
}  # fmt: skip
_FIELD_SPEC = re.compile(r"\{(\w+):plural:((?:[^{}]|\{\w+\})*)\}")


def sample_params(template: str, count: int) -> dict[str, object]:
    params: dict[str, object] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if not name:
            continue
        if (spec and spec.startswith("plural")) or name in COUNT_PARAMS:
            params[name] = count
        elif spec == "date":
            params[name] = "2028-11-22T13:27:20Z"
        else:
            params[name] = "X"
    return params


def rendered(code: str, lang: str) -> list[str]:
    template = catalogue()[code][lang]
    return [t(code, lang, **sample_params(template, n)) for n in (0, 1, 2, 1000, 1_000_000)]


def words_outside_codes(text: str) -> list[str]:
    """The words of ``text`` that are prose: option names, codes, paths, commands and quoted
    examples left out."""
    text = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|'[^']*'|`[^`]*`", " ", text)
    text = re.sub(r"(--|-)[\w-]+|\S*[_/.=:@#]\S*|\b[A-Z0-9]{2,}\b|\bcertkit( \w+)*", " ", text)
    return re.findall(r"[A-Za-zÀ-ÿ]+", text)


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_message_renders_in_both_languages_without_plural_shortcuts(code: str) -> None:
    for lang in LANGUAGES:
        for text in rendered(code, lang):
            assert "(s)" not in text, f"{code} ({lang}): write both forms, not '(s)': {text}"
            assert "{" not in text.replace("{X}", ""), f"{code} ({lang}) left a field: {text}"
            assert not re.search(
                r"\b1 (errors|files|certificates|days|rows|fichiers|jours)\b", text
            )


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_plural_has_the_forms_of_its_language(code: str) -> None:
    from certkit._cldr import PLURAL_CATEGORIES

    for lang in LANGUAGES:
        template = catalogue()[code][lang]
        for name, spec in _FIELD_SPEC.findall(template):
            forms = {part.partition("=")[0] for part in spec.split("|")}
            assert forms == set(PLURAL_CATEGORIES[lang]), (code, lang, name, forms)
        # a count shown before a plural word ("3 jours", "2 nouveaux", "5 bytes") agrees with it
        for name in COUNT_PARAMS:
            plural_word = r"\} (d'|de )?[a-zà-ÿ]*([^s]s|x)\b"
            if re.search(r"\{" + name + plural_word, template) and not re.search(
                r"\{" + name + r":plural:", template
            ):
                raise AssertionError(f"{code} ({lang}): {{{name}}} needs a plural form")


# Messages that are English on purpose in French output.
ENGLISH_ON_PURPOSE = {"web.other_language_name"}  # the link to the English page, in English


@pytest.mark.parametrize("code", sorted(set(catalogue()) - ENGLISH_ON_PURPOSE))
def test_french_messages_are_french_with_french_typography(code: str) -> None:
    for text in rendered(code, "fr"):
        english = {w for w in words_outside_codes(text) if w in ENGLISH_WORDS}
        assert not english, f"{code}: English in French: {sorted(english)} — {text}"
        # URLs, host:port and quoted examples («Nom: valeur») keep their own punctuation
        prose = re.sub(r"\S*(://|[\w-]+\.[\w]+:\d)\S*|«[^»]*»", " ", text)
        assert not re.search(r"[ \u00a0][:;!?]", prose), f"{code}: plain space before : ; ! ?"
        assert not re.search(r"[^\W\d]:(\s|$)", prose), f"{code}: missing space before ':'"
        assert not re.search(r"[^\W\d][;!?](\s|$)", prose), f"{code}: missing space before ; ! ?"
        assert "« " not in text and " »" not in text, code
        for mark in re.finditer("[«»]", text):
            neighbour = text[mark.end()] if mark.group() == "«" else text[mark.start() - 1]
            assert neighbour == NNBSP, f"{code}: narrow no-break space inside « »"


def test_plural_forms_follow_cldr() -> None:
    assert [plural_category(n, "fr") for n in (0, 1, 2, 1_000_000)] == [
        "one",
        "one",
        "other",
        "many",
    ]
    assert [plural_category(n, "en") for n in (0, 1, 2, 1_000_000)] == [
        "other",
        "one",
        "other",
        "other",
    ]
    assert t("monitor.notify_summary", "fr", channel="webhook", count=1) == (
        f"webhook{NNBSP}: 1 alerte envoyée."
    )
    assert t("monitor.notify_summary", "fr", channel="webhook", count=0) == (
        f"webhook{NNBSP}: 0 alerte envoyée."
    )
    assert t("monitor.notify_summary", "en", channel="webhook", count=0) == (
        "webhook: 0 alerts sent."
    )
    assert t("monitor.notify_summary", "fr", channel="w", count=12000) == (
        f"w{NNBSP}: 12{NNBSP}000 alertes envoyées."
    )
    assert t("monitor.notify_summary", "en", channel="w", count=12000) == "w: 12,000 alerts sent."


def test_the_generated_cldr_module_agrees_with_babel() -> None:
    """certkit/_cldr.py is what scripts/gen_cldr.py wrote from Babel (run it again if not)."""
    from babel.core import Locale
    from babel.dates import format_date, get_month_names
    from babel.numbers import get_group_symbol

    from certkit import _cldr

    for lang in LANGUAGES:
        rule = Locale.parse(lang).plural_form
        assert set(_cldr.PLURAL_CATEGORIES[lang]) == set(rule.tags) | {"other"}
        for n in [*range(0, 2100), 10**6, 2 * 10**6, 10**6 + 1, 10**9, 10**12]:
            assert _cldr.PLURAL[lang](n) == rule(n), (lang, n)
        names = get_month_names("wide", context="format", locale=lang)
        assert _cldr.MONTHS[lang] == tuple(names[m] for m in range(1, 13))
        assert _cldr.GROUP[lang] == get_group_symbol(locale=lang)
        day = dt.date(2027, 12, 25)
        while day < dt.date(2029, 1, 5):
            expected = format_date(day, format="long", locale=lang)
            if lang == "fr" and day.day == 1:  # French writes the first day "1er"
                expected = expected.replace("1 ", "1er ", 1)
            assert date_words(day, lang) == expected
            day += dt.timedelta(days=1)


def test_dates_people_read_are_in_words_and_json_keeps_iso() -> None:
    assert date_words("2028-11-22T13:27:20Z", "fr") == "22 novembre 2028"
    assert date_words("2028-11-01", "fr") == "1er novembre 2028"
    assert date_words("2028-11-22T13:27:20Z", "en") == "November 22, 2028"
    assert date_words("not a date", "fr") == "not a date"
    text = t("checks.validity_ok", "fr", date="2028-11-22T13:27:20Z", days=1)
    assert text == "Valide jusqu'au 22 novembre 2028 (1 jour restant)."


def test_french_typography_is_only_applied_to_the_message_words() -> None:
    compiled = compile_template("{url} : voir « {x} » ; ok ?", "fr")
    assert compiled.fill({"url": "http://h:80/a?b", "x": "a : b"}, "fr") == (
        f"http://h:80/a?b{NNBSP}: voir «{NNBSP}a : b{NNBSP}»{NNBSP}; ok{NNBSP}?"
    )
    assert compile_template("{url}: see it; ok?", "en").fill({"url": "u"}, "en") == (
        "u: see it; ok?"
    )
