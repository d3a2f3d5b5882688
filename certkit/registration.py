"""What goes into the registry form, and whether what someone typed matches the certificate.

* :func:`registration_data` — the subject DN ("DN Certificat client"), the issuer DN ("DN Emetteur
  Certificat") in the profile's form, the SIREN/SIRET, and warnings about characters that often get
  mangled when typed (spaces at either end of a value, escapes such as ``\\,``, non-ASCII letters,
  control characters).
* :func:`compare_dn` / :func:`compare_siren` — for registry administrators: ``exact`` (same string
  as the certificate's registry form), ``equivalent`` (same name written differently),
  ``reordered`` (same RDNs in the reverse order) or ``mismatch``, with an explanation naming the
  attribute that differs. Comparison is on parsed structures (:func:`certkit.names.names_equal`).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from certkit import names
from certkit.errors import InputError
from certkit.findings import Finding, Severity
from certkit.identity import CompanyIdentity, extract_identity, is_valid_siren

if TYPE_CHECKING:
    from cryptography import x509

__all__ = [
    "DnComparison",
    "MatchStatus",
    "RegistrationData",
    "SirenComparison",
    "SirenStatus",
    "compare_certificate",
    "compare_dn",
    "compare_siren",
    "registration_data",
    "typing_warnings",
]


# --- registration data ---------------------------------------------------------------------------

SUBJECT_FIELD = "DN Certificat client"
ISSUER_FIELD = "DN Emetteur Certificat"


@dataclass(frozen=True, slots=True)
class RegistrationData:
    """The strings to paste into the registry form, and what to watch out for when typing them."""

    subject_dn: str
    issuer_dn: str
    dn_format: str
    identity: CompanyIdentity
    warnings: tuple[Finding, ...]

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "subject_dn": self.subject_dn,
            "issuer_dn": self.issuer_dn,
            "dn_format": self.dn_format,
            "siren": self.identity.siren,
            "siret": self.identity.siret,
            "siren_source": self.identity.source if self.identity.siren else None,
            "findings": [f.to_json(lang) for f in (*self.warnings, *self.identity.findings)],
        }


def _names_der(cert: x509.Certificate, der: bytes | None) -> tuple[bytes, bytes]:
    if der is not None:
        try:
            return names.certificate_names_der(der)
        except names.NameDecodeError:
            pass
    return names.subject_issuer_der(cert)


def registration_data(
    cert: x509.Certificate,
    dn_format: str = "rfc4514",
    *,
    name_ders: tuple[bytes, bytes] | None = None,
) -> RegistrationData:
    """Subject and issuer DN in ``dn_format``, SIREN/SIRET, and typing warnings for ``cert``.

    ``name_ders`` (subject DER, issuer DER) saves re-reading them when the caller has them
    (:class:`certkit.model.CertificateFacts` does).
    """
    subject_der, issuer_der = name_ders or names.subject_issuer_der(cert)
    subject_dn = names.render(subject_der, dn_format)
    issuer_dn = names.render(issuer_der, dn_format)
    warnings = (
        *_typing_warnings(SUBJECT_FIELD, subject_dn, names.attribute_values(subject_der)),
        *_typing_warnings(ISSUER_FIELD, issuer_dn, names.attribute_values(issuer_der)),
    )
    return RegistrationData(
        subject_dn, issuer_dn, dn_format, extract_identity(subject_der), tuple(warnings)
    )


def typing_warnings(which: str, rendered: str, name: names.ParsedName) -> list[Finding]:
    """Warnings for values that are easy to get wrong when a person types the DN ``rendered``."""
    return _typing_warnings(
        which, rendered, ((a.oid, a.value, a.binary) for a in name.attributes())
    )


def _typing_warnings(
    which: str, rendered: str, attributes: Iterable[tuple[str, str, bool]]
) -> list[Finding]:
    """:func:`typing_warnings` over (dotted OID, value, binary) triples."""
    found: list[Finding] = []
    for oid, value, binary in attributes:
        if binary:
            continue
        label = names.attribute_label(oid) or oid
        if value != value.strip(" ") or "  " in value:
            found.append(
                Finding(
                    "registration.value_spaces",
                    Severity.WARNING,
                    {"dn": which, "attribute": label, "value": value},
                )
            )
        if not value.isprintable() and any(unicodedata.category(c) == "Cc" for c in value):
            found.append(
                Finding(
                    "registration.control_characters",
                    Severity.WARNING,
                    {
                        "dn": which,
                        "attribute": label,
                        "value": value.encode("unicode_escape").decode("ascii"),
                    },
                )
            )
        if not value.isascii():
            letters = "".join(dict.fromkeys(c for c in value if not c.isascii()))
            found.append(
                Finding(
                    "registration.non_ascii",
                    Severity.WARNING,
                    {"dn": which, "attribute": label, "value": value, "characters": letters},
                )
            )
    if "\\" in rendered:
        escapes = sorted({rendered[i : i + 2] for i, c in enumerate(rendered) if c == "\\"})
        found.append(
            Finding(
                "registration.escapes",
                Severity.WARNING,
                {"dn": which, "escapes": " ".join(escapes)},
            )
        )
    return found


# --- DN comparison -------------------------------------------------------------------------------


class MatchStatus(StrEnum):
    """How a submitted DN relates to the certificate's."""

    EXACT = "exact"
    EQUIVALENT = "equivalent"
    REORDERED = "reordered"
    MISMATCH = "mismatch"

    @property
    def ok(self) -> bool:
        return self in ("exact", "equivalent")


