"""Issue 13 figures: ``POST /api/v1/check`` of one PEM over HTTP/1.1 keep-alive.

One uvicorn server process serves certkit's application (``certkit.web.create_app``, AIA fetching
off, the test CA's root and issuing CA trusted, as the bundled trusted-list store holds issuing
CAs) plus one trivial route that reads
the same multipart body with the same reader and answers ``{}`` — the framework's floor, in the
same process, measured in the same run. A client of 16 concurrent keep-alive connections (one
asyncio process, raw sockets) sends the requests and times each one.

Targets: the check reaches at least 50 % of the floor's rate; p99 latency ≤ 50 ms; the server's
RSS stays within ±10 % over 20,000 requests (measured after a warm-up).
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchlib.common import Context, Figure

SECTION = "web"
CLIENTS = 16
BOUNDARY = b"certkitbench"

SERVER = r"""
import sys
import uvicorn
from pathlib import Path
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from certkit.web import create_app
from certkit.web.uploads import CERTIFICATE_LIMIT, read_multipart

app = create_app(trust=(Path(sys.argv[2]),), fetch_aia=False)

async def floor(request: Request) -> JSONResponse:
    form = await read_multipart(
        request.headers.get("content-type", ""),
        request.headers.get("content-length"),
        request.stream(),
        {"file": CERTIFICATE_LIMIT},
    )
    return JSONResponse({"parts": len(form.parts)})

app.router.routes.insert(0, Route("/bench/floor", floor, methods=["POST"]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pem(workdir: Path) -> tuple[bytes, Path]:
    """A syndic's PEM with its intermediate, and the root to trust (made once, kept on disk)."""
    from certkit.testca import TestCA

    ca_dir = workdir / "web-ca"
    ca = TestCA.open(ca_dir) if (ca_dir / "certkit-ca.json").exists() else TestCA.init(ca_dir)
    pem = workdir / "web-syndic.pem"
    if not pem.exists():
        issued = ca.issue("rgs1-server-client", "732829320", out=workdir / "web-syndic", force=True)
        pem.write_bytes(issued.cert_pem())
    return pem.read_bytes(), ca.chain_path


def _request(path: bytes, pem: bytes) -> bytes:
    body = (
        b"--"
        + BOUNDARY
        + b'\r\nContent-Disposition: form-data; name="file"; filename="syndic.pem"\r\n'
        b"Content-Type: application/x-pem-file\r\n\r\n" + pem + b"\r\n"
        b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="profile"\r\n\r\n'
        b"registre-coproprietes-test\r\n--" + BOUNDARY + b"--\r\n"
    )
    head = (
        b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=" + BOUNDARY + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    return head + body


async def _client(port: int, request: bytes, count: int, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        for _ in range(count):
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(head.split(b"\r\n", 1)[0].decode())
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def _load(port: int, request: bytes, total: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    per_client = max(1, total // CLIENTS)
    started = time.perf_counter()
    await asyncio.gather(*(_client(port, request, per_client, latencies) for _ in range(CLIENTS)))
    return len(latencies) / (time.perf_counter() - started), latencies


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bench(ctx: Context) -> list[Figure]:
    pem, root = _pem(ctx.workdir)
    port = _free_port()
    script = ctx.workdir / "web_bench_server.py"
    script.write_text(SERVER)
    server = subprocess.Popen(
        [sys.executable, str(script), str(port), str(root)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        check = _request(b"/api/v1/check", pem)
        floor = _request(b"/bench/floor", pem)
        # Long enough for the per-process caches (4,096 entries each) to reach their cap.
        warm = 400 if ctx.quick else 6000
        total = 1600 if ctx.quick else 20000
        asyncio.run(_load(port, check, warm))  # warm-up: imports, caches, allocator
        asyncio.run(_load(port, floor, warm // 4))
        rss_before = _rss_kib(server.pid)
        # Interleaved rounds, so that the machine's noise hits both alike.
        rounds = 3
        check_rates: list[float] = []
        floor_rates: list[float] = []
        latencies: list[float] = []
        for _ in range(rounds):
            rate, lat = asyncio.run(_load(port, check, total // rounds))
            check_rates.append(rate)
            latencies.extend(lat)
            floor_rate, _ = asyncio.run(_load(port, floor, total // (rounds * 2)))
            floor_rates.append(floor_rate)
        rss_after = _rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    check_rate = statistics.median(check_rates)
    floor_rate = statistics.median(floor_rates)
    p50 = _percentile(latencies, 0.50) * 1000
    p99 = _percentile(latencies, 0.99) * 1000
    drift = (rss_after - rss_before) / rss_before if rss_before else 0.0
    note = f"{CLIENTS} keep-alive clients, {len(latencies):,} checks in {rounds} rounds"
    return [
        Figure(
            SECTION,
            "POST /api/v1/check (one PEM)",
            check_rate,
            "requests/s",
            "same server, a route that only reads the multipart body",
            floor_rate,
            target="≥ 50 % of the floor's rate",
            met=check_rate >= 0.5 * floor_rate,
            notes=[note, "rounds: " + ", ".join(f"{r:,.0f}" for r in check_rates)],
        ),
        Figure(SECTION, "check latency p50", p50, "ms"),
        Figure(SECTION, "check latency p99", p99, "ms", target="≤ 50 ms", met=p99 <= 50),
        Figure(
            SECTION,
            "server RSS drift over the checks",
            drift * 100,
            "%",
            target="within ±10 %",
            met=abs(drift) <= 0.10,
            notes=[
                f"RSS {rss_before / 1024:.1f} MiB after warm-up, {rss_after / 1024:.1f} MiB after"
            ],
        ),
    ]
