"""The web pages in a real browser: Debian's Chromium driven by Playwright, against a real
``certkit web`` on 127.0.0.1. Each state is photographed into .screenshots/web/ (README says so).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from playwright.sync_api import Browser, Page, expect, sync_playwright

from certkit.testca import TestCA
from tests.helpers import CERTKIT

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / ".screenshots" / "web"
CHROMIUM = "/usr/bin/chromium"
SIREN = "732829320"
NNBSP = "\u202f"  # French typography: before ":" and inside « »
# What the machine's Chromium needs to start as root in a closed network (see the env notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@dataclass
class Files:
    dir: Path
    pem: Path
    p12: Path
    chain: Path
    root: Path
    cert: x509.Certificate


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    base = tmp_path_factory.mktemp("browser-pki")
    ca = TestCA.init(base / "ca")
    issued = ca.issue(
        "rgs1-server-client",
        SIREN,
        out=base / "cabinet",
        org="SYNDIC EXEMPLE, SAS",
        p12_password=b"s3cret",
    )
    assert issued.cert_path and issued.p12_path
    return Files(
        base,
        issued.cert_path,
        issued.p12_path,
        base / "ca" / "chain.pem",
        base / "ca" / "root.pem",
        issued.certificate,
    )


def start_server(*args: str) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = "C.UTF-8"
    process = subprocess.Popen(
        [CERTKIT, "web", "--port", "0", "--no-fetch-aia", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stderr is not None
    for _ in range(200):
        line = process.stderr.readline().decode()
        found = re.search(r"(http://\S+?)/? \(", line)
        if found:
            return Server(found.group(1).rstrip("/"), process)
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError("certkit web did not start")


def stop(server: Server) -> None:
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(files: Files) -> Iterator[Server]:
    running = start_server("--trust", str(files.root))
    yield running
    stop(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    locale = getattr(request, "param", "fr-FR")
    context = browser.new_context(
        locale=locale, accept_downloads=True, viewport={"width": 1000, "height": 900}
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    yield opened
    context.close()
    assert problems == []  # no script error, no Content-Security-Policy violation


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def drop_file(page: Page, selector: str, path: Path, mime: str) -> None:
    """Drag a file from the desktop onto ``selector``: a real drop event with a DataTransfer."""
    data = list(path.read_bytes())
    transfer = page.evaluate_handle(
        """([bytes, name, mime]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: mime}));
            return transfer;
        }""",
        [data, path.name, mime],
    )
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def openssl_subject(path: Path) -> str:
    out = subprocess.run(
        ["openssl", "x509", "-in", str(path), "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return out.split("=", 1)[1]


def test_drop_a_p12_with_its_password_and_read_the_verdict(
    page: Page, server: Server, files: Files
) -> None:
    page.goto(server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")  # the browser prefers French
    shot(page, "01-syndic-form-fr")
    drop_file(page, "[data-drop]", files.p12, "application/x-pkcs12")
    expect(page.locator("[data-password]")).to_be_visible()  # a .p12: its password is asked
    page.fill("#password", "s3cret")
    page.select_option("#profile", "registre-coproprietes-test")
    page.fill("#siren", SIREN)
    page.click("button[type=submit]")
    verdict = page.locator("[data-verdict]")
    expect(verdict).to_contain_text("À VÉRIFIER")  # a key in the file: warn, not refused
    key_warning = page.locator(".finding.warning").first
    expect(key_warning).to_contain_text("clé privée")
    # the page offers the key-less file itself: it points there, not to a command line
    expect(key_warning).to_contain_text("téléchargez plus bas")
    expect(key_warning).not_to_contain_text("certkit export")
    shot(page, "02-result-p12-fr")
    # the three registry fields, the subject exactly as openssl prints it
    expect(page.locator("#value-subject")).to_have_attribute(
        "data-value", openssl_subject(files.pem)
    )
    expect(page.locator("#value-siren")).to_have_attribute("data-value", SIREN)
    expect(page.locator("#value-subject mark").first).to_have_text("\\,")  # escapes made visible


def test_copy_buttons_put_the_exact_dn_on_the_clipboard(
    page: Page, server: Server, files: Files
) -> None:
    page.goto(server.url + "/")
    page.set_input_files("#file", str(files.pem))
    page.click("button[type=submit]")
    status = page.locator("[data-copy-status]")
    for key in ("subject", "issuer", "siren"):
        page.evaluate("document.querySelector('[data-copy-status]').textContent = ''")
        page.click(f"button[data-copy=value-{key}]")
        expect(status).to_have_text("Copié dans le presse-papiers.")  # the write has finished
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.get_attribute(f"#value-{key}", "data-value")
    assert page.evaluate("navigator.clipboard.readText()") == SIREN
    page.evaluate("document.querySelector('[data-copy-status]').textContent = ''")
    page.click("button[data-copy=value-subject]")
    expect(status).to_have_text("Copié dans le presse-papiers.")
    assert page.evaluate("navigator.clipboard.readText()") == openssl_subject(files.pem)


def test_download_the_keyless_pem_and_the_reminder(
    page: Page, server: Server, files: Files
) -> None:
    from icalendar import Calendar

    page.goto(server.url + "/")
    page.set_input_files("#file", str(files.p12))
    page.fill("#password", "s3cret")
    page.click("button[type=submit]")
    with page.expect_download() as info:
        page.click("[data-download=pem]")
    download = info.value
    assert download.suggested_filename == "certificat-a-televerser.pem"
    pem = Path(download.path()).read_bytes()
    assert b"PRIVATE KEY" not in pem and pem.count(b"BEGIN CERTIFICATE") == 1
    assert x509.load_pem_x509_certificate(pem) == files.cert
    with page.expect_download() as info:
        page.click("[data-download=ics]")
    calendar = Calendar.from_ical(Path(info.value.path()).read_bytes())
    [event] = [c for c in calendar.walk() if c.name == "VEVENT"]
    expected_day = (files.cert.not_valid_after_utc - dt.timedelta(days=60)).date()  # profile window
    assert event.decoded("dtstart") == expected_day
    assert "second emplacement" in str(event.get("description"))
    shot(page, "03-result-downloads-fr")


def test_french_english_switch(page: Page, server: Server) -> None:
    page.goto(server.url + "/")
    expect(page.locator("h1")).to_contain_text("Vérifier un certificat")
    page.click("a.lang")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Check a certificate")
    shot(page, "04-syndic-form-en")
    page.click("a.lang")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


@pytest.mark.parametrize("page", ["en-US"], indirect=True)
def test_english_browser_gets_english(page: Page, server: Server, files: Files) -> None:
    page.goto(server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.set_input_files("#file", str(files.pem))
    page.click("button[type=submit]")
    expect(page.locator("[data-verdict]")).to_contain_text(
        "REFUSED"
    )  # a test certificate in production
    # a leaf alone: the page asks for the file with its chain, in its own words, not for --chain
    findings = page.locator("ul.findings").first
    expect(findings).to_contain_text("drop the file that also holds the chain")
    expect(findings).not_to_contain_text("--chain")
    shot(page, "05-result-refused-en")


def test_keyboard_only(page: Page, server: Server, files: Files) -> None:
    page.goto(server.url + "/")
    page.set_input_files("#file", str(files.pem))  # what the system's file dialog would do
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")  # the skip link moves focus to the main content
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if order[-1] == "BUTTON":
            break
    # a PEM was chosen: the .p12 password field is hidden, so the keyboard skips it
    assert order == ["file", "pem", "profile", "siren", "BUTTON"], order
    assert page.locator("#password").is_hidden()
    page.keyboard.press("Enter")
    expect(page.locator("[data-verdict]")).to_be_visible()
    # every copy button is reachable and labelled for a screen reader, and works from the keyboard
    buttons = page.locator("button.copy")
    assert buttons.count() == 3
    for button in buttons.all():
        assert button.get_attribute("aria-label")
    buttons.first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-copy-status]")).to_have_text("Copié dans le presse-papiers.")
    assert page.evaluate("navigator.clipboard.readText()") == openssl_subject(files.pem)


def test_readable_on_a_phone_and_printable(browser: Browser, server: Server, files: Files) -> None:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    phone = context.new_page()
    phone.goto(server.url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "06-syndic-form-phone")
    phone.set_input_files("#file", str(files.pem))
    phone.click("button[type=submit]")
    expect(phone.locator("[data-verdict]")).to_be_visible()
    phone.wait_for_load_state("load")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "07-result-phone")
    phone.emulate_media(media="print")
    assert phone.locator("header.site nav").is_hidden()
    assert phone.locator("button.copy").first.is_hidden()
    assert phone.locator("[data-verdict]").is_visible()
    shot(phone, "08-result-print")
    context.close()


def test_private_key_refused_on_a_public_address(browser: Browser, files: Files) -> None:
    public = start_server("--host", "0.0.0.0")
    try:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(public.url.replace("0.0.0.0", "127.0.0.1") + "/")
        page.set_input_files("#file", str(files.p12))
        page.fill("#password", "s3cret")
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_contain_text("clé privée")
        for heading in ("Sous Windows", "Sous macOS", "Dans Firefox"):
            expect(page.locator("h3", has_text=heading)).to_be_visible()
        shot(page, "09-key-refused-fr")
        context.close()
    finally:
        stop(public)


def test_dn_match_page(page: Page, server: Server, files: Files) -> None:
    page.goto(server.url + "/dn-match")
    subject = openssl_subject(files.pem)
    issuer_parts = (
        subprocess.run(
            ["openssl", "x509", "-in", str(files.pem), "-noout", "-issuer", "-nameopt", "RFC2253"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .split("=", 1)[1]
    )
    page.set_input_files("#file", str(files.pem))
    page.fill("#subject", subject)
    page.fill("#issuer", ",".join(reversed(issuer_parts.split(","))))  # typed with C first
    page.fill("#dn-siren", SIREN)
    page.click("button[type=submit]")
    expect(page.locator("tr[data-row=subject]")).to_contain_text("exact")
    expect(page.locator("tr[data-row=issuer]")).to_contain_text("reordered")
    expect(page.locator("tr[data-row=siren]")).to_contain_text("match")
    shot(page, "10-dn-match-fr")


def test_api_docs_render_offline(page: Page, server: Server) -> None:
    page.goto(server.url + "/docs")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("certkit")
    expect(page.get_by_text("/api/v1/check", exact=True).first).to_be_visible()
    shot(page, "11-api-docs")


def test_dn_match_spreadsheet_page(page: Page, server: Server, files: Files) -> None:
    from openpyxl import load_workbook

    subject = openssl_subject(files.pem)
    table = files.dir / "saisies.csv"
    table.write_bytes(
        (
            "path;subject;siren\r\n"
            f"{files.pem.name};{subject};{SIREN}\r\n"
            f"{files.pem.name};{subject.replace(chr(92) + ',', ',')};{SIREN}\r\n"
            f"absent-régie.pem;{subject};\r\n"
        ).encode("cp1252")
    )
    page.goto(server.url + "/dn-match")
    page.set_input_files("#table", str(table))
    page.set_input_files("#certificates", [str(files.pem)])
    page.click("form[action*='table=1'] button[type=submit]")
    expect(page.locator("[data-batch]")).to_contain_text("3 lignes")
    # statuses in words, each part named
    expect(page.locator("tr[data-line='2']")).to_contain_text("correcte")
    expect(page.locator("tr[data-line='2']")).to_contain_text(
        f"DN Certificat client{NNBSP}: identique"
    )
    expect(page.locator("tr[data-line='3']")).to_contain_text("à revoir")
    expect(page.locator("tr[data-line='3']")).to_contain_text("a perdu sa barre oblique inverse")
    expect(page.locator("tr[data-line='3']")).not_to_contain_text("mismatch")
    expect(page.locator("tr[data-line='4']")).to_contain_text("en erreur")
    expect(page.locator("tr[data-line='4']")).to_contain_text("absent-régie.pem")
    expect(page.locator("[data-reading-note]")).to_contain_text("lu en Windows-1252")
    shot(page, "12-dn-match-spreadsheet-fr")
    with page.expect_download() as info:
        page.click("[data-download=xlsx]")
    assert info.value.suggested_filename == "resultats.xlsx"
    import io

    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("line", "path", "subject", "siren")
    assert values[1][4] == "ok" and values[2][4] == "attention" and values[3][4] == "error"
    with page.expect_download() as info:
        page.click("[data-download=csv]")
    assert Path(info.value.path()).read_bytes().startswith(b"\xef\xbb\xbfline;path;subject;siren")
