"""Issue 7 and 17 figures: `certkit monitor scan` over a tree of 10,000 certificate files.

SQLite (the embedded default):
- first scan (empty inventory) end to end, as a user runs it (process start-up included), beside
  one `openssl x509 -noout -enddate` process per file (what a shell-script monitor would do),
  measured on a sample of the same files; target ≥ 1,500 files/s;
- unchanged rescan (nothing read, only stat() and the database), beside `find -printf` listing
  size, mtime and inode of the same tree (a plain walk + stat); target ≥ 20,000 files/s.

PostgreSQL (a shared inventory; a real server started here on 127.0.0.1 with its production
durability settings: fsync and synchronous commits on), beside SQLite in the same run:
- first scan of the same 10,000 files; target ≥ 50 % of SQLite's first-scan rate;
- unchanged rescan; target ≥ 10,000 files/s;
- four scanners at once (four host labels), 2,500 files each, into one new inventory: all four
  processes from start to the last one's end, beside the same four into one SQLite file.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _scan(tree: Path, db: Path | str) -> tuple[float, dict[str, object]]:
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


def _first_scans(tree: Path, files: int, inventories: list[Path | str]) -> list[float]:
    """Wall time of a first scan of ``tree`` into each (empty) inventory."""
    runs: list[float] = []
    for db in inventories:
        seconds, result = _scan(tree, db)
        assert result["files_read"] == result["files_seen"] == files + 1, result
        assert result["new_certificates"] == files, result
        runs.append(seconds)
    return runs


def _rescans(tree: Path, db: Path | str, repeat: int) -> list[float]:
    """Wall time of ``repeat`` unchanged rescans of ``tree`` in ``db``."""
    runs: list[float] = []
    for _ in range(repeat):
        seconds, result = _scan(tree, db)
        assert result["files_read"] == 0, result
        runs.append(seconds)
    return runs


def bench(ctx: Context) -> list[Figure]:
    count = 1_000 if ctx.quick else 10_000
    tree = ctx.workdir / f"tree-{count}"
    make_tree(tree, count)
    files = sorted(p for p in tree.rglob("*") if p.is_file() and p.name != ".complete")
    figures: list[Figure] = []

    # First scan: a fresh database each time.
    dbs: list[Path | str] = []
    for attempt in range(1 if ctx.quick else 3):
        dbs.append(ctx.workdir / f"first-{attempt}.db")
        for stale in ctx.workdir.glob(f"first-{attempt}.db*"):
            stale.unlink()
    first_runs = _first_scans(tree, len(files), dbs)
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
    rescans = _rescans(tree, dbs[0], 3 if ctx.quick else 5)
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
    CPU_SECONDS.clear()
    figures += _postgresql(ctx, tree, files, count, first_rate, rescan_rate)
    return figures


def _concurrent(tree: Path, make_db: Callable[[], str]) -> tuple[float, list[int]]:
    """Four scanners at once, each on a quarter of the tree's folders under its own host label,
    into one new inventory: wall time until the last one ends, and what each counted as new."""
    folders = sorted(p for p in tree.iterdir() if p.is_dir())
    db = make_db()
    start = time.perf_counter()
    processes = [
        subprocess.Popen(
            [
                certkit_bin(),
                "monitor",
                "scan",
                *map(str, folders[i::4]),
                "--db",
                db,
                "--json",
                "--host-label",
                f"bench-{i}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(4)
    ]
    outputs = [p.communicate() for p in processes]
    seconds = time.perf_counter() - start
    for process, (_, err) in zip(processes, outputs, strict=True):
        if process.returncode != 0:
            raise RuntimeError(f"concurrent scan failed: {err.decode()}")
    return seconds, [int(json.loads(out)["new_certificates"]) for out, _ in outputs]


def _postgresql(
    ctx: Context,
    tree: Path,
    files: list[Path],
    count: int,
    sqlite_first: float,
    sqlite_rescan: float,
) -> list[Figure]:
    from tests.pgserver import start_server

    pg = start_server(durable=True)
    try:
        return _postgresql_figures(ctx, pg, tree, files, count, sqlite_first, sqlite_rescan)
    finally:
        pg.stop("fast")


def _postgresql_figures(
    ctx: Context,
    pg: Any,
    tree: Path,
    files: list[Path],
    count: int,
    sqlite_first: float,
    sqlite_rescan: float,
) -> list[Figure]:
    figures: list[Figure] = []
    urls: list[Path | str] = [
        pg.url(pg.create_database("bench")) for _ in range(1 if ctx.quick else 3)
    ]
    first_runs = _first_scans(tree, len(files), urls)
    first_rate = len(files) / statistics.median(first_runs)
    first_cpu = statistics.median(CPU_SECONDS)
    CPU_SECONDS.clear()
    figures.append(
        Figure(
            SECTION,
            f"first scan of {count:,} files into PostgreSQL",
            first_rate,
            "files/s",
            "the same scan into SQLite (this run)",
            sqlite_first,
            target=None if ctx.quick else "≥ 50 % of SQLite's rate",
            met=None if ctx.quick else first_rate >= 0.5 * sqlite_first,
            notes=[
                f"runs: {', '.join(f'{s:.2f} s' for s in first_runs)}",
                f"CPU time of certkit per run (workers included, the server's not): "
                f"{first_cpu:.2f} s",
                "server: PostgreSQL on 127.0.0.1, fsync and synchronous_commit on",
            ],
        )
    )
    rescans = _rescans(tree, urls[0], 3 if ctx.quick else 5)
    rescan_rate = len(files) / statistics.median(rescans)
    figures.append(
        Figure(
            SECTION,
            f"unchanged rescan of {count:,} files in PostgreSQL",
            rescan_rate,
            "files/s",
            "the same rescan in SQLite (this run)",
            sqlite_rescan,
            target=None if ctx.quick else "≥ 10,000 files/s",
            met=None if ctx.quick else rescan_rate >= 10000,
            notes=[
                f"runs: {', '.join(f'{s * 1000:.0f} ms' for s in rescans)}",
                f"CPU time of certkit per run: {statistics.median(CPU_SECONDS) * 1000:.0f} ms "
                "(process start-up and psycopg import included)",
            ],
        )
    )
    CPU_SECONDS.clear()

    def new_sqlite() -> str:
        path = ctx.workdir / "concurrent.db"
        for stale in ctx.workdir.glob("concurrent.db*"):
            stale.unlink()
        return str(path)

    pg_seconds, pg_new = _concurrent(tree, lambda: pg.url(pg.create_database("bench4")))
    sqlite_seconds, sqlite_new = _concurrent(tree, new_sqlite)
    for new in (pg_new, sqlite_new):
        assert sum(new) == len(files), new  # each certificate new for exactly one scanner
    figures.append(
        Figure(
            SECTION,
            f"four scanners at once, {len(files) // 4:,} files each, into PostgreSQL",
            len(files) / pg_seconds,
            "files/s",
            "the same four into one SQLite file",
            len(files) / sqlite_seconds,
            notes=[
                f"all four done in {pg_seconds:.2f} s (SQLite: {sqlite_seconds:.2f} s); "
                f"new per scanner: {pg_new}",
                f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
            ],
        )
    )
    return figures
