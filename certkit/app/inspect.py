"""What a file holds: format, certificates (which one is the leaf), private key presence."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certkit.lenient import Reading
    from certkit.sources import CertificateBundle

# From this many certificates in one file, their JSON is built on every CPU.
PARALLEL_THRESHOLD = 2000


def inspect_json(
    bundle: CertificateBundle, now: dt.datetime | None = None, *, pem: bool = False
) -> dict[str, Any]:
    """The JSON view of one file (``certkit inspect --json``, ``POST /api/v1/inspect``): path,
    format, private key presence and type, and every certificate (``certificates``), with its
    PEM (``pem``) when asked — never a key."""
    from certkit import batch, render
    from certkit.errors import CertkitError, InputError
    from certkit.parallel import default_workers

    moment = now or dt.datetime.now(dt.UTC)
    items = [
        (der, flag, moment.timestamp(), bundle.reading(index))
        for index, (der, flag) in enumerate(zip(bundle.ders, bundle.leaf_flags, strict=True))
    ]
    engine: batch.Batch[_Item] = batch.Batch(
        _certificate_json, workers=default_workers(), threshold=PARALLEL_THRESHOLD, chunk_size=256
    )
    certificates: list[dict[str, Any]] = []
    for result in engine.results(items):
        if isinstance(result, batch.Failure):  # one certificate's failure is the file's
            error = CertkitError if result.internal else InputError
            raise error(result.code, **result.params)
        certificates.append(result[1])
    if pem:
        from certkit.sources import pem_certificate

        for entry, der in zip(certificates, bundle.ders, strict=True):
            entry["pem"] = pem_certificate(der).decode("ascii")
    return {**render.bundle_json_head(bundle), "certificates": certificates}


_Item = tuple[bytes, bool, float, "Reading | None"]


def _certificate_json(item: _Item) -> tuple[str, dict[str, Any]]:
    """One certificate's JSON (runs in worker processes for big bundles: plain data in, out);
    a certificate that is not DER comes with how it was read (``bundle.readings``)."""
    from cryptography import x509

    from certkit import render
    from certkit.model import facts

    der, is_leaf, timestamp, reading = item
    now = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    cert = x509.load_der_x509_certificate(der if reading is None else reading.der)
    return "ok", render.facts_json(facts(cert, der, reading), is_leaf=is_leaf, now=now)
