"""Every fitness check, triggered and not triggered, on real certificates.

Certificates come from a real certkit test CA (``certkit.testca`` profiles) and, for shapes the
profiles do not cover (no keyUsage, Ed25519, several leaves…), from cryptography builders signed by
that CA's intermediate key. Expected values are derived from the certificates with cryptography or
from the rules, never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

from certkit.app.check import build_options
from certkit.checks import CODES, CheckContext, CheckSpec, Report, evaluate, run_checks
from certkit.findings import Severity
from certkit.model import KEY_USAGE_NAMES
from certkit.sources import load_path
from certkit.testca import TestCA

SIREN = "732829320"  # Luhn-valid (7+6+2+8+2+9+3+4+0 with doubling → 40)
OTHER_SIREN = "552100554"
TEST_ARC = "1.3.6.1.4.1.32473.67.75"  # certkit.testca.TEST_POLICY_ARC
TEST_PROFILE = "registre-coproprietes-test"
PROFILES = (
    "rgs1-server-client",
    "rgs1-server-client-ou0002",
    "rgs2-server-client",
    "rgs3-server-client",
    "personal",
    "server-only",
    "no-eku",
    "expired",
    "not-yet-valid",
    "expiring-soon",
    "weak-rsa1024",
    "sha1",
    "no-siren",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Pki:
    ca: TestCA
    dir: Path
    port: int
    root_pem: Path
    chain_pem: Path
    intermediate: x509.Certificate
    intermediate_key: Any
    files: dict[str, Path]


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("checks-pki"))


def make_pki(base: Path) -> Pki:
    """A test CA in ``base`` and one certificate per test CA profile (SIREN where it applies)."""
    port = free_port()
    ca = TestCA.init(base / "ca", base_url=f"http://127.0.0.1:{port}")
    files: dict[str, Path] = {}
    out = base / "issued"
    out.mkdir()
    for profile in PROFILES:
        siren = None if profile in ("personal", "no-siren") else SIREN
        issued = ca.issue(profile, siren, out=out / profile)
        assert issued.cert_path is not None
        files[profile] = issued.cert_path
    inter = x509.load_pem_x509_certificate((base / "ca" / "intermediate.pem").read_bytes())
    inter_key = serialization.load_pem_private_key(
        (base / "ca" / "intermediate.key").read_bytes(), None
    )
    return Pki(
        ca=ca,
        dir=base,
        port=port,
        root_pem=base / "ca" / "root.pem",
        chain_pem=base / "ca" / "chain.pem",
        intermediate=inter,
        intermediate_key=inter_key,
        files=files,
    )


def build_leaf(
    pki: Pki,
    path: Path,
    *,
    subject: list[tuple[x509.ObjectIdentifier, str]] | None = None,
    eku: list[x509.ObjectIdentifier] | None = None,
    ku: dict[str, bool] | None = None,
    policies: list[str] | None = None,
    key: Any = None,
    ca: bool = False,
    aia: bool = True,
    issuer: tuple[x509.Certificate, Any] | None = None,
    days: int = 400,
    eku_critical: bool = False,
) -> x509.Certificate:
    """A leaf signed by the test CA's intermediate with exactly the extensions asked for."""
    key = key if key is not None else ec.generate_private_key(ec.SECP256R1())
    signer_cert, signer_key = (
        issuer if issuer is not None else (pki.intermediate, pki.intermediate_key)
    )
    attrs = subject or [
        (NameOID.COUNTRY_NAME, "FR"),
        (NameOID.ORGANIZATION_NAME, "SYNDIC EXEMPLE"),
        (NameOID.ORGANIZATION_IDENTIFIER, f"NTRFR-{SIREN}"),
        (NameOID.COMMON_NAME, "SYNDIC EXEMPLE"),
    ]
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(o, v) for o, v in attrs]))
        .issuer_name(signer_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=eku_critical)
    if ku is not None:
        flags = dict.fromkeys(
            KEY_USAGE_NAMES,
            False,
        )
        flags.update(ku)
        builder = builder.add_extension(x509.KeyUsage(**flags), critical=True)
    if policies:
        builder = builder.add_extension(
            x509.CertificatePolicies(
                [x509.PolicyInformation(x509.ObjectIdentifier(p), None) for p in policies]
            ),
            critical=False,
        )
    if aia:
        base = f"http://127.0.0.1:{pki.port}"
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(f"{base}/ocsp"),
                    ),
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.CA_ISSUERS,
                        x509.UniformResourceIdentifier(f"{base}/issuer.der"),
                    ),
                ]
            ),
            critical=False,
        )
    algorithm = None if isinstance(signer_key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    cert = builder.sign(signer_key, algorithm)
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert


GOOD_EXT: dict[str, Any] = {
    "eku": [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH],
    "ku": {"digital_signature": True, "key_encipherment": True},
    "policies": [f"{TEST_ARC}.1.1"],
}


def check(path: Path, profile: str = TEST_PROFILE, **kwargs: Any) -> Report:
    """Run the full check of ``path`` the way ``certkit check`` does (as a fresh process would:
    no AIA download remembered from an earlier test)."""
    from certkit import chain

    chain._AIA_CACHE.clear()
    options = build_options(
        profile,
        tuple(kwargs.pop("catalogues", ())),
        tuple(kwargs.pop("trust", ())),
        tuple(kwargs.pop("chain", ())),
        kwargs.pop("at", None),
        kwargs.pop("siren", None),
        kwargs.pop("fetch_aia", False),
        kwargs.pop("revocation", None),
        kwargs.pop("timeout", 3.0),
    )
    assert not kwargs
    return evaluate(load_path(path), options)


def codes(report: Report, *severities: Severity) -> set[str]:
    return {f.code for f in report.findings if not severities or f.severity in severities}


def params(report: Report, code: str) -> dict[str, Any]:
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code} not in {codes(report)}"
    return found[0].params


def write_profile(tmp: Path, **changes: Any) -> Path:
    """A copy of the bundled test profile with ``changes``, as a TOML file."""
    from certkit.policy import load_profile

    base = load_profile(TEST_PROFILE).to_json()
    base.pop("file")
    base.update(changes)
    lines = []
    for key, value in base.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{key} = {value}")
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in value)}]")
        else:
            lines.append(f'{key} = "{value}"')
    path = tmp / "custom-profile.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


class Http:
    """A real HTTP server on 127.0.0.1 answering fixed bodies per path."""

    def __init__(self, routes: dict[str, tuple[int, bytes]], port: int = 0) -> None:
        routes_ref = routes

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, body = routes_ref.get(self.path, (404, b"not found"))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = _answer
            do_POST = _answer

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Http:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def responder(pki: Pki) -> Iterator[Any]:
    """The test CA's own OCSP/CRL/issuer HTTP responder on the port baked into its certificates."""
    from certkit.testca.ocsp import OcspResponder

    server = OcspResponder(pki.ca, port=pki.port).start()
    try:
        yield server
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------
# The good certificate: every check passes (nothing triggered).


