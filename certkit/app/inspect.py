"""What a file holds: format, certificates (which one is the leaf), private key presence."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certkit.sources import CertificateBundle

# From this many certificates in one file, their JSON is built on every CPU.
PARALLEL_THRESHOLD = 2000


def inspect_json(bundle: CertificateBundle, now: dt.datetime | None = None) -> dict[str, Any]:
    """The JSON view of one file (``certkit inspect --json``, ``POST /api/v1/inspect``): path,
    format, private key presence and type, and every certificate (``certificates``)."""
    from certkit import render
    from certkit.parallel import default_workers, ordered_map

    moment = now or dt.datetime.now(dt.UTC)
    items = [
        (der, flag, moment.timestamp())
        for der, flag in zip(bundle.ders, bundle.leaf_flags, strict=True)
    ]
    certificates = ordered_map(
        _certificate_json, items, workers=default_workers(), threshold=PARALLEL_THRESHOLD
    )
    return {**render.bundle_json_head(bundle), "certificates": list(certificates)}


def _certificate_json(item: tuple[bytes, bool, float]) -> dict[str, Any]:
    """One certificate's JSON (runs in worker processes for big bundles: plain data in, out)."""
    from cryptography import x509

    from certkit import render
    from certkit.model import facts

    der, is_leaf, timestamp = item
    now = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return render.facts_json(
        facts(x509.load_der_x509_certificate(der), der), is_leaf=is_leaf, now=now
    )