@dataclass(frozen=True, slots=True)
class DnComparison:
    """One submitted DN against the certificate's: status, expected string, explanation."""

    status: MatchStatus
    expected: str
    submitted: str
    explanation: Finding

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return _comparison_json(self, lang)


def _comparison_json(
    comparison: DnComparison | SirenComparison, lang: str | None
) -> dict[str, Any]:
    explanation = comparison.explanation
    return {
        "status": str(comparison.status),
        "expected": comparison.expected,
        "submitted": comparison.submitted,
        "explanation": explanation.message(lang),
        "explanation_code": explanation.code,
        "details": {
            k: v
            if isinstance(v, str | int | None)
            else [str(i) for i in v]
            if isinstance(v, list | tuple)
            else str(v)
            for k, v in explanation.params.items()
        },
    }


_EXACT = Finding("dn_match.exact", Severity.OK)


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> names.ParsedName | InputError:
    try:
        return names.parse_dn(text)
    except InputError as exc:
        return exc


def compare_dn(
    expected: names.ParsedName | bytes, expected_text: str, submitted: str
) -> DnComparison:
    """Compare a typed DN with a certificate's name (``expected``, or its DER; ``expected_text``
    its registry form)."""
    if submitted == expected_text:
        return DnComparison(MatchStatus.EXACT, expected_text, submitted, _EXACT)
    parsed = _parse_cached(submitted)
    expected_name = expected if isinstance(expected, names.ParsedName) else names.from_der(expected)
    if isinstance(parsed, InputError):
        lost = _lost_escape(expected_name, submitted)
        return DnComparison(
            MatchStatus.MISMATCH,
            expected_text,
            submitted,
            lost or Finding(parsed.code, Severity.ERROR, dict(parsed.params)),
        )
    typed_key, expected_key = names.name_key(parsed), names.name_key(expected_name)
    if typed_key == expected_key:
        return DnComparison(
            MatchStatus.EQUIVALENT,
            expected_text,
            submitted,
            _equivalent_explanation(parsed, expected_name, submitted, expected_text),
        )
    if len(typed_key) > 1 and typed_key[::-1] == expected_key:
        return DnComparison(
            MatchStatus.REORDERED,
            expected_text,
            submitted,
            Finding(
                "dn_match.reordered",
                Severity.WARNING,
                {
                    "first": _label_of(parsed.rdns[-1]),
                    "expected_first": _label_of(expected_name.rdns[-1]),
                },
            ),
        )
    explanation = None
    if parsed.form not in (names.DNForm.OPENSSL, names.DNForm.LINES):
        explanation = _lost_escape(expected_name, submitted)
    return DnComparison(
        MatchStatus.MISMATCH,
        expected_text,
        submitted,
        explanation or explain_difference(expected_name, parsed),
    )


def _lost_escape(expected: names.ParsedName, submitted: str) -> Finding | None:
    """A value of the certificate holding a comma (or a +) typed without its backslash: in a
    comma-separated DN that splits the value in two — the most common typing slip of all."""
    if submitted.lstrip().startswith("/"):
        return None  # the OpenSSL /-form writes commas as they are
    for attribute in expected.attributes():
        value = attribute.value
        if attribute.binary or not any(c in value for c in ",+"):
            continue
        escaped = value.replace("\\", "\\\\").replace(",", "\\,").replace("+", "\\+")
        if value in submitted and escaped not in submitted:
            return Finding(
                "dn_match.comma_unescaped",
                Severity.ERROR,
                {"attribute": attribute.label, "value": value, "escaped": escaped},
            )
    return None


def _label_of(rdn: tuple[names.NameAttribute, ...]) -> str:
    return "+".join(a.label for a in rdn)


