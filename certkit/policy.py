"""Policy catalogue (certificate policy OID → provider, usage, RGS level) and acceptance profiles.

There is no ANSSI OID that marks an RGS level: each CA publishes one policy per usage and level, so
the level is known only through an allow-list. The catalogue is that allow-list, data not code
(``policies/**/*.toml``, schema in ``policies/README.md``); every entry states its source. An
acceptance profile (``policies/profiles/*.toml``) states what one registry demands.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from certkit.errors import PolicyError, os_reason
from certkit.names import DN_FORMATS

USAGES = (
    "server-client-auth",
    "authentication",
    "signature",
    "seal",
    "server",
    "timestamp",
    "encryption",
    "unknown",
)
UPLOAD_FORMATS = ("pem", "der", "pkcs7-chain")


@dataclass(frozen=True, slots=True)
class PolicyEntry:
    """One certificate policy OID, what it is for, and where that fact comes from."""

    oid: str
    provider: str
    usage: str
    rgs_level: int
    test_only: bool
    source: str
    name: str = ""
    note: str = ""
    origin: str = ""
    note_fr: str = ""  # the note and the provider's description in French, when the file has them
    provider_fr: str = ""
    # SHA-256 fingerprints (lowercase hex) of the CA certificates this policy is issued under:
    # when set, the level counts only for a leaf whose verified path goes through one of them.
    issuers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "oid": self.oid,
            "provider": self.provider,
            "name": self.name,
            "usage": self.usage,
            "rgs_level": self.rgs_level,
            "test_only": self.test_only,
            "source": self.source,
            "note": self.note,
            "note_fr": self.note_fr or None,
            "provider_fr": self.provider_fr or None,
            "issuers": list(self.issuers),
            "file": self.origin,
        }

    def provider_in(self, lang: str) -> str:
        return in_language(self.provider, self.provider_fr, lang)

    def note_in(self, lang: str) -> str:
        return in_language(self.note, self.note_fr, lang)


@dataclass(frozen=True, slots=True)
class ArcEntry:
    """An OID arc owned by a provider: tells who issued, not which usage or level."""

    prefix: str
    provider: str
    source: str
    test_only: bool = False
    note: str = ""
    origin: str = ""
    note_fr: str = ""
    provider_fr: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "provider": self.provider,
            "test_only": self.test_only,
            "source": self.source,
            "note": self.note,
            "note_fr": self.note_fr or None,
            "provider_fr": self.provider_fr or None,
            "file": self.origin,
        }

    def provider_in(self, lang: str) -> str:
        return in_language(self.provider, self.provider_fr, lang)

    def note_in(self, lang: str) -> str:
        return in_language(self.note, self.note_fr, lang)


def in_language(english: str, french: str, lang: str) -> str:
    """A catalogue text in ``lang``: its French (with French typography) when it has one."""
    if lang == "fr" and french:
        from certkit.i18n import french_typography

        return french_typography(french)
    return english


@dataclass(frozen=True, slots=True)
class Match:
    """The result of a catalogue lookup: an exact policy entry, or only the provider's arc."""

    oid: str
    entry: PolicyEntry | None
    arc: ArcEntry | None

    @property
    def provider(self) -> str:
        if self.entry is not None:
            return self.entry.provider
        return self.arc.provider if self.arc is not None else ""

    @property
    def test_only(self) -> bool:
        if self.entry is not None:
            return self.entry.test_only
        return self.arc.test_only if self.arc is not None else False


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All catalogued policies and arcs (later files override earlier ones for the same OID)."""

    policies: Mapping[str, PolicyEntry]
    arcs: tuple[ArcEntry, ...]
    files: tuple[str, ...]
    ca_files: tuple[str, ...] = ()
    _cache: dict[str, Match | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), *, bundled: bool = True) -> Catalogue:
        """The bundled catalogue plus ``extra`` TOML files or directories (``--catalogue``).

        PEM files found in those directories (or given directly) are CA stores: their certificates
        count as recognised issuers (see :attr:`ca_files`).
        """
        paths: list[Path] = []
        stores: list[Path] = []
        items = [bundled_dir()] if bundled else []
        items.extend(Path(item) for item in extra)
        for p in items:  # in order: a later file overrides an earlier entry for the same OID
            if p.is_dir():
                paths.extend(_data_files(p, "*.toml"))
                stores.extend(_data_files(p, "*.pem"))
            elif p.is_file():
                (stores if p.suffix.lower() == ".pem" else paths).append(p)
            else:
                raise PolicyError("policy.catalogue_missing", path=str(p))
        policies: dict[str, PolicyEntry] = {}
        arcs: dict[str, ArcEntry] = {}
        for path in paths:
            file_policies, file_arcs = _parse_catalogue_file(path)
            for entry in file_policies:
                policies[entry.oid] = entry
            for arc in file_arcs:
                arcs[arc.prefix] = arc
        ordered = tuple(sorted(arcs.values(), key=lambda a: -len(a.prefix)))
        return cls(
            policies=policies,
            arcs=ordered,
            files=tuple(str(p) for p in paths),
            ca_files=tuple(str(p) for p in stores),
        )

    def lookup(self, oid: str) -> Match | None:
        """The exact entry for ``oid``, else the longest arc it falls under, else ``None``."""
        if oid in self._cache:
            return self._cache[oid]
        found = self._lookup(oid)
        if len(self._cache) < 100_000:
            self._cache[oid] = found
        return found

    def _lookup(self, oid: str) -> Match | None:
        entry = self.policies.get(oid)
        arc = next((a for a in self.arcs if oid.startswith(a.prefix + ".")), None)
        if entry is None and arc is None:
            return None
        return Match(oid=oid, entry=entry, arc=arc)


@dataclass(frozen=True, slots=True)
class AcceptanceProfile:
    """What one registry demands of a client certificate."""

    name: str
    description: str
    source: str
    min_rgs_level: int
    accepted_usages: tuple[str, ...]
    required_ekus: tuple[str, ...]
    forbidden_ekus: tuple[str, ...]
    required_key_usages: tuple[str, ...]
    allowed_key_types: tuple[str, ...]
    min_rsa_bits: int
    allowed_curves: tuple[str, ...]
    allowed_signature_hashes: tuple[str, ...]
    siren_required: bool
    expiry_warning_days: int
    dn_format: str
    accept_test_policies: bool
    path: str = ""
    # Optional keys (absent from older profile files):
    accept_eidas_qualified: bool = False  # an eIDAS-qualified certificate stands for the RGS level
    upload_format: str = "pem"  # what the administration wants sent: pem | der | pkcs7-chain
    unconfirmed: tuple[str, ...] = ()  # requirements no public source states (said in output)
    description_fr: str = ""  # the description in French (the English one when absent)

    def describe(self, lang: str | None = None) -> str:
        """The description in ``lang`` (French when the profile has one)."""
        from certkit.i18n import detect_lang

        fr = detect_lang(lang) == "fr" and self.description_fr
        if fr:
            from certkit.i18n import french_typography

            return french_typography(self.description_fr)
        return self.description

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "description_fr": self.description_fr or None,
            "source": self.source,
            "min_rgs_level": self.min_rgs_level,
            "accepted_usages": list(self.accepted_usages),
            "required_ekus": list(self.required_ekus),
            "forbidden_ekus": list(self.forbidden_ekus),
            "required_key_usages": list(self.required_key_usages),
            "allowed_key_types": list(self.allowed_key_types),
            "min_rsa_bits": self.min_rsa_bits,
            "allowed_curves": list(self.allowed_curves),
            "allowed_signature_hashes": list(self.allowed_signature_hashes),
            "siren_required": self.siren_required,
            "expiry_warning_days": self.expiry_warning_days,
            "dn_format": self.dn_format,
            "accept_test_policies": self.accept_test_policies,
            "accept_eidas_qualified": self.accept_eidas_qualified,
            "upload_format": self.upload_format,
            "unconfirmed": list(self.unconfirmed),
            "file": self.path,
        }


def bundled_dir() -> Path:
    from certkit.resources import data_dir

    return data_dir("policies")


def profiles_dir() -> Path:
    return bundled_dir() / "profiles"


def available_profiles() -> tuple[str, ...]:
    """Names of the bundled acceptance profiles."""
    directory = profiles_dir()
    return tuple(sorted(p.stem for p in directory.glob("*.toml"))) if directory.is_dir() else ()


def load_profile(name_or_path: str | Path) -> AcceptanceProfile:
    """A bundled profile by name (``registre-coproprietes``) or a profile TOML file by path."""
    text = str(name_or_path)
    candidate = Path(text)
    if text.endswith(".toml") or candidate.is_file():
        if not candidate.is_file():
            raise PolicyError("policy.profile_missing_file", path=text)
        path = candidate
    else:
        path = profiles_dir() / f"{text}.toml"
        if not path.is_file():
            raise PolicyError(
                "policy.profile_unknown", name=text, known=", ".join(available_profiles())
            )
    return _parse_profile(path)


def dump_catalogue(
    policies: Iterable[PolicyEntry], arcs: Iterable[ArcEntry] = (), *, header: str = ""
) -> str:
    """Catalogue entries as TOML in the schema ``Catalogue.load`` reads."""
    # TOML allows no control character but tab in a comment (a DEL in a list's operator name
    # made `certkit check` refuse the catalogue import-tl had just written).
    lines = [f"# {_printable(line)}" if line else "#" for line in header.splitlines()]
    if lines:
        lines.append("")
    for arc in arcs:
        lines.append("[[arc]]")
        lines.append(f"prefix = {_toml_str(arc.prefix)}")
        lines.append(f"provider = {_toml_str(arc.provider)}")
        if arc.test_only:
            lines.append("test_only = true")
        lines.append(f"source = {_toml_str(arc.source)}")
        if arc.note:
            lines.append(f"note = {_toml_str(arc.note)}")
        if arc.note_fr:
            lines.append(f"note_fr = {_toml_str(arc.note_fr)}")
        lines.append("")
    for entry in policies:
        lines.append("[[policy]]")
        lines.append(f"oid = {_toml_str(entry.oid)}")
        lines.append(f"provider = {_toml_str(entry.provider)}")
        if entry.name:
            lines.append(f"name = {_toml_str(entry.name)}")
        lines.append(f"usage = {_toml_str(entry.usage)}")
        lines.append(f"rgs_level = {entry.rgs_level}")
        lines.append(f"test_only = {'true' if entry.test_only else 'false'}")
        lines.append(f"source = {_toml_str(entry.source)}")
        if entry.note:
            lines.append(f"note = {_toml_str(entry.note)}")
        if entry.note_fr:
            lines.append(f"note_fr = {_toml_str(entry.note_fr)}")
        if entry.issuers:
            lines.append("issuers = [")
            lines.extend(f"  {_toml_str(fingerprint)}," for fingerprint in entry.issuers)
            lines.append("]")
        lines.append("")
    return "\n".join(lines)


def _printable(text: str) -> str:
    """``text`` with each control character (but tab) written ``\\uXXXX``."""
    return "".join(
        f"\\u{ord(c):04x}" if (ord(c) < 0x20 and c != "\t") or c == "\x7f" else c for c in text
    )


def _toml_str(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _data_files(directory: Path, pattern: str) -> list[Path]:
    """Files matching ``pattern`` under ``directory``, outside any ``profiles/`` folder."""
    return sorted(
        p for p in directory.rglob(pattern) if "profiles" not in p.relative_to(directory).parts
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise PolicyError("policy.unreadable", path=str(path), reason=os_reason(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError("policy.bad_toml", path=str(path), reason=str(exc)) from None
    except UnicodeDecodeError:  # TOML is UTF-8; a file that is not gets one line, not exit 3
        raise PolicyError(
            "policy.bad_toml", path=str(path), reason_code="files.reason.not_utf8"
        ) from None


def _oid_ok(value: object) -> bool:
    if not isinstance(value, str) or not value:
        return False
    parts = value.split(".")
    # ASCII digits only: "²" or "١" pass str.isdigit() yet no certificate OID is written so.
    return len(parts) >= 2 and all(p.isascii() and p.isdigit() for p in parts)


def _parse_catalogue_file(path: Path) -> tuple[list[PolicyEntry], list[ArcEntry]]:
    data = _read_toml(path)
    unknown = set(data) - {"policy", "arc"}
    if unknown:
        raise PolicyError("policy.unknown_table", path=str(path), names=", ".join(sorted(unknown)))
    policies: list[PolicyEntry] = []
    arcs: list[ArcEntry] = []
    for table in ("policy", "arc"):
        if not isinstance(data.get(table, []), list):  # "policy = 5": not an array of tables
            raise PolicyError(
                "policy.bad_entry", path=str(path), entry=table, problem="not [[" + table + "]]"
            )
    for index, raw in enumerate(data.get("policy", []), start=1):
        where = f"[[policy]] #{index}"
        if not isinstance(raw, dict):
            raise PolicyError(
                "policy.bad_entry", path=str(path), entry=where, problem="not a table"
            )
        oid = raw.get("oid")
        if isinstance(oid, str):
            where = f"{where} ({oid})"
        if not _oid_ok(oid):
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem="oid")
        _require_str(raw, ("provider", "usage", "source"), path, where)
        if raw["usage"] not in USAGES:
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem="usage")
        level = raw.get("rgs_level")
        if not isinstance(level, int) or isinstance(level, bool) or level not in (0, 1, 2, 3):
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem="rgs_level")
        test_only = raw.get("test_only", False)
        if not isinstance(test_only, bool):
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem="test_only")
        extra = set(raw) - {
            "oid",
            "provider",
            "usage",
            "rgs_level",
            "test_only",
            "source",
            "name",
            "note",
            "note_fr",
            "provider_fr",
            "issuers",
        }
        if extra:
            raise PolicyError(
                "policy.bad_entry", path=str(path), entry=where, problem=", ".join(sorted(extra))
            )
        issuers = raw.get("issuers", [])
        if not isinstance(issuers, list) or not all(_fingerprint_ok(i) for i in issuers):
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem="issuers")
        policies.append(
            PolicyEntry(
                oid=str(oid),
                provider=raw["provider"],
                usage=raw["usage"],
                rgs_level=level,
                test_only=test_only,
                source=raw["source"],
                name=str(raw.get("name", "")),
                note=str(raw.get("note", "")),
                note_fr=str(raw.get("note_fr", "")),
                provider_fr=str(raw.get("provider_fr", "")),
                origin=str(path),
                issuers=tuple(str(i).lower().replace(":", "") for i in issuers),
            )
        )
    for index, raw in enumerate(data.get("arc", []), start=1):
        where = f"[[arc]] #{index}"
        if not isinstance(raw, dict):
            raise PolicyError(
                "policy.bad_entry", path=str(path), entry=where, problem="not a table"
            )
        prefix = raw.get("prefix")
        if not _oid_ok(prefix):
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem="prefix")
        _require_str(raw, ("provider", "source"), path, where)
        test_only = raw.get("test_only", False)
        if not isinstance(test_only, bool):
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem="test_only")
        extra = set(raw) - {
            "prefix", "provider", "source", "test_only", "note", "usage", "note_fr", "provider_fr"
        }  # fmt: skip
        if extra:
            raise PolicyError(
                "policy.bad_entry", path=str(path), entry=where, problem=", ".join(sorted(extra))
            )
        arcs.append(
            ArcEntry(
                prefix=str(prefix),
                provider=raw["provider"],
                source=raw["source"],
                test_only=test_only,
                note=str(raw.get("note", "")),
                note_fr=str(raw.get("note_fr", "")),
                provider_fr=str(raw.get("provider_fr", "")),
                origin=str(path),
            )
        )
    return policies, arcs


def _fingerprint_ok(value: object) -> bool:
    """A SHA-256 fingerprint: 64 hex digits, optionally in colon-separated pairs."""
    if not isinstance(value, str):
        return False
    digits = value.replace(":", "")
    return len(digits) == 64 and all(c in "0123456789abcdefABCDEF" for c in digits)


def _require_str(raw: dict[str, Any], keys: Iterable[str], path: Path, where: str) -> None:
    for key in keys:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PolicyError("policy.bad_entry", path=str(path), entry=where, problem=key)


_PROFILE_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "description": str,
    "source": str,
    "min_rgs_level": int,
    "accepted_usages": list,
    "required_ekus": list,
    "forbidden_ekus": list,
    "required_key_usages": list,
    "allowed_key_types": list,
    "min_rsa_bits": int,
    "allowed_curves": list,
    "allowed_signature_hashes": list,
    "siren_required": bool,
    "expiry_warning_days": int,
    "dn_format": str,
    "accept_test_policies": bool,
}
# Keys a profile may leave out, with their type and default.
_PROFILE_OPTIONAL: dict[str, tuple[type, Any]] = {
    "accept_eidas_qualified": (bool, False),
    "upload_format": (str, "pem"),
    "unconfirmed": (list, []),
    "description_fr": (str, ""),
}


def _parse_profile(path: Path) -> AcceptanceProfile:
    data = _read_toml(path)
    for key, kind in _PROFILE_KEYS.items():
        if key not in data:
            raise PolicyError("policy.profile_field", path=str(path), field=key, problem="missing")
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise PolicyError("policy.profile_field", path=str(path), field=key, problem="type")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise PolicyError("policy.profile_field", path=str(path), field=key, problem="type")
    for key, (kind, _default) in _PROFILE_OPTIONAL.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, kind) or (
            isinstance(value, list) and not all(isinstance(v, str) for v in value)
        ):
            raise PolicyError("policy.profile_field", path=str(path), field=key, problem="type")
    extra = set(data) - set(_PROFILE_KEYS) - set(_PROFILE_OPTIONAL)
    if extra:
        raise PolicyError(
            "policy.profile_field",
            path=str(path),
            field=", ".join(sorted(extra)),
            problem="unknown",
        )
    if data["dn_format"] not in DN_FORMATS:
        raise PolicyError(
            "policy.profile_field", path=str(path), field="dn_format", problem="value"
        )
    if data["min_rgs_level"] not in (0, 1, 2, 3):
        raise PolicyError(
            "policy.profile_field", path=str(path), field="min_rgs_level", problem="value"
        )
    if data.get("upload_format", "pem") not in UPLOAD_FORMATS:
        raise PolicyError(
            "policy.profile_field", path=str(path), field="upload_format", problem="value"
        )
    bad_usage = [u for u in data["accepted_usages"] if u not in USAGES]
    if bad_usage:
        raise PolicyError(
            "policy.profile_field", path=str(path), field="accepted_usages", problem="value"
        )
    return AcceptanceProfile(
        name=data["name"],
        description=data["description"],
        source=data["source"],
        min_rgs_level=data["min_rgs_level"],
        accepted_usages=tuple(data["accepted_usages"]),
        required_ekus=tuple(data["required_ekus"]),
        forbidden_ekus=tuple(data["forbidden_ekus"]),
        required_key_usages=tuple(data["required_key_usages"]),
        allowed_key_types=tuple(k.lower() for k in data["allowed_key_types"]),
        min_rsa_bits=data["min_rsa_bits"],
        allowed_curves=tuple(c.lower() for c in data["allowed_curves"]),
        allowed_signature_hashes=tuple(h.lower() for h in data["allowed_signature_hashes"]),
        siren_required=data["siren_required"],
        expiry_warning_days=data["expiry_warning_days"],
        dn_format=data["dn_format"],
        accept_test_policies=data["accept_test_policies"],
        path=str(path),
        accept_eidas_qualified=bool(data.get("accept_eidas_qualified", False)),
        upload_format=str(data.get("upload_format", "pem")),
        unconfirmed=tuple(data.get("unconfirmed", ())),
        description_fr=data.get("description_fr", ""),
    )
