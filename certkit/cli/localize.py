"""The command line in the user's language: click's own strings, certkit's help texts, metavars.

click marks its strings for gettext (``from gettext import gettext as _`` in each of its modules):
:func:`install` gives those modules a translator reading :mod:`certkit.cli.click_fr`. certkit's
help texts stay in English in the code, beside the options they describe; :func:`localize`
swaps a command's texts for their French (:mod:`certkit.cli.help_fr`, keyed by the English as
gettext does) just before click formats them, and puts the English back for an English run.
French typography (:func:`certkit.i18n.french_typography`) is applied to every French text.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

import click

from certkit.i18n import detect_lang, french_typography, plural_category

# click's modules that call _() or ngettext().
_CLICK_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "shell_completion",
    "termui",
    "types",
    "utils",
    "_termui_impl",
)
_current: dict[str, Any] = {"lang": "en", "argv": []}


def language_of(argv: list[str]) -> str:
    """The language of this run: ``--lang fr|en`` anywhere on the command line (before ``--``),
    else the locale (:func:`certkit.i18n.detect_lang`)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return detect_lang(argv[index + 1])
        if arg.startswith("--lang="):
            return detect_lang(arg.split("=", 1)[1])
    return detect_lang()


def gettext(message: str) -> str:
    if _current["lang"] != "fr":
        return message
    from certkit.cli.click_fr import GETTEXT

    found = GETTEXT.get(message)
    return french_typography(found) if found is not None else message


def ngettext(singular: str, plural: str, n: int) -> str:
    if _current["lang"] != "fr":
        return singular if n == 1 else plural
    from certkit.cli.click_fr import NGETTEXT

    forms = NGETTEXT.get((singular, plural))
    if forms is None:
        return singular if n == 1 else plural
    return french_typography(forms.get(plural_category(n, "fr"), forms["other"]))


def install(lang: str, argv: list[str] | None = None) -> None:
    """Make click speak ``lang`` from now on in this process (``argv``: this run's words)."""
    import importlib

    _current["lang"] = lang
    _current["argv"] = list(argv or [])
    if lang == "en" and not _current.get("patched"):
        return  # click already speaks English: its modules need not even be imported (~5 ms)
    _current["patched"] = True
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def current_language() -> str:
    lang: str = _current["lang"]
    return lang


def command_line() -> list[str]:
    """The words of this run's command line (up to ``--``)."""
    argv: list[str] = _current["argv"]
    return argv[: argv.index("--")] if "--" in argv else argv


# --------------------------------------------------------------------------------------------------
# certkit's own texts

# Names click derives metavars from (types, argument names) and metavars certkit sets.
METAVARS_FR = {
    "TEXT": "TEXTE",
    "INTEGER": "ENTIER",
    "FLOAT": "NOMBRE",
    "INTEGER RANGE": "ENTIER",
    "FLOAT RANGE": "NOMBRE",
    "PATH": "CHEMIN",
    "FILENAME": "FICHIER",
    "FILE": "FICHIER",
    "FILES": "FICHIERS",
    "DIRECTORY": "DOSSIER",
    "FOLDER": "DOSSIER",
    "PATHS": "CHEMINS",
    "PREFIX": "PRÉFIXE",
    "XML_FILE": "FICHIER_XML",
    "SERIAL_OR_FILE": "SÉRIE_OU_FICHIER",
    "ACCOUNTS": "COMPTES",
    "COMMAND": "COMMANDE",
    "SHELL": "SHELL",
    "URL": "URL",
    "SHA256": "SHA256",
    "DATE": "DATE",
    "DAYS": "JOURS",
    "DAYS|RANGE": "JOURS|INTERVALLE",
    "HOURS": "HEURES",
    "VAR": "VARIABLE",
    "GLOB": "MOTIF",
    "NAME": "NOM",
    "USER": "UTILISATEUR",
    "ADDRESS": "ADRESSE",
    "HOST:PORT": "HÔTE:PORT",
    '"NAME: VALUE"': "« NOM : VALEUR »",
    "DIR": "DOSSIER",
    "FORMAT": "FORMAT",
    "N": "N",
    "SECONDS": "SECONDES",
}
_ORIGINAL = "_certkit_english"


@cache
def _help_fr() -> dict[str, str]:
    from certkit.cli.help_fr import HELP

    return HELP


def french(text: str | None) -> str | None:
    """The French of one of certkit's English help texts (the English when it has none)."""
    if text is None:
        return None
    import inspect

    found = _help_fr().get(inspect.cleandoc(text))
    return french_typography(found) if found is not None else text


