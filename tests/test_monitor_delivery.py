"""monitor notify against real local servers: SMTP (aiosmtpd) with STARTTLS, implicit TLS and
authentication, the server certificate built with certkit.testca (and a self-signed impostor that
must be refused); a local HTTP receiver for Retry-After, headers, body formats, and at-least-once
delivery across a real SIGKILL of the notify process."""

from __future__ import annotations

import datetime as dt
import json
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from certkit.testca import TestCA
from tests.helpers import CERTKIT, run_certkit
from tests.test_monitor_support import (
    AT_TEXT,
    Fleet,
    backend,
    build_fleet,
    has_inventory,
    new_db,
)

ALERTED_AT = {"expired", "d5", "d20", "p12", "new_issuer_old"}

# Fixtures: the tests that use an inventory run on SQLite and on PostgreSQL.
__all__ = ["backend", "new_db"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("delivery"))


@pytest.fixture
def db(fleet: Fleet, new_db: Callable[..., str]) -> str:
    path = new_db()
    run_certkit("monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", path)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ----------------------------------------------------------------------------------- SMTP side


@pytest.fixture(scope="module")
def mail_pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The relay's certificate from the test CA (SAN 127.0.0.1), one for another host name, and
    a self-signed CN=evil.example impostor that claims 127.0.0.1 too."""
    base = tmp_path_factory.mktemp("mail-pki")
    ca = TestCA.init(base / "ca", name="certkit Mail CA")
    good = ca.issue_server(["127.0.0.1"], out=base / "relay")
    other = ca.issue_server(["mail.example"], out=base / "other")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evil.example")])
    now = dt.datetime.now(dt.UTC)
    evil = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("evil.example"),
                    x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    (base / "evil.pem").write_bytes(evil.public_bytes(serialization.Encoding.PEM))
    (base / "evil.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    assert good.cert_path and good.key_path and other.cert_path and other.key_path

    def full_chain(issued: Any, name: str) -> Path:  # the server sends its intermediate too
        path = base / f"{name}-fullchain.pem"
        path.write_bytes(issued.cert_path.read_bytes() + ca.chain_path.read_bytes())
        return path

    return {
        "ca": ca.root_path,
        "cert": full_chain(good, "relay"),
        "key": good.key_path,
        "other_cert": full_chain(other, "other"),
        "other_key": other.key_path,
        "evil_cert": base / "evil.pem",
        "evil_key": base / "evil.key",
    }


class Mailbox:
    def __init__(self, hold: threading.Event | None = None) -> None:
        self.messages: list[EmailMessage] = []
        self.hold = hold
        self.arrived = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.arrived.set()
        if self.hold is not None:
            import asyncio

            while not self.hold.is_set():  # never answer: the client gets killed meanwhile
                await asyncio.sleep(0.05)
        return "250 OK"


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        b"certkit",
        b"s3cret relay",
    )
    return AuthResult(success=ok, handled=False)


def smtp_server(
    mail_pki: dict[str, Path],
    *,
    which: str = "",
    implicit: bool = False,
    auth: bool = False,
    mailbox: Mailbox | None = None,
) -> tuple[Controller, Mailbox, int]:
    mailbox = mailbox or Mailbox()
    port = free_port()
    context = _server_context(mail_pki[f"{which}cert"], mail_pki[f"{which}key"])
    kwargs: dict[str, Any] = {}
    if implicit:
        kwargs["ssl_context"] = context
    else:
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    if auth:
        # aiosmtpd only counts STARTTLS as TLS: on an implicit-TLS port the whole session is.
        kwargs.update(
            authenticator=_authenticate, auth_required=True, auth_require_tls=not implicit
        )
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, mailbox, port


def mail_args(port: int, *extra: str | Path) -> list[str | Path]:
    return ["--smtp", f"127.0.0.1:{port}", "--mail-from", "certkit@syndic.test", "--mail-to",
            "ops@syndic.test", "--at", AT_TEXT, *extra]  # fmt: skip


def notify(db: str, *args: str | Path, env: dict[str, str] | None = None) -> Any:
    return run_certkit("monitor", "notify", "--db", db, "--backoff", "0.05", *args, env=env)


def test_starttls_refuses_a_self_signed_server(db: str, mail_pki: dict[str, Path]) -> None:
    controller, mailbox, port = smtp_server(mail_pki, which="evil_")
    try:
        result = notify(db, *mail_args(port, "--starttls"))
    finally:
        controller.stop()
    assert result.returncode == 1
    assert mailbox.messages == []  # the impostor got nothing
    assert result.stderr.startswith(f"certkit: SMTP server 127.0.0.1:{port}: certificate refused")
    assert len(result.stderr.strip().splitlines()) == 1


def test_starttls_with_the_relays_ca(db: str, mail_pki: dict[str, Path]) -> None:
    # The relay's CA does not make the impostor trusted ...
    evil, evil_box, evil_port = smtp_server(mail_pki, which="evil_")
    try:
        refused = notify(db, *mail_args(evil_port, "--starttls", "--smtp-trust", mail_pki["ca"]))
    finally:
        evil.stop()
    assert refused.returncode == 1 and evil_box.messages == []
    # ... and the real relay, whose certificate it issued, gets the alerts.
    controller, mailbox, port = smtp_server(mail_pki)
    try:
        result = notify(db, *mail_args(port, "--starttls", "--smtp-trust", mail_pki["ca"]))
    finally:
        controller.stop()
    assert result.returncode == 0, result.stderr
    assert len(mailbox.messages) == 1
    assert "5 alerts sent" in result.stdout


def test_host_name_is_checked(db: str, mail_pki: dict[str, Path]) -> None:
    """A certificate from the trusted CA, but for mail.example: refused at 127.0.0.1."""
    controller, mailbox, port = smtp_server(mail_pki, which="other_")
    try:
        result = notify(db, *mail_args(port, "--starttls", "--smtp-trust", mail_pki["ca"]))
    finally:
        controller.stop()
    assert result.returncode == 1 and mailbox.messages == []
    assert "certificate refused" in result.stderr and "127.0.0.1" in result.stderr


def test_implicit_tls_and_authentication(
    db: str, mail_pki: dict[str, Path], tmp_path: Path
) -> None:
    controller, mailbox, port = smtp_server(mail_pki, implicit=True, auth=True)
    password = tmp_path / "relay.pass"
    password.write_text("s3cret relay\n")
    try:
        tls = ("--smtp-tls", "--smtp-trust", mail_pki["ca"], "--smtp-user", "certkit")
        wrong = notify(
            db,
            *mail_args(port, *tls),
            env={"RELAY_PW": "wrong"},
        )
        wrong_env = notify(db, *mail_args(port, *tls, "--smtp-password-env", "RELAY_PW"),
                           env={"RELAY_PW": "wrong"})  # fmt: skip
        ok = notify(db, *mail_args(port, *tls, "--smtp-password-file", password))
    finally:
        controller.stop()
    assert wrong.returncode == 2 and "--smtp-password-file" in wrong.stderr  # no password given
    assert wrong_env.returncode == 1
    assert "authentication refused" in wrong_env.stderr
    assert "wrong" not in wrong_env.stderr  # the password is never printed
    assert ok.returncode == 0, ok.stderr
    assert len(mailbox.messages) == 1


def test_no_password_in_clear(db: str, tmp_path: Path) -> None:
    result = notify(db, *mail_args(25, "--smtp-user", "certkit", "--smtp-password-env", "X"),
                    env={"X": "pw"})  # fmt: skip
    assert result.returncode == 2
    assert "never sent in clear" in result.stderr


def test_mail_message_id_is_stable_and_a_crash_resends_it(
    db: str, mail_pki: dict[str, Path], fleet: Fleet
) -> None:
    """The relay takes the DATA but the client is killed before the 250: the next run sends the
    same alerts again under the same Message-ID, marked as a possible redelivery."""
    hold = threading.Event()
    controller, mailbox, port = smtp_server(mail_pki, mailbox=Mailbox(hold))
    args = [CERTKIT, "monitor", "notify", "--db", str(db),
            *map(str, mail_args(port, "--starttls", "--smtp-trust", mail_pki["ca"]))]  # fmt: skip
    try:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert mailbox.arrived.wait(30)
        process.send_signal(signal.SIGKILL)
        process.wait()
        hold.set()
        mailbox.arrived.clear()
        again = notify(db, *mail_args(port, "--starttls", "--smtp-trust", mail_pki["ca"]))
        assert again.returncode == 0, again.stderr
        third = notify(db, *mail_args(port, "--starttls", "--smtp-trust", mail_pki["ca"]))
    finally:
        hold.set()
        controller.stop()
    first, second = mailbox.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].endswith("@syndic.test>")
    ids = sorted(" ".join(v.split()) for v in second.get_all("X-Certkit-Alert-Id"))
    assert ids == sorted(f"{fleet.sha[n]}:{s}" for n, s in (
        ("expired", "expired"), ("d5", "critical"), ("d20", "warning"), ("p12", "warning"),
        ("new_issuer_old", "warning")))  # fmt: skip
    assert "may have been received already" in second.get_content()
    assert "may have been received already" not in first.get_content()
    assert "nothing new" in third.stdout and len(mailbox.messages) == 2


# ----------------------------------------------------------------------------------- HTTP side


class Receiver:
    """A webhook receiver whose answer to request N is ``respond(N, body, headers)``:
    (status, extra headers); it may block to let the test kill the sender."""

    def __init__(
        self, respond: Callable[[int, Any, dict[str, str]], tuple[int, dict[str, str]]]
    ) -> None:
        self.requests: list[tuple[float, str, dict[str, str], Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.requests.append((time.monotonic(), self.path, headers, body))
                status, extra = respond(len(receiver.requests), body, headers)
                try:
                    self.send_response(status)
                    for name, value in extra.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/secret-token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers() -> Iterator[list[Receiver]]:
    made: list[Receiver] = []
    yield made
    for receiver in made:
        receiver.close()


def receiver(
    made: list[Receiver],
    respond: Callable[[int, Any, dict[str, str]], tuple[int, dict[str, str]]] = (
        lambda n, b, h: (204, {})
    ),
) -> Receiver:
    made.append(Receiver(respond))
    return made[-1]


def test_retry_after_is_honoured(db: str, receivers: list[Receiver]) -> None:
    hook = receiver(receivers, lambda n, b, h: (429, {"Retry-After": "1"}) if n == 1 else (204, {}))
    result = notify(db, "--webhook", hook.url, "--at", AT_TEXT, "--backoff", "0.01")
    assert result.returncode == 0, result.stderr
    (t1, *_), (t2, *_) = hook.requests
    assert t2 - t1 >= 1.0  # the server asked for one second; backoff alone would be 0.01 s


def test_retry_after_beyond_the_cap_ends_the_run(db: str, receivers: list[Receiver]) -> None:
    hook = receiver(receivers, lambda n, b, h: (503, {"Retry-After": "3600"}))
    result = notify(db, "--webhook", hook.url, "--at", AT_TEXT, "--max-retry-after", "30")
    assert result.returncode == 1
    assert len(hook.requests) == 1
    assert "Retry-After 3600 s" in result.stderr


def test_backoff_has_jitter(db: str, receivers: list[Receiver]) -> None:
    from certkit.monitor.notify import backoff_delay

    delays = {round(backoff_delay(3, 1.0, None), 6) for _ in range(50)}
    assert len(delays) > 10 and all(2.0 <= d <= 4.0 for d in delays)  # half of 4 s, plus jitter


def test_custom_headers_read_secrets(db: str, receivers: list[Receiver], tmp_path: Path) -> None:
    hook = receiver(receivers)
    token_file = tmp_path / "team"
    token_file.write_text("ops-team\n")
    result = notify(db, "--webhook", hook.url, "--at", AT_TEXT,
                    "--webhook-header", "Authorization: Bearer {env:HOOK_TOKEN}",
                    "--webhook-header", f"X-Team: {{file:{token_file}}}",
                    env={"HOOK_TOKEN": "tok-123"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    headers = hook.requests[0][2]
    assert headers["authorization"] == "Bearer tok-123"
    assert headers["x-team"] == "ops-team"
    assert "tok-123" not in result.stdout + result.stderr
    missing = notify(db, "--webhook", hook.url, "--webhook-header", "Authorization: {env:NOPE}")
    assert missing.returncode == 2 and "NOPE is not set" in missing.stderr
    bad = notify(db, "--webhook", hook.url, "--webhook-header", "no colon here")
    assert bad.returncode == 2


def test_json_alerts_carry_stable_ids(db: str, receivers: list[Receiver], fleet: Fleet) -> None:
    hook = receiver(receivers)
    assert notify(db, "--webhook", hook.url, "--at", AT_TEXT).returncode == 0
    body = hook.requests[0][3]
    assert body["delivery"] == "at-least-once"
    ids = {a["id"] for a in body["alerts"]}
    assert f"{fleet.sha['d5']}:critical" in ids and f"{fleet.sha['expired']}:expired" in ids
    assert all(a["redelivery"] is False for a in body["alerts"])


def test_slack_and_teams_bodies(db: str, receivers: list[Receiver], fleet: Fleet) -> None:
    slack, teams = receiver(receivers), receiver(receivers)
    assert notify(db, "--webhook", slack.url, "--format", "slack", "--at", AT_TEXT).returncode == 0
    assert notify(db, "--webhook", teams.url, "--format", "teams", "--at", AT_TEXT).returncode == 0
    s = slack.requests[0][3]
    assert "SYNDIC D5" in s["text"] and s["blocks"][0]["type"] == "header"
    assert any(f"id: {fleet.sha['d5']}:critical" in json.dumps(b) for b in s["blocks"])
    t = teams.requests[0][3]
    assert t["type"] == "message"
    card = t["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    texts = [b.get("text", "") for b in card["content"]["body"]]
    assert any("SYNDIC D5" in x for x in texts)


def test_alertmanager_v2_alerts_and_resolution(
    db: str, receivers: list[Receiver], fleet: Fleet
) -> None:
    am = receiver(receivers)
    base = am.url.rsplit("/hooks", 1)[0]
    assert (
        notify(db, "--webhook", base, "--format", "alertmanager", "--at", AT_TEXT).returncode == 0
    )
    _, path, _, body = am.requests[0]
    assert path == "/api/v2/alerts"
    assert isinstance(body, list) and len(body) == 5
    by_sha = {a["labels"]["sha256"]: a for a in body}
    d5 = by_sha[fleet.sha["d5"]]
    assert d5["labels"]["alertname"] == "CertkitCertificateCritical"
    assert d5["labels"]["severity"] == "critical"
    assert d5["annotations"]["alert_id"] == f"{fleet.sha['d5']}:critical"
    # Firing: it ends at the certificate's notAfter (or a few minutes ahead of the real clock when
    # --at looks back in time), never before it.
    ends = dt.datetime.fromisoformat(d5["endsAt"].replace("Z", "+00:00"))
    assert ends >= max(fleet.certs["d5"].not_valid_after_utc, dt.datetime.now(dt.UTC))
    # The new DNs get registered: the old certificate is no longer a warning; Alertmanager is
    # told its alert is resolved (endsAt now), other channels are lowered silently.
    done = run_certkit("monitor", "registered", fleet.sha["new_issuer_new"], "--db", db)
    assert done.returncode == 0, done.stderr
    assert (
        notify(db, "--webhook", base, "--format", "alertmanager", "--at", AT_TEXT).returncode == 0
    )
    (resolved,) = am.requests[1][3]
    assert resolved["labels"]["sha256"] == fleet.sha["new_issuer_old"]
    assert resolved["labels"]["alertname"] == "CertkitCertificateWarning"
    ends = dt.datetime.fromisoformat(resolved["endsAt"].replace("Z", "+00:00"))
    assert abs((ends - dt.datetime.now(dt.UTC)).total_seconds()) < 120


def test_no_resend_after_a_crash_once_acknowledged(
    db: str, receivers: list[Receiver], fleet: Fleet
) -> None:
    """Two alerts per request: the receiver acknowledges the first request, and holds the second
    until the test kills notify with SIGKILL. The next run sends neither the first request's
    alerts again (acknowledged, recorded) nor loses the second's: they come again, same ids,
    flagged as possible redeliveries, then the rest."""
    release = threading.Event()

    def respond(n: int, body: Any, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
        if n == 2:
            release.wait(60)
        return 204, {}

    hook = receiver(receivers, respond)
    process = subprocess.Popen(
        [CERTKIT, "monitor", "notify", "--db", str(db), "--webhook", hook.url, "--at", AT_TEXT,
         "--per-message", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(hook.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(hook.requests) == 2
    process.send_signal(signal.SIGKILL)
    process.wait()
    release.set()
    first = [a["id"] for a in hook.requests[0][3]["alerts"]]
    second = [a["id"] for a in hook.requests[1][3]["alerts"]]
    assert len(first) == len(second) == 2
    again = notify(db, "--webhook", hook.url, "--at", AT_TEXT, "--per-message", "2")
    assert again.returncode == 0, again.stderr
    later = [a for _, _, _, body in hook.requests[2:] for a in body["alerts"]]
    ids = [a["id"] for a in later]
    assert not set(ids) & set(first)  # acknowledged before the crash: never sent again
    assert ids[:2] == second  # in doubt: sent again, same ids ...
    assert [a["redelivery"] for a in later] == [True, True, False]  # ... flagged; then the rest
    assert len(set(first) | set(ids)) == len(ALERTED_AT)
    assert has_inventory(db)
