"""The monitor's Prometheus side as an operations team uses it: promtool (Debian's prometheus
package, installed by .ci/run and scripts/test) validates the export and the shipped rules, the
Grafana dashboard names only metrics the export produces, and `monitor serve --metrics` answers a
scrape."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.helpers import CERTKIT, run_certkit
from tests.test_monitor_support import AT_TEXT, SIREN, Fleet, build_fleet

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "monitoring" / "alerts.yml"
RULE_TESTS = ROOT / "monitoring" / "alerts.test.yml"
DASHBOARD = ROOT / "monitoring" / "grafana-dashboard.json"


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return build_fleet(tmp_path_factory.mktemp("prom"))


@pytest.fixture(scope="module")
def db(fleet: Fleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("prom-db") / "inv.db"
    run_certkit("monitor", "scan", fleet.root, "--passwords", fleet.passwords, "--db", path)
    # An acknowledgement and a customer name, so every metric family has samples.
    assert run_certkit("monitor", "ack", fleet.sha["d20"], "--db", path).returncode == 0
    return path


@pytest.fixture(scope="module")
def customers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("customers") / "customers.toml"
    path.write_text(f'["{SIREN["d5"]}"]\nname = "Cabinet Cinq"\n')
    return path


@pytest.fixture(scope="module")
def export(db: Path, customers: Path) -> str:
    result = run_certkit("monitor", "export", "--db", db, "--at", AT_TEXT, "--customers", customers)
    assert result.returncode == 0, result.stderr
    return result.stdout


def promtool(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["promtool", *args], input=input, capture_output=True, text=True, check=False
    )


def test_promtool_accepts_the_export(export: str) -> None:
    result = promtool("check", "metrics", input=export)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "" and result.stderr.strip() == ""  # no lint remark at all


def test_customer_names_are_labels(export: str) -> None:
    families = {f.name: f for f in text_string_to_metric_families(export)}
    samples = families["x509_cert_not_after"].samples
    customers = {s.labels["siren"]: s.labels["customer"] for s in samples}
    assert customers[SIREN["d5"]] == "Cabinet Cinq"
    assert customers[SIREN["d400"]] == ""
    acked = {
        s.labels["siren"]: s.value for s in families["certkit_certificate_acknowledged"].samples
    }
    assert acked[SIREN["d20"]] == 1 and acked[SIREN["d5"]] == 0


def test_promtool_checks_and_tests_the_rules() -> None:
    checked = promtool("check", "rules", str(RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "7 rules found" in checked.stdout
    tested = promtool("test", "rules", str(RULE_TESTS))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
    "unless", "offset", "inf", "nan",
}  # fmt: skip


def _names(expr: str) -> tuple[set[str], set[str]]:
    """(metric names, label names) an expression uses, read with a small PromQL tokenizer:
    strings dropped, label matchers and by/on/without lists read as label names, identifiers
    followed by '(' as functions."""
    labels: set[str] = set()
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    for inside in re.findall(r"\{([^}]*)\}", text):
        labels.update(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!=|!~|=)", inside))
    text = re.sub(r"\{[^}]*\}", " ", text)
    clause = r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)"
    for words in re.findall(clause, text):
        labels.update(w.strip() for w in words.split(",") if w.strip())
    text = re.sub(clause, " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)  # range selectors
    metrics = set()
    for match in re.finditer(r"\b([A-Za-z_:][A-Za-z0-9_:]*)\b(\s*\()?", text):
        word, call = match.group(1), match.group(2)
        if call or word in _KEYWORDS or word[0].isdigit():
            continue
        metrics.add(word)
    return metrics, labels


def _exported(export: str) -> tuple[set[str], set[str]]:
    families = list(text_string_to_metric_families(export))
    labels = {name for f in families for s in f.samples for name in s.labels}
    return {f.name for f in families}, labels


def test_dashboard_queries_name_only_exported_metrics(export: str) -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    for variable in dashboard["templating"]["list"]:
        query = variable.get("query")
        if isinstance(query, dict):
            found = re.match(r"label_values\((\w+),\s*(\w+)\)", query["query"])
            assert found is not None, query
            exprs.append(f'{found.group(1)}{{{found.group(2)}=~".*"}}')
    assert len(exprs) >= 10
    metrics, labels = _exported(export)
    used_metrics: set[str] = set()
    for expr in exprs:
        names, label_names = _names(expr)
        assert names, expr
        assert names <= metrics, (expr, names - metrics)
        assert label_names <= labels, (expr, label_names - labels)
        used_metrics |= names
    # The panels cover the expiry, the registration and the scan health.
    for name in ("x509_cert_not_after", "certkit_certificate_registration_pending",
                 "x509_read_errors", "certkit_last_scan_timestamp_seconds"):  # fmt: skip
        assert name in used_metrics


def test_alert_rules_name_only_exported_metrics(export: str) -> None:
    import yaml  # type: ignore[import-untyped]

    rules = yaml.safe_load(RULES.read_text())
    metrics, labels = _exported(export)
    exprs = [r["expr"] for g in rules["groups"] for r in g["rules"]]
    assert len(exprs) == 7
    for expr in exprs:
        names, label_names = _names(expr)
        assert names <= metrics, (expr, names - metrics)
        assert label_names <= labels
    # Annotations name labels the export has.
    for group in rules["groups"]:
        for rule in group["rules"]:
            for text in rule["annotations"].values():
                assert set(re.findall(r"\$labels\.(\w+)", text)) <= labels, text


def test_the_tokenizer_finds_what_it_must() -> None:
    """The check above is only as good as _names: it must see metric and label names."""
    metrics, labels = _names(
        'sum by (state) (certkit_certificates{customer=~"$x"}) / on(a) x509_read_errors[5m] '
        "and absent(up) or vector(0)"
    )
    assert metrics == {"certkit_certificates", "x509_read_errors", "up"}
    assert labels == {"state", "customer", "a"}


@pytest.fixture
def served(db: Path, customers: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [CERTKIT, "monitor", "serve", "--metrics", "--port", "0", "--db", str(db), "--at", AT_TEXT,
         "--customers", str(customers), "--lang", "en"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/metrics", line)
        assert found, line
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_metrics_answers_a_scrape(served: str, export: str) -> None:
    with urllib.request.urlopen(served, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        body = response.read().decode()
    assert body == export  # the same exposition as the textfile, read afresh
    assert promtool("check", "metrics", input=body).returncode == 0
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served.replace("/metrics", "/other"), timeout=10)
    assert missing.value.code == 404


def test_serve_needs_metrics_and_a_free_port(db: Path) -> None:
    result = run_certkit("monitor", "serve", "--db", db)
    assert result.returncode == 2 and "add --metrics" in result.stderr
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        start = time.monotonic()
        taken = run_certkit("monitor", "serve", "--metrics", "--port", str(port), "--db", db)
        assert time.monotonic() - start < 30
    assert taken.returncode == 2
    assert taken.stderr.startswith(f"certkit: cannot listen on 127.0.0.1:{port}")
