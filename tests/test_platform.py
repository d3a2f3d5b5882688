"""certkit platform: accounts, registration, authorisation and the HTTPS front door end to end.

Every handshake here is real (127.0.0.1); the platform runs as ``certkit platform serve`` in a
subprocess; clients are the ``ssl`` module, ``openssl s_client`` and ``curl``.
"""

from __future__ import annotations

import json
import shutil
import signal
import ssl
import subprocess
from pathlib import Path

import pytest

from certkit.errors import InputError
from certkit.platform.accounts import Accounts, Slot, parse_accounts, render_accounts, with_slot
from tests.helpers import run_certkit
from tests.test_platform_support import (
    SIREN_A,
    SIREN_B,
    Pki,
    _rfc4514,
    client_context,
    https_request,
    pki,
    running_platform,
)

__all__ = ["pki"]  # the fixture, re-exported for pytest


# -- accounts file -------------------------------------------------------------------------------


def test_accounts_round_trip_keeps_dns_with_escapes_and_accents() -> None:
    tricky = 'CN=Syndic \\"Élysée\\"\\, SAS,O=A\\\\B,C=FR'
    accounts = with_slot(Accounts(), SIREN_A, Slot(2, tricky, "CN=AC,C=FR"), name="Élysée")
    accounts = with_slot(accounts, SIREN_A, Slot(1, "CN=Old,C=FR", "CN=AC,C=FR"))
    parsed = parse_accounts(render_accounts(accounts))
    account = parsed.find(SIREN_A)
    assert account is not None
    assert account.name == "Élysée"
    assert [s.number for s in account.slots] == [1, 2]
    slot2 = account.slot(2)
    assert slot2 is not None and slot2.subject_dn == tricky


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[[accounts]]\nsiren = "12345"\n', "9 digits"),
        ('[[accounts]]\nsiren = "732829320"\n[accounts.slot1]\nsubject_dn = "CN=x"\n', "slot1"),
        ('[[accounts]]\nsiren = "732829320"\nslot3 = {}\n', "slot3"),
        ("[[accounts]\n", "invalid"),
        ('[[accounts]]\nsiren = "732829320"\n[[accounts]]\nsiren = "732829320"\n', "more than"),
    ],
)
def test_invalid_accounts_file_is_refused_with_the_reason(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_accounts(text, source="comptes.toml")
    message = caught.value.message("en")
    assert "comptes.toml" in message and fragment in message


def test_serve_with_a_broken_accounts_file_exits_2_with_one_line(pki: Pki, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[[accounts]]\nsiren = "not a siren"\n')
    result = run_certkit(
        "platform", "serve", "--ca-dir", pki.ca_dir, "--accounts", broken, "--port", "0"
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(broken) in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_serve_rejects_bad_tls_versions_and_missing_material(pki: Pki) -> None:
    bad = run_certkit("platform", "serve", "--ca-dir", pki.ca_dir, "--tls-versions", "1.1")
    assert bad.returncode == 2 and "--tls-versions 1.1" in bad.stderr
    none = run_certkit("platform", "serve", "--port", "0")
    assert none.returncode == 2 and "--ca-dir" in none.stderr


# -- register ------------------------------------------------------------------------------------


def test_register_creates_the_file_and_fills_both_slots(pki: Pki, tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.toml"
    first = run_certkit(
        "platform",
        "register",
        accounts,
        "--siren",
        SIREN_A,
        "--slot",
        "1",
        "--cert",
        pki.cert("syndic"),
    )
    assert first.returncode == 0, first.stderr
    assert accounts.stat().st_mode & 0o777 == 0o644
    second = run_certkit(
        "platform",
        "register",
        accounts,
        "--siren",
        SIREN_A,
        "--slot",
        "2",
        "--cert",
        pki.cert("unregistered"),
        "--json",
    )
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    subject, issuer = _rfc4514(pki.cert("unregistered"))
    assert report["subject_dn"] == subject and report["issuer_dn"] == issuer
    account = parse_accounts(accounts.read_text()).find(SIREN_A)
    assert account is not None
    slot1, slot2 = account.slot(1), account.slot(2)
    assert slot1 is not None and slot1.subject_dn == _rfc4514(pki.cert("syndic"))[0]
    assert slot2 is not None and slot2.subject_dn == subject


def test_register_refuses_a_certificate_of_another_company(pki: Pki, tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.toml"
    refused = run_certkit(
        "platform",
        "register",
        accounts,
        "--siren",
        SIREN_B,
        "--slot",
        "1",
        "--cert",
        pki.cert("syndic"),
    )
    assert refused.returncode == 2
    assert SIREN_A in refused.stderr and SIREN_B in refused.stderr
    assert not accounts.exists()  # nothing written half-way
    forced = run_certkit(
        "platform",
        "register",
        accounts,
        "--siren",
        SIREN_B,
        "--slot",
        "1",
        "--cert",
        pki.cert("syndic"),
        "--no-siren-check",
    )
    assert forced.returncode == 0 and accounts.exists()


def test_register_rejects_an_invalid_siren(pki: Pki, tmp_path: Path) -> None:
    result = run_certkit(
        "platform",
        "register",
        tmp_path / "a.toml",
        "--siren",
        "732829321",
        "--slot",
        "1",
        "--cert",
        pki.cert("syndic"),
    )
    assert result.returncode == 2 and "732829321" in result.stderr


# -- the front door, end to end ------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.2", "1.3"])
def test_registered_certificate_is_authorised(pki: Pki, version: str) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        status, body, negotiated = https_request(
            platform.port, client_context(pki, "syndic", version=version), path="/whoami"
        )
        assert status == 200
        assert negotiated == f"TLSv{version}"
        assert body["account_siren"] == SIREN_A and body["slot"] == 1
        assert body["subject"] == _rfc4514(pki.cert("syndic"))[0]
        assert body["tls"]["version"] == f"TLSv{version}"
        entry = platform.log_entries()[-1]
        assert entry["status"] == 200 and entry["account"] == SIREN_A and entry["path"] == "/whoami"


def test_refusals_by_registration(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        status, body, _ = https_request(platform.port, client_context(pki, "unregistered"))
        assert status == 403 and body["error"] == "DN_NOT_REGISTERED"
        assert body["subject"] == _rfc4514(pki.cert("unregistered"))[0]
        assert body["hint"]
        status, body, _ = https_request(platform.port, client_context(pki, "wrong_siren"))
        assert status == 403 and body["error"] == "SIREN_MISMATCH"
        assert body["siren"] == SIREN_A
        codes = [e["error"] for e in platform.log_entries() if e["event"] == "request"]
        assert codes == ["DN_NOT_REGISTERED", "SIREN_MISMATCH"]


def test_issuer_not_registered(pki: Pki, tmp_path: Path) -> None:
    subject, _ = _rfc4514(pki.cert("syndic"))
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        render_accounts(with_slot(Accounts(), SIREN_A, Slot(2, subject, "CN=Autre AC,C=FR")))
    )
    with running_platform(pki, "--accounts", str(accounts)) as platform:
        status, body, _ = https_request(platform.port, client_context(pki, "syndic"))
    assert status == 403 and body["error"] == "ISSUER_NOT_REGISTERED"


@pytest.mark.parametrize(
    ("name", "alert"),
    [
        ("foreign", "unknown_ca"),
        ("expired", "certificate_expired"),
        ("server_only", "unsupported_certificate"),
    ],
)
def test_tls_refusals_end_with_an_alert_and_a_log_line(pki: Pki, name: str, alert: str) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        with pytest.raises(ssl.SSLError) as caught:
            https_request(platform.port, client_context(pki, name, version="1.2"))
        assert alert.replace("_", " ") in str(caught.value).lower()
        entry = platform.wait_entries(1)[-1]
    assert entry["event"] == "tls_handshake_failed"
    assert entry["alert_sent"] == alert
    assert entry["certificate"] == _rfc4514(pki.cert(name))[0]


def test_required_vs_optional_client_auth_without_certificate(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        with pytest.raises((ssl.SSLError, ConnectionError)) as caught:
            https_request(platform.port, client_context(pki, None, version="1.3"))
        assert "certificate required" in str(caught.value).lower()
    with running_platform(
        pki, "--accounts", str(pki.accounts), "--client-auth", "optional"
    ) as platform:
        status, body, _ = https_request(platform.port, client_context(pki, None))
    assert status == 403 and body["error"] == "NO_CLIENT_CERTIFICATE"


def test_exact_vs_canonical_dn_comparison(pki: Pki, tmp_path: Path) -> None:
    subject, issuer = _rfc4514(pki.cert("syndic"))
    # what a person may type: other case, spaces after commas — the same name per RFC 4518
    typed_subject = ", ".join(part.lower() for part in subject.split(","))
    typed_issuer = issuer.upper()
    accounts = tmp_path / "typed.toml"
    accounts.write_text(
        render_accounts(with_slot(Accounts(), SIREN_A, Slot(1, typed_subject, typed_issuer)))
    )
    with running_platform(pki, "--accounts", str(accounts), "--dn-compare", "exact") as platform:
        status, body, _ = https_request(platform.port, client_context(pki, "syndic"))
        assert (status, body["error"]) == (403, "DN_NOT_REGISTERED")
    with running_platform(
        pki, "--accounts", str(accounts), "--dn-compare", "canonical"
    ) as platform:
        status, body, _ = https_request(platform.port, client_context(pki, "syndic"))
        assert status == 200 and body["account_siren"] == SIREN_A


def test_webservices_acknowledge_and_say_rules_are_not_simulated(pki: Pki) -> None:
    expected = {
        "ws1": "immatriculation",
        "ws2": "mise à jour",
        "ws3": "téléchargement",
        "ws4": "demande de rattachement",
        "ws5": "déclaration de successeur",
        "ws6": "renouvellement de mandat",
        "ws7": "confirmation de rattachement",
    }
    request = {"copropriete": {"nom": "Résidence des Lilas", "lots": 42}}
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        context = client_context(pki, "syndic")
        for name, french in expected.items():
            status, body, _ = https_request(
                platform.port, context, "POST", f"/{name}", json.dumps(request).encode()
            )
            assert status == 200, body
            assert body["name"] == french
            assert body["received"]["json"] == request
            assert body["business_rules_simulated"] is False
            assert body["authenticated_as"]["account_siren"] == SIREN_A
        status, body, _ = https_request(platform.port, context, "GET", "/ws3")
        assert status == 405
        status, body, _ = https_request(platform.port, context, "GET", "/nowhere")
        assert (status, body["error"]) == (404, "NOT_FOUND")
        # an unregistered certificate is refused on the webservices exactly as on /whoami
        status, body, _ = https_request(
            platform.port, client_context(pki, "unregistered"), "POST", "/ws1", b"{}"
        )
        assert (status, body["error"]) == (403, "DN_NOT_REGISTERED")


def test_announces_the_acceptable_client_ca_names(pki: Pki) -> None:
    """openssl s_client prints the CertificateRequest's CA list: it must be the test CA's."""
    chain = [pki.ca.intermediate, pki.ca.root]
    expected = [
        subprocess.run(
            ["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253"],
            input=c.public_bytes(_pem()),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
        .split("=", 1)[1]
        for c in chain
        if c is not None
    ]
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        out = subprocess.run(
            [
                "openssl",
                "s_client",
                "-connect",
                f"127.0.0.1:{platform.port}",
                "-tls1_2",
                "-nameopt",
                "RFC2253",
                "-CAfile",
                str(pki.root),
            ],
            input=b"",
            capture_output=True,
            timeout=30,
        ).stdout.decode()
    listed = out.split("Acceptable client certificate CA names", 1)[1].split("\n")
    names = [line.strip() for line in listed[1:] if line.strip() and "=" in line]
    assert names[: len(expected)] == expected


def _pem() -> object:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.PEM


# -- interoperability ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["-tls1_2", "-tls1_3"])
def test_openssl_s_client_succeeds(pki: Pki, version: str) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        result = subprocess.run(
            [
                "openssl",
                "s_client",
                "-connect",
                f"127.0.0.1:{platform.port}",
                version,
                "-cert",
                str(pki.cert("syndic")),
                "-key",
                str(pki.key("syndic")),
                "-CAfile",
                str(pki.root),
                "-servername",
                "localhost",
                "-quiet",
                "-verify_return_error",
            ],
            input=b"GET /whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            capture_output=True,
            timeout=30,
        )
    output = result.stdout.decode()
    assert output.startswith("HTTP/1.1 200"), (output, result.stderr.decode())
    body = json.loads(output.split("\r\n\r\n", 1)[1])
    assert body["account_siren"] == SIREN_A


def test_curl_succeeds_and_gets_a_403_for_an_unregistered_dn(pki: Pki) -> None:
    curl = shutil.which("curl")
    assert curl is not None
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        base = [curl, "-sS", "--cacert", str(pki.root), "-w", "\n%{http_code}"]
        ok = subprocess.run(
            [
                *base,
                "--cert",
                str(pki.cert("syndic")),
                "--key",
                str(pki.key("syndic")),
                "-X",
                "POST",
                "-H",
                "Content-Type: application/json",
                "--data",
                '{"a": 1}',
                f"https://localhost:{platform.port}/ws2",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        refused = subprocess.run(
            [
                *base,
                "--cert",
                str(pki.cert("unregistered")),
                "--key",
                str(pki.key("unregistered")),
                f"https://localhost:{platform.port}/",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    body, code = ok.stdout.rsplit("\n", 1)
    assert code == "200", ok.stderr
    assert json.loads(body)["received"]["json"] == {"a": 1}
    body, code = refused.stdout.rsplit("\n", 1)
    assert code == "403" and json.loads(body)["error"] == "DN_NOT_REGISTERED"


# -- lifecycle ----------------------------------------------------------------------------------


def test_startup_prints_url_and_accounts_and_sigterm_stops_cleanly(pki: Pki) -> None:
    with running_platform(pki, "--accounts", str(pki.accounts)) as platform:
        assert platform.url == f"https://127.0.0.1:{platform.port}"
        https_request(platform.port, client_context(pki, "syndic"))
        platform.process.send_signal(signal.SIGTERM)
        assert platform.process.wait(timeout=10) == 0
        assert platform.process.stdout is not None and platform.process.stderr is not None
        rest = platform.process.stdout.read().decode()
        assert f"account SIREN {SIREN_A} (Syndic Exemple): slot 1" in rest
        assert f"account SIREN {SIREN_B}" in rest
        assert "stopped" in platform.process.stderr.read().decode()


def test_serve_json_startup_line_and_sigint(pki: Pki) -> None:
    process = subprocess.Popen(
        [*_serve(pki), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert info["url"].startswith("https://127.0.0.1:") and info["port"] > 0
        assert [a["siren"] for a in info["accounts"]] == [SIREN_A, SIREN_B]
        assert info["client_auth"] == "required" and info["dn_compare"] == "exact"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _serve(pki: Pki) -> list[str]:
    from tests.helpers import CERTKIT

    return [
        CERTKIT,
        "platform",
        "serve",
        "--port",
        "0",
        "--ca-dir",
        str(pki.ca_dir),
        "--accounts",
        str(pki.accounts),
    ]


def test_serve_with_given_files_and_their_errors(pki: Pki, tmp_path: Path) -> None:
    server = pki.ca.issue_server(out=tmp_path / "server")
    assert server.cert_path is not None and server.key_path is not None
    missing = run_certkit(
        "platform",
        "serve",
        "--cert",
        tmp_path / "absent.pem",
        "--key",
        server.key_path,
        "--trust",
        pki.ca.chain_path,
        "--port",
        "0",
    )
    assert missing.returncode == 2 and "absent.pem" in missing.stderr
    mismatch = run_certkit(
        "platform",
        "serve",
        "--cert",
        server.cert_path,
        "--key",
        pki.key("syndic"),
        "--trust",
        pki.ca.chain_path,
        "--port",
        "0",
    )
    assert mismatch.returncode == 2
    assert "does not match" in mismatch.stderr and str(pki.key("syndic")) in mismatch.stderr
    with running_platform(
        pki,
        "--cert",
        str(server.cert_path),
        "--key",
        str(server.key_path),
        "--trust",
        str(pki.ca.chain_path),
        "--accounts",
        str(pki.accounts),
    ) as platform:
        status, body, _ = https_request(platform.port, client_context(pki, "syndic"))
    assert status == 200 and body["account_siren"] == SIREN_A


def test_revoked_certificate_is_refused_with_certificate_revoked(pki: Pki) -> None:
    revoked = pki.ca.issue(
        "rgs1-server-client", SIREN_A, cn="Syndic Exemple", out=pki.dir / "revoked", force=True
    )
    pki.ca.revoke(revoked.certificate, reason="key_compromise")
    crl = pki.ca.write_crl()
    with running_platform(pki, "--accounts", str(pki.accounts), "--crl", str(crl)) as platform:
        with pytest.raises(ssl.SSLError) as caught:
            https_request(platform.port, client_context(pki, "revoked", version="1.2"))
        assert "certificate revoked" in str(caught.value).lower()
        entry = platform.wait_entries(1)[-1]
        assert entry["alert_sent"] == "certificate_revoked"
        status, _, _ = https_request(platform.port, client_context(pki, "syndic"))
        assert status == 200  # the same DNs, not revoked: accepted


def test_unreadable_crl_is_bad_input(pki: Pki) -> None:
    result = run_certkit(
        "platform", "serve", "--ca-dir", pki.ca_dir, "--crl", pki.cert("syndic"), "--port", "0"
    )
    assert result.returncode == 2 and str(pki.cert("syndic")) in result.stderr
    assert "CRL" in result.stderr
