"""What the pages show, as plain data built from the application layer's results (the templates
only lay it out)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from certkit.app.check import SYMBOLS, registration_fields
from certkit.i18n import lookup, t

if TYPE_CHECKING:
    from certkit.checks import Report
    from certkit.findings import Finding
    from certkit.policy import AcceptanceProfile
    from certkit.sources import CertificateBundle

UPLOAD_NAME = "certificat-a-televerser.pem"
_ESCAPE = re.compile(r"\\(?:[0-9A-Fa-f]{2}|.)")


def show_escapes(text: str) -> Markup:
    """``text`` for HTML with each backslash escape (``\\,``, ``\\C3``) marked, so people see
    the characters they must copy too."""
    out: list[str] = []
    last = 0
    for match in _ESCAPE.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def data_url(data: bytes, media_type: str) -> str:
    """A ``data:`` URL for a download link: the page carries the file, the server keeps none."""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass(frozen=True, slots=True)
class FindingView:
    severity: str
    symbol: str
    label: str
    message: str


@dataclass(frozen=True, slots=True)
class FieldView:
    key: str
    label: str
    value: str
    shown: Markup
    has_escapes: bool


# Problems first on the page: a syndic reads what to fix before what is fine.
_ORDER = {"error": 0, "warning": 1, "info": 2, "ok": 3}


# Page wordings that point to the page's download of the key-less file: only where it is offered.
_POINTS_TO_DOWNLOAD = frozenset({"checks.private_key_present"})


def finding_text(finding: Finding, lang: str, offers_download: bool) -> str:
    """What ``finding`` says on the page: its own message, or — where the CLI's advice is a
    command-line option (``--chain FILE``, ``certkit export``) — the page's wording of the same
    advice (``web.finding.<code>``, same parameters): drop the file with its chain, use the
    download below. The API keeps the CLI's message."""
    page_code = f"web.finding.{finding.code}"
    if lookup(page_code) is None or (finding.code in _POINTS_TO_DOWNLOAD and not offers_download):
        return finding.message(lang)
    return t(page_code, lang, **finding.params)


def findings_view(report: Report, lang: str, offers_download: bool = False) -> list[FindingView]:
    findings = sorted(report.findings, key=lambda f: _ORDER.get(f.severity.value, 4))
    return [
        FindingView(
            f.severity.value,
            SYMBOLS.get(f.severity.value, "?"),
            t(f"web.severity.{f.severity.value}", lang),
            finding_text(f, lang, offers_download),
        )
        for f in findings
    ]


