"""Send each threshold crossing once, to a webhook and/or by e-mail.

The ``notifications`` table keeps, per certificate and channel, the last state reported. A
certificate is reported when its effective state is worse than that (ok → warning → critical →
expired); when it gets better (renewed, successor found) the record is lowered silently, so a later
worsening is reported again. The record is written only after the channel accepted the message: a
failed delivery is retried on the next run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from certkit.errors import CertkitError
from certkit.monitor.db import transaction
from certkit.monitor.status import CertificateStatus, State, iso

if TYPE_CHECKING:
    import sqlite3

RANK = {State.OK: 0, State.WARNING: 1, State.CRITICAL: 2, State.EXPIRED: 3}


class DeliveryError(CertkitError):
    """A channel refused or could not take the alerts (exit 1: attention needed, retried later)."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Alert:
    status: CertificateStatus
    previous: State | None


def pending(
    conn: sqlite3.Connection, statuses: Sequence[CertificateStatus], channel: str
) -> tuple[list[Alert], list[tuple[str, str]]]:
    """(alerts to send, (sha256, state) records to lower silently) for ``channel``."""
    recorded = {
        sha256: State(state)
        for sha256, state in conn.execute(
            "SELECT sha256, state FROM notifications WHERE channel = ?", (channel,)
        )
    }
    alerts: list[Alert] = []
    lower: list[tuple[str, str]] = []
    for status in statuses:
        before = recorded.get(status.certificate.sha256)
        now_rank = RANK[status.state]
        before_rank = RANK[before] if before is not None else 0
        if now_rank > before_rank:
            alerts.append(Alert(status, before))
        elif before is not None and now_rank < before_rank:
            lower.append((status.certificate.sha256, status.state.value))
    return alerts, lower


def record(
    conn: sqlite3.Connection, channel: str, states: Sequence[tuple[str, str]], sent_at: int
) -> None:
    """Remember the states reported (or lowered) on ``channel``."""
    with transaction(conn):
        conn.executemany(
            "INSERT INTO notifications (sha256, channel, state, sent_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(sha256, channel) DO UPDATE SET state = excluded.state, "
            "sent_at = excluded.sent_at",
            [(sha256, channel, state, sent_at) for sha256, state in states],
        )


def deliver(
    conn: sqlite3.Connection,
    statuses: Sequence[CertificateStatus],
    channel: str,
    send: Callable[[list[Alert]], None],
) -> int:
    """Send the pending alerts of ``channel`` with ``send`` and record them; returns how many."""
    alerts, lower = pending(conn, statuses, channel)
    if alerts:
        send(alerts)
    states = [(a.status.certificate.sha256, a.status.state.value) for a in alerts] + lower
    if states:
        record(conn, channel, states, int(time.time()))
    return len(alerts)


# --------------------------------------------------------------------------------------------------
# Content


def alert_json(alert: Alert, lang: str | None) -> dict[str, Any]:
    data = alert.status.to_json(lang)
    data["previous_state"] = alert.previous.value if alert.previous is not None else None
    return data


def summary_line(alert: Alert, lang: str | None) -> str:
    from certkit.i18n import t

    status = alert.status
    cert = status.certificate
    state = t(f"monitor.state.{status.state.value}", lang)
    siren = f" SIREN {cert.siren}" if cert.siren else ""
    text = f"[{state}] {cert.subject_rfc4514}{siren} — {cert.not_after.date().isoformat()}"
    text += f" ({t('monitor.days_short', lang, days=status.days_left)})"
    if status.action is not None:
        text += f": {status.action.message(lang)}"
    return text


def payload(alerts: Sequence[Alert], at: datetime, lang: str | None) -> dict[str, Any]:
    """The webhook body: machine fields plus a ``text`` summary chat tools display as is."""
    return {
        "source": "certkit",
        "generated_at": iso(datetime.now(UTC)),
        "at": iso(at),
        "text": "\n".join(summary_line(a, lang) for a in alerts),
        "alerts": [alert_json(a, lang) for a in alerts],
    }


# --------------------------------------------------------------------------------------------------
# Channels


def redact_url(url: str) -> str:
    """``url`` safe to print: scheme and host only (webhook paths and queries often hold a
    secret token, and user:password may sit before the host)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host += f":{parts.port}"
    rest = "/…" if (parts.path not in ("", "/") or parts.query) else "/"
    return f"{parts.scheme}://{host}{rest}"


def webhook_channel(url: str) -> str:
    """The notifications-table key of a webhook: a digest, so the database holds no token."""
    import hashlib

    return "webhook:" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def post_webhook(
    url: str,
    body: dict[str, Any],
    *,
    attempts: int = 4,
    backoff: float = 1.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST ``body`` as JSON; retry transport errors, 429 and 5xx with exponential backoff
    (``backoff``, 2×, 4× … seconds). Returns the number of attempts used."""
    import httpx

    reason = ""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "certkit-monitor"}
    with httpx.Client(timeout=timeout) as client:
        for attempt in range(1, attempts + 1):
            try:
                response = client.post(url, content=data, headers=headers)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code < 300:
                    return attempt
                reason = f"HTTP {response.status_code}"
                if response.status_code < 500 and response.status_code != 429:
                    break
            if attempt < attempts:
                sleep(backoff * 2 ** (attempt - 1))
    raise DeliveryError(
        "monitor.webhook_failed", url=redact_url(url), attempts=attempt, reason=reason
    )


def send_mail(
    server: tuple[str, int],
    mail_from: str,
    mail_to: Sequence[str],
    subject: str,
    text: str,
    *,
    starttls: bool = False,
    timeout: float = 30.0,
) -> None:
    """Send a plain-text message over SMTP (stdlib smtplib)."""
    import smtplib
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = ", ".join(mail_to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="certkit.invalid")
    message.set_content(text)
    host, port = server
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if starttls:
                smtp.starttls()
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(
            "monitor.smtp_failed", server=f"{host}:{port}", reason=f"{type(exc).__name__}: {exc}"
        ) from None


def mail_content(alerts: Sequence[Alert], lang: str | None) -> tuple[str, str]:
    """(subject, body) of the alert e-mail."""
    counts: dict[str, int] = {}
    for alert in alerts:
        counts[alert.status.state.value] = counts.get(alert.status.state.value, 0) + 1
    from certkit.i18n import t

    parts = ", ".join(f"{n} {t(f'monitor.state.{s}', lang)}" for s, n in sorted(counts.items()))
    subject = t("monitor.mail_subject", lang, count=len(alerts), states=parts)
    lines = [summary_line(a, lang) for a in alerts]
    lines.append("")
    for alert in alerts:
        cert = alert.status.certificate
        lines.append(f"{cert.sha256}")
        lines.extend(f"  {path}" for path in cert.paths)
    return subject, "\n".join(lines) + "\n"
