"""certkit probe end to end: against the platform (subprocess), against ``openssl s_server``, and
against servers that misbehave. Every expected name or date is derived with the openssl binary."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_certkit
from tests.test_platform_support import (
    SIREN_A,
    Pki,
    _rfc4514,
    pki,
    running_platform,
)

__all__ = ["pki"]


def _subjects(pem_file: Path) -> list[str]:
    """Every certificate subject of a PEM file, as openssl prints it in RFC 2253 form."""
    text = pem_file.read_text()
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", text, re.S)
    return [
        subprocess.run(
            ["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253"],
            input=block.encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
        .split("=", 1)[1]
        for block in blocks
    ]


def _probe(url: str, pki: Pki, name: str, *extra: str, key: str | None = None) -> tuple[int, Any]:
    result = run_certkit(
        "probe",
        url,
        "--cert",
        pki.cert(name),
        "--key",
        pki.key(key or name),
        "--trust",
        pki.root,
        "--json",
        *extra,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def _codes(report: dict[str, Any]) -> list[str]:
    return [f["code"] for f in report["diagnosis"]]


@pytest.mark.parametrize("version", ["1.2", "1.3"])
def test_success_reports_every_step(pki: Pki, version: str) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url, pki, "syndic", "--tls-version", version)
    assert code == 0
    assert report["succeeded"] is True
    assert report["tls"]["version"] == f"TLSv{version}" and report["tls"]["handshake_ok"]
    assert report["tcp"]["connected"] is True
    assert report["server_verified"] is True and report["server_name_matches"] is True
    assert report["client_certificate_requested"] is True
    assert report["acceptable_cas"] == _subjects(pki.ca.chain_path)
    assert report["issuer_accepted"] is True
    assert report["http"]["status"] == 200
    assert SIREN_A in report["http"]["body_excerpt"]
    assert _codes(report) == ["probe.ok"]
    # the server chain as openssl sees it (leaf + issuing CA)
    assert report["server_chain"][1]["subject"] == _subjects(pki.ca.chain_path)[0]


def test_unregistered_dn_is_a_diagnosed_403(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url + "/whoami", pki, "unregistered")
        human = run_certkit(
            "probe",
            platform.url,
            "--cert",
            pki.cert("unregistered"),
            "--key",
            pki.key("unregistered"),
            "--trust",
            pki.root,
        )
    assert code == 1 and human.returncode == 1
    assert report["http"]["status"] == 403 and report["http"]["error_code"] == "DN_NOT_REGISTERED"
    assert report["path"] == "/whoami"
    assert _codes(report) == ["probe.platform_dn_not_registered"]
    subject, issuer = _rfc4514(pki.cert("unregistered"))
    message = report["diagnosis"][0]["message"]
    assert subject in message and issuer in message and "register" in message
    assert "DIAGNOSIS" in human.stdout and subject in human.stdout.split("DIAGNOSIS")[1]


def test_registered_dn_of_another_siren(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url, pki, "wrong_siren")
    assert code == 1
    assert report["http"]["error_code"] == "SIREN_MISMATCH"
    assert _codes(report) == ["probe.platform_siren_mismatch"]


@pytest.mark.parametrize("version", ["1.2", "1.3"])
def test_untrusted_issuer_lists_the_acceptable_cas(pki: Pki, version: str) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url, pki, "foreign", "--tls-version", version)
    assert code == 1
    assert report["tls"]["alert_received"] == {"number": 48, "name": "unknown_ca", "level": "fatal"}
    assert report["tls"]["handshake_ok"] is False
    assert report["issuer_accepted"] is False
    accepted = _subjects(pki.ca.chain_path)
    assert report["acceptable_cas"] == accepted
    assert _codes(report) == ["probe.issuer_not_accepted"]
    message = report["diagnosis"][0]["message"]
    assert all(name in message for name in accepted)
    assert _rfc4514(pki.cert("foreign"))[1] in message
    assert report["http"]["status"] is None


def test_expired_certificate(pki: Pki) -> None:
    end = (
        subprocess.run(
            ["openssl", "x509", "-in", str(pki.cert("expired")), "-noout", "-enddate"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .split("=", 1)[1]
    )  # e.g. "Oct 24 13:22:05 2026 GMT"
    moment = time.strptime(end, "%b %d %H:%M:%S %Y %Z")
    day = f"{time.strftime('%B', moment)} {moment.tm_mday}, {moment.tm_year}"  # in words
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url, pki, "expired")
    assert code == 1
    assert report["tls"]["alert_received"]["name"] == "certificate_expired"
    assert _codes(report) == ["probe.cert_expired", "probe.alert_certificate_expired"]
    assert day in report["diagnosis"][0]["message"]
    assert report["diagnosis"][0]["params"]["not_after"].startswith(
        time.strftime("%Y-%m-%d", moment)
    )


def test_server_only_certificate(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url, pki, "server_only")
    assert code == 1
    assert report["tls"]["alert_received"]["number"] == 43
    assert _codes(report) == ["probe.cert_not_client_auth", "probe.alert_unsupported_certificate"]


def test_wrong_key_is_found_before_connecting(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url, pki, "syndic", key="unregistered")
        time.sleep(0.2)
        assert platform.log_entries() == []  # no connection was attempted
    assert code == 1
    assert _codes(report) == ["probe.key_mismatch"]
    assert report["tcp"]["connected"] is False


def test_pkcs12_and_single_pem_inputs(pki: Pki, tmp_path: Path) -> None:
    pki.ca.issue(
        "rgs1-server-client",
        SIREN_A,
        cn="Syndic Exemple",
        out=tmp_path / "p12",
        p12_password=b"s3cret",
    )
    combined = tmp_path / "both.pem"
    combined.write_bytes(pki.cert("syndic").read_bytes() + pki.key("syndic").read_bytes())
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        both = run_certkit("probe", platform.url, "--cert", combined, "--trust", pki.root)
        p12 = run_certkit(
            "probe",
            platform.url,
            "--cert",
            tmp_path / "p12.p12",
            "--password-env",
            "P12PW",
            "--trust",
            pki.root,
            "--json",
            env={"P12PW": "s3cret"},
        )
    assert both.returncode == 0, both.stdout + both.stderr
    assert "probe.ok" in both.stdout
    # the PKCS#12 certificate has the same DNs as syndic (registered) but its own key
    assert p12.returncode == 0, p12.stdout + p12.stderr
    assert json.loads(p12.stdout)["http"]["status"] == 200


@contextlib.contextmanager
def openssl_server(*args: str) -> Iterator[int]:
    process = subprocess.Popen(
        ["openssl", "s_server", "-accept", "127.0.0.1:0", "-www", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert process.stdout is not None
        port = None
        for _ in range(20):
            line = process.stdout.readline().decode()
            match = re.match(r"ACCEPT 127\.0\.0\.1:(\d+)", line)
            if match:
                port = int(match.group(1))
                break
        assert port is not None, "openssl s_server did not start"
        yield port
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="module")
def server_cert(pki: Pki) -> tuple[Path, Path]:
    issued = pki.ca.issue_server(out=pki.dir / "s_server")
    assert issued.cert_path is not None and issued.key_path is not None
    return issued.cert_path, issued.key_path


def test_probe_reports_openssl_s_server_acceptable_ca_list(
    pki: Pki, server_cert: tuple[Path, Path]
) -> None:
    cert, key = server_cert
    with openssl_server(
        "-cert", str(cert), "-key", str(key), "-Verify", "1", "-CAfile", str(pki.ca.chain_path)
    ) as port:
        code, report = _probe(f"https://localhost:{port}", pki, "syndic")
    assert report["acceptable_cas"] == _subjects(pki.ca.chain_path)
    assert report["client_certificate_requested"] is True and report["issuer_accepted"] is True
    assert code == 0 and report["http"]["status"] == 200


def test_probe_against_s_server_trusting_another_ca(
    pki: Pki, server_cert: tuple[Path, Path]
) -> None:
    cert, key = server_cert
    with openssl_server(
        "-cert",
        str(cert),
        "-key",
        str(key),
        "-Verify",
        "1",
        "-CAfile",
        str(pki.foreign_ca.root_path),
        "-verify_return_error",
        "-tls1_2",
    ) as port:
        code, report = _probe(f"https://127.0.0.1:{port}", pki, "syndic")
    assert code == 1
    assert report["acceptable_cas"] == _subjects(pki.foreign_ca.root_path)
    assert report["issuer_accepted"] is False
    assert _codes(report)[0] == "probe.issuer_not_accepted"
    assert report["tls"]["alert_received"]["name"] in ("unknown_ca", "certificate_unknown")


def test_server_that_does_not_ask_for_a_client_certificate(
    pki: Pki, server_cert: tuple[Path, Path]
) -> None:
    cert, key = server_cert
    with openssl_server("-cert", str(cert), "-key", str(key)) as port:
        code, report = _probe(f"https://localhost:{port}", pki, "syndic")
    assert report["client_certificate_requested"] is False
    assert report["acceptable_cas"] == []
    assert "probe.no_client_cert_request" in _codes(report)
    assert code == 0  # the request itself succeeded


def test_connection_refused_and_silent_server(pki: Pki) -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        free_port = placeholder.getsockname()[1]
    code, report = _probe(f"https://127.0.0.1:{free_port}", pki, "syndic")
    assert code == 1 and _codes(report) == ["probe.tcp_failed"]
    assert report["tcp"]["error"] == "Connection refused"  # JSON keeps the system's words
    # a person reads why in their language: the step and the diagnosis
    url = f"https://127.0.0.1:{free_port}"
    french = run_certkit("probe", url, env={"LANG": "fr_FR.UTF-8"}).stdout
    assert "   connexion refusée\n" in french and "(connexion refusée)" in french
    assert "Connection refused" not in french
    english = run_certkit("probe", url, "--lang", "en").stdout
    assert "(Connection refused)" in english
    with socket.socket() as silent:  # accepts TCP (backlog), never answers the ClientHello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        start = time.monotonic()
        code, report = _probe(
            f"https://127.0.0.1:{silent.getsockname()[1]}", pki, "syndic", "--timeout", "1"
        )
        elapsed = time.monotonic() - start
    assert code == 1 and elapsed < 8
    assert report["tls"]["error"] == "timeout"
    assert _codes(report) == ["probe.handshake_failed"]


def test_bad_input_exits_2_with_one_line(pki: Pki, tmp_path: Path) -> None:
    bad_url = run_certkit("probe", "ftp://x", "--cert", pki.cert("syndic"))
    assert bad_url.returncode == 2 and "ftp://x" in bad_url.stderr
    no_key = run_certkit("probe", "https://127.0.0.1:1", "--cert", pki.cert("syndic"))
    assert no_key.returncode == 2 and "--key" in no_key.stderr
    missing = run_certkit("probe", "https://127.0.0.1:1", "--cert", tmp_path / "nope.pem")
    assert missing.returncode == 2 and "nope.pem" in missing.stderr
    for result in (bad_url, no_key, missing):
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_french_report(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        result = run_certkit(
            "probe",
            platform.url,
            "--cert",
            pki.cert("foreign"),
            "--key",
            pki.key("foreign"),
            "--trust",
            pki.root,
            env={"LANG": "fr_FR.UTF-8"},
        )
    assert result.returncode == 1
    assert "DIAGNOSTIC" in result.stdout
    assert "n'accepte pas les certificats de votre AC" in result.stdout


def test_tls13_server_that_drops_the_connection_without_an_alert(
    pki: Pki, server_cert: tuple[Path, Path]
) -> None:
    """A TLS 1.3 server that asks for a certificate, then resets the connection: the probe sees
    a successful handshake and a dead connection, and says what that usually means."""
    import ssl
    import struct
    import threading

    cert, key = server_cert
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.load_cert_chain(str(cert), str(key))
    context.load_verify_locations(str(pki.ca.chain_path))
    context.verify_mode = ssl.CERT_OPTIONAL
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        raw, _ = listener.accept()
        with contextlib.suppress(OSError):
            tls = context.wrap_socket(raw, server_side=True)
            tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            tls.close()  # linger 0: a reset, no alert, no close_notify
        raw.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        code, report = _probe(f"https://localhost:{listener.getsockname()[1]}", pki, "syndic")
    finally:
        thread.join(10)
        listener.close()
    assert code == 1
    assert report["tls"]["handshake_ok"] is True and report["http"]["status"] is None
    assert report["client_certificate_requested"] is True
    assert _codes(report)[0] == "probe.closed_after_handshake"


def test_tls_version_refused_by_the_platform(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts), "--tls-versions", "1.3") as p:
        code, report = _probe(p.url, pki, "syndic", "--tls-version", "1.2")
        ok, good = _probe(p.url, pki, "syndic", "--tls-version", "1.3")
    assert code == 1
    assert report["tls"]["alert_received"]["name"] == "protocol_version"
    assert _codes(report) == ["probe.alert_protocol_version"]
    assert ok == 0 and good["tls"]["version"] == "TLSv1.3"


def test_not_yet_valid_certificate_and_the_alert_the_log_announces(pki: Pki) -> None:
    """What the access log says the client was told is what the probe received."""
    pki.ca.issue("not-yet-valid", SIREN_A, cn="Syndic Exemple", out=pki.dir / "future", force=True)
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url, pki, "future")
        entry = platform.wait_entries(1)[-1]
    assert code == 1
    assert report["tls"]["alert_received"]["name"] == "bad_certificate"
    assert entry["alert_sent"] == "bad_certificate"
    assert entry["verify_error"].startswith("certificate is not yet valid")
    assert _codes(report) == ["probe.cert_not_yet_valid", "probe.alert_bad_certificate"]


def test_path_option_and_a_non_2xx_answer(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        code, report = _probe(platform.url + "/whoami", pki, "syndic", "--path", "/ws3")
    assert report["path"] == "/ws3"
    assert code == 1 and report["http"]["status"] == 405
    assert report["http"]["error_code"] == "METHOD_NOT_ALLOWED"
    assert _codes(report) == ["probe.http_status"]


def test_revoked_certificate_diagnosis(pki: Pki) -> None:
    revoked = pki.ca.issue(
        "rgs1-server-client", SIREN_A, cn="Syndic Exemple", out=pki.dir / "revoked2", force=True
    )
    pki.ca.revoke(revoked.certificate)
    crl = pki.ca.write_crl()
    with running_platform(pki, "--accounts", str(pki.accounts), "--crl", str(crl)) as platform:
        code, report = _probe(platform.url, pki, "revoked2")
    assert code == 1
    assert report["tls"]["alert_received"]["number"] == 44
    assert _codes(report) == ["probe.alert_certificate_revoked"]


def test_ca_file_without_certificates_is_bad_input(pki: Pki, tmp_path: Path) -> None:
    not_a_ca = tmp_path / "ca.pem"
    not_a_ca.write_text("hello\n")
    result = run_certkit(
        "probe",
        "https://127.0.0.1:9",
        "--cert",
        pki.cert("syndic"),
        "--key",
        pki.key("syndic"),
        "--trust",
        not_a_ca,
    )
    assert result.returncode == 2 and "ca.pem" in result.stderr
    assert result.stdout == ""
