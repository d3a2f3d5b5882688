"""Where the platform's TLS material comes from: a certkit test CA directory or given files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from certkit.errors import InputError, os_reason
from certkit.platform.server import TlsMaterial

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.sources import Password


def from_ca_dir(
    directory: Path, hostnames: tuple[str, ...] = ("localhost", "127.0.0.1")
) -> TlsMaterial:
    """A fresh server certificate from the test CA in ``directory``; its CAs are the client CAs.

    The server certificate lives in memory only (its key is never written).
    """
    from certkit.testca import TestCA

    ca = TestCA.open(directory)
    issued = ca.issue_server(hostnames)
    intermediates = tuple(c for c in issued.chain if c.subject != c.issuer)
    return TlsMaterial(
        chain=(issued.certificate, *intermediates),
        key=issued.private_key,
        client_cas=tuple(ca.chain),
        source=str(directory),
    )


def from_files(
    cert: Path,
    key: Path | None,
    client_ca: Path,
    password: Password = None,
) -> TlsMaterial:
    """The server chain from ``cert`` (PEM or PKCS#12, key inside or in ``key``) and client CAs."""
    from certkit.sources import load_path, load_private_key

    bundle = load_path(cert, password=password)
    if not bundle.certificates:
        raise InputError("platform.register_no_certificate", path=str(cert))
    bundle.require_presentable()
    leaf = bundle.leaf or bundle.certificates[0]
    others = tuple(c for c in bundle.certificates if c is not leaf and c.subject != c.issuer)
    private_key = load_private_key(key or cert, password=password)
    cas = load_path(client_ca).certificates
    if not cas:
        raise InputError("platform.client_ca_empty", path=str(client_ca))
    return TlsMaterial(
        chain=(leaf, *others),
        key=private_key,
        client_cas=tuple(cas),
        source=str(key or cert),
    )


def load_crls(paths: tuple[Path, ...]) -> tuple[x509.CertificateRevocationList, ...]:
    """CRLs from PEM or DER files; an :class:`InputError` names the file that is not one."""
    from cryptography import x509

    crls: list[x509.CertificateRevocationList] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                "platform.crl_unreadable", path=str(path), reason=os_reason(exc)
            ) from None
        try:
            if b"-----BEGIN X509 CRL-----" in data:
                crls.append(x509.load_pem_x509_crl(data))
            else:
                crls.append(x509.load_der_x509_crl(data))
        except ValueError:
            raise InputError(
                "platform.crl_unreadable", path=str(path), reason_code="files.reason.not_a_crl"
            ) from None
    return tuple(crls)
