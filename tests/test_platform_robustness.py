"""The platform under hostile and heavy input: garbage, half-open and truncated connections,
slowloris, malformed HTTP (server in-process, short timeouts), and a bounded load test (subprocess).
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from certkit.platform.accounts import load_accounts
from certkit.platform.authz import Authoriser, DnCompare
from certkit.platform.material import from_ca_dir
from certkit.platform.server import PlatformServer, ServerConfig
from tests.test_platform_support import (
    SIREN_A,
    Pki,
    client_context,
    https_request,
    pki,
    run_threads,
    running_platform,
)

__all__ = ["pki"]


@contextlib.contextmanager
def inprocess(
    pki: Pki, workers: int = 4, timeout: float = 1.0
) -> Iterator[tuple[PlatformServer, list[dict[str, Any]]]]:
    log: list[dict[str, Any]] = []
    config = ServerConfig(
        port=0,
        workers=workers,
        handshake_timeout=timeout,
        request_timeout=timeout,
        idle_timeout=timeout,
    )
    server = PlatformServer(
        config,
        from_ca_dir(pki.ca_dir),
        Authoriser(load_accounts(pki.accounts), DnCompare.EXACT),
        log.append,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, log
    finally:
        server.shutdown()
        thread.join(15)
        assert not thread.is_alive(), "the server did not stop"


def _still_serves(pki: Pki, port: int, within: float) -> None:
    start = time.monotonic()
    status, body, _ = https_request(port, client_context(pki, "syndic"), timeout=within + 5)
    assert status == 200 and body["account_siren"] == SIREN_A
    assert time.monotonic() - start < within


def _client_hello() -> bytes:
    """The first flight of a real TLS client (from the ssl module, through memory BIOs)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
    with pytest.raises(ssl.SSLWantReadError):
        tls.do_handshake()
    hello = outgoing.read()
    assert hello[0] == 0x16  # a handshake record
    return hello


