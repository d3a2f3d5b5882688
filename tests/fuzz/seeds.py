"""Seeds for the fuzz suite, from the real material in ../shared/corpus and the bundled data, and
the mutations applied to them (hypothesis strategies: each failure shrinks to a small input)."""

from __future__ import annotations

import base64
import os
import re
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from tests.corpus import CORPUS, TRUSTED_LISTS, pkilint_certificates, trusted_list_certificates

ROOT = Path(__file__).resolve().parents[2]
_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.DOTALL)


def examples(ci: int) -> int:
    """How many examples a fuzz test runs: ``ci`` in the normal test run (the whole suite stays
    under two minutes), ``CERTKIT_FUZZ_EXAMPLES`` when set (``scripts/fuzz`` runs it longer)."""
    wanted = os.environ.get("CERTKIT_FUZZ_EXAMPLES")
    return int(wanted) if wanted else ci


@cache
def certificate_seeds() -> tuple[bytes, ...]:
    """Certificate files in every container certkit reads: zlint's odd PEM files (text dump and
    all), pkilint's, trusted-list CAs as DER, and PKCS#7 / PKCS#12 built from them."""
    zlint = sorted((CORPUS / "zlint-sample").glob("*.pem"))
    out = [p.read_bytes() for p in zlint[::6]]
    out += [pem for _name, pem in pkilint_certificates()[::8]]
    ders = list(trusted_list_certificates()[::12])
    out += ders
    for data in out[: len(zlint[::6])]:
        match = _PEM.search(data)
        if match:
            body = match.group(0).split(b"-----")[2]
            out.append(base64.b64decode(b"".join(body.split())))
    out += [_pkcs7(ders[:3]), _pkcs12(), _pem_bundle(ders[:4])]
    return tuple(out)


def _pem_bundle(ders: list[bytes]) -> bytes:
    from certkit.sources import pem_certificate

    return b"Bag Attributes\n" + b"".join(pem_certificate(d) for d in ders)


def _pkcs7(ders: list[bytes]) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

    certs = [x509.load_der_x509_certificate(d) for d in ders]
    return pkcs7.serialize_certificates(certs, Encoding.DER)


def _pkcs12() -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from tests.rawcert import certificate, signing_key

    key = signing_key()
    cert = x509.load_der_x509_certificate(certificate())
    return pkcs12.serialize_key_and_certificates(
        b"fuzz", key, cert, None, BestAvailableEncryption(b"fuzz")
    )


@cache
def text_seeds(kind: str) -> tuple[str, ...]:
    """Text files of one kind: ``catalogue``, ``profile``, ``accounts``, ``csv``, ``dn``."""
    if kind == "catalogue":
        files = sorted((ROOT / "policies" / "catalogue").glob("*.toml"))
        texts = [p.read_text("utf-8") for p in files] + [
            (ROOT / "policies" / "certkit-test.toml").read_text("utf-8")
        ]
        return tuple(t[:20000] for t in texts)
    if kind == "profile":
        profiles = sorted((ROOT / "policies" / "profiles").glob("*"))
        return tuple(p.read_text("utf-8") for p in profiles)
    if kind == "accounts":
        return (ACCOUNTS,)
    if kind == "csv":
        return (CSV,)
    return DNS


@cache
def trusted_list_seed() -> str:
    """The French list of 2019 cut to its first three providers (~60 KB, parsed in ~2 ms)."""
    text = (TRUSTED_LISTS / "tl-fr-seq59.xml").read_text("utf-8")
    start = text.index("<TrustServiceProvider>")
    cut = start
    for _ in range(3):
        cut = text.index("</TrustServiceProvider>", cut) + len("</TrustServiceProvider>")
    end = text.index("</TrustServiceProviderList>")
    return text[:cut] + text[end:]


ACCOUNTS = """\
[[accounts]]
siren = "732829320"
name = "SYNDIC EXEMPLE"
[accounts.slot1]
subject_dn = "CN=SYNDIC EXEMPLE\\\\, SAS,organizationIdentifier=NTRFR-732829320,O=SYNDIC,C=FR"
issuer_dn = "CN=certkit Test CA Serveur-Client,O=certkit,C=FR"
[accounts.slot2]
subject_dn = "/C=FR/O=SYNDIC/CN=x"
issuer_dn = "C = FR, O = certkit, CN = y"
"""

CSV = """\
path,subject,issuer,siren
c.pem,"CN=SYNDIC\\, SAS,organizationIdentifier=NTRFR-732829320,O=SYNDIC,C=FR","CN=x",732829320
c.pem,"cn=syndic, 2.5.4.97=NTRFR-732829320, c=FR",/C=FR/CN=x,
absent.pem,CN=x,CN=y,
"""

DNS = (
    "CN=SYNDIC EXEMPLE\\, SAS,organizationIdentifier=NTRFR-732829320,O=SYNDIC EXEMPLE\\, SAS,C=FR",
    "C = FR, O = certkit, OU = certkit test PKI - not for production, CN = certkit Test CA",
    "/C=FR/O=SYNDIC EXEMPLE, SAS/organizationIdentifier=NTRFR-552100554/CN=syndic-exemple",
    'CN="quoted, value",OU=#0c03616263,OID.2.5.4.97=VATFR-12345678901+SN=x',
    "cn=ＡＣＭＥ аcme\u200b,  o = x \\2C y ,c=FR",
    "CN=\\ lead\\ ,O=a\\+b;C=FR",
)


@st.composite
def mutated_bytes(draw: st.DrawFn, seeds: tuple[bytes, ...]) -> bytes:
    """A seed with up to 8 mutations: byte replaced, bit flipped, bytes inserted, a run deleted,
    the end cut, a piece of another seed spliced in."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 8))):
        size = len(data)
        pos = draw(st.integers(0, max(size - 1, 0)))
        op = draw(st.integers(0, 5))
        if op == 0 and size:
            data[pos] = draw(st.integers(0, 255))
        elif op == 1 and size:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == 2:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == 3:
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == 4:
            del data[pos:]
        else:
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, max(len(other) - 1, 0)))
            data[pos:pos] = other[start : start + draw(st.integers(1, 256))]
    return bytes(data)


ODD_TEXT = st.sampled_from(
    ['"', "\\", "'''", "\n", "\r", "\t", "\x00", "\x7f", "é", "\u2028", "\ufeff", "𝐀", "[[",
     "]]", "=", "#", ",", "+", ";", "/", "²", "١", "-1", "1e999", "99999999999999999999999",
     "true", "[]", "{}", "\udcff", "*" * 40]
)  # fmt: skip


@st.composite
def mutated_text(draw: st.DrawFn, seeds: tuple[str, ...]) -> str:
    """A text seed with up to 6 mutations: odd characters inserted, a run deleted or replaced by
    arbitrary text, lines swapped."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.integers(0, 3))
        if op == 0:
            text = text[:pos] + draw(ODD_TEXT) + text[pos:]
        elif op == 1:
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        elif op == 2:
            text = text[:pos] + draw(st.text(max_size=12)) + text[pos + draw(st.integers(0, 12)) :]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text
