"""What to type into the registry form for one file: the two DN strings, the SIREN, the warnings
about the file and the values, and the advice to import the key-less PEM instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from certkit.findings import Finding, Severity
from certkit.i18n import t
from certkit.registration import (
    RegistrationData,
    export_advice,
    leaf_of,
    registration_data,
    upload_advice,
)

if TYPE_CHECKING:
    from certkit.policy import AcceptanceProfile
    from certkit.sources import CertificateBundle


@dataclass(frozen=True, slots=True)
class RegistrationReport:
    """The registry form's fields for one file, with what to tell the person filling it."""

    data: RegistrationData
    file_notes: tuple[Finding, ...]  # about the file (a private key in it)

    @property
    def advice(self) -> Finding:
        return upload_advice()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every note, in the order people read them: file, values, identity, advice."""
        data = self.data
        return (*self.file_notes, *data.warnings, *data.identity.findings, self.advice)

    def to_json(self, lang: str) -> dict[str, Any]:
        result = self.data.to_json(lang)
        result["findings"] = [f.to_json(lang) for f in self.findings]
        return result

    def lines(self, lang: str) -> list[str]:
        """The values, each under its label, ready to copy (notes not included)."""
        data = self.data
        lines = [
            t("registration.label_subject", lang),
            data.subject_dn,
            "",
            t("registration.label_issuer", lang),
            data.issuer_dn,
            "",
            t("registration.label_siren", lang),
            data.identity.siren or t("registration.siren_none", lang),
        ]
        if data.identity.siret:
            lines += ["", t("registration.label_siret", lang), data.identity.siret]
        return lines


def registration_report(
    bundle: CertificateBundle,
    profile: AcceptanceProfile,
    dn_format: str | None = None,
    *,
    password_hint: str = "",
) -> RegistrationReport:
    """The fields for ``bundle``'s client certificate in ``dn_format`` (default: the profile's);
    :class:`certkit.errors.InputError` for a file holding no single client certificate."""
    leaf = leaf_of(bundle)
    index = next(i for i, cert in enumerate(bundle.certificates) if cert is leaf)
    # The file's own names: a certificate read leniently is re-encoded in ``leaf``.
    names = bundle.name_ders(index)
    data = registration_data(leaf, dn_format or profile.dn_format, name_ders=names)
    notes: list[Finding] = []
    reading = bundle.reading(index)
    if reading is not None:  # not DER: said first, then each departure
        notes.append(Finding("encoding.read_leniently", Severity.WARNING, {}))
        notes.extend(reading.problems)
    if bundle.has_private_key:
        command = export_advice(bundle.source, password_hint, profile.upload_format)
        notes.append(
            Finding(
                "registration.file_has_private_key",
                Severity.WARNING,
                {"path": bundle.source, **command},
            )
        )
    return RegistrationReport(data, tuple(notes))
