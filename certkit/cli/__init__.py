"""The ``certkit`` command: a thin click layer over the library.

Subcommands are imported only when they run (``certkit --version`` must not pay for cryptography or
httpx): :data:`COMMANDS` maps each name to ``module:attribute`` and its one-line help.
"""

from __future__ import annotations

import importlib

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
    "web": (
        "certkit.cli.web:web_command",
        "Serve the web page for syndics and administrators, and the JSON API.",
    ),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attribute = entry[0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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
