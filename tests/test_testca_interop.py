"""Test certificates every stack parses: pkilint over every profile, and old cryptography releases
(in venvs of their own) reading a certificate of every profile.

Why: the test arc used to be a 2.25 UUID arc, which pkilint calls FATAL ("OID contains arc which
is larger than 32-bits"), cryptography 38 (Debian 12's) cannot read, and Go before 1.22 refuses;
EC leaves carried keyEncipherment, which RFC 8813 forbids.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from certkit.policy import Catalogue
from certkit.testca import LEGACY_TEST_POLICY_ARC, TEST_POLICY_ARC, TestCA, available_profiles

ROOT = Path(__file__).resolve().parents[1]
SIREN = "732829320"

# The ETSI EN 319 412 certificate type each profile stands for (pkilint's names).
LEGAL_PERSON = "NCP-LEGAL-PERSON-CERTIFICATE"
ETSI_TYPES = {
    "personal": "NCP-NATURAL-PERSON-CERTIFICATE",
    "server-only": "NCP-W-LEGAL-PERSON-FINAL-CERTIFICATE",
}
# Findings documented in test_ca/README.md ("pkilint"): the CRL/OCSP/caIssuers URLs point at
# 127.0.0.1 (where `certkit testca serve` answers), and two profiles have no organizationIdentifier
# on purpose (the older OU=0002 convention; the no-SIREN negative case).
LOCAL_URLS = "etsi.internal_domain_name"
NO_ORG_ID = "etsi.en_319_412_3.leg-4.2.1-2.organization_identifier_attribute_absent"
DOCUMENTED = {
    "rgs1-server-client-ou0002": {NO_ORG_ID},
    "no-siren": {NO_ORG_ID},
}


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One certificate of every bundled profile, plus an RSA-keyed rgs1 leaf, a TLS server
    certificate and the two CA certificates."""
    base = tmp_path_factory.mktemp("interop")
    ca = TestCA.init(base / "ca")
    paths: dict[str, Path] = {}
    for profile in available_profiles():
        out = base / profile.name
        ca.issue(profile, SIREN, out=out)
        paths[profile.name] = out.with_name(profile.name + ".pem")
    ca.issue("rgs1-server-client", SIREN, key_type="rsa-2048", out=base / "rgs1-rsa")
    paths["rgs1-rsa"] = base / "rgs1-rsa.pem"
    ca.issue_server(out=base / "server")
    paths["server"] = base / "server.pem"
    paths["root"] = ca.root_path
    paths["intermediate"] = ca.path("intermediate_cert")
    return paths


