"""The ASGI application: routes, security headers, logs, languages, errors.

Starlette rather than FastAPI: the API's bodies are already defined — they are the command
line's ``--json`` documents, built by :mod:`certkit.app` — so request/response models would
restate that contract a second time; uploads must be read as a stream, in memory and within a
limit, which Starlette lets us do directly (its own form parser, like FastAPI's, spools files to
disk); and it is the smaller dependency with the lower per-request cost. The OpenAPI document is
written from the same JSON Schemas the command line ships (:mod:`certkit.web.openapi`).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from certkit import __version__
from certkit.errors import CertkitError, InputError
from certkit.i18n import LANGUAGES, t
from certkit.web import views
from certkit.web.service import KeysRefused, WebService
from certkit.web.uploads import UploadError, read_json, read_multipart

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from certkit.web.settings import WebSettings

log = logging.getLogger("certkit.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# Swagger UI sets inline styles on its elements.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
API = "/api/v1"


def request_lang(request: Request) -> str:
    """``?lang=fr|en``, else the browser's first preferred language among French and English
    (``Accept-Language``), else French: the page is for French syndics."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    header = request.headers.get("accept-language", "")
    best: tuple[float, int, str] | None = None
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality <= 0:
            continue
        candidate = (-quality, position, primary)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best is not None else "fr"


class Guard:
    """Outermost middleware: a request id, security headers on every answer (a CSP with no
    inline script), one log line per request — route, status, verdict, size, duration, never a
    file's content, a DN or a password — and no traceback ever sent to a client."""

    def __init__(self, app: ASGIApp, on_error: Callable[[Request], Response]) -> None:
        self.app = app
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = secrets.token_hex(8)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = [0]
        size = [0]
        path = scope.get("path", "")
        csp = (DOCS_CSP if path.startswith("/docs") else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                headers.append((b"content-security-policy", csp))
                headers.append((b"x-request-id", request_id.encode()))
                if not any(k == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            elif message["type"] == "http.response.body":
                size[0] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            log.error(
                "internal error %s in %s: %s", request_id, path, type(exc).__name__, exc_info=True
            )
            if status[0]:  # the answer has begun: nothing more can be said
                raise
            await self.on_error(Request(scope, receive))(scope, receive, send_with_headers)
        finally:
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "route": state.get("route", "-"),
                    "status": status[0],
                    "verdict": state.get("verdict"),
                    "upload_bytes": state.get("upload_bytes", 0),
                    "response_bytes": size[0],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )


def build_app(settings: WebSettings) -> Starlette:
    """The certkit web application for ``settings`` (catalogue and CA store loaded now)."""
    service = WebService(settings)
    pages = Pages(service)
    api = Api(service)
    static = StaticFiles(packages=[("certkit.web", "static")])
    routes = [
        Route("/", pages.index, methods=["GET"]),
        Route("/", pages.check, methods=["POST"]),
        Route("/dn-match", pages.dn_match_form, methods=["GET"]),
        Route("/dn-match", pages.dn_match, methods=["POST"]),
        Route("/favicon.ico", _favicon, methods=["GET"]),
        Mount("/static", static, name="static"),
        Route("/openapi.json", api.openapi, methods=["GET"]),
        Route("/docs", pages.docs, methods=["GET"]),
        Route("/docs/init.js", pages.docs_init, methods=["GET"]),
        Mount("/docs/assets", _swagger_assets(), name="docs-assets"),
        Route(f"{API}/healthz", api.healthz, methods=["GET"]),
        Route(f"{API}/checks", api.checks, methods=["GET"]),
        Route(f"{API}/profiles", api.profiles, methods=["GET"]),
        Route(f"{API}/check", api.check, methods=["POST"]),
        Route(f"{API}/inspect", api.inspect, methods=["POST"]),
        Route(f"{API}/registration", api.registration, methods=["POST"]),
        Route(f"{API}/dn-match", api.dn_match, methods=["POST"]),
        Route(f"{API}/dn-match/batch", api.dn_match_batch, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, on_error=pages.internal_error)],
        exception_handlers={HTTPException: _http_error},
    )
    app.state.service = service
    app.state.pages = pages
    return app


