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
from certkit.errors import CertkitError
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
    from certkit import render
    from certkit.sources import load_path

    if as_json:  # people's output does not need it; it costs start-up time
        import json

    lang = resolve_lang(lang)
    password = password_provider(password_file, password_env, password_value, lang)
    now = dt.datetime.now(dt.UTC)
    results: list[str] = []
    bad = 0
    out = sys.stdout
    for path in files:
        try:
            bundle = load_path(path, password=password)
            facts_list = (
                [] if as_json else [bundle.facts(i) for i in range(len(bundle.certificates))]
            )
        except CertkitError as exc:
            if exc.exit_code != 2:
                raise
            bad += 1
            click.echo(f"certkit: {exc.message(lang)}", err=True)
            if as_json:
                results.append(json.dumps(render.error_json(path, exc, lang), ensure_ascii=False))
            continue
        if as_json:
            results.append(_bundle_json_text(bundle, now))
            continue
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
    if bad:
        if len(files) > 1:
            click.echo(
                f"certkit: {t('inspect.summary_errors', lang, bad=bad, total=len(files))}",
                err=True,
            )
        sys.exit(2)


def _bundle_json_text(bundle: CertificateBundle, now: dt.datetime) -> str:
    """The JSON text of one file, its certificates rendered in parallel for big bundles."""
    import json

    from certkit import render
    from certkit.parallel import default_workers, ordered_map

    head = json.dumps(render.bundle_json_head(bundle), ensure_ascii=False)
    items = [
        (der, flag, now.timestamp(), bundle.reading(index))
        for index, (der, flag) in enumerate(zip(bundle.ders, bundle.leaf_flags, strict=True))
    ]
    texts = ordered_map(
        _certificate_json_text, items, workers=default_workers(), threshold=PARALLEL_THRESHOLD
    )
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