def _equivalent_explanation(
    parsed: names.ParsedName, expected: names.ParsedName, submitted: str, expected_text: str
) -> Finding:
    differences: list[str] = []
    if submitted.strip() == expected_text:
        differences.append("dn_match.difference.spaces_around")
    if parsed.form is names.DNForm.OPENSSL:
        differences.append("dn_match.difference.openssl_form")
    elif parsed.form is names.DNForm.LINES:
        differences.append("dn_match.difference.lines")
    elif parsed.form is names.DNForm.ONELINE:
        differences.append("dn_match.difference.spaces_equals")
    typed = [a for rdn in parsed.rdns for a in sorted(rdn, key=names.prepare)]
    cert = [a for rdn in expected.rdns for a in sorted(rdn, key=names.prepare)]
    if any(
        a.value != b.value and unicodedata.normalize("NFC", a.value) != b.value
        for a, b in zip(typed, cert, strict=False)
    ):
        differences.append("dn_match.difference.case")
    if any(
        unicodedata.normalize("NFC", a.value) == b.value and a.value != b.value
        for a, b in zip(typed, cert, strict=False)
    ):
        differences.append("dn_match.difference.unicode")
    if not differences:
        differences.append("dn_match.difference.writing")
    return Finding("dn_match.equivalent", Severity.OK, {"differences_codes": differences})


def explain_difference(expected: names.ParsedName, got: names.ParsedName) -> Finding:
    """Which attribute differs between the certificate's name and a submitted one."""
    want = Counter(names.prepare(a) for a in expected.attributes())
    have = Counter(names.prepare(a) for a in got.attributes())
    if want == have:
        return Finding("dn_match.order_differs", Severity.ERROR, {})
    by_key_want = {names.prepare(a): a for a in expected.attributes()}
    by_key_have = {names.prepare(a): a for a in got.attributes()}
    missing = [by_key_want[k] for k in want if want[k] > have.get(k, 0)]
    extra = [by_key_have[k] for k in have if have[k] > want.get(k, 0)]
    if missing and extra:
        # the same attribute type with another value: the most useful thing to say
        for m in missing:
            for e in extra:
                if m.oid == e.oid:
                    hint = _value_hint(m.value, e.value)
                    return Finding(
                        f"dn_match.value_differs_{hint}" if hint else "dn_match.value_differs",
                        Severity.ERROR,
                        {"attribute": m.label, "expected": m.value, "submitted": e.value},
                    )
        return Finding(
            "dn_match.attribute_differs",
            Severity.ERROR,
            {
                "expected": f"{missing[0].label}={missing[0].value}",
                "submitted": f"{extra[0].label}={extra[0].value}",
            },
        )
    if missing:
        return Finding(
            "dn_match.missing_attribute",
            Severity.ERROR,
            {"attribute": missing[0].label, "value": missing[0].value},
        )
    return Finding(
        "dn_match.extra_attribute",
        Severity.ERROR,
        {"attribute": extra[0].label, "value": extra[0].value},
    )


def _value_hint(expected: str, submitted: str) -> str:
    """Why two values of the same attribute differ, when it is one of the usual traps."""
    if expected.strip() == submitted.strip():
        return "spaces_at_ends"
    if " ".join(expected.split()) == " ".join(submitted.split()):
        return "spaces"
    if any(unicodedata.category(c) == "Cc" for c in expected + submitted):
        return "control"
    folded_e = unicodedata.normalize("NFKC", expected).casefold()
    folded_s = unicodedata.normalize("NFKC", submitted).casefold()
    if folded_e == folded_s or _skeleton(folded_e) == _skeleton(folded_s):
        return "lookalike"
    if "," in expected and expected.replace(",", "") == submitted.replace(",", ""):
        return "comma"
    return ""


# A few confusable letters (Cyrillic and Greek capitals and small letters that look Latin).
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡνοκτАВЕКМНОРСТХΑΒΕΗΙΚΜΝΟΡΤΥΧ\u200b\u200c\u200d\u2060\ufeff",
    "aeopcyxijsdgvoktABEKMHOPCTXABEHIKMNOPTYX     ",
)


def _skeleton(text: str) -> str:
    return text.translate(_CONFUSABLES).replace(" ", "")


# --- SIREN comparison ----------------------------------------------------------------------------


