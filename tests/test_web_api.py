"""The HTTP API through the ASGI application: the CLI's JSON byte for byte, errors, limits,
security headers, privacy of logs. (A real uvicorn is in test_web_server.py.)"""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from certkit.testca import TestCA
from certkit.web import create_app
from tests.helpers import run_certkit

SIREN = "732829320"
AT = "2027-01-15"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("web-pki")
    ca = TestCA.init(base / "ca")
    good = ca.issue(
        "rgs1-server-client",
        SIREN,
        out=base / "syndic",
        org="SYNDIC EXEMPLE, SAS",
        p12_password=b"s3cret",
    )
    assert good.cert_path and good.p12_path and good.key_path
    with_key = base / "with-key.pem"
    with_key.write_bytes(good.cert_path.read_bytes() + good.key_path.read_bytes())
    big = base / "big.pem"
    big.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    return {
        "dir": base,
        "cert": good.cert_path,
        "p12": good.p12_path,
        "key": good.key_path,
        "with_key": with_key,
        "chain": base / "ca" / "chain.pem",
        "root": base / "ca" / "root.pem",
        "big": big,
    }


@pytest.fixture(scope="module")
def client(pki: dict[str, Path]) -> Iterator[TestClient]:
    app = create_app(trust=(pki["root"],), fetch_aia=False, accept_private_keys=True)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def upload(path: Path, name: str | None = None) -> dict[str, Any]:
    return {"file": (name or path.name, path.read_bytes(), "application/octet-stream")}


