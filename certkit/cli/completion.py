"""``certkit completion bash|zsh|fish``: the shell completion script (click's), to source."""

from __future__ import annotations

import click

from certkit.cli.common import handle_errors


@click.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@handle_errors
def completion_command(shell: str) -> None:
    """Print the completion script of SHELL: commands, options, their values (profiles, test CA
    profiles, --dn-format…) and file names complete with Tab.

    \b
    bash: eval "$(certkit completion bash)"   (in ~/.bashrc)
    zsh:  eval "$(certkit completion zsh)"    (in ~/.zshrc)
    fish: certkit completion fish > ~/.config/fish/completions/certkit.fish
    """
    from click.shell_completion import get_completion_class

    from certkit.cli import main

    completion = get_completion_class(shell)
    assert completion is not None
    click.echo(completion(main, {}, "certkit", "_CERTKIT_COMPLETE").source())
