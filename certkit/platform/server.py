"""The platform's HTTPS server: pyOpenSSL for TLS, h11 as the HTTP/1.1 engine, a thread pool.

Why this shape (measured, see ``scripts/benchlib/handshake.py``): a full mTLS handshake is almost
all OpenSSL work, and pyOpenSSL's calls release the GIL, so a small pool of threads each owning one
connection keeps both cores busy; pyOpenSSL (cryptography's bundled OpenSSL) handshakes cheaper than
the ``ssl`` module, and it exposes what a real front door does: it announces the acceptable client
CA names in the CertificateRequest and lets us record why a client chain was refused.

Robustness: every connection has deadlines (handshake, whole request, keep-alive idle), garbage and
truncated input end the connection (with a 400 when HTTP framing is broken), connections beyond
the worker pool wait in the listen backlog, and each socket is closed in a ``finally``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import h11
from OpenSSL import SSL, crypto

from certkit.errors import InputError
from certkit.platform.authz import Authoriser, Decision
from certkit.platform.endpoints import MAX_BODY, Response, error, respond

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

AccessLog = Callable[[dict[str, Any]], None]

SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 0x2  # retry a partial write from a moved buffer

TLS_VERSIONS = {"1.2": SSL.TLS1_2_VERSION, "1.3": SSL.TLS1_3_VERSION}

# OpenSSL's alert for a verification error, as ssl/statem/statem_lib.c maps it (the ones that matter
# for client certificates), so the access log says what the client was told.
_VERIFY_ALERTS = {
    9: "bad_certificate",  # not yet valid
    10: "certificate_expired",
    2: "unknown_ca",
    3: "unknown_ca",  # no CRL for the issuer (with --crl)
    18: "unknown_ca",
    19: "unknown_ca",
    20: "unknown_ca",
    21: "unknown_ca",
    26: "unsupported_certificate",
    23: "certificate_revoked",
    7: "decrypt_error",
}


class ClientAuth(StrEnum):
    """Whether the handshake demands a client certificate (names as sslyze uses them)."""

    REQUIRED = "required"  # CertificateRequest sent; no certificate → handshake alert
    OPTIONAL = "optional"  # CertificateRequest sent; no certificate → HTTP 403


@dataclass(frozen=True, slots=True)
class TlsMaterial:
    """The server's certificate chain and key, and the CAs whose client certificates it trusts."""

    chain: tuple[x509.Certificate, ...]  # leaf first
    key: PrivateKeyTypes = field(repr=False)
    client_cas: tuple[x509.Certificate, ...]
    source: str = ""
    crls: tuple[x509.CertificateRevocationList, ...] = ()  # when given, revocation is checked


