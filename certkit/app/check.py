"""Checking certificates: the options a check runs with, one file's report, its JSON and text.

The command line (``certkit check``), the web page and the HTTP API call these functions: the
CLI's ``--json`` and the API's body come from :func:`report_json`, the text report and the page
from the same findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certkit.app.common import parse_at, parse_siren
from certkit.errors import CertkitError, InputError
from certkit.i18n import catalogue, render, t
from certkit.registration import registration_data
from certkit.render import facts_json

if TYPE_CHECKING:
    from certkit.chain import CaStore
    from certkit.checks import CheckOptions, Report
    from certkit.findings import Finding
    from certkit.policy import AcceptanceProfile, Catalogue

SYMBOLS = {"ok": "✓", "info": "·", "warning": "⚠", "error": "✗"}

__all__ = [
    "SYMBOLS",
    "CheckSetup",
    "build_options",
    "findings_json",
    "parse_at",
    "parse_siren",
    "registration_fields",
    "report_json",
    "report_lines",
]


@dataclass(frozen=True, slots=True)
class CheckSetup:
    """What every check of a run shares, loaded once: the policy catalogue (bundled plus
    ``--catalogue``) and the CA store of trust anchors (the catalogue's stores plus ``--trust``).
    A long-running server keeps one and derives each request's options from it."""

    catalogue: Catalogue
    store: CaStore
    _profiles: dict[str, AcceptanceProfile] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, catalogues: tuple[Path, ...] = (), trust: tuple[Path, ...] = ()) -> CheckSetup:
        from certkit.chain import CaStore, read_pem_entries
        from certkit.policy import Catalogue

        catalogue = Catalogue.load(catalogues)
        entries = []
        for ca_file in catalogue.ca_files:
            entries.extend(read_pem_entries(Path(ca_file)))
        for trust_file in trust:
            entries.extend(read_pem_entries(trust_file, origin_label=f"--trust {trust_file.name}"))
        return cls(catalogue, CaStore.from_entries(entries))

    def profile(self, name_or_path: str) -> AcceptanceProfile:
        """An acceptance profile, read once."""
        from certkit.policy import load_profile

        found = self._profiles.get(name_or_path)
        if found is None:
            found = self._profiles[name_or_path] = load_profile(name_or_path)
        return found

    def options(
        self,
        profile: str,
        *,
        at: str | dt.datetime | None = None,
        siren: str | None = None,
        extra_chain: tuple[Any, ...] = (),
        fetch_aia: bool = False,
        revocation: str | None = None,
        timeout: float = 5.0,
        password_hint: str = "",
    ) -> CheckOptions:
        """The options of one check (or one batch: it is checked as of one moment)."""
        from certkit.checks import CheckOptions

        moment = at if isinstance(at, dt.datetime) else parse_at(at)
        return CheckOptions(
            profile=self.profile(profile),
            catalogue=self.catalogue,
            store=self.store,
            at=moment or dt.datetime.now(dt.UTC),
            expected_siren=parse_siren(siren),
            extra_chain=extra_chain,
            fetch_aia=fetch_aia,
            revocation=revocation,
            timeout=timeout,
            password_hint=password_hint,
        )


def read_chain_files(chain_files: tuple[Path, ...], lang: str | None = None) -> tuple[Any, ...]:
    """The certificates of ``--chain`` files; one clear error naming the file that fails."""
    extra: list[Any] = []
    for path in chain_files:
        try:
            extra.extend(_chain_certificates(path))
        except CertkitError as exc:
            raise InputError(
                "checks.cli.chain_unreadable", path=str(path), reason=exc.message(lang)
            ) from None
    return tuple(extra)


def build_options(
    profile: str,
    catalogues: tuple[Path, ...],
    trust: tuple[Path, ...],
    chain_files: tuple[Path, ...],
    at: str | dt.datetime | None,
    siren: str | None,
    fetch_aia: bool,
    revocation: str | None,
    timeout: float,
    *,
    password_hint: str = "",
    lang: str | None = None,
) -> CheckOptions:
    """The options of ``certkit check``: everything loaded for this one run."""
    setup = CheckSetup.load(catalogues, trust)
    setup.profile(profile)  # a bad profile is reported before a bad --chain file
    return setup.options(
        profile,
        at=at,
        siren=siren,
        extra_chain=read_chain_files(chain_files, lang),
        fetch_aia=fetch_aia,
        revocation=revocation,
        timeout=timeout,
        password_hint=password_hint,
    )


def registration_fields(report: Report, dn_format: str, lang: str) -> dict[str, Any] | None:
    """What to type into the registry account form, exactly as ``certkit registration`` says."""
    if report.facts is None:
        return None
    facts = report.facts
    data: dict[str, Any] = registration_data(
        facts.certificate, dn_format, name_ders=(facts.subject_der, facts.issuer_der)
    ).to_json(lang)
    data["findings"].append(_registration_advice(lang))
    return data


