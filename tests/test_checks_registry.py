"""The registry of checks cannot drift from the implementation, the messages or the tests."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from certkit.checks import CHECKS, CODES
from certkit.findings import Severity
from certkit.i18n import catalogue, placeholders
from tests.helpers import run_certkit

ROOT = Path(__file__).resolve().parents[1]
CHECKS_DIR = ROOT / "certkit" / "checks"


def emitted_codes() -> set[str]:
    """Every code literal passed to ``finding(...)`` anywhere in certkit/checks/."""
    found: set[str] = set()
    for path in CHECKS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "finding"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_emitted_code_is_declared_and_every_declared_code_is_emitted() -> None:
    emitted = emitted_codes()
    assert emitted, "no finding() call found: the scan is broken"
    assert emitted == set(CODES)


def test_every_code_has_french_and_english_messages_with_its_parameters() -> None:
    messages = catalogue()
    for code in CODES:
        assert set(messages[code]) == {"fr", "en"}, code
        assert placeholders(messages[code]["fr"]) == placeholders(messages[code]["en"]), code
    for spec in CHECKS:
        assert spec.about_code in messages, spec.name
        assert spec.rule.strip(), spec.name
        assert spec.function.__doc__, spec.name


def test_every_code_is_exercised_by_a_test() -> None:
    text = (ROOT / "tests" / "test_checks.py").read_text()
    missing = sorted(code for code in CODES if f'"{code}"' not in text)
    assert missing == []


def test_checks_list_json_matches_registry() -> None:
    result = run_certkit("checks", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["checks"]
    assert {r["code"]: r["severity"] for r in rows} == {
        code: spec.severity.value for code, spec in CODES.items()
    }
    assert all(r["description"] and r["rule"] for r in rows)
    assert {r["severity"] for r in rows} <= {s.value for s in Severity}


def test_checks_list_human_in_french() -> None:
    result = run_certkit("checks", "list", env={"LANG": "fr_FR.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert "Le fichier à envoyer ne doit pas contenir de clé privée" in result.stdout
    for code in CODES:
        assert code in result.stdout


def test_rule_sources_read_in_both_languages_and_follow_the_declarations() -> None:
    """`checks list` shows each check's rule source in the reader's language; the English of the
    catalogue is the rule its @check declares (so the two cannot drift)."""
    from certkit.checks import CHECKS
    from certkit.i18n import catalogue

    for check in CHECKS:
        texts = catalogue()[f"checks.rule.{check.name}"]
        assert texts["en"] == check.rule, check.name
        assert texts["fr"] != texts["en"], check.name
    french = run_certkit("checks", "list", "--lang", "fr")
    assert "RFC 6960 (OCSP) et RFC 5280 §5 (CRL)" in french.stdout
    assert "✗ refus" in french.stdout and "✓ correct" in french.stdout
    assert "✗ error" not in french.stdout
    rows = json.loads(run_certkit("checks", "list", "--json", "--lang", "fr").stdout)["checks"]
    assert any(r["rule"].startswith("Guide du registre") for r in rows)
    assert {r["severity"] for r in rows} <= {s.value for s in Severity}  # codes stay codes
