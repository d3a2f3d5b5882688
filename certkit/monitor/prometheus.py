"""Prometheus text exposition (node-exporter textfile collector) of the inventory.

Metric families (all gauges), per certificate with labels ``sha256``, ``siren``, ``subject``,
``issuer``:
  certkit_certificate_not_after_seconds     notAfter, Unix seconds
  certkit_certificate_not_before_seconds    notBefore, Unix seconds
  certkit_certificate_days_left             whole days left at the evaluation date
  certkit_certificate_state                 1 for the current effective state, 0 for the others
                                            (extra label ``state``)
  certkit_certificate_renewed               1 when a successor was found
  certkit_certificate_registration_pending  1 when the successor's new DNs must be registered
  certkit_certificate_files                 number of files holding the certificate
and for the inventory: certkit_certificates{state}, certkit_scan_errors,
certkit_scan_error{path,code}, certkit_last_scan_timestamp_seconds.

Label values are escaped per the exposition format (backslash, double quote, line feed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from certkit.monitor.inventory import StoredError
from certkit.monitor.status import CertificateStatus, State


def escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: Sequence[tuple[str, str]]) -> str:
    return "{" + ",".join(f'{name}="{escape_label(value)}"' for name, value in pairs) + "}"


def render(
    statuses: Sequence[CertificateStatus],
    errors: Sequence[StoredError],
    last_scan: datetime | None,
) -> str:
    """The textfile content (ends with a newline)."""
    lines: list[str] = []

    def family(name: str, help_text: str, samples: list[tuple[str, float | int]]) -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} gauge")
        lines.extend(f"{name}{labels} {value}" for labels, value in samples)

    base = {
        s.certificate.sha256: [
            ("sha256", s.certificate.sha256),
            ("siren", s.certificate.siren or ""),
            ("subject", s.certificate.subject_rfc4514),
            ("issuer", s.certificate.issuer_rfc4514),
        ]
        for s in statuses
    }

    def per_cert(value: Callable[[CertificateStatus], int]) -> list[tuple[str, float | int]]:
        return [(_labels(base[s.certificate.sha256]), value(s)) for s in statuses]

    family(
        "certkit_certificate_not_after_seconds",
        "Certificate notAfter as a Unix timestamp.",
        per_cert(lambda s: int(s.certificate.not_after.timestamp())),
    )
    family(
        "certkit_certificate_not_before_seconds",
        "Certificate notBefore as a Unix timestamp.",
        per_cert(lambda s: int(s.certificate.not_before.timestamp())),
    )
    family(
        "certkit_certificate_days_left",
        "Whole days left before notAfter at the evaluation date (negative once expired).",
        per_cert(lambda s: s.days_left),
    )
    state_samples: list[tuple[str, float | int]] = []
    for s in statuses:
        for state in State:
            labels = _labels([*base[s.certificate.sha256], ("state", state.value)])
            state_samples.append((labels, 1 if s.state is state else 0))
    family(
        "certkit_certificate_state",
        "Effective monitor state of the certificate (1 for the current state).",
        state_samples,
    )
    family(
        "certkit_certificate_renewed",
        "1 when a successor certificate of the same holder was found.",
        per_cert(lambda s: 1 if s.renewed_by is not None else 0),
    )
    family(
        "certkit_certificate_registration_pending",
        "1 when the successor has new DNs to register in the account's other slot.",
        per_cert(
            lambda s: (
                1
                if s.action is not None and s.action.code == "monitor.action.register_new_dns"
                else 0
            )
        ),
    )
    family(
        "certkit_certificate_files",
        "Number of files the certificate was found in.",
        per_cert(lambda s: len(s.certificate.paths)),
    )
    counts = {state: 0 for state in State}
    for s in statuses:
        counts[s.state] += 1
    family(
        "certkit_certificates",
        "Number of monitored certificates per effective state.",
        [(_labels([("state", state.value)]), count) for state, count in counts.items()],
    )
    family(
        "certkit_scan_errors",
        "Number of files that could not be read on the last scan.",
        [("", len(errors))],
    )
    family(
        "certkit_scan_error",
        "A file that could not be read on the last scan (value 1).",
        [(_labels([("path", e.path), ("code", e.code)]), 1) for e in errors],
    )
    if last_scan is not None:
        family(
            "certkit_last_scan_timestamp_seconds",
            "When the last complete scan finished, as a Unix timestamp.",
            [("", int(last_scan.timestamp()))],
        )
    return "\n".join(lines) + "\n"
