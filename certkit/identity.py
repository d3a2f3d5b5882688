"""French company identifiers in a certificate subject: SIREN, SIRET and VAT, with their checksums.

Where they are found (see ``DOMAIN.md``):

* ``organizationIdentifier`` (2.5.4.97, ETSI EN 319 412-1 §5.1.4): ``NTRFR-<SIREN|SIRET>``,
  ``VATFR-[FR]<key><SIREN>``, ``VATEU-FR<key><SIREN>``, ``SI:FR-<SIREN|SIRET>``;
* ``OU=0002 <SIREN|SIRET>`` (older RGS convention; ISO 6523 code 0002 = SIRENE), also seen as
  ``0002<n>`` without the space, ``002 <n>``, ``0001 <n>`` and a bare 9- or 14-digit OU;
* ``serialNumber`` when it is exactly a valid SIREN or SIRET (some CAs put it there).

A number written in groups (``serialNumber=334 961 745``, seen in a real certificate; ``OU=0002
334 961 745``) is reported as malformed with its raw value: the registry compares what the
certificate holds, so certkit never strips the separators to make it pass.

A value that does not follow these forms is reported (``identity.value_malformed``) and never
"repaired" into a number; a number whose checksum fails is reported with the raw value. ``siren`` is
set only from a valid number.

**Which SIREN wins** when a subject carries several different valid ones (reported as
``identity.siren_conflict``): ``organizationIdentifier`` first (the current ETSI encoding), then
``OU``, then ``serialNumber``; within one attribute type, the first in the certificate's order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from certkit.findings import Finding, Severity
from certkit.names import NameDecodeError, ParsedName, from_x509, identity_values, name_der

if TYPE_CHECKING:
    from cryptography import x509

__all__ = [
    "Candidate",
    "CompanyIdentity",
    "extract_identity",
    "is_valid_siren",
    "is_valid_siret",
    "luhn_valid",
    "vat_key",
    "vat_number",
]

ORGANIZATION_IDENTIFIER = "2.5.4.97"
ORGANIZATIONAL_UNIT = "2.5.4.11"
SERIAL_NUMBER = "2.5.4.5"

SOURCE_NAMES = {
    ORGANIZATION_IDENTIFIER: "organizationIdentifier",
    ORGANIZATIONAL_UNIT: "OU",
    SERIAL_NUMBER: "serialNumber",
}
_PRIORITY = {ORGANIZATION_IDENTIFIER: 0, ORGANIZATIONAL_UNIT: 1, SERIAL_NUMBER: 2}

LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"


# --- checksums ---------------------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum (every second digit from the right doubled) of a string of digits."""
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_siren(siren: str) -> bool:
    """Nine ASCII digits passing the Luhn checksum."""
    return len(siren) == 9 and luhn_valid(siren)


def is_valid_siret(siret: str) -> bool:
    """Fourteen digits: a valid SIREN followed by an establishment number, Luhn over all 14.

    La Poste's establishments (SIRET starting 356000000, except the head office 35600000000048)
    follow INSEE's special rule instead: the sum of the 14 digits is a multiple of 5.
    """
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return False
    if not is_valid_siren(siret[:9]):
        return False
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_HEAD_OFFICE:
        return sum(ord(c) - 48 for c in siret) % 5 == 0
    return luhn_valid(siret)


def vat_key(siren: str) -> int:
    """The two-digit key of the French VAT number: (12 + 3 × (SIREN mod 97)) mod 97."""
    return (12 + 3 * (int(siren) % 97)) % 97


def vat_number(siren: str) -> str:
    """The French intra-community VAT number of a SIREN: ``FR`` + key + SIREN."""
    return f"FR{vat_key(siren):02d}{siren}"


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """One attribute value that carries (or tried to carry) a company number."""

    source: str  # attribute name: organizationIdentifier, OU, serialNumber
    raw_value: str
    form: str  # NTRFR, VATFR, VATEU, SI:FR, OU 0002, OU 002, OU 0001, OU bare, serialNumber
    number: str | None  # the digits read (SIREN or SIRET), even when invalid
    siren: str | None  # set only when valid
    siret: str | None  # set only when valid
    valid: bool


@dataclass(frozen=True, slots=True)
class CompanyIdentity:
    """The company identifiers of a subject and what was noticed while reading them."""

    siren: str | None
    siret: str | None
    source: str | None  # attribute the winning SIREN came from
    raw_value: str | None  # that attribute's value (or the first rejected candidate's)
    findings: tuple[Finding, ...]
    candidates: tuple[Candidate, ...]

    @property
    def vat(self) -> str | None:
        """The French VAT number computed from the SIREN."""
        return vat_number(self.siren) if self.siren else None