def test_good_certificate_triggers_no_check(pki: Pki) -> None:
    report = check(
        pki.files["rgs1-server-client"],
        trust=[pki.root_pem],
        chain=[pki.chain_pem],
        siren=SIREN,
    )
    assert report.verdict.value == "pass"
    assert codes(report, Severity.ERROR, Severity.WARNING) == set()
    assert codes(report, Severity.OK) == {
        "checks.no_private_key",
        "checks.leaf_found",
        "checks.validity_ok",
        "checks.end_entity",
        "checks.eku_client_auth",
        "checks.ku_ok",
        "checks.organisation_subject",
        "checks.key_ok",
        "checks.signature_ok",
        "checks.siren_ok",
        "checks.rgs_ok",
        "checks.issuer_recognised",
        "checks.chain_verified",
    }
    cert = x509.load_pem_x509_certificate(pki.files["rgs1-server-client"].read_bytes())
    days_left = (cert.not_valid_after_utc - dt.datetime.now(dt.UTC)).days
    assert params(report, "checks.validity_ok")["days"] in (days_left, days_left - 1)
    assert params(report, "checks.siren_ok")["siren"] == SIREN
    assert params(report, "checks.chain_verified")["length"] == 3
    assert report.rgs_level == 1


# ------------------------------------------------------------------------------------------------
# Test CA profiles → the check each one is designed to trigger.


@pytest.mark.parametrize(
    ("profile", "code"),
    [
        ("expired", "checks.expired"),
        ("not-yet-valid", "checks.not_yet_valid"),
        ("expiring-soon", "checks.expiring_soon"),
        ("server-only", "checks.eku_server_only"),
        ("no-eku", "checks.eku_absent"),
        ("personal", "checks.personal_subject"),
        ("personal", "checks.personal_usage"),
        ("weak-rsa1024", "checks.key_rsa_too_small"),
        ("sha1", "checks.signature_weak_hash"),
        ("no-siren", "checks.siren_missing"),
        ("server-only", "checks.policy_wrong_usage"),
    ],
)
def test_profile_triggers_its_check(pki: Pki, profile: str, code: str) -> None:
    report = check(pki.files[profile])
    assert code in codes(report)
    assert CODES[code].severity in {f.severity for f in report.findings if f.code == code}


def test_expiry_findings_state_date_and_days(pki: Pki) -> None:
    now = dt.datetime.now(dt.UTC)
    for profile, code in (
        ("expired", "checks.expired"),
        ("expiring-soon", "checks.expiring_soon"),
        ("not-yet-valid", "checks.not_yet_valid"),
    ):
        cert = x509.load_pem_x509_certificate(pki.files[profile].read_bytes())
        got = params(check(pki.files[profile]), code)
        if code == "checks.not_yet_valid":
            expected_date, days = cert.not_valid_before_utc, (cert.not_valid_before_utc - now).days
        elif code == "checks.expired":
            expected_date, days = cert.not_valid_after_utc, (now - cert.not_valid_after_utc).days
        else:
            expected_date, days = cert.not_valid_after_utc, (cert.not_valid_after_utc - now).days
        assert got["date"] == expected_date.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert got["days"] in (days, days - 1, days + 1)
    # expiring-soon is inside the 60-day window of the registry profiles, but not in a 5-day one
    assert params(check(pki.files["expiring-soon"]), "checks.expiring_soon")["window"] == 60


def test_expiry_window_comes_from_the_profile(pki: Pki, tmp_path: Path) -> None:
    short = write_profile(tmp_path, expiry_warning_days=5)
    report = check(pki.files["expiring-soon"], profile=str(short))
    assert "checks.validity_ok" in codes(report)
    assert "checks.expiring_soon" not in codes(report)


def test_at_moves_the_check_time(pki: Pki) -> None:
    cert = x509.load_pem_x509_certificate(pki.files["rgs1-server-client"].read_bytes())
    after = (cert.not_valid_after_utc + dt.timedelta(days=2)).strftime("%Y-%m-%d")
    assert "checks.expired" in codes(check(pki.files["rgs1-server-client"], at=after))
    before = (cert.not_valid_before_utc - dt.timedelta(days=2)).strftime("%Y-%m-%d")
    assert "checks.not_yet_valid" in codes(check(pki.files["rgs1-server-client"], at=before))


def test_good_profiles_do_not_trigger_profile_checks(pki: Pki) -> None:
    for profile in ("rgs1-server-client", "rgs1-server-client-ou0002", "rgs2-server-client"):
        report = check(pki.files[profile])
        assert not codes(report) & {
            "checks.expired",
            "checks.eku_server_only",
            "checks.eku_absent",
            "checks.personal_subject",
            "checks.personal_usage",
            "checks.key_rsa_too_small",
            "checks.signature_weak_hash",
            "checks.siren_missing",
        }


# ------------------------------------------------------------------------------------------------
# File-level checks


def test_private_key_in_file_is_a_warning_about_the_file(pki: Pki, tmp_path: Path) -> None:
    # The certificate is good; the file must not be sent: a warning naming the command to run.
    combined = tmp_path / "with key.pem"
    key_file = pki.files["rgs1-server-client"].with_suffix(".key")
    combined.write_bytes(pki.files["rgs1-server-client"].read_bytes() + key_file.read_bytes())
    report = check(combined, chain=[pki.chain_pem], trust=[pki.root_pem])
    assert codes(report, Severity.ERROR) == set()
    assert codes(report, Severity.WARNING) == {"checks.private_key_present"}
    assert report.verdict.value == "warn"
    got = params(report, "checks.private_key_present")
    assert got["file"] == f"'{combined}'"  # quoted for a shell: the name has a space
    assert (got["options"], got["suffix"]) == ("", ".pem")
    message = next(f for f in report.findings if f.code == "checks.private_key_present")
    assert f"certkit export '{combined}' -o a-televerser.pem" in message.message("fr")
    assert "checks.no_private_key" in codes(check(pki.files["rgs1-server-client"]))


def test_chain_only_file_gets_one_error_and_nothing_else(pki: Pki) -> None:
    # ca/chain.pem is intermediate + root: the file a CA delivers next to the certificate.
    for path, count in ((pki.chain_pem, 2), (pki.root_pem, 1)):
        report = check(path)
        assert [(f.code, f.severity) for f in report.findings] == [
            ("checks.chain_only", Severity.ERROR)
        ]
        assert params(report, "checks.chain_only")["count"] == count
        assert report.verdict.value == "fail"
        assert report.facts is None


def test_several_unrelated_leaves_are_ambiguous(pki: Pki, tmp_path: Path) -> None:
    both = tmp_path / "two.pem"
    both.write_bytes(
        pki.files["rgs1-server-client"].read_bytes() + pki.files["rgs2-server-client"].read_bytes()
    )
    report = check(both)
    assert codes(report) == {"checks.no_private_key", "checks.leaf_ambiguous"}
    assert params(report, "checks.leaf_ambiguous")["count"] == 2
    assert report.verdict.value == "fail"


def test_no_leaf_when_certificates_issue_each_other(tmp_path: Path) -> None:
    # Two certificates, each naming the other as issuer: neither is an end certificate.
    key_a, key_b = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    name_a = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Loop A")])
    name_b = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Loop B")])
    now = dt.datetime.now(dt.UTC)

    def make(subject: x509.Name, issuer: x509.Name, key: Any, signer: Any) -> bytes:
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=10))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(signer, hashes.SHA256())
        )
        return cert.public_bytes(serialization.Encoding.PEM)

    loop = tmp_path / "loop.pem"
    loop.write_bytes(make(name_a, name_b, key_a, key_b) + make(name_b, name_a, key_b, key_a))
    report = check(loop)
    assert "checks.leaf_not_found" in codes(report, Severity.ERROR)