def _swagger_assets() -> StaticFiles:
    import swagger_ui_bundle

    return StaticFiles(directory=swagger_ui_bundle.swagger_ui_path)


async def _favicon(request: Request) -> Response:
    from importlib.resources import files

    data = (files("certkit.web") / "static" / "favicon.ico").read_bytes()
    return Response(data, media_type="image/x-icon", headers={"cache-control": "max-age=86400"})


def error_body(code: str, message: str) -> dict[str, Any]:
    """The error object, as the command line prints it with --json."""
    from certkit.render import with_schema_version

    result: dict[str, Any] = with_schema_version({"error": {"code": code, "message": message}})
    return result


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API) or request.url.path == "/openapi.json"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    lang = request_lang(request)
    code = {404: "web.not_found", 405: "web.method_not_allowed"}.get(
        exc.status_code, "web.bad_request"
    )
    headers = dict(exc.headers or {})  # 405 carries Allow (RFC 9110 §15.5.6)
    if _wants_json(request):
        return JSONResponse(
            error_body(code, t(code, lang)), status_code=exc.status_code, headers=headers
        )
    pages: Pages = request.app.state.pages
    answer = pages.error_page(request, lang, t(code, lang), exc.status_code)
    answer.headers.update(headers)
    return answer


def _route(request: Request, name: str) -> None:
    request.scope.setdefault("state", {})["route"] = name


def _note(request: Request, **values: Any) -> None:
    request.scope.setdefault("state", {}).update(values)


async def _multipart(request: Request, limits: dict[str, int]) -> Any:
    form = await read_multipart(
        request.headers.get("content-type", ""),
        request.headers.get("content-length"),
        request.stream(),
        limits,
    )
    # The size of what was uploaded (files, pasted PEM), never of a password or a typed DN.
    uploaded = (p for p in form.parts if p.filename is not None or p.name == "pem")
    _note(request, upload_bytes=sum(len(p.data) for p in uploaded))
    return form


def _upload(form: Any) -> tuple[str, bytes]:
    """The certificate of a form: its ``file``, else the ``pem`` pasted as text."""
    found = form.file("file")
    if found is not None:
        return found  # type: ignore[no-any-return]
    pasted = form.text("pem")
    if pasted:
        return "certificat-colle.pem", pasted.encode("utf-8")
    raise InputError("web.no_file")


