"""The OpenAPI 3.0 document of ``/api/v1``, written from certkit's JSON Schemas
(:mod:`certkit.schemas`, draft 2020-12) translated to OpenAPI 3.0's dialect (which the bundled
Swagger UI renders): ``["T", "null"]`` becomes ``nullable``, ``const`` a one-value ``enum``."""

from __future__ import annotations

from functools import cache
from typing import Any

from certkit import __version__
from certkit.schemas import SCHEMAS


def to_openapi30(schema: Any) -> Any:
    """A draft 2020-12 schema in OpenAPI 3.0's dialect."""
    if isinstance(schema, list):
        return [to_openapi30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, list):
            kinds = [k for k in value if k != "null"]
            out["type"] = kinds[0]
            if "null" in value:
                out["nullable"] = True
        elif key == "const":
            out["enum"] = [value]
        elif key == "anyOf" and {"type": "null"} in value:
            rest = [to_openapi30(v) for v in value if v != {"type": "null"}]
            merged = rest[0] if len(rest) == 1 else {"anyOf": rest}
            out.update(merged)
            out["nullable"] = True
        elif key in ("properties",):
            out[key] = {name: to_openapi30(sub) for name, sub in value.items()}
        else:
            out[key] = to_openapi30(value)
    if "enum" in out and "type" not in out:
        values = out["enum"]
        if all(isinstance(v, str) for v in values):
            out["type"] = "string"
    return out


def _form(
    *fields: tuple[str, dict[str, Any], str], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        name: {**schema, "description": text} for name, schema, text in fields
                    },
                    "required": list(required),
                }
            }
        },
    }


