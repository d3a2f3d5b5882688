"""Probe an mTLS server step by step and explain why a connection fails.

What ``openssl s_client``, certigo ``connect`` and sslyze each show in part, in one report: TCP
connect; TLS version and cipher; the server's chain and whether it verifies; whether the server
asked for a client certificate and which CA names it accepts; the handshake result and any alert;
the HTTP answer. A diagnosis turns all of it into findings with the fix in plain words.

Without a client certificate (:func:`probe` with ``identity=None``) it answers the question asked
before buying one: does this server ask for a client certificate, does it require it, and which
CAs does it accept.

Names (the server's chain, the CA names it announces, our own certificate) are read from their DER
with :mod:`certkit.names`: cryptography refuses to build names OpenSSL accepts (an empty RDN,
duplicate attributes, odd string types), and a probe must report on such servers, not crash.

pyOpenSSL is used because the ``ssl`` module hides the CertificateRequest's CA list and the alerts.
In TLS 1.3 a server refuses a client certificate *after* the client finished its handshake: the
alert only arrives with the first read, so the probe counts an alert received while reading the HTTP
answer as the server refusing the handshake.
"""

from __future__ import annotations

import functools
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import h11
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import ExtendedKeyUsageOID
from OpenSSL import SSL, crypto

from certkit.errors import InputError, os_reason
from certkit.findings import Finding, Severity
from certkit.i18n import SystemReason
from certkit.tls import (
    ALERTS,
    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
    TLS_VERSIONS,
    certificate_names,
    name_text,
    retry_nonblocking,
    ssl_error_text,
    verify_error_text,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

    from certkit.sources import Password


_CB_READ_ALERT = 0x4000 | 0x04  # SSL_CB_ALERT | SSL_CB_READ
_CB_WRITE_ALERT = 0x4000 | 0x08  # SSL_CB_ALERT | SSL_CB_WRITE
_CB_CONNECT_LOOP = 0x1000 | 0x01  # SSL_ST_CONNECT | SSL_CB_LOOP
_CERT_REQUEST_STATE = b"SSLv3/TLS read server certificate request"
BODY_EXCERPT = 500


@dataclass(frozen=True, slots=True)
class ClientIdentity:
    """What the probe presents: the certificate, the rest of its chain, and its private key."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    key: PrivateKeyTypes
    source: str

    def __repr__(self) -> str:  # the key never shows up in logs or tracebacks
        subject = name_text(certificate_names(self.certificate)[0])
        return f"ClientIdentity(subject={subject!r})"


@dataclass(frozen=True, slots=True)
class Alert:
    number: int
    name: str
    level: str  # "warning" or "fatal"
    sent_by: str  # "server" (we received it) or "client" (we sent it)


@dataclass(frozen=True, slots=True)
class ChainEntry:
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    sha256: str


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """Everything the probe saw, step by step, and the diagnosis."""

    url: str
    host: str
    port: int
    path: str
    client_subject: str | None  # None: probed without a client certificate
    client_issuer: str | None
    tcp_connected: bool = False
    tcp_error: str | None = None
    tls_version: str | None = None
    cipher: str | None = None
    handshake_ok: bool = False
    handshake_error: str | None = None
    alerts: tuple[Alert, ...] = ()
    server_chain: tuple[ChainEntry, ...] = ()
    server_verified: bool | None = None
    server_verify_error: str | None = None
    server_name_matches: bool | None = None
    client_cert_requested: bool | None = None
    client_cert_required: bool | None = None  # known when probed without a certificate
    acceptable_cas: tuple[str, ...] = ()
    issuer_accepted: bool | None = None
    http_status: int | None = None
    http_error_code: str | None = None
    http_body_excerpt: str | None = None
    http_error: str | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def succeeded(self) -> bool:
        """With a certificate: the request went through. Without one: the server answered the
        handshake (what the question "which CAs does it accept?" needs)."""
        if self.client_subject is None:
            return self.tls_version is not None
        return self.http_status is not None and 200 <= self.http_status < 300

    @property
    def alert_received(self) -> Alert | None:
        return next((a for a in self.alerts if a.sent_by == "server" and a.number != 0), None)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        def iso(value: datetime) -> str:
            return value.astimezone(UTC).isoformat().replace("+00:00", "Z")

        alert = self.alert_received
        return {
            "url": self.url,
            "host": self.host,
            "port": self.port,
            "path": self.path,
            "succeeded": self.succeeded,
            "client_certificate": (
                {"subject": self.client_subject, "issuer": self.client_issuer}
                if self.client_subject is not None
                else None
            ),
            "tcp": {"connected": self.tcp_connected, "error": self.tcp_error},
            "tls": {
                "version": self.tls_version,
                "cipher": self.cipher,
                "handshake_ok": self.handshake_ok,
                "error": self.handshake_error,
                "alert_received": (
                    {"number": alert.number, "name": alert.name, "level": alert.level}
                    if alert
                    else None
                ),
                "alerts": [
                    {"number": a.number, "name": a.name, "level": a.level, "sent_by": a.sent_by}
                    for a in self.alerts
                ],
            },
            "server_chain": [
                {
                    "subject": c.subject,
                    "issuer": c.issuer,
                    "not_before": iso(c.not_before),
                    "not_after": iso(c.not_after),
                    "sha256": c.sha256,
                }
                for c in self.server_chain
            ],
            "server_verified": self.server_verified,
            "server_verify_error": self.server_verify_error,
            "server_name_matches": self.server_name_matches,
            "client_certificate_requested": self.client_cert_requested,
            "client_certificate_required": self.client_cert_required,
            "acceptable_cas": list(self.acceptable_cas),
            "issuer_accepted": self.issuer_accepted,
            "http": {
                "status": self.http_status,
                "error_code": self.http_error_code,
                "body_excerpt": self.http_body_excerpt,
                "error": self.http_error,
            },
            "diagnosis": [f.to_json(lang) for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    host: str
    port: int
    path: str


def parse_url(url: str, path: str | None = None) -> Target:
    """``https://host[:port][/path]``; ``path`` (``--path``) wins over the URL's path."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme != "https" or not parts.hostname:
        raise InputError("probe.bad_url", url=url)
    try:
        port = parts.port or 443
    except ValueError:
        raise InputError("probe.bad_url", url=url) from None
    chosen = path or parts.path or "/"
    if parts.query and not path:
        chosen += f"?{parts.query}"
    if not chosen.startswith("/"):
        chosen = "/" + chosen
    return Target(url, parts.hostname, port, chosen)


def load_client_identity(
    cert: Path, key: Path | None = None, *, password: Password = None
) -> ClientIdentity:
    """The certificate (+ chain) from ``cert``; the key from ``key`` or from ``cert`` itself."""
    from certkit.sources import load_path, load_private_key

    bundle = load_path(cert, password=password)
    if not bundle.certificates:
        raise InputError("probe.no_certificate", path=str(cert))
    bundle.require_presentable()
    leaf = bundle.leaf or bundle.certificates[0]
    chain = tuple(c for c in bundle.certificates if c is not leaf)
    if key is None and not bundle.has_private_key:
        raise InputError("probe.no_key", path=str(cert))
    private_key = load_private_key(key or cert, password=password)
    return ClientIdentity(leaf, chain, private_key, str(key or cert))


def key_matches(identity: ClientIdentity) -> bool:
    """Whether the private key is the one of the certificate's public key."""
    mine = identity.key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    theirs = identity.certificate.public_key().public_bytes(
        Encoding.DER, PublicFormat.SubjectPublicKeyInfo
    )
    return mine == theirs


def local_findings(identity: ClientIdentity, now: datetime | None = None) -> list[Finding]:
    """What is wrong with our own certificate before any packet is sent."""
    now = now or datetime.now(UTC)
    cert = identity.certificate
    found: list[Finding] = []
    if not key_matches(identity):
        subject = name_text(certificate_names(cert)[0])
        found.append(
            Finding(
                "probe.key_mismatch", Severity.ERROR, {"key": identity.source, "subject": subject}
            )
        )
    if cert.not_valid_after_utc < now:
        found.append(
            Finding(
                "probe.cert_expired", Severity.ERROR, {"not_after": _day(cert.not_valid_after_utc)}
            )
        )
    elif cert.not_valid_before_utc > now:
        found.append(
            Finding(
                "probe.cert_not_yet_valid",
                Severity.ERROR,
                {"not_before": _day(cert.not_valid_before_utc)},
            )
        )
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError):  # absent, or not readable (then not judged)
        eku = None
    if eku is not None and ExtendedKeyUsageOID.CLIENT_AUTH not in eku:
        usages = ", ".join(getattr(u, "_name", None) or u.dotted_string for u in eku)
        found.append(Finding("probe.cert_not_client_auth", Severity.ERROR, {"usages": usages}))
    return found


