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


def run_with_stderr_on_terminal(
    argv: list[str], *, timeout: float = 60
) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run ``argv`` with stderr on a pseudo-terminal (where progress bars are drawn) and stdout
    on a pipe: (the finished process with its stdout, everything drawn on the terminal)."""
    import pty

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG="C.UTF-8", COLUMNS="100", TERM="xterm")
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env=env)
        os.close(slave)
        slave = -1
        # Drain the terminal while the program runs, or a long bar could fill the pty and block it.
        drawn = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the program closed its end
                break
            if not chunk:
                break
            drawn += chunk
        out, _ = proc.communicate(timeout=timeout)
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    return subprocess.CompletedProcess(argv, proc.returncode, out, b""), bytes(drawn)