@dataclass(frozen=True, slots=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 0
    tls_versions: tuple[str, ...] = ("1.2", "1.3")
    client_auth: ClientAuth = ClientAuth.REQUIRED
    workers: int = 64
    handshake_timeout: float = 10.0
    request_timeout: float = 10.0
    idle_timeout: float = 5.0
    lang: str = "en"


def build_context(material: TlsMaterial, config: ServerConfig) -> SSL.Context:
    """The server's TLS context: chain + key, trusted client CAs, announced CA names, versions."""
    versions = sorted(TLS_VERSIONS[v] for v in config.tls_versions)
    context = SSL.Context(SSL.TLS_SERVER_METHOD)
    context.set_min_proto_version(versions[0])
    context.set_max_proto_version(versions[-1])
    context.set_mode(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
    # Full handshakes only, like the registry's front door measured by the benchmark; no state kept.
    context.set_session_cache_mode(SSL.SESS_CACHE_OFF)
    context.set_options(SSL.OP_NO_TICKET)
    leaf, *intermediates = material.chain
    context.use_certificate(leaf)
    for cert in intermediates:
        context.add_extra_chain_cert(cert)
    key: Any = material.key
    try:
        context.use_privatekey(key)  # OpenSSL refuses a key that is not the certificate's
        context.check_privatekey()
    except SSL.Error:
        raise InputError("platform.server_key_mismatch", path=material.source) from None
    store = context.get_cert_store()
    assert store is not None
    for ca in material.client_cas:
        store.add_cert(crypto.X509.from_cryptography(ca))
    # A trusted issuing CA is enough (the registry trusts given CAs, not necessarily their roots).
    flags = crypto.X509StoreFlags.PARTIAL_CHAIN
    for crl in material.crls:
        store.add_crl(crl)
    if material.crls:  # the client certificate's issuer must have a CRL, and it is checked
        flags |= crypto.X509StoreFlags.CRL_CHECK
    store.set_flags(flags)
    for ca in material.client_cas:  # the CertificateRequest's certificate_authorities
        context.add_client_ca(ca)
    mode = SSL.VERIFY_PEER
    if config.client_auth is ClientAuth.REQUIRED:
        mode |= SSL.VERIFY_FAIL_IF_NO_PEER_CERT
    context.set_verify(mode, _record_verify_error)
    return context


class _ConnState:
    """Per-connection facts the verify callback records (reached through app data)."""

    __slots__ = ("verify_error",)

    def __init__(self) -> None:
        self.verify_error: tuple[int, int, str] | None = None


def _record_verify_error(
    conn: SSL.Connection, cert: crypto.X509, errnum: int, depth: int, ok: int
) -> bool:
    if not ok:
        state = conn.get_app_data()
        if isinstance(state, _ConnState) and state.verify_error is None:
            state.verify_error = (errnum, depth, _subject_text(cert))
    return bool(ok)


def _subject_text(cert: crypto.X509) -> str:
    try:
        from certkit.names import rfc4514

        return rfc4514(cert.to_cryptography().subject)
    except Exception:  # the log must never fail because of a strange name
        return str(cert.get_subject())


def verify_error_text(errnum: int) -> str:
    """OpenSSL's own sentence for a certificate verification error number."""
    lib: Any = getattr(SSL, "_lib")  # noqa: B009 - pyOpenSSL has no public binding for it
    ffi: Any = getattr(SSL, "_ffi")  # noqa: B009
    return str(ffi.string(lib.X509_verify_cert_error_string(errnum)).decode())


class _Timeout(Exception):
    pass


class _Closed(Exception):
    pass


class PlatformServer:
    """A fixed pool of worker threads, each accepting and serving one connection at a time."""

    def __init__(
        self,
        config: ServerConfig,
        material: TlsMaterial,
        authoriser: Authoriser,
        access_log: AccessLog,
    ) -> None:
        self.config = config
        self.authoriser = authoriser
        self.context = build_context(material, config)
        self._log = access_log
        self._stopping = threading.Event()
        self._decisions: dict[bytes, Decision] = {}
        self._listener = socket.create_server((config.host, config.port), backlog=1024)
        self._workers: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"https://{shown}:{self.port}"

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown`; then finish the requests in progress (5 s grace).

        Each worker blocks in ``accept()`` on the shared socket (the kernel wakes one per
        connection): no hand-off between threads, and connections beyond the pool wait in the
        listen backlog rather than in memory.
        """
        for index in range(self.config.workers):
            worker = threading.Thread(target=self._work, name=f"platform-{index}", daemon=True)
            worker.start()
            self._workers.append(worker)
        try:
            while not self._stopping.wait(1.0):
                pass
        finally:
            self._stopping.set()
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes every blocked accept()
            deadline = time.monotonic() + 5.0
            for worker in self._workers:
                worker.join(max(0.0, deadline - time.monotonic()))
            self._listener.close()

    def shutdown(self) -> None:
        """Stop accepting (safe from a signal handler or another thread)."""
        self._stopping.set()

    def _work(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, address = self._listener.accept()
            except OSError:  # shut down, or EMFILE / ECONNABORTED for this one
                if self._stopping.is_set():
                    return
                time.sleep(0.01)
                continue
            try:
                self._serve_connection(sock, address)
            except Exception as exc:  # one broken connection must never take a worker down
                self._log({"event": "internal_error", "error": f"{type(exc).__name__}: {exc}"})
            finally:
                sock.close()

    # -- one connection ---------------------------------------------------------------------

    def _serve_connection(self, sock: socket.socket, address: Any) -> None:
        peer = f"{address[0]}:{address[1]}" if isinstance(address, tuple) else str(address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        state = _ConnState()
        conn = SSL.Connection(self.context, sock)
        conn.set_app_data(state)
        conn.set_accept_state()
        started = time.monotonic()
        try:
            self._io(conn, sock, conn.do_handshake, started + self.config.handshake_timeout)
        except (_Timeout, _Closed, SSL.Error) as exc:
            self._log_tls_failure(peer, exc, state, started)
            if isinstance(exc, SSL.Error) and not isinstance(exc, SSL.SysCallError):
                _linger(sock)  # an alert was sent: let it reach the client
            return
        tls = {
            "version": conn.get_protocol_version_name(),
            "cipher": conn.get_cipher_name(),
        }
        decision = self._decide(conn)
        try:
            self._serve_http(conn, sock, peer, decision, tls)
        except (_Timeout, _Closed, SSL.Error):
            pass
        finally:
            with contextlib.suppress(SSL.Error):
                conn.shutdown()

    def _decide(self, conn: SSL.Connection) -> Decision:
        peer_cert = conn.get_peer_certificate(as_cryptography=True)
        if peer_cert is None:
            return self.authoriser.decide(None)
        from cryptography.hazmat.primitives.serialization import Encoding

        der = peer_cert.public_bytes(Encoding.DER)
        cached = self._decisions.get(der)
        if cached is None:
            cached = self.authoriser.decide(peer_cert)
            if len(self._decisions) > 4096:
                self._decisions.clear()
            self._decisions[der] = cached
        return cached

    def _serve_http(
        self,
        conn: SSL.Connection,
        sock: socket.socket,
        peer: str,
        decision: Decision,
        tls: dict[str, Any],
    ) -> None:
        http = h11.Connection(h11.SERVER, max_incomplete_event_size=16 * 1024)
        deadline = time.monotonic() + self.config.request_timeout
        request: h11.Request | None = None
        body = bytearray()
        started = time.monotonic()
        while True:
            try:
                event = http.next_event()
            except h11.RemoteProtocolError as exc:
                if http.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                    response = error(400, "BAD_REQUEST", self.config.lang, reason=str(exc))
                    self._send(conn, sock, http, response, close=True)
                self._access(peer, decision, tls, None, response_status(400, "BAD_REQUEST"), 0)
                return
            if event is h11.NEED_DATA:
                idle = request is None and http.their_state is h11.IDLE
                data = self._recv(conn, sock, deadline, idle=idle)
                http.receive_data(data)
                continue
            if isinstance(event, h11.Request):
                request = event
                started = time.monotonic()
                deadline = started + self.config.request_timeout
                body.clear()
            elif isinstance(event, h11.Data):
                body += event.data
                if len(body) > MAX_BODY:
                    response = error(413, "BODY_TOO_LARGE", self.config.lang, limit=MAX_BODY)
                    self._send(conn, sock, http, response, close=True)
                    self._access(peer, decision, tls, request, response, started)
                    return
            elif isinstance(event, h11.EndOfMessage):
                assert request is not None
                response = self._respond(request, bytes(body), decision, tls)
                self._send(conn, sock, http, response, close=False, head=request.method == b"HEAD")
                self._access(peer, decision, tls, request, response, started)
                if http.our_state is h11.MUST_CLOSE or self._stopping.is_set():
                    return
                try:
                    http.start_next_cycle()
                except h11.LocalProtocolError:
                    return
                request = None
                deadline = time.monotonic() + self.config.idle_timeout
            elif isinstance(event, h11.ConnectionClosed):
                return

    def _respond(
        self, request: h11.Request, body: bytes, decision: Decision, tls: dict[str, Any]
    ) -> Response:
        content_type = None
        for name, value in request.headers:
            if name == b"content-type":
                content_type = value.decode("latin-1")
        return respond(
            request.method.decode("ascii", "replace"),
            request.target.decode("utf-8", "replace"),
            body,
            content_type,
            decision,
            self.config.lang,
            tls,
        )

    def _send(
        self,
        conn: SSL.Connection,
        sock: socket.socket,
        http: h11.Connection,
        response: Response,
        *,
        close: bool,
        head: bool = False,
    ) -> None:
        payload = response.encoded()
        headers = [
            ("content-type", "application/json; charset=utf-8"),
            ("content-length", str(len(payload))),
            ("server", "certkit-platform"),
        ]
        if close:
            headers.append(("connection", "close"))
        data = http.send(h11.Response(status_code=response.status, headers=headers)) or b""
        if not head:
            data += http.send(h11.Data(data=payload)) or b""
        data += http.send(h11.EndOfMessage()) or b""
        deadline = time.monotonic() + self.config.request_timeout
        view = memoryview(data)
        while view:
            chunk = view[:16384]
            sent = self._io(conn, sock, functools.partial(conn.send, chunk), deadline)
            view = view[int(sent) :]

    def _recv(
        self, conn: SSL.Connection, sock: socket.socket, deadline: float, *, idle: bool
    ) -> bytes:
        try:
            data = self._io(conn, sock, lambda: conn.recv(65536), deadline, idle=idle)
        except (SSL.ZeroReturnError, SSL.SysCallError):
            return b""
        return bytes(data)

    def _io(
        self,
        conn: SSL.Connection,
        sock: socket.socket,
        operation: Callable[[], Any],
        deadline: float,
        *,
        idle: bool = False,
    ) -> Any:
        """``operation`` until ``deadline``; between requests (``idle``) shutdown ends the wait."""
        stop = self._stopping.is_set if idle else None
        try:
            return retry_nonblocking(sock, operation, deadline, stop=stop)
        except TimeoutError:
            raise _Timeout from None
        except InterruptedError:
            raise _Closed from None

    # -- logging ------------------------------------------------------------------------------

    def _log_tls_failure(
        self, peer: str, exc: BaseException, state: _ConnState, started: float
    ) -> None:
        entry: dict[str, Any] = {
            "time": _now(),
            "event": "tls_handshake_failed",
            "peer": peer,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        }
        if isinstance(exc, _Timeout):
            entry["reason"] = "timeout"
        elif isinstance(exc, (_Closed, SSL.SysCallError)):
            entry["reason"] = "connection closed by the client"
        else:
            entry["reason"] = ssl_error_text(exc)
        if state.verify_error is not None:
            errnum, depth, subject = state.verify_error
            entry["verify_error"] = verify_error_text(errnum)
            entry["verify_error_code"] = errnum
            entry["verify_depth"] = depth
            entry["certificate"] = subject
            entry["alert_sent"] = _VERIFY_ALERTS.get(errnum, "bad_certificate")
        self._log(entry)

    def _access(
        self,
        peer: str,
        decision: Decision,
        tls: dict[str, Any],
        request: h11.Request | None,
        response: Response,
        started: float,
    ) -> None:
        entry: dict[str, Any] = {
            "time": _now(),
            "event": "request",
            "peer": peer,
            "tls_version": tls.get("version"),
            "cipher": tls.get("cipher"),
            "method": request.method.decode("ascii", "replace") if request else None,
            "path": request.target.decode("utf-8", "replace") if request else None,
            "status": response.status,
            "error": response.body.get("error"),
            "subject": decision.subject_dn,
            "issuer": decision.issuer_dn,
            "siren": decision.siren,
            "account": decision.account.siren if decision.account else None,
            "slot": decision.slot,
        }
        if started:
            entry["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
        self._log(entry)


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


def _linger(sock: socket.socket, seconds: float = 1.0) -> None:
    """Close politely after a refused handshake: our alert must reach the client.

    A TLS 1.3 client sends its request right after its Finished; closing with that request unread
    makes the kernel answer with a reset, which can destroy the alert before the client reads it.
    So: stop writing, then read and drop what the client still sends, briefly (like nginx).
    """
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        return
    deadline = time.monotonic() + seconds
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    drained = 0
    while drained < 256 * 1024:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            return
        try:
            data = sock.recv(65536)
        except BlockingIOError:
            continue
        except OSError:
            return
        if not data:
            return
        drained += len(data)


def response_status(status: int, code: str) -> Response:
    return Response(status, {"error": code})


def ssl_error_text(exc: BaseException) -> str:
    """OpenSSL's reasons in a pyOpenSSL error, joined ("tlsv1 alert unknown ca")."""
    args = exc.args[0] if exc.args else None
    if isinstance(args, list) and args:
        return "; ".join(str(part[-1]) for part in args if isinstance(part, tuple)) or str(exc)
    return str(exc) or type(exc).__name__


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def open_fd_count() -> int:
    """Open file descriptors of this process (Linux), for tests and diagnostics."""
    return len(os.listdir("/proc/self/fd"))