def _registration_advice(lang: str) -> dict[str, Any]:
    hit = _ADVICE.get(lang)
    if hit is None:
        from certkit.registration import upload_advice

        hit = _ADVICE[lang] = upload_advice().to_json(lang)
    return hit


_ADVICE: dict[str, dict[str, Any]] = {}


def findings_json(findings: tuple[Finding, ...], lang: str) -> list[dict[str, Any]]:
    """Findings as JSON (as ``Finding.to_json``), message templates looked up once per run.

    Most findings of a batch repeat word for word (the same CA, policy and usages on every
    certificate): each distinct one is worded once and its JSON object shared, never modified.
    """
    out: list[dict[str, Any]] = []
    for item in findings:
        try:
            # Keyed by values: a code always passes the same types for the same parameter, so
            # values that compare equal (1 and True) never need telling apart here.
            key: Any = (lang, item.code, *item.params.items())
            hit = _FINDINGS_JSON.get(key)
        except TypeError:  # a parameter value that cannot be hashed: worded every time
            key, hit = None, None
        if hit is None:
            hit = _finding_json(item, lang)
            if key is not None:
                if len(_FINDINGS_JSON) >= 4096:
                    _FINDINGS_JSON.clear()
                _FINDINGS_JSON[key] = hit
        out.append(hit)
    return out


_FINDINGS_JSON: dict[Any, dict[str, Any]] = {}


def _finding_json(item: Finding, lang: str) -> dict[str, Any]:
    texts = catalogue().get(item.code)
    message = None
    if (
        texts is not None
        and lang in texts
        and not any(k.endswith(("_code", "_codes")) for k in item.params)
    ):
        try:
            message = render(texts[lang], lang, item.params)
        except (KeyError, IndexError, ValueError, TypeError):
            message = None
    return {
        "code": item.code,
        "severity": item.severity.value,
        "message": message if message is not None else item.message(lang),
        "params": item.params,  # serialised as is, never modified
    }


def report_json(report: Report, lang: str, dn_format: str) -> dict[str, Any]:
    return {
        "path": report.path,
        "verdict": report.verdict.value,
        "profile": report.profile,
        "rgs_level": report.rgs_level,
        "rgs_level_claimed": report.rgs_level_claimed,
        "eidas_qualified": report.eidas_qualified,
        "eidas": report.eidas.to_json() if report.eidas is not None else None,
        "findings": findings_json(report.findings, lang),
        "certificate": (
            facts_json(report.facts, is_leaf=True, now=report.now)
            if report.facts is not None
            else None
        ),
        "registration": registration_fields(report, dn_format, lang),
    }


def report_lines(report: Report, lang: str, dn_format: str) -> list[str]:
    lines = [t("checks.cli.header", lang, path=report.path, profile=report.profile)]
    for item in report.findings:
        lines.append(f"  {SYMBOLS.get(item.severity.value, '?')} {item.message(lang)}")
    lines.append(t(f"checks.cli.verdict.{report.verdict.value}", lang))
    fields = registration_fields(report, dn_format, lang)
    if fields is not None:
        lines.append(t("checks.cli.registration", lang))
        for label, key in (("subject", "subject_dn"), ("issuer", "issuer_dn")):
            name = t(f"registration.label_{label}", lang)
            lines.append(t("checks.cli.field", lang, label=name, value=fields[key]))
        siren = fields["siren"] or "-"
        siret = f" (SIRET {fields['siret']})" if fields["siret"] else ""
        lines.append(t("checks.cli.field", lang, label="SIREN", value=f"{siren}{siret}"))
        for item in fields["findings"]:
            if item["severity"] in ("warning", "error"):
                lines.append(f"  {SYMBOLS['warning']} {item['message']}")
            elif item["code"] == "registration.import_recommended":
                lines.append(f"  {SYMBOLS['info']} {item['message']}")
    return lines


def _chain_certificates(path: Path) -> tuple[Any, ...]:
    from certkit.sources import load_path

    return load_path(path).certificates


def checks_json(lang: str) -> dict[str, Any]:
    """Every finding code with its severity, check, family, description and rule source
    (``certkit checks list --json``, ``GET /api/v1/checks``)."""
    from certkit.checks import CHECKS

    return {
        "checks": [
            {
                "code": spec.code,
                "severity": spec.severity.value,
                "check": check.name,
                "family": check.family,
                "description": t(check.about_code, lang),
                "rule": t(f"checks.rule.{check.name}", lang),
            }
            for check in CHECKS
            for spec in check.codes
        ]
    }
