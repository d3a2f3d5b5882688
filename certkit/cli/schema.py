"""``certkit schema COMMAND``: the JSON Schema (draft 2020-12) of what COMMAND prints."""

from __future__ import annotations

from pathlib import Path

import click

from certkit.cli.common import handle_errors, lang_option, output_option, resolve_lang
from certkit.errors import InputError
from certkit.i18n import t


@click.command("schema")
@click.argument("command", nargs=-1)
@click.option("--jsonl", "jsonl", is_flag=True, help="The schema of one line of --jsonl.")
@click.option("--list", "listing", is_flag=True, help="List the commands that have a schema.")
@output_option("Write the schema to this file (- : standard output, the default).")
@click.option("--force", is_flag=True, help="Replace --output if it exists.")
@lang_option
@handle_errors
def schema_command(
    command: tuple[str, ...],
    jsonl: bool,
    listing: bool,
    output: Path | None,
    force: bool,
    lang: str | None,
) -> None:
    """Print the JSON Schema of what COMMAND prints with --json (e.g. certkit schema monitor
    status), or of a document by name (CheckReport, Error…).

    Every document has a schema_version key; one input gives one object, several inputs or a
    folder a list, a failure the error object — the schema says which.
    """
    from certkit.files import write_atomically
    from certkit.schemas import ALL_SCHEMAS, COMMANDS, document

    lang = resolve_lang(lang)
    if listing or not command:
        for name in sorted(COMMANDS):
            click.echo(name)
        return
    name = " ".join(command) + (" --jsonl" if jsonl else "")
    if name not in COMMANDS and name not in ALL_SCHEMAS:
        known = ", ".join(sorted(n for n in COMMANDS if "--" not in n))
        raise InputError("cli.schema_unknown", name=name, known=known)
    import json

    # A schema is not one of certkit's documents: printed as it is, no schema_version of its own.
    text = json.dumps(document(name), indent=2, ensure_ascii=False)
    write_atomically(output or Path("-"), (text + "\n").encode("utf-8"), force=force)
    if output is not None and str(output) != "-":
        click.echo(t("cli.schema_written", lang, path=str(output), name=name), err=True)
