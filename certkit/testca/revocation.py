"""Revocation as the test CA publishes it: reasons, the CRL, and OCSP answers (RFC 5280, 6960).

Pure functions over the CA's certificates, keys and index records; :class:`certkit.testca.TestCA`
calls them, :mod:`certkit.testca.ocsp` serves them over HTTP.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from certkit.errors import InputError
from certkit.testca.issuance import default_hash

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes

    from certkit.testca.index import IssuedRecord

REVOCATION_REASONS = (
    "unspecified",
    "key_compromise",
    "ca_compromise",
    "affiliation_changed",
    "superseded",
    "cessation_of_operation",
    "certificate_hold",
    "privilege_withdrawn",
    "aa_compromise",
    "remove_from_crl",
)


def normalize_reason(reason: str) -> str:
    """``keyCompromise``, ``key-compromise`` and ``key_compromise`` are the same reason."""
    text = re.sub(r"(?<!^)(?=[A-Z])", "_", reason.strip()).replace("-", "_").lower()
    if text not in REVOCATION_REASONS:
        raise InputError(
            "testca.reason_unknown", reason=reason, known=", ".join(REVOCATION_REASONS)
        )
    return text


def build_crl(
    issuer: x509.Certificate,
    key: CertificateIssuerPrivateKeyTypes,
    records: Iterable[IssuedRecord],
    now: dt.datetime,
    next_update_days: int = 7,
) -> x509.CertificateRevocationList:
    """The issuing CA's CRL listing every revoked record, signed ``now``."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now)
        .next_update(now + dt.timedelta(days=next_update_days))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer.public_key()  # type: ignore[arg-type]
            ),
            critical=False,
        )
    )
    for record in records:
        if not record.revoked or record.revoked_at is None:
            continue
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(record.serial)
            .revocation_date(record.revoked_at)
        )
        if record.reason and record.reason != "unspecified":
            entry = entry.add_extension(
                x509.CRLReason(x509.ReasonFlags[record.reason]), critical=False
            )
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(key, default_hash(key))


def key_hash(cert: x509.Certificate, algorithm: hashes.HashAlgorithm) -> bytes:
    """The hash of a certificate's public key bits, as an OCSP CertID carries it."""
    from asn1crypto import keys
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    bits = keys.PublicKeyInfo.load(spki)["public_key"].contents[1:]
    digest = hashes.Hash(type(algorithm)())
    digest.update(bits)
    return digest.finalize()


def ocsp_answer(
    request_der: bytes,
    now: dt.datetime,
    *,
    issuer: x509.Certificate,
    issuer_key: CertificateIssuerPrivateKeyTypes,
    lookup: Callable[[int], IssuedRecord | None],
    root: x509.Certificate | None = None,
    intermediate: x509.Certificate | None = None,
    root_key: Callable[[], CertificateIssuerPrivateKeyTypes | None] = lambda: None,
) -> bytes:
    """A DER OCSP response to ``request_der``: good, revoked or unknown, signed by the CA.

    Requests about leaves are answered by the issuing CA (``lookup`` finds their record); a
    request about the intermediate by the root (when ``root_key()`` gives its key). Malformed
    requests, and requests about several certificates at once (not supported), get
    ``malformedRequest``; requests for another CA ``unauthorized``.
    """
    from cryptography.x509 import ocsp

    def error(status: ocsp.OCSPResponseStatus) -> bytes:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(
            serialization.Encoding.DER
        )

    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except (ValueError, NotImplementedError):
        # NotImplementedError: several certificates in one request, which cryptography
        # cannot parse; ask one certificate per request.
        return error(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
    algorithm = request.hash_algorithm
    signer, signer_key = issuer, issuer_key
    record: IssuedRecord | None = None
    if key_hash(issuer, algorithm) == request.issuer_key_hash:
        record = lookup(request.serial_number)
        known = record is not None
    elif (
        root is not None
        and intermediate is not None
        and key_hash(root, algorithm) == request.issuer_key_hash
    ):
        loaded = root_key()
        if loaded is None:
            return error(ocsp.OCSPResponseStatus.UNAUTHORIZED)
        signer, signer_key = root, loaded
        known = request.serial_number == intermediate.serial_number
    else:
        return error(ocsp.OCSPResponseStatus.UNAUTHORIZED)
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None
    if not known:
        status = ocsp.OCSPCertStatus.UNKNOWN
    elif record is not None and record.revoked:
        status = ocsp.OCSPCertStatus.REVOKED
        revoked_at = record.revoked_at
        if record.reason and record.reason != "unspecified":
            reason = x509.ReasonFlags[record.reason]
    else:
        status = ocsp.OCSPCertStatus.GOOD
    builder = (
        ocsp.OCSPResponseBuilder()
        .add_response_by_hash(
            issuer_name_hash=request.issuer_name_hash,
            issuer_key_hash=request.issuer_key_hash,
            serial_number=request.serial_number,
            algorithm=algorithm,
            cert_status=status,
            this_update=now,
            next_update=now + dt.timedelta(days=1),
            revocation_time=revoked_at,
            revocation_reason=reason,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, signer)
    )
    for extension in request.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    response = builder.sign(signer_key, default_hash(signer_key))
    return response.public_bytes(serialization.Encoding.DER)
