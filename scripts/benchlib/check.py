"""Issue 5 figures: `certkit check --jsonl` throughput on a directory of certificate files.

Reference in the same run: what a shell script would do per file, `openssl verify` (chain) plus
`openssl x509` (fields), one process each, measured on a sample and extrapolated to a rate.
certkit gets the same work: every file is checked against `registre-coproprietes-test` with the
CA given by `--trust`, so its chain is built and verified too. Target: ≥ 2,000 files/s, i.e. at
least 20× the openssl pipeline. Three interleaved rounds; the figures are their medians.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

from benchlib.common import Context, Figure, certkit_bin, issue, syndic_name

SECTION = "check"
TEST_POLICY = "2.25.125106089734319282756610306535975169538.1.1"


def _siren(i: int) -> str:
    """A valid 9-digit SIREN derived from ``i`` (the Luhn digit appended)."""
    from certkit.identity import is_valid_siren

    body = f"{10000000 + i:08d}"
    return next(body + d for d in "0123456789" if is_valid_siren(body + d))


# Bump when the certificates change: files made by an older version are made again.
FILES_VERSION = "2"


def make_files(directory: Path, count: int) -> Path:
    """``count`` server-client leaves (one PEM file each) and their CA; cached on disk.

    Shaped like what French CAs deliver: each leaf has its own key (so its own SKI), and the
    extensions a CA adds to every certificate (AKI, AIA with OCSP and caIssuers, CRL point).
    """
    ca_path = directory / "ca.pem"
    certs = directory / "certs"
    version = directory / "version"
    if (
        ca_path.exists()
        and certs.is_dir()
        and len(list(certs.iterdir())) == count
        and version.exists()
        and version.read_text() == FILES_VERSION
    ):
        return ca_path
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import (
        AuthorityInformationAccessOID,
        ExtendedKeyUsageOID,
        NameOID,
    )

    certs.mkdir(parents=True, exist_ok=True)
    for old in certs.iterdir():
        old.unlink()
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "certkit bench"),
            x509.NameAttribute(NameOID.COMMON_NAME, "certkit bench Serveur-Client CA"),
        ]
    )
    ca = issue(
        ca_name,
        ca_name,
        ca_key,
        ca_key.public_key(),
        now=now,
        days=3650,
        extensions=[
            (x509.BasicConstraints(ca=True, path_length=0), True),
            (x509.KeyUsage(False, False, False, False, False, True, True, False, False), True),
            (x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False),
        ],
    )
    ca_path.write_bytes(ca.public_bytes(Encoding.PEM))
    aia = x509.AuthorityInformationAccess(
        [
            x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP,
                x509.UniformResourceIdentifier("http://ocsp.bench.invalid"),
            ),
            x509.AccessDescription(
                AuthorityInformationAccessOID.CA_ISSUERS,
                x509.UniformResourceIdentifier("http://pki.bench.invalid/ca.crt"),
            ),
        ]
    )
    crl = x509.CRLDistributionPoints(
        [
            x509.DistributionPoint(
                [x509.UniformResourceIdentifier("http://pki.bench.invalid/ca.crl")],
                None,
                None,
                None,
            )
        ]
    )
    # What the CA adds to every leaf, in this order; each leaf also gets its own SKI.
    common = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.KeyUsage(True, False, True, False, False, False, False, False, False), True),
        (
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH]
            ),
            False,
        ),
        (
            x509.CertificatePolicies(
                [x509.PolicyInformation(x509.ObjectIdentifier(TEST_POLICY), None)]
            ),
            False,
        ),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False),
    ]
    for i in range(count):
        leaf_key = ec.generate_private_key(ec.SECP256R1())
        ski = x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key())
        cert = issue(
            syndic_name(f"SYNDIC {i}", f"NTRFR-{_siren(i)}", f"SYNDIC {i}"),
            ca_name,
            ca_key,
            leaf_key.public_key(),
            now=now,
            days=365 + i % 400,
            extensions=[*common, (ski, False), (aia, False), (crl, False)],
        )
        (certs / f"{i:05d}.pem").write_bytes(cert.public_bytes(Encoding.PEM))
    version.write_text(FILES_VERSION)
    return ca_path


def _openssl_rate(ca: Path, files: list[Path]) -> float:
    """Files per second for `openssl verify` + `openssl x509`, one process each per file."""
    start = time.perf_counter()
    for path in files:
        subprocess.run(
            ["openssl", "verify", "-purpose", "sslclient", "-CAfile", str(ca), str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        subprocess.run(
            [
                "openssl",
                "x509",
                "-in",
                str(path),
                "-noout",
                "-subject",
                "-issuer",
                "-enddate",
                "-ext",
                "extendedKeyUsage,keyUsage,certificatePolicies",
                "-nameopt",
                "RFC2253",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    return len(files) / (time.perf_counter() - start)


def _certkit_rate(ca: Path, directory: Path, count: int) -> tuple[float, int, float]:
    """(files/s wall clock, files that pass, CPU seconds used by certkit and its workers)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [
            certkit_bin(),
            "check",
            str(directory),
            "--profile",
            "registre-coproprietes-test",
            "--trust",
            str(ca),
            "--jsonl",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = result.stdout.count(b"\n")
    if lines != count:
        raise RuntimeError(f"certkit check printed {lines} lines for {count} files")
    import json

    passed = sum(json.loads(line)["verdict"] == "pass" for line in result.stdout.splitlines())
    return count / elapsed, passed, cpu


def bench(ctx: Context) -> list[Figure]:
    import statistics

    count = 1_000 if ctx.quick else 10_000
    sample = 30 if ctx.quick else 70
    rounds = 3  # interleaved, median of each: the machine is shared and noisy
    workdir = ctx.workdir / f"check-{count}"
    ca = make_files(workdir, count)
    files = sorted((workdir / "certs").iterdir())
    openssl_rates: list[float] = []
    certkit_runs: list[tuple[float, int, float]] = []
    for i in range(rounds):
        openssl_rates.append(_openssl_rate(ca, files[i * sample : (i + 1) * sample]))
        certkit_runs.append(_certkit_rate(ca, workdir / "certs", count))
    openssl = statistics.median(openssl_rates)
    certkit = statistics.median(rate for rate, _, _ in certkit_runs)
    passed = min(p for _, p, _ in certkit_runs)
    cpu = statistics.median(c for _, _, c in certkit_runs)
    cpus = os.cpu_count() or 1
    notes = [
        f"{count} files, {passed} pass; openssl measured on {rounds} × {sample} files and "
        "extrapolated",
        f"{cpus} CPUs; certkit uses a process pool over them",
        "certkit runs: " + ", ".join(f"{rate:,.0f}" for rate, _, _ in certkit_runs) + " files/s",
        f"certkit CPU time {cpu / count * 1000:.2f} ms per file (start-up included): "
        f"{count / cpu * cpus:.0f} files/s if the {cpus} CPUs were free for it; "
        f"load average at the end {os.getloadavg()[0]:.1f}",
    ]
    return [
        Figure(
            SECTION,
            "certkit check --jsonl (files/s)",
            certkit,
            "files/s",
            reference_name="openssl verify + openssl x509 per file (files/s)",
            reference_value=openssl,
            target="≥ 2,000 files/s and ≥ 20× openssl",
            met=certkit >= 2000 and certkit >= 20 * openssl,
            notes=notes,
        )
    ]
