"""Certificates whose names cryptography refuses to build into ``x509.Name`` (OpenSSL reads them):
DER written by hand, spliced into a certificate issued by a certkit test CA and signed again with
the CA key, so TLS stacks accept the chain while the name stays odd."""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from certkit.testca import TestCA

CN, C, ORG, ORG_ID = "2.5.4.3", "2.5.4.6", "2.5.4.10", "2.5.4.97"
UTF8, PRINTABLE, TELETEX, IA5 = 0x0C, 0x13, 0x14, 0x16


def tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    encoded = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(encoded)]) + encoded + content


def oid(dotted: str) -> bytes:
    arcs = [int(part) for part in dotted.split(".")]
    body = bytes([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, body)


def atv(attribute: str, tag: int, value: bytes) -> bytes:
    return tlv(0x30, oid(attribute) + tlv(tag, value))


def rdn(*values: bytes) -> bytes:
    return tlv(0x31, b"".join(values))


def name(*rdns: bytes) -> bytes:
    return tlv(0x30, b"".join(rdns))


def _company(siren: str) -> list[bytes]:
    return [
        rdn(atv(C, PRINTABLE, b"FR")),
        rdn(atv(ORG, UTF8, b"SYNDIC BIZARRE")),
        rdn(atv(ORG_ID, UTF8, f"NTRFR-{siren}".encode())),
    ]


def odd_subjects(siren: str) -> dict[str, bytes]:
    """Subjects (DER) that OpenSSL reads and cryptography cannot build, each still naming a
    company with ``siren``."""
    company = _company(siren)
    return {
        # two identical attributes in one RDN (zlint: issuerRDNTwoAttribute)
        "duplicate": name(*company, rdn(atv(CN, UTF8, b"Syndic"), atv(CN, UTF8, b"Syndic"))),
        # a TeletexString holding a non-ASCII byte (T.61)
        "teletex": name(*company, rdn(atv(CN, TELETEX, b"Syndic \xe9"))),
        # an IA5String holding a non-ASCII byte
        "ia5-8bit": name(*company, rdn(atv(CN, IA5, b"Syndic \xe9"))),
        # a PrintableString with characters PrintableString does not have: cryptography refuses
        # to load the whole certificate, OpenSSL reads it
        "bad-printable": name(*company, rdn(atv(CN, PRINTABLE, b"Syndic_@*"))),
        # an empty RDN (zlint: DNSFQDN and 172 others)
        "empty-rdn": name(company[0], tlv(0x31, b""), *company[1:], rdn(atv(CN, UTF8, b"Syndic"))),
    }


def _children(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each element directly inside the SEQUENCE ``data``."""
    from certkit.der import element_bounds, header

    _tag, pos, end = header(data, 0, len(data))
    spans = []
    while pos < end:
        start, stop = element_bounds(data, pos, end)
        spans.append((start, stop))
        pos = stop
    return spans


def with_name(
    cert: x509.Certificate,
    key: ec.EllipticCurvePrivateKey,
    *,
    subject: bytes | None = None,
    issuer: bytes | None = None,
) -> bytes:
    """The DER of ``cert`` with its subject and/or issuer replaced by raw DER, signed again with
    ``key`` (ECDSA with SHA-256, the algorithm of the test CA). Not loaded back: cryptography
    may refuse what OpenSSL reads."""
    der = cert.public_bytes(serialization.Encoding.DER)
    (tbs_start, tbs_end), (alg_start, alg_end), _sig = _children(der)
    tbs = der[tbs_start:tbs_end]
    fields = _children(tbs)
    offset = 1 if tbs[fields[0][0]] == 0xA0 else 0
    parts = [tbs[a:b] for a, b in fields]
    if issuer is not None:
        parts[2 + offset] = issuer
    if subject is not None:
        parts[4 + offset] = subject
    new_tbs = tlv(0x30, b"".join(parts))
    signature = key.sign(new_tbs, ec.ECDSA(hashes.SHA256()))
    body = new_tbs + der[alg_start:alg_end] + tlv(0x03, b"\x00" + signature)
    return tlv(0x30, body)


def pem(der: bytes) -> bytes:
    import base64
    import textwrap

    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode(), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n".encode()


def issue_with_subject(ca: TestCA, subject: bytes, out: Path, siren: str) -> Path:
    """A client certificate of the test CA with ``subject`` (raw DER); writes OUT.pem, OUT.key,
    OUT-fullchain.pem. Returns the certificate's path."""
    issued = ca.issue("rgs1-server-client", siren, out=out, force=True)
    key = serialization.load_pem_private_key(ca.path("intermediate_key").read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    odd = pem(with_name(issued.certificate, key, subject=subject))
    assert issued.cert_path is not None and issued.fullchain_path is not None
    issued.cert_path.write_bytes(odd)
    chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in issued.intermediates)
    issued.fullchain_path.write_bytes(odd + chain)
    return issued.cert_path


def ca_with_subject(ca: TestCA, subject: bytes, out: Path) -> Path:
    """A copy of the test CA's root whose subject (and issuer) is ``subject``: only its name
    matters, for a server that announces it in its acceptable CA list."""
    key = serialization.load_pem_private_key(ca.path("root_key").read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    out.write_bytes(pem(with_name(ca.root, key, subject=subject, issuer=subject)))
    return out
