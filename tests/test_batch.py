"""The batch engine: every item gets its answer or its own error, whatever the others do.

The engine is exercised with a work function that fails on purpose (certkit's bad-input error and
a plain exception standing for a certkit bug — no real bug is known to trigger on purpose), then
the commands that run on it (check, inspect, dn-match) are run for real, in a subprocess, with
the same deliberate bug planted in the loader for one file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from certkit.batch import Batch, Failure
from certkit.errors import InputError
from tests.helpers import run_certkit
from tests.rawcert import atv, certificate, name, pem, rdn, tlv


def work(item: object) -> tuple[str, object]:
    if item == "bad":
        raise InputError("sources.not_found", path="bad")
    if item == "bug":
        raise ZeroDivisionError("planted bug")
    return "ok", f"answer {item}"


ITEMS = ["a", "bad", "b", "bug", "c"]


@pytest.mark.parametrize("workers", [1, 2])
def test_every_item_is_answered_in_order_whatever_the_others_do(workers: int) -> None:
    done: list[int] = []
    engine = Batch(work, workers=workers, threshold=2, chunk_size=2, progress=done.append)
    results = list(engine.results(ITEMS * 20))
    assert len(results) == 100
    for item, result in zip(ITEMS * 20, results, strict=True):
        if item == "bad":
            assert isinstance(result, Failure) and not result.internal
            assert result.code == "sources.not_found"
            assert result.entry("bad", "en") == {
                "path": "bad",
                "error": {"code": "sources.not_found", "message": result.message("en")},
            }
        elif item == "bug":
            assert isinstance(result, Failure) and result.internal
            assert result.code == "batch.internal_error"
            assert "ZeroDivisionError: planted bug" in result.message("en")
        else:
            assert result == ("ok", f"answer {item}")
    assert sum(done) == 100
    summary = engine.summary
    assert summary.total == 100 and summary.counts == {"ok": 60, "error": 40}
    assert summary.internal == 20
    assert summary.exit_code(0) == 3


TEST_PROCESS = os.getpid()


def deadly(item: object) -> tuple[str, object]:
    """Kills the process it runs in on "poison" — as the out-of-memory killer or a crash inside
    a library would — but never the test's own process."""
    if item == "poison":
        assert os.getpid() != TEST_PROCESS, "a poisonous item must never run in the parent"
        os.kill(os.getpid(), signal.SIGKILL)
    return "ok", f"answer {item}"


def test_a_worker_that_dies_costs_one_answer_never_the_batch() -> None:
    items = [f"item{i}" for i in range(40)]
    items[13] = "poison"
    engine = Batch(deadly, workers=2, threshold=2, chunk_size=4)
    results = list(engine.results(items))  # before: multiprocessing.Pool waited forever
    assert len(results) == 40
    for item, result in zip(items, results, strict=True):
        if item == "poison":
            assert isinstance(result, Failure) and result.internal
            assert result.code == "batch.worker_died"
            assert "died, even on its own" in result.message("en")
        else:
            assert result == ("ok", f"answer {item}")  # its chunk-mates too
    assert engine.summary.counts == {"ok": 39, "error": 1} and engine.summary.exit_code(0) == 3


def test_exit_code_is_the_worst_outcome() -> None:
    engine = Batch(work)
    list(engine.results(["a", "bad"]))
    assert engine.summary.exit_code(1) == 2
    assert engine.summary.exit_code(1, error_code=1) == 1
    clean = Batch(work)
    list(clean.results(["a", "b"]))
    assert clean.summary.exit_code(1) == 1


def test_certkit_debug_lets_a_bug_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CERTKIT_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        list(Batch(work).results(["bug"]))


# The real commands, with a bug planted in the loader for any path containing "bug".
PLANTED = r"""
import sys
import certkit.sources as sources
real = sources.load_path
def load_path(path, **kwargs):
    if "bug" in str(path):
        raise ZeroDivisionError("planted bug")
    return real(path, **kwargs)
sources.load_path = load_path
real_bytes = sources.load_bytes
def load_bytes(data, source="<bytes>", **kwargs):
    if "bug" in str(source):
        raise ZeroDivisionError("planted bug")
    return real_bytes(data, source=source, **kwargs)
sources.load_bytes = load_bytes
import certkit.batch as batch
real_leaf = batch.load_leaf
def load_leaf(path, password=None):
    if "bug" in str(path):
        raise ZeroDivisionError("planted bug")
    return real_leaf(path, password)
batch.load_leaf = load_leaf
sys.argv = ["certkit", *sys.argv[1:]]
from certkit._entry import main
main()
"""


