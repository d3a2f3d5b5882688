"""Send each threshold crossing once per channel — webhook (JSON, Teams, Slack, Alertmanager) or
e-mail — with a stable id per alert and at-least-once delivery.

What a channel was told: the ``notifications`` record keeps, per certificate and channel, the last
state reported. In a shared inventory the record is the team's: whichever host runs ``notify``
first sends an alert, the others find it recorded (runs at the same moment take turns per
channel). A certificate is reported when its effective state is worse than that (ok →
warning → critical → expired) and no acknowledgement covers it; when it gets better (renewed,
successor registered) the record is lowered silently — or, on an Alertmanager channel, the alert is
sent resolved — so a later worsening is reported again.

Delivery, at least once: alerts go out in messages of at most ``per_message`` alerts. Before a
message is sent its alert ids are written to ``deliveries`` (attempted); right after the receiver
acknowledged it (HTTP 2xx, SMTP 250) the ids are marked acknowledged *and* the states recorded, in
one transaction. So a run that crashes after an acknowledgement never sends that message again,
and a message whose acknowledgement was lost (a crash or a failure between sending and the answer)
is sent again on the next run, with the same alert ids and ``redelivery: true``: the receiver can
drop what it already has. The alert id is the certificate's fingerprint and the threshold crossed
(``<sha256>:<state>``); an e-mail's Message-ID is derived from the ids it carries.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit.errors import CertkitError, InputError, os_reason
from certkit.monitor.status import RANK, CertificateStatus, State, iso

if TYPE_CHECKING:
    from certkit.monitor.store import Store

FORMATS = ("json", "teams", "slack", "alertmanager")
PER_MESSAGE = 50
MAX_RETRY_AFTER = 60.0


class DeliveryError(CertkitError):
    """A channel refused or could not take the alerts (exit 1: attention needed, retried later).

    ``maybe_delivered`` is false when the receiver certainly did not take the message (connection
    refused, an HTTP error answer, a refused TLS certificate): the next run's sending is then not
    flagged as a redelivery.
    """

    exit_code = 1

    def __init__(self, code: str, *, maybe_delivered: bool = True, **params: object) -> None:
        super().__init__(code, **params)
        self.maybe_delivered = maybe_delivered


@dataclass(frozen=True, slots=True)
class Alert:
    status: CertificateStatus
    previous: State | None
    resolved: bool = False  # the state got better (Alertmanager channels only)
    redelivery: bool = False  # an earlier attempt was never acknowledged

    @property
    def id(self) -> str:
        """Stable id: the certificate and the threshold crossed."""
        return alert_id(self.status.certificate.sha256, self.status.state)


def alert_id(sha256: str, state: State) -> str:
    return f"{sha256}:{state.value}"


@dataclass(frozen=True, slots=True)
class Delivered:
    """What :func:`deliver` did on one channel."""

    sent: int
    redelivered: int
    resolved: int = 0


def pending(
    store: Store,
    statuses: Sequence[CertificateStatus],
    channel: str,
    *,
    resolves: bool = False,
) -> tuple[list[Alert], list[tuple[str, str]]]:
    """(alerts to send, (sha256, state) records to lower silently) for ``channel``; with
    ``resolves`` the lowerings come back as resolved alerts instead."""
    recorded = {sha: State(state) for sha, state in store.notified_states(channel).items()}
    alerts: list[Alert] = []
    lower: list[tuple[str, str]] = []
    for status in statuses:
        before = recorded.get(status.certificate.sha256)
        now_rank = RANK[status.state]
        before_rank = RANK[before] if before is not None else 0
        if now_rank > before_rank and status.acknowledged is None:
            alerts.append(Alert(status, before))
        elif before is not None and now_rank < before_rank:
            if resolves:
                alerts.append(Alert(status, before, resolved=True))
            else:
                lower.append((status.certificate.sha256, status.state.value))
    return alerts, lower


def deliver(
    store: Store,
    statuses: Sequence[CertificateStatus],
    channel: str,
    send: Callable[[list[Alert]], None],
    *,
    per_message: int = PER_MESSAGE,
    resolves: bool = False,
    clock: Callable[[], float] = time.time,
) -> Delivered:
    """Send the pending alerts of ``channel`` with ``send``, message by message, recording each
    before and after (see the module docstring). A :class:`DeliveryError` leaves the messages
    already acknowledged recorded; its ``params["sent"]`` says how many alerts they held.

    The channel is locked meanwhile (:meth:`Store.channel_lock`): a ``notify`` run on another
    host of a shared inventory, or a second one on this host, waits and then finds these alerts
    recorded: the team gets each alert once."""
    with store.channel_lock(channel):
        return _deliver(store, statuses, channel, send, per_message, resolves, clock)


def _deliver(
    store: Store,
    statuses: Sequence[CertificateStatus],
    channel: str,
    send: Callable[[list[Alert]], None],
    per_message: int,
    resolves: bool,
    clock: Callable[[], float],
) -> Delivered:
    alerts, lower = pending(store, statuses, channel, resolves=resolves)
    sent = redelivered = resolved = 0
    for start in range(0, len(alerts), max(1, per_message)):
        chunk = alerts[start : start + max(1, per_message)]
        ids = [a.id for a in chunk]
        doubtful = store.begin_delivery(channel, ids, int(clock()))
        chunk = [replace(a, redelivery=a.id in doubtful) for a in chunk]
        try:
            send(chunk)
        except DeliveryError as exc:
            if not exc.maybe_delivered:
                store.cancel_delivery(channel, [i for i in ids if i not in doubtful])
            exc.params["sent"] = sent
            raise
        states = [(a.status.certificate.sha256, a.status.state.value) for a in chunk]
        store.acknowledge_delivery(channel, ids, states, int(clock()))
        sent += sum(1 for a in chunk if not a.resolved)
        resolved += sum(1 for a in chunk if a.resolved)
        redelivered += len(doubtful)
    if lower:
        store.record_states(channel, lower, int(clock()))
    return Delivered(sent, redelivered, resolved)


# --------------------------------------------------------------------------------------------------
# Content


def alert_json(alert: Alert, lang: str | None) -> dict[str, Any]:
    data = alert.status.to_json(lang)
    data["id"] = alert.id
    data["previous_state"] = alert.previous.value if alert.previous is not None else None
    data["redelivery"] = alert.redelivery
    return data


def _holder(status: CertificateStatus) -> str:
    cert = status.certificate
    text = cert.subject_rfc4514
    if status.customer is not None:
        text = f"{status.customer.name} — {text}"
    return text + (f" SIREN {cert.siren}" if cert.siren else "")


def summary_line(alert: Alert, lang: str | None) -> str:
    from certkit.i18n import t

    status = alert.status
    cert = status.certificate
    state = t(f"monitor.state.{status.state.value}", lang)
    text = f"[{state}] {_holder(status)} — {cert.not_after.date().isoformat()}"
    text += f" ({t('monitor.days_short', lang, days=status.days_left)})"
    if status.action is not None:
        text += f": {status.action.message(lang)}"
    return text


def payload(alerts: Sequence[Alert], at: datetime, lang: str | None) -> dict[str, Any]:
    """The ``json`` webhook body: machine fields plus a ``text`` summary chat tools display."""
    return {
        "source": "certkit",
        "delivery": "at-least-once",
        "generated_at": iso(datetime.now(UTC)),
        "at": iso(at),
        "text": "\n".join(summary_line(a, lang) for a in alerts),
        "alerts": [alert_json(a, lang) for a in alerts],
    }


def slack_payload(alerts: Sequence[Alert], at: datetime, lang: str | None) -> dict[str, Any]:
    """A Slack incoming-webhook message: ``text`` (notifications) and one block per alert."""
    from certkit.i18n import t

    lines = [summary_line(a, lang) for a in alerts]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _title(alerts, lang)[:150]}}
    ]
    for alert, line in zip(alerts, lines, strict=True):
        paths = ", ".join(alert.status.certificate.paths)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line[:2900]}})
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"{t('monitor.col.path', lang)}: {paths}"[:2900]},
                    {"type": "mrkdwn", "text": f"id: {alert.id}"},
                ],
            }
        )
    return {"text": "\n".join(lines), "blocks": blocks[:50]}


def teams_payload(alerts: Sequence[Alert], at: datetime, lang: str | None) -> dict[str, Any]:
    """A Microsoft Teams message (Workflows / incoming webhook) holding an Adaptive Card."""
    from certkit.i18n import t

    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": _title(alerts, lang), "weight": "Bolder", "size": "Medium"}
    ]
    colours = {"ok": "Good", "warning": "Warning", "critical": "Attention", "expired": "Attention"}
    for alert in alerts:
        body.append(
            {
                "type": "TextBlock",
                "text": summary_line(alert, lang),
                "wrap": True,
                "color": colours[alert.status.state.value],
            }
        )
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {
                        "title": t("monitor.col.path", lang),
                        "value": ", ".join(alert.status.certificate.paths),
                    },
                    {"title": "id", "value": alert.id},
                ],
            }
        )
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def _title(alerts: Sequence[Alert], lang: str | None) -> str:
    return mail_content(alerts, lang)[0]


def alertmanager_payload(
    alerts: Sequence[Alert], at: datetime, lang: str | None
) -> list[dict[str, Any]]:
    """The body of Alertmanager's ``POST /api/v2/alerts``: one alert per certificate and state
    (``alertname`` ``CertkitCertificateWarning``/``Critical``/``Expired``), firing until the
    certificate's notAfter (a year after it for ``Expired``); a crossing also resolves the
    previous state's alert, and a certificate that got better has it resolved."""
    now = datetime.now(UTC)
    out: list[dict[str, Any]] = []
    for alert in alerts:
        status = alert.status
        cert = status.certificate
        labels = {
            "sha256": cert.sha256,
            "filepath": cert.paths[0] if cert.paths else "",
            "subject_CN": cert.cn or "",
            "siren": cert.siren or "",
            "customer": status.customer.name if status.customer is not None else "",
        }
        annotations = {
            "summary": summary_line(alert, lang),
            "subject": cert.subject_rfc4514,
            "issuer": cert.issuer_rfc4514,
            "not_after": iso(cert.not_after),
            "paths": ", ".join(cert.paths),
            "alert_id": alert.id,
        }
        if status.action is not None:
            annotations["action"] = status.action.message(lang)

        def entry(
            state: State,
            ends: datetime,
            labels: dict[str, str] = labels,
            annotations: dict[str, str] = annotations,
        ) -> dict[str, Any]:
            return {
                "labels": {
                    "alertname": f"CertkitCertificate{state.value.capitalize()}",
                    "severity": state.value,
                    **labels,
                },
                "annotations": annotations,
                "startsAt": iso(at if ends > now else now - timedelta(seconds=1)),
                "endsAt": iso(ends),
                "generatorURL": "https://certkit.invalid/monitor",
            }

        if alert.previous is not None and alert.previous is not State.OK:
            out.append(entry(alert.previous, now))  # the previous state's alert is over
        if status.state is State.EXPIRED:
            out.append(entry(status.state, max(at, cert.not_after) + timedelta(days=365)))
        elif status.state is not State.OK:
            out.append(entry(status.state, max(cert.not_after, now + timedelta(minutes=5))))
    return out


