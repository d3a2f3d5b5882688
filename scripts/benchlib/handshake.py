"""Issue 6 figures: full mutual-TLS handshakes per second, requests included.

One sequential client (pyOpenSSL, the same code for both servers) opens a new TCP connection,
does a full TLS 1.3 handshake (no resumption, EC P-256 certificates and key exchange) presenting a
client certificate, sends ``GET /`` and reads the answer, then closes — in a loop. Servers:

- certkit's platform (``certkit platform serve`` subprocess, accounts file, access log to a file);
- the reference: nginx with ``ssl_verify_client on`` (same certificates, same trusted CAs, access
  log to a file), installed from Debian packages when missing; without it the section reports the
  platform's rate alone and says why.

Target: the platform reaches at least 60% of nginx's rate. A last round runs the same loop while
256 idle TCP connections (that never send a byte) are held open against each server: connections
that wait must not slow down the clients that talk (target: the platform keeps ≥ 80% of its rate).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import time
from pathlib import Path

from benchlib.common import Context, Figure, certkit_bin

SECTION = "handshake"
SIREN = "732829320"


def _pki(workdir: Path) -> dict[str, Path]:
    """A test CA, a registered client certificate and a server certificate (cached on disk)."""
    from certkit.testca import TestCA

    ca_dir = workdir / "ca"
    ca = TestCA.open(ca_dir) if (ca_dir / "certkit-ca.json").exists() else None
    if ca is None:
        shutil.rmtree(ca_dir, ignore_errors=True)
        ca = TestCA.init(ca_dir, name="Bench CA")
    files = {
        "client": workdir / "client.pem",
        "client_key": workdir / "client.key",
        "server": workdir / "server.pem",
        "server_key": workdir / "server.key",
        "server_fullchain": workdir / "server-fullchain.pem",
        "client_cas": workdir / "client-cas.pem",
        "root": ca.root_path,
        "accounts": workdir / "accounts.toml",
    }
    if not all(p.exists() for p in files.values()):
        ca.issue("rgs1-server-client", SIREN, cn="Syndic Bench", out=workdir / "client", force=True)
        server = ca.issue_server(out=workdir / "server", force=True)
        intermediates = [c for c in server.chain if c.subject != c.issuer]
        from cryptography.hazmat.primitives.serialization import Encoding

        files["server_fullchain"].write_bytes(
            server.cert_pem() + b"".join(c.public_bytes(Encoding.PEM) for c in intermediates)
        )
        files["client_cas"].write_bytes(b"".join(c.public_bytes(Encoding.PEM) for c in ca.chain))
        files["accounts"].unlink(missing_ok=True)
        subprocess.run(
            [
                certkit_bin(),
                "platform",
                "register",
                str(files["accounts"]),
                "--siren",
                SIREN,
                "--slot",
                "1",
                "--cert",
                str(files["client"]),
            ],
            check=True,
            capture_output=True,
        )
    return files


def _client(files: dict[str, Path]):  # type: ignore[no-untyped-def]
    """A pyOpenSSL client context: TLS 1.3 only, P-256 key exchange, the client certificate."""
    from OpenSSL import SSL

    context = SSL.Context(SSL.TLS_CLIENT_METHOD)
    context.set_min_proto_version(SSL.TLS1_3_VERSION)
    context.set_max_proto_version(SSL.TLS1_3_VERSION)
    context.set_tmp_ecdh(_p256())
    context.use_certificate_file(str(files["client"]))
    context.use_privatekey_file(str(files["client_key"]))
    context.load_verify_locations(str(files["root"]))
    context.set_verify(SSL.VERIFY_PEER)
    context.set_session_cache_mode(SSL.SESS_CACHE_OFF)
    return context


def _p256():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.SECP256R1()


def _one(context, port: int) -> int:  # type: ignore[no-untyped-def]
    from OpenSSL import SSL

    sock = socket.create_connection(("127.0.0.1", port))
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = SSL.Connection(context, sock)
        conn.set_tlsext_host_name(b"localhost")
        conn.set_connect_state()
        conn.do_handshake()
        conn.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except (SSL.ZeroReturnError, SSL.SysCallError):
                break
            if not chunk:
                break
            data += chunk
        status = int(data.split(b" ", 2)[1])
        return status
    finally:
        sock.close()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its children processes (nginx's worker)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    for one in pids:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _rate(context, port: int, seconds: float, pid: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Handshakes per second, and the server's CPU milliseconds per handshake."""
    for _ in range(20):  # warm up
        assert _one(context, port) == 200
    count = 0
    cpu_before = _cpu_seconds(pid)
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        status = _one(context, port)
        if status != 200:
            raise RuntimeError(f"unexpected HTTP status {status}")
        count += 1
    elapsed = time.perf_counter() - start
    cpu_ms = (_cpu_seconds(pid) - cpu_before) * 1000 / count
    return count / elapsed, cpu_ms


IDLE = 256


