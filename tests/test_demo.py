"""README's first command: ./scripts/demo runs the syndic journey end to end and exits 0."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_demo_runs_the_whole_journey(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update({"LANG": "C.UTF-8", "CERTKIT_DEMO_DIR": str(tmp_path / "demo")})
    result = subprocess.run(
        [str(ROOT / "scripts" / "demo")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "Verdict: PASS" in out
    assert "O=SYNDIC EXEMPLE\\, SAS" in out
    assert "GET /whoami → 200" in out
    assert "DN_NOT_REGISTERED" in out
    assert "$ certkit web" in out and "http://127.0.0.1:8080/" in out  # the page, at the end
    upload = (tmp_path / "demo" / "upload.pem").read_bytes()
    assert b"BEGIN CERTIFICATE" in upload and b"PRIVATE KEY" not in upload
    key = tmp_path / "demo" / "syndic.key"
    assert key.stat().st_mode & 0o777 == 0o600