def body_for(fmt: str, alerts: Sequence[Alert], at: datetime, lang: str | None) -> Any:
    if fmt == "teams":
        return teams_payload(alerts, at, lang)
    if fmt == "slack":
        return slack_payload(alerts, at, lang)
    if fmt == "alertmanager":
        return alertmanager_payload(alerts, at, lang)
    return payload(alerts, at, lang)


def webhook_url(url: str, fmt: str) -> str:
    """Alertmanager's API path is added to a bare Alertmanager address."""
    if fmt == "alertmanager" and not url.rstrip("/").endswith("/api/v2/alerts"):
        return url.rstrip("/") + "/api/v2/alerts"
    return url


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
    return "webhook:" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_SECRET = re.compile(r"\{(env|file):([^}]+)\}")


def parse_header(text: str) -> tuple[str, str]:
    """``"Name: value"`` for ``--webhook-header``; ``{env:VAR}`` and ``{file:PATH}`` inside the
    value are replaced by that variable or the file's first line (secrets stay off the command
    line and out of shell history)."""
    name, sep, value = text.partition(":")
    name = name.strip()
    if not sep or not _HEADER_NAME.match(name):
        raise InputError("monitor.bad_header", value=name or text[:40])

    def secret(match: re.Match[str]) -> str:
        kind, ref = match.group(1), match.group(2).strip()
        if kind == "env":
            import os

            found = os.environ.get(ref)
            if found is None:
                raise InputError("monitor.header_env_missing", header=name, var=ref)
            return found
        try:
            data = Path(ref).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = os_reason(exc)
            raise InputError(
                "monitor.header_file_unreadable", header=name, path=ref, reason=reason
            ) from None
        return data.splitlines()[0] if data.strip() else ""

    resolved = _SECRET.sub(secret, value.strip())
    if "\r" in resolved or "\n" in resolved:
        raise InputError("monitor.bad_header", value=name)
    return name, resolved


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or an HTTP date), else None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(
    attempt: int, backoff: float, asked: float | None, rand: Callable[[], float] = random.random
) -> float:
    """Seconds before retry number ``attempt`` (1 = first retry): what the server asked for
    (``Retry-After``) plus up to 10 % jitter, else exponential backoff with equal jitter
    (half of ``backoff × 2^(attempt-1)``, plus a random part of the other half)."""
    if asked is not None:
        return asked + rand() * min(1.0, asked * 0.1)
    base = backoff * float(2 ** (attempt - 1))
    return base / 2 + rand() * base / 2


