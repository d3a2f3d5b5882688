"""certkit monitor notify: a real HTTP server and a real SMTP server on 127.0.0.1.

Each threshold crossing is sent once; a failed delivery is not recorded and is sent again on the
next run; a webhook that fails twice then succeeds gets the alerts on the third attempt.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import run_certkit
from tests.test_monitor_support import (
    AT_TEXT,
    Fleet,
    backend,
    build_fleet,
    new_db,
    sql,
)

# At AT: expired, 5 days (critical), 20 and 50 days (warning), the renewal whose new issuer DN still
# has to be registered (warning). The renewal with the same DNs and the rest are ok.
ALERTED_AT = {"expired", "d5", "d20", "p12", "new_issuer_old"}

# Fixtures: the tests that use an inventory run on SQLite and on PostgreSQL.
__all__ = ["backend", "new_db"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("notify"))


@pytest.fixture
def db(fleet: Fleet, new_db: Callable[..., str]) -> str:
    path = new_db()
    run_certkit("monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", path)
    return path


class Hook:
    """A webhook receiver: answers ``failures`` times with 503, then 204; records every body."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.requests: list[dict[str, Any]] = []
        self.content_types: list[str] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                hook.requests.append(json.loads(self.rfile.read(length)))
                hook.content_types.append(self.headers["Content-Type"])
                failing = len(hook.requests) <= hook.failures
                self.send_response(503 if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/certs"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.close()


def alerted(body: dict[str, Any], fleet: Fleet) -> set[str]:
    names = {sha: name for name, sha in fleet.sha.items()}
    return {names[a["sha256"]] for a in body["alerts"]}


def notify(db: str, *args: str) -> Any:
    return run_certkit("monitor", "notify", "--db", db, "--backoff", "0.05", *args)


def test_webhook_sends_each_crossing_once(fleet: Fleet, db: str, hook: Hook) -> None:
    first = notify(db, "--webhook", hook.url, "--at", AT_TEXT)
    assert first.returncode == 0, first.stderr
    port = hook.server.server_address[1]
    # The webhook path (often a secret token) is never printed.
    assert first.stdout.strip() == f"webhook http://127.0.0.1:{port}/…: 5 alerts sent."
    assert len(hook.requests) == 1
    body = hook.requests[0]
    assert hook.content_types == ["application/json"]
    assert alerted(body, fleet) == ALERTED_AT
    by_sha = {a["sha256"]: a for a in body["alerts"]}
    d5 = by_sha[fleet.sha["d5"]]
    assert (d5["state"], d5["days_left"], d5["previous_state"]) == ("critical", 5, None)
    assert d5["action"]["code"] == "monitor.action.renew"
    assert "SYNDIC D5" in body["text"]
    assert body["at"] == AT_TEXT

    channels = {row[0] for row in sql(db, "SELECT channel FROM notifications")}
    assert len(channels) == 1 and "hooks" not in channels.pop()  # no token in the database

    # Same day again: nothing new, no request at all.
    again = notify(db, "--webhook", hook.url, "--at", AT_TEXT)
    assert again.returncode == 0
    assert "nothing new" in again.stdout
    assert len(hook.requests) == 1

    # 20 days later: d5 has expired, d20 became critical; the others did not cross a threshold
    # (the old certificate with a new issuer is capped at warning, the one renewed with the same
    # DNs has expired after its successor took over).
    later = notify(db, "--webhook", hook.url, "--at", "2026-06-21T00:00:00Z")
    assert later.returncode == 0, later.stderr
    assert len(hook.requests) == 2
    assert alerted(hook.requests[1], fleet) == {"d5", "d20"}
    states = {a["sha256"]: (a["previous_state"], a["state"]) for a in hook.requests[1]["alerts"]}
    assert states[fleet.sha["d5"]] == ("critical", "expired")
    assert states[fleet.sha["d20"]] == ("warning", "critical")


def test_webhook_that_fails_twice_then_succeeds(fleet: Fleet, db: str) -> None:
    flaky = Hook(failures=2)
    try:
        result = notify(db, "--webhook", flaky.url, "--at", AT_TEXT)
    finally:
        flaky.close()
    assert result.returncode == 0, result.stderr
    assert len(flaky.requests) == 3
    assert flaky.requests[0]["alerts"] == flaky.requests[2]["alerts"]
    assert alerted(flaky.requests[2], fleet) == ALERTED_AT


def test_failed_delivery_is_retried_on_the_next_run(fleet: Fleet, db: str, hook: Hook) -> None:
    down = Hook(failures=100)
    try:
        result = notify(db, "--webhook", down.url, "--at", AT_TEXT, "--attempts", "3")
    finally:
        down.close()
    assert result.returncode == 1
    assert len(down.requests) == 3
    port = down.server.server_address[1]
    assert result.stderr.strip() == (
        f"certkit: webhook http://127.0.0.1:{port}/…: failed after 3 attempts (HTTP 503); the "
        "alerts will be sent again on the next run."
    )
    assert "/hooks/certs" not in result.stderr
    # Nothing was recorded for that URL: once it works, it gets everything.
    retry = notify(db, "--webhook", down.url.replace(str(down.server.server_address[1]), "1"))
    assert retry.returncode == 1  # port 1: connection refused, still failing, still unrecorded
    ok = notify(db, "--webhook", hook.url, "--at", AT_TEXT)
    assert ok.returncode == 0
    assert alerted(hook.requests[0], fleet) == ALERTED_AT


def test_unreachable_webhook_is_one_line(db: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = notify(db, "--webhook", f"http://127.0.0.1:{port}/", "--attempts", "2")
    assert result.returncode == 1
    assert "failed after 2 attempts (ConnectError" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


def test_email_alerts_are_sent_once(
    fleet: Fleet, db: str, smtp: tuple[Mailbox, int], hook: Hook
) -> None:
    mailbox, port = smtp
    args = (
        "--smtp",
        f"127.0.0.1:{port}",
        "--mail-from",
        "certkit@syndic.test",
        "--mail-to",
        "it@syndic.test",
        "--mail-to",
        "boss@syndic.test",
        "--at",
        AT_TEXT,
    )
    result = notify(db, *args, "--webhook", hook.url)
    assert result.returncode == 0, result.stderr
    assert len(mailbox.messages) == 1
    sender, recipients, message = mailbox.messages[0]
    assert sender == "certkit@syndic.test"
    assert sorted(recipients) == ["boss@syndic.test", "it@syndic.test"]
    assert message["Subject"].startswith("[certkit] 5 certificate alerts")
    body = message.get_content()
    for name in ALERTED_AT:
        assert fleet.sha[name] in body
    assert "certkit Monitor CA Two" in body  # the issuer DN to register
    # Each channel keeps its own record: both got the alerts, neither gets them twice.
    assert len(hook.requests) == 1
    again = notify(db, *args, "--webhook", hook.url)
    assert again.returncode == 0
    assert len(mailbox.messages) == 1 and len(hook.requests) == 1


def test_email_in_french(db: str, smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    result = run_certkit(
        "monitor", "notify", "--db", db, "--smtp", f"127.0.0.1:{port}",
        "--mail-from", "a@b.test", "--mail-to", "c@d.test", "--at", AT_TEXT,
        env={"LANG": "fr_FR.UTF-8"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "5 alertes envoyées" in result.stdout
    message = mailbox.messages[0][2]
    assert message["Subject"].startswith("[certkit] 5 certificats à surveiller")
    assert "[expiré]" in message.get_content()


def test_notify_needs_a_channel(db: str) -> None:
    result = run_certkit("monitor", "notify", "--db", db)
    assert result.returncode == 2
    assert "no notification channel" in result.stderr
    bad = run_certkit("monitor", "notify", "--db", db, "--smtp", "nohost")
    assert bad.returncode == 2 and "--smtp nohost: expected HOST:PORT" in bad.stderr


def test_smtp_down_then_up(db: str, smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    mail = ("--mail-from", "a@b.test", "--mail-to", "c@d.test", "--at", AT_TEXT)
    down = notify(db, "--smtp", f"127.0.0.1:{closed}", *mail)
    assert down.returncode == 1
    assert down.stderr.startswith(f"certkit: SMTP server 127.0.0.1:{closed}: cannot send (")
    assert len(down.stderr.strip().splitlines()) == 1
    # Same recipients, working server: the alerts were not recorded as sent, so they go now.
    up = certkit_json_notify(db, "--smtp", f"127.0.0.1:{port}", *mail)
    # Connection refused: certainly not delivered, so the alerts are not flagged as redeliveries.
    expected = {"channel": "e-mail c@d.test", "sent": 5, "resolved": 0, "redelivered": 0}
    assert up == {"schema_version": 1, "channels": [{**expected, "error": None}]}
    assert len(mailbox.messages) == 1


def certkit_json_notify(db: str, *args: str) -> Any:
    result = notify(db, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
