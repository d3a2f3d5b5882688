"""Issue 2 figures: parsing throughput and command start-up.

- certificates parsed per second in-process (load + facts) on a 10,000-certificate PEM bundle, and
  `certkit inspect --json` on that bundle end to end (target ≥ 5,000/s), beside one `openssl x509`
  process per certificate (the reference a shell script would use);
- cold start of `certkit --version` (target ≤ 60 ms) and `certkit inspect one.pem`
  (target ≤ 1.3× `python -c "import cryptography.x509"`), measured beside that bare import.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from benchlib.common import Context, Figure, certkit_bin, command_seconds, issue, syndic_name

SECTION = "foundation"


def make_bundle(path: Path, count: int) -> None:
    """``count`` distinct leaf certificates from one issuer, as one PEM file (cached on disk)."""
    if path.exists() and path.read_bytes().count(b"-----BEGIN CERTIFICATE-----") == count:
        return
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bench CA"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Bench Serveur Client CA"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    extensions = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH]
            ),
            False,
        ),
        (
            x509.CertificatePolicies(
                [x509.PolicyInformation(x509.ObjectIdentifier("1.2.250.1.177.1.0.1.1"), None)]
            ),
            False,
        ),
    ]
    chunks = []
    for i in range(count):
        subject = syndic_name(
            f"SYNDIC {i}, SAS", f"NTRFR-{100000000 + i}", f"syndic-{i}.example.fr"
        )
        cert = issue(
            subject,
            issuer,
            key,
            key.public_key(),
            now=now,
            days=365 + i % 400,
            extensions=extensions,
        )
        chunks.append(cert.public_bytes(Encoding.PEM))
    path.write_bytes(b"".join(chunks))


def bench(ctx: Context) -> list[Figure]:
    count = 2_000 if ctx.quick else 10_000
    bundle = ctx.workdir / f"bundle-{count}.pem"
    make_bundle(bundle, count)
    figures: list[Figure] = []

    # In-process: load + facts for every certificate.
    from certkit.model import facts
    from certkit.sources import load_path

    start = time.perf_counter()
    loaded = load_path(bundle)
    for cert, der in zip(loaded.certificates, loaded.ders, strict=True):
        facts(cert, der)
    in_process = count / (time.perf_counter() - start)

    # Reference: one `openssl x509` process per certificate (on a sample, rate extrapolated).
    sample_dir = ctx.workdir / "sample"
    sample_dir.mkdir(exist_ok=True)
    pem_blocks = bundle.read_bytes().split(b"-----END CERTIFICATE-----\n")[:200]
    files = []
    for i, block in enumerate(pem_blocks[: 50 if ctx.quick else 200]):
        path = sample_dir / f"{i}.pem"
        path.write_bytes(block + b"-----END CERTIFICATE-----\n")
        files.append(path)
    start = time.perf_counter()
    for path in files:
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
                "-fingerprint",
                "-sha256",
                "-nameopt",
                "RFC2253",
            ],
            stdout=subprocess.DEVNULL,
            check=True,
        )
    openssl_rate = len(files) / (time.perf_counter() - start)
    figures.append(
        Figure(
            SECTION,
            "parse in-process (load + facts)",
            in_process,
            "certs/s",
            "openssl x509 per certificate",
            openssl_rate,
        )
    )

    # End to end: `certkit inspect --json` on the bundle.
    start = time.perf_counter()
    subprocess.run(
        [certkit_bin(), "inspect", "--json", str(bundle)], stdout=subprocess.DEVNULL, check=True
    )
    end_to_end = count / (time.perf_counter() - start)
    figures.append(
        Figure(
            SECTION,
            f"inspect --json on {count:,} certificates",
            end_to_end,
            "certs/s",
            "openssl x509 per certificate",
            openssl_rate,
            target="≥ 5,000 certs/s",
            met=end_to_end >= 5000,
        )
    )

    # Start-up.
    one = files[0]
    repeat = 7 if ctx.quick else 21
    bare = command_seconds([sys.executable, "-c", "import cryptography.x509"], repeat) * 1000
    version = command_seconds([certkit_bin(), "--version"], repeat) * 1000
    python_only = command_seconds([sys.executable, "-c", "pass"], repeat) * 1000
    inspect_one = command_seconds([certkit_bin(), "inspect", str(one)], repeat) * 1000
    floor = (
        command_seconds([sys.executable, "-c", "import cryptography.x509, click"], repeat) * 1000
    )
    figures.append(
        Figure(
            SECTION,
            "certkit --version",
            version,
            "ms",
            "python -c pass",
            python_only,
            target="≤ 60 ms",
            met=version <= 60,
        )
    )
    figures.append(
        Figure(
            SECTION,
            "certkit inspect one.pem",
            inspect_one,
            "ms",
            "python -c 'import cryptography.x509'",
            bare,
            target="≤ 1.3× the bare import",
            met=inspect_one <= 1.3 * bare,
            notes=[
                "floor set by the CLI framework: python -c 'import cryptography.x509, click' = "
                f"{floor:.0f} ms ({floor / bare:.2f}× the bare import)"
            ],
        )
    )
    return figures
