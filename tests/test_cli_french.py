"""The command line speaks French when the locale or --lang says so: --help of every command,
click's usage errors, metavars; every help text and every click string has its French."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import click
import pytest

from certkit.cli.click_fr import GETTEXT, NGETTEXT
from certkit.cli.help_fr import HELP
from certkit.i18n import NNBSP
from tests.helpers import run_certkit
from tests.test_cli_vocabulary import ALL
from tests.test_i18n import ENGLISH_WORDS, words_outside_codes


def help_texts() -> set[str]:
    """Every help text of certkit's commands and options, as click shows them."""
    from certkit.cli import COMMANDS, main

    texts = {inspect.cleandoc(short) for _, short in COMMANDS.values()}
    ctx = click.Context(main)

    def walk(command: click.Command) -> None:
        for text in (command.help, command.short_help, command.epilog):
            if text:
                texts.add(inspect.cleandoc(text))
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden and param.help:
                texts.add(inspect.cleandoc(param.help))
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub)

    walk(main)
    return texts


def test_every_help_text_has_its_french_and_no_french_is_stale() -> None:
    texts = help_texts()
    missing = sorted(texts - set(HELP))
    assert not missing, f"help texts without French in certkit/cli/help_fr.py: {missing}"
    stale = sorted(set(HELP) - texts)
    assert not stale, f"French of help texts that no longer exist: {stale}"
    for english, french in HELP.items():
        assert french.count("\n\n") == english.count("\n\n"), f"paragraphs differ: {english!r}"
        assert ("\b" in french) == ("\b" in english), english


def click_message_ids() -> tuple[set[str], set[tuple[str, str]]]:
    """What click's modules pass to gettext and ngettext, extracted with Babel."""
    from babel.messages.extract import extract_python

    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    root = Path(click.__file__).parent
    for path in root.glob("*.py"):
        if path.name in ("_winconsole.py", "testing.py"):
            continue  # Windows console / click's own test runner: never shown by certkit
        with path.open("rb") as handle:
            for _, _, message, _ in extract_python(handle, ["_", "ngettext"], [], {}):
                if isinstance(message, tuple):
                    plurals.add((message[0], message[1]))
                elif message:
                    singles.add(message)
    singles.add("required")  # passed as a variable: _(extra["required"])
    return singles, plurals


def test_every_click_string_has_its_french() -> None:
    singles, plurals = click_message_ids()
    assert "Missing argument" in singles and len(singles) > 50
    assert not sorted(singles - set(GETTEXT)), "click strings without French"
    assert not sorted(plurals - set(NGETTEXT)), "click plurals without French"
    assert not sorted(set(GETTEXT) - singles), "French for click strings that are gone"
    from certkit._cldr import PLURAL_CATEGORIES

    for forms in NGETTEXT.values():
        assert set(forms) == set(PLURAL_CATEGORIES["fr"])


def french_help(path: str) -> str:
    result = run_certkit(*path.split(), "--help", env={"LANG": "fr_FR.UTF-8"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("path", ["", *sorted(ALL)])
def test_help_of_every_command_is_french(path: str) -> None:
    text = french_help(path)
    assert text.startswith("Utilisation\u202f: certkit")
    assert "Options\u202f:" in text
    assert "Usage:" not in text and "Show this message" not in text
    choices = {
        value
        for param in (ALL[path].params if path else [])
        if isinstance(param.type, click.Choice)
        for value in map(str, param.type.choices)
    }
    english = {
        word
        for line in text.splitlines()
        # the usage line and option/metavar columns are names, not prose
        for word in words_outside_codes(line.split("  ")[-1] if "  " in line.strip() else line)
        if word in ENGLISH_WORDS and word not in choices
    }
    assert not english, f"{path}: English in the French help: {sorted(english)}"
    assert "(s)" not in text
    assert not re.search(r"[^\W\d][:;!?](\s|$)", re.sub(r"\S*://\S*|«[^»]*»|\[[^]]*\]", "", text))


def test_usage_errors_are_french_with_french_quotes() -> None:
    missing = run_certkit("check", env={"LANG": "fr_FR.UTF-8"})
    assert missing.returncode == 2
    # one line, like every other error: what is wrong, then where to look
    assert missing.stderr.splitlines() == [
        f"certkit: Argument manquant{NNBSP}: «{NNBSP}FICHIERS...{NNBSP}». "
        f"Essayez «{NNBSP}certkit check --help{NNBSP}» pour l'aide.",
    ]
    unknown = run_certkit("chek", "--lang", "fr")
    assert f"Commande inconnue{NNBSP}: «{NNBSP}chek{NNBSP}»" in unknown.stderr
    option = run_certkit("inspect", "--nope", "x.pem", "--lang", "fr")
    assert f"Option inconnue{NNBSP}: «{NNBSP}--nope{NNBSP}»" in option.stderr
    choice = run_certkit("check", "x.pem", "--dn-format", "ldap", env={"LANG": "fr_FR.UTF-8"})
    assert "n'est pas l'une des valeurs" in choice.stderr
    # --lang wins over the locale, in both directions
    english = run_certkit("check", "--lang", "en", env={"LANG": "fr_FR.UTF-8"})
    assert english.stderr == (
        "certkit: Missing argument 'FILES...'. Try 'certkit check --help' for help.\n"
    )


def test_a_usage_error_with_json_is_also_a_json_error_object() -> None:
    result = run_certkit("check", "x.pem", "--workers", "0", "--json")
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["error"]["code"] == "cli.usage"
    assert "--workers" in document["error"]["message"]
    assert "Invalid value for '--workers'" in result.stderr
