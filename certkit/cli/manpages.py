"""Man pages of every command, generated from the commands themselves (click-man's writer), in
English and in French: ``scripts/man`` writes them under ``man/`` (committed), the wheel installs
them under ``share/man`` (``man certkit-check``; ``LANG=fr_FR.UTF-8 man certkit-check`` in French),
and ``tests/test_manpages.py`` fails when a page is missing or no longer what the command says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

# click-man's section names and sentences, in French
_FRENCH = (
    (".SH NAME", ".SH NOM"),
    (".SH COMMANDS", ".SH COMMANDES"),
    ("for full documentation on the", "pour la documentation complète de la commande"),
    (r"  See \fB", r"  Voir \fB"),
    (r"\fP command.", r"\fP."),
    ('Manual"', 'Manuel"'),
)


def _commands(
    command: click.Command, ctx: click.Context
) -> Iterator[tuple[click.Command, click.Context]]:
    yield command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _commands(sub, click.Context(sub, info_name=name, parent=ctx))


def pages(lang: str) -> dict[str, str]:
    """File name (``certkit-monitor-status.1``) → man page of every command, in ``lang``."""
    import warnings

    from click_man.core import generate_man_page

    from certkit import __version__
    from certkit.cli import main
    from certkit.cli.localize import current_language, install, localize

    before = current_language()
    install(lang)
    localize(main, lang)
    try:
        # click-man still calls click.utils.make_default_short_help (deprecated in click 8.3)
        warnings.filterwarnings("ignore", "'click.utils.make_default_short_help'")
        out: dict[str, str] = {}
        root = click.Context(main, info_name="certkit")
        for _command, ctx in _commands(main, root):
            # a fixed date: the same commands give the same pages (they are committed)
            text = generate_man_page(ctx, version=__version__, date=__version__)
            if lang == "fr":
                for english, french in _FRENCH:
                    text = text.replace(english, french)
            out[ctx.command_path.replace(" ", "-") + ".1"] = text
        return out
    finally:
        install(before)
        localize(main, before)


def write(directory: Path) -> list[Path]:
    """Write the pages under ``directory``: ``man1/`` in English, ``fr/man1/`` in French."""
    written: list[Path] = []
    for lang, sub in (("en", Path("man1")), ("fr", Path("fr") / "man1")):
        folder = directory / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("certkit*.1"):
            old.unlink()
        for name, text in pages(lang).items():
            path = folder / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