class Api:
    """``/api/v1``: the command line's JSON documents over HTTP."""

    def __init__(self, service: WebService) -> None:
        self.service = service

    def _limits(self) -> dict[str, int]:
        return {"file": self.service.settings.certificate_limit}

    async def _run(
        self, request: Request, name: str, work: Callable[[Any, str], Awaitable[Any]]
    ) -> Response:
        """Read the form, run ``work(form, lang)``, answer its JSON document or the error in
        the request's language."""
        from certkit.app.common import json_document

        _route(request, name)
        lang = request_lang(request)
        try:
            form = await self._read(request)
            data = await work(form, lang)
        except UploadError as exc:
            return _json_error(exc.status, exc.code, t(exc.code, lang, **exc.params))
        except CertkitError as exc:
            status = 422 if isinstance(exc, InputError) else 500
            return _json_error(status, exc.code, exc.message(lang))
        if isinstance(data, dict) and "verdict" in data:
            _note(request, verdict=data["verdict"])
        return Response(json_document(data) + "\n", media_type="application/json")

    async def _read(self, request: Request) -> Any:
        return await _multipart(request, self._limits())

    async def check(self, request: Request) -> Response:
        async def work(form: Any, lang: str) -> dict[str, Any]:
            name, data = _upload(form)
            bundle = self.service.load(name, data, form.text("password"))
            options = self.service.check_options(
                profile=form.text("profile"), siren=form.text("siren"), at=form.text("at")
            )
            report = await run_check(self.service, bundle, options)
            return self.service.check_json(report, lang, form.text("dn_format"))

        return await self._run(request, "api.check", work)

    async def inspect(self, request: Request) -> Response:
        async def work(form: Any, lang: str) -> dict[str, Any]:
            name, data = _upload(form)
            return self.service.inspect_json(self.service.load(name, data, form.text("password")))

        return await self._run(request, "api.inspect", work)

    async def registration(self, request: Request) -> Response:
        async def work(form: Any, lang: str) -> dict[str, Any]:
            name, data = _upload(form)
            bundle = self.service.load(name, data, form.text("password"))
            report = self.service.registration(bundle, form.text("profile"), form.text("dn_format"))
            return report.to_json(lang)

        return await self._run(request, "api.registration", work)

    async def dn_match(self, request: Request) -> Response:
        """JSON ``{"certificate": PEM, "subject", "issuer", "siren"?, "dn_format"?,
        "profile"?}`` or the same fields as a multipart form (``file`` for the certificate)."""
        from certkit.app.common import json_document

        _route(request, "api.dn_match")
        lang = request_lang(request)
        content_type = request.headers.get("content-type", "")
        try:
            if content_type.split(";")[0].strip().lower() == "application/json":
                body = await read_json(
                    request.headers.get("content-length"),
                    request.stream(),
                    self.service.settings.certificate_limit + 256 * 1024,
                )
                fields = _json_fields(body)
                certificate = fields.get("certificate")
                if certificate is None:
                    raise InputError("web.missing_field", field="certificate")
                upload = ("certificate.pem", certificate.encode("utf-8"))
            else:
                form = await self._read(request)
                fields = {
                    k: form.text(k)
                    for k in ("subject", "issuer", "siren", "dn_format", "profile", "password")
                }
                upload = _upload(form)
            data = self._dn_match(upload, fields, lang)
        except UploadError as exc:
            return _json_error(exc.status, exc.code, t(exc.code, lang, **exc.params))
        except CertkitError as exc:
            status = 422 if isinstance(exc, InputError) else 500
            return _json_error(status, exc.code, exc.message(lang))
        return Response(json_document(data) + "\n", media_type="application/json")

    def _dn_match(
        self, upload: tuple[str, bytes], fields: dict[str, str | None], lang: str
    ) -> dict[str, Any]:
        _require_submission(fields)
        bundle = self.service.load(upload[0], upload[1], fields.get("password"))
        result = self.service.dn_match(
            bundle,
            fields.get("subject"),
            fields.get("issuer"),
            fields.get("siren"),
            fields.get("profile"),
            fields.get("dn_format"),
        )
        return result.to_json(lang)

    async def dn_match_batch(self, request: Request) -> Response:
        """A spreadsheet of submissions (``table``: CSV or .xlsx) and the certificates its
        ``path`` column names (``certificates``, repeatable) → ``dn-match --batch --json``, or
        the results spreadsheet with ``format=csv|xlsx``."""
        from certkit.app import dn_match
        from certkit.app.common import json_document

        _route(request, "api.dn_match_batch")
        lang = request_lang(request)
        try:
            form = await _table_form(request, self.service)
            results, table, fmt, out = _run_table(self.service, form, lang)
        except UploadError as exc:
            return _json_error(exc.status, exc.code, t(exc.code, lang, **exc.params))
        except CertkitError as exc:
            status = 422 if isinstance(exc, InputError) else 500
            return _json_error(status, exc.code, exc.message(lang))
        if out in ("csv", "xlsx"):
            body = dn_match.results_table(results, table, out, lang, excel=out == "csv")
            media = "text/csv; charset=utf-8" if out == "csv" else XLSX_MEDIA_TYPE
            disposition = f'attachment; filename="resultats.{out}"'
            return Response(body, media_type=media, headers={"content-disposition": disposition})
        document = dn_match.results_json(results, table, fmt, lang)
        return Response(json_document(document) + "\n", media_type="application/json")

    async def healthz(self, request: Request) -> Response:
        _route(request, "api.healthz")
        return JSONResponse({"status": "ok", "version": __version__})

    async def checks(self, request: Request) -> Response:
        from certkit.app.check import checks_json
        from certkit.app.common import json_document

        _route(request, "api.checks")
        return Response(
            json_document(checks_json(request_lang(request))) + "\n", media_type="application/json"
        )

    async def profiles(self, request: Request) -> Response:
        from certkit.app.common import json_document
        from certkit.app.policy import profiles_json

        _route(request, "api.profiles")
        return Response(json_document(profiles_json()) + "\n", media_type="application/json")

    async def openapi(self, request: Request) -> Response:
        from certkit.web.openapi import openapi_document

        _route(request, "openapi")
        root = request.scope.get("root_path", "") or self.service.settings.root_path
        return JSONResponse(openapi_document(root))