def test_ca_certificate_is_not_a_client_certificate(pki: Pki, tmp_path: Path) -> None:
    # Not marked cA, but its key may sign certificates (keyCertSign): a CA's key, not a client's.
    build_leaf(
        pki,
        tmp_path / "signer.pem",
        eku=GOOD_EXT["eku"],
        ku={"digital_signature": True, "key_cert_sign": True},
        policies=GOOD_EXT["policies"],
    )
    report = check(tmp_path / "signer.pem")
    assert "checks.ca_certificate" in codes(report, Severity.ERROR)
    assert "checks.end_entity" in codes(check(pki.files["rgs1-server-client"]))


# ------------------------------------------------------------------------------------------------
# Usage checks on purpose-built certificates


def test_eku_without_client_auth(pki: Pki, tmp_path: Path) -> None:
    build_leaf(
        pki, tmp_path / "email.pem", eku=[ExtendedKeyUsageOID.EMAIL_PROTECTION], ku=GOOD_EXT["ku"]
    )
    report = check(tmp_path / "email.pem")
    assert "checks.eku_no_client_auth" in codes(report, Severity.ERROR)
    assert params(report, "checks.eku_no_client_auth")["ekus"] == "email_protection"
    assert "checks.eku_server_only" not in codes(report)


def test_profile_required_and_forbidden_ekus(pki: Pki, tmp_path: Path) -> None:
    needs_code_signing = write_profile(tmp_path, required_ekus=["client_auth", "code_signing"])
    report = check(pki.files["rgs1-server-client"], profile=str(needs_code_signing))
    assert params(report, "checks.eku_required_missing")["ekus"] == "code_signing"
    forbids_server = write_profile(tmp_path, forbidden_ekus=["server_auth"])
    report = check(pki.files["rgs1-server-client"], profile=str(forbids_server))
    assert params(report, "checks.eku_forbidden")["ekus"] == "server_auth"
    assert not codes(check(pki.files["rgs1-server-client"])) & {
        "checks.eku_required_missing",
        "checks.eku_forbidden",
    }


def test_key_usage_missing_digital_signature(pki: Pki, tmp_path: Path) -> None:
    build_leaf(
        pki,
        tmp_path / "ke.pem",
        eku=GOOD_EXT["eku"],
        ku={"key_encipherment": True},
        policies=GOOD_EXT["policies"],
    )
    report = check(tmp_path / "ke.pem")
    assert params(report, "checks.ku_missing")["missing"] == "digital_signature"


def test_key_usage_absent_is_information(pki: Pki, tmp_path: Path) -> None:
    build_leaf(pki, tmp_path / "noku.pem", eku=GOOD_EXT["eku"], policies=GOOD_EXT["policies"])
    report = check(tmp_path / "noku.pem", chain=[pki.chain_pem], trust=[pki.root_pem])
    assert "checks.ku_absent" in codes(report, Severity.INFO)
    assert report.verdict.value == "pass"


def test_subject_without_organisation(pki: Pki, tmp_path: Path) -> None:
    build_leaf(
        pki,
        tmp_path / "noorg.pem",
        subject=[(NameOID.COUNTRY_NAME, "FR"), (NameOID.COMMON_NAME, "syndic.example")],
        **GOOD_EXT,
    )
    assert "checks.no_organisation" in codes(check(tmp_path / "noorg.pem"), Severity.WARNING)


# ------------------------------------------------------------------------------------------------
# Crypto checks


def test_key_type_and_curve_limits(pki: Pki, tmp_path: Path) -> None:
    build_leaf(pki, tmp_path / "ed.pem", key=ed25519.Ed25519PrivateKey.generate(), **GOOD_EXT)
    report = check(tmp_path / "ed.pem")
    assert params(report, "checks.key_type_not_allowed")["key_type"].lower() == "ed25519"
    p384_only = write_profile(tmp_path, allowed_curves=["secp384r1"])
    report = check(pki.files["rgs1-server-client"], profile=str(p384_only))
    assert params(report, "checks.key_curve_not_allowed")["curve"] == "secp256r1"
    assert "checks.key_ok" in codes(check(pki.files["rgs1-server-client"]))


def test_signature_hash_not_in_profile(pki: Pki, tmp_path: Path) -> None:
    sha384_only = write_profile(tmp_path, allowed_signature_hashes=["sha384"])
    report = check(pki.files["rgs1-server-client"], profile=str(sha384_only))
    assert params(report, "checks.signature_hash_not_allowed")["algorithm"] == "ecdsa-with-SHA256"
    assert "checks.signature_weak_hash" not in codes(report)


def test_rsa_1024_reports_bits(pki: Pki) -> None:
    cert = x509.load_pem_x509_certificate(pki.files["weak-rsa1024"].read_bytes())
    got = params(check(pki.files["weak-rsa1024"]), "checks.key_rsa_too_small")
    assert got == {"bits": cert.public_key().key_size, "minimum": 2048}  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------------------
# SIREN


def test_siren_expected_and_mismatch(pki: Pki) -> None:
    ok = check(pki.files["rgs1-server-client-ou0002"], siren=SIREN)
    assert params(ok, "checks.siren_ok")["siren"] == SIREN
    bad = check(pki.files["rgs1-server-client"], siren=OTHER_SIREN)
    got = params(bad, "checks.siren_mismatch")
    assert (got["found"], got["expected"]) == (SIREN, OTHER_SIREN)
    assert bad.verdict.value == "fail"


def test_siren_with_bad_checksum_is_invalid(pki: Pki, tmp_path: Path) -> None:
    bad = "732829321"  # last digit changed: Luhn sum no longer a multiple of 10
    build_leaf(
        pki,
        tmp_path / "badsiren.pem",
        subject=[
            (NameOID.COUNTRY_NAME, "FR"),
            (NameOID.ORGANIZATION_NAME, "SYNDIC EXEMPLE"),
            (NameOID.ORGANIZATION_IDENTIFIER, f"NTRFR-{bad}"),
            (NameOID.COMMON_NAME, "SYNDIC EXEMPLE"),
        ],
        **GOOD_EXT,
    )
    report = check(tmp_path / "badsiren.pem")
    assert "checks.siren_invalid" in codes(report, Severity.ERROR)
    assert bad in params(report, "checks.siren_invalid")["value"]
    assert "checks.siren_missing" not in codes(report)


def test_siren_optional_profile(pki: Pki) -> None:
    report = check(pki.files["no-siren"], profile="sne")
    assert "checks.siren_not_required" in codes(report, Severity.INFO)
    assert "checks.siren_missing" not in codes(report)


# ------------------------------------------------------------------------------------------------
# RGS level and issuer


def test_test_policies_refused_in_production(pki: Pki) -> None:
    report = check(pki.files["rgs3-server-client"], profile="registre-coproprietes")
    assert params(report, "checks.policy_test_only")["oids"] == f"{TEST_ARC}.1.3"
    assert report.rgs_level is None
    accepted = check(pki.files["rgs3-server-client"], chain=[pki.chain_pem], trust=[pki.root_pem])
    assert "checks.policy_test_accepted" in codes(accepted, Severity.INFO)
    assert params(accepted, "checks.rgs_ok")["level"] == "***"
    assert accepted.rgs_level == 3
    # The same certificate alone: its policy claims level ***, nothing proves it.
    alone = check(pki.files["rgs3-server-client"])
    assert params(alone, "checks.rgs_claimed")["level"] == "***"
    assert (alone.rgs_level, alone.rgs_level_claimed) == (None, 3)
    assert alone.verdict.value == "warn"


