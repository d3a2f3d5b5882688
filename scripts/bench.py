#!/usr/bin/env python3
"""certkit benchmarks: every section of scripts/benchlib/, figures as ratios against a reference
measured on the same machine in the same run.

    .venv/bin/python scripts/bench.py            # everything
    .venv/bin/python scripts/bench.py --quick    # smaller inputs, a few seconds per section
    .venv/bin/python scripts/bench.py --only foundation --only testca

Results are printed as a table and written to .bench/results.json.
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import pkgutil
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchlib.common import ROOT, Context, Figure


def sections() -> list[str]:
    import benchlib

    return sorted(
        info.name
        for info in pkgutil.iter_modules(benchlib.__path__)
        if info.name not in ("common", "__init__")
    )


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    parser.add_argument("--only", action="append", default=[], help="run only these sections")
    parser.add_argument("--out", type=Path, default=ROOT / ".bench" / "results.json")
    args = parser.parse_args()
    # Start-up figures must not pay for compiling certkit's sources at every run.
    compileall.compile_dir(str(ROOT / "certkit"), quiet=1)
    chosen = args.only or sections()
    workdir = ROOT / ".bench"
    workdir.mkdir(exist_ok=True)
    figures: list[Figure] = []
    failures: list[str] = []
    for name in chosen:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"benchlib.{name}")
            section_dir = workdir / name
            section_dir.mkdir(exist_ok=True)
            got = module.bench(Context(workdir=section_dir, quick=args.quick))
        except Exception:
            traceback.print_exc()
            failures.append(name)
            continue
        for figure in got:
            figures.append(figure)
            ratio = figure.ratio
            line = f"   {figure.name}: {fmt(figure.value)} {figure.unit}"
            if figure.reference_name:
                line += f" | {figure.reference_name}: {fmt(figure.reference_value)} {figure.unit}"
            if ratio is not None:
                line += f" | ratio {ratio:.2f}"
            if figure.target:
                verdict = {True: "met", False: "NOT met", None: "?"}[figure.met]
                line += f" | target {figure.target}: {verdict}"
            print(line, flush=True)
            for note in figure.notes:
                print(f"     note: {note}")
        print(f"   ({time.perf_counter() - started:.1f} s)")
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(
        json.dumps(
            [{**{k: v for k, v in vars(f).items()}, "ratio": f.ratio} for f in figures],
            indent=2,
        )
    )
    print(f"results written to {args.out}")
    if failures:
        print(f"sections that failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
