"""Over every real certificate in ../shared/corpus, certkit reads what the openssl binary reads and
prints the same DN strings (``-nameopt RFC2253,-esc_msb`` and ``compat``), with no internal error.

The corpora: zlint's 726 odd certificates (empty RDNs, unsorted RDNs, non-DER times, version 4...),
pkilint's ETSI set and every certificate of the two French trusted lists. Each file goes to
certkit's loader as it is on disk, and to ``openssl x509`` (one process per file, over a few
threads; see :func:`openssl_names`). README.md lists the differences that remain by design.
"""

from __future__ import annotations

import base64
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from certkit.errors import CertkitError
from certkit.sources import load_bytes
from tests.corpus import CORPUS, pkilint_certificates, trusted_list_certificates
from tests.test_names_openssl import libcrypto_print

_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.DOTALL)


def corpus_files() -> list[tuple[str, bytes]]:
    """(name, bytes as certkit gets them) of every certificate of the shared corpora."""
    files = [
        (path.name, path.read_bytes())
        for path in sorted((CORPUS / "zlint-sample").glob("*.pem"))
        if _PEM.search(path.read_bytes())  # the sample's CRLs are not certificates
    ]
    files += [(name, pem) for name, pem in pkilint_certificates()]
    for list_name in ("tl-fr-seq112.xml", "tl-fr-seq59.xml"):
        seen: set[bytes] = set()
        for index, der in enumerate(trusted_list_certificates(list_name)):
            if der not in seen:
                seen.add(der)
                files.append((f"{list_name}#{index}", der))
    return files


def _der_of(data: bytes) -> bytes:
    match = _PEM.search(data)
    if match is None:
        return data
    body = match.group(0).split(b"-----")[2]
    return base64.b64decode(b"".join(body.split()))


def openssl_binary(der: bytes, nameopt: str) -> tuple[str, str] | None:
    """(subject, issuer) as ``openssl x509 -nameopt NAMEOPT`` prints them; None when the binary
    does not read the certificate."""
    result = subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-noout", "-subject", "-issuer", "-nameopt", nameopt],
        input=der,
        capture_output=True,
    )
    if result.returncode != 0:
        return None
    lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
    assert lines[0].startswith("subject=") and lines[1].startswith("issuer="), lines
    return lines[0][len("subject=") :], lines[1][len("issuer=") :]


def openssl_names(der: bytes, index: int) -> tuple[str, str, str, str] | None:
    """(subject, issuer) in RFC 2253 then compat form, as OpenSSL prints them; None when the
    openssl binary does not read the certificate.

    RFC 2253 comes from the binary for every file. The compat form is X509_NAME_oneline, which
    ``-nameopt compat`` calls: read through ctypes from the same libcrypto (a second process per
    file would double this test's time), and from the binary for one file in 16, which must agree.
    """
    rfc = openssl_binary(der, "RFC2253,-esc_msb")
    if rfc is None:
        return None
    compat = (libcrypto_print(der, None, "subject"), libcrypto_print(der, None, "issuer"))
    if index % 16 == 0:
        assert openssl_binary(der, "compat") == compat
    return rfc[0], rfc[1], compat[0], compat[1]


@dataclass
class Outcome:
    name: str
    openssl: tuple[str, str, str, str] | None
    certkit: tuple[str, str, str, str] | None = None
    refused: str = ""
    internal: str = ""


def judge(item: tuple[int, tuple[str, bytes]]) -> Outcome:
    index, (name, data) = item
    outcome = Outcome(name, openssl_names(_der_of(data), index))
    try:
        bundle = load_bytes(data, source=name)
        facts = bundle.facts(0)
        outcome.certkit = (
            facts.subject_rfc4514,
            facts.issuer_rfc4514,
            facts.subject_openssl,
            facts.issuer_openssl,
        )
    except CertkitError as exc:
        outcome.refused = exc.message("en")
    except Exception as exc:  # an internal error: what this test exists to catch
        outcome.internal = f"{type(exc).__name__}: {exc}"
    return outcome


def test_certkit_reads_what_openssl_reads_and_prints_the_same_names() -> None:
    files = corpus_files()
    assert len(files) > 1000
    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(judge, enumerate(files)))
    internal = [(o.name, o.internal) for o in outcomes if o.internal]
    assert internal == []
    read_by_openssl = [o for o in outcomes if o.openssl is not None]
    assert len(read_by_openssl) > 1000
    refused = [(o.name, o.refused) for o in read_by_openssl if o.certkit is None]
    assert refused == []  # every file openssl reads, certkit reads
    both = [o for o in read_by_openssl if o.certkit is not None]
    different = [(o.name, o.certkit, o.openssl) for o in both if o.certkit != o.openssl]
    assert len(both) - len(different) >= 0.999 * len(both), different
    assert different == []  # README lists what would differ; nothing in these corpora does
