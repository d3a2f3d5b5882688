"""Running the web application with uvicorn (``certkit web``), and its request log.

Several worker processes (``--workers N``) each build the application from the settings passed
in the environment (``CERTKIT_WEB_SETTINGS``), as uvicorn's ``factory`` mode wants.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit.web.settings import WebSettings

if TYPE_CHECKING:
    from starlette.applications import Starlette

SETTINGS_ENV = "CERTKIT_WEB_SETTINGS"
LOG_FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "verdict",
    "upload_bytes",
    "response_bytes",
    "duration_ms",
)


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class JsonLines(logging.Formatter):
    """One JSON object per request: what happened, never what was uploaded."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {"time": self.formatTime(record), "level": record.levelname}
        if record.getMessage() == "request":
            data.update({k: getattr(record, k, None) for k in LOG_FIELDS})
        else:
            data["message"] = record.getMessage()
        return json.dumps(data, ensure_ascii=False)


def configure_logging(level: str = "info") -> None:
    logger = logging.getLogger("certkit.web")
    if not any(getattr(h, "_certkit", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        handler._certkit = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


def settings_to_env(settings: WebSettings) -> str:
    data = asdict(settings)
    data["catalogues"] = [str(p) for p in settings.catalogues]
    data["trust"] = [str(p) for p in settings.trust]
    return json.dumps(data)


def settings_from_env() -> WebSettings:
    data = json.loads(os.environ.get(SETTINGS_ENV, "{}"))
    data["catalogues"] = tuple(Path(p) for p in data.get("catalogues", ()))
    data["trust"] = tuple(Path(p) for p in data.get("trust", ()))
    return WebSettings(**data)


def app_from_environment() -> Starlette:
    """uvicorn's factory for worker processes: the app for ``CERTKIT_WEB_SETTINGS``."""
    from certkit.web import create_app

    configure_logging(os.environ.get("CERTKIT_WEB_LOG_LEVEL", "info"))
    return create_app(settings_from_env())


def serve(
    settings: WebSettings,
    host: str,
    port: int,
    workers: int,
    on_listening: Callable[[str], None],
    log_level: str = "info",
) -> None:
    """Serve until interrupted; ``on_listening(url)`` once the socket is bound (the real port
    when ``port`` is 0)."""
    import uvicorn

    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "root_path": settings.root_path,
        "access_log": False,  # certkit.web logs each request itself, without client addresses
        "log_level": "warning",
        "server_header": False,
        "proxy_headers": True,
        "timeout_keep_alive": 5,
        "h11_max_incomplete_event_size": 64 * 1024,
    }
    if workers > 1:
        from uvicorn.supervisors.multiprocess import Multiprocess

        from certkit.web.service import WebService

        WebService(settings)  # a bad profile or catalogue stops here, not in every worker
        os.environ[SETTINGS_ENV] = settings_to_env(settings)
        os.environ["CERTKIT_WEB_LOG_LEVEL"] = log_level
        config = uvicorn.Config(
            "certkit.web.server:app_from_environment", factory=True, workers=workers, **common
        )
        sock = config.bind_socket()  # bound here, shared by the workers: port 0 works too
        sock.listen(config.backlog)  # connections wait in the queue while the workers start
        on_listening(_url(host, int(sock.getsockname()[1]), settings.root_path))
        import inspect

        extra: dict[str, Any] = {}
        if "target" in inspect.signature(Multiprocess).parameters:  # uvicorn before 0.36
            extra["target"] = uvicorn.Server(config).run
        Multiprocess(config, sockets=[sock], **extra).run()
        return
    from certkit.web import create_app

    configure_logging(log_level)
    config = uvicorn.Config(create_app(settings), **common)
    server = uvicorn.Server(config)
    startup = server.startup

    async def announce(sockets: Any = None) -> None:
        await startup(sockets=sockets)
        bound = [s.getsockname() for srv in server.servers for s in srv.sockets]
        if bound:
            on_listening(_url(host, int(bound[0][1]), settings.root_path))

    server.startup = announce  # type: ignore[method-assign]
    server.run()


def _url(host: str, port: int, root_path: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{root_path.rstrip('/')}/"