def _day(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


class _Recorder:
    """What the info and verify callbacks see during the handshake."""

    def __init__(self) -> None:
        self.alerts: list[Alert] = []
        self.cert_requested = False
        self.verify_error: tuple[int, int] | None = None

    def info(self, conn: SSL.Connection, where: int, ret: int) -> None:
        if where & _CB_READ_ALERT == _CB_READ_ALERT or where & _CB_WRITE_ALERT == _CB_WRITE_ALERT:
            number = ret & 0xFF
            level = "fatal" if (ret >> 8) == 2 else "warning"
            sent_by = "server" if where & 0x04 else "client"
            self.alerts.append(Alert(number, ALERTS.get(number, f"alert_{number}"), level, sent_by))
        elif (
            where & _CB_CONNECT_LOOP == _CB_CONNECT_LOOP
            and conn.get_state_string() == _CERT_REQUEST_STATE
        ):
            self.cert_requested = True

    def verify(
        self, conn: SSL.Connection, cert: crypto.X509, errnum: int, depth: int, ok: int
    ) -> bool:
        if not ok and self.verify_error is None:
            self.verify_error = (errnum, depth)
        return True  # we diagnose, we do not refuse: the handshake goes on


class _Failed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def probe(
    target: Target,
    identity: ClientIdentity | None,
    *,
    ca_file: Path | None = None,
    timeout: float = 10.0,
    tls_versions: tuple[str, ...] = ("1.2", "1.3"),
    now: datetime | None = None,
) -> ProbeResult:
    """Run every step against ``target`` presenting ``identity`` (None: no client certificate,
    to learn what the server asks for); network trouble never raises."""
    result: dict[str, Any] = {
        "url": target.url,
        "host": target.host,
        "port": target.port,
        "path": target.path,
        "client_subject": None,
        "client_issuer": None,
    }
    findings: list[Finding] = []
    if identity is not None:
        subject, issuer = certificate_names(identity.certificate)
        result.update(client_subject=name_text(subject), client_issuer=name_text(issuer))
        findings = local_findings(identity, now)
        if any(f.code == "probe.key_mismatch" for f in findings):
            return ProbeResult(**result, findings=tuple(findings))

    recorder = _Recorder()
    context = _client_context(identity, ca_file, tls_versions, recorder)  # bad --trust: before TCP
    # 1. TCP
    try:
        sock = socket.create_connection((target.host, target.port), timeout=timeout)
    except OSError as exc:
        reason = (
            SystemReason("timeout", "system.timeout")
            if isinstance(exc, TimeoutError)
            else os_reason(exc)
        )
        result.update(tcp_error=reason)
        findings.append(
            Finding(
                "probe.tcp_failed",
                Severity.ERROR,
                {"host": target.host, "port": target.port, "reason": reason},
            )
        )
        return ProbeResult(**result, findings=tuple(findings))
    result["tcp_connected"] = True
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        conn = SSL.Connection(context, sock)
        if not _is_ip(target.host):
            conn.set_tlsext_host_name(target.host.encode("idna"))
        conn.set_connect_state()
        # 2. TLS handshake
        try:
            _io(sock, conn.do_handshake, time.monotonic() + timeout)
            result["handshake_ok"] = True
        except _Failed as exc:
            result["handshake_error"] = exc.reason
        ca_names = _collect_tls(conn, identity, result, recorder, target)
        # 3. HTTP
        if result.get("handshake_ok"):
            try:
                status, body = _http_get(conn, sock, target, time.monotonic() + timeout)
                result["http_status"] = status
                result["http_body_excerpt"] = _excerpt(body)
                result["http_error_code"] = _error_code(body)
            except _Failed as exc:
                server_alert = any(a.sent_by == "server" and a.number for a in recorder.alerts)
                if server_alert:  # TLS 1.3: the server refused our certificate after Finished
                    result["handshake_ok"] = False
                    result["handshake_error"] = exc.reason
                else:
                    result["http_error"] = exc.reason
        result["alerts"] = tuple(recorder.alerts)
    finally:
        sock.close()
    if identity is None:
        result["client_cert_required"] = _required(result)
        findings += diagnose_without_certificate(ProbeResult(**result), ca_names)
    else:
        findings += diagnose(ProbeResult(**result), identity)
    return ProbeResult(**result, findings=tuple(_dedupe(findings)))


def _required(result: dict[str, Any]) -> bool | None:
    """Whether the server insists on a client certificate, seen from a probe that sent none:
    refused (an alert) = required; answered over HTTP = not required at the TLS level."""
    if not result.get("client_cert_requested"):
        return False if result.get("tls_version") else None
    if result.get("http_status") is not None:
        return False
    server_alerts = [a for a in result.get("alerts", ()) if a.sent_by == "server" and a.number]
    if server_alerts or result.get("handshake_error"):
        return True
    return None


def _client_context(
    identity: ClientIdentity | None,
    ca_file: Path | None,
    tls_versions: tuple[str, ...],
    recorder: _Recorder,
) -> SSL.Context:
    versions = sorted(TLS_VERSIONS[v] for v in tls_versions)
    context = SSL.Context(SSL.TLS_CLIENT_METHOD)
    context.set_min_proto_version(versions[0])
    context.set_max_proto_version(versions[-1])
    context.set_mode(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
    if identity is not None:
        try:
            context.use_certificate(identity.certificate)
            for cert in identity.chain:
                subject, issuer = certificate_names(cert)
                if subject != issuer:  # send intermediates, not the root
                    context.add_extra_chain_cert(cert)
            key: Any = identity.key
            context.use_privatekey(key)
        except (SSL.Error, crypto.Error, ValueError) as exc:
            raise InputError(
                "probe.cert_unusable", path=identity.source, reason=ssl_error_text(exc)
            ) from None
    if ca_file is not None:
        from certkit.sources import load_path

        store = context.get_cert_store()
        assert store is not None
        cas = load_path(ca_file).certificates
        if not cas:
            raise InputError("probe.no_certificate", path=str(ca_file))
        for ca in cas:
            store.add_cert(crypto.X509.from_cryptography(ca))
    else:
        context.set_default_verify_paths()
    context.set_verify(SSL.VERIFY_PEER, recorder.verify)
    context.set_info_callback(recorder.info)
    return context


def _collect_tls(
    conn: SSL.Connection,
    identity: ClientIdentity | None,
    result: dict[str, Any],
    recorder: _Recorder,
    target: Target,
) -> tuple[bytes, ...]:
    """Record what the handshake showed; the DER of the CA names the server announced."""
    # pyOpenSSL's X509 and their DER: cryptography may refuse to load what OpenSSL accepted.
    chain = [
        crypto.dump_certificate(crypto.FILETYPE_ASN1, c) for c in conn.get_peer_cert_chain() or []
    ]
    if not chain and not result.get("handshake_ok"):
        return ()  # the server's first flight never arrived: nothing to report about TLS
    version = conn.get_protocol_version_name()
    result["tls_version"] = version if version and version != "Unknown" else None
    result["cipher"] = conn.get_cipher_name()
    result["server_chain"] = tuple(_chain_entry(der) for der in chain)
    if chain:
        result["server_verified"] = recorder.verify_error is None
        if recorder.verify_error is not None:
            errnum, depth = recorder.verify_error
            result["server_verify_error"] = f"{verify_error_text(errnum)} (depth {depth})"
        result["server_name_matches"] = _name_matches(chain[0], target.host)
    ca_names = tuple(name.der() for name in conn.get_client_ca_list())
    result["acceptable_cas"] = tuple(name_text(der) for der in ca_names)
    requested = recorder.cert_requested or bool(ca_names)
    result["client_cert_requested"] = requested
    if requested and ca_names and identity is not None:
        ours = [certificate_names(identity.certificate)[1]]
        for cert in identity.chain:
            ours += certificate_names(cert)
        result["issuer_accepted"] = any(_same_name(a, b) for a in ca_names for b in ours)
    return ca_names


def _chain_entry(der: bytes) -> ChainEntry:
    """Subject, issuer, validity and fingerprint of a certificate, read from its DER."""
    import hashlib

    from certkit.names import certificate_names_der

    subject, issuer = certificate_names_der(der)
    x509_cert = crypto.load_certificate(crypto.FILETYPE_ASN1, der)
    return ChainEntry(
        name_text(subject),
        name_text(issuer),
        _asn1_time(x509_cert.get_notBefore()),
        _asn1_time(x509_cert.get_notAfter()),
        hashlib.sha256(der).hexdigest(),
    )


def _asn1_time(value: bytes | None) -> datetime:
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.strptime(value.decode("ascii"), "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)


def _same_name(a: bytes, b: bytes) -> bool:
    """The same name: the same DER, or equal as RFC 5280 §7.1 compares names."""
    if a == b:
        return True
    from certkit.names import NameDecodeError, names_equal

    try:
        return bool(names_equal(a, b))
    except (NameDecodeError, ValueError):
        return False


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _name_matches(der: bytes, host: str) -> bool | None:
    """RFC 6125 in short: an IP must be an iPAddress SAN; a name a DNS SAN (one-label wildcard).
    None when the certificate's extensions cannot be read."""
    import ipaddress

    try:
        cert = x509.load_der_x509_certificate(der)
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    except ValueError:
        return None
    if _is_ip(host):
        return ipaddress.ip_address(host) in san.get_values_for_type(x509.IPAddress)
    wanted = host.lower().rstrip(".")
    for name in san.get_values_for_type(x509.DNSName):
        pattern = name.lower().rstrip(".")
        if pattern == wanted:
            return True
        if pattern.startswith("*.") and "." in wanted and wanted.split(".", 1)[1] == pattern[2:]:
            return True
    return False


def _io(sock: socket.socket, operation: Callable[[], Any], deadline: float) -> Any:
    """A non-blocking OpenSSL call retried until ``deadline``; failures become :class:`_Failed`."""
    try:
        return retry_nonblocking(sock, operation, deadline)
    except TimeoutError:
        raise _Failed("timeout") from None
    except SSL.ZeroReturnError:
        raise _Failed("connection closed by the server (close_notify)") from None
    except SSL.SysCallError as exc:
        code = exc.args[0] if exc.args else None
        reason = "connection closed by the server" if code in (-1, 0) else str(exc.args[-1])
        raise _Failed(reason) from None
    except SSL.Error as exc:
        raise _Failed(ssl_error_text(exc)) from None


def _http_get(
    conn: SSL.Connection, sock: socket.socket, target: Target, deadline: float
) -> tuple[int, bytes]:
    http = h11.Connection(h11.CLIENT)
    host = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != 443:
        host += f":{target.port}"
    data = (
        http.send(
            h11.Request(
                method="GET",
                target=target.path,
                headers=[
                    ("host", host),
                    ("user-agent", "certkit-probe"),
                    ("accept", "application/json, */*"),
                    ("connection", "close"),
                ],
            )
        )
        or b""
    )
    data += http.send(h11.EndOfMessage()) or b""
    view = memoryview(data)
    while view:
        sent = _io(sock, functools.partial(conn.send, view[:16384]), deadline)
        view = view[int(sent) :]
    status: int | None = None
    body = bytearray()
    while True:
        try:
            event = http.next_event()
        except h11.RemoteProtocolError as exc:
            raise _Failed(f"invalid HTTP response ({exc})") from None
        if event is h11.NEED_DATA:
            try:
                chunk = _io(sock, lambda: conn.recv(65536), deadline)
            except _Failed as exc:
                if status is not None and exc.reason.startswith("connection closed"):
                    chunk = b""
                else:
                    raise
            http.receive_data(bytes(chunk))
            continue
        if isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.Data):
            if len(body) < 65536:
                body += event.data
        elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
            if status is None:
                raise _Failed("connection closed before an HTTP response")
            return status, bytes(body)


def _excerpt(body: bytes) -> str:
    """The start of the body; a JSON body is shown whole (re-indented by the CLI) when it fits
    in a few kilobytes, so its error code and hint are never cut."""
    text = body.decode("utf-8", "replace")
    if len(text) <= 8 * BODY_EXCERPT and text.lstrip().startswith("{"):
        return text.strip()
    return text[:BODY_EXCERPT]


def _error_code(body: bytes) -> str | None:
    import json

    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    code = data.get("error") if isinstance(data, dict) else None
    return code if isinstance(code, str) else None


# -- diagnosis ---------------------------------------------------------------------------------

_PLATFORM_REFUSALS = {
    "DN_NOT_REGISTERED": "probe.platform_dn_not_registered",
    "ISSUER_NOT_REGISTERED": "probe.platform_issuer_not_registered",
    "SIREN_MISMATCH": "probe.platform_siren_mismatch",
    "SIREN_MISSING": "probe.platform_siren_missing",
    "NO_CLIENT_CERTIFICATE": "probe.platform_no_client_certificate",
}


def diagnose(result: ProbeResult, identity: ClientIdentity) -> list[Finding]:
    """Findings explaining ``result``: the most likely cause first, each with its fix."""
    found: list[Finding] = []
    accepted = "; ".join(result.acceptable_cas) or "-"
    if result.tcp_connected and not result.handshake_ok:
        alert = result.alert_received
        issuer_refused = bool(result.client_cert_requested and result.issuer_accepted is False)
        if issuer_refused:
            found.append(
                Finding(
                    "probe.issuer_not_accepted",
                    Severity.ERROR,
                    {"issuer": result.client_issuer, "accepted": accepted},
                )
            )
        if alert is None:
            found.append(
                Finding(
                    "probe.handshake_failed",
                    Severity.ERROR,
                    {"reason": result.handshake_error or "unknown"},
                )
            )
        elif not (alert.name == "unknown_ca" and issuer_refused):  # else already said, with CAs
            found.append(_alert_finding(alert, result, identity, accepted))
    if result.tcp_connected and result.client_cert_requested is False and result.tls_version:
        found.append(Finding("probe.no_client_cert_request", Severity.WARNING, {}))
    found += _server_findings(result)
    if result.http_error is not None:
        if result.tls_version == "TLSv1.3" and result.client_cert_requested:
            # TLS 1.3: the client's handshake ends before the server has judged its certificate
            found.append(
                Finding(
                    "probe.closed_after_handshake",
                    Severity.ERROR,
                    {"reason": result.http_error, "accepted": accepted},
                )
            )
        found.append(Finding("probe.http_failed", Severity.ERROR, {"reason": result.http_error}))
    status = result.http_status
    if status is not None:
        params = {
            "status": status,
            "subject": result.client_subject,
            "issuer": result.client_issuer,
            "path": result.path,
            "error": result.http_error_code or "",
        }
        if 200 <= status < 300:
            found.append(Finding("probe.ok", Severity.OK, params))
        elif result.http_error_code in _PLATFORM_REFUSALS:
            found.append(
                Finding(_PLATFORM_REFUSALS[result.http_error_code], Severity.ERROR, params)
            )
        else:
            found.append(Finding("probe.http_status", Severity.ERROR, params))
    return found


def diagnose_without_certificate(
    result: ProbeResult, ca_names: tuple[bytes, ...] = ()
) -> list[Finding]:
    """What a probe without a client certificate learnt: asked? required? which CAs?"""
    found: list[Finding] = []
    if result.tcp_connected and result.tls_version is None:
        found.append(
            Finding(
                "probe.handshake_failed",
                Severity.ERROR,
                {"reason": result.handshake_error or "unknown"},
            )
        )
        return found
    if not result.tcp_connected:
        return found
    if not result.client_cert_requested:
        found.append(Finding("probe.no_client_cert_request", Severity.WARNING, {}))
    else:
        if result.client_cert_required:
            alert = result.alert_received
            text = f"{alert.number} {alert.name}" if alert else (result.handshake_error or "-")
            found.append(Finding("probe.cert_required", Severity.INFO, {"alert": text}))
        elif result.client_cert_required is False:
            found.append(
                Finding(
                    "probe.cert_optional",
                    Severity.WARNING,
                    {"status": result.http_status or "-", "error": result.http_error_code or ""},
                )
            )
        if result.acceptable_cas:
            found.append(
                Finding(
                    "probe.accepted_cas",
                    Severity.INFO,
                    {
                        "accepted": "; ".join(result.acceptable_cas),
                        "providers": ", ".join(_providers(ca_names)) or "-",
                    },
                )
            )
        else:
            found.append(Finding("probe.accepts_unnamed_cas", Severity.WARNING, {}))
    found += _server_findings(result)
    return found


def _server_findings(result: ProbeResult) -> list[Finding]:
    """What is wrong with the server's own certificate, as we saw it."""
    found: list[Finding] = []
    if result.server_verified is False:
        found.append(
            Finding(
                "probe.server_not_trusted",
                Severity.WARNING,
                {"reason": result.server_verify_error or "unknown"},
            )
        )
    if result.server_chain and result.server_name_matches is False:
        found.append(
            Finding(
                "probe.server_name_mismatch",
                Severity.WARNING,
                {"host": result.host, "subject": result.server_chain[0].subject},
            )
        )
    return found


def _providers(ca_names: tuple[bytes, ...]) -> list[str]:
    """Who runs each accepted CA: its organisation (O), else its common name, each once."""
    from certkit.names import NameDecodeError, from_der

    providers: list[str] = []
    for der in ca_names:
        try:
            parsed = from_der(der)
        except NameDecodeError:
            continue
        values = parsed.values("2.5.4.10") or parsed.values("2.5.4.3")
        for value in values[:1]:
            if value not in providers:
                providers.append(value)
    return providers


_EXPLAINED_ALERTS = frozenset(
    {
        "unknown_ca",
        "certificate_expired",
        "unsupported_certificate",
        "certificate_required",
        "bad_certificate",
        "certificate_revoked",
        "protocol_version",
        "handshake_failure",
        "certificate_unknown",
        "access_denied",
    }
)


def _alert_finding(
    alert: Alert, result: ProbeResult, identity: ClientIdentity, accepted: str
) -> Finding:
    """The finding for an alert the server sent: what it means for a client certificate."""
    text = f"{alert.number} {alert.name}"
    if alert.name not in _EXPLAINED_ALERTS:
        return Finding(
            "probe.alert_other", Severity.ERROR, {"alert": text, "reason": result.handshake_error}
        )
    return Finding(
        f"probe.alert_{alert.name}",
        Severity.ERROR,
        {
            "alert": text,
            "issuer": result.client_issuer,
            "accepted": accepted,
            "not_after": _day(identity.certificate.not_valid_after_utc),
        },
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Each code once, first occurrence kept (local findings come before the server's view)."""
    seen: set[str] = set()
    kept: list[Finding] = []
    for finding in findings:
        if finding.code in seen:
            continue
        seen.add(finding.code)
        kept.append(finding)
    return kept


__all__ = [
    "ALERTS",
    "Alert",
    "ChainEntry",
    "ClientIdentity",
    "ProbeResult",
    "Target",
    "diagnose",
    "diagnose_without_certificate",
    "key_matches",
    "load_client_identity",
    "local_findings",
    "parse_url",
    "probe",
]
