"""Shared fixtures for the platform and probe tests: a test PKI, a running platform, a TLS client.

The client here is the standard library's ``ssl`` module (not certkit's probe), so tests that use
it check the platform with a TLS stack independent from the code under test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from certkit.platform.accounts import Accounts, Slot, render_accounts, with_slot
from certkit.testca import TestCA
from tests.helpers import CERTKIT

SIREN_A = "732829320"
SIREN_B = "552100554"


@dataclass
class Pki:
    """A test CA on disk and the client certificates each scenario needs (PEM + key files)."""

    dir: Path
    ca_dir: Path
    root: Path  # the test CA's root certificate (trust anchor for the server certificate)
    ca: TestCA
    foreign_ca: TestCA
    accounts: Path  # account SIREN_A: slot 1 = syndic; account SIREN_B: slot 1 = wrong_siren

    def cert(self, name: str) -> Path:
        return self.dir / f"{name}.pem"

    def key(self, name: str) -> Path:
        return self.dir / f"{name}.key"


def _rfc4514(path: Path) -> tuple[str, str]:
    """Subject and issuer as openssl prints them in RFC 2253 form (independent of certkit)."""
    out = subprocess.run(
        [
            "openssl",
            "x509",
            "-in",
            str(path),
            "-noout",
            "-subject",
            "-issuer",
            "-nameopt",
            "RFC2253",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return out[0].split("=", 1)[1], out[1].split("=", 1)[1]


def build_pki(base: Path) -> Pki:
    ca = TestCA.init(base / "ca", name="certkit Test CA")
    foreign = TestCA.init(base / "foreign-ca", name="Autre AC Inconnue")
    ca.issue("rgs1-server-client", SIREN_A, cn="Syndic Exemple", out=base / "syndic")
    ca.issue("rgs1-server-client", SIREN_A, cn="Syndic Exemple Lyon", out=base / "unregistered")
    ca.issue("rgs1-server-client", SIREN_A, cn="Syndic Exemple Paris", out=base / "wrong_siren")
    ca.issue("expired", SIREN_A, cn="Syndic Exemple", out=base / "expired")
    ca.issue("server-only", SIREN_A, out=base / "server_only")
    foreign.issue("rgs1-server-client", SIREN_A, cn="Syndic Exemple", out=base / "foreign")
    # the same key under another certificate: "wrong key" = syndic.pem with unregistered.key
    accounts = Accounts()
    subject, issuer = _rfc4514(base / "syndic.pem")
    accounts = with_slot(accounts, SIREN_A, Slot(1, subject, issuer), name="Syndic Exemple")
    # the expired certificate has the same DNs as syndic: registered, so only TLS refuses it
    subject_b, issuer_b = _rfc4514(base / "wrong_siren.pem")
    accounts = with_slot(accounts, SIREN_B, Slot(1, subject_b, issuer_b), name="Autre Syndic")
    path = base / "accounts.toml"
    path.write_text(render_accounts(accounts), encoding="utf-8")
    return Pki(base, base / "ca", ca.root_path, ca, foreign, path)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return build_pki(tmp_path_factory.mktemp("platform-pki"))


@dataclass
class Platform:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    stdout_head: list[str]
    log_path: Path

    def log_entries(self) -> list[dict[str, Any]]:
        text = self.log_path.read_text(encoding="utf-8") if self.log_path.exists() else ""
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def wait_entries(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The log once it holds ``count`` lines (a refused handshake is logged just after the
        alert is sent, so the client may know before the log does)."""
        deadline = time.monotonic() + timeout
        while len(entries := self.log_entries()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return entries

    def fd_count(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))


@contextlib.contextmanager
def running_platform(pki: Pki, *args: str, log_name: str = "access.log") -> Iterator[Platform]:
    """``certkit platform serve --port 0 ARGS`` as a real subprocess; SIGTERM at the end."""
    log_path = pki.dir / f"{time.monotonic_ns()}-{log_name}"
    argv = [CERTKIT, "platform", "serve", "--port", "0", "--access-log", str(log_path), *args]
    if "--cert" not in args and "--ca-dir" not in args:
        argv += ["--ca-dir", str(pki.ca_dir)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = "C.UTF-8"
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline().decode()
        match = re.search(r"(https://\S+)", first)
        if not match:
            process.kill()
            _, err = process.communicate(timeout=10)
            raise AssertionError(f"platform did not start: {first!r} {err.decode()!r}")
        url = match.group(1)
        head = [first]
        yield Platform(url, int(url.rsplit(":", 1)[1]), process, head, log_path)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def client_context(
    pki: Pki, name: str | None, *, version: str | None = None, key: str | None = None
) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(str(pki.root))
    if name is not None:
        context.load_cert_chain(str(pki.cert(name)), str(pki.key(key or name)))
    if version == "1.2":
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    elif version == "1.3":
        context.minimum_version = ssl.TLSVersion.TLSv1_3
    return context


def https_request(
    port: int,
    context: ssl.SSLContext,
    method: str = "GET",
    path: str = "/",
    body: bytes = b"",
    timeout: float = 30,
) -> tuple[int, dict[str, Any], str]:
    """One HTTP/1.1 request with the ``ssl`` module; returns status, JSON body and TLS version."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            head = (
                f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            tls.sendall(head + body)
            data = b""
            while chunk := tls.recv(65536):
                data += chunk
            version = tls.version() or ""
    header, _, payload = data.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    return status, json.loads(payload), version


def run_threads(count: int, target: Any) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads
