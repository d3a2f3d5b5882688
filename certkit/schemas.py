"""JSON Schemas (draft 2020-12) of the JSON documents certkit writes: ``check``, ``inspect``,
``registration``, ``dn-match``, ``checks list``, ``policy profiles`` and the error object.

The HTTP API's OpenAPI document is built from these (:mod:`certkit.web.openapi`), and tests
validate real outputs against them. Keys are only ever added: ``additionalProperties`` is left
open so that a consumer written against this version keeps working.
"""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"

STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Any], required: tuple[str, ...] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
    }


def strings() -> dict[str, Any]:
    return {"type": "array", "items": STR}


ERROR = obj({"error": obj({"code": STR, "message": STR})})
FINDING = obj(
    {
        "code": STR,
        "severity": {"enum": ["error", "warning", "info", "ok"]},
        "message": STR,
        "params": {"type": "object"},
    }
)
NAME = obj({"rfc4514": STR, "openssl": STR})
CERTIFICATE = obj(
    {
        "subject": NAME,
        "issuer": NAME,
        "serial_hex": STR,
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "sha1": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
        "not_before": {"type": "string", "format": "date-time"},
        "not_after": {"type": "string", "format": "date-time"},
        "days_left": INT,
        "is_ca": BOOL,
        "path_length": nullable(INT),
        "key": obj({"type": STR, "bits": nullable(INT), "curve": nullable(STR)}),
        "signature_algorithm": STR,
        "signature_hash": nullable(STR),
        "key_usage": nullable(strings()),
        "extended_key_usage": nullable(strings()),
        "policies": strings(),
        "san": strings(),
        "aki": nullable(STR),
        "ski": nullable(STR),
        "ocsp_urls": strings(),
        "ca_issuers_urls": strings(),
        "crl_urls": strings(),
        "unknown_extensions": strings(),
        "extension_problems": {
            "type": "array",
            "items": obj({"oid": STR, "critical": nullable(BOOL), "reason": STR}),
        },
        "is_leaf": BOOL,
    }
)
INSPECT = obj(
    {
        "path": STR,
        "format": {"enum": ["pem", "der", "pkcs7", "pkcs12"]},
        "has_private_key": BOOL,
        "private_key_type": nullable(STR),
        "certificates": {"type": "array", "items": CERTIFICATE},
    }
)
REGISTRATION = obj(
    {
        "subject_dn": STR,
        "issuer_dn": STR,
        "dn_format": {"enum": ["rfc4514", "openssl", "openssl-utf8", "oneline", "java"]},
        "siren": nullable({"type": "string", "pattern": "^[0-9]{9}$"}),
        "siret": nullable({"type": "string", "pattern": "^[0-9]{14}$"}),
        "siren_source": nullable(STR),
        "findings": {"type": "array", "items": FINDING},
    }
)
EIDAS = obj(
    {
        "qualified": BOOL,
        "declared": BOOL,
        "qc_compliance": BOOL,
        "qc_sscd": BOOL,
        "qc_types": strings(),
        "psd2": BOOL,
        "qualified_policies": strings(),
        "trusted_list_service": nullable(STR),
    }
)
LEVEL = nullable({"type": "integer", "minimum": 1, "maximum": 3})
CHECK = obj(
    {
        "path": STR,
        "verdict": {"enum": ["pass", "warn", "fail"]},
        "profile": STR,
        "rgs_level": LEVEL,
        "rgs_level_claimed": LEVEL,
        "eidas_qualified": BOOL,
        "eidas": nullable(EIDAS),
        "findings": {"type": "array", "items": FINDING},
        "certificate": nullable(CERTIFICATE),
        "registration": nullable(REGISTRATION),
    }
)
COMPARISON = obj(
    {
        "status": STR,
        "expected": nullable(STR),
        "submitted": STR,
        "explanation": STR,
        "explanation_code": STR,
        "details": {"type": "object"},
    }
)
DN_COMPARISON = {
    **COMPARISON,
    "properties": {
        **COMPARISON["properties"],
        "status": {"enum": ["exact", "equivalent", "reordered", "mismatch"]},
    },
}
DN_MATCH = obj(
    {
        "subject": {
            **COMPARISON,
            "properties": {
                **COMPARISON["properties"],
                "status": {"enum": ["exact", "equivalent", "reordered", "mismatch"]},
            },
        },
        "issuer": {
            **COMPARISON,
            "properties": {
                **COMPARISON["properties"],
                "status": {"enum": ["exact", "equivalent", "reordered", "mismatch"]},
            },
        },
        "siren": nullable(
            {
                **COMPARISON,
                "properties": {
                    **COMPARISON["properties"],
                    "status": {"enum": ["match", "mismatch", "missing"]},
                },
            }
        ),
        "ok": BOOL,
    }
)
DN_MATCH_ROW = obj(
    {
        "line": INT,
        "path": STR,
        "status": {"enum": ["ok", "attention", "error"]},
        "submitted": {"type": "object", "additionalProperties": STR},
        "error": nullable(STR),
        "subject": nullable(COMPARISON),
        "issuer": nullable(COMPARISON),
        "siren": nullable(COMPARISON),
    },
    required=("line", "path", "status", "submitted", "error"),
)
DN_MATCH_BATCH = obj(
    {
        "rows": {"type": "array", "items": DN_MATCH_ROW},
        "summary": obj({"rows": INT, "ok": INT, "attention": INT, "error": INT}),
        "dn_format": STR,
    }
)
CHECKS = obj(
    {
        "checks": {
            "type": "array",
            "items": obj(
                {
                    "code": STR,
                    "severity": {"enum": ["error", "warning", "info", "ok"]},
                    "check": STR,
                    "family": STR,
                    "description": STR,
                    "rule": STR,
                }
            ),
        }
    }
)
PROFILES = obj(
    {
        "profiles": {
            "type": "array",
            "items": obj(
                {
                    "name": STR,
                    "description": STR,
                    "source": STR,
                    "min_rgs_level": INT,
                    "accepted_usages": strings(),
                    "required_ekus": strings(),
                    "forbidden_ekus": strings(),
                    "required_key_usages": strings(),
                    "allowed_key_types": strings(),
                    "min_rsa_bits": INT,
                    "allowed_curves": strings(),
                    "allowed_signature_hashes": strings(),
                    "siren_required": BOOL,
                    "expiry_warning_days": INT,
                    "dn_format": STR,
                    "accept_test_policies": BOOL,
                    "accept_eidas_qualified": BOOL,
                    "upload_format": STR,
                    "unconfirmed": strings(),
                },
                required=("name", "description", "source", "min_rgs_level"),
            ),
        }
    }
)
HEALTH = obj({"status": {"const": "ok"}, "version": STR})

# Name → schema, as `certkit schema NAME` will print them and OpenAPI names its components.
SCHEMAS: dict[str, dict[str, Any]] = {
    "CheckReport": CHECK,
    "Inspection": INSPECT,
    "Registration": REGISTRATION,
    "DnMatch": DN_MATCH,
    "DnMatchBatch": DN_MATCH_BATCH,
    "Checks": CHECKS,
    "Profiles": PROFILES,
    "Health": HEALTH,
    "Error": ERROR,
}


def document(name: str) -> dict[str, Any]:
    """The schema ``name`` as a standalone JSON Schema document."""
    return {
        "$schema": DIALECT,
        "$id": f"https://certkit.invalid/schemas/{name}.json",
        "title": name,
        **SCHEMAS[name],
    }
