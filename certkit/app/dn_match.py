"""Does what someone typed match the certificate? One submission: subject DN, issuer DN and
optionally the SIREN, compared as structures (``certkit.registration.compare_certificate``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certkit.i18n import t

if TYPE_CHECKING:
    from certkit.registration import CertificateComparison
    from certkit.sources import CertificateBundle


def compare_submission(
    bundle: CertificateBundle,
    subject: str | None,
    issuer: str | None,
    siren: str | None,
    dn_format: str,
) -> CertificateComparison:
    """The comparison of a submission with ``bundle``'s client certificate."""
    from certkit.registration import compare_certificate, leaf_of

    leaf = leaf_of(bundle)
    index = next(i for i, cert in enumerate(bundle.certificates) if cert is leaf)
    return compare_certificate(
        leaf, subject, issuer, siren, dn_format, bundle.ders[index],
        name_ders=bundle.name_ders(index),  # a certificate read leniently: the file's own names
    )  # fmt: skip


def comparison_lines(result: CertificateComparison, lang: str) -> list[str]:
    """The comparison for people: one block per DN (status, expected, submitted, why), the SIREN."""
    lines: list[str] = []
    for key, comparison in (("subject", result.subject), ("issuer", result.issuer)):
        if comparison is None:  # not submitted
            continue
        mark = "✓" if comparison.status.ok else "✗"
        lines.append(f"{mark} {t(f'dn_match.label_{key}', lang)}: {comparison.status.value}")
        lines.append(f"    {t('dn_match.label_expected', lang)}:  {comparison.expected}")
        if comparison.submitted != comparison.expected:
            lines.append(f"    {t('dn_match.label_submitted', lang)}:  {comparison.submitted}")
        lines.append(f"    {comparison.explanation.message(lang)}")
    if result.siren is not None:
        mark = "✓" if result.siren.status.value == "match" else "✗"
        lines.append(
            f"{mark} {t('dn_match.label_siren', lang)}: {result.siren.status.value} — "
            f"{result.siren.explanation.message(lang)}"
        )
    return lines
