"""The pytest plugin, as a vendor uses it: a tiny suite in a temporary directory, run by pytest in a
subprocess, doing a real mutual-TLS handshake on 127.0.0.1 with the fixtures."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

EXAMPLE_SUITE = """
import socket
import ssl
import threading

import pytest


def serve_once(server_ctx, listener, seen):
    conn, _ = listener.accept()
    try:
        with server_ctx.wrap_socket(conn, server_side=True) as tls:
            seen["peer"] = tls.getpeercert()
            tls.sendall(b"bonjour")
    except (ssl.SSLError, OSError) as exc:
        seen["error"] = exc


def handshake(server_ctx, client_ctx):
    listener = socket.create_server(("127.0.0.1", 0))
    seen = {}
    thread = threading.Thread(target=serve_once, args=(server_ctx, listener, seen))
    thread.start()
    try:
        with socket.create_connection(listener.getsockname()) as raw:
            with client_ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                seen["reply"] = tls.recv(7)
    finally:
        thread.join(10)
        listener.close()
    return seen


def test_mtls_handshake(certkit_ssl_contexts, certkit_client_cert):
    server_ctx, client_ctx = certkit_ssl_contexts
    seen = handshake(server_ctx, client_ctx)
    assert seen["reply"] == b"bonjour"
    subject = dict(pair[0] for pair in seen["peer"]["subject"])
    print("SERVER SAW", sorted(subject.items()))
    assert subject["organizationName"] == "SYNDIC EXEMPLE"
    assert subject["organizationIdentifier"] == "NTRFR-" + certkit_client_cert.siren


def test_issue_factory_writes_files(certkit_issue):
    issued = certkit_issue("personal", cn="Marie Curie")
    assert issued.cert_path.is_file() and issued.key_path.is_file()
    assert b"CN=Marie Curie" in issued.certificate.subject.rfc4514_string().encode()
    siren = certkit_issue("rgs1-server-client-ou0002").siren
    assert siren is not None and len(siren) == 9


def test_server_refuses_an_expired_client(certkit_ssl_contexts, certkit_issue, certkit_ca):
    server_ctx, _ = certkit_ssl_contexts
    expired = certkit_issue("expired")
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.load_verify_locations(certkit_ca.root_path)
    full = expired.cert_path.with_name("full.pem")
    full.write_bytes(expired.cert_pem() + expired.chain_pem())
    client_ctx.load_cert_chain(full, expired.key_path)
    with pytest.raises((ssl.SSLError, ConnectionError)):
        seen = handshake(server_ctx, client_ctx)
        raise ConnectionError(seen.get("error"))
"""

LAZY_SUITE = """
import sys


def test_plugin_loaded_but_nothing_heavy_imported(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("certkit")
    heavy = [m for m in sys.modules if m.startswith(("cryptography", "certkit.testca", "OpenSSL"))]
    assert heavy == []
"""


def run_pytest(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", str(directory)],
        capture_output=True,
        text=True,
        cwd=directory,
        timeout=120,
        check=False,
    )


def test_example_suite_gets_mtls_in_three_lines(tmp_path: Path) -> None:
    suite = tmp_path / "vendor"
    suite.mkdir()
    (suite / "test_vendor.py").write_text(textwrap.dedent(EXAMPLE_SUITE))
    result = run_pytest(suite)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
    line = next(x for x in result.stdout.splitlines() if "SERVER SAW" in x)
    assert "('organizationName', 'SYNDIC EXEMPLE')" in line
    assert "('commonName', 'SYNDIC EXEMPLE')" in line


def test_plugin_costs_nothing_when_unused(tmp_path: Path) -> None:
    suite = tmp_path / "other"
    suite.mkdir()
    (suite / "test_other.py").write_text(LAZY_SUITE)
    result = run_pytest(suite)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    # and by -X importtime: importing the plugin pulls in no cryptography module
    timing = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import certkit.pytest_plugin"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    imported = [line.split("|")[-1].strip() for line in timing.stderr.splitlines()]
    assert "certkit.pytest_plugin" in imported
    assert not [m for m in imported if m.startswith(("cryptography", "certkit.testca"))]
