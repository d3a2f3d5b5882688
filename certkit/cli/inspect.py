"""`certkit inspect FILE...` — what each file holds, for people or (--json) for machines."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from certkit.cli.common import (
    handle_errors,
    json_option,
    lang_option,
    password_options,
    password_provider,
    resolve_lang,
)
from certkit.errors import CertkitError, InputError
from certkit.i18n import t

if TYPE_CHECKING:
    from certkit.lenient import Reading
    from certkit.sources import CertificateBundle

# From this many certificates in one file, --json spreads the work over the CPUs.
PARALLEL_THRESHOLD = 2000


@click.command("inspect")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@password_options
@json_option
@lang_option
@handle_errors
def inspect_command(
    files: tuple[str, ...],
    password_file: Path | None,
    password_env: str | None,
    password_value: str | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Show what FILES hold: format, certificates, leaf, private key presence.

    Reads PEM (one or many blocks), DER, PKCS#7 (.p7b/.p7c) and PKCS#12 (.p12/.pfx); "-" reads
    standard input. Exit 2 when a file cannot be read (the others are still reported).
    """
    from certkit import batch, render

    if as_json:  # people's output does not need it; it costs start-up time
        import json

    lang = resolve_lang(lang)
    password = password_provider(password_file, password_env, password_value, lang)
    now = dt.datetime.now(dt.UTC)
    out = sys.stdout

    def answer(path: str) -> batch.Answer:
        bundle = batch.inspect_file(path, password)
        if as_json:
            return "ok", _bundle_json_text(bundle, now)
        return "ok", (bundle, [bundle.facts(i) for i in range(len(bundle.certificates))])

    results: list[str] = []
    # One file at a time, in this process: output follows each file as it is read.
    engine = batch.Batch(answer, chunk_size=1)
    for path, result in zip(files, engine.results(files), strict=True):
        if isinstance(result, batch.Failure):
            click.echo(f"certkit: {path}: {result.message(lang)}" if result.internal
                       else f"certkit: {result.message(lang)}", err=True)  # fmt: skip
            if as_json:
                results.append(json.dumps(result.entry(path, lang), ensure_ascii=False))
            continue
        if as_json:
            results.append(result[1])
            continue
        bundle, facts_list = result[1]
        if out.isatty():
            render.print_bundle_rich(bundle, facts_list, now=now, lang=lang)
            continue
        out.write(render.bundle_header(bundle, lang) + "\n")
        for index, (f, is_leaf) in enumerate(
            zip(facts_list, bundle.leaf_flags, strict=True), start=1
        ):
            out.write(f"\n  {t('inspect.cert_header', lang, index=index)}\n")
            rows = render.facts_lines(f, is_leaf=is_leaf, now=now, lang=lang)
            width = max(len(label) for label, _ in rows)
            for label, value in rows:
                out.write(f"    {label.ljust(width)}  {value}\n")
        out.write("\n")
    if as_json:
        text = "[" + ", ".join(results) + "]"
        if out.isatty():  # people reading JSON on a terminal get it indented
            text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
        out.write(text + "\n")
    summary = engine.summary
    if summary.errors and len(files) > 1:
        click.echo(
            f"certkit: {t('inspect.summary_errors', lang, bad=summary.errors, total=len(files))}",
            err=True,
        )
    out.flush()
    sys.exit(summary.exit_code(0))


def _bundle_json_text(bundle: CertificateBundle, now: dt.datetime) -> str:
    """The JSON text of one file, its certificates rendered in parallel for big bundles."""
    import json

    from certkit import batch, render
    from certkit.parallel import default_workers

    head = json.dumps(render.bundle_json_head(bundle), ensure_ascii=False)
    items = [
        (der, flag, now.timestamp(), bundle.reading(index))
        for index, (der, flag) in enumerate(zip(bundle.ders, bundle.leaf_flags, strict=True))
    ]
    engine: batch.Batch[tuple[bytes, bool, float, Reading | None]] = batch.Batch(
        lambda item: ("ok", _certificate_json_text(item)),
        workers=default_workers(),
        threshold=PARALLEL_THRESHOLD,
        chunk_size=256,
    )
    texts: list[str] = []
    for result in engine.results(items):
        if isinstance(result, batch.Failure):  # one certificate's failure is the file's
            error = CertkitError if result.internal else InputError
            raise error(result.code, **result.params)
        texts.append(result[1])
    return head[:-1] + ', "certificates": [' + ", ".join(texts) + "]}"


def _certificate_json_text(item: tuple[bytes, bool, float, Reading | None]) -> str:
    """One certificate's JSON (runs in worker processes: takes and returns plain data)."""
    import json

    from cryptography import x509

    from certkit import render
    from certkit.model import facts

    der, is_leaf, timestamp, reading = item
    now = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    cert = x509.load_der_x509_certificate(der if reading is None else reading.der)
    return json.dumps(
        render.facts_json(facts(cert, der, reading), is_leaf=is_leaf, now=now), ensure_ascii=False
    )
