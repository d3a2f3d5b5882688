"""The platform's HTTPS server: pyOpenSSL for TLS, h11 as the HTTP/1.1 engine, a thread pool.

Why this shape (measured, see ``scripts/benchlib/handshake.py``): a full mTLS handshake is almost
all OpenSSL work, and pyOpenSSL's calls release the GIL, so a small pool of threads keeps both
cores busy; pyOpenSSL (cryptography's bundled OpenSSL) handshakes cheaper than the ``ssl``
module, and it exposes what a real front door does: it announces the acceptable client CA names
in the CertificateRequest and lets us record why a client chain was refused.

Connections, not threads, wait for the network. Each connection is a generator that runs on
non-blocking sockets and yields whenever OpenSSL or h11 needs bytes that have not arrived (or room
to send). A worker thread runs it as long as the peer keeps up, and keeps waiting itself while
other workers are idle; otherwise the connection is *parked*: one reactor thread watches every
parked socket (epoll) and its deadline, and hands it back to the pool when it is ready or too late.
So idle, half-open or slowloris connections cost a socket and a little memory, never a worker: a
real client is served at once however many of them are held open, and each of them is dropped at
its deadline (handshake, whole request, keep-alive idle).

Workers wait for new connections and for parked ones coming back on the same epoll set
(``EPOLLEXCLUSIVE``: the kernel wakes one worker per event). Garbage and truncated input end the
connection (with a 400 when HTTP framing is broken), and each socket is closed in a ``finally``.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import heapq
import itertools
import os
import select
import socket
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import h11
from OpenSSL import SSL, crypto

from certkit.errors import InputError
from certkit.platform.authz import Authoriser, Decision
from certkit.platform.endpoints import MAX_BODY, Response, error, respond
from certkit.tls import (
    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
    TLS_VERSIONS,
    ssl_error_text,
    verify_error_text,
)

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

AccessLog = Callable[[dict[str, Any]], None]

__all__ = [
    "TLS_VERSIONS",
    "AccessLog",
    "ClientAuth",
    "PlatformServer",
    "ServerConfig",
    "TlsMaterial",
    "build_context",
    "open_fd_count",
]

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

# A worker keeps waiting for its connection's peer while another worker is idle, in slices, for at
# most this long; then (or as soon as no worker is idle) the connection is parked.
_GRACE = 0.1
_SLICE = 0.005
_STOP_GRACE = 5.0  # requests in progress at shutdown get this long to finish


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
    workers: int = 64  # threads doing TLS and HTTP work at once
    handshake_timeout: float = 10.0
    request_timeout: float = 10.0
    idle_timeout: float = 5.0
    max_connections: int = 4096  # open at once, most of them parked; more wait in the backlog
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

    __slots__ = ("busy", "verify_error")

    def __init__(self) -> None:
        self.verify_error: tuple[int, int, str] | None = None
        self.busy = False  # in a handshake or a request whose log entry is not written yet


def _record_verify_error(
    conn: SSL.Connection, cert: crypto.X509, errnum: int, depth: int, ok: int
) -> bool:
    if not ok:
        state = conn.get_app_data()
        if isinstance(state, _ConnState) and state.verify_error is None:
            state.verify_error = (errnum, depth, _subject_text(cert))
    return bool(ok)


def _subject_text(cert: crypto.X509) -> str:
    from certkit.names import certificate_names_der
    from certkit.tls import name_text

    try:
        der = crypto.dump_certificate(crypto.FILETYPE_ASN1, cert)
        return name_text(certificate_names_der(der)[0])
    except Exception:  # the log must never fail because of a strange certificate
        return "?"


class _Timeout(Exception):
    pass


class _Closed(Exception):
    pass


# What a connection generator yields when it must wait: (poll events, deadline, idle). "idle"
# means between keep-alive requests: a shutdown ends such a wait at once.
_Wait = tuple[int, float, bool]
_Step = Generator[_Wait, None, Any]


class _Job:
    """One connection: its socket, its generator, and where it waits."""

    __slots__ = ("done", "gen", "parked_id", "sock", "state", "wait")

    def __init__(self, sock: socket.socket, gen: _Step, state: _ConnState) -> None:
        self.sock = sock
        self.gen = gen
        self.state = state
        self.wait: _Wait = (0, 0.0, False)
        self.parked_id = 0
        self.done = False


class PlatformServer:
    """A pool of workers serving connections; a reactor holding those that wait on the network."""

    def __init__(
        self,
        config: ServerConfig,
        material: TlsMaterial,
        authoriser: Authoriser,
        access_log: AccessLog,
    ) -> None:
        self.config = config
        self.context = build_context(material, config)
        self._log = access_log
        self._authoriser = authoriser
        self._decisions: dict[bytes, Decision] = {}
        self._stopping = threading.Event()
        self._finished = threading.Event()  # every worker may leave
        self._wakeup = threading.Event()
        self._listener = socket.create_server((config.host, config.port), backlog=1024)
        self._listener.setblocking(False)
        self._ready: collections.deque[tuple[_Job, Any]] = collections.deque()
        self._ready_fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_SEMAPHORE | os.EFD_CLOEXEC)
        self._lock = threading.Lock()
        self._idle_workers = 0
        self._active = 0
        self._busy = 0  # connections in a handshake or a request, not logged yet
        self._settled = threading.Condition(self._lock)
        self._reactor = _Reactor(self)
        self._threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"https://{shown}:{self.port}"

    @property
    def authoriser(self) -> Authoriser:
        return self._authoriser

    @authoriser.setter
    def authoriser(self, authoriser: Authoriser) -> None:
        """Swap the accounts in use (a reload): new connections and requests see them at once."""
        self._authoriser = authoriser
        self._decisions = {}

    def serve_forever(self, tick: Callable[[], None] | None = None, interval: float = 1.0) -> None:
        """Serve until :meth:`shutdown`, calling ``tick()`` every ``interval`` seconds and at
        each :meth:`wake`; then let the requests in progress finish (5 s at most)."""
        reactor = threading.Thread(target=self._reactor.run, name="platform-reactor", daemon=True)
        reactor.start()
        self._threads = [reactor]
        for index in range(self.config.workers):
            worker = threading.Thread(target=self._work, name=f"platform-{index}", daemon=True)
            worker.start()
            self._threads.append(worker)
        try:
            while not self._stopping.is_set():
                self._wakeup.wait(interval)
                self._wakeup.clear()
                if tick is not None and not self._stopping.is_set():
                    tick()
        finally:
            self._stopping.set()
            self._reactor.wake()
            deadline = time.monotonic() + _STOP_GRACE
            while self._active and time.monotonic() < deadline:
                time.sleep(0.02)
            self._finished.set()
            self._reactor.wake()
            for thread in self._threads:
                thread.join(max(0.1, deadline + 1 - time.monotonic()))
            while self._ready:  # handed back after the last worker left
                self._finish(self._ready.popleft()[0])
            self._listener.close()
            os.close(self._ready_fd)

    @property
    def open_connections(self) -> int:
        """The client connections the server holds open (in a handshake, a request or idle)."""
        return self._active

    def settle(self, timeout: float = 1.0) -> bool:
        """Wait (at most ``timeout`` seconds) until no connection is in a handshake or a request
        whose log entry is still to be written: a client that has just been refused or answered
        then finds its entry in the log. False when some connection was still busy."""
        with self._settled:
            return self._settled.wait_for(lambda: self._busy == 0, timeout)

    def _mark(self, state: _ConnState, busy: bool) -> None:
        with self._lock:
            if state.busy is busy:
                return
            state.busy = busy
            self._busy += 1 if busy else -1
            if not self._busy:
                self._settled.notify_all()

    def shutdown(self) -> None:
        """Stop accepting (safe from a signal handler or another thread)."""
        self._stopping.set()
        self._wakeup.set()

    def wake(self) -> None:
        """Run the ``tick`` of :meth:`serve_forever` now (safe from a signal handler)."""
        self._wakeup.set()

    # -- the pool ------------------------------------------------------------------------------

    def _work(self) -> None:
        poller = select.epoll()
        exclusive = select.EPOLLIN | getattr(select, "EPOLLEXCLUSIVE", 0)
        listening = True
        poller.register(self._listener.fileno(), exclusive)
        poller.register(self._ready_fd, exclusive)
        try:
            while not self._finished.is_set():
                if listening and self._stopping.is_set():
                    poller.unregister(self._listener.fileno())
                    listening = False
                with self._lock:
                    self._idle_workers += 1
                try:
                    events = poller.poll(0.25)
                finally:
                    with self._lock:
                        self._idle_workers -= 1
                for fd, _mask in events:
                    if fd == self._ready_fd:
                        self._resume_one()
                    elif listening:
                        self._accept_one()
        finally:
            poller.close()

    def _resume_one(self) -> None:
        try:
            os.eventfd_read(self._ready_fd)
            job, value = self._ready.popleft()
        except (BlockingIOError, IndexError):  # another worker took it
            return
        self._drive(job, value)

    def _accept_one(self) -> None:
        if self._active >= self.config.max_connections:
            time.sleep(0.01)  # leave it in the backlog until a connection ends
            return
        try:
            sock, address = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return  # another worker took it
        except OSError:  # EMFILE, ECONNABORTED: this one only
            time.sleep(0.01)
            return
        state = _ConnState()
        state.busy = True  # from accept until the handshake is done or its failure is logged
        with self._lock:
            self._active += 1
            self._busy += 1
        job = _Job(sock, self._connection(sock, address, state), state)
        self._drive(job, None)

    def _drive(self, job: _Job, value: Any) -> None:
        """Run ``job`` until it ends, or must wait while no worker is idle (then park it)."""
        try:
            self._drive_once(job, value)
        except Exception as exc:  # never lose a worker (nor the socket) to a bug
            self._log({"event": "internal_error", "error": f"{type(exc).__name__}: {exc}"})
            with contextlib.suppress(Exception):
                self._finish(job)

    def _drive_once(self, job: _Job, value: Any) -> None:
        while True:
            try:
                if isinstance(value, BaseException):
                    job.wait = job.gen.throw(value)
                else:
                    job.wait = job.gen.send(value)
            except StopIteration:
                self._finish(job)
                return
            except Exception as exc:  # one broken connection must never take a worker down
                self._log({"event": "internal_error", "error": f"{type(exc).__name__}: {exc}"})
                self._finish(job)
                return
            value = self._wait_here(job)
            if value is None:
                self._reactor.park(job)
                return

    def _wait_here(self, job: _Job) -> Any:
        """Wait for ``job``'s socket in this worker while that costs no one anything: True when
        ready, an exception to throw (timeout, shutdown), None to park it instead."""
        events, deadline, idle = job.wait
        poller = select.poll()
        poller.register(job.sock.fileno(), events)
        until = min(deadline, time.monotonic() + _GRACE)
        while True:
            now = time.monotonic()
            if now >= deadline:
                return _Timeout()
            if idle and self._stopping.is_set():
                return _Closed()
            if now >= until or self._idle_workers == 0:
                return None
            if poller.poll(min(_SLICE, until - now) * 1000):
                return True

    def _finish(self, job: _Job) -> None:
        if job.done:
            return
        job.done = True
        try:
            job.gen.close()
        finally:
            job.sock.close()
            self._mark(job.state, busy=False)  # even when the generator never started
            with self._lock:
                self._active -= 1

    def _resume(self, job: _Job, value: Any) -> None:
        """Hand a parked job back to the pool (from the reactor)."""
        self._ready.append((job, value))
        os.eventfd_write(self._ready_fd, 1)

    # -- one connection ---------------------------------------------------------------------

    def _connection(self, sock: socket.socket, address: Any, state: _ConnState) -> _Step:
        peer = f"{address[0]}:{address[1]}" if isinstance(address, tuple) else str(address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        conn = SSL.Connection(self.context, sock)
        conn.set_app_data(state)
        conn.set_accept_state()
        started = time.monotonic()
        try:
            try:
                yield from self._io(conn.do_handshake, started + self.config.handshake_timeout)
            except (_Timeout, _Closed, SSL.Error) as exc:
                self._log_tls_failure(peer, exc, state, started)
                self._mark(state, busy=False)
                if isinstance(exc, SSL.Error) and not isinstance(exc, SSL.SysCallError):
                    yield from _linger(sock)  # an alert was sent: let it reach the client
                return
            self._mark(state, busy=False)
            tls = {
                "version": conn.get_protocol_version_name(),
                "cipher": conn.get_cipher_name(),
            }
            try:
                yield from self._serve_http(conn, peer, tls, state)
            except (_Timeout, _Closed, SSL.Error):
                pass
            finally:
                with contextlib.suppress(SSL.Error):
                    conn.shutdown()
        finally:
            self._mark(state, busy=False)

    def _decide(self, conn: SSL.Connection) -> Decision:
        # pyOpenSSL's X509, not cryptography's: OpenSSL accepted this certificate, and
        # cryptography may not load it (a bad PrintableString, ...); the decision reads the DER.
        peer = conn.get_peer_certificate()
        if peer is None:
            return self._authoriser.decide(None)
        der = crypto.dump_certificate(crypto.FILETYPE_ASN1, peer)
        decisions = self._decisions
        cached = decisions.get(der)
        if cached is None:
            cached = self._authoriser.decide(der)
            if len(decisions) > 4096:
                decisions.clear()
            decisions[der] = cached
        return cached

    def _serve_http(
        self, conn: SSL.Connection, peer: str, tls: dict[str, Any], state: _ConnState
    ) -> _Step:
        authoriser = self._authoriser
        decision = self._decide(conn)
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
                    yield from self._send(conn, http, response, close=True)
                self._access(peer, decision, tls, None, response_status(400, "BAD_REQUEST"), 0)
                return
            if event is h11.NEED_DATA:
                idle = request is None and http.their_state is h11.IDLE
                data = yield from self._recv(conn, deadline, idle=idle)
                http.receive_data(data)
                continue
            if isinstance(event, h11.Request):
                self._mark(state, busy=True)
                request = event
                started = time.monotonic()
                deadline = started + self.config.request_timeout
                body.clear()
                if authoriser is not self._authoriser:  # the accounts were reloaded meanwhile
                    authoriser = self._authoriser
                    decision = self._decide(conn)
            elif isinstance(event, h11.Data):
                body += event.data
                if len(body) > MAX_BODY:
                    response = error(413, "BODY_TOO_LARGE", self.config.lang, limit=MAX_BODY)
                    yield from self._send(conn, http, response, close=True)
                    self._access(peer, decision, tls, request, response, started)
                    return
            elif isinstance(event, h11.EndOfMessage):
                assert request is not None
                response = self._respond(request, bytes(body), decision, tls)
                head = request.method == b"HEAD"
                yield from self._send(conn, http, response, close=False, head=head)
                self._access(peer, decision, tls, request, response, started)
                self._mark(state, busy=False)
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
        http: h11.Connection,
        response: Response,
        *,
        close: bool,
        head: bool = False,
    ) -> _Step:
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
            sent = yield from self._io(functools.partial(conn.send, chunk), deadline)
            view = view[int(sent) :]

    def _recv(self, conn: SSL.Connection, deadline: float, *, idle: bool) -> _Step:
        try:
            data = yield from self._io(lambda: conn.recv(65536), deadline, idle=idle)
        except (SSL.ZeroReturnError, SSL.SysCallError):
            return b""
        return bytes(data)

    @staticmethod
    def _io(operation: Callable[[], Any], deadline: float, *, idle: bool = False) -> _Step:
        """``operation`` (a pyOpenSSL call), yielding a wait each time OpenSSL asks for one."""
        while True:
            try:
                return operation()
            except SSL.WantReadError:
                yield (select.POLLIN, deadline, idle)
            except SSL.WantWriteError:
                yield (select.POLLOUT, deadline, idle)

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
        elif "did not return a certificate" in entry["reason"]:
            entry["alert_sent"] = "certificate_required"
            entry["hint"] = (
                "the client sent no certificate; with httpx >= 0.28, cert= is ignored when "
                "verify= is a path: pass verify=ssl_context holding the certificate"
            )
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


class _Reactor:
    """Holds the parked connections: one epoll set, their deadlines, and the shutdown rules."""

    def __init__(self, server: PlatformServer) -> None:
        self._server = server
        self._epoll = select.epoll()
        self._wake_fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self._epoll.register(self._wake_fd, select.EPOLLIN)
        self._incoming: collections.deque[_Job] = collections.deque()
        self._parked: dict[int, _Job] = {}
        self._deadlines: list[tuple[float, int, _Job]] = []
        self._ids = itertools.count(1)

    def park(self, job: _Job) -> None:
        """Take ``job`` until its socket is ready or its deadline passes (any thread)."""
        self._incoming.append(job)
        self.wake()

    def wake(self) -> None:
        with contextlib.suppress(OSError):
            os.eventfd_write(self._wake_fd, 1)

    def run(self) -> None:
        try:
            while not self._step():
                pass
        finally:
            self._epoll.close()
            os.close(self._wake_fd)

    def _step(self) -> bool:
        """One round: take new jobs, wait, release the ready and the late. True when done."""
        try:
            return self._round()
        except Exception as exc:  # the reactor must outlive any one connection's surprise
            self._server._log({"event": "internal_error", "error": f"{type(exc).__name__}: {exc}"})
            return False

    def _round(self) -> bool:
        server = self._server
        self._take_incoming()
        if server._finished.is_set():
            self._close_all()
            return True
        if server._stopping.is_set():
            self._end_idle()
        timeout = 0.5
        if self._deadlines:
            timeout = max(0.0, min(timeout, self._deadlines[0][0] - time.monotonic()))
        for fd, _mask in self._epoll.poll(timeout):
            if fd == self._wake_fd:
                with contextlib.suppress(BlockingIOError):
                    os.eventfd_read(self._wake_fd)
                continue
            self._release(fd, True)
        now = time.monotonic()
        while self._deadlines and self._deadlines[0][0] <= now:
            _deadline, parked_id, job = heapq.heappop(self._deadlines)
            if job.parked_id == parked_id:
                self._release(job.sock.fileno(), _Timeout())
        return False

    def _take_incoming(self) -> None:
        while self._incoming:
            job = self._incoming.popleft()
            events, deadline, _idle = job.wait
            fd = job.sock.fileno()
            job.parked_id = next(self._ids)
            self._parked[fd] = job
            mask = select.EPOLLIN if events & select.POLLIN else select.EPOLLOUT
            try:
                self._epoll.register(fd, mask | select.EPOLLRDHUP)
            except OSError:
                self._release(fd, _Closed(), registered=False)
                continue
            heapq.heappush(self._deadlines, (deadline, job.parked_id, job))

    def _release(self, fd: int, value: Any, *, registered: bool = True) -> None:
        job = self._parked.pop(fd, None)
        if job is None:
            return
        job.parked_id = 0
        if registered:
            with contextlib.suppress(OSError):
                self._epoll.unregister(fd)
        self._server._resume(job, value)

    def _end_idle(self) -> None:
        """At shutdown, connections waiting between keep-alive requests end at once."""
        for fd, job in list(self._parked.items()):
            if job.wait[2]:
                self._release(fd, _Closed())

    def _close_all(self) -> None:
        """After the shutdown grace: whatever is still parked is closed unanswered."""
        for fd, job in list(self._parked.items()):
            self._parked.pop(fd, None)
            with contextlib.suppress(OSError):
                self._epoll.unregister(fd)
            self._server._finish(job)


def _linger(sock: socket.socket, seconds: float = 1.0) -> _Step:
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
    drained = 0
    while drained < 256 * 1024:
        try:
            data = sock.recv(65536)
        except BlockingIOError:
            try:
                yield (select.POLLIN, deadline, False)
            except (_Timeout, _Closed):
                return
            continue
        except OSError:
            return
        if not data:
            return
        drained += len(data)


def response_status(status: int, code: str) -> Response:
    return Response(status, {"error": code})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def open_fd_count() -> int:
    """Open file descriptors of this process (Linux), for tests and diagnostics."""
    return len(os.listdir("/proc/self/fd"))
