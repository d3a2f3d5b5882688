"""A tiny HTTP front for a :class:`~certkit.testca.TestCA`: OCSP, CRL and issuer certificate.

:func:`handle` is a pure request → response function another server (the mock platform) can mount;
:class:`OcspResponder` serves it on 127.0.0.1 from a background thread for tests and demos.

Routes (the URLs written into the leaves' AIA and CRL distribution point extensions):
``POST /ocsp`` (body: DER OCSPRequest), ``GET /ocsp/<base64 request>`` (RFC 6960 §A.1),
``GET /crl.der``, ``GET /crl.pem``, ``GET /issuer.der``, ``GET /root.der``.
"""

from __future__ import annotations

import base64
import binascii
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certkit.testca import TestCA

OCSP_RESPONSE = "application/ocsp-response"


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    """What to send back: a status code, a content type and the body."""

    status: int
    content_type: str
    body: bytes


def handle(ca: TestCA, method: str, path: str, body: bytes = b"") -> HttpAnswer:
    """Answer one HTTP request about ``ca`` (OCSP, CRL, issuer certificate)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    route = urllib.parse.urlsplit(path).path.rstrip("/")
    if method == "POST" and route == "/ocsp":
        return HttpAnswer(200, OCSP_RESPONSE, ca.ocsp_response(body))
    if method == "GET" and route.startswith("/ocsp/"):
        encoded = urllib.parse.unquote(route[len("/ocsp/") :])
        try:
            request = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=False)
        except (binascii.Error, ValueError):
            request = b""
        return HttpAnswer(200, OCSP_RESPONSE, ca.ocsp_response(request))
    if method == "GET" and route == "/crl.der":
        return HttpAnswer(200, "application/pkix-crl", ca.crl().public_bytes(Encoding.DER))
    if method == "GET" and route == "/crl.pem":
        return HttpAnswer(200, "application/x-pem-file", ca.crl().public_bytes(Encoding.PEM))
    if method == "GET" and route == "/issuer.der":
        cert = ca.issuer_certificate.public_bytes(Encoding.DER)
        return HttpAnswer(200, "application/pkix-cert", cert)
    if method == "GET" and route == "/root.der":
        return HttpAnswer(200, "application/pkix-cert", ca.root.public_bytes(Encoding.DER))
    return HttpAnswer(404, "text/plain", b"not found\n")


class OcspResponder:
    """Serve :func:`handle` for ``ca`` on ``host:port`` (port 0 = any free port) in a thread.

    Use as a context manager: ``with ca.responder() as responder: responder.url``.
    """

    def __init__(self, ca: TestCA, host: str = "127.0.0.1", port: int = 0) -> None:
        self.ca = ca
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                try:
                    with lock:
                        answer = handle(ca, method, self.path, body)
                except Exception as exc:  # a broken request must not kill the responder
                    message = f"{type(exc).__name__}: {exc}\n".encode()
                    answer = HttpAnswer(500, "text/plain", message)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def log_message(self, format: str, *args: Any) -> None:
                return

        try:
            self._server = ThreadingHTTPServer((host, port), Handler)
        except OSError as exc:
            from certkit.errors import InputError, os_reason

            raise InputError(
                "testca.port_unavailable", host=host, port=port, reason=os_reason(exc)
            ) from None
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:41234``; OCSP is at ``url + "/ocsp"``."""
        host = self._server.server_address[0]
        return f"http://{host!s}:{self.port}"

    def start(self) -> OcspResponder:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="certkit-ocsp", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OcspResponder:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