def check_view(
    report: Report,
    bundle: CertificateBundle,
    profile: AcceptanceProfile,
    lang: str,
    dn_format: str,
) -> dict[str, Any]:
    """Everything the result page shows for one checked file."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from certkit.app.reminder import renewal_reminder
    from certkit.render import iso

    fields = registration_fields(report, dn_format, lang)
    facts = report.facts
    # The key-less PEM is offered for a file that is not already one to upload as it is.
    offers_download = (
        fields is not None
        and facts is not None
        and (bundle.has_private_key or bundle.format.value != "pem" or len(bundle.certificates) > 1)
    )
    view: dict[str, Any] = {
        "name": report.path,
        "verdict": report.verdict.value,
        "verdict_label": t(f"web.verdict.{report.verdict.value}", lang),
        "verdict_text": t(f"web.verdict_text.{report.verdict.value}", lang),
        "checked_against": t(
            "web.checked_against", lang, profile=report.profile, date=iso(report.now)
        ),
        "findings": findings_view(report, lang, offers_download),
        "fields": [],
        "field_notes": [],
        "download": None,
        "expiry": None,
    }
    if fields is None or facts is None:
        return view
    siren = fields["siren"] or t("web.no_siren", lang)
    if fields["siret"]:
        siren = f"{siren} (SIRET {fields['siret']})"
    view["fields"] = [
        _field("subject", t("registration.label_subject", lang), fields["subject_dn"]),
        _field("issuer", t("registration.label_issuer", lang), fields["issuer_dn"]),
        _field("siren", t("registration.label_siren", lang), fields["siren"] or "", shown=siren),
    ]
    view["field_notes"] = [
        f["message"]
        for f in fields["findings"]
        if f["severity"] in ("warning", "error") and f["code"] != "registration.import_recommended"
    ]
    if offers_download:
        pem = facts.certificate.public_bytes(Encoding.PEM)
        view["download"] = {
            "href": data_url(pem, "application/x-pem-file"),
            "filename": UPLOAD_NAME,
            "why": t(
                "web.download_why_key" if bundle.has_private_key else "web.download_why_format",
                lang,
            ),
        }
    days = (facts.not_after - report.now).days
    date = iso(facts.not_after)[:10]
    reminder_days = profile.expiry_warning_days
    ics = renewal_reminder(
        name=_common_name(facts.subject_rfc4514) or report.path,
        sha256=facts.sha256,
        not_after=facts.not_after,
        days_before=reminder_days,
        lang=lang,
        now=report.now,
    )
    view["expiry"] = {
        "text": (
            t("web.days_left", lang, date=date, days=days)
            if days >= 0
            else t("web.expired", lang, date=date)
        ),
        "ics_href": data_url(ics, "text/calendar"),
        "ics_filename": f"renouveler-{facts.sha256[:12]}.ics",
        "ics_label": t("web.ics", lang, days=reminder_days),
        "expired": days < 0,
    }
    return view


def _field(key: str, label: str, value: str, *, shown: str | None = None) -> FieldView:
    return FieldView(
        key,
        label,
        value,
        show_escapes(shown if shown is not None else value),
        "\\" in value,
    )


def _common_name(rfc4514: str) -> str:
    match = re.match(r"CN=((?:\\.|[^,\\])*)", rfc4514)
    return match.group(1).replace("\\", "") if match else ""


def comparison_view(result: Any, lang: str) -> dict[str, Any]:
    """The dn-match result: one row per compared value."""
    rows = []
    parts = (("subject", result.subject), ("issuer", result.issuer), ("siren", result.siren))
    for key, part in parts:
        if part is None:
            continue
        ok = part.status.value in ("exact", "equivalent", "match")
        rows.append(
            {
                "key": key,
                "label": t(f"registration.label_{key}", lang),
                "ok": ok,
                "symbol": "✓" if ok else "✗",
                "status": part.status.value,
                "expected": show_escapes(part.expected or ""),
                "submitted": show_escapes(part.submitted or ""),
                "explanation": part.explanation.message(lang),
            }
        )
    return {
        "ok": result.ok,
        "summary": t("web.dn_result_ok" if result.ok else "web.dn_result_attention", lang),
        "rows": rows,
    }


SHOWN_ROWS = 500


def batch_view(
    results: Any, table: Any, dn_format: str, lang: str, source: str = ""
) -> dict[str, Any]:
    """The spreadsheet's results: a table of the first rows, the whole results to download (as
    French Excel opens CSV, and as .xlsx), and what to know about how the file was read."""
    from certkit.app.dn_match import results_table, row_cells

    width = len(table.header)
    rows = []
    for submission, result in results.rows[:SHOWN_ROWS]:
        cells = row_cells(submission, result, width, lang)
        status = cells[width + 1]
        parts = zip(("subject", "issuer", "siren"), cells[width + 2 : width + 5], strict=True)
        rows.append(
            {
                "line": submission.line,
                "path": submission.path or t("web.dn_inline", lang),
                "status": status,  # the machine code: the row's class
                "status_label": t(f"web.dn_row_{status}", lang),
                # each compared part in words: "DN Certificat client : identique"
                "statuses": [
                    t(
                        "dn_match.explanation_part",
                        lang,
                        label=t(f"dn_match.label_{key}", lang),
                        text=t(f"dn_match.status.{code}", lang),
                    )
                    for key, code in parts
                    if code
                ],
                "explanation": cells[-1],
            }
        )
    counts = results.counts()
    return {
        "summary": t(
            "web.dn_csv_summary",
            lang,
            rows=len(results.rows),
            ok=counts["ok"],
            attention=counts["attention"],
            errors=counts["error"],
        ),
        "ok": counts["attention"] == 0 and counts["error"] == 0,
        "rows": rows,
        "truncated": t("web.dn_csv_shown", lang, shown=SHOWN_ROWS)
        if len(results.rows) > SHOWN_ROWS
        else "",
        "csv_href": data_url(results_table(results, table, "csv", lang, excel=True), "text/csv"),
        "xlsx_href": data_url(
            results_table(results, table, "xlsx", lang, excel=False),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "dn_format": dn_format,
        "note": t("web.dn_csv_windows_1252", lang, path=source) if table.reading_note() else "",
    }