def _metavar_fr(metavar: str) -> str:
    """``FILES...`` → ``FICHIERS...``, ``[FILE]`` → ``[FICHIER]``; unknown words stay."""

    def word(match: re.Match[str]) -> str:
        return METAVARS_FR.get(match.group(0), match.group(0))

    whole = METAVARS_FR.get(metavar)
    if whole is not None:
        return whole
    return re.sub(r"[A-Z][A-Z0-9_]*(?: RANGE)?", word, metavar)


def _english(thing: Any) -> dict[str, Any]:
    """The English texts of a command or parameter, saved the first time it is localised."""
    saved: dict[str, Any] | None = thing.__dict__.get(_ORIGINAL)
    if saved is None:
        saved = {}
        for name in ("help", "short_help", "epilog", "metavar"):
            if hasattr(thing, name):
                saved[name] = getattr(thing, name)
        thing.__dict__[_ORIGINAL] = saved
    return saved


def localize(command: click.Command, lang: str) -> click.Command:
    """Give ``command`` (and its parameters and subcommands) its texts in ``lang``."""
    english = _english(command)
    fr = lang == "fr"
    for name in ("help", "short_help", "epilog"):
        if name in english:
            setattr(command, name, french(english[name]) if fr else english[name])
    ctx = click.Context(command, info_name=command.name)
    for param in command.params:
        saved = _english(param)
        if isinstance(param, click.Option):
            param.help = french(saved["help"]) if fr else saved["help"]
        if not fr:
            param.metavar = saved["metavar"]
            continue
        if saved["metavar"] is not None:
            param.metavar = _metavar_fr(saved["metavar"])
        elif isinstance(param, click.Argument) or not (
            isinstance(param.type, click.Choice) or getattr(param, "is_flag", False)
        ):
            param.metavar = None
            param.metavar = _metavar_fr(param.make_metavar(ctx))
    if isinstance(command, click.Group):
        english.setdefault("subcommand_metavar", command.subcommand_metavar)
        command.subcommand_metavar = (
            "COMMANDE [ARGUMENTS]..." if fr else english["subcommand_metavar"]
        )
        for sub in command.commands.values():
            localize(sub, lang)
    return command


# --------------------------------------------------------------------------------------------------
# Usage errors: click's text in the user's language, and an error object for --json


_REPR_QUOTED = re.compile(r"(?<![\w])'([^'\n]+)'(?![\w])")


def _one_line(text: str) -> str:
    """``text`` with its line breaks (and the blanks around them) as one space — and every
    other character kept, the narrow no-break spaces of French typography included."""
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", text.strip())


def _french_quotes(text: str) -> str:
    """click's ``'quoted'`` values in « » when the run is French."""
    return _REPR_QUOTED.sub("«\u202f\\1\u202f»", text) if current_language() == "fr" else text


def usage_message(exc: click.ClickException) -> str:
    """What is wrong, on one line, in this run's language (the JSON error object's message)."""
    return _french_quotes(_one_line(exc.format_message()))


def usage_error_line(exc: click.ClickException) -> str:
    """One line for ``exc``, as certkit words every other error (``certkit: <what is wrong>``),
    then where to look (``Try 'certkit check --help' for help.``) — not click's three-line usage
    block, so a terminal or a script's log shows what is wrong and what to do on one line."""
    line = "certkit: " + usage_message(exc)
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        option = ctx.command.get_help_option(ctx)
        if option is not None:
            hint = gettext("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=max(option.opts, key=len)
            )
            line = f"{line} {_french_quotes(hint)}"
    return line


def report_usage_error(exc: click.ClickException, argv: list[str]) -> None:
    """:func:`usage_error_line` on stderr; and, when ``--json`` was asked for, the error object
    on stdout (``{"error": {"code": "cli.usage", "message": …}}``)."""
    sys.stderr.write(usage_error_line(exc) + "\n")
    if "--json" in argv or "--jsonl" in argv:
        from certkit.cli.common import print_json

        print_json({"error": {"code": "cli.usage", "message": usage_message(exc)}})


def name_environment_variables(command: click.Command, prefix: str) -> None:
    """Give each option of ``command`` (and of its subcommands) the environment variable
    ``PREFIX_OPTION`` named after its long option (``CERTKIT_CHECK_PROFILE``,
    ``CERTKIT_TESTCA_LIST_JSON``), not after the Python parameter click would use (``AS_JSON``).
    An option that names its own variable (``CERTKIT_MONITOR_DB``) keeps it."""
    for param in command.params:
        if not isinstance(param, click.Option) or param.envvar is not None or param.hidden:
            continue
        longest = max(param.opts, key=len).lstrip("-")
        param.envvar = f"{prefix}_{longest.upper().replace('-', '_')}"
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            name_environment_variables(sub, f"{prefix}_{name.upper().replace('-', '_')}")
