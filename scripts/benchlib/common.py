"""Shared helpers for benchmark sections: a figure type, timing and the run context.

Figures are recorded as ratios against a reference run on the same machine in the same run, because
the machine is shared and noisy: absolute numbers are reported too, but targets are judged on ratios
where a reference exists.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography import x509

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


@dataclass
class Context:
    """What a section gets: a scratch directory and whether to run a quick (smaller) variant."""

    workdir: Path
    quick: bool = False


@dataclass
class Figure:
    """One measured figure, with its reference measured in the same run when there is one."""

    section: str
    name: str
    value: float
    unit: str
    reference_name: str | None = None
    reference_value: float | None = None
    target: str | None = None
    met: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.reference_value in (None, 0):
            return None
        assert self.reference_value is not None
        return self.value / self.reference_value


def median_seconds(action: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``action`` over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def command_seconds(argv: list[str], repeat: int = 11, **kwargs: object) -> float:
    """Median wall time of running ``argv`` as a process (output discarded)."""

    def run() -> None:
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs
        )  # type: ignore[call-overload]

    run()  # warm the page cache
    return median_seconds(run, repeat)


def certkit_bin() -> str:
    return str(VENV_BIN / "certkit")


# --------------------------------------------------------------------------------------------------
# Benchmark data: the certificates every section generates, built one way.


def syndic_name(organisation: str, organization_identifier: str, common_name: str) -> x509.Name:
    """A syndic's subject as French CAs write it: C=FR, O, organizationIdentifier, CN."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, organization_identifier),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def issue(
    subject: x509.Name,
    issuer: x509.Name,
    issuer_key: Any,
    public_key: Any,
    *,
    now: dt.datetime,
    days: int,
    extensions: list[tuple[Any, bool]] | None = None,
) -> x509.Certificate:
    """A certificate valid from a day before ``now`` for ``days`` days, with ``extensions``
    (extension, critical) in order, signed by ``issuer_key`` with SHA-256."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
    )
    for extension, critical in extensions or []:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())