def post_webhook(
    url: str,
    body: Any,
    *,
    headers: Sequence[tuple[str, str]] = (),
    attempts: int = 4,
    backoff: float = 1.0,
    max_retry_after: float = MAX_RETRY_AFTER,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST ``body`` as JSON; retry transport errors, 429 and 5xx with jittered exponential
    backoff, or after the delay a ``Retry-After`` asks for. A server asking for more than
    ``max_retry_after`` seconds ends this run's attempts (the next run sends again). Returns the
    number of attempts used."""
    import httpx

    reason = ""
    maybe_delivered = False  # becomes true once a request may have reached the receiver
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    sent_headers = {"Content-Type": "application/json", "User-Agent": "certkit-monitor"}
    sent_headers.update(dict(headers))
    attempt = 0
    with httpx.Client(timeout=timeout) as client:
        for attempt in range(1, attempts + 1):
            asked: float | None = None
            try:
                response = client.post(url, content=data, headers=sent_headers)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}"
                maybe_delivered |= not isinstance(exc, httpx.ConnectError)
            else:
                if response.status_code < 300:
                    return attempt
                reason = f"HTTP {response.status_code}"
                if response.status_code < 500 and response.status_code != 429:
                    break
                asked = retry_after(response.headers.get("Retry-After"))
                if asked is not None and asked > max_retry_after:
                    reason += f", Retry-After {asked:.0f} s"
                    break
            if attempt < attempts:
                sleep(backoff_delay(attempt, backoff, asked))
    raise DeliveryError(
        "monitor.webhook_failed",
        maybe_delivered=maybe_delivered,
        url=redact_url(url),
        attempts=attempt,
        reason=reason,
    )


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """How to reach the mail relay. ``security``: ``none``, ``starttls`` or ``tls`` (implicit TLS,
    usually port 465). Both TLS modes verify the server's certificate against ``ca_file`` (only
    that file) or the system store, host name included."""

    host: str
    port: int
    security: str = "none"
    ca_file: Path | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}"


def tls_context(ca_file: Path | None) -> Any:
    """A client context that verifies the server and its host name."""
    import ssl

    if ca_file is not None and not ca_file.is_file():
        raise InputError("monitor.smtp_ca_missing", path=str(ca_file))
    try:
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    except ssl.SSLError as exc:
        raise InputError("monitor.smtp_ca_invalid", path=str(ca_file), reason=str(exc)) from None


def send_mail(
    settings: SmtpSettings,
    mail_from: str,
    mail_to: Sequence[str],
    subject: str,
    text: str,
    *,
    message_id: str | None = None,
    headers: Sequence[tuple[str, str]] = (),
) -> None:
    """Send a plain-text message over SMTP (stdlib smtplib), verifying TLS servers."""
    import smtplib
    import ssl
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    if settings.user is not None and settings.security == "none":
        raise InputError("monitor.smtp_auth_needs_tls")
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = ", ".join(mail_to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or make_msgid(domain="certkit.invalid")
    for name, value in headers:
        message[name] = value
    message.set_content(text)
    context = tls_context(settings.ca_file) if settings.security != "none" else None
    host, port = settings.host, settings.port
    data_sent = False  # the message may have reached the server only once DATA was sent

    class _Tracked(smtplib.SMTP_SSL if settings.security == "tls" else smtplib.SMTP):  # type: ignore[misc]
        def data(self, msg: Any) -> Any:
            nonlocal data_sent
            data_sent = True
            return super().data(msg)

    try:
        smtp: smtplib.SMTP
        if settings.security == "tls":
            smtp = _Tracked(host, port, timeout=settings.timeout, context=context)
        else:
            smtp = _Tracked(host, port, timeout=settings.timeout)
        with smtp:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if settings.user is not None:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(message)
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryError(
            "monitor.smtp_untrusted",
            maybe_delivered=False,
            server=settings.label,
            reason=exc.verify_message or str(exc),
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            "monitor.smtp_auth_failed",
            maybe_delivered=False,
            server=settings.label,
            reason=_smtp_reply(exc),
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(
            "monitor.smtp_failed",
            maybe_delivered=data_sent,
            server=settings.label,
            reason=f"{type(exc).__name__}: {exc}",
        ) from None


def _smtp_reply(exc: Any) -> str:
    code = getattr(exc, "smtp_code", "")
    error = getattr(exc, "smtp_error", b"")
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return f"{code} {text}".strip()


def message_id(alerts: Sequence[Alert], mail_from: str) -> str:
    """The Message-ID of the e-mail carrying ``alerts``: the same alerts, the same id."""
    digest = hashlib.sha256("\n".join(sorted(a.id for a in alerts)).encode()).hexdigest()[:40]
    domain = mail_from.rpartition("@")[2].strip(" >") or "certkit.invalid"
    return f"<certkit.{digest}@{domain}>"


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
        lines.append(f"  id: {alert.id}")
    if any(a.redelivery for a in alerts):
        lines += ["", t("monitor.mail_redelivery", lang)]
    return subject, "\n".join(lines) + "\n"