def test_rgs_level_below_profile_minimum(pki: Pki, tmp_path: Path) -> None:
    needs_two = write_profile(tmp_path, min_rgs_level=2)
    low = check(pki.files["rgs1-server-client"], profile=str(needs_two))
    assert params(low, "checks.rgs_too_low")["minimum"] == "**"
    assert low.verdict.value == "fail"  # a level too low fails, proven or not
    proven = check(
        pki.files["rgs2-server-client"],
        profile=str(needs_two),
        chain=[pki.chain_pem],
        trust=[pki.root_pem],
    )
    assert "checks.rgs_ok" in codes(proven)


def test_unknown_policy_cannot_confirm_level(pki: Pki, tmp_path: Path) -> None:
    certigna_like = "1.2.250.1.177.9.9.9"  # under the Certigna arc, not a catalogued policy
    build_leaf(
        pki, tmp_path / "unk.pem", eku=GOOD_EXT["eku"], ku=GOOD_EXT["ku"], policies=[certigna_like]
    )
    report = check(tmp_path / "unk.pem", profile="registre-coproprietes")
    got = params(report, "checks.rgs_unknown")
    assert got["oids"] == certigna_like
    assert got["providers"] == "Certigna (Dhimyotis)"
    assert "certkit Test CA" in got["issuer"]
    assert report.verdict.value == "warn"
    # The Certigna arc only claims the provider: nothing here proves it (signed by the test CA).
    claimed = params(report, "checks.issuer_claimed")
    assert claimed == {"oid": certigna_like, "provider": "Certigna (Dhimyotis)"}
    assert "checks.issuer_recognised" not in codes(report)


def _user_catalogue(tmp_path: Path, oid: str, **extra: str) -> Path:
    lines = [
        "[[policy]]",
        f'oid = "{oid}"',
        'provider = "Certigna (Dhimyotis)"',
        'usage = "server-client-auth"',
        "rgs_level = 2",
        "test_only = false",
        'source = "test: provider policy document v1"',
        *extra.values(),
    ]
    path = tmp_path / "mine.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_catalogue_extension_confirms_level_only_with_a_verified_chain(
    pki: Pki, tmp_path: Path
) -> None:
    oid = "1.2.250.1.177.9.9.9"
    build_leaf(pki, tmp_path / "unk.pem", eku=GOOD_EXT["eku"], ku=GOOD_EXT["ku"], policies=[oid])
    extra = _user_catalogue(tmp_path, oid)
    alone = check(tmp_path / "unk.pem", profile="registre-coproprietes", catalogues=[extra])
    assert alone.verdict.value == "warn"  # the leaf alone proves nothing
    assert (alone.rgs_level, alone.rgs_level_claimed) == (None, 2)
    assert params(alone, "checks.rgs_claimed")["level"] == "**"
    proven = check(
        tmp_path / "unk.pem",
        profile="registre-coproprietes",
        catalogues=[extra],
        chain=[pki.chain_pem],
        trust=[pki.root_pem],
    )
    assert proven.verdict.value == "pass"  # production accepts it once sourced and proven
    assert proven.rgs_level == 2
    assert params(proven, "checks.rgs_ok") == {
        "level": "**",
        "oid": oid,
        "provider": "Certigna (Dhimyotis)",
    }


