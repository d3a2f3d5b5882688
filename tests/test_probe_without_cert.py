"""``certkit probe URL`` without ``--cert``: does the server ask for a client certificate, does it
require it, and which CAs does it accept? Against the platform (required and optional), and
``openssl s_server`` with and without client authentication; expected names come from openssl."""

from __future__ import annotations

import json
import re
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_certkit
from tests.test_platform_support import Pki, pki, running_platform
from tests.test_probe import _subjects, openssl_server, server_cert

__all__ = ["pki", "server_cert"]

FRENCH_CAS = Path(__file__).resolve().parents[1] / "policies/catalogue/tl-fr-seq112-ca.pem"


def probe(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run_certkit("probe", *args, "--json")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def codes(report: dict[str, Any]) -> list[str]:
    return [f["code"] for f in report["diagnosis"]]


@pytest.mark.parametrize("version", ["1.2", "1.3"])
def test_required_client_auth_and_the_accepted_cas(pki: Pki, version: str) -> None:
    with running_platform(pki) as platform:
        code, report = probe(platform.url, "--trust", pki.root, "--tls-version", version)
        human = run_certkit("probe", platform.url, "--trust", pki.root)
    assert code == 0 and report["succeeded"] is True  # the server answered the handshake
    assert report["client_certificate"] is None
    assert report["tls"]["version"] == f"TLSv{version}"
    assert report["client_certificate_requested"] is True
    assert report["client_certificate_required"] is True
    accepted = _subjects(pki.ca.chain_path)
    assert report["acceptable_cas"] == accepted
    assert codes(report) == ["probe.cert_required", "probe.accepted_cas"]
    message = report["diagnosis"][1]["message"]
    assert all(name in message for name in accepted) and "certkit" in message
    assert human.returncode == 0
    assert "the server requires it (refuses a connection without one): yes" in human.stdout
    assert "Buy one from these providers: certkit" in human.stdout


def test_optional_client_auth_is_told_apart(pki: Pki) -> None:
    with running_platform(pki, "--client-auth", "optional") as platform:
        code, report = probe(platform.url, "--trust", pki.root)
    assert code == 0
    assert report["client_certificate_requested"] is True
    assert report["client_certificate_required"] is False
    assert report["http"]["status"] == 403
    assert report["http"]["error_code"] == "NO_CLIENT_CERTIFICATE"
    assert codes(report) == ["probe.cert_optional", "probe.accepted_cas"]


def test_a_server_that_asks_for_nothing(pki: Pki, server_cert: tuple[Path, Path]) -> None:
    cert, key = server_cert
    chain = str(pki.ca.path("intermediate_cert"))
    with openssl_server("-cert", str(cert), "-key", str(key), "-cert_chain", chain) as port:
        code, report = probe(f"https://localhost:{port}", "--trust", pki.root)
    assert code == 0
    assert report["client_certificate_requested"] is False
    assert report["client_certificate_required"] is False
    assert report["http"]["status"] == 200
    assert codes(report) == ["probe.no_client_cert_request"]


def test_real_french_ca_names_and_their_providers(
    pki: Pki, server_cert: tuple[Path, Path], tmp_path: Path
) -> None:
    """A server trusting three CAs of the French trusted list: the probe lists their names as
    openssl prints them, and names who runs them (their O)."""
    blocks = re.findall(
        r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n?", FRENCH_CAS.read_text(), re.S
    )
    chosen = tmp_path / "three-cas.pem"
    chosen.write_text("".join(blocks[:3]))
    organisations, names = [], []
    for block in blocks[:3]:
        names.append(
            subprocess.run(
                ["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"],
                input=block.encode(), capture_output=True, check=True,
            ).stdout.decode().strip().removeprefix("subject=")
        )  # fmt: skip
        fields = subprocess.run(
            ["openssl", "x509", "-noout", "-subject", "-nameopt", "multiline,utf8,-esc_msb"],
            input=block.encode(), capture_output=True, check=True,
        ).stdout.decode()  # fmt: skip
        match = re.search(r"^\s*organizationName\s*=\s*(.+)$", fields, re.M)
        if match and match[1].strip() not in organisations:
            organisations.append(match[1].strip())
    assert organisations
    cert, key = server_cert
    with openssl_server(
        "-cert", str(cert), "-key", str(key), "-Verify", "1", "-CAfile", str(chosen)
    ) as port:
        code, report = probe(
            f"https://localhost:{port}", "--trust", pki.root, "--tls-version", "1.2"
        )
    assert code == 0
    assert report["acceptable_cas"] == names
    assert report["client_certificate_required"] is True  # s_server -Verify: required
    accepted = next(f for f in report["diagnosis"] if f["code"] == "probe.accepted_cas")
    assert accepted["params"]["providers"] == ", ".join(organisations)


def test_nothing_listening_and_bad_options() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, report = probe(f"https://127.0.0.1:{port}")
    assert code == 1 and report["succeeded"] is False
    assert codes(report) == ["probe.tcp_failed"]
    alone = run_certkit("probe", f"https://127.0.0.1:{port}", "--key", "x.key")
    assert alone.returncode == 2 and "--cert" in alone.stderr
    assert len(alone.stderr.strip().splitlines()) == 1
