"""Names cryptography cannot build (duplicate attributes, a TeletexString, an INTEGER CN, bad
UTF-8, an empty RDN) never crash `platform register`, the platform or `probe`, and never make the
platform drop a connection unanswered: every command answers or refuses in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography import x509

from certkit.platform.accounts import load_accounts
from tests.helpers import run_certkit
from tests.odd_names import ca_with_subject, issue_with_subject, odd_subjects, pem, with_name
from tests.test_platform_support import (
    SIREN_A,
    Pki,
    client_context,
    https_request,
    pki,
    running_platform,
)
from tests.test_probe import openssl_server, server_cert

__all__ = ["pki", "server_cert"]

CASES = sorted(odd_subjects(SIREN_A))


@pytest.fixture(scope="module")
def odd(pki: Pki) -> dict[str, Path]:
    """One client certificate of the platform's test CA per odd subject."""
    return {
        case: issue_with_subject(pki.ca, der, pki.dir / f"odd-{case}", SIREN_A)
        for case, der in odd_subjects(SIREN_A).items()
    }


@pytest.fixture(scope="module")
def registered(pki: Pki, odd: dict[str, Path]) -> tuple[Path, dict[str, int]]:
    """An accounts file with each odd certificate in its own account slot, as `platform register`
    wrote it; and each case's exit status."""
    accounts = pki.dir / "odd-accounts.toml"
    accounts.unlink(missing_ok=True)
    codes: dict[str, int] = {}
    for number, case in enumerate(CASES):
        # each case in slot 1 of the same account would replace the previous one: one file each
        target = pki.dir / f"odd-accounts-{number}.toml"
        target.unlink(missing_ok=True)
        result = run_certkit(
            "platform", "register", target, "--siren", SIREN_A, "--slot", "1", "--cert", odd[case]
        )
        assert result.returncode in (0, 2), (case, result.stderr)  # never an internal error
        if result.returncode == 2:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and str(odd[case]) in lines[0], result.stderr
        codes[case] = result.returncode
    return accounts, codes


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("compare", ["exact", "canonical"])
def test_the_platform_answers_every_odd_name(
    pki: Pki, odd: dict[str, Path], registered: tuple[Path, dict[str, int]], case: str, compare: str
) -> None:
    _, codes = registered
    number = CASES.index(case)
    accounts = pki.dir / f"odd-accounts-{number}.toml"
    args = ["--dn-compare", compare]
    if codes[case] == 0:
        assert load_accounts(accounts).find(SIREN_A) is not None
        args += ["--accounts", str(accounts)]
    with running_platform(pki, *args) as platform:
        context = client_context(pki, None)
        context.load_cert_chain(pki.dir / f"odd-{case}-fullchain.pem", pki.dir / f"odd-{case}.key")
        status, body, _ = https_request(platform.port, context, path="/whoami")
        entries = platform.wait_entries(1)
    assert [e["event"] for e in entries] == ["request"], entries  # no internal error, no drop
    if codes[case] == 0:  # registered: the same rendering on both sides, so it is let in
        assert status == 200 and body["account_siren"] == SIREN_A
    else:  # not registrable: an ordinary refusal, with the name as certkit could write it
        assert status == 403 and body["error"] == "DN_NOT_REGISTERED"
        assert body["subject"]


def test_known_odd_names_are_registered_as_rendered_from_the_der(
    registered: tuple[Path, dict[str, int]], pki: Pki
) -> None:
    _, codes = registered
    for case in ("duplicate", "teletex", "ia5-8bit"):
        assert codes[case] == 0, case
    slot = load_accounts(pki.dir / f"odd-accounts-{CASES.index('duplicate')}.toml").accounts[0]
    assert slot.slots[0].subject_dn.startswith("CN=Syndic+CN=Syndic,")


@pytest.mark.parametrize("case", CASES)
def test_probe_presents_an_odd_certificate_without_crashing(
    pki: Pki, odd: dict[str, Path], case: str
) -> None:
    with running_platform(pki) as platform:
        result = run_certkit(
            "probe", platform.url, "--cert", odd[case], "--key", pki.dir / f"odd-{case}.key",
            "--trust", pki.root, "--json",
        )  # fmt: skip
    try:
        x509.load_pem_x509_certificate(odd[case].read_bytes())
    except ValueError:  # cryptography cannot even load it: a one-line refusal, at worst
        if result.returncode == 2:
            assert len(result.stderr.strip().splitlines()) == 1
            assert str(odd[case]) in result.stderr
            return
    assert result.returncode == 1, result.stderr  # diagnosed: no account registered
    report = json.loads(result.stdout)
    assert report["http"]["status"] == 403 and report["client_certificate"]["subject"]
    assert report["issuer_accepted"] is True


def test_probe_reads_odd_ca_names_a_server_announces(
    pki: Pki, server_cert: tuple[Path, Path], tmp_path: Path
) -> None:
    cas = [
        ca_with_subject(pki.ca, der, tmp_path / f"ca-{case}.pem")
        for case, der in odd_subjects(SIREN_A).items()
    ]
    bundle = tmp_path / "odd-cas.pem"
    bundle.write_bytes(b"".join(p.read_bytes() for p in [*cas, pki.root]))
    cert, key = server_cert
    with openssl_server(
        "-cert", str(cert), "-key", str(key), "-Verify", "1", "-CAfile", str(bundle)
    ) as port:
        result = run_certkit("probe", f"https://localhost:{port}", "--trust", pki.root, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["client_certificate_requested"] is True
    assert len(report["acceptable_cas"]) == len(cas) + 1
    assert all(report["acceptable_cas"])
    assert any(n.startswith("CN=Syndic+CN=Syndic,") for n in report["acceptable_cas"])
    assert "probe.accepted_cas" in [f["code"] for f in report["diagnosis"]]


def test_probe_reads_a_server_certificate_cryptography_refuses(pki: Pki, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    issued = pki.ca.issue_server(out=tmp_path / "srv")
    key = serialization.load_pem_private_key(pki.ca.path("intermediate_key").read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    subject = odd_subjects(SIREN_A)["bad-printable"]
    (tmp_path / "odd-srv.pem").write_bytes(pem(with_name(issued.certificate, key, subject=subject)))
    with openssl_server(
        "-cert", str(tmp_path / "odd-srv.pem"), "-key", str(tmp_path / "srv.key"),
        "-cert_chain", str(pki.ca.path("intermediate_cert")),
    ) as port:  # fmt: skip
        result = run_certkit("probe", f"https://127.0.0.1:{port}", "--trust", pki.root, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["server_verified"] is True
    assert report["server_chain"][0]["subject"].startswith("CN=Syndic_@*,")
    assert report["client_certificate_requested"] is False
    assert [f["code"] for f in report["diagnosis"]] == ["probe.no_client_cert_request"]