def _all_closed(server: PlatformServer, within: float = 5.0) -> bool:
    """Whether the server has closed every client connection (and so its socket) in time. The
    server's own count, not the process's file descriptors: other tests' threads open files."""
    deadline = time.monotonic() + within
    while server.open_connections:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_garbage_and_plain_http_are_refused_and_logged(pki: Pki) -> None:
    with inprocess(pki) as (server, log):
        for payload in (os.urandom(4096), b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                sock.sendall(payload)
                with contextlib.suppress(ConnectionResetError):
                    while sock.recv(4096):
                        pass  # the server closes: recv returns b"" (or a reset)
        _still_serves(pki, server.port, within=3)
        failures = [e for e in log if e["event"] == "tls_handshake_failed"]
        assert len(failures) == 2


def test_half_open_and_truncated_hello_do_not_stall_the_server(pki: Pki) -> None:
    hello = _client_hello()
    with inprocess(pki, workers=4) as (server, log):
        _still_serves(pki, server.port, within=3)
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(4)]
        cut = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(4)]
        for sock in cut:
            sock.sendall(hello[: len(hello) // 2])
        # 8 stuck connections for 4 workers: each is dropped after the 1 s handshake timeout
        _still_serves(pki, server.port, within=6)
        for sock in idle + cut:  # the server closed them (after logging why): reading gives EOF
            sock.settimeout(5)
            assert sock.recv(10) == b""
        for sock in idle + cut:
            sock.close()
        timeouts = [e for e in log if e.get("reason") == "timeout"]
        assert len(timeouts) == 8
        assert _all_closed(server)


def test_settle_waits_until_the_connections_being_handled_are_logged(pki: Pki) -> None:
    """What ``certkit_platform.access_log`` relies on: with TLS 1.3 a client without a
    certificate sees its refusal while the server may still be writing why; settle() returns
    once every handshake and request in progress has its log entry."""
    hello = _client_hello()
    with inprocess(pki, timeout=1.0) as (server, log):
        with socket.create_connection(("127.0.0.1", server.port)) as stuck:
            stuck.sendall(hello[: len(hello) // 2])
            deadline = time.monotonic() + 5
            while not server.open_connections and time.monotonic() < deadline:
                time.sleep(0.01)  # accepted: the handshake has started
            assert server.settle(0.2) is False  # a handshake in progress, not logged yet
            assert server.settle(5.0) is True  # dropped at the 1 s deadline, and logged
            assert log[-1]["event"] == "tls_handshake_failed" and log[-1]["reason"] == "timeout"
        for _ in range(20):
            with pytest.raises((ssl.SSLError, ConnectionResetError, BrokenPipeError)):
                https_request(server.port, client_context(pki, None, version="1.3"), timeout=5)
            assert server.settle(5.0) is True
            assert log[-1].get("alert_sent") == "certificate_required", log[-1]
        https_request(server.port, client_context(pki, "syndic"), timeout=5)
        assert server.settle(5.0) is True
        assert log[-1]["status"] == 200


def test_256_idle_and_half_open_connections_do_not_starve_a_real_client(pki: Pki) -> None:
    """128 connections that send nothing and 128 that send half a ClientHello, against 4 workers
    and a 6 s handshake deadline: a server that gave each waiting connection a worker would make
    the real client wait for 64 rounds of that deadline (over six minutes). Here the waiting
    connections hold no worker: the client is served at once, and every one of them is still open
    until its own deadline drops it."""
    hello = _client_hello()
    deadline = 6.0
    with inprocess(pki, workers=4, timeout=deadline) as (server, log):
        context = client_context(pki, "syndic")
        https_request(server.port, context)  # warm: the first handshake loads the certificates
        opened = time.monotonic()
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(128)]
        half = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(128)]
        for sock in half:
            sock.sendall(hello[: len(hello) // 2])
        served = []
        for _ in range(3):
            start = time.monotonic()
            status, body, _ = https_request(server.port, context, timeout=30)
            served.append(time.monotonic() - start)
            assert status == 200 and body["account_siren"] == SIREN_A
        assert max(served) < 1.0, served
        held = idle + half
        for sock in held:  # not dropped to make room: the server still holds every one
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(10)
        assert time.monotonic() - opened < deadline, "too slow to prove anything: rerun"
        for sock in held:  # and each is dropped at its deadline
            sock.setblocking(True)
            sock.settimeout(10)
            assert sock.recv(10) == b""
            sock.close()
        assert time.monotonic() - opened < deadline + 5.0
        timeouts = [e for e in log if e.get("reason") == "timeout"]
        assert len(timeouts) == 256


def test_slowloris_request_is_cut_after_the_request_timeout(pki: Pki) -> None:
    with inprocess(pki) as (server, _log):
        context = client_context(pki, "syndic")
        raw = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        tls = context.wrap_socket(raw, server_hostname="localhost")
        start = time.monotonic()
        closed_after = None
        try:
            for byte in b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 100:
                tls.send(bytes([byte]))
                time.sleep(0.1)
        except (OSError, ssl.SSLError):
            closed_after = time.monotonic() - start
        tls.close()
        assert closed_after is not None and closed_after < 4
        _still_serves(pki, server.port, within=3)


def test_malformed_http_gets_a_400_json(pki: Pki) -> None:
    with inprocess(pki) as (server, log):
        context = client_context(pki, "syndic")
        with (
            socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            tls.sendall(b"THIS IS NOT HTTP\r\n\r\n")
            data = b""
            with contextlib.suppress(ssl.SSLError, ConnectionResetError):
                while chunk := tls.recv(4096):
                    data += chunk
        assert data.startswith(b"HTTP/1.1 400")
        assert b'"error": "BAD_REQUEST"' in data
        assert log[-1]["status"] == 400
        _still_serves(pki, server.port, within=3)


def test_keep_alive_serves_several_requests_on_one_connection(pki: Pki) -> None:
    with inprocess(pki) as (server, log):
        context = client_context(pki, "syndic")
        with (
            socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            request = b"GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n"
            tls.sendall(request + request)
            data = b""
            while data.count(b"HTTP/1.1 200") < 2:
                data += tls.recv(65536)
        deadline = time.monotonic() + 5
        while len(log) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # the log line is written just after the response
        peers = {e["peer"] for e in log if e["event"] == "request"}
        assert len(peers) == 1 and len(log) == 2


@pytest.mark.slow
def test_load_200_concurrent_clients_for_20_seconds(pki: Pki) -> None:
    """200 clients in a loop (full mTLS handshake + GET each time) for 20 s: none fails, and the
    server's open file descriptors come back to where they were."""
    duration, clients = 20.0, 200
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        https_request(platform.port, client_context(pki, "syndic"))  # warm up
        time.sleep(0.2)
        fds_before = platform.fd_count()
        context = client_context(pki, "syndic")
        stop_at = time.monotonic() + duration
        ok = [0] * clients
        failures: list[str] = []
        lock = threading.Lock()

        def client(index: int) -> None:
            while time.monotonic() < stop_at:
                try:
                    status, body, _ = https_request(platform.port, context, timeout=60)
                    assert status == 200 and body["account_siren"] == SIREN_A
                    ok[index] += 1
                except Exception as exc:
                    with lock:
                        failures.append(f"{type(exc).__name__}: {exc}")

        threads = run_threads(clients, client)
        for thread in threads:
            thread.join(duration + 90)
        assert not any(t.is_alive() for t in threads)
        time.sleep(1.0)
        fds_after = platform.fd_count()
        handshake_failures = [
            e for e in platform.log_entries() if e["event"] == "tls_handshake_failed"
        ]
    assert failures == []
    assert handshake_failures == []
    assert all(count > 0 for count in ok), "every client completed requests"
    assert sum(ok) >= clients
    assert fds_after <= fds_before
