"""Facts and findings → JSON structures or human text. No logic: only shaping and wording."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from certkit.i18n import date_words, lookup, t

if TYPE_CHECKING:
    from certkit.errors import CertkitError
    from certkit.model import CertificateFacts
    from certkit.sources import CertificateBundle


def iso(moment: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z suffix (``2026-11-23T13:08:00Z``)."""
    m = moment if moment.tzinfo is dt.UTC else moment.astimezone(dt.UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def json_line(data: Any) -> bytes:
    """``data`` as one line of compact UTF-8 JSON (the unit of ``--jsonl`` output).

    orjson writes it ~8x faster than the standard library, which batches of thousands of files
    feel; what orjson refuses (integers beyond 64 bits, lone surrogates) goes through the standard
    library, escaped to ASCII so that it is always valid UTF-8. Date-times are ISO 8601 in UTC
    with a Z; any other value becomes ``str()``.
    """
    import orjson

    try:
        return orjson.dumps(data, default=_json_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:  # orjson.JSONEncodeError
        import json

        return json.dumps(data, default=_json_default, separators=(",", ":")).encode("ascii")


def with_schema_version(data: Any) -> Any:
    """``data`` as a document: a dict gets ``schema_version`` first (:mod:`certkit.schemas`), and
    so does each dict of a list; anything else is returned as it is."""
    from certkit.schemas import SCHEMA_VERSION

    if isinstance(data, dict):
        return data if "schema_version" in data else {"schema_version": SCHEMA_VERSION, **data}
    if isinstance(data, list):
        return [with_schema_version(item) if isinstance(item, dict) else item for item in data]
    return data


def json_document(data: Any) -> str:
    """``data`` as an indented JSON document (two spaces, UTF-8 kept): what every ``--json``
    prints and the HTTP API answers, so the two are byte for byte the same. orjson as in
    :func:`json_line`; what it refuses goes through the standard library, escaped to ASCII.
    Every document carries its ``schema_version`` (:func:`with_schema_version`)."""
    import orjson

    data = with_schema_version(data)
    try:
        return orjson.dumps(
            data,
            default=_json_default,
            option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_INDENT_2,
        ).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError
        import json

        return json.dumps(data, default=_json_default, indent=2)


def _json_default(value: Any) -> str:
    return iso(value) if isinstance(value, dt.datetime) else str(value)


def encoding_summary(facts: CertificateFacts, lang: str | None = None) -> str | None:
    """ "Not DER as RFC 5280 requires (…)" for a certificate read leniently, else None."""
    if not facts.encoding_problems:
        return None
    problems = "; ".join(p.message(lang) for p in facts.encoding_problems)
    return t("encoding.not_der", lang, problems=problems)


def facts_json(
    facts: CertificateFacts, *, is_leaf: bool, now: dt.datetime, lang: str | None = None
) -> dict[str, Any]:
    """The stable JSON view of one certificate (keys are only ever added, never renamed)."""
    data = {
        "subject": {"rfc4514": facts.subject_rfc4514, "openssl": facts.subject_openssl},
        "issuer": {"rfc4514": facts.issuer_rfc4514, "openssl": facts.issuer_openssl},
        "serial_hex": facts.serial_hex,
        "sha256": facts.sha256,
        "sha1": facts.sha1,
        "not_before": iso(facts.not_before),
        "not_after": iso(facts.not_after),
        "days_left": facts.days_left(now),
        "is_ca": bool(facts.is_ca),
        "path_length": facts.path_length,
        "key": {"type": facts.key.type, "bits": facts.key.bits, "curve": facts.key.curve},
        "key_error": facts.key.error,
        "signature_algorithm": facts.signature_algorithm,
        "signature_hash": facts.signature_hash,
        # Tuples are JSON arrays to both encoders: no copies.
        "key_usage": facts.key_usage,
        "extended_key_usage": facts.extended_key_usage,
        "policies": facts.policies,
        "san": facts.san,
        "aki": facts.aki,
        "ski": facts.ski,
        "ocsp_urls": facts.ocsp_urls,
        "ca_issuers_urls": facts.ca_issuers_urls,
        "crl_urls": facts.crl_urls,
        "unknown_extensions": facts.unknown_extensions,
        "extension_problems": [
            {"oid": p.oid, "critical": p.critical, "reason": p.reason}
            for p in facts.extension_problems
        ],
        "is_leaf": is_leaf,
        "der": not facts.encoding_problems,
    }
    if facts.encoding_problems:  # only for the rare certificate read leniently
        data["encoding_problems"] = [p.to_json(lang) for p in facts.encoding_problems]
    return data


def bundle_json(
    bundle: CertificateBundle, facts_list: list[CertificateFacts], *, now: dt.datetime
) -> dict[str, Any]:
    """The JSON view of one file: format, key presence and its certificates."""
    return {
        **bundle_json_head(bundle),
        "certificates": [
            facts_json(f, is_leaf=flag, now=now)
            for f, flag in zip(facts_list, bundle.leaf_flags, strict=True)
        ],
    }


def bundle_json_head(bundle: CertificateBundle) -> dict[str, Any]:
    """The keys of :func:`bundle_json` that describe the file itself."""
    return {
        "path": bundle.source,
        "format": bundle.format.value,
        "has_private_key": bundle.has_private_key,
        "private_key_type": bundle.private_key_type,
        "read_as": bundle.read_as,  # "utf-16" or "base64" when the text had to be read so
    }


def error_json(path: str, error: CertkitError, lang: str) -> dict[str, Any]:
    return {"path": path, "error": {"code": error.code, "message": error.message(lang)}}


def certificate_role(facts: CertificateFacts, is_leaf: bool) -> str:
    """``leaf``, ``root`` (self-signed CA), ``intermediate`` or ``certificate``."""
    if facts.is_ca and facts.is_self_signed:
        return "root"
    if facts.is_ca:
        return "intermediate"
    return "leaf" if is_leaf else "certificate"


def usage_words(codes: tuple[str, ...], lang: str) -> str:
    """Key usages or extended key usages for people: each in words with its code beside it
    (``authentification client TLS (client_auth)``, the code JSON and the checks use); a
    usage certkit has no name for stays its dotted OID."""
    return ", ".join(
        f"{t(f'inspect.usage.{code}', lang)} ({code})"
        if lookup(f"inspect.usage.{code}") is not None
        else code
        for code in codes
    )


def facts_lines(
    facts: CertificateFacts, *, is_leaf: bool, now: dt.datetime, lang: str
) -> list[tuple[str, str]]:
    """(label, value) rows describing one certificate for people."""

    def label(code: str) -> str:
        return t(f"inspect.label.{code}", lang)

    days = facts.days_left(now)
    if now < facts.not_before:
        validity = t("inspect.not_yet_valid", lang, date=iso(facts.not_before))
    elif days < 0:
        validity = t("inspect.expired_since", lang, days=-days)
    else:
        validity = t("inspect.days_left", lang, days=days)
    key = facts.key.type + (f" {facts.key.bits}" if facts.key.bits else "")
    if facts.key.curve:
        key += f" ({facts.key.curve})"
    if facts.key.error:
        key += " — " + t("inspect.key_error", lang, reason=facts.key.error)
    none = t("inspect.none", lang)
    absent = t("inspect.absent", lang)
    rows = [
        (label("role"), t(f"inspect.role.{certificate_role(facts, is_leaf)}", lang)),
        (label("subject"), facts.subject_rfc4514),
        (label("issuer"), facts.issuer_rfc4514),
        (label("serial"), facts.serial_hex),
        (label("sha256"), facts.sha256),
        # in words for people, the exact moment beside it
        (label("not_before"), f"{date_words(facts.not_before, lang)} ({iso(facts.not_before)})"),
        (
            label("not_after"),
            f"{date_words(facts.not_after, lang)} ({iso(facts.not_after)}, {validity})",
        ),
        (label("key"), key),
        (label("signature"), facts.signature_algorithm),
        (label("is_ca"), t("inspect.yes" if facts.is_ca else "inspect.no", lang)),
        (
            label("key_usage"),
            usage_words(facts.key_usage, lang) if facts.key_usage is not None else absent,
        ),
        (
            label("extended_key_usage"),
            usage_words(facts.extended_key_usage, lang)
            if facts.extended_key_usage is not None
            else absent,
        ),
        (label("policies"), ", ".join(facts.policies) or none),
    ]
    if facts.san:
        rows.append((label("san"), ", ".join(facts.san)))
    for problem in facts.extension_problems:
        rows.append((label("extension_problem"), f"{problem.oid}: {problem.reason}"))
    if facts.unknown_extensions:
        rows.append((label("unknown_extensions"), ", ".join(facts.unknown_extensions)))
    summary = encoding_summary(facts, lang)
    if summary is not None:
        rows.append((label("encoding"), summary))
    return rows


def bundle_header(bundle: CertificateBundle, lang: str) -> str:
    key = (
        t("inspect.key_present", lang, type=bundle.private_key_type)
        if bundle.has_private_key
        else t("inspect.key_absent", lang)
    )
    shown = bundle.format.value.upper()
    if bundle.read_as is not None:
        shown += f" ({t(f'inspect.read_as.{bundle.read_as}', lang)})"
    return t(
        "inspect.file_header",
        lang,
        path=bundle.source,
        format=shown,
        count=len(bundle.certificates),
        key=key,
    )


def print_bundle_rich(
    bundle: CertificateBundle,
    facts_list: list[CertificateFacts],
    *,
    now: dt.datetime,
    lang: str,
) -> None:
    """The same rows as :func:`facts_lines`, as rich tables on a terminal, expiry in colour."""
    from rich.console import Console

    # soft_wrap: long DNs stay on one logical line, so they copy and paste whole.
    console = Console(highlight=False, soft_wrap=True)
    style = "bold red" if bundle.has_private_key else "bold"
    console.print(bundle_header(bundle, lang), style=style, markup=False)
    for index, (facts, is_leaf) in enumerate(
        zip(facts_list, bundle.leaf_flags, strict=True), start=1
    ):
        days = facts.days_left(now)
        colour = "red" if days < 0 or now < facts.not_before else "yellow" if days < 60 else "green"
        console.print(f"\n  [bold]{_escape(t('inspect.cert_header', lang, index=index))}[/]")
        rows = facts_lines(facts, is_leaf=is_leaf, now=now, lang=lang)
        width = max(len(label) for label, _ in rows)
        validity_label = t("inspect.label.not_after", lang)
        for label, value in rows:
            shown = f"[{colour}]{_escape(value)}[/]" if label == validity_label else _escape(value)
            console.print(f"    [cyan]{_escape(label.ljust(width))}[/]  {shown}")
    console.print()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
