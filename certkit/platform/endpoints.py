"""What the platform answers once a request is read: pure functions, no I/O.

``GET /`` and ``GET /whoami`` report who the client is for the registry; ``POST /ws1`` … ``/ws7``
stand for the registry's seven webservices (source: the registry's newsletter for software vendors,
June 2017, ``../shared/reference/``). They authenticate exactly like the registry and acknowledge
what they received; they do **not** simulate the registry's business rules, and say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from certkit.i18n import t
from certkit.platform.authz import Decision

MAX_BODY = 1024 * 1024

# (French name as the registry documents it, English name)
WEBSERVICES: dict[str, tuple[str, str]] = {
    "ws1": ("immatriculation", "registration"),
    "ws2": ("mise à jour", "update"),
    "ws3": ("téléchargement", "download"),
    "ws4": ("demande de rattachement", "attachment request"),
    "ws5": ("déclaration de successeur", "successor declaration"),
    "ws6": ("renouvellement de mandat", "mandate renewal"),
    "ws7": ("confirmation de rattachement", "attachment confirmation"),
}


@dataclass(frozen=True, slots=True)
class Response:
    """An HTTP status and a JSON body."""

    status: int
    body: dict[str, Any]

    def encoded(self) -> bytes:
        # One line: json's C encoder (indent=2 would take the pure-Python path, ~0.6 ms a request)
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8") + b"\n"


def error(status: int, code: str, lang: str, **params: object) -> Response:
    """A JSON error body: a stable ``error`` code, a ``message`` and a ``hint`` for people."""
    return Response(
        status,
        {
            "error": code,
            "message": t(f"platform.http.{code}", lang, **params),
            "hint": t(f"platform.hint.{code}", lang, **params),
        },
    )


def refusal_response(decision: Decision, lang: str) -> Response:
    """HTTP 403 for a certificate the TLS layer accepted but the registry's rule refuses."""
    assert decision.refusal is not None
    account = decision.account
    response = error(
        403,
        decision.refusal.value,
        lang,
        subject=decision.subject_dn or "",
        issuer=decision.issuer_dn or "",
        siren=decision.siren or "SIREN",
        account_siren=account.siren if account else "",
        slot=decision.slot or "",
    )
    response.body.update(
        {"subject": decision.subject_dn, "issuer": decision.issuer_dn, "siren": decision.siren}
    )
    return response


def respond(
    method: str,
    target: str,
    body: bytes,
    content_type: str | None,
    decision: Decision,
    lang: str,
    tls: dict[str, Any],
) -> Response:
    """The response to one request of an (already decided) client."""
    path = target.split("?", 1)[0].rstrip("/").lower() or "/"
    known = path in ("/", "/whoami") or path.lstrip("/") in WEBSERVICES
    if not known:
        return error(404, "NOT_FOUND", lang, path=target)
    if not decision.allowed:
        return refusal_response(decision, lang)
    if path in ("/", "/whoami"):
        if method not in ("GET", "HEAD"):
            return error(405, "METHOD_NOT_ALLOWED", lang, method=method, path=path, allowed="GET")
        return Response(
            200, {"status": "authorised", **decision.to_json(), "tls": tls, "webservices": _index()}
        )
    name = path.lstrip("/")
    if method != "POST":
        return error(405, "METHOD_NOT_ALLOWED", lang, method=method, path=path, allowed="POST")
    french, english = WEBSERVICES[name]
    received: dict[str, Any] = {"content_type": content_type, "length": len(body)}
    try:
        received["json"] = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError) as exc:
        received["json"] = None
        received["json_error"] = str(exc)
        received["body_excerpt"] = body[:200].decode("utf-8", "replace")
    return Response(
        200,
        {
            "webservice": name,
            "name": french,
            "name_en": english,
            "status": "received",
            "authenticated_as": decision.to_json(),
            "received": received,
            "business_rules_simulated": False,
            "note": t("platform.ws_note", lang),
        },
    )


def _index() -> list[dict[str, str]]:
    return [
        {"path": f"/{name}", "method": "POST", "name": fr, "name_en": en}
        for name, (fr, en) in WEBSERVICES.items()
    ]