# --- reading -----------------------------------------------------------------------------------

_ORG_ID = re.compile(r"(?P<scheme>[A-Z]{3}|[A-Z]{2}:)(?P<country>[A-Z]{2})-(?P<ref>.+)", re.S)
_FRENCH_LOOKING = re.compile(r"\s*(NTR|VAT|SI)\W*(FR|EU)", re.I)
_OU_CODE = re.compile(r"(?P<code>0002|002|0001)(?P<space>\s*)(?P<rest>[0-9][0-9 .\-]*)", re.S)
_DIGITS = re.compile(r"[0-9]{9}|[0-9]{14}")
# A number written in groups: digits with spaces, dots, hyphens or no-break spaces between them.
_GROUPED = re.compile(r"[0-9]+(?:[ .\-\u00a0\u202f]+[0-9]+)+")
_SEPARATORS = re.compile(r"[ .\-\u00a0\u202f]+")


def _grouped_number(raw: str) -> str | None:
    """The digits of ``raw`` when it is a 9- or 14-digit number written in groups
    (``334 961 745``, ``334.961.745``): a SIREN/SIRET that a CA wrote with separators."""
    if not _GROUPED.fullmatch(raw):
        return None
    digits = _SEPARATORS.sub("", raw)
    return digits if len(digits) in (9, 14) else None


def _finding(code: str, severity: Severity, **params: object) -> Finding:
    return Finding(code, severity, dict(params))


def _number_candidate(
    source: str, raw: str, form: str, number: str, findings: list[Finding]
) -> Candidate:
    """Check a 9- or 14-digit number read from ``raw``; report a failed checksum."""
    if len(number) == 9:
        if is_valid_siren(number):
            return Candidate(source, raw, form, number, number, None, True)
        findings.append(
            _finding(
                "identity.siren_checksum_invalid",
                Severity.WARNING,
                attribute=source,
                value=raw,
                number=number,
            )
        )
        return Candidate(source, raw, form, number, None, None, False)
    if is_valid_siret(number):
        return Candidate(source, raw, form, number, number[:9], number, True)
    findings.append(
        _finding(
            "identity.siret_checksum_invalid",
            Severity.WARNING,
            attribute=source,
            value=raw,
            number=number,
        )
    )
    return Candidate(source, raw, form, number, None, None, False)


def _malformed(source: str, raw: str, expected: str, findings: list[Finding]) -> Candidate:
    findings.append(
        _finding(
            "identity.value_malformed",
            Severity.WARNING,
            attribute=source,
            value=raw,
            expected=expected,
        )
    )
    return Candidate(source, raw, "malformed", None, None, None, False)


def _read_organization_identifier(raw: str, findings: list[Finding]) -> Candidate | None:
    source = "organizationIdentifier"
    match = _ORG_ID.fullmatch(raw)
    if match is None:
        if _FRENCH_LOOKING.match(raw):
            return _malformed(
                source, raw, "NTRFR-<SIREN|SIRET>, VATFR-<TVA>, SI:FR-<SIREN>", findings
            )
        findings.append(_finding("identity.org_id_unrecognised", Severity.INFO, value=raw))
        return None
    scheme, country, ref = match["scheme"], match["country"], match["ref"]
    if scheme == "VAT" and country in ("FR", "EU"):
        form = f"VAT{country}"
        body = ref[2:] if ref.startswith("FR") else ref
        if country == "EU" and not ref.startswith("FR"):
            findings.append(_finding("identity.org_id_not_french", Severity.INFO, value=raw))
            return None
        if not (len(body) == 11 and body.isascii() and body.isdigit()):
            return _malformed(source, raw, f"{scheme}{country}-FR<NN><SIREN>", findings)
        key, siren = body[:2], body[2:]
        candidate = _number_candidate(source, raw, form, siren, findings)
        if candidate.valid and int(key) != vat_key(siren):
            findings.append(
                _finding(
                    "identity.vat_key_invalid",
                    Severity.WARNING,
                    value=raw,
                    key=key,
                    expected_key=f"{vat_key(siren):02d}",
                    siren=siren,
                )
            )
            return Candidate(source, raw, form, siren, None, None, False)
        return candidate
    if country != "FR":
        findings.append(_finding("identity.org_id_not_french", Severity.INFO, value=raw))
        return None
    if scheme not in ("NTR", "SI:"):
        findings.append(_finding("identity.org_id_other_scheme", Severity.INFO, value=raw))
        return None
    form = "NTRFR" if scheme == "NTR" else "SI:FR"
    if not _DIGITS.fullmatch(ref):
        return _malformed(source, raw, f"{form}-<SIREN (9)|SIRET (14)>", findings)
    return _number_candidate(source, raw, form, ref, findings)


