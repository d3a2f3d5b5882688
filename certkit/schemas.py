"""JSON Schemas (draft 2020-12) of every JSON document certkit writes: each command's ``--json``
(and ``--jsonl`` line), the HTTP API's bodies, the error object.

:data:`SCHEMAS` are the documents the HTTP API shares with the command line (its OpenAPI
components, :mod:`certkit.web.openapi`); :data:`CLI_SCHEMAS` the other commands' documents;
:data:`COMMANDS` says which document each command prints (``certkit schema COMMAND``): one
input gives one object, several inputs or a folder a list, a failure the error object.

Every document carries ``schema_version`` (:data:`SCHEMA_VERSION`), also each object of a list.
Keys are only ever added, and ``additionalProperties`` is left open, so that a consumer written
against this version keeps working; an incompatible change would raise the version.
"""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_VERSION = 1

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


ERROR = obj(
    {"path": STR, "error": obj({"code": STR, "message": STR})},
    required=("error",),  # "path": the file the error is about, when there is one
)
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
        "pem": {"type": "string", "pattern": "^-----BEGIN CERTIFICATE-----"},  # inspect --pem
    },
    required=(
        "subject",
        "issuer",
        "serial_hex",
        "sha256",
        "sha1",
        "not_before",
        "not_after",
        "days_left",
        "is_ca",
        "path_length",
        "key",
        "signature_algorithm",
        "signature_hash",
        "key_usage",
        "extended_key_usage",
        "policies",
        "san",
        "aki",
        "ski",
        "ocsp_urls",
        "ca_issuers_urls",
        "crl_urls",
        "unknown_extensions",
        "extension_problems",
        "is_leaf",
    ),
)
INSPECT = obj(
    {
        "path": STR,
        "format": {"enum": ["pem", "der", "pkcs7", "pkcs12"]},
        "has_private_key": BOOL,
        "private_key_type": nullable(STR),
        "read_as": nullable({"enum": ["utf-16", "base64"]}),
        "certificates": {"type": "array", "items": CERTIFICATE},
    },
    required=("path", "format", "has_private_key", "private_key_type", "certificates"),
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
        "subject": DN_COMPARISON,
        "issuer": DN_COMPARISON,
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
        # How the spreadsheet was read: "csv" (its separator and encoding) or "xlsx" (nulls).
        "read": obj(
            {
                "format": {"enum": ["csv", "xlsx"]},
                "delimiter": nullable(STR),
                "encoding": nullable(STR),
            }
        ),
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
                    "description_fr": nullable(STR),
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


def versioned(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` as a top-level document: with its ``schema_version``."""
    return {
        **schema,
        "properties": {"schema_version": VERSION, **schema["properties"]},
        "required": ["schema_version", *schema["required"]],
    }


VERSION = {"type": "integer", "const": SCHEMA_VERSION}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


ISO = {"type": "string", "format": "date-time"}
SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}

# ---- the other commands' documents -----------------------------------------------------------
POLICY_ENTRY = obj(
    {
        "oid": STR,
        "provider": STR,
        "name": nullable(STR),
        "usage": STR,
        "rgs_level": INT,
        "test_only": BOOL,
        "source": STR,
        "note": nullable(STR),
        "note_fr": nullable(STR),
        "provider_fr": nullable(STR),
        "file": nullable(STR),
        "issuers": strings(),
    },
    required=("oid", "provider", "usage", "rgs_level", "test_only", "source"),
)
POLICY_LIST = obj(
    {
        "files": strings(),
        "ca_stores": strings(),
        "policies": array(POLICY_ENTRY),
        "arcs": array(
            obj(
                {"prefix": STR, "provider": STR, "test_only": BOOL, "source": STR},
                required=("prefix", "provider", "source"),
            )
        ),
    }
)
TRUSTED_LIST_IMPORT = obj(
    {
        "path": STR,
        "territory": STR,
        "sequence_number": nullable(INT),
        "issued": nullable(STR),
        "signature_verified": BOOL,
        "signature_present": BOOL,
        "providers": INT,
        "services": INT,
        "certificates": INT,
        "unique_certificates": INT,
        "policy_oids": INT,
        "rgs_levels_from_names": INT,
        "catalogue": STR,
        "ca_store": STR,
    }
)
TESTCA_INIT = obj(
    {
        "directory": STR,
        "name": STR,
        "key_type": STR,
        "root_subject": STR,
        "issuer_subject": STR,
        "files": {"type": "object", "additionalProperties": STR},
    }
)
ISSUED = obj(
    {
        "serial": {"type": "string", "pattern": "^[0-9a-f]+$"},
        "profile": STR,
        "siren": nullable(STR),
        "subject": STR,
        "issuer": STR,
        "not_before": ISO,
        "not_after": ISO,
        "sha256": SHA256,
        "files": obj(
            {
                "cert": STR,
                "key": nullable(STR),
                "chain": nullable(STR),
                "fullchain": nullable(STR),
                "p12": nullable(STR),
            },
            required=("cert",),
        ),
    }
)
ISSUED_RECORD = obj(
    {
        "serial": STR,
        "subject": STR,
        "profile": STR,
        "not_before": ISO,
        "not_after": ISO,
        "sha256": SHA256,
        "revoked": BOOL,
        "revoked_at": nullable(ISO),
        "reason": nullable(STR),
    }
)
TESTCA_CRL = obj({"path": STR, "revoked": strings()})
TESTCA_PROFILE = obj(
    {
        "name": STR,
        "description": STR,
        "description_fr": nullable(STR),
        "source": nullable(STR),
        "siren_required": BOOL,
        "key_type": STR,
    },
    required=("name", "description", "siren_required", "key_type"),
)
ACCOUNT = obj(
    {
        "siren": STR,
        "name": nullable(STR),
        "slots": array(obj({"slot": INT, "subject_dn": STR, "issuer_dn": STR})),
    }
)
PLATFORM_START = obj(
    {
        "url": STR,
        "port": INT,
        "tls_versions": strings(),
        "client_auth": {"enum": ["required", "optional"]},
        "dn_compare": {"enum": ["exact", "canonical"]},
        "client_cas": strings(),
        "accounts": array(ACCOUNT),
    }
)
PLATFORM_REGISTRATION = obj(
    {
        "accounts_file": STR,
        "siren": STR,
        "slot": INT,
        "subject_dn": STR,
        "issuer_dn": STR,
        "certificate_siren": nullable(STR),
        "replaced": BOOL,
    },
    required=("accounts_file", "siren", "slot", "subject_dn", "issuer_dn"),
)
ALERT = obj({"number": INT, "name": STR, "level": STR})
PROBE = obj(
    {
        "url": STR,
        "host": STR,
        "port": INT,
        "path": STR,
        "succeeded": BOOL,
        "client_certificate": nullable(obj({"subject": STR, "issuer": STR})),
        "tcp": obj({"connected": BOOL, "error": nullable(STR)}),
        "tls": obj(
            {
                "version": nullable(STR),
                "cipher": nullable(STR),
                "handshake_ok": BOOL,
                "error": nullable(STR),
                "alert_received": nullable(ALERT),
                "alerts": array(ALERT),
            }
        ),
        "server_chain": array(
            obj({"subject": STR, "issuer": STR, "not_before": ISO, "not_after": ISO, "sha256": STR})
        ),
        "server_verified": nullable(BOOL),
        "server_verify_error": nullable(STR),
        "client_certificate_requested": nullable(BOOL),
        "client_certificate_required": nullable(BOOL),
        "acceptable_cas": strings(),
        "issuer_accepted": nullable(BOOL),
        "http": obj(
            {
                "status": nullable(INT),
                "error_code": nullable(STR),
                "body_excerpt": nullable(STR),
                "error": nullable(STR),
            }
        ),
        "diagnosis": array(FINDING),
    }
)
STORED_ERROR = obj({"path": STR, "code": STR, "message": STR})
MONITOR_SCAN = obj(
    {
        "db": STR,
        "host": STR,
        "files_seen": INT,
        "files_read": INT,
        "files_unchanged": INT,
        "files_excluded": INT,
        "certificates_found": INT,
        "new_certificates": INT,
        "files_removed": INT,
        "errors": array(STORED_ERROR),
    }
)
STATE = {"enum": ["expired", "critical", "warning", "ok", "renewed", "unknown"]}
CERTIFICATE_STATUS = obj(
    {
        "sha256": SHA256,
        "paths": strings(),
        "locations": array(obj({"host": STR, "path": STR})),
        "subject_rfc4514": STR,
        "issuer_rfc4514": STR,
        "siren": nullable(STR),
        "serial_hex": STR,
        "not_before": ISO,
        "not_after": ISO,
        "days_left": INT,
        "state": STR,
        "expiry_state": STR,
        "renewed_by": nullable(STR),
        "renews": nullable(STR),
        "action": nullable(
            obj(
                {
                    "code": STR,
                    "message": STR,
                    "deadline": ISO,
                    "subject_dn": nullable(STR),
                    "issuer_dn": nullable(STR),
                    "successor_paths": strings(),
                }
            )
        ),
        "registration_pending": BOOL,
        "acknowledged": nullable({"type": "object"}),
        "registered_on": nullable(STR),
        "customer": nullable({"type": "object"}),
    },
    required=("sha256", "paths", "subject_rfc4514", "not_after", "days_left", "state"),
)
MONITOR_STATUS = obj(
    {
        "at": ISO,
        "warn_days": INT,
        "critical_days": INT,
        "hosts": strings(),
        "certificates": array(CERTIFICATE_STATUS),
        "scan_errors": array(STORED_ERROR),
    },
    required=("at", "warn_days", "critical_days", "certificates", "scan_errors"),
)
MONITOR_CHECK = obj(
    {
        "status": {"enum": ["OK", "WARNING", "CRITICAL", "UNKNOWN"]},
        "exit_code": {"enum": [0, 1, 2, 3]},
        "line": STR,
        "long_output": strings(),
        "counts": {"type": "object", "additionalProperties": INT},
        "min_days_left": nullable(INT),
    }
)
MONITOR_NOTIFY = obj(
    {
        "channels": array(
            obj(
                {
                    "channel": STR,
                    "sent": INT,
                    "resolved": INT,
                    "redelivered": INT,
                    "error": nullable(STR),
                },
                required=("channel", "sent", "error"),
            )
        )
    }
)
MONITOR_ACK = obj(
    {
        "sha256": SHA256,
        "acknowledged": nullable(obj({"state": STR, "note": nullable(STR), "by": nullable(STR)})),
    }
)
MONITOR_REGISTERED = obj({"sha256": SHA256, "registered_on": nullable(STR)})
MONITOR_HOSTS = {
    "anyOf": [
        obj(
            {
                "hosts": array(
                    obj(
                        {
                            "host": STR,
                            "files": INT,
                            "certificates": INT,
                            "scan_errors": INT,
                            "last_scan": nullable(ISO),
                        }
                    )
                )
            }
        ),
        obj({"removed": STR, "files": INT}),  # --remove HOST
    ]
}
MONITOR_MIGRATE = obj(
    {
        "from": STR,
        "to": STR,
        "hosts": strings(),
        "certificates_new": INT,
        "certificates_present": INT,
        "files_copied": INT,
        "files_present": INT,
        "scans_copied": INT,
        "marks_changed": INT,
        "records_changed": INT,
    }
)

# Name → schema, as OpenAPI names its components (the HTTP API's documents; keep these names).
SCHEMAS: dict[str, dict[str, Any]] = {
    "CheckReport": versioned(CHECK),
    "Inspection": versioned(INSPECT),
    "Registration": versioned(REGISTRATION),
    "DnMatch": versioned(DN_MATCH),
    "DnMatchBatch": versioned(DN_MATCH_BATCH),
    "Checks": versioned(CHECKS),
    "Profiles": versioned(PROFILES),
    "Health": HEALTH,
    "Error": versioned(ERROR),
}
# The documents of the commands the HTTP API does not offer.
CLI_SCHEMAS: dict[str, dict[str, Any]] = {
    "PolicyList": versioned(POLICY_LIST),
    "TrustedListImport": versioned(TRUSTED_LIST_IMPORT),
    "TestCaInit": versioned(TESTCA_INIT),
    "Issued": versioned(ISSUED),
    "IssuedRecord": versioned(ISSUED_RECORD),
    "TestCaCrl": versioned(TESTCA_CRL),
    "TestCaProfile": versioned(TESTCA_PROFILE),
    "PlatformStart": versioned(PLATFORM_START),
    "PlatformRegistration": versioned(PLATFORM_REGISTRATION),
    "Probe": versioned(PROBE),
    "MonitorScan": versioned(MONITOR_SCAN),
    "MonitorStatus": versioned(MONITOR_STATUS),
    "MonitorCheck": versioned(MONITOR_CHECK),
    "MonitorNotify": versioned(MONITOR_NOTIFY),
    "MonitorAck": versioned(MONITOR_ACK),
    "MonitorRegistered": versioned(MONITOR_REGISTERED),
    "MonitorHosts": {
        "anyOf": [versioned(choice) for choice in MONITOR_HOSTS["anyOf"]],
    },
    "MonitorMigrate": versioned(MONITOR_MIGRATE),
}
ALL_SCHEMAS = {**SCHEMAS, **CLI_SCHEMAS}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def one_or_many(name: str) -> dict[str, Any]:
    """One input: the document or the error; several inputs or a folder: a list of both."""
    return {
        "anyOf": [
            ref(name),
            ref("Error"),
            array({"anyOf": [ref(name), ref("Error")]}),
        ]
    }


def one(name: str, *more: str) -> dict[str, Any]:
    """The document (or one of ``more``), or the error object when the command fails."""
    return {"anyOf": [ref(name), *map(ref, more), ref("Error")]}


def many(name: str) -> dict[str, Any]:
    """A list of documents (the command lists things), or the error object."""
    return {"anyOf": [array(ref(name)), ref("Error")]}


# What each command prints with --json; "check --jsonl" is one line of check --jsonl.
COMMANDS: dict[str, dict[str, Any]] = {
    "check": one_or_many("CheckReport"),
    "check --jsonl": one("CheckReport"),
    "checks list": one("Checks"),
    "inspect": one_or_many("Inspection"),
    "registration": one("Registration"),
    "dn-match": one("DnMatch", "DnMatchBatch"),
    "policy list": one("PolicyList"),
    "policy profiles": one("Profiles"),
    "policy import-tl": one("TrustedListImport"),
    "testca init": one("TestCaInit"),
    "testca issue": {"anyOf": [ref("Issued"), array(ref("Issued")), ref("Error")]},  # --count
    "testca sign": one("Issued"),
    "testca revoke": one("IssuedRecord"),
    "testca crl": one("TestCaCrl"),
    "testca list": many("IssuedRecord"),
    "testca profiles": many("TestCaProfile"),
    "platform serve": one("PlatformStart"),
    "platform register": one("PlatformRegistration"),
    "probe": one("Probe"),
    "monitor scan": one("MonitorScan"),
    "monitor status": one("MonitorStatus"),
    "monitor check": one("MonitorCheck"),
    "monitor notify": one("MonitorNotify"),
    "monitor ack": one("MonitorAck"),
    "monitor registered": one("MonitorRegistered"),
    "monitor hosts": one("MonitorHosts"),
    "monitor migrate": one("MonitorMigrate"),
}


def _refs(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["$ref"].rsplit("/", 1)[1]} if "$ref" in schema else set()
        for value in schema.values():
            found |= _refs(value)
        return found
    if isinstance(schema, list):
        return set().union(*map(_refs, schema)) if schema else set()
    return set()


def document(name: str) -> dict[str, Any]:
    """The schema ``name`` (a component, or a command such as ``"monitor status"``) as a
    standalone JSON Schema document."""
    if name in COMMANDS:
        body = COMMANDS[name]
        slug = name.replace(" --", "-").replace(" ", "-")
        return {
            "$schema": DIALECT,
            "$id": f"https://certkit.invalid/schemas/commands/{slug}.json",
            "title": f"certkit {name} --json" if "--jsonl" not in name else f"certkit {name}",
            **body,
            "$defs": {n: ALL_SCHEMAS[n] for n in sorted(_refs(body))},
        }
    return {
        "$schema": DIALECT,
        "$id": f"https://certkit.invalid/schemas/{name}.json",
        "title": name,
        **ALL_SCHEMAS[name],
    }
