"""Small certificate builders for loader and model tests (independent of certkit.testca)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class Made:
    cert: x509.Certificate
    key: CertificateIssuerPrivateKeyTypes


def name(*pairs: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


def make_cert(
    subject: x509.Name,
    issuer: Made | None = None,
    *,
    ca: bool = False,
    key: CertificateIssuerPrivateKeyTypes | None = None,
    days: int = 365,
    eku: tuple[x509.ObjectIdentifier, ...] | None = (ExtendedKeyUsageOID.CLIENT_AUTH,),
    extra: tuple[x509.ExtensionType, ...] = (),
) -> Made:
    key = key or ec.generate_private_key(ec.SECP256R1())
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if eku and not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    for ext in extra:
        builder = builder.add_extension(ext, critical=False)
    cert = builder.sign(signer_key, hashes.SHA256())
    return Made(cert, key)


def make_chain() -> tuple[Made, Made, Made]:
    """root → intermediate → leaf (EC P-256)."""
    root = make_cert(name((NameOID.COMMON_NAME, "Loader Test Root")), ca=True)
    inter = make_cert(name((NameOID.COMMON_NAME, "Loader Test Intermediate")), root, ca=True)
    leaf = make_cert(
        name(
            (NameOID.COUNTRY_NAME, "FR"),
            (NameOID.ORGANIZATION_NAME, "SYNDIC EXEMPLE"),
            (NameOID.COMMON_NAME, "syndic-exemple"),
        ),
        inter,
    )
    return root, inter, leaf


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)