def _read_ou(raw: str, findings: list[Finding]) -> Candidate | None:
    source = "OU"
    if _grouped_number(raw) is not None:
        return _malformed(source, raw, "0002 <SIREN (9)|SIRET (14)>", findings)
    if _DIGITS.fullmatch(raw):
        candidate = _number_candidate(source, raw, "OU bare", raw, [])
        if candidate.valid:
            findings.append(
                _finding("identity.ou_variant", Severity.INFO, value=raw, form="bare number")
            )
            return candidate
        findings.append(_finding("identity.ou_number_not_siren", Severity.INFO, value=raw))
        return None
    match = _OU_CODE.fullmatch(raw)
    if match is None:
        return None
    code, space, rest = match["code"], match["space"], match["rest"]
    if not _DIGITS.fullmatch(rest):
        return _malformed(source, raw, "0002 <SIREN (9)|SIRET (14)>", findings)
    form = f"OU {code}"
    candidate = _number_candidate(source, raw, form, rest, findings)
    if candidate.valid and (code != "0002" or space != " "):
        detail = f"code {code}" if code != "0002" else "no space after 0002"
        if code != "0002" and space != " ":
            detail += ", no space"
        findings.append(_finding("identity.ou_variant", Severity.INFO, value=raw, form=detail))
    return candidate


def _read_serial_number(raw: str, findings: list[Finding]) -> Candidate | None:
    if _grouped_number(raw) is not None:
        return _malformed("serialNumber", raw, "<SIREN (9)|SIRET (14)>", findings)
    if not _DIGITS.fullmatch(raw):
        return None
    candidate = _number_candidate("serialNumber", raw, "serialNumber", raw, [])
    return candidate if candidate.valid else None


def extract_identity(name: x509.Name | bytes | ParsedName) -> CompanyIdentity:
    """SIREN, SIRET, where they came from, and findings, for a certificate subject."""
    if isinstance(name, ParsedName):
        return _extract(name)
    try:
        return _extract_der(name_der(name))
    except NameDecodeError:
        return _extract(from_x509(name))


@lru_cache(maxsize=4096)
def _extract_der(der: bytes) -> CompanyIdentity:
    return _extract_values(identity_values(der))


def _extract(parsed: ParsedName) -> CompanyIdentity:
    return _extract_values(
        [(a.oid, a.value) for a in parsed.attributes() if not a.binary and a.oid in _PRIORITY]
    )


def _extract_values(values: Sequence[tuple[str, str]]) -> CompanyIdentity:
    """The identity from the (type, text) pairs of the subject's relevant attributes, in order."""
    findings: list[Finding] = []
    candidates: list[tuple[int, int, Candidate]] = []
    for order, (oid, raw) in enumerate(values):
        if oid == ORGANIZATION_IDENTIFIER:
            candidate = _read_organization_identifier(raw, findings)
        elif oid == ORGANIZATIONAL_UNIT:
            candidate = _read_ou(raw, findings)
        else:
            candidate = _read_serial_number(raw, findings)
        if candidate is not None:
            candidates.append((_PRIORITY[oid], order, candidate))
    candidates.sort(key=lambda item: (item[0], item[1]))
    ordered = tuple(c for _, _, c in candidates)
    valid = [c for c in ordered if c.valid]
    if not valid:
        rejected = ordered[0] if ordered else None
        return CompanyIdentity(
            None,
            None,
            rejected.source if rejected else None,
            rejected.raw_value if rejected else None,
            tuple(findings),
            ordered,
        )
    winner = valid[0]
    distinct = list(dict.fromkeys(c.siren for c in valid if c.siren))
    if len(distinct) > 1:
        findings.append(
            _finding(
                "identity.siren_conflict",
                Severity.WARNING,
                sirens=", ".join(f"{c.siren} ({c.source}={c.raw_value})" for c in valid),
                winner=winner.siren,
                source=winner.source,
            )
        )
    siret = winner.siret or next(
        (c.siret for c in valid if c.siret and c.siren == winner.siren), None
    )
    return CompanyIdentity(
        winner.siren, siret, winner.source, winner.raw_value, tuple(findings), ordered
    )
