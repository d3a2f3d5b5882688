"""What every command shares: --lang, --json, password options, error handling, output helpers."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from certkit.errors import CertkitError, InputError
from certkit.files import write_atomically
from certkit.i18n import detect_lang, t

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["write_atomically"]  # re-exported for the commands


def lang_option(func: F) -> F:
    """Add ``--lang fr|en`` (default: the group's --lang, then the locale)."""
    return click.option(
        "--lang",
        type=click.Choice(["fr", "en"]),
        default=None,
        help="Language of messages (default: from the locale).",
    )(func)


def json_option(func: F) -> F:
    """Add ``--json`` (machine-readable output on stdout)."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


def resolve_lang(lang: str | None) -> str:
    """The language for this run: the command's --lang, the group's --lang, then the locale."""
    if lang is None:
        ctx = click.get_current_context(silent=True)
        root = ctx.find_root() if ctx is not None else None
        if root is not None and isinstance(root.obj, dict):
            lang = root.obj.get("lang")
    return detect_lang(lang)


def password_options(func: F) -> F:
    """Add --password-file, --password-env and the discouraged --password."""
    func = click.option(
        "--password",
        "password_value",
        default=None,
        help="PKCS#12 password on the command line (discouraged: it stays in shell history).",
    )(func)
    func = click.option(
        "--password-env",
        "password_env",
        metavar="VAR",
        default=None,
        help="Read the PKCS#12 password from environment variable VAR.",
    )(func)
    func = click.option(
        "--password-file",
        "password_file",
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        default=None,
        help="Read the PKCS#12 password from the first line of this file (- : standard input).",
    )(func)
    return func


PasswordProvider = Callable[[str], bytes]


def trust_options(func: F) -> F:
    """Add ``--trust FILE`` and ``--catalogue PATH``: the CAs to trust and the policy catalogue
    (the same two options wherever certificates are checked)."""
    func = click.option(
        "--catalogue",
        "catalogues",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Extra policy catalogue: .toml file, .pem CA store or folder (repeatable).",
    )(func)
    return click.option(
        "--trust",
        multiple=True,
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        help="PEM file of CA certificates to trust and recognise (repeatable; - : standard input).",
    )(func)


def password_hint(
    password_file: Path | None, password_env: str | None, password_value: str | None
) -> str:
    """The password option to repeat in advice (``--password-file mdp.txt``), as the user gave it.

    Never the password: after ``--password VALUE`` (or a prompt) the advice names no option, and
    certkit asks for the password when the command runs.
    """
    import shlex

    if password_file is not None:
        return f"--password-file {shlex.quote(str(password_file))}"
    if password_env is not None:
        return f"--password-env {shlex.quote(password_env)}"
    return ""


def password_provider(
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    lang: str,
) -> PasswordProvider:
    """A callable giving the password for a file that needs one, asked only when it is needed.

    Order: --password-file, --password-env, --password (with a warning), then an interactive prompt
    when stdin is a terminal; otherwise an :class:`InputError` saying how to pass one.
    """
    if password_value is not None:
        warn(t("cli.password_on_command_line", lang))

    def provide(path: str) -> bytes:
        if password_file is not None:
            text = read_input(password_file)  # "-": the first line of standard input
            return text.splitlines()[0] if text.strip() else b""
        if password_env is not None:
            value = os.environ.get(password_env)
            if value is None:
                raise InputError("cli.password_env_missing", var=password_env)
            return value.encode()
        if password_value is not None:
            return password_value.encode()
        if sys.stdin.isatty():
            return click.prompt(
                t("cli.password_prompt", lang, path=path),
                hide_input=True,
                default="",
                show_default=False,
            ).encode()
        raise InputError("cli.password_needed", path=path)

    return provide


def warn(message: str) -> None:
    """One warning line on stderr."""
    click.echo(f"certkit: {message}", err=True)


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, UTF-8 kept readable: the document the HTTP API
    answers for the same request (:func:`certkit.app.common.json_document`)."""
    from certkit.app.common import json_document

    click.echo(json_document(data))


def _json_error(kwargs: dict[str, Any], code: str, message: str, path: object) -> None:
    """With --json (or --jsonl), the error object on stdout too: a program reading the output
    always gets JSON (``{"schema_version", "path"?, "error": {"code", "message"}}``)."""
    if not (kwargs.get("as_json") or kwargs.get("as_jsonl")):
        return
    document: dict[str, Any] = {} if path is None else {"path": str(path)}
    document["error"] = {"code": code, "message": message}
    if kwargs.get("as_jsonl") and not kwargs.get("as_json"):
        from certkit.render import json_line, with_schema_version

        sys.stdout.flush()
        sys.stdout.buffer.write(json_line(with_schema_version(document)) + b"\n")
        sys.stdout.flush()
    else:
        print_json(document)


def handle_errors(func: F) -> F:
    """Turn a :class:`CertkitError` into one line on stderr and its exit code; never a traceback.

    Any other exception is an internal error: exit 3, with a hint to report it.
    ``CERTKIT_DEBUG=1`` re-raises for developers.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = resolve_lang(kwargs.get("lang"))
        # cryptography warns (with a Python source line) about odd certificates it still reads;
        # findings say what matters to users, so the warning is no more than noise to them.
        import warnings

        warnings.filterwarnings("ignore", message=r"Parsed a serial number|Attribute's length")
        try:
            return func(*args, **kwargs)
        except CertkitError as exc:
            if os.environ.get("CERTKIT_DEBUG"):
                raise
            click.echo(f"certkit: {exc.message(lang)}", err=True)
            _json_error(kwargs, exc.code, exc.message(lang), exc.params.get("path"))
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:
            if os.environ.get("CERTKIT_DEBUG"):
                raise
            message = t("cli.internal_error", lang, error=f"{type(exc).__name__}: {exc}")
            click.echo(f"certkit: {message}", err=True)
            _json_error(kwargs, "cli.internal_error", message, None)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[..., None]]:
    """Yield ``advance(steps=1)`` for a rich progress bar on stderr, drawn only when stderr is a
    terminal and there is more than one step (otherwise ``advance`` does nothing and rich is not
    imported).
    """
    if total < 2 or not sys.stderr.isatty():
        yield lambda steps=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda steps=1: bar.advance(task, steps)


class PluginCommand(click.Command):
    """A command that can answer as a Nagios/Icinga plugin: a usage error (unknown option, bad
    value) prints ``CERTKIT UNKNOWN - …`` on stdout and exits 3, as the Monitoring Plugins
    guidelines ask. ``plugin_when(args)`` says whether this invocation is a plugin one (default:
    always)."""

    plugin_when: Callable[[list[str]], bool] = staticmethod(lambda args: True)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        plugin = self.plugin_when(list(args))
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if not plugin:
                raise
            message = " ".join(exc.format_message().replace("|", "/").split())
            click.echo(f"CERTKIT UNKNOWN - {message} (see --help)")
            ctx.exit(3)


def plugin_watchdog(seconds: float | None) -> Callable[[], None]:
    """After ``seconds``, print ``CERTKIT UNKNOWN - timed out …`` and end the process with exit 3,
    whatever it is waiting for (a lock, the network). Returns the function that disarms it."""
    import threading

    if not seconds:
        return lambda: None

    def expire() -> None:
        os.write(1, f"CERTKIT UNKNOWN - timed out after {seconds:g} s\n".encode())
        os._exit(3)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    return timer.cancel


# --------------------------------------------------------------------------------------------------
# One vocabulary: the same option names, help texts and value checks in every command.

AT_HELP = (
    "Evaluate as of DATE: YYYY-MM-DD (midnight UTC) or an ISO 8601 date-time (without a zone: "
    "UTC). Default: now."
)


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A date or date-time given by a person, read by :func:`certkit.app.common.parse_at` (the
    one date reader of certkit, also the web API's)."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import datetime as dt

        if isinstance(value, dt.datetime):
            return value
        from certkit.app.common import parse_at

        try:
            return parse_at(str(value))
        except CertkitError as exc:
            self.fail(exc.message(_cli_lang()), param, ctx)


DATE = DateType()


def at_option(func: F) -> F:
    """``--at DATE`` (a :class:`datetime.datetime` in UTC, or None for now), one help text."""
    return click.option("--at", "at", type=DATE, default=None, help=AT_HELP)(func)


def _cli_lang() -> str:
    from certkit.cli.localize import current_language

    return current_language()


def renamed_option(old: str, name: str, new: str, **attrs: Any) -> Callable[[F], F]:
    """The hidden, deprecated old name ``old`` of option ``new``: it fills the same parameter
    ``name`` (click gives the value given on the command line precedence over a default) and says
    on stderr that ``new`` replaces it."""

    def note(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        # Both names fill one slot, so the value cannot tell which was typed: the words can.
        from certkit.cli.localize import command_line

        if any(arg == old or arg.startswith(old + "=") for arg in command_line()):
            warn(t("cli.renamed_option", _cli_lang(), old=old, new=new))
        return value

    return click.option(old, name, hidden=True, callback=note, **attrs)


def output_option(help: str, *, file_okay: bool = True, renamed: bool = False) -> Callable[[F], F]:
    """``-o/--output``, the name of every file or folder a command writes (``-`` for standard
    output where one file is written); ``renamed``: the old ``--out`` still works, with a note."""

    def decorate(func: F) -> F:
        path = click.Path(
            file_okay=file_okay, dir_okay=not file_okay, allow_dash=file_okay, path_type=Path
        )
        if renamed:
            func = renamed_option("--out", "output", "-o/--output", type=path, default=None)(func)
        return click.option("-o", "--output", "output", type=path, default=None, help=help)(func)

    return decorate


def read_input(path: str | Path) -> bytes:
    """The bytes of a file a user named (``-``: standard input), or the InputError every command
    reports the same way (not found, permission denied, a folder, too large)."""
    from certkit.sources import read_source

    return read_source(path)


T = TypeVar("T")


def require_option(value: T | None, name: str) -> T:
    """``value``, or click's "missing option" usage error for the parameter ``name`` (for an
    option that a renamed alias may fill, which click's ``required`` would refuse)."""
    if value is not None:
        return value
    ctx = click.get_current_context()
    param = next(p for p in ctx.command.params if p.name == name and not getattr(p, "hidden", 0))
    raise click.MissingParameter(ctx=ctx, param=param)


# --------------------------------------------------------------------------------------------------
# Inputs

CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p12", ".pfx", ".p7b", ".p7c", ".cert")


def expand_inputs(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a directory contributes its certificate files (recursively, sorted)."""
    from certkit.files import regular_files

    out: list[str] = []

    def skipped(path: str, kind: str) -> None:  # a FIFO or device met in a folder: one line
        click.echo(f"certkit: {t('sources.not_regular', None, path=path, kind=kind)}", err=True)

    for item in paths:
        if os.path.isdir(item):
            found = sorted(
                entry.path
                for entry in regular_files(str(Path(item)), skipped=skipped)
                if not entry.name.startswith(".")
                and os.path.splitext(entry.name)[1].lower() in CERT_SUFFIXES
            )
            if not found:
                raise InputError("checks.cli.no_files", path=item)
            out.extend(found)
        else:
            out.append(item)
    return out


# --------------------------------------------------------------------------------------------------
# Shell completion of values (certkit completion bash|zsh|fish prints the script)


def complete_acceptance_profiles(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[Any]:
    """The bundled acceptance profiles (``--profile`` of check, registration, dn-match, web),
    described; a path to a .toml file completes as a file."""
    from click.shell_completion import CompletionItem

    from certkit.policy import available_profiles, load_profile

    lang = _cli_lang()
    found = [
        CompletionItem(name, help=load_profile(name).describe(lang)[:80])
        for name in available_profiles()
        if name.startswith(incomplete)
    ]
    return found or [CompletionItem(incomplete, type="file")]


def complete_test_profiles(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[Any]:
    """The test CA's profiles (``testca issue/sign --profile``, including --profile-dir ones)."""
    from click.shell_completion import CompletionItem

    from certkit.testca import available_profiles

    dirs = tuple(ctx.params.get("profile_dirs") or ())
    try:
        profiles = available_profiles(dirs)
    except CertkitError:
        profiles = available_profiles()
    lang = _cli_lang()
    found = [
        CompletionItem(p.name, help=p.describe(lang)[:80])
        for p in profiles
        if p.name.startswith(incomplete)
    ]
    return found or [CompletionItem(incomplete, type="file")]
