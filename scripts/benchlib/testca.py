"""Issue 3 figures: test CA issuance speed beside trustme, and the time to build a full test PKI.

- leaf issuances per second, certkit ``TestCA.issue("rgs1-server-client", siren)`` beside trustme's
  ``CA.issue_cert(hostname)``, EC P-256 (target: certkit ≥ trustme) and RSA-2048 (reported);
  like for like: both generate a fresh key per certificate, sign with the CA key, write no file.
  certkit's leaf carries more (organizationIdentifier, policies, CRL DP, AIA) and is recorded in the
  CA index on disk; trustme keeps nothing. Batches alternate between the two to share the noise of
  this 2-core machine; the figure is the median rate over the batches.
- a full test PKI on disk: root, intermediate and 10 rgs1-server-client leaves with their
  certificate, key and chain files (target < 0.5 s), median of several runs.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchlib.common import Context, Figure

SECTION = "testca"
SIREN = "732829320"


def _rate(action: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        action()
    return count / (time.perf_counter() - start)


def _compare(
    certkit_action: Callable[[], object],
    trustme_action: Callable[[], object],
    batch: int,
    rounds: int,
) -> tuple[float, float]:
    ours: list[float] = []
    theirs: list[float] = []
    certkit_action()  # warm caches (profile file, builders) the way a test session would
    trustme_action()
    for index in range(rounds):
        pair = [(certkit_action, ours), (trustme_action, theirs)]
        if index % 2:
            pair.reverse()
        for action, rates in pair:
            rates.append(_rate(action, batch))
    return statistics.median(ours), statistics.median(theirs)


def bench(ctx: Context) -> list[Figure]:
    import trustme

    from certkit.testca import TestCA

    workdir = ctx.workdir / "testca"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    figures: list[Figure] = []

    ca = TestCA.init(workdir / "ec-ca")
    reference = trustme.CA()
    batch, rounds = (50, 5) if ctx.quick else (200, 9)
    ours, theirs = _compare(
        lambda: ca.issue("rgs1-server-client", SIREN),
        lambda: reference.issue_cert("syndic.example"),
        batch,
        rounds,
    )
    figures.append(
        Figure(
            SECTION,
            "certkit EC P-256 leaf issuances per second",
            ours,
            "cert/s",
            reference_name="trustme CA.issue_cert (EC P-256)",
            reference_value=theirs,
            target="ratio ≥ 1.0",
            met=ours >= theirs,
            notes=[f"median of {rounds} alternating batches of {batch}; fresh key per leaf"],
        )
    )

    rsa_ca = TestCA.init(workdir / "rsa-ca")
    rsa_reference = trustme.CA()
    rsa_batch, rsa_rounds = (5, 3) if ctx.quick else (20, 5)
    ours, theirs = _compare(
        lambda: rsa_ca.issue("rgs1-server-client", SIREN, key_type="rsa-2048"),
        lambda: rsa_reference.issue_cert("syndic.example", key_type=trustme.KeyType.RSA),
        rsa_batch,
        rsa_rounds,
    )
    figures.append(
        Figure(
            SECTION,
            "certkit RSA-2048 leaf issuances per second",
            ours,
            "cert/s",
            reference_name="trustme CA.issue_cert (RSA-2048)",
            reference_value=theirs,
            notes=[
                "RSA-2048 key generation dominates (prime search, very variable) on both sides",
                "both CAs use an EC P-256 issuing key; only the leaf key is RSA",
            ],
        )
    )

    def full_pki(index: int) -> float:
        directory = workdir / f"pki-{index}"
        start = time.perf_counter()
        pki = TestCA.init(directory / "ca")
        for leaf in range(10):
            pki.issue("rgs1-server-client", SIREN, out=directory / f"leaf-{leaf}")
        pki.close()
        return time.perf_counter() - start

    runs = [full_pki(i) for i in range(3 if ctx.quick else 9)]
    seconds = statistics.median(runs)
    figures.append(
        Figure(
            SECTION,
            "full test PKI on disk (root, intermediate, 10 leaves with key/cert/chain files)",
            seconds * 1000,
            "ms",
            target="< 500 ms",
            met=seconds < 0.5,
            notes=[f"median of {len(runs)} runs; max {max(runs) * 1000:.0f} ms"],
        )
    )
    ca.close()
    rsa_ca.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return figures


if __name__ == "__main__":  # pragma: no cover - manual run
    import tempfile

    for figure in bench(Context(Path(tempfile.mkdtemp()), quick=True)):
        print(figure)