def pkilint(tool: str, *args: str) -> list[dict[str, Any]]:
    """Run a pkilint command in this process; its findings of severity ERROR or worse."""
    import importlib

    module = importlib.import_module(f"pkilint.bin.{tool}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.main(["lint", "-s", "ERROR", "-f", "JSON", *args])
    report = json.loads(out.getvalue())
    return [f for result in report["results"] for f in result["finding_descriptions"]]


def codes(findings: list[dict[str, Any]]) -> set[str]:
    return {f["code"] for f in findings}


@pytest.mark.parametrize(
    "name", [*sorted(p.name for p in available_profiles()), "rgs1-rsa", "root", "intermediate"]
)
def test_pkix_lint_finds_nothing(name: str, issued: dict[str, Path]) -> None:
    assert pkilint("lint_pkix_cert", str(issued[name])) == []


def test_pkix_lint_of_the_local_server_certificate(issued: dict[str, Path]) -> None:
    """The platform's own server certificate names ``localhost``, a one-label name pkilint calls
    invalid domain syntax (documented): that is the name local clients connect to."""
    findings = pkilint("lint_pkix_cert", str(issued["server"]))
    assert [f["message"] for f in findings] == ['Invalid domain name syntax: "localhost"']


@pytest.mark.parametrize("name", [*sorted(p.name for p in available_profiles()), "rgs1-rsa"])
def test_etsi_lint_only_the_documented_findings(name: str, issued: dict[str, Path]) -> None:
    kind = ETSI_TYPES.get(name, LEGAL_PERSON)
    findings = pkilint("lint_etsi_cert", "-t", kind, str(issued[name]))
    assert codes(findings) - {LOCAL_URLS} == DOCUMENTED.get(name, set())
    local = [f for f in findings if f["code"] == LOCAL_URLS]
    assert local, "the 127.0.0.1 URLs are seen (else the exception list is stale)"
    assert all(f["message"] == 'Internal domain name: "127.0.0.1"' for f in local)


def test_fatal_findings_are_reported_on_the_old_arc(tmp_path: Path) -> None:
    """The lint above can fail: a profile under the former 2.25 arc is FATAL for pkilint."""
    ca = TestCA.init(tmp_path / "ca")
    profile = available_profiles()[0]
    from dataclasses import replace

    old = replace(profile, policies=(f"{LEGACY_TEST_POLICY_ARC}.1.1",))
    ca.issue(old, SIREN, out=tmp_path / "old")
    assert "itu.invalid_asn1_syntax" in codes(pkilint("lint_pkix_cert", str(tmp_path / "old.pem")))


def test_every_profile_policy_is_in_the_test_arc_and_catalogued() -> None:
    catalogue = Catalogue.load()
    for profile in available_profiles():
        for oid in profile.policies:
            assert oid.startswith(TEST_POLICY_ARC + ".")
            assert all(int(arc) < 2**32 for arc in oid.split("."))
            match = catalogue.lookup(oid)
            assert match is not None and match.test_only, oid
    # certificates issued under the former arc stay certkit test certificates
    for sub in ("1.1", "1.2", "1.3", "2.1", "3.1", "9.9"):
        match = catalogue.lookup(f"{LEGACY_TEST_POLICY_ARC}.{sub}")
        assert match is not None and match.test_only and match.provider == "certkit test CA"


def test_ec_leaves_never_assert_key_encipherment(issued: dict[str, Path]) -> None:
    for name, path in issued.items():
        cert = x509.load_pem_x509_certificate(path.read_bytes())
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        from cryptography.hazmat.primitives.asymmetric import ec

        if isinstance(cert.public_key(), ec.EllipticCurvePublicKey):
            assert not usage.key_encipherment and not usage.data_encipherment, name
        elif name in ("rgs1-rsa", "rgs2-server-client", "server"):
            assert usage.key_encipherment, name  # RSA key exchange (TLS 1.2) still needs it


# -- old cryptography releases, each in a venv of its own (built once, kept under .venv/) -------

# cryptography 2.2 is the oldest release that installs on Python 3.11 here: 2.0 and 2.1 only have
# wheels for CPython ≤ 3.6 and their sources do not build against OpenSSL 3; 2.2 ships an abi3
# wheel. 38.0.4 is Debian 12's: its parser cannot read an OID arc beyond 64 bits (a 2.25 UUID arc
# has 128), which the last case checks so that this test can tell.
OLD_RELEASES = ("2.2", "38.0.4")

READER = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
import cryptography
from cryptography import x509
from cryptography.hazmat.backends import default_backend
out = {"version": cryptography.__version__, "certificates": {}}
for name, path in json.loads(sys.argv[1]).items():
    try:
        cert = x509.load_pem_x509_certificate(open(path, "rb").read(), default_backend())
        cert.subject, cert.issuer, cert.not_valid_after, cert.public_key()
        cert.signature_hash_algorithm
        seen = {}
        for ext in cert.extensions:
            if isinstance(ext.value, x509.CertificatePolicies):
                seen["policies"] = [p.policy_identifier.dotted_string for p in ext.value]
            elif isinstance(ext.value, x509.KeyUsage):
                seen["key_encipherment"] = ext.value.key_encipherment
        out["certificates"][name] = {"ok": True, **seen}
    except Exception as exc:
        out["certificates"][name] = {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}
print(json.dumps(out))
"""


def old_cryptography_python(version: str) -> Path:
    """The python of a venv holding only cryptography ``version`` (made when missing)."""
    venv = ROOT / ".venv" / f"interop-cryptography-{version}"
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import cryptography; print(cryptography.__version__)"]
    if python.exists():
        probe = subprocess.run(check, capture_output=True, text=True, check=False, timeout=60)
        if probe.stdout.strip() == version:
            return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=120)
    install = subprocess.run(
        [
            str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--only-binary", ":all:", f"cryptography=={version}",
        ],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]
    return python


@pytest.mark.parametrize("version", OLD_RELEASES)
def test_old_cryptography_reads_every_profile(
    version: str, issued: dict[str, Path], tmp_path: Path
) -> None:
    python = old_cryptography_python(version)
    targets = {name: str(path) for name, path in issued.items()}
    from dataclasses import replace

    legacy = replace(available_profiles()[0], policies=(f"{LEGACY_TEST_POLICY_ARC}.1.1",))
    TestCA.init(tmp_path / "ca").issue(legacy, SIREN, out=tmp_path / "legacy")
    run = subprocess.run(
        [str(python), "-c", READER, json.dumps(targets)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["version"] == version
    failed = {k: v["error"] for k, v in report["certificates"].items() if not v["ok"]}
    assert failed == {}
    legacy_run = subprocess.run(
        [str(python), "-c", READER, json.dumps({"legacy": str(tmp_path / "legacy.pem")})],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    legacy_read = json.loads(legacy_run.stdout)["certificates"]["legacy"]
    assert legacy_read["ok"] is (version == "2.2"), legacy_read
    profiles = {p.name: p for p in available_profiles()}
    for name, seen in report["certificates"].items():
        if name in profiles:
            assert seen["policies"] == list(profiles[name].policies)