def _rate_with_idle(context, port: int, seconds: float, pid: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """:func:`_rate` while :data:`IDLE` connections that send nothing are held open."""
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(IDLE)]
    try:
        time.sleep(0.3)  # let the server take them all
        return _rate(context, port, seconds, pid)
    finally:
        for sock in idle:
            sock.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def _nginx_binary(notes: list[str]) -> str | None:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        notes.append("nginx missing and cannot be installed here (needs root and apt-get)")
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "nginx-light"],
    ):
        result = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            notes.append(
                f"nginx could not be installed: {' '.join(argv)}: {result.stderr.strip()[-200:]}"
            )
            return None
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _start_nginx(
    binary: str, files: dict[str, Path], workdir: Path
) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {workdir}/nginx-tmp;
    tcp_nodelay on;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {files["server_fullchain"]};
        ssl_certificate_key {files["server_key"]};
        ssl_client_certificate {files["client_cas"]};
        ssl_verify_client on;
        ssl_verify_depth 3;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_tickets off;
        ssl_session_cache off;
        location / {{
            default_type application/json;
            return 200 '{{"status":"authorised","subject":"$ssl_client_s_dn"}}\\n';
        }}
    }}
}}
"""
    )
    (workdir / "nginx-tmp").mkdir(exist_ok=True)
    process = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(workdir), "-e", str(workdir / "nginx-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_port(port)
    return process, port


def _start_platform(files: dict[str, Path], workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    process = subprocess.Popen(
        [
            certkit_bin(),
            "platform",
            "serve",
            "--port",
            "0",
            "--cert",
            str(files["server_fullchain"]),
            "--key",
            str(files["server_key"]),
            "--trust",
            str(files["client_cas"]),
            "--accounts",
            str(files["accounts"]),
            "--access-log",
            str(workdir / "platform-access.log"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    line = process.stdout.readline().decode()
    match = re.search(r"https://127\.0\.0\.1:(\d+)", line)
    if not match:
        process.kill()
        raise RuntimeError(f"certkit platform did not start: {line!r}")
    return process, int(match.group(1))


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


def bench(ctx: Context) -> list[Figure]:
    files = _pki(ctx.workdir)
    context = _client(files)
    seconds = 1.5 if ctx.quick else 3.0
    rounds = 1 if ctx.quick else 5
    notes: list[str] = []
    nginx = _nginx_binary(notes)
    platform_rates: list[float] = []
    nginx_rates: list[float] = []
    platform_cpu: list[float] = []
    nginx_cpu: list[float] = []
    platform, platform_port = _start_platform(files, ctx.workdir)
    nginx_process = None
    try:
        if nginx is not None:
            nginx_process, nginx_port = _start_nginx(nginx, files, ctx.workdir)
        for _ in range(rounds):  # interleaved, so machine noise hits both alike
            if nginx_process is not None:
                rate, cpu = _rate(context, nginx_port, seconds, nginx_process.pid)
                nginx_rates.append(rate)
                nginx_cpu.append(cpu)
            rate, cpu = _rate(context, platform_port, seconds, platform.pid)
            platform_rates.append(rate)
            platform_cpu.append(cpu)
        idle_platform = _rate_with_idle(context, platform_port, seconds, platform.pid)[0]
        idle_nginx = None
        if nginx_process is not None:
            idle_nginx = _rate_with_idle(context, nginx_port, seconds, nginx_process.pid)[0]
    finally:
        _stop(platform)
        if nginx_process is not None:
            _stop(nginx_process)
    value = statistics.median(platform_rates)
    reference = statistics.median(nginx_rates) if nginx_rates else None
    notes.append(
        f"one sequential pyOpenSSL client, TLS 1.3, P-256, GET / each time; {rounds} round(s) of "
        f"{seconds:g} s per server, median"
    )
    return [
        Figure(
            section=SECTION,
            name="certkit platform: full mTLS handshakes + GET per second",
            value=value,
            unit="handshakes/s",
            reference_name="nginx ssl_verify_client on" if reference else None,
            reference_value=reference,
            target="≥ 0.60× nginx",
            met=None if reference is None else value / reference >= 0.60,
            notes=notes,
        ),
        Figure(
            section=SECTION,
            name="certkit platform: server CPU per handshake + GET",
            value=statistics.median(platform_cpu),
            unit="ms",
            reference_name="nginx ssl_verify_client on" if nginx_cpu else None,
            reference_value=statistics.median(nginx_cpu) if nginx_cpu else None,
            notes=[
                "user+system CPU of the server process(es) over the timed loop, per handshake; "
                "less sensitive than the rate to other load on the machine"
            ],
        ),
        Figure(
            section=SECTION,
            name=f"certkit platform: handshakes + GET per second with {IDLE} idle connections open",
            value=idle_platform,
            unit="handshakes/s",
            reference_name=f"nginx with {IDLE} idle connections" if idle_nginx else None,
            reference_value=idle_nginx,
            target="≥ 80% of the platform's rate without them",
            met=idle_platform >= 0.8 * value,
            notes=[
                f"one round of {seconds:g} s each; without them the platform ran {value:.0f}/s "
                f"(ratio {idle_platform / value:.2f})"
            ],
        ),
    ]
