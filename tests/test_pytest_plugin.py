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


# -- the README's recipes, run as they are written there ---------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_recipes(tag: str | None = None) -> dict[str, str]:
    """The ```python blocks of README.md announced by ``<!-- pytest-recipe: FILE [tags] -->``:
    file name → source (only those carrying ``tag`` when given)."""
    import re

    found: dict[str, str] = {}
    pattern = r"<!-- pytest-recipe: (\S+)([^>]*)-->\s*```python\n(.*?)```"
    for name, tags, body in re.findall(pattern, README.read_text(encoding="utf-8"), re.S):
        if tag is None or tag in tags.split():
            found[name] = body
    return found


def test_readme_has_the_recipes_the_issue_asks_for() -> None:
    sources = "\n".join(readme_recipes().values())
    for client in ("requests", "httpx", "urllib3", "aiohttp", "http.client", "ssl"):
        assert f"import {client}" in sources, client
    assert set(readme_recipes("fresh-project")) == {"test_whoami.py", "test_httpx.py"}
    three_lines = readme_recipes()["test_whoami.py"].split("def test_")[1].strip().splitlines()
    assert len(three_lines) == 4  # the def line and three


def test_readme_recipes_pass(tmp_path: Path) -> None:
    recipes = readme_recipes()
    for name, source in recipes.items():
        (tmp_path / name).write_text(source)
    expected = sum(source.count("\ndef test_") for source in recipes.values())
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{expected} passed" in result.stdout, result.stdout


HTTPX_PITFALL = """
import httpx
import pytest


def test_cert_with_a_verify_path_sends_no_certificate(certkit_platform):
    client = certkit_platform.client
    with httpx.Client(cert=(str(client.fullchain_path), str(client.key_path)),
                      verify=str(certkit_platform.ca_bundle_path)) as session:
        # The client reads the server's alert (certificate required) or, when the server has
        # already closed under load, a reset: either way the request fails, and the log says why.
        with pytest.raises(httpx.HTTPError):
            session.get(certkit_platform.url)
    refused = certkit_platform.access_log[-1]
    assert refused["event"] == "tls_handshake_failed"
    assert refused["alert_sent"] == "certificate_required"
    print("HINT", refused["hint"])
"""


def test_the_httpx_pitfall_is_real_and_the_log_explains_it(tmp_path: Path) -> None:
    """What the README warns about: httpx 0.28 with cert= and a verify path sends no
    certificate; the platform refuses the handshake and its log entry says why."""
    (tmp_path / "test_pitfall.py").write_text(HTTPX_PITFALL)
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    hint = next(line for line in result.stdout.splitlines() if line.startswith("HINT"))
    assert "httpx" in hint and "verify=ssl_context" in hint


PLATFORM_FIXTURE = """
import os
import subprocess
import sys
from pathlib import Path


def test_the_platform_fixture_attributes(certkit_platform, certkit_ca, certkit_client_cert):
    assert certkit_platform.url == f"https://127.0.0.1:{certkit_platform.port}"
    assert certkit_platform.ca_bundle_path == certkit_ca.root_path
    assert certkit_platform.client is certkit_client_cert
    assert f'siren = "{certkit_client_cert.siren}"' in certkit_platform.accounts_path.read_text()
    assert certkit_client_cert.fullchain_path.read_bytes() == certkit_client_cert.fullchain_pem()
    # the CA folder is a path-like: usable as --ca-dir
    assert os.fspath(certkit_ca) == str(certkit_ca.directory)
    listed = subprocess.run(
        [str(Path(sys.executable).parent / "certkit"), "testca", "list", certkit_ca],
        capture_output=True, text=True, check=True,
    )
    assert format(certkit_client_cert.serial, "x") in listed.stdout


def test_register_and_reset(certkit_platform, certkit_issue):
    import requests

    other = certkit_issue()  # another company: not registered
    def status():
        cert = (other.fullchain_path, other.key_path)
        url = certkit_platform.url + "/whoami"
        return requests.get(url, cert=cert, verify=certkit_platform.ca_bundle_path).status_code
    assert status() == 403
    done = certkit_platform.register(other)
    assert done.siren == other.siren and done.slot.number == 1
    assert status() == 200
    certkit_platform.reset()
    assert status() == 403
"""


def test_platform_fixture_attributes_register_and_reset(tmp_path: Path) -> None:
    (tmp_path / "test_fixture.py").write_text(PLATFORM_FIXTURE)
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
