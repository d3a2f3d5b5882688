"""The registry of checks: every check function and every finding code it may emit.

A check is registered with :func:`check`, declaring its codes and their severities; it creates
findings only through :func:`finding`, which refuses an undeclared code. So ``certkit checks list``
(built from this registry) cannot drift from what checks really emit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from certkit.findings import Finding, Severity

if TYPE_CHECKING:
    from certkit.checks.context import CheckContext
    from certkit.model import CertificateFacts

CheckFunction = Callable[["CertificateFacts", "CheckContext"], list[Finding]]


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One finding code: its severity, the check and family emitting it, the rule it enforces."""

    code: str
    severity: Severity
    check: str
    family: str
    rule: str


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One check function with its name, family, rule source and declared codes."""

    name: str
    family: str
    rule: str
    function: CheckFunction
    codes: tuple[CodeSpec, ...]

    @property
    def about_code(self) -> str:
        """Message code of the check's one-line description."""
        return f"checks.about.{self.name}"


CHECKS: list[CheckSpec] = []
CODES: dict[str, CodeSpec] = {}


def check(
    name: str, family: str, rule: str, codes: dict[str, Severity]
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under ``name`` with the ``codes`` it may emit."""

    def register(function: CheckFunction) -> CheckFunction:
        specs = tuple(CodeSpec(code, sev, name, family, rule) for code, sev in codes.items())
        for spec in specs:
            if spec.code in CODES:
                raise RuntimeError(f"finding code {spec.code} declared twice")
            CODES[spec.code] = spec
        CHECKS.append(CheckSpec(name, family, rule, function, specs))
        return function

    return register


def finding(code: str, **params: Any) -> Finding:
    """A finding with the severity its check declared; an undeclared code is a bug (KeyError)."""
    return Finding(code, CODES[code].severity, params)
