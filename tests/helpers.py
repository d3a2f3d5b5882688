"""Helpers shared by the tests: run the installed certkit command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CERTKIT = str(Path(sys.executable).parent / "certkit")


def run_certkit(
    *args: str | os.PathLike[str],
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``certkit ARGS`` as a user would; English messages unless ``env`` says otherwise."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    full_env["LANG"] = "C.UTF-8"
    full_env.pop("CERTKIT_LANG", None)
    if env:
        full_env.update(env)
    result = subprocess.run(
        [CERTKIT, *map(str, args)],
        input=input,
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )
