"""The ``certkit`` command: a thin click layer over the library.

Subcommands are imported only when they run (``certkit --version`` must not pay for cryptography or
httpx): :data:`COMMANDS` maps each name to ``module:attribute`` and its one-line help.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from certkit import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "inspect": ("certkit.cli.inspect:inspect_command", "Show what a certificate file holds."),
    "export": ("certkit.cli.export:export_command", "Write the certificate as PEM, without key."),
    "registration": (
        "certkit.cli.registration:registration_command",
        "Print the DN strings and SIREN to type into the registry form.",
    ),
    "dn-match": (
        "certkit.cli.dn_match:dn_match_command",
        "Compare submitted DNs and SIREN with the certificate.",
    ),
    "check": ("certkit.cli.check:check_command", "Will the registry accept this certificate?"),
    "checks": ("certkit.cli.check:checks_group", "List the checks certkit runs."),
    "policy": ("certkit.cli.policy:policy_group", "Policy catalogue and trusted lists."),
    "testca": ("certkit.cli.testca:testca_group", "Test PKI: create a CA, issue, revoke, CRL."),
    "platform": (
        "certkit.cli.platform:platform_group",
        "Local stand-in of the registry's mTLS front door.",
    ),
    "probe": ("certkit.cli.probe:probe_command", "Probe an mTLS server and explain failures."),
    "monitor": ("certkit.cli.monitor:monitor_group", "Expiry and renewal monitor."),
    "completion": (
        "certkit.cli.completion:completion_command",
        "Print the shell completion script (bash, zsh, fish).",
    ),
    "schema": (
        "certkit.cli.schema:schema_command",
        "Print the JSON Schema of a command's --json output.",
    ),
    "web": (
        "certkit.cli.web:web_command",
        "Serve the web page for syndics and administrators, and the JSON API.",
    ),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use, in the user's language."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from certkit.cli.localize import current_language, localize, name_environment_variables

        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attribute = entry[0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        name_environment_variables(command, f"CERTKIT_{cmd_name.upper().replace('-', '_')}")
        return localize(command, current_language())

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from certkit.cli.localize import current_language, french, gettext

        fr = current_language() == "fr"
        rows = [
            (name, (french(COMMANDS[name][1]) if fr else COMMANDS[name][1]) or "")
            for name in self.list_commands(ctx)
        ]
        with formatter.section(gettext("Commands")):
            formatter.write_dl(rows)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """click's main, in the language of ``--lang`` or the locale; a usage error is reported
        in that language (and as a JSON error object on stdout when ``--json`` was given)."""
        import sys

        from certkit.cli.localize import install, language_of, localize, report_usage_error

        argv = list(sys.argv[1:] if args is None else args)
        lang = language_of(argv)
        install(lang, argv)
        localize(self, lang)
        extra.setdefault("auto_envvar_prefix", "CERTKIT")
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, **extra)
        try:
            result = super().main(argv, prog_name or "certkit", complete_var, False, **extra)
        except click.ClickException as exc:
            report_usage_error(exc, argv)
            sys.exit(exc.exit_code)
        except click.Abort:
            from certkit.cli.localize import gettext

            click.echo(gettext("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="certkit")
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of messages (default: from the locale).",
)
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """certkit — certificate onboarding for French mutual-TLS webservices."""
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang
