"""Test CA profiles: what a leaf certificate looks like, as data (``test_ca/*.toml``).

A profile is a small TOML file; ``test_ca/README.md`` documents the schema. This module parses it
into a frozen :class:`Profile` and never touches cryptography, so listing profiles stays cheap.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from certkit.errors import InputError, os_reason
from certkit.model import EKU_NAMES, KEY_USAGE_NAMES

#: Subject attribute names a profile may use (case-insensitive), mapped to dotted OIDs.
SUBJECT_ATTRIBUTES: dict[str, str] = {
    "c": "2.5.4.6",
    "countryname": "2.5.4.6",
    "o": "2.5.4.10",
    "organizationname": "2.5.4.10",
    "ou": "2.5.4.11",
    "organizationalunitname": "2.5.4.11",
    "cn": "2.5.4.3",
    "commonname": "2.5.4.3",
    "organizationidentifier": "2.5.4.97",
    "givenname": "2.5.4.42",
    "gn": "2.5.4.42",
    "surname": "2.5.4.4",
    "sn": "2.5.4.4",
    "emailaddress": "1.2.840.113549.1.9.1",
    "serialnumber": "2.5.4.5",
    "l": "2.5.4.7",
    "localityname": "2.5.4.7",
    "st": "2.5.4.8",
    "stateorprovincename": "2.5.4.8",
    "title": "2.5.4.12",
    "pseudonym": "2.5.4.65",
    "street": "2.5.4.9",
    "postalcode": "2.5.4.17",
    "dc": "0.9.2342.19200300.100.1.25",
    "uid": "0.9.2342.19200300.100.1.1",
}

#: Key usage and extended key usage names: the same vocabulary as :mod:`certkit.model` reports.
KEY_USAGES = KEY_USAGE_NAMES
KEY_USAGE_ALIASES = {"non_repudiation": "content_commitment"}
EXTENDED_KEY_USAGES: dict[str, str] = {name: oid for oid, name in EKU_NAMES.items()}

KEY_TYPES = ("ec-p256", "ec-p384", "rsa-1024", "rsa-2048", "rsa-3072", "rsa-4096")
HASHES = ("sha256", "sha384", "sha512", "sha1")
TEMPLATE_FIELDS = ("siren", "org", "cn", "given_name", "surname", "email")
_OID = re.compile(r"^[0-2](\.(0|[1-9][0-9]*))+$")


@dataclass(frozen=True, slots=True)
class Profile:
    """One kind of leaf certificate the test CA can issue.

    ``subject`` lists (attribute, template) pairs in DN order; templates use ``{siren}``, ``{org}``,
    ``{cn}``, ``{given_name}``, ``{surname}``, ``{email}``. Validity offsets are in days from the
    moment of issuance: ``not_after_days`` (when set) wins over ``days``.
    """

    name: str
    description: str
    subject: tuple[tuple[str, str], ...]
    defaults: tuple[tuple[str, str], ...] = ()
    siren_required: bool = True
    key_type: str = "ec-p256"
    hash: str = "sha256"
    days: int = 730
    not_before_days: float = 0.0
    not_after_days: float | None = None
    basic_constraints: bool | None = False
    basic_constraints_critical: bool = True
    key_usage: tuple[str, ...] | None = ("digital_signature", "key_encipherment")
    key_usage_critical: bool = True
    extended_key_usage: tuple[str, ...] | None = ("client_auth", "server_auth")
    extended_key_usage_critical: bool = False
    policies: tuple[str, ...] = ()
    policies_critical: bool = False
    san_dns: tuple[str, ...] = ()
    san_email: tuple[str, ...] = ()
    san_ip: tuple[str, ...] = ()
    authority_info_access: bool = True
    crl_distribution_points: bool = True
    source: str | None = None
    description_fr: str | None = None

    def describe(self, lang: str) -> str:
        """The description in ``lang`` ("fr" uses ``description_fr`` when the file has one)."""
        if lang == "fr" and self.description_fr:
            return self.description_fr
        return self.description

    @property
    def uses_siren(self) -> bool:
        """Whether any subject or SAN template mentions ``{siren}``."""
        texts = [v for _, v in self.subject] + list(self.san_dns + self.san_email)
        return any("{siren}" in text for text in texts)

    def default(self, field: str) -> str | None:
        for key, value in self.defaults:
            if key == field:
                return value
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "description_fr": self.description_fr,
            "source": self.source,
            "siren_required": self.siren_required,
            "subject": [[k, v] for k, v in self.subject],
            "key_type": self.key_type,
            "hash": self.hash,
            "days": self.days,
            "not_before_days": self.not_before_days,
            "not_after_days": self.not_after_days,
            "key_usage": list(self.key_usage) if self.key_usage is not None else None,
            "extended_key_usage": (
                list(self.extended_key_usage) if self.extended_key_usage is not None else None
            ),
            "policies": list(self.policies),
        }


def _bad(path: str, reason: str) -> InputError:
    return InputError("testca.profile_invalid", path=path, reason=reason)


def _take(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = table.pop(key, None)
    if value is not None and not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ValueError(f"{where}{key} must be a {names}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings")
    return tuple(value)


def _no_leftovers(table: Mapping[str, Any], where: str) -> None:
    if table:
        raise ValueError(f"unknown key(s) {', '.join(sorted(table))} in {where or 'profile'}")


def _ext(table: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = table.pop(key, None)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"extensions.{key} must be a table")
    return dict(value)


def parse_profile(data: Mapping[str, Any], *, name: str, source: str | None = None) -> Profile:
    """A :class:`Profile` from the parsed TOML ``data``; ``ValueError`` says what is wrong."""
    top = dict(data)
    description = _take(top, "description", str, "") or ""
    description_fr = _take(top, "description_fr", str, "")
    if not description:
        raise ValueError("description is missing (say what the profile is for)")
    raw_subject = top.pop("subject", None)
    if not isinstance(raw_subject, list) or not raw_subject:
        raise ValueError('subject must be a non-empty list of ["ATTRIBUTE", "template"] pairs')
    subject: list[tuple[str, str]] = []
    for pair in raw_subject:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(p, str) for p in pair)
        ):
            raise ValueError(f'subject entry {pair!r} is not a ["ATTRIBUTE", "template"] pair')
        attribute, template = pair
        if attribute.lower() not in SUBJECT_ATTRIBUTES and not _OID.match(attribute):
            raise ValueError(f"unknown subject attribute {attribute!r}")
        _check_template(template)
        subject.append((attribute, template))
    siren_required = _take(top, "siren_required", bool, "")
    defaults_table = _take(top, "defaults", dict, "") or {}
    defaults: list[tuple[str, str]] = []
    for key, value in defaults_table.items():
        if key not in TEMPLATE_FIELDS or key == "siren" or not isinstance(value, str):
            raise ValueError(f"defaults.{key} is not a known text field")
        defaults.append((key, value))

    key_table = dict(_take(top, "key", dict, "") or {})
    key_type = _take(key_table, "type", str, "key.") or "ec-p256"
    _no_leftovers(key_table, "[key]")
    if key_type not in KEY_TYPES:
        raise ValueError(f"key.type {key_type!r} is not one of {', '.join(KEY_TYPES)}")
    sig_table = dict(_take(top, "signature", dict, "") or {})
    hash_name = _take(sig_table, "hash", str, "signature.") or "sha256"
    _no_leftovers(sig_table, "[signature]")
    if hash_name not in HASHES:
        raise ValueError(f"signature.hash {hash_name!r} is not one of {', '.join(HASHES)}")

    validity = dict(_take(top, "validity", dict, "") or {})
    days = _take(validity, "days", int, "validity.")
    not_before_days = _take(validity, "not_before_days", (int, float), "validity.")
    not_after_days = _take(validity, "not_after_days", (int, float), "validity.")
    _no_leftovers(validity, "[validity]")
    if days is not None and days <= 0:
        raise ValueError("validity.days must be positive")

    ext = dict(_take(top, "extensions", dict, "") or {})
    # An extension the file does not mention is absent: what you write is what you get.
    kwargs: dict[str, Any] = {
        "basic_constraints": None,
        "key_usage": None,
        "extended_key_usage": None,
    }
    bc = _ext(ext, "basic_constraints")
    if bc is not None:
        present = bc.pop("present", True)
        kwargs["basic_constraints"] = bool(bc.pop("ca", False)) if present else None
        kwargs["basic_constraints_critical"] = bool(bc.pop("critical", True))
        _no_leftovers(bc, "extensions.basic_constraints")
    ku = _ext(ext, "key_usage")
    if ku is not None:
        if ku.pop("present", True):
            values = [KEY_USAGE_ALIASES.get(v, v) for v in _strings(ku.pop("values", []), "ku")]
            for value in values:
                if value not in KEY_USAGES:
                    raise ValueError(f"unknown key usage {value!r} ({', '.join(KEY_USAGES)})")
            kwargs["key_usage"] = tuple(values)
        else:
            kwargs["key_usage"] = None
        kwargs["key_usage_critical"] = bool(ku.pop("critical", True))
        _no_leftovers(ku, "extensions.key_usage")
    eku = _ext(ext, "extended_key_usage")
    if eku is not None:
        if eku.pop("present", True):
            values = list(_strings(eku.pop("values", []), "extended_key_usage.values"))
            for value in values:
                if value not in EXTENDED_KEY_USAGES and not _OID.match(value):
                    raise ValueError(f"unknown extended key usage {value!r}")
            kwargs["extended_key_usage"] = tuple(values)
        else:
            kwargs["extended_key_usage"] = None
        kwargs["extended_key_usage_critical"] = bool(eku.pop("critical", False))
        _no_leftovers(eku, "extensions.extended_key_usage")
    cp = _ext(ext, "certificate_policies")
    if cp is not None:
        oids = _strings(cp.pop("oids", []), "certificate_policies.oids")
        for oid in oids:
            if not _OID.match(oid):
                raise ValueError(f"policy {oid!r} is not a dotted OID")
        kwargs["policies"] = oids
        kwargs["policies_critical"] = bool(cp.pop("critical", False))
        _no_leftovers(cp, "extensions.certificate_policies")
    san = _ext(ext, "subject_alt_name")
    if san is not None:
        kwargs["san_dns"] = _strings(san.pop("dns", []), "subject_alt_name.dns")
        kwargs["san_email"] = _strings(san.pop("email", []), "subject_alt_name.email")
        kwargs["san_ip"] = _strings(san.pop("ip", []), "subject_alt_name.ip")
        for ip in kwargs["san_ip"]:
            ipaddress.ip_address(ip)
        for template in kwargs["san_dns"] + kwargs["san_email"]:
            _check_template(template)
        _no_leftovers(san, "extensions.subject_alt_name")
    for flag in ("authority_info_access", "crl_distribution_points"):
        value = ext.pop(flag, None)
        if value is not None:
            if not isinstance(value, bool):
                raise ValueError(f"extensions.{flag} must be true or false")
            kwargs[flag] = value
    _no_leftovers(ext, "[extensions]")
    _no_leftovers(top, "")

    return Profile(
        name=name,
        description=description,
        description_fr=description_fr,
        subject=tuple(subject),
        defaults=tuple(defaults),
        siren_required=True if siren_required is None else siren_required,
        key_type=key_type,
        hash=hash_name,
        days=730 if days is None else days,
        not_before_days=float(not_before_days or 0),
        not_after_days=None if not_after_days is None else float(not_after_days),
        source=source,
        **kwargs,
    )


def _check_template(template: str) -> None:
    import string

    for _, field, spec, _ in string.Formatter().parse(template):
        if field is not None and field not in TEMPLATE_FIELDS:
            raise ValueError(
                f"template {template!r} uses {{{field}}}; known: {', '.join(TEMPLATE_FIELDS)}"
            )
        if spec:
            raise ValueError(f"template {template!r}: format specs are not allowed")


@functools.cache
def bundled_dir() -> Path:
    """The bundled ``test_ca/`` directory (located once per process)."""
    from certkit.resources import data_dir

    return data_dir("test_ca")


_CACHE: dict[str, tuple[tuple[int, int], Profile]] = {}


def load_profile_file(path: Path) -> Profile:
    """Parse one profile file; its name is the file name without ``.toml``.

    Parsed profiles are cached by path, modification time and size.
    """
    key = str(path)
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None:
        stamp = (info.st_mtime_ns, info.st_size)
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    profile = _parse_file(path)
    if info is not None:
        _CACHE[key] = ((info.st_mtime_ns, info.st_size), profile)
    return profile


def _parse_file(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("testca.profile_unknown", name=str(path), known="") from None
    except OSError as exc:
        raise _bad(str(path), os_reason(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _bad(str(path), str(exc)) from None
    try:
        return parse_profile(data, name=path.stem, source=str(path))
    except ValueError as exc:
        raise _bad(str(path), str(exc)) from None


def _search_dirs(extra_dirs: Iterable[Path | str]) -> list[Path]:
    return [Path(d) for d in extra_dirs] + [bundled_dir()]


def available_profiles(extra_dirs: Iterable[Path | str] = ()) -> tuple[Profile, ...]:
    """Every profile found in ``extra_dirs`` then the bundled ``test_ca/``; first name wins."""
    seen: dict[str, Profile] = {}
    for directory in _search_dirs(extra_dirs):
        if not directory.is_dir():
            raise InputError("testca.profile_dir_missing", path=str(directory))
        for path in sorted(directory.glob("*.toml")):
            if path.stem not in seen:
                seen[path.stem] = load_profile_file(path)
    return tuple(sorted(seen.values(), key=lambda p: p.name))


_RECENT: dict[tuple[str, tuple[str, ...]], tuple[float, Profile]] = {}
_RECHECK_SECONDS = 1.0


def load_profile(name_or_path: str | Path, extra_dirs: Iterable[Path | str] = ()) -> Profile:
    """The profile called ``name_or_path`` (searched in ``extra_dirs``, then bundled), or a file.

    A name resolved less than a second ago is not looked up on disk again (issuing in a loop
    should not pay for file system calls); an edited profile file is seen after that second.
    A path is checked at every call (and re-parsed when its modification time changes).
    """
    import time

    dirs_key = tuple(str(d) for d in extra_dirs)
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or "/" in text or text.endswith(".toml"):
        return _find_profile(name_or_path, dirs_key)  # a file: checked at every call
    key = (text, dirs_key)
    now = time.monotonic()
    recent = _RECENT.get(key)
    if recent is not None and now - recent[0] < _RECHECK_SECONDS:
        return recent[1]
    profile = _find_profile(name_or_path, dirs_key)
    if len(_RECENT) > 256:
        _RECENT.clear()
    _RECENT[key] = (now, profile)
    return profile


def _find_profile(name_or_path: str | Path, extra_dirs: Iterable[Path | str]) -> Profile:
    text = str(name_or_path)
    candidate = Path(text)
    if text.endswith(".toml") or "/" in text or isinstance(name_or_path, Path):
        if candidate.is_file():
            return load_profile_file(candidate)
        if candidate.suffix == ".toml" or "/" in text:
            raise InputError("testca.profile_file_missing", path=text)
    dirs = _search_dirs(extra_dirs)
    for directory in dirs:
        try:
            return load_profile_file(directory / f"{text}.toml")
        except InputError as exc:
            if exc.code != "testca.profile_unknown":
                raise
    known = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.toml")})
    raise InputError("testca.profile_unknown", name=text, known=", ".join(known))
