"""Real certificates from ../shared/corpus: the French trusted lists and pkilint's ETSI test set."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TRUSTED_LISTS = CORPUS / "trusted-lists"
PKILINT = CORPUS / "pkilint-etsi"

_X509 = re.compile(
    rb"<(?:\w+:)?X509Certificate>\s*([A-Za-z0-9+/=\s]+?)\s*</(?:\w+:)?X509Certificate>"
)
_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.DOTALL)


@cache
def trusted_list_certificates(name: str = "tl-fr-seq112.xml") -> tuple[bytes, ...]:
    """DER of every X509Certificate element of a trusted list, in document order."""
    data = (TRUSTED_LISTS / name).read_bytes()
    return tuple(base64.b64decode(b"".join(m.group(1).split())) for m in _X509.finditer(data))


@cache
def pkilint_certificates() -> tuple[tuple[str, bytes], ...]:
    """(relative path, PEM) of every certificate in pkilint's ETSI corpus."""
    out = []
    for path in sorted(PKILINT.rglob("*.crttes*")):
        match = _PEM.search(path.read_bytes())
        if match:
            out.append((str(path.relative_to(PKILINT)), match.group(0)))
    return tuple(out)
