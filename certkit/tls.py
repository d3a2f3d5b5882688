"""TLS helpers shared by the platform's server and the probe (pyOpenSSL on non-blocking sockets).

- :data:`TLS_VERSIONS` and :data:`ALERTS`: the protocol versions offered and the alert names;
- :func:`retry_nonblocking`: run one OpenSSL call until it stops asking to wait;
- :func:`ssl_error_text`, :func:`verify_error_text`: OpenSSL's own sentences;
- :func:`name_text`, :func:`certificate_names`: names read from the DER, because cryptography
  refuses to build ``x509.Name`` objects for names OpenSSL accepts (an empty RDN, duplicate
  attributes): a handshake with such a peer must still get an answer.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography import x509

# OpenSSL's protocol version numbers (SSL.TLS1_2_VERSION, SSL.TLS1_3_VERSION): importing this
# module costs no OpenSSL import, so name helpers stay cheap for commands that only read files.
TLS_VERSIONS = {"1.2": 0x0303, "1.3": 0x0304}

# TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2)
ALERTS: dict[int, str] = {
    0: "close_notify",
    10: "unexpected_message",
    20: "bad_record_mac",
    22: "record_overflow",
    40: "handshake_failure",
    42: "bad_certificate",
    43: "unsupported_certificate",
    44: "certificate_revoked",
    45: "certificate_expired",
    46: "certificate_unknown",
    47: "illegal_parameter",
    48: "unknown_ca",
    49: "access_denied",
    50: "decode_error",
    51: "decrypt_error",
    70: "protocol_version",
    71: "insufficient_security",
    80: "internal_error",
    86: "inappropriate_fallback",
    90: "user_canceled",
    109: "missing_extension",
    110: "unsupported_extension",
    112: "unrecognized_name",
    113: "bad_certificate_status_response",
    115: "unknown_psk_identity",
    116: "certificate_required",
    120: "no_application_protocol",
}

SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 0x2  # retry a partial write from a moved buffer


def retry_nonblocking(
    sock: socket.socket,
    operation: Callable[[], Any],
    deadline: float,
    *,
    stop: Callable[[], bool] | None = None,
) -> Any:
    """Run a pyOpenSSL call on a non-blocking socket, waiting for it as OpenSSL asks.

    :class:`TimeoutError` at ``deadline``; :class:`InterruptedError` as soon as ``stop()`` is true
    (checked every half second). OpenSSL's own errors pass through.
    """
    from OpenSSL import SSL

    poller = select.poll()
    fd = sock.fileno()
    while True:
        try:
            return operation()
        except SSL.WantReadError:
            events = select.POLLIN
        except SSL.WantWriteError:
            events = select.POLLOUT
        poller.register(fd, events)
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if stop is not None and stop():
                    raise InterruptedError
                wait = min(remaining, 0.5) if stop is not None else remaining
                if poller.poll(wait * 1000):
                    break
        finally:
            poller.unregister(fd)


def ssl_error_text(exc: BaseException) -> str:
    """OpenSSL's reasons in a pyOpenSSL error, joined ("tlsv1 alert unknown ca")."""
    args = exc.args[0] if exc.args else None
    if isinstance(args, list) and args:
        return "; ".join(str(part[-1]) for part in args if isinstance(part, tuple)) or str(exc)
    return str(exc) or type(exc).__name__


def verify_error_text(errnum: int) -> str:
    """OpenSSL's own sentence for a certificate verification error number."""
    from OpenSSL import SSL

    lib: Any = getattr(SSL, "_lib")  # noqa: B009 - pyOpenSSL has no public binding for it
    ffi: Any = getattr(SSL, "_ffi")  # noqa: B009
    return str(ffi.string(lib.X509_verify_cert_error_string(errnum)).decode())


def name_text(der: bytes) -> str:
    """A DER name as :func:`certkit.names.rfc4514` renders it; when certkit cannot decode it,
    ``#`` and the DER in hex (RFC 4514's form for what cannot be written as text)."""
    from certkit import names

    try:
        return names.rfc4514(der)
    except (names.NameDecodeError, ValueError):
        return "#" + der.hex()


def certificate_names(cert: x509.Certificate) -> tuple[bytes, bytes]:
    """(subject DER, issuer DER) of a certificate, read from its DER (never ``cert.subject``)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from certkit import names

    return names.certificate_names_der(cert.public_bytes(Encoding.DER))
