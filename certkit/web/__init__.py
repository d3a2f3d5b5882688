"""certkit on the web: a page for syndics, a page for registry administrators, and a JSON API.

``create_app(...)`` returns an ASGI application (Starlette) for any ASGI server — uvicorn through
``certkit web``, or gunicorn/hypercorn behind a reverse proxy::

    uvicorn --factory 'certkit.web:create_app' --host 127.0.0.1 --port 8080

Every answer comes from :mod:`certkit.app`, the layer the command line uses too: the API's JSON is
the CLI's ``--json`` for the same file, byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from certkit.web.settings import WebSettings

__all__ = ["create_app"]


def create_app(settings: WebSettings | None = None, **options: Any) -> Starlette:
    """The ASGI application; ``options`` are :class:`certkit.web.settings.WebSettings` fields
    (``profile``, ``catalogues``, ``trust``, ``fetch_aia``, ``timeout``,
    ``accept_private_keys``, ``root_path``)."""
    from certkit.web.app import build_app
    from certkit.web.settings import WebSettings

    return build_app(settings or WebSettings(**options))
