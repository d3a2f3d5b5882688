"""Fitness checks: "will the registry accept this certificate?"

Each family of checks lives in its own module; each check is a small function
``(facts, context) -> list[Finding]`` registered with its finding codes (:mod:`.registry`), so
``certkit checks list`` shows exactly what can be emitted. :func:`evaluate` does the I/O (issuer
lookup, chain, AIA, OCSP/CRL) and runs every check; a :class:`Report` carries the verdict.
"""

from __future__ import annotations

from certkit.checks import (  # noqa: F401
    bundle,
    chain,
    eidas,
    encoding,
    identity,
    keys,
    rgs,
    usage,
    validity,
)
from certkit.checks.context import CheckContext
from certkit.checks.engine import CheckOptions, Report, evaluate, run_checks
from certkit.checks.registry import CHECKS, CODES, CheckSpec, CodeSpec, finding
from certkit.checks.report import Verdict, exit_code, verdict

FAMILY_ORDER = ("file", "validity", "usage", "crypto", "identity", "policy", "chain", "engine")
# Within a family, registration order, except that eIDAS comes after the RGS level and issuer.
_LATE = ("eidas",)
CHECKS.sort(key=lambda spec: (FAMILY_ORDER.index(spec.family), spec.name in _LATE))

__all__ = [
    "CHECKS",
    "CODES",
    "FAMILY_ORDER",
    "CheckContext",
    "CheckOptions",
    "CheckSpec",
    "CodeSpec",
    "Report",
    "Verdict",
    "evaluate",
    "exit_code",
    "finding",
    "run_checks",
    "verdict",
]