def run_planted(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("CERTKIT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", PLANTED, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.fixture()
def files(tmp_path: Path) -> Path:
    for file_name in ("good1.pem", "bug.pem", "good2.pem"):
        (tmp_path / file_name).write_bytes(pem(certificate()))
    (tmp_path / "unreadable.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAA")
    return tmp_path


def test_inspect_json_keeps_every_other_file(files: Path) -> None:
    result = run_planted(
        "inspect", "--json", "good1.pem", "bug.pem", "unreadable.pem", "good2.pem", cwd=files
    )
    assert result.returncode == 3, result.stderr
    entries = json.loads(result.stdout)
    assert [e["path"] for e in entries] == ["good1.pem", "bug.pem", "unreadable.pem", "good2.pem"]
    assert entries[1]["error"]["code"] == "batch.internal_error"
    assert entries[2]["error"]["code"] == "sources.truncated_pem"
    assert entries[0]["certificates"] and entries[3]["certificates"]
    assert "planted bug" in result.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_check_jsonl_keeps_every_other_file(files: Path, workers: str) -> None:
    batch = files / "batch"
    batch.mkdir()
    for index in range(70):  # over the parallel threshold
        (batch / f"f{index:02d}.pem").write_bytes(pem(certificate()))
    (batch / "f33-bug.pem").write_bytes(pem(certificate()))
    result = run_planted("check", "batch", "--jsonl", "--workers", workers, cwd=files)
    assert result.returncode == 3, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 71
    failed = [line for line in lines if "error" in line]
    assert [line["path"] for line in failed] == [str(Path("batch") / "f33-bug.pem")]
    assert failed[0]["error"]["code"] == "batch.internal_error"
    assert all(line.get("verdict") for line in lines if "error" not in line)


def test_check_text_summary_counts_the_failed_file(files: Path) -> None:
    result = run_planted("check", "good1.pem", "bug.pem", "good2.pem", cwd=files)
    assert result.returncode == 3
    assert result.stdout.count("Verdict") == 2
    assert "bug.pem: ✗ internal error" in result.stdout
    assert "1 error" in result.stdout.splitlines()[-1] or "errors" in result.stdout


def test_dn_match_batch_answers_every_row(files: Path) -> None:
    empty_rdn = certificate(name(rdn(atv("2.5.4.6", "FR", 0x13)), tlv(0x31, b"")))
    (files / "empty-rdn.pem").write_bytes(pem(empty_rdn))
    (files / "rows.csv").write_text(
        "path,subject,issuer\n"
        'good1.pem,"CN=certkit raw,C=FR","CN=certkit raw,C=FR"\n'
        "bug.pem,CN=x,CN=y\n"
        "a\x00b.pem,CN=x,CN=y\n"
        "empty-rdn.pem,C=FR,C=FR\n"
        "good2.pem,CN=other,CN=certkit raw\n",
        encoding="utf-8",
    )
    result = run_planted("dn-match", "--batch", "rows.csv", cwd=files)
    assert result.returncode == 3, result.stderr
    rows = result.stdout.splitlines()[1:]
    statuses = [r["status"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert statuses == ["ok", "error", "error", "ok", "attention"]
    assert "internal error" in rows[1]
    assert "NUL byte" in rows[2]
    assert "5 rows" in result.stderr
    # Without the planted bug, the same rows are all answered and no exit 3.
    (files / "bug.pem").rename(files / "fine.pem")
    text = (files / "rows.csv").read_text(encoding="utf-8").replace("bug.pem", "fine.pem")
    (files / "rows.csv").write_text(text, encoding="utf-8")
    honest = run_certkit("dn-match", "--batch", files / "rows.csv")
    assert honest.returncode == 1
    assert [r["status"] for r in csv.DictReader(io.StringIO(honest.stdout))] == [
        "ok", "attention", "error", "ok", "attention"
    ]  # fmt: skip


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def test_a_worker_killed_from_outside_loses_no_file(tmp_path: Path) -> None:
    """The out-of-memory killer picks one of check's workers mid-batch: the batch still answers
    every file, in order, with the verdicts it gives unharmed."""
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(3000):
        (folder / f"c{index:04}.pem").write_bytes(
            pem(certificate(serial=tlv(0x02, (index + 1).to_bytes(2, "big"))))
        )
    args = ["check", str(folder), "--jsonl", "--workers", "2", "--profile", "registre-coproprietes"]
    calm = run_certkit(*args)
    process = subprocess.Popen(
        [sys.executable, "-m", "certkit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    killed = None
    try:
        deadline = time.monotonic() + 60
        while killed is None and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            if len(workers) >= 2:
                time.sleep(0.1)  # a few chunks in
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.005)
        out, err = process.communicate(timeout=120)  # before: waited forever on the lost task
    finally:
        process.kill()
        process.wait()
    assert killed is not None, "the batch ended before a worker could be killed"
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert [Path(line["path"]).name for line in lines] == [f"c{i:04}.pem" for i in range(3000)]
    assert out.decode() == calm.stdout and process.returncode == calm.returncode, err.decode()


def test_workers_die_with_a_killed_batch(tmp_path: Path) -> None:
    """check killed mid-batch (kill -9, a CI job's timeout) leaves no worker behind."""
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(3000):
        serial = tlv(0x02, (index + 1).to_bytes(2, "big"))
        (folder / f"c{index:04}.pem").write_bytes(pem(certificate(serial=serial)))
    process = subprocess.Popen(
        [sys.executable, "-m", "certkit", "check", str(folder), "--jsonl", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            time.sleep(0.005)
        assert len(workers) == 2, "the batch ended before its workers could be seen"
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    finally:
        process.kill()
        process.wait()
