"""Every user-facing message exists in French and English, with the same placeholders."""

from __future__ import annotations

import pytest

from certkit.i18n import LANGUAGES, catalogue, detect_lang, placeholders, t


def test_catalogue_loads_without_duplicate_codes() -> None:
    assert len(catalogue()) > 50


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_message_has_every_language_with_same_placeholders(code: str) -> None:
    texts = catalogue()[code]
    assert set(texts) == set(LANGUAGES), f"{code} lacks a translation"
    assert all(texts[lang].strip() for lang in LANGUAGES), f"{code} has an empty text"
    assert placeholders(texts["fr"]) == placeholders(texts["en"]), code


def test_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("CERTKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert detect_lang() == "fr"
    assert t("sources.empty", path="a.pem").startswith("a.pem : le fichier est vide")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert detect_lang() == "en"
    assert detect_lang("fr") == "fr"
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert detect_lang() == "en"


def test_unknown_code_or_missing_parameter_still_says_something() -> None:
    assert t("no.such.code", "en", path="x") == "no.such.code: path=x"
    assert t("sources.empty", "en").startswith("{path}: the file is empty")