FILE = (
    "file",
    {"type": "string", "format": "binary"},
    "The certificate file: PEM, DER, PKCS#7 or PKCS#12 (2 MiB at most).",
)
PASSWORD = ("password", {"type": "string"}, "The PKCS#12 password, when the file needs one.")
PROFILE = ("profile", {"type": "string"}, "Acceptance profile (default: the server's).")
SIREN = ("siren", {"type": "string"}, "The SIREN the certificate must carry.")
AT = ("at", {"type": "string"}, "Check as of this date (YYYY-MM-DD or ISO 8601, UTC).")
DN_FORMAT = (
    "dn_format",
    {"type": "string", "enum": ["rfc4514", "openssl", "openssl-utf8", "oneline", "java"]},
    "The form of the DN strings (default: the profile's).",
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answers(name: str, *errors: int) -> dict[str, Any]:
    described = {
        400: "Malformed request (not multipart/JSON as declared).",
        413: "Upload larger than its limit.",
        415: "Unsupported content type.",
        422: "The request was read, but its content cannot be used (unreadable certificate, "
        "wrong password, unknown profile, private key refused…).",
    }
    out: dict[str, Any] = {
        "200": {
            "description": "The document `certkit --json` prints for the same input.",
            "content": {"application/json": {"schema": _ref(name)}},
        }
    }
    for status in errors:
        out[str(status)] = {
            "description": described[status],
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    return out


LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "Language of messages: fr or en (anything else: the Accept-Language header, "
    "then French).",
}


@cache
def openapi_document(root_path: str = "") -> dict[str, Any]:
    """The OpenAPI document, its server URL under ``root_path`` (behind a reverse proxy)."""
    upload_errors = (400, 413, 415, 422)
    paths: dict[str, Any] = {
        "/api/v1/check": {
            "post": {
                "summary": "Will the registry accept this certificate? (`certkit check --json`)",
                "operationId": "check",
                "parameters": [LANG],
                "requestBody": _form(
                    FILE, PASSWORD, PROFILE, SIREN, AT, DN_FORMAT, required=("file",)
                ),
                "responses": _answers("CheckReport", *upload_errors),
            }
        },
        "/api/v1/inspect": {
            "post": {
                "summary": "What the file holds (`certkit inspect --json`)",
                "operationId": "inspect",
                "parameters": [LANG],
                "requestBody": _form(FILE, PASSWORD, required=("file",)),
                "responses": _answers("Inspection", *upload_errors),
            }
        },
        "/api/v1/registration": {
            "post": {
                "summary": "The registry form's DN strings and SIREN "
                "(`certkit registration --json`)",
                "operationId": "registration",
                "parameters": [LANG],
                "requestBody": _form(FILE, PASSWORD, PROFILE, DN_FORMAT, required=("file",)),
                "responses": _answers("Registration", *upload_errors),
            }
        },
        "/api/v1/dn-match": {
            "post": {
                "summary": "Does what was typed match the certificate? (`certkit dn-match --json`)",
                "operationId": "dnMatch",
                "parameters": [LANG],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "certificate": {
                                        "type": "string",
                                        "description": "The certificate as PEM text.",
                                    },
                                    "subject": {"type": "string"},
                                    "issuer": {"type": "string"},
                                    "siren": {"type": "string"},
                                    "dn_format": DN_FORMAT[1],
                                    "profile": {"type": "string"},
                                },
                                "required": ["certificate", "subject", "issuer"],
                            }
                        },
                        **_form(
                            FILE,
                            PASSWORD,
                            ("subject", {"type": "string"}, "The typed DN Certificat client."),
                            ("issuer", {"type": "string"}, "The typed DN Emetteur Certificat."),
                            SIREN,
                            DN_FORMAT,
                            required=("file", "subject", "issuer"),
                        )["content"],
                    },
                },
                "responses": _answers("DnMatch", *upload_errors),
            }
        },
        "/api/v1/dn-match/batch": {
            "post": {
                "summary": "A spreadsheet of submissions (`certkit dn-match --batch --json`)",
                "operationId": "dnMatchBatch",
                "parameters": [LANG],
                "requestBody": _form(
                    (
                        "table",
                        {"type": "string", "format": "binary"},
                        "CSV or .xlsx (≤ 20 MiB): path or certificate, subject, issuer, siren.",
                    ),
                    (
                        "certificates",
                        {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "The certificate files the path column names.",
                    ),
                    (
                        "format",
                        {"type": "string", "enum": ["json", "csv", "xlsx"]},
                        "json (default), or the results spreadsheet.",
                    ),
                    (
                        "delimiter",
                        {"type": "string"},
                        "CSV separator: , ; or tab (default: found).",
                    ),
                    ("encoding", {"type": "string"}, "CSV encoding (default: found)."),
                    PROFILE,
                    DN_FORMAT,
                    required=("table",),
                ),
                "responses": {
                    **_answers("DnMatchBatch", *upload_errors),
                    "200": {
                        "description": "The document `certkit dn-match --batch --json` prints, "
                        "or the results spreadsheet (format=csv|xlsx).",
                        "content": {
                            "application/json": {"schema": _ref("DnMatchBatch")},
                            "text/csv": {"schema": {"type": "string"}},
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                "schema": {"type": "string", "format": "binary"}
                            },
                        },
                    },
                },
            }
        },
        "/api/v1/checks": {
            "get": {
                "summary": "Every finding code with its severity and rule source "
                "(`certkit checks list --json`)",
                "operationId": "checks",
                "parameters": [LANG],
                "responses": _answers("Checks"),
            }
        },
        "/api/v1/profiles": {
            "get": {
                "summary": "The bundled acceptance profiles (`certkit policy profiles --json`)",
                "operationId": "profiles",
                "responses": _answers("Profiles"),
            }
        },
        "/api/v1/healthz": {
            "get": {
                "summary": "Liveness",
                "operationId": "healthz",
                "responses": _answers("Health"),
            }
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "certkit",
            "version": __version__,
            "description": "Certificate onboarding checks for French mutual-TLS webservices "
            "(registre national des copropriétés). Uploads are read in memory and never stored.",
        },
        "servers": [{"url": root_path.rstrip("/") or "/"}],
        "paths": paths,
        "components": {"schemas": {name: to_openapi30(schema) for name, schema in SCHEMAS.items()}},
    }
