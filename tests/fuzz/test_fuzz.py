"""Fuzzing the library entry points the CLI uses, from real seeds (tests/fuzz/seeds.py).

Whatever the input, certkit answers or raises an error of its own hierarchy (CertkitError: one
clear line, exit 2): any other exception fails these tests. The normal test run keeps each one
short (the whole suite under two minutes); ``scripts/fuzz`` runs them longer.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certkit import names, render
from certkit.errors import CertkitError
from tests.fuzz.seeds import (
    certificate_seeds,
    examples,
    mutated_bytes,
    mutated_text,
    text_seeds,
    trusted_list_seed,
)

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def fuzz(ci_examples: int) -> Any:
    long_run = bool(os.environ.get("CERTKIT_FUZZ_EXAMPLES"))
    return settings(
        max_examples=examples(ci_examples),
        deadline=None,
        database=None,
        derandomize=not long_run,  # the normal run is the same every time; scripts/fuzz explores
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@cache
def check_options() -> Any:
    from certkit.app.check import build_options

    return build_options("registre-coproprietes", (), (), (), None, None, False, None, 5.0)


def _write(text: str | bytes, suffix: str) -> Path:
    with tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False) as handle:
        handle.write(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)
    return Path(handle.name)


@fuzz(400)
@given(mutated_bytes(certificate_seeds()))
def test_certificate_containers(data: bytes) -> None:
    """What inspect, registration and check do with a file: load, facts, JSON, text, verdict."""
    from certkit.app.check import report_json, report_lines
    from certkit.checks import evaluate
    from certkit.registration import leaf_of, registration_data
    from certkit.sources import load_bytes, sniff

    sniff(data)
    try:
        bundle = load_bytes(data, source="fuzz", password=lambda _path: b"fuzz")
    except CertkitError:
        return
    for index in range(len(bundle.certificates)):
        facts = bundle.facts(index)
        render.facts_json(facts, is_leaf=bundle.leaf_flags[index], now=NOW, lang="en")
        render.facts_lines(facts, is_leaf=True, now=NOW, lang="fr")
    try:
        leaf = leaf_of(bundle)
    except CertkitError:
        pass
    else:
        index = next(i for i, cert in enumerate(bundle.certificates) if cert is leaf)
        for form in ("rfc4514", "openssl", "oneline"):
            registration_data(leaf, form, name_ders=bundle.name_ders(index)).to_json("en")
    report = evaluate(bundle, check_options())
    assert not [f for f in report.findings if f.code == "checks.check_crashed"], report.findings
    report_json(report, "en", "rfc4514")
    report_lines(report, "fr", "oneline")


@fuzz(600)
@given(st.one_of(mutated_text(text_seeds("dn")), st.text(max_size=80)))
def test_typed_dns(text: str) -> None:
    """What dn-match does with a typed DN: parse it, compare it with a certificate's name."""
    from certkit.registration import compare_dn
    from tests.rawcert import cn_name

    try:
        parsed = names.parse_dn(text)
    except CertkitError:
        parsed = None
    if parsed is not None:
        names.names_equal(parsed, cn_name())
    subject = cn_name()
    compare_dn(subject, names.rfc4514(subject), text).to_json("en")


@fuzz(60)
@given(mutated_text((trusted_list_seed(),)))
def test_trusted_lists(text: str) -> None:
    """What policy import-tl does, then what check does with what it wrote."""
    from certkit import trustedlist
    from certkit.chain import read_pem_entries
    from certkit.policy import Catalogue, dump_catalogue

    try:
        tl = trustedlist.parse(text.encode("utf-8", "surrogateescape"), source="fuzz.xml")
    except CertkitError:
        return
    entries = trustedlist.catalogue_entries(tl)
    folder = Path(tempfile.mkdtemp())
    (folder / "catalogue.toml").write_text(dump_catalogue(entries, header=tl.operator), "utf-8")
    store = trustedlist.ca_store_pem(tl)
    if store:
        (folder / "ca-store.pem").write_text(store, "utf-8")
        read_pem_entries(folder / "ca-store.pem")  # import-tl's output must load: no error
    Catalogue.load((folder,))


@fuzz(300)
@given(mutated_text(text_seeds("catalogue")))
def test_catalogues(text: str) -> None:
    from certkit.policy import Catalogue

    path = _write(text, ".toml")
    try:
        catalogue = Catalogue.load((path,))
    except CertkitError:
        return
    finally:
        path.unlink()
    catalogue.lookup("1.2.250.1.177.1.0.1.1")


@fuzz(300)
@given(mutated_text(text_seeds("profile")))
def test_profiles(text: str) -> None:
    from certkit.policy import load_profile

    path = _write(text, ".toml")
    try:
        load_profile(path)
    except CertkitError:
        return
    finally:
        path.unlink()


@fuzz(300)
@given(mutated_text(text_seeds("accounts")))
def test_platform_accounts(text: str) -> None:
    from certkit.platform.accounts import parse_accounts

    try:
        parse_accounts(text)
    except CertkitError:
        return


@fuzz(200)
@given(st.one_of(mutated_text(text_seeds("csv")), st.binary(max_size=200)))
def test_dn_match_csv(text: str | bytes) -> None:
    """What dn-match --batch does with a spreadsheet: read it, then answer every row, and write
    the results in every format."""
    from certkit.app import dn_match
    from certkit.batch import Failure
    from tests.rawcert import certificate, pem

    folder = Path(tempfile.mkdtemp())
    (folder / "c.pem").write_bytes(pem(certificate()))
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    try:
        submissions = dn_match.read_submissions(data, str(folder / "rows.csv"))
    except CertkitError:
        return
    results = dn_match.compare_rows(submissions.rows, dn_match.file_loader(str(folder)), "rfc4514")
    for _, result in results.rows:
        assert not (isinstance(result, Failure) and result.internal), result
    assert results.summary.total == len(submissions.rows)
    dn_match.results_json(results, submissions.table, "rfc4514", "en")
    for fmt in ("csv", "xlsx"):
        dn_match.results_table(results, submissions.table, fmt, "fr", excel=True)