class SirenStatus(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class SirenComparison:
    status: SirenStatus
    expected: str | None
    submitted: str
    explanation: Finding

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return _comparison_json(self, lang)


def compare_siren(found: CompanyIdentity, submitted: str) -> SirenComparison:
    """``match`` when the certificate's SIREN is the submitted one (a SIRET's first 9 digits count),
    ``missing`` when the certificate carries no valid SIREN, ``mismatch`` otherwise."""
    digits = "".join(c for c in submitted if c not in " .\u00a0")
    if found.siren is None:
        return SirenComparison(
            SirenStatus.MISSING,
            None,
            submitted,
            Finding("dn_match.siren_missing", Severity.ERROR, {"submitted": submitted}),
        )
    head = digits[:9] if len(digits) == 14 else digits
    if head == found.siren and (len(digits) == 9 or len(digits) == 14):
        return SirenComparison(
            SirenStatus.MATCH,
            found.siren,
            submitted,
            Finding("dn_match.siren_match", Severity.OK, {"siren": found.siren}),
        )
    code = "dn_match.siren_mismatch" if is_valid_siren(head) else "dn_match.siren_not_a_siren"
    return SirenComparison(
        SirenStatus.MISMATCH,
        found.siren,
        submitted,
        Finding(
            code,
            Severity.ERROR,
            {"siren": found.siren, "submitted": submitted, "source": found.source or "?"},
        ),
    )


# --- one certificate -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CertificateComparison:
    """What was submitted for a certificate, compared: each part None when it was not given."""

    subject: DnComparison | None
    issuer: DnComparison | None
    siren: SirenComparison | None

    @property
    def ok(self) -> bool:
        return (
            (self.subject is None or self.subject.status.ok)
            and (self.issuer is None or self.issuer.status.ok)
            and (self.siren is None or self.siren.status == "match")
        )

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "subject": self.subject.to_json(lang) if self.subject else None,
            "issuer": self.issuer.to_json(lang) if self.issuer else None,
            "siren": self.siren.to_json(lang) if self.siren else None,
            "ok": self.ok,
        }


def compare_certificate(
    cert: x509.Certificate,
    subject: str | None,
    issuer: str | None,
    siren: str | None = None,
    dn_format: str = "rfc4514",
    der: bytes | None = None,
    *,
    name_ders: tuple[bytes, bytes] | None = None,
) -> CertificateComparison:
    """Compare a submission (subject DN, issuer DN, SIREN — any of them may be left out) with
    ``cert`` (``der``: its DER encoding when the caller has it, which saves re-encoding;
    ``name_ders``: its subject and issuer DER, for a certificate read leniently whose names are
    not in ``cert``)."""
    subject_der, issuer_der = name_ders or _names_der(cert, der)
    return CertificateComparison(
        compare_dn(subject_der, names.render(subject_der, dn_format), subject)
        if subject is not None
        else None,
        compare_dn(issuer_der, names.render(issuer_der, dn_format), issuer)
        if issuer is not None
        else None,
        compare_siren(extract_identity(subject_der), siren) if siren is not None else None,
    )


def holds_only_ca_certificates(bundle: Any, leaf: Any = None) -> bool:
    """True when every certificate of the file is a CA certificate (basicConstraints cA): the
    chain a CA delivers beside the certificate (``chaine.pem``), not the certificate itself.
    ``leaf``: the leaf's :class:`certkit.model.CertificateFacts` when the caller has them."""
    from certkit import model

    certificates = bundle.certificates
    if not certificates:
        return False
    if leaf is not None and not leaf.is_ca:
        return False
    return all(model.facts(c).is_ca for c in certificates)


def leaf_of(bundle: Any) -> x509.Certificate:
    """The client certificate of a loaded file (its only certificate, or the leaf of its chain).

    :class:`InputError` when the file holds none, several unrelated ones, or only CA
    certificates (the chain, not the client certificate).
    """
    certificates = bundle.certificates
    if not certificates:
        raise InputError("registration.no_certificate", path=bundle.source)
    if holds_only_ca_certificates(bundle):
        raise InputError("registration.chain_only", path=bundle.source, count=len(certificates))
    if len(certificates) == 1:
        return certificates[0]  # type: ignore[no-any-return]
    leaf = bundle.leaf
    if leaf is None:
        raise InputError("registration.no_single_leaf", path=bundle.source, count=len(certificates))
    return leaf  # type: ignore[no-any-return]


# What each profile's administration wants sent (AcceptanceProfile.upload_format): the export
# options that produce it and the output file's suffix.
_UPLOAD = {
    "pem": ("", ".pem"),
    "der": (" --format der", ".cer"),
    "pkcs7-chain": (" --chain --format p7b", ".p7b"),
}


def export_advice(source: str, password_hint: str, upload_format: str = "pem") -> dict[str, str]:
    """Parameters of the ``certkit export`` command that makes the file to upload from
    ``source``: ``file`` (quoted for a shell), ``options`` (the password option as the user gave
    it, then the format) and ``suffix`` of the output file. Messages spell the output name."""
    import shlex

    options, suffix = _UPLOAD.get(upload_format, _UPLOAD["pem"])
    hint = f" {password_hint}" if password_hint else ""
    return {"file": shlex.quote(source), "options": hint + options, "suffix": suffix}


def upload_advice() -> Finding:
    """The registry's advice on filling the form: import the key-less PEM rather than typing."""
    return Finding("registration.import_recommended", Severity.INFO, {})
