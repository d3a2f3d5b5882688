"""Certificates built byte by byte, for the encodings no certificate builder produces.

cryptography's builder only writes well-formed DER; the odd certificates real CAs issued (empty
RDNs, unsorted multi-valued RDNs, times without seconds, a version 4, BIT STRING name values,
invalid UTF-8) need the TBSCertificate assembled here. Each is signed for real (ECDSA P-256) so
that OpenSSL reads it as it would read the CA's.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from certkit.der import tlv

__all__ = ["tlv"]  # one DER element, re-exported for the tests that build certificates


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([parts[0] * 40 + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def atv(type_oid: str, value: bytes | str, tag: int = 0x0C) -> bytes:
    """AttributeTypeAndValue; ``value`` as the content octets of a ``tag`` element."""
    content = value.encode("utf-8") if isinstance(value, str) else value
    return seq(oid(type_oid), tlv(tag, content))


def rdn(*atvs: bytes, sort: bool = True) -> bytes:
    """A SET of attributes, sorted as DER requires unless ``sort`` is False."""
    return tlv(0x31, b"".join(sorted(atvs) if sort else atvs))


def name(*rdns: bytes) -> bytes:
    return seq(*rdns)


def cn_name(cn: str = "certkit raw", country: str = "FR") -> bytes:
    return name(rdn(atv("2.5.4.6", country, 0x13)), rdn(atv("2.5.4.3", cn)))


def utc(moment: dt.datetime) -> bytes:
    return tlv(0x17, moment.strftime("%y%m%d%H%M%SZ").encode())


@cache
def signing_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"))
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def certificate(
    subject: bytes | None = None,
    issuer: bytes | None = None,
    *,
    version: bytes | None = tlv(0xA0, tlv(0x02, b"\x02")),
    serial: bytes = tlv(0x02, b"\x01"),
    signature_algorithm: bytes = ECDSA_SHA256,
    validity: bytes | None = None,
    extensions: bytes = b"",
    outer_algorithm: bytes | None = None,
    trailing: bytes = b"",
    spki: bytes | None = None,
) -> bytes:
    """A signed certificate whose TBSCertificate holds exactly the given pieces (DER of each);
    ``spki`` replaces the signing key's own SubjectPublicKeyInfo."""
    subject = cn_name() if subject is None else subject
    issuer = subject if issuer is None else issuer
    if validity is None:
        validity = seq(utc(START), utc(START + dt.timedelta(days=730)))
    key = signing_key()
    if spki is None:
        spki = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    tbs = seq(
        version or b"", serial, signature_algorithm, issuer, validity, subject, spki, extensions
    )
    signature = key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    return seq(
        tbs, outer_algorithm or signature_algorithm, tlv(0x03, b"\x00" + signature), trailing
    )


def pem(der: bytes) -> bytes:
    import base64

    body = base64.encodebytes(der).replace(b"\n", b"")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return b"-----BEGIN CERTIFICATE-----\n" + b"\n".join(lines) + b"\n-----END CERTIFICATE-----\n"
