"""A report: the findings for one file and the verdict they add up to."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from certkit.findings import Finding, Severity


class Verdict(StrEnum):
    """``pass``: no error, no warning; ``warn``: warnings only; ``fail``: at least one error."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


def verdict(findings: Iterable[Finding]) -> Verdict:
    severities = {f.severity for f in findings}
    if Severity.ERROR in severities:
        return Verdict.FAIL
    if Severity.WARNING in severities:
        return Verdict.WARN
    return Verdict.PASS


def exit_code(verdicts: Iterable[Verdict], *, strict: bool) -> int:
    """0 for pass/warn (1 for warn when ``strict``), 1 when any verdict is fail."""
    worst = 0
    for v in verdicts:
        if v is Verdict.FAIL or (v is Verdict.WARN and strict):
            worst = 1
    return worst