def cli_json(*args: str | Path, cwd: Path) -> str:
    result = run_certkit(*args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_check_body_is_the_cli_json_byte_for_byte(
    client: TestClient, pki: dict[str, Path], lang: str
) -> None:
    cwd = pki["dir"]
    expected = cli_json(
        "check",
        "syndic.pem",
        "--json",
        "--at",
        AT,
        "--trust",
        pki["root"],
        "--profile",
        "registre-coproprietes-test",
        "--siren",
        SIREN,
        "--lang",
        lang,
        cwd=cwd,
    )
    answer = client.post(
        f"/api/v1/check?lang={lang}",
        files=upload(pki["cert"]),
        data={"at": AT, "profile": "registre-coproprietes-test", "siren": SIREN},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.text == expected
    assert json.loads(answer.text)["verdict"] == "warn"  # the chain is not given: not proven


def test_inspect_and_registration_bodies_are_the_cli_json(
    client: TestClient, pki: dict[str, Path]
) -> None:
    cwd = pki["dir"]
    for command, route in (("inspect", "inspect"), ("registration", "registration")):
        expected = cli_json(command, "syndic.pem", "--json", "--lang", "en", cwd=cwd)
        answer = client.post(f"/api/v1/{route}?lang=en", files=upload(pki["cert"]))
        assert answer.status_code == 200, answer.text
        if command == "inspect":  # days_left is computed at each call: equal but for a tick
            assert (
                json.loads(answer.text)["certificates"][0]["sha256"]
                == json.loads(expected)["certificates"][0]["sha256"]
            )
            got, want = json.loads(answer.text), json.loads(expected)
            for cert in (*got["certificates"], *want["certificates"]):
                cert.pop("days_left")
            assert got == want
        else:
            assert answer.text == expected


def test_dn_match_json_and_multipart(client: TestClient, pki: dict[str, Path]) -> None:
    subject = run_certkit("registration", pki["cert"], "--json").stdout
    fields = json.loads(subject)
    expected = cli_json(
        "dn-match",
        "syndic.pem",
        "--subject",
        fields["subject_dn"],
        "--issuer",
        fields["issuer_dn"],
        "--siren",
        SIREN,
        "--json",
        "--lang",
        "en",
        cwd=pki["dir"],
    )
    body = {
        "certificate": pki["cert"].read_text(),
        "subject": fields["subject_dn"],
        "issuer": fields["issuer_dn"],
        "siren": SIREN,
    }
    as_json = client.post("/api/v1/dn-match?lang=en", json=body)
    assert as_json.status_code == 200
    assert as_json.text == expected
    form = client.post(
        "/api/v1/dn-match?lang=en",
        files=upload(pki["cert"]),
        data={k: v for k, v in body.items() if k != "certificate"},
    )
    assert form.text == expected
    # the issuer typed with C first: reordered, not ok
    parts = fields["issuer_dn"].split(",")
    reordered = client.post(
        "/api/v1/dn-match", json={**body, "issuer": ",".join(reversed(parts))}
    ).json()
    assert (reordered["issuer"]["status"], reordered["ok"]) == ("reordered", False)
    missing = client.post("/api/v1/dn-match", json={"certificate": body["certificate"]})
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "web.missing_field"


def test_checks_and_profiles_are_the_cli_lists(client: TestClient) -> None:
    assert (
        client.get("/api/v1/checks?lang=fr").text
        == run_certkit("checks", "list", "--json", "--lang", "fr").stdout
    )
    assert client.get("/api/v1/profiles").text == run_certkit("policy", "profiles", "--json").stdout
    health = client.get("/api/v1/healthz").json()
    assert health["status"] == "ok" and health["version"]


def test_pkcs12_with_its_password(client: TestClient, pki: dict[str, Path]) -> None:
    answer = client.post(
        "/api/v1/check",
        files=upload(pki["p12"]),
        data={"password": "s3cret", "profile": "registre-coproprietes-test"},
    )
    data = answer.json()
    warnings = [f["code"] for f in data["findings"] if f["severity"] == "warning"]
    assert "checks.private_key_present" in warnings
    wrong = client.post("/api/v1/check?lang=en", files=upload(pki["p12"]), data={"password": "no"})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "web.pkcs12_bad_password"
    none = client.post("/api/v1/check?lang=en", files=upload(pki["p12"]))
    assert none.json()["error"]["code"] == "web.password_needed"
    assert "Password of the .p12 or .pfx file" in none.json()["error"]["message"]


@pytest.mark.parametrize(
    ("how", "status", "code"),
    [
        ("too_large", 413, "web.field_too_large"),
        ("declared_too_large", 413, "web.too_large"),
        ("not_multipart", 415, "web.unsupported_media_type"),
        ("broken_multipart", 400, "web.bad_multipart"),
        ("no_file", 422, "web.no_file"),
        ("garbage", 422, "sources.not_certificate"),
        ("unknown_profile", 422, "web.unknown_profile"),
        ("profile_path", 422, "web.unknown_profile"),
        ("bad_date", 422, "checks.cli.bad_date"),
        ("bad_dn_format", 422, "names.unknown_format"),
    ],
)
def test_errors_are_one_json_object_in_the_request_language(
    client: TestClient, pki: dict[str, Path], how: str, status: int, code: str
) -> None:
    url = "/api/v1/check"
    headers = {"accept-language": "en-GB,en;q=0.9,fr;q=0.5"}
    kwargs: dict[str, Any] = {"files": upload(pki["cert"])}
    if how == "too_large":
        kwargs = {"files": upload(pki["big"])}
    elif how == "declared_too_large":
        kwargs = {
            "content": b"x",
            "headers": {
                **headers,
                "content-type": "multipart/form-data; boundary=x",
                "content-length": str(50 * 1024 * 1024),
            },
        }
    elif how == "not_multipart":
        kwargs = {"content": b"{}", "headers": {**headers, "content-type": "application/json"}}
    elif how == "broken_multipart":
        kwargs = {
            "content": b"--x\r\ngarbage",
            "headers": {**headers, "content-type": "multipart/form-data; boundary=x"},
        }
    elif how == "no_file":
        kwargs = {"data": {"profile": "sne"}, "files": {"other": ("a", b"b")}}
    elif how == "garbage":
        kwargs = {"files": {"file": ("notes.pem", b"not a certificate at all\n")}}
    elif how == "unknown_profile":
        kwargs["data"] = {"profile": "nope"}
    elif how == "profile_path":  # a request never names a file on the server
        kwargs["data"] = {"profile": str(pki["dir"] / "custom.toml")}
    elif how == "bad_date":
        kwargs["data"] = {"at": "yesterday"}
    elif how == "bad_dn_format":
        kwargs["data"] = {"dn_format": "xml"}
    kwargs.setdefault("headers", headers)
    answer = client.post(url, **kwargs)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"schema_version", "error"} and body["error"]["code"] == code
    message = body["error"]["message"]
    assert message and "Traceback" not in message
    french = client.post(
        url + "?lang=fr", **{**kwargs, "headers": {**kwargs["headers"], "accept-language": "fr"}}
    )
    assert french.json()["error"]["message"] != message  # the same error, in French


def test_unknown_routes_and_methods(client: TestClient) -> None:
    assert client.get("/api/v1/nope").json()["error"]["code"] == "web.not_found"
    assert client.get("/api/v1/check").status_code == 405
    page = client.get("/nope", headers={"accept-language": "fr"})
    assert page.status_code == 404 and "Page introuvable" in page.text


def test_security_headers_on_every_answer(client: TestClient, pki: dict[str, Path]) -> None:
    for answer in (
        client.get("/"),
        client.get("/nope"),
        client.post("/api/v1/check", files=upload(pki["cert"])),
        client.get("/static/style.css"),
        client.get("/docs"),
    ):
        headers = answer.headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "set-cookie" not in headers
        assert headers["x-request-id"]


def test_pages_hold_no_inline_script_and_no_external_asset(client: TestClient) -> None:
    import re

    for path in ("/", "/dn-match", "/docs", "/?lang=en"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path  # no inline script
        assert not re.search(r"\son[a-z]+=", html), path  # no inline event handler
        assert not re.search(r"(src|href)=\"(https?:)?//", html), path  # nothing from elsewhere
    init = client.get("/docs/init.js")
    assert init.status_code == 200 and "openapi.json" in init.text
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon.content[:4] == b"\x00\x00\x01\x00"


def test_private_keys_refused_unless_the_server_accepts_them(pki: dict[str, Path]) -> None:
    app = create_app(fetch_aia=False)  # the default: as behind a public address
    with TestClient(app) as client:
        for path, data in ((pki["with_key"], {}), (pki["p12"], {"password": "s3cret"})):
            answer = client.post("/api/v1/check?lang=en", files=upload(path), data=data)
            assert answer.status_code == 422
            assert answer.json()["error"]["code"] == "web.keys_refused"
        page = client.post("/?lang=fr", files=upload(pki["with_key"]))
        assert page.status_code == 422
        assert "exportez le certificat seul" in page.text
        assert "Sous Windows" in page.text and "Sous macOS" in page.text and "Firefox" in page.text
        fine = client.post("/api/v1/check", files=upload(pki["cert"]))
        assert fine.status_code == 200


def test_logs_say_what_happened_never_what_was_sent(
    pki: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(fetch_aia=False, accept_private_keys=True)
    with caplog.at_level(logging.INFO, logger="certkit.web"), TestClient(app) as client:
        client.post("/api/v1/check", files=upload(pki["p12"]), data={"password": "s3cret"})
        client.post("/", files=upload(pki["cert"]))
    records = [r for r in caplog.records if r.getMessage() == "request"]
    assert [r.route for r in records] == ["api.check", "page.check"]  # type: ignore[attr-defined]
    assert records[0].verdict in ("warn", "fail") and records[0].status == 200  # type: ignore[attr-defined]
    assert records[0].upload_bytes == pki["p12"].stat().st_size  # type: ignore[attr-defined]
    from certkit.web.server import JsonLines

    text = "\n".join(JsonLines().format(r) for r in caplog.records)
    for secret in ("s3cret", "SYNDIC EXEMPLE", SIREN, "BEGIN", "syndic.p12"):
        assert secret not in text


def test_openapi_document_describes_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.0")
    assert set(spec["paths"]) == {
        "/api/v1/check",
        "/api/v1/inspect",
        "/api/v1/registration",
        "/api/v1/dn-match",
        "/api/v1/checks",
        "/api/v1/profiles",
        "/api/v1/healthz",
        "/api/v1/dn-match/batch",
    }
    from openapi_spec_validator import validate

    validate(spec)


def test_root_path_prefixes_links(pki: dict[str, Path]) -> None:
    app = create_app(fetch_aia=False, root_path="/certkit")
    with TestClient(app, root_path="/certkit") as client:
        html = client.get("/").text
        assert 'href="/certkit/static/style.css"' in html
        assert 'action="/certkit/?lang=fr"' in html
        spec = client.get("/openapi.json").json()
        assert spec["servers"] == [{"url": "/certkit"}]


def test_uploads_are_never_written_to_disk(pki: dict[str, Path], tmp_path: Path) -> None:
    """A 1.9 MiB upload goes through with TMPDIR pointing at an empty folder that stays empty:
    nothing is spooled to a temporary file (Starlette's own form parser would)."""
    script = tmp_path / "run.py"
    script.write_text(
        "import sys, tempfile\n"
        "from starlette.testclient import TestClient\n"
        "from certkit.web import create_app\n"
        "cert = open(sys.argv[1], 'rb').read()\n"
        "padding = b'# ' + b'x' * (1900 * 1024) + b'\\n'\n"
        "with TestClient(create_app(fetch_aia=False)) as c:\n"
        "    r = c.post('/api/v1/inspect', files={'file': ('big.pem', padding + cert)})\n"
        "    print(r.status_code, tempfile.gettempdir())\n"
    )
    spool = tmp_path / "tmp"
    spool.mkdir()
    import os
    import sys

    out = subprocess.run(
        [sys.executable, str(script), str(pki["cert"])],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(spool)},
        check=True,
    )
    assert out.stdout.split() == ["200", str(spool)]
    assert list(spool.iterdir()) == []


def test_internal_error_is_one_line_with_a_request_id(pki: dict[str, Path]) -> None:
    app = create_app(fetch_aia=False)
    service = app.state.service

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("boom")

    service.check = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.post("/api/v1/check", files=upload(pki["cert"]))
        assert answer.status_code == 500
        error = answer.json()["error"]
        assert error["code"] == "web.internal"
        assert answer.headers["x-request-id"] in error["message"]
        assert "boom" not in answer.text and "ZeroDivision" not in answer.text
        assert answer.headers["content-security-policy"]
        page = client.post("/", files=upload(pki["cert"]))
        assert page.status_code == 500 and "<html" in page.text


def test_page_check_shows_the_verdict_and_fields(client: TestClient, pki: dict[str, Path]) -> None:
    page = client.post(
        "/?lang=fr",
        files=upload(pki["p12"]),
        data={"password": "s3cret", "profile": "registre-coproprietes-test", "siren": SIREN},
    )
    assert page.status_code == 200
    html = page.text
    assert "À VÉRIFIER" in html  # a key in the file: the file is not the one to send
    assert 'data-value="CN=SYNDIC EXEMPLE\\, SAS,' in html
    assert "<mark>\\,</mark>" in html  # the escape made visible
    assert 'download="certificat-a-televerser.pem"' in html
    assert "data:text/calendar;base64," in html


def test_dn_match_spreadsheet_through_the_api(client: TestClient, pki: dict[str, Path]) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    fields = json.loads(run_certkit("registration", pki["cert"], "--json").stdout)
    table = (
        "Gestionnaire;path;subject;issuer;siren\r\n"
        f"Régie;syndic.pem;{fields['subject_dn']};{fields['issuer_dn']};{SIREN}\r\n"
        f"Régie;absent.pem;{fields['subject_dn']};{fields['issuer_dn']};{SIREN}\r\n"
        f"Régie;with-key.pem;{fields['subject_dn']};;\r\n"
    ).encode("cp1252")  # what French Excel saves
    files = [
        ("table", ("saisies.csv", table, "text/csv")),
        ("certificates", ("syndic.pem", pki["cert"].read_bytes(), "application/x-pem-file")),
        ("certificates", ("with-key.pem", pki["with_key"].read_bytes(), "application/x-pem-file")),
    ]
    answer = client.post("/api/v1/dn-match/batch?lang=en", files=files)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["summary"] == {"rows": 3, "ok": 2, "attention": 0, "error": 1}
    assert data["read"] == {"format": "csv", "delimiter": ";", "encoding": "windows-1252"}
    assert data["rows"][0]["submitted"]["Gestionnaire"] == "Régie"
    assert data["rows"][1]["error_code"] == "web.dn_no_certificate"
    assert data["rows"][2]["issuer"] is None  # the issuer cell was empty: subject alone
    as_csv = client.post("/api/v1/dn-match/batch", files=files, data={"format": "csv"})
    assert as_csv.headers["content-disposition"] == 'attachment; filename="resultats.csv"'
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["line", "Gestionnaire", "path", "subject", "issuer", "siren"]
    as_xlsx = client.post("/api/v1/dn-match/batch", files=files, data={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:3] == [
        "line",
        "Gestionnaire",
        "path",
    ]
    # a server that refuses keys refuses them row by row
    with TestClient(create_app(fetch_aia=False)) as strict:
        refused = strict.post("/api/v1/dn-match/batch", files=files).json()
    assert refused["rows"][2]["error_code"] == "web.keys_refused"
    assert refused["rows"][0]["status"] == "ok"