async def run_check(service: WebService, bundle: Any, options: Any) -> Any:
    """The report for ``bundle``: in a worker thread when it may wait on the network (an AIA
    download, bounded by the timeout), inline otherwise — a check is CPU work, and a thread hop
    would cost more than it saves."""
    from certkit.checks.engine import may_download

    if may_download(bundle, options):
        return await run_in_threadpool(service.check, bundle, options)
    return service.check(bundle, options)


XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_submission(fields: dict[str, str | None]) -> None:
    """A dn-match submission compares at least one of the subject, the issuer, the SIREN."""
    if not any(fields.get(k) for k in ("subject", "issuer", "siren")):
        raise InputError("web.missing_field", field="subject / issuer / siren")


async def _table_form(request: Request, service: WebService) -> Any:
    settings = service.settings
    limits = {"table": settings.csv_limit, "certificates": settings.certificate_limit}
    form = await read_multipart(
        request.headers.get("content-type", ""),
        request.headers.get("content-length"),
        request.stream(),
        limits,
        body_limit=settings.csv_limit + 10 * settings.certificate_limit,
    )
    uploaded = (p for p in form.parts if p.filename is not None)
    _note(request, upload_bytes=sum(len(p.data) for p in uploaded))
    return form


def _run_table(service: WebService, form: Any, lang: str) -> tuple[Any, Any, str, str]:
    """(results, table, DN form, output format asked) for a posted spreadsheet form."""
    table = form.file("table")
    if table is None:
        raise InputError("web.missing_field", field="table")
    certificates = {
        (part.filename or "").rsplit("/", 1)[-1]: bytes(part.data)
        for part in form.all("certificates")
        if part.data
    }
    out = form.text("format") or "json"
    if out not in ("json", "csv", "xlsx"):
        raise InputError("web.bad_format", value=out)
    results, read, fmt = service.dn_match_table(
        table,
        certificates,
        profile=form.text("profile"),
        dn_format=form.text("dn_format"),
        delimiter=_delimiter(form.text("delimiter")),
        encoding=form.text("encoding"),
        password=form.text("password"),
    )
    return results, read, fmt, out


def _delimiter(value: str | None) -> str | None:
    if value is None:
        return None
    return {"tab": "\t", "comma": ",", "semicolon": ";"}.get(value.lower(), value[:1])


def _json_fields(body: dict[str, Any]) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    for key in ("certificate", "subject", "issuer", "siren", "dn_format", "profile", "password"):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError("web.field_type", field=key)
        fields[key] = value.strip() or None if isinstance(value, str) else None
    return fields


def _json_error(status: int, code: str, message: str) -> Response:
    return JSONResponse(error_body(code, message), status_code=status)