def self_signed_ca(name: x509.Name, path: Path) -> tuple[x509.Certificate, Any]:
    """A self-made CA certificate named ``name`` (cA, keyCertSign), written to ``path``."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def test_forgery_under_a_french_arc_never_passes(pki: Pki, tmp_path: Path) -> None:
    """A leaf signed by a self-made CN=Evil CA with a policy under Certigna's arc: the arc only
    claims the provider; even once the user catalogues the OID, the verdict is at best warn."""
    oid = "1.2.250.1.177.9.9.9"
    evil_pem = tmp_path / "evil-ca.pem"
    evil, evil_key = self_signed_ca(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Evil CA")]), evil_pem
    )
    build_leaf(
        pki,
        tmp_path / "forged.pem",
        eku=GOOD_EXT["eku"],
        ku=GOOD_EXT["ku"],
        policies=[oid],
        issuer=(evil, evil_key),
        aia=False,
    )
    extra = _user_catalogue(tmp_path, oid)
    for kwargs in ({}, {"catalogues": [extra]}, {"catalogues": [extra], "chain": [evil_pem]}):
        report = check(tmp_path / "forged.pem", profile="registre-coproprietes", **kwargs)
        assert report.verdict.value == "warn", kwargs
        assert report.rgs_level is None
        assert "checks.issuer_recognised" not in codes(report)
        assert params(report, "checks.issuer_claimed")["provider"] == "Certigna (Dhimyotis)"
    with_chain = check(
        tmp_path / "forged.pem",
        profile="registre-coproprietes",
        catalogues=[extra],
        chain=[evil_pem],
    )
    assert params(with_chain, "checks.chain_untrusted_root")["root"] == "CN=Evil CA"
    assert "checks.rgs_claimed" in codes(with_chain, Severity.WARNING)


def test_catalogue_issuers_pin_the_ca(pki: Pki, tmp_path: Path) -> None:
    """A catalogue entry naming its CA certificates (issuers = [sha256]) confirms the level only
    on a path through one of them."""
    oid = "1.2.250.1.177.9.9.9"
    build_leaf(pki, tmp_path / "unk.pem", eku=GOOD_EXT["eku"], ku=GOOD_EXT["ku"], policies=[oid])
    intermediate_sha256 = pki.intermediate.fingerprint(hashes.SHA256()).hex()
    proof = {"chain": [pki.chain_pem], "trust": [pki.root_pem]}
    pinned = _user_catalogue(tmp_path, oid, issuers=f'issuers = ["{intermediate_sha256}"]')
    report = check(
        tmp_path / "unk.pem", profile="registre-coproprietes", catalogues=[pinned], **proof
    )
    assert report.rgs_level == 2
    other = _user_catalogue(tmp_path, oid, issuers=f'issuers = ["{"ab" * 32}"]')
    report = check(
        tmp_path / "unk.pem", profile="registre-coproprietes", catalogues=[other], **proof
    )
    assert report.rgs_level is None
    assert report.verdict.value == "warn"
    assert params(report, "checks.rgs_other_issuer")["level"] == "**"


def test_no_policy_and_unknown_issuer(pki: Pki, tmp_path: Path) -> None:
    build_leaf(pki, tmp_path / "nopol.pem", eku=GOOD_EXT["eku"], ku=GOOD_EXT["ku"])
    report = check(tmp_path / "nopol.pem", profile="registre-coproprietes")
    assert "checks.rgs_no_policy" in codes(report, Severity.WARNING)
    assert "checks.issuer_unknown" in codes(report, Severity.WARNING)
    sne = check(tmp_path / "nopol.pem", profile="sne")
    assert "checks.rgs_not_required" in codes(sne, Severity.INFO)


def test_issuer_recognised_from_trust_store(pki: Pki, tmp_path: Path) -> None:
    build_leaf(pki, tmp_path / "nopol.pem", eku=GOOD_EXT["eku"], ku=GOOD_EXT["ku"])
    report = check(tmp_path / "nopol.pem", profile="registre-coproprietes", trust=[pki.chain_pem])
    assert "checks.issuer_recognised" in codes(report)
    assert (
        pki.intermediate.subject.rfc4514_string()
        in params(report, "checks.issuer_recognised")["provider"]
    )


# ------------------------------------------------------------------------------------------------
# Chain


def test_chain_states(pki: Pki, tmp_path: Path) -> None:
    leaf = pki.files["rgs1-server-client"]
    assert "checks.chain_not_checked" in codes(check(leaf), Severity.WARNING)
    untrusted = check(leaf, chain=[pki.chain_pem])
    assert "Root" in params(untrusted, "checks.chain_untrusted_root")["root"]
    assert "checks.chain_verified" in codes(
        check(leaf, chain=[pki.chain_pem], trust=[pki.root_pem])
    )
    # only the root given: the intermediate is missing
    incomplete = check(leaf, chain=[pki.root_pem])
    assert params(incomplete, "checks.chain_incomplete")["missing"] == (
        pki.intermediate.subject.rfc4514_string()
    )
    # a server-only certificate: refused for its usage, not blamed on its (good) chain
    server = check(pki.files["server-only"], chain=[pki.chain_pem], trust=[pki.root_pem])
    assert "checks.chain_verified" in codes(server, Severity.OK)
    assert codes(server, Severity.ERROR) == {"checks.eku_server_only"}


def test_expired_leaf_on_a_good_chain_is_only_its_dates(pki: Pki) -> None:
    for profile, dates in (
        ("expired", "checks.expired"),
        ("not-yet-valid", "checks.not_yet_valid"),
    ):
        report = check(pki.files[profile], chain=[pki.chain_pem], trust=[pki.root_pem])
        assert codes(report, Severity.ERROR) == {dates}
        got = params(report, "checks.chain_verified_leaf_dates")
        assert got["length"] == 3 and "Root" in got["anchor"]
        assert report.verdict.value == "fail"


def test_chain_signed_by_another_key_is_invalid(pki: Pki, tmp_path: Path) -> None:
    # Same issuer name as the real intermediate, but signed by a different key.
    impostor_key = ec.generate_private_key(ec.SECP256R1())
    build_leaf(pki, tmp_path / "forged.pem", issuer=(pki.intermediate, impostor_key), **GOOD_EXT)
    report = check(tmp_path / "forged.pem", chain=[pki.chain_pem], trust=[pki.root_pem])
    # the names chain, so the path is complete; the signature is what fails
    assert "checks.chain_bad_signature" in codes(report, Severity.ERROR)
    assert "signature" in params(report, "checks.chain_bad_signature")["detail"]
    message = next(f for f in report.findings if f.code == "checks.chain_bad_signature")
    assert "validation failed" not in message.message("fr")
    assert "checks.chain_verified" not in codes(report)
    assert report.verdict.value == "fail"


def test_fetch_aia_downloads_the_intermediate(pki: Pki, responder: Any) -> None:
    report = check(pki.files["rgs1-server-client"], trust=[pki.root_pem], fetch_aia=True)
    assert "checks.chain_verified" in codes(report)


def test_fetch_aia_unreachable(pki: Pki) -> None:
    report = check(pki.files["rgs1-server-client"], trust=[pki.root_pem], fetch_aia=True, timeout=1)
    got = params(report, "checks.aia_fetch_failed")
    assert got["url"] == f"http://127.0.0.1:{pki.port}/issuer.der"
    assert got["problem_code"] == "checks.net.unreachable"  # nothing listens on that port
    message = next(f for f in report.findings if f.code == "checks.aia_fetch_failed")
    assert message.message("fr").endswith("serveur injoignable (connexion refusée ou nom inconnu).")


# ------------------------------------------------------------------------------------------------
# Revocation against the test CA's real OCSP responder and CRL on 127.0.0.1


def test_revocation_ocsp_and_crl(pki: Pki, responder: Any, tmp_path: Path) -> None:
    # A separate handle on the CA directory: the responder thread keeps its own.
    ca = TestCA.open(pki.dir / "ca")
    ca.issue("rgs1-server-client", SIREN, out=tmp_path / "good")
    bad = ca.issue("rgs1-server-client", SIREN, out=tmp_path / "bad")
    ca.revoke(bad.certificate, reason="key_compromise")
    for method in ("ocsp", "crl"):
        ok = check(tmp_path / "good.pem", chain=[pki.chain_pem], revocation=method)
        assert params(ok, "checks.revocation_good")["method"] == method.upper()
        revoked = check(tmp_path / "bad.pem", chain=[pki.chain_pem], revocation=method)
        got = params(revoked, "checks.revoked")
        assert got["reason_code"] == "checks.crl_reason.keyCompromise"
        assert "clé compromise" in next(
            f for f in revoked.findings if f.code == "checks.revoked"
        ).message("fr")
        assert revoked.verdict.value == "fail"


def test_revocation_without_issuer_or_url(pki: Pki, tmp_path: Path) -> None:
    report = check(pki.files["rgs1-server-client"], revocation="ocsp")
    assert "checks.revocation_no_issuer" in codes(report, Severity.WARNING)
    build_leaf(pki, tmp_path / "noaia.pem", aia=False, **GOOD_EXT)
    report = check(tmp_path / "noaia.pem", chain=[pki.chain_pem], revocation="ocsp")
    assert params(report, "checks.revocation_no_url")["method"] == "OCSP"
    assert "revocation" not in " ".join(codes(check(pki.files["rgs1-server-client"])))


def test_revocation_unreachable(pki: Pki) -> None:
    report = check(
        pki.files["rgs1-server-client"], chain=[pki.chain_pem], revocation="ocsp", timeout=1
    )
    got = params(report, "checks.revocation_unreachable")
    assert got["url"] == f"http://127.0.0.1:{pki.port}/ocsp"
    assert report.verdict.value == "warn"


def test_revocation_unknown_serial(pki: Pki, responder: Any, tmp_path: Path) -> None:
    # Signed by the real intermediate but never recorded in the CA's index: OCSP says unknown.
    build_leaf(pki, tmp_path / "stray.pem", **GOOD_EXT)
    report = check(tmp_path / "stray.pem", chain=[pki.chain_pem], revocation="ocsp")
    assert "checks.revocation_unknown" in codes(report, Severity.WARNING)


def test_revocation_garbage_answer(pki: Pki) -> None:
    with Http({"/ocsp": (200, b"this is not OCSP")}, port=pki.port):
        report = check(pki.files["rgs1-server-client"], chain=[pki.chain_pem], revocation="ocsp")
    assert "checks.revocation_invalid_response" in codes(report, Severity.WARNING)


# ------------------------------------------------------------------------------------------------
# A crashing check


def test_crashing_check_becomes_error_naming_it(pki: Pki) -> None:
    from certkit.model import facts
    from certkit.policy import Catalogue, load_profile

    def broken(f: Any, ctx: CheckContext) -> list[Any]:
        raise ZeroDivisionError("boom")

    spec = CheckSpec("broken_check", "engine", "test", broken, ())
    cert = x509.load_pem_x509_certificate(pki.files["rgs1-server-client"].read_bytes())
    ctx = CheckContext(
        profile=load_profile(TEST_PROFILE), catalogue=Catalogue.load(), now=dt.datetime.now(dt.UTC)
    )
    found = run_checks(facts(cert), ctx, (spec,))
    assert [(f.code, f.severity, f.params["check"]) for f in found] == [
        ("checks.check_crashed", Severity.ERROR, "broken_check")
    ]
    assert "ZeroDivisionError" in found[0].params["error"]


# ------------------------------------------------------------------------------------------------
# Verdict of every test CA profile under every registry profile, derived from the rules, with the
# chain given and its root trusted (so the issuer and level are proven):
# - production, sne and chorus-pro refuse certkit test policies (policy_test_only) → fail;
# - the test profile applies the production rules with test policies accepted.
# Without the chain, nothing proves the issuer: a verdict that would pass becomes warn, never pass.

REGISTRIES = ("registre-coproprietes", TEST_PROFILE, "sne", "chorus-pro")
TEST_PROFILE_EXPECTED: dict[str, tuple[str, set[str]]] = {
    "rgs1-server-client": ("pass", set()),
    "rgs1-server-client-ou0002": ("pass", set()),
    "rgs2-server-client": ("pass", set()),
    "rgs3-server-client": ("pass", set()),
    # a person, usage "authentication" policy (a warning, not an error), no SIREN
    "personal": ("fail", {"checks.personal_subject", "checks.siren_missing"}),
    # refused for its EKU; its policy (usage server) informs, its chain is fine
    "server-only": ("fail", {"checks.eku_server_only"}),
    "no-eku": ("warn", set()),
    # the leaf's own dates, not its chain
    "expired": ("fail", {"checks.expired"}),
    "not-yet-valid": ("fail", {"checks.not_yet_valid"}),
    "expiring-soon": ("warn", set()),
    "weak-rsa1024": ("fail", {"checks.key_rsa_too_small"}),
    # SHA-1: the hash check, and path validation refuses the signature algorithm too
    "sha1": ("fail", {"checks.signature_weak_hash", "checks.chain_weak_algorithm"}),
    "no-siren": ("fail", {"checks.siren_missing"}),
}


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("registry", REGISTRIES)
def test_verdict_table(pki: Pki, profile: str, registry: str) -> None:
    report = check(
        pki.files[profile], profile=registry, chain=[pki.chain_pem], trust=[pki.root_pem]
    )
    errors = codes(report, Severity.ERROR)
    if registry == TEST_PROFILE:
        expected_verdict, expected_errors = TEST_PROFILE_EXPECTED[profile]
        assert report.verdict.value == expected_verdict
        assert errors == expected_errors
    else:
        assert report.verdict.value == "fail"
        assert "checks.policy_test_only" in errors
        assert errors - {"checks.policy_test_only"} <= TEST_PROFILE_EXPECTED[profile][1]
    alone = check(pki.files[profile], profile=registry)
    assert alone.verdict.value == ("fail" if report.verdict.value == "fail" else "warn")
    assert "checks.chain_not_checked" in codes(alone, Severity.WARNING)


def test_etsi_policy_does_not_recognise_the_issuer(pki: Pki, tmp_path: Path) -> None:
    # QCP-l (0.4.0.194112.1.1) names a European policy, not the CA that issued the certificate;
    # on a certificate whose EKU allows clientAuth it informs, it never refuses.
    build_leaf(
        pki,
        tmp_path / "etsi.pem",
        eku=GOOD_EXT["eku"],
        ku=GOOD_EXT["ku"],
        policies=["0.4.0.194112.1.1"],
    )
    report = check(tmp_path / "etsi.pem", profile="registre-coproprietes")
    assert "checks.issuer_unknown" in codes(report, Severity.WARNING)
    assert "checks.policy_web_usage" in codes(report, Severity.INFO)
    assert codes(report, Severity.ERROR) == set()
    # A qualified policy, but no trusted-list service proven: a claim, not a qualification.
    assert params(report, "checks.eidas_claimed")["declared"] == "QCP-l"
    assert not report.eidas_qualified


@pytest.mark.parametrize(
    "policy",
    [
        "0.4.0.2042.1.7",  # OVCP
        "0.4.0.2042.1.4",  # EVCP
        "0.4.0.194112.1.4",  # QCP-w
        "0.4.0.194112.1.5",  # QNCP-w
        "1.2.250.1.177.2.5.1.3.1",  # Certigna « Authentification serveur/client SSL/TLS »
    ],
)
def test_genuine_server_client_certificate_with_a_web_policy_is_not_refused(
    pki: Pki, tmp_path: Path, policy: str
) -> None:
    build_leaf(pki, tmp_path / "web.pem", eku=GOOD_EXT["eku"], ku=GOOD_EXT["ku"], policies=[policy])
    report = check(
        tmp_path / "web.pem",
        profile="registre-coproprietes",
        chain=[pki.chain_pem],
        trust=[pki.root_pem],
        siren=SIREN,
    )
    assert codes(report, Severity.ERROR) == set()
    assert report.verdict.value == "warn"  # no RGS level is confirmed by such a policy
    assert "checks.policy_wrong_usage" not in codes(report)
    if policy.startswith("1.2.250"):
        # the trusted list describes it as server/client authentication: the right usage
        assert "checks.policy_web_usage" not in codes(report)
        assert "checks.rgs_unknown" in codes(report, Severity.WARNING)
    else:
        assert "checks.policy_web_usage" in codes(report, Severity.INFO)


def test_signature_policy_on_a_client_certificate_is_a_warning(pki: Pki, tmp_path: Path) -> None:
    # Certinomis "Certificat de signature professionnel" (the trusted list's description), on a
    # certificate whose EKU and key usage do allow client authentication.
    build_leaf(
        pki,
        tmp_path / "sig.pem",
        eku=GOOD_EXT["eku"],
        ku=GOOD_EXT["ku"],
        policies=["1.2.250.1.86.2.3.3.2.1"],
    )
    report = check(tmp_path / "sig.pem", profile="registre-coproprietes")
    assert params(report, "checks.policy_wrong_usage")["policies"] == (
        "1.2.250.1.86.2.3.3.2.1 (signature)"
    )
    assert codes(report, Severity.ERROR) == set()


def test_real_certificate_from_the_french_trusted_list(tmp_path: Path) -> None:
    """A real service certificate (Universign Validation Service, in the bundled trusted-list
    store): its issuer is recognised with the provider and service named in the list."""
    import re

    from certkit.resources import data_dir

    store = (data_dir("policies") / "catalogue" / "tl-fr-seq112-ca.pem").read_text()
    blocks = re.findall(
        r"# Provider: (.*?)\n# Service: (.*?)\n(?:# Service [a-z]+: .*?\n)*# Subject: (.*?)\n"
        r".*?\n(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----)",
        store,
        flags=re.S,
    )
    by_subject = {subject: (provider, service, pem) for provider, service, subject, pem in blocks}
    leaf_subject = next(s for s in by_subject if s.startswith("CN=Universign Validation Service"))
    pem = by_subject[leaf_subject][2]
    cert = x509.load_pem_x509_certificate(pem.encode())
    issuer = cert.issuer.rfc4514_string({NameOID.ORGANIZATION_IDENTIFIER: "organizationIdentifier"})
    provider, service, _ = by_subject[issuer]
    org_id = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value
    (tmp_path / "universign.pem").write_text(pem + "\n")
    before_expiry = (cert.not_valid_after_utc - dt.timedelta(days=100)).strftime("%Y-%m-%d")
    report = check(tmp_path / "universign.pem", profile="registre-coproprietes", at=before_expiry)
    assert params(report, "checks.issuer_recognised")["provider"] == f"{provider} — {service}"
    assert params(report, "checks.siren_ok")["siren"] == str(org_id).split("-", 1)[1]
    assert "checks.check_crashed" not in codes(report)


def test_chain_follows_rfc5280_not_the_web_pki_on_eku(pki: Pki, tmp_path: Path) -> None:
    # RFC 5280 §4.2.1.12 allows a critical EKU (some French CAs mark it so); it must still allow
    # clientAuth. No EKU at all is unrestricted for path validation (the EKU check warns).
    build_leaf(pki, tmp_path / "crit.pem", eku_critical=True, **GOOD_EXT)
    report = check(tmp_path / "crit.pem", chain=[pki.chain_pem], trust=[pki.root_pem])
    assert "checks.chain_verified" in codes(report)
    no_eku = check(pki.files["no-eku"], chain=[pki.chain_pem], trust=[pki.root_pem])
    assert "checks.chain_verified" in codes(no_eku)
    assert "checks.eku_absent" in codes(no_eku, Severity.WARNING)
    build_leaf(
        pki,
        tmp_path / "crit-server.pem",
        eku=[ExtendedKeyUsageOID.SERVER_AUTH],
        eku_critical=True,
        ku=GOOD_EXT["ku"],
    )
    server = check(tmp_path / "crit-server.pem", chain=[pki.chain_pem], trust=[pki.root_pem])
    # The EKU check refuses it; the chain itself is sound and says so.
    assert "checks.eku_server_only" in codes(server, Severity.ERROR)
    assert "checks.chain_verified" in codes(server)


# ------------------------------------------------------------------------------------------------
# Why a chain fails, in certkit's words (cryptography's text only in params.detail)


def _intermediate_variant(pki: Pki, **changes: Any) -> Path:
    """The test intermediate (same name and key) re-signed by the root with ``changes``:
    ``days`` (validity from now; negative: expired), ``ca`` (basicConstraints cA), ``eku``,
    ``critical_unknown`` (an unknown critical extension)."""
    root_key = serialization.load_pem_private_key((pki.dir / "ca" / "root.key").read_bytes(), None)
    root = x509.load_pem_x509_certificate(pki.root_pem.read_bytes())
    now = dt.datetime.now(dt.UTC)
    days = changes.get("days", 365)
    start, end = (now - dt.timedelta(days=30), now + dt.timedelta(days=days))
    if days < 0:
        start, end = now - dt.timedelta(days=400), now + dt.timedelta(days=days)
    builder = (
        x509.CertificateBuilder()
        .subject_name(pki.intermediate.subject)
        .issuer_name(root.subject)
        .public_key(pki.intermediate_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(
            x509.BasicConstraints(ca=changes.get("ca", True), path_length=None), critical=True
        )
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(pki.intermediate_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if "eku" in changes:
        builder = builder.add_extension(x509.ExtendedKeyUsage(changes["eku"]), critical=False)
    if changes.get("critical_unknown"):
        builder = builder.add_extension(
            x509.UnrecognizedExtension(x509.ObjectIdentifier("1.2.3.4.5"), b"\x05\x00"),
            critical=True,
        )
    cert = builder.sign(root_key, hashes.SHA256())  # type: ignore[arg-type]
    path = pki.dir / f"inter-{abs(hash(tuple(sorted(map(str, changes.items())))))}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"days": -1}, "checks.chain_ca_not_valid"),
        ({"ca": False}, "checks.chain_ca_constraints"),
        ({"eku": [ExtendedKeyUsageOID.SERVER_AUTH]}, "checks.chain_ca_usage"),
        ({"critical_unknown": True}, "checks.chain_extension_refused"),
    ],
)
def test_chain_failures_are_named(pki: Pki, changes: dict[str, Any], code: str) -> None:
    inter = _intermediate_variant(pki, **changes)
    report = check(pki.files["rgs1-server-client"], chain=[inter], trust=[pki.root_pem])
    assert codes(report, Severity.ERROR) == {code}
    found = next(f for f in report.findings if f.code == code)
    assert "validation failed" in found.params["detail"]  # the raw text is kept for machines…
    for lang in ("fr", "en"):  # …never shown to people
        text = found.message(lang)
        assert "validation failed" not in text and "candidates" not in text, text
    if code == "checks.chain_extension_refused":
        assert found.params["extension"] == "1.2.3.4.5"


def test_malformed_certificate_in_the_chain(pki: Pki, tmp_path: Path) -> None:
    # A keyUsage whose content is truncated: cryptography loads the certificate, its verifier
    # cannot parse the extension.
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "broken")]))
        .issuer_name(pki.intermediate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.UnrecognizedExtension(x509.ObjectIdentifier("2.5.29.15"), b"\x03\x02"),
            critical=True,
        )
        .sign(pki.intermediate_key, hashes.SHA256())
    )
    (tmp_path / "broken.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    report = check(tmp_path / "broken.pem", chain=[pki.chain_pem], trust=[pki.root_pem])
    assert "checks.chain_malformed" in codes(report, Severity.ERROR)
    assert "checks.check_crashed" not in codes(report)


def test_unclassified_chain_failure_says_so_without_library_text(pki: Pki) -> None:
    from certkit.chain import ChainProblem, ChainResult, ChainStatus
    from certkit.checks.chain import chain as chain_check
    from certkit.model import facts
    from certkit.policy import Catalogue, load_profile

    odd = ChainResult(
        ChainStatus.INVALID, reason="validation failed: something new", problem=ChainProblem.OTHER
    )
    ctx = CheckContext(
        profile=load_profile(TEST_PROFILE),
        catalogue=Catalogue.load(),
        now=dt.datetime.now(dt.UTC),
        chain=odd,
    )
    cert = x509.load_pem_x509_certificate(pki.files["rgs1-server-client"].read_bytes())
    [found] = chain_check(facts(cert), ctx)
    assert (found.code, found.params) == ("checks.chain_invalid", {"detail": odd.reason})
    assert "something new" not in found.message("fr")


def test_classify_failure_reads_cryptography_texts() -> None:
    from certkit.chain import ChainProblem, classify_failure

    # Texts as cryptography 50's verifier writes them (seen on the certificates above).
    cases = {
        "validation failed: candidates exhausted: cert is not valid at validation time": (
            ChainProblem.CA_DATES
        ),
        "validation failed: candidates exhausted: signature does not match": (
            ChainProblem.SIGNATURE
        ),
        "validation failed: candidates exhausted: basicConstraints.cA must be asserted in a CA "
        "certificate": ChainProblem.CA_CONSTRAINTS,
        "validation failed: candidates exhausted: path length constraint violated": (
            ChainProblem.CA_CONSTRAINTS
        ),
        "validation failed: candidates exhausted: Neither EKU nor anyEKU could be found": (
            ChainProblem.CA_USAGE
        ),
        "validation failed: candidates exhausted: all candidates exhausted with no interior "
        "errors": ChainProblem.NO_PATH,
        "validation failed: EE keyUsage must not assert keyCertSign (encountered processing "
        "<Certificate(subject=<Name(CN=leaf)>, ...)>)": ChainProblem.EXTENSION,
    }
    for text, problem in cases.items():
        assert classify_failure(text)[0] is problem, text


# ------------------------------------------------------------------------------------------------
# eIDAS qualification, beside the RGS level


def _der(tag: int, content: bytes) -> bytes:
    assert len(content) < 128
    return bytes([tag, len(content)]) + content


def _oid(dotted: str) -> bytes:
    return _der(0x06, _oid_content(dotted))


def _oid_content(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([40 * parts[0] + parts[1]])
    for value in parts[2:]:
        chunk = [value & 0x7F]
        value >>= 7
        while value:
            chunk.append(0x80 | (value & 0x7F))
            value >>= 7
        out.extend(reversed(chunk))
    return bytes(out)


def qc_statements_web() -> bytes:
    """QCStatements (ETSI EN 319 412-5): QcCompliance and QcType web, DER written by hand."""
    compliance = _der(0x30, _oid("0.4.0.1862.1.1"))
    qc_type = _der(0x30, _oid("0.4.0.1862.1.6") + _der(0x30, _oid("0.4.0.1862.1.6.3")))
    return _der(0x30, compliance + qc_type)


def test_qualified_store_and_qc_statements_make_an_eidas_qualified_certificate(
    pki: Pki, tmp_path: Path
) -> None:
    # A catalogue CA store that lists the test intermediate as a qualified CA service (as a
    # trusted list does), and a leaf declaring QcCompliance + QcType web.
    store = tmp_path / "qualified"
    store.mkdir()
    (store / "ca-store.pem").write_text(
        "# Provider: Exemple QTSP\n# Service: Exemple CA qualifiée (CA/QC, granted)\n"
        "# Service type: CA/QC\n# Service status: granted\n"
        "# Service information: ForWebSiteAuthentication\n"
        + pki.intermediate.public_bytes(serialization.Encoding.PEM).decode()
    )
    key = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "qwac.pem"
    cert = build_leaf(pki, path, eku=GOOD_EXT["eku"], ku=GOOD_EXT["ku"], key=key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(cert.subject)
        .issuer_name(cert.issuer)
        .public_key(key.public_key())
        .serial_number(cert.serial_number)
        .not_valid_before(cert.not_valid_before_utc)
        .not_valid_after(cert.not_valid_after_utc)
    )
    for extension in cert.extensions:
        builder = builder.add_extension(extension.value, extension.critical)
    builder = builder.add_extension(
        x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3"), qc_statements_web()),
        critical=False,
    )
    path.write_bytes(
        builder.sign(pki.intermediate_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
    )
    report = check(path, profile="chorus-pro", catalogues=[store], siren=SIREN)
    assert report.eidas_qualified
    assert report.eidas is not None and report.eidas.qc.types == ("web",)
    got = params(report, "checks.eidas_qualified")
    assert got["declared"] == "QcCompliance, QcType web"
    assert got["service"].startswith("Exemple QTSP — Exemple CA qualifiée")
    # chorus-pro accepts a qualified certificate in place of RGS *; no RGS level is confirmed
    assert params(report, "checks.rgs_eidas_accepted")["minimum"] == "*"
    assert report.rgs_level is None
    assert report.verdict.value == "pass"
    # The copropriétés registry does not: an eIDAS qualification is not an RGS level.
    registry = check(path, profile="registre-coproprietes", catalogues=[store], siren=SIREN)
    assert "checks.rgs_eidas_accepted" not in codes(registry)
    assert "checks.rgs_no_policy" in codes(registry, Severity.WARNING)
    assert registry.eidas_qualified
    # Without the qualified store, the same certificate only claims it.
    plain = check(path, profile="chorus-pro", chain=[pki.chain_pem], trust=[pki.root_pem])
    assert not plain.eidas_qualified
    assert "checks.eidas_claimed" in codes(plain, Severity.INFO)
    assert "checks.rgs_eidas_accepted" not in codes(plain)


def test_aia_downloads_are_remembered(pki: Pki, tmp_path: Path) -> None:
    """A server checking many uploads asks the CA for an issuer once, not every time."""
    hits: list[str] = []
    der = pki.intermediate.public_bytes(serialization.Encoding.DER)

    with Http({"/issuer.der": (200, der)}, port=pki.port) as server:
        handler = server.server.RequestHandlerClass
        original = handler._answer  # type: ignore[attr-defined]

        def counted(self: Any) -> None:
            hits.append(self.path)
            original(self)

        handler.do_GET = counted  # type: ignore[attr-defined]
        first = check(pki.files["rgs1-server-client"], trust=[pki.root_pem], fetch_aia=True)
        from certkit.app.check import build_options
        from certkit.checks import evaluate

        options = build_options(TEST_PROFILE, (), (pki.root_pem,), (), None, None, True, None, 3.0)
        for _ in range(3):  # no cache clearing between these: one process, one download
            again = evaluate(load_path(pki.files["rgs1-server-client"]), options)
            assert "checks.chain_verified" in codes(again)
    assert "checks.chain_verified" in codes(first)
    assert hits == ["/issuer.der"]


def test_certificate_not_der_is_judged_not_crashed(pki: Pki, tmp_path: Path) -> None:
    """A certificate OpenSSL reads but cryptography refuses (zlint's utcNoSeconds shape: a
    UTCTime without seconds, unsorted multi-valued RDN) gets a verdict with "checks.not_der"."""
    from tests import rawcert

    subject = rawcert.name(
        rawcert.rdn(rawcert.atv("2.5.4.6", "FR", 0x13)),
        rawcert.rdn(
            rawcert.atv("2.5.4.97", f"NTRFR-{SIREN}"),  # longer: DER sorts it second
            rawcert.atv("2.5.4.10", "SYNDIC EXEMPLE"),
            sort=False,
        ),
    )
    validity = rawcert.seq(rawcert.tlv(0x17, b"2501010000Z"), rawcert.tlv(0x17, b"4501010000Z"))
    path = tmp_path / "not-der.pem"
    path.write_bytes(rawcert.pem(rawcert.certificate(subject, validity=validity)))
    report = check(path, trust=(pki.root_pem,))
    assert "checks.not_der" in codes(report, Severity.ERROR)
    assert "unsorted_rdn" in params(report, "checks.not_der")["departures"]
    assert "time_format" in params(report, "checks.not_der")["departures"]
    assert report.verdict.value == "fail"
    assert report.facts is not None and report.facts.subject_rfc4514 == (
        f"O=SYNDIC EXEMPLE+organizationIdentifier=NTRFR-{SIREN},C=FR"
    )
    assert report.facts.not_before == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert "checks.key_ok" in codes(report, Severity.OK)


def test_public_key_that_does_not_decode_is_an_error(tmp_path: Path) -> None:
    """An EC key whose point is not on the curve: cryptography loads the certificate, no TLS
    stack can use the key: "checks.key_undecodable", never "checks.key_ok"."""
    from tests import rawcert

    spki = rawcert.seq(
        rawcert.seq(rawcert.oid("1.2.840.10045.2.1"), rawcert.oid("1.2.840.10045.3.1.7")),
        rawcert.tlv(0x03, b"\x00\x04" + b"\x01" * 64),
    )
    path = tmp_path / "bad-key.pem"
    path.write_bytes(rawcert.pem(rawcert.certificate(spki=spki)))
    report = check(path)
    assert "checks.key_undecodable" in codes(report, Severity.ERROR)
    assert "checks.key_ok" not in codes(report, Severity.OK)
    assert params(report, "checks.key_undecodable")["key_type"] == "EC"
