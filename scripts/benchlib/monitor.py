"""Issue 7 figures: `certkit monitor scan` over a tree of 10,000 certificate files.

- first scan (empty inventory) end to end, as a user runs it (process start-up included), beside
  one `openssl x509 -noout -enddate` process per file (what a shell-script monitor would do),
  measured on a sample of the same files; target ≥ 1,500 files/s;
- unchanged rescan (nothing read, only stat() and the database), beside `find -printf` listing
  size, mtime and inode of the same tree (a plain walk + stat); target ≥ 20,000 files/s.

The tree: 20 folders of PEM files (one in ten is DER under a .cer name), each a distinct leaf (the
foundation section's generator), built once and kept in .bench/monitor/.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import time
from pathlib import Path

from benchlib.common import Context, Figure, certkit_bin

SECTION = "monitor"


def make_tree(root: Path, count: int) -> None:
    """``count`` distinct certificate files under ``root`` (kept between runs): the foundation
    section's bundle of leaves, split one certificate per file, one in ten as DER."""
    marker = root / ".complete"
    if marker.exists() and marker.read_text() == str(count):
        return
    import base64
    import shutil

    from benchlib.foundation import make_bundle

    bundle = root.parent / f"bundle-{count}.pem"
    make_bundle(bundle, count)
    shutil.rmtree(root, ignore_errors=True)
    end = b"-----END CERTIFICATE-----\n"
    blocks = [b + end for b in bundle.read_bytes().split(end) if b.strip()]
    for i, block in enumerate(blocks):
        folder = root / f"syndics-{i % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 10 == 9:
            body = block.split(b"-----")[2]
            (folder / f"{i:05d}.cer").write_bytes(base64.b64decode(b"".join(body.split())))
        else:
            (folder / f"{i:05d}.pem").write_bytes(block)
    marker.write_text(str(count))


CPU_SECONDS: list[float] = []


def _scan(tree: Path, db: Path) -> tuple[float, dict[str, object]]:
    """Wall time of one `certkit monitor scan` (its CPU time, workers included, goes to
    CPU_SECONDS: on a shared machine the wall time also measures the neighbours)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [certkit_bin(), "monitor", "scan", str(tree), "--db", str(db), "--json"],
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"scan failed: {done.stderr.decode()}")
    return seconds, json.loads(done.stdout)


def bench(ctx: Context) -> list[Figure]:
    count = 1_000 if ctx.quick else 10_000
    tree = ctx.workdir / f"tree-{count}"
    make_tree(tree, count)
    files = sorted(p for p in tree.rglob("*") if p.is_file() and p.name != ".complete")
    figures: list[Figure] = []

    # First scan: a fresh database each time.
    first_runs: list[float] = []
    for attempt in range(1 if ctx.quick else 3):
        db = ctx.workdir / f"first-{attempt}.db"
        for stale in ctx.workdir.glob(f"first-{attempt}.db*"):
            stale.unlink()
        seconds, result = _scan(tree, db)
        assert result["files_read"] == result["files_seen"] == len(files) + 1, result
        first_runs.append(seconds)
    first_rate = len(files) / statistics.median(first_runs)
    first_cpu = list(CPU_SECONDS)
    CPU_SECONDS.clear()

    # Reference: one openssl process per file, on a sample.
    sample = files[:: max(1, len(files) // (50 if ctx.quick else 200))]
    start = time.perf_counter()
    for path in sample:
        form = "DER" if path.suffix == ".cer" else "PEM"
        subprocess.run(
            ["openssl", "x509", "-inform", form, "-in", str(path), "-noout", "-enddate"],
            stdout=subprocess.DEVNULL,
            check=True,
        )
    openssl_rate = len(sample) / (time.perf_counter() - start)
    figures.append(
        Figure(
            SECTION,
            f"first scan of {count:,} files (certkit monitor scan)",
            first_rate,
            "files/s",
            "openssl x509 -enddate per file",
            openssl_rate,
            # The targets are set for 10,000 files; the quick run is dominated by start-up.
            target=None if ctx.quick else "≥ 1,500 files/s",
            met=None if ctx.quick else first_rate >= 1500,
            notes=[
                f"runs: {', '.join(f'{s:.2f} s' for s in first_runs)}",
                f"CPU time per run (workers included): {statistics.median(first_cpu):.2f} s "
                f"= {len(files) / statistics.median(first_cpu):,.0f} files per CPU-second",
                f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
            ],
        )
    )

    # Unchanged rescan on the first database.
    db = ctx.workdir / "first-0.db"
    rescans: list[float] = []
    for _ in range(3 if ctx.quick else 5):
        seconds, result = _scan(tree, db)
        assert result["files_read"] == 0, result
        rescans.append(seconds)
    rescan_rate = len(files) / statistics.median(rescans)
    finds: list[float] = []
    for _ in range(3 if ctx.quick else 5):
        start = time.perf_counter()
        subprocess.run(
            ["find", str(tree), "-type", "f", "-printf", "%s %T@ %i %p\\n"],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        finds.append(time.perf_counter() - start)
    find_rate = len(files) / statistics.median(finds)
    figures.append(
        Figure(
            SECTION,
            f"unchanged rescan of {count:,} files",
            rescan_rate,
            "files/s",
            "find -printf size/mtime/inode (walk + stat)",
            find_rate,
            target=None if ctx.quick else "≥ 20,000 files/s",
            met=None if ctx.quick else rescan_rate >= 20000,
            notes=[
                f"runs: {', '.join(f'{s * 1000:.0f} ms' for s in rescans)}",
                f"CPU time per run: {statistics.median(CPU_SECONDS) * 1000:.0f} ms "
                "(process start-up included)",
            ],
        )
    )
    return figures