class Pages:
    """The HTML pages: the syndic's check, the administrator's dn-match, the API docs."""

    def __init__(self, service: WebService) -> None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        self.service = service
        self.env = Environment(
            loader=PackageLoader("certkit.web", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(
        self, request: Request, template: str, lang: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        root = request.scope.get("root_path", "") or self.service.settings.root_path

        def tr(code: str, **params: Any) -> str:
            return t(code, lang, **params)

        def profile_label(name: str) -> str:
            from certkit.i18n import lookup

            code = f"web.profile_{name}"
            return t(code, lang) if lookup(code) is not None else name

        html = self.env.get_template(template).render(
            t=tr,
            lang=lang,
            other_lang="en" if lang == "fr" else "fr",
            root=root.rstrip("/"),
            path=request.url.path,
            version=__version__,
            profile_label=profile_label,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def error_page(self, request: Request, lang: str, message: str, status: int) -> HTMLResponse:
        return self.render(request, "error.html", lang, status, message=message)

    def internal_error(self, request: Request) -> Response:
        """The answer to a certkit bug: its request id to report, never a traceback."""
        request_id = request.scope.get("state", {}).get("request_id", "-")
        lang = request_lang(request)
        message = t("web.internal", lang, request_id=request_id)
        if _wants_json(request):
            return JSONResponse(error_body("web.internal", message), status_code=500)
        try:
            return self.error_page(request, lang, message, 500)
        except Exception:  # the templates themselves failing: plain text
            return Response(message, status_code=500, media_type="text/plain")

    def _form_context(self) -> dict[str, Any]:
        return {
            "profiles": self.service.page_profiles,
            "default_profile": self.service.settings.profile,
            "accept_keys": self.service.settings.accept_private_keys,
        }

    async def index(self, request: Request) -> Response:
        _route(request, "page.index")
        return self.render(request, "index.html", request_lang(request), **self._form_context())

    async def check(self, request: Request) -> Response:
        _route(request, "page.check")
        lang = request_lang(request)
        try:
            form = await _multipart(request, self._limits())
            view = await self._check(form, lang)
        except KeysRefused as exc:
            return self.render(
                request,
                "keys_refused.html",
                lang,
                422,
                message=exc.message(lang),
                **self._form_context(),
            )
        except UploadError as exc:
            return self.error_page(request, lang, t(exc.code, lang, **exc.params), exc.status)
        except CertkitError as exc:
            return self.error_page(request, lang, exc.message(lang), 422)
        _note(request, verdict=view["verdict"])
        return self.render(request, "result.html", lang, view=view)

    def _limits(self) -> dict[str, int]:
        limit = self.service.settings.certificate_limit
        return {"file": limit, "pem": limit}

    async def _check(self, form: Any, lang: str) -> dict[str, Any]:
        name, data = _upload(form)
        bundle = self.service.load(name, data, form.text("password"))
        profile = self.service.profile_name(form.text("profile"))
        options = self.service.check_options(profile=profile, siren=form.text("siren"))
        report = await run_check(self.service, bundle, options)
        acceptance = self.service.setup.profile(profile)
        return views.check_view(report, bundle, acceptance, lang, acceptance.dn_format)

    async def dn_match_form(self, request: Request) -> Response:
        _route(request, "page.dn_match")
        return self.render(
            request, "dn_match.html", request_lang(request), result=None, batch=None, form={}
        )

    async def dn_match(self, request: Request) -> Response:
        _route(request, "page.dn_match")
        lang = request_lang(request)
        try:
            if request.query_params.get("table"):
                form = await _table_form(request, self.service)
                results, table, fmt, _ = _run_table(self.service, form, lang)
                uploaded = form.get("table")  # its name only: file() would copy its bytes
                source = (uploaded.filename or "table") if uploaded is not None else ""
                view = views.batch_view(results, table, fmt, lang, source)
                return self.render(request, "dn_match.html", lang, result=None, batch=view, form={})
            form = await _multipart(request, self._limits())
            fields = {k: form.text(k) for k in ("subject", "issuer", "siren")}
            result = self._dn_match(form, fields, lang)
        except UploadError as exc:
            return self.error_page(request, lang, t(exc.code, lang, **exc.params), exc.status)
        except CertkitError as exc:
            return self.error_page(request, lang, exc.message(lang), 422)
        return self.render(request, "dn_match.html", lang, result=result, batch=None, form=fields)

    def _dn_match(self, form: Any, fields: dict[str, str | None], lang: str) -> dict[str, Any]:
        _require_submission(fields)
        name, data = _upload(form)
        bundle = self.service.load(name, data, form.text("password"))
        result = self.service.dn_match(
            bundle, fields["subject"], fields["issuer"], fields["siren"], None, None
        )
        return views.comparison_view(result, lang)

    async def docs(self, request: Request) -> Response:
        _route(request, "docs")
        return self.render(request, "docs.html", request_lang(request))

    async def docs_init(self, request: Request) -> Response:
        root = (request.scope.get("root_path", "") or self.service.settings.root_path).rstrip("/")
        script = (
            "window.addEventListener('load', function () {\n"
            f"  window.ui = SwaggerUIBundle({{url: '{root}/openapi.json', dom_id: '#swagger-ui',"
            " deepLinking: true});\n"
            "});\n"
        )
        return Response(script, media_type="text/javascript")
