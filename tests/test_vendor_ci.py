"""What a software vendor does, outside this repository: a fresh project, a fresh virtual
environment, ``pip install`` of the certkit wheel built from this tree, the README's three-line
tests with ``certkit_platform`` (requests and httpx), and the README's CI jobs (GitHub Actions
and GitLab CI) run command for command."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.test_pytest_plugin import README, readme_recipes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """certkit's wheel, built from this tree (hatchling from the test extra: no download)."""
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--no-build-isolation", "--wheel-dir", str(out), str(ROOT),
        ],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("certkit-*.whl")
    return found


def ci_example(kind: str) -> dict[str, Any]:
    match = re.search(
        rf"<!-- ci-example: {kind} -->\s*```yaml\n(.*?)```", README.read_text("utf-8"), re.S
    )
    assert match, f"README has no {kind} example"
    loaded = yaml.safe_load(match[1])
    assert isinstance(loaded, dict)
    return loaded


def vendor_project(base: Path) -> tuple[Path, dict[str, str]]:
    """A project outside the repository holding the README's fresh-project tests, and the
    environment of a fresh venv on its PATH (what setup-python or the python image gives)."""
    project = base / "vendor-project"
    (project / "tests").mkdir(parents=True)
    for name, source in readme_recipes("fresh-project").items():
        (project / "tests" / name).write_text(source)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["LANG"] = "C.UTF-8"
    return project, env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Shell:
    """Runs CI commands with bash as a runner does (``-e``, ``-o pipefail``), each in its own
    process group, and at the end stops what they left running in the background."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.cwd = cwd
        self.env = env
        self.groups: list[int] = []

    def run(self, script: str) -> subprocess.CompletedProcess[str]:
        process = subprocess.Popen(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=self.cwd, env=self.env, text=True, start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.groups.append(process.pid)
        out, _ = process.communicate(timeout=600)
        return subprocess.CompletedProcess(script, process.returncode, out, "")

    def stop(self) -> None:
        for group in self.groups:
            try:
                os.killpg(group, signal.SIGTERM)
            except ProcessLookupError:
                continue


def check_outcome(project: Path, outputs: str) -> None:
    """What the jobs must have shown: the vendor's tests passed, the service started, both
    probes succeeded, the platform logged an authorised request."""
    assert re.search(r"\b2 passed\b", outputs), outputs
    assert "[probe.accepted_cas]" in outputs and "[probe.ok]" in outputs, outputs
    log = (project / "platform.log").read_text()
    assert log.startswith("certkit platform listening on https://127.0.0.1:")
    assert '"status":200' in log and '"account":"732829320"' in log


def test_github_actions_job_in_a_fresh_project(wheel: Path, tmp_path: Path) -> None:
    workflow = ci_example("github")
    (job,) = workflow["jobs"].values()
    project, env = vendor_project(tmp_path)
    env.update({k: str(v) for k, v in job.get("env", {}).items()})
    env.update(CERTKIT=str(wheel), CERTKIT_PORT=str(free_port()))
    shell = Shell(project, env)
    outputs = []
    try:
        for step in job["steps"]:
            if "uses" in step:  # checkout and setup-python: the project and the venv above
                assert step["uses"].startswith(("actions/checkout@", "actions/setup-python@"))
                continue
            result = shell.run(step["run"])
            outputs.append(result.stdout)
            assert result.returncode == 0, f"step {step.get('name')!r} failed:\n{result.stdout}"
    finally:
        shell.stop()
    check_outcome(project, "\n".join(outputs))


def test_gitlab_ci_job_in_a_fresh_project(wheel: Path, tmp_path: Path) -> None:
    pipeline = ci_example("gitlab")
    job = pipeline["mtls"]
    assert job["image"].startswith("python:3.")
    project, env = vendor_project(tmp_path)
    env.update({k: str(v) for k, v in job.get("variables", {}).items()})
    env.update(CERTKIT=str(wheel), CERTKIT_PORT=str(free_port()))
    shell = Shell(project, env)
    try:
        result = shell.run("\n".join(job["script"]))  # one shell for the whole script
    finally:
        shell.stop()
    assert result.returncode == 0, result.stdout
    check_outcome(project, result.stdout)
    # the wheel, not this tree, is what ran: certkit lives in the fresh venv
    venv_python = Path(env["PATH"].split(os.pathsep)[0]) / "python"
    where = subprocess.run(
        [str(venv_python), "-c", "import certkit, sys; print(certkit.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout  # fmt: skip
    assert str(tmp_path) in where and str(ROOT) not in where
