"""Prometheus text exposition of the inventory (node-exporter textfile collector or ``monitor
serve --metrics``), with x509-certificate-exporter's metric and label names so its Grafana
dashboard and alert rules work on certkit's export, beside certkit's own metrics.

Per certificate and file it is found in (all gauges):
  x509_cert_not_after                      notAfter, Unix seconds
  x509_cert_not_before                     notBefore, Unix seconds
  x509_cert_expired                        1 once notAfter is past at the evaluation date
  x509_cert_expires_in_seconds             notAfter minus the evaluation date (negative once past)
  certkit_certificate_state{state}         1 for the effective monitor state, 0 for the others
  certkit_certificate_renewed              1 when a successor of the same holder was found
  certkit_certificate_registration_pending 1 while the successor's new DNs must be registered
  certkit_certificate_acknowledged         1 while an acknowledgement ("renewal ordered") covers it
For the inventory: x509_read_errors (files the last scan could not read),
certkit_scan_error{filepath,filename,code}, certkit_certificates{state},
certkit_last_scan_timestamp_seconds and certkit_build_info{version}.

Labels (:data:`LABELS`): x509-certificate-exporter's ``filepath``, ``filename``,
``serial_number``, ``subject_C/CN/L/O/OU/ST``, ``issuer_C/CN/L/O/OU/ST``, and certkit's ``sha256``,
``siren`` and ``customer`` (from the customers file). A label selection keeps cardinality down:
series whose selected labels coincide are merged, keeping the certificate that expires first.
Label values are escaped per the exposition format (backslash, double quote, line feed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime

from certkit.errors import InputError
from certkit.monitor.inventory import StoredError
from certkit.monitor.status import CertificateStatus, State

_NAME_LABELS: tuple[tuple[str, str], ...] = (
    ("C", "2.5.4.6"),
    ("CN", "2.5.4.3"),
    ("L", "2.5.4.7"),
    ("O", "2.5.4.10"),
    ("OU", "2.5.4.11"),
    ("ST", "2.5.4.8"),
)
LABELS: tuple[str, ...] = (
    "filepath",
    "filename",
    "serial_number",
    *(f"subject_{short}" for short, _ in _NAME_LABELS),
    *(f"issuer_{short}" for short, _ in _NAME_LABELS),
    "sha256",
    "siren",
    "customer",
)


def select_labels(only: Sequence[str] = (), exclude: Sequence[str] = ()) -> tuple[str, ...]:
    """The labels to export: ``only`` (all by default) minus ``exclude``; unknown names refused."""
    for name in (*only, *exclude):
        if name not in LABELS:
            raise InputError("monitor.bad_label", label=name, known=", ".join(LABELS))
    chosen = [name for name in LABELS if (not only or name in only) and name not in exclude]
    return tuple(chosen)


def escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: Sequence[tuple[str, str]]) -> str:
    if not pairs:
        return ""
    return "{" + ",".join(f'{name}="{escape_label(value)}"' for name, value in pairs) + "}"


def _name_values(der: bytes, prefix: str) -> dict[str, str]:
    from certkit.names import from_der

    try:
        parsed = from_der(der)
    except ValueError:
        return {}
    out: dict[str, str] = {}
    for short, oid in _NAME_LABELS:
        values = parsed.values(oid)
        if values:
            out[f"{prefix}_{short}"] = values[0]
    return out


def _all_labels(status: CertificateStatus, path: str) -> dict[str, str]:
    cert = status.certificate
    labels = {
        "filepath": path,
        "filename": os.path.basename(path),
        "serial_number": cert.serial_hex,
        "sha256": cert.sha256,
        "siren": cert.siren or "",
        "customer": status.customer.name if status.customer is not None else "",
    }
    labels.update(_name_values(cert.subject_der, "subject"))
    labels.update(_name_values(cert.issuer_der, "issuer"))
    return labels


def render(
    statuses: Sequence[CertificateStatus],
    errors: Sequence[StoredError],
    last_scan: datetime | None,
    at: datetime,
    *,
    labels: Sequence[str] = LABELS,
    version: str | None = None,
) -> str:
    """The exposition text (ends with a newline) at evaluation date ``at``."""
    from certkit import __version__

    lines: list[str] = []

    def family(name: str, help_text: str, samples: list[tuple[str, float | int]]) -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} gauge")
        lines.extend(f"{name}{label_text} {value}" for label_text, value in samples)

    # One series per (certificate, file); merged when the selected labels coincide, keeping the
    # certificate that expires first (the one an alert must be about).
    series: dict[tuple[tuple[str, str], ...], CertificateStatus] = {}
    for status in statuses:
        for path in status.certificate.paths or ("",):
            every = _all_labels(status, path)
            key = tuple((name, every.get(name, "")) for name in labels)
            kept = series.get(key)
            if kept is None or status.certificate.not_after < kept.certificate.not_after:
                series[key] = status
    keys = sorted(series)
    text = {key: _labels(key) for key in keys}
    moment = int(at.timestamp())

    def per_cert(value: Callable[[CertificateStatus], int]) -> list[tuple[str, float | int]]:
        return [(text[key], value(series[key])) for key in keys]

    def not_after(s: CertificateStatus) -> int:
        return int(s.certificate.not_after.timestamp())

    family(
        "x509_cert_not_after",
        "Certificate notAfter as a Unix timestamp.",
        per_cert(not_after),
    )
    family(
        "x509_cert_not_before",
        "Certificate notBefore as a Unix timestamp.",
        per_cert(lambda s: int(s.certificate.not_before.timestamp())),
    )
    family(
        "x509_cert_expired",
        "1 when the certificate has expired at the evaluation date.",
        per_cert(lambda s: 1 if not_after(s) <= moment else 0),
    )
    family(
        "x509_cert_expires_in_seconds",
        "Seconds from the evaluation date to notAfter (negative once expired).",
        per_cert(lambda s: not_after(s) - moment),
    )
    state_samples: list[tuple[str, float | int]] = []
    for key in keys:
        for state in State:
            state_samples.append(
                (_labels((*key, ("state", state.value))), 1 if series[key].state is state else 0)
            )
    family(
        "certkit_certificate_state",
        "Effective monitor state of the certificate, renewals considered (1 for the current one).",
        state_samples,
    )
    family(
        "certkit_certificate_renewed",
        "1 when a successor certificate of the same holder was found.",
        per_cert(lambda s: 1 if s.renewed_by is not None else 0),
    )
    family(
        "certkit_certificate_registration_pending",
        "1 while the successor's new DNs must be registered in the account's other slot.",
        per_cert(lambda s: 1 if s.registration_pending else 0),
    )
    family(
        "certkit_certificate_acknowledged",
        "1 while an acknowledgement (renewal ordered) covers the certificate's state.",
        per_cert(lambda s: 1 if s.acknowledged is not None else 0),
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
        "x509_read_errors",
        "Number of files that could not be read on the last scan.",
        [("", len(errors))],
    )
    family(
        "certkit_scan_error",
        "A file that could not be read on the last scan (value 1).",
        [
            (
                _labels(
                    [("filepath", e.path), ("filename", os.path.basename(e.path)), ("code", e.code)]
                ),
                1,
            )
            for e in errors
        ],
    )
    if last_scan is not None:
        family(
            "certkit_last_scan_timestamp_seconds",
            "When the last complete scan finished, as a Unix timestamp.",
            [("", int(last_scan.timestamp()))],
        )
    family(
        "certkit_build_info",
        "certkit version that produced these metrics (value 1).",
        [(_labels([("version", version or __version__)]), 1)],
    )
    return "\n".join(lines) + "\n"
