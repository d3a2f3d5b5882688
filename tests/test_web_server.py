"""``certkit web`` for real: uvicorn on 127.0.0.1, HTTP/1.1 from httpx and raw sockets."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from certkit.testca import TestCA
from tests.helpers import run_certkit
from tests.test_web_browser import Server, start_server, stop


@pytest.fixture(scope="module")
def pem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("web-server")
    issued = TestCA.init(base / "ca").issue("rgs1-server-client", "732829320", out=base / "syndic")
    assert issued.cert_path is not None
    return issued.cert_path


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start_server()
    yield running
    stop(running)


def test_check_over_http(server: Server, pem: Path) -> None:
    answer = httpx.post(
        f"{server.url}/api/v1/check",
        files={"file": (pem.name, pem.read_bytes())},
        data={"profile": "registre-coproprietes-test"},
        headers={"accept-language": "en"},
    )
    assert answer.status_code == 200
    assert answer.json()["verdict"] == "warn"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "server" not in answer.headers  # no server banner
    assert httpx.get(f"{server.url}/api/v1/healthz").json()["status"] == "ok"


def test_an_oversized_body_is_refused_before_it_is_read(server: Server) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            b"Content-Length: 104857600\r\n\r\n--b\r\n"
        )
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += sock.recv(65536)
        head, _, body_bytes = reply.partition(b"\r\n\r\n")
        length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))  # type: ignore[union-attr]
        while len(body_bytes) < length:
            body_bytes += sock.recv(65536)
    assert head.split(b"\r\n", 1)[0].split(b" ")[1] == b"413"
    body = json.loads(body_bytes)
    assert body["error"]["code"] == "web.too_large"


def test_streamed_body_stops_at_the_limit(server: Server) -> None:
    """Without a Content-Length (chunked), the server reads up to its limit, then answers 413."""

    def chunks() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.pem"\r\n\r\n'
        for _ in range(400):  # 400 × 64 KiB = 25 MiB: far past the 2 MiB limit
            yield b"A" * 65536

    answer = httpx.post(
        f"{server.url}/api/v1/check",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "web.field_too_large"


def test_root_path_and_workers(pem: Path) -> None:
    behind = start_server("--root-path", "/certkit", "--workers", "2")
    try:
        assert behind.url.endswith("/certkit")
        host = behind.url.removesuffix("/certkit")
        page = httpx.get(f"{host}/")
        assert 'href="/certkit/static/style.css"' in page.text
        answer = httpx.post(f"{host}/api/v1/inspect", files={"file": (pem.name, pem.read_bytes())})
        assert answer.json()["format"] == "pem"
    finally:
        stop(behind)


def test_bad_options_are_one_line_exit_2() -> None:
    result = run_certkit("web", "--profile", "nope", "--port", "0")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nope" in result.stderr
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        taken = run_certkit("web", "--port", str(busy.getsockname()[1]), timeout=20)
        assert taken.returncode != 0
        assert "Traceback" not in taken.stderr
    finally:
        busy.close()


def test_public_address_refuses_keys_and_says_so(pem: Path) -> None:
    public = start_server("--host", "0.0.0.0")
    try:
        assert public.process.stderr is not None
        rule = public.process.stderr.readline().decode()  # the line after the address
        assert "private key are refused" in rule and "--accept-private-keys" in rule
        key = pem.with_suffix(".key").read_bytes()
        answer = httpx.post(
            public.url.replace("0.0.0.0", "127.0.0.1") + "/api/v1/check",
            files={"file": ("with-key.pem", pem.read_bytes() + key)},
        )
        assert answer.status_code == 422
        assert answer.json()["error"]["code"] == "web.keys_refused"
    finally:
        stop(public)
