"""Issue 12 figures: the worst-case time and memory of one input (target ≤ 2 s, ≤ 256 MB RSS).

- every fuzz seed and every corpus file (zlint, pkilint, trusted-list CAs, the trusted lists
  themselves), read in one process the way `check` reads a file (load, facts, verdict): the slowest
  input and that process's peak RSS;
- the inputs that once took minutes or hundreds of MB, each through the real `certkit inspect`
  in its own process (wall time and the process's peak RSS from wait4): a PKCS#12 with 2³¹ MAC
  iterations, one at the iteration cap, 345 KB of unterminated PEM labels, deep BER nesting,
  /dev/zero, PEM bundles at the certificate cap and at the 16 MiB byte cap;
- reference: one `openssl x509 -noout -subject` process on a plain certificate, same run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchlib.common import ROOT, Context, Figure, command_seconds

SECTION = "robustness"

SWEEP = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[1])
from certkit.checks import evaluate
from certkit.app.check import build_options
from certkit.errors import CertkitError
from certkit.sources import load_bytes
from certkit import trustedlist
options = build_options("registre-coproprietes", (), (), (), None, None, False, None, 5.0)
worst = (0.0, "")
count = 0
for line in sys.stdin:
    path = line.rstrip("\n")
    data = open(path, "rb").read()
    start = time.perf_counter()
    try:
        if path.endswith(".xml"):
            trustedlist.catalogue_entries(trustedlist.parse(data, source=path))
        else:
            bundle = load_bytes(data, source=path, password=lambda _p: b"fuzz")
            for i in range(len(bundle.certificates)):
                bundle.facts(i)
            evaluate(bundle, options)
    except CertkitError:
        pass
    spent = time.perf_counter() - start
    count += 1
    if spent > worst[0]:
        worst = (spent, path)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"count": count, "worst_s": worst[0], "worst": worst[1], "rss": rss}))
"""


def _inputs(workdir: Path) -> list[Path]:
    """Fuzz seeds (written out) and every corpus file."""
    sys.path.insert(0, str(ROOT))
    from tests.fuzz.seeds import certificate_seeds

    seeds = workdir / "seeds"
    seeds.mkdir(exist_ok=True)
    paths = []
    for index, data in enumerate(certificate_seeds()):
        path = seeds / f"seed-{index:04d}"
        path.write_bytes(data)
        paths.append(path)
    corpus = ROOT.parent / "shared" / "corpus"
    paths += sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".txt")
    return paths


def _adversarial(workdir: Path, quick: bool) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from asn1crypto import pkcs12 as asn1_pkcs12

    from certkit.sources import MAX_INPUT_BYTES, MAX_PKCS12_ITERATIONS
    from tests.rawcert import certificate, pem
    from tests.test_caps import make_pkcs12

    out: dict[str, Path] = {}
    pfx = asn1_pkcs12.Pfx.load(make_pkcs12())
    pfx["mac_data"]["iterations"] = 2**31 - 1
    out["PKCS#12, 2^31 MAC iterations"] = workdir / "huge-mac.p12"
    out["PKCS#12, 2^31 MAC iterations"].write_bytes(pfx.dump())
    out["PKCS#12 at the iteration cap"] = workdir / "at-cap.p12"
    if not out["PKCS#12 at the iteration cap"].exists():
        out["PKCS#12 at the iteration cap"].write_bytes(make_pkcs12(MAX_PKCS12_ITERATIONS))
    labels = b"".join(b"-----BEGIN L%05d-----\n" % i for i in range(15000)) + pem(certificate())
    out["345 KB of unterminated PEM labels"] = workdir / "labels.pem"
    out["345 KB of unterminated PEM labels"].write_bytes(labels)
    out["BER nested 100,000 deep"] = workdir / "deep.der"
    out["BER nested 100,000 deep"].write_bytes(b"\x30\x80" * 100_000 + b"\x00\x00" * 100_000)
    out["/dev/zero"] = Path("/dev/zero")
    # Bundles of distinct certificates (caches do not help): at the 10,000-certificate cap, and
    # 16 MiB of them (35,000), refused once the cap is passed.
    from certkit.sources import MAX_CERTIFICATES
    from tests.rawcert import atv, name, rdn

    for label, file_name, limit_count, limit_bytes in (
        ("PEM bundle at the certificate cap", "at-count-cap.pem", MAX_CERTIFICATES, None),
        ("16 MiB PEM bundle, over the count cap", "near-byte-cap.pem", None, MAX_INPUT_BYTES),
    ):
        if quick:
            limit_count = (limit_count or 35_000) // 8
            limit_bytes = None
        bundle = workdir / file_name
        if not bundle.exists():
            chunks: list[bytes] = []
            size = 0
            while True:
                cn = f"syndic-{len(chunks)}.example.fr"
                block = pem(certificate(name(rdn(atv("2.5.4.3", cn)))))
                if limit_count is not None and len(chunks) >= limit_count:
                    break
                if limit_bytes is not None and size + len(block) > limit_bytes - 4096:
                    break
                chunks.append(block)
                size += len(block)
            bundle.write_bytes(b"".join(chunks))
        out[label] = bundle
    return out


# The certkit command in a process of its own that reports its peak RSS (VmHWM: the high-water
# mark of its own memory; wait4's ru_maxrss would count this benchmark's memory at spawn time).
MEASURED = r"""
import atexit, os, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            with open(os.environ["CERTKIT_BENCH_PEAK"], "w") as out:
                out.write(line.split()[1])
atexit.register(peak)
sys.argv = ["certkit", *sys.argv[1:]]
from certkit._entry import main
main()
"""


def _run_measured(args: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in bytes, exit code) of ``certkit ARGS`` as one process."""
    import tempfile

    with tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        code = subprocess.run(
            [sys.executable, "-c", MEASURED, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "CERTKIT_BENCH_PEAK": peak.name, "BENCH_P12": "secret"},
            check=False,
        ).returncode
        seconds = time.perf_counter() - start
        kilobytes = Path(peak.name).read_text().strip()
    return seconds, int(kilobytes or 0) * 1024, code


def bench(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    workdir = ctx.workdir
    from tests.rawcert import certificate, pem

    plain = workdir / "plain.pem"
    plain.write_bytes(pem(certificate()))
    reference = command_seconds(["openssl", "x509", "-noout", "-subject", "-in", str(plain)], 5)

    paths = _inputs(workdir)
    sweep = subprocess.run(
        [sys.executable, "-c", SWEEP, str(ROOT)],
        input="\n".join(map(str, paths)),
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(sweep.stdout)
    figures.append(
        Figure(
            SECTION,
            f"slowest of {result['count']} fuzz seeds and corpus files (load, facts, verdict)",
            result["worst_s"],
            "s",
            "openssl x509 -subject, one process",
            reference,
            target="≤ 2 s",
            met=result["worst_s"] <= 2,
            notes=[f"slowest: {Path(result['worst']).name}"],
        )
    )
    figures.append(
        Figure(
            SECTION,
            "peak RSS of that process over all of them",
            result["rss"] / 2**20,
            "MiB",
            target="≤ 256 MB",
            met=result["rss"] <= 256 * 10**6,
        )
    )
    worst_time, worst_rss = 0.0, 0
    for label, path in _adversarial(workdir, ctx.quick).items():
        extra = ["--password-env", "BENCH_P12"] if path.suffix == ".p12" else []
        seconds, rss, code = _run_measured(["inspect", "--json", *extra, str(path)])
        worst_time, worst_rss = max(worst_time, seconds), max(worst_rss, rss)
        figures.append(
            Figure(
                SECTION,
                f"certkit inspect --json: {label} (exit {code})",
                seconds,
                "s",
                "openssl x509 -subject, one process",
                reference,
                target="≤ 2 s, ≤ 256 MB",
                met=seconds <= 2 and rss <= 256 * 10**6,
                notes=[f"peak RSS {rss / 2**20:.0f} MiB"],
            )
        )
    figures.append(
        Figure(
            SECTION,
            "worst adversarial input: wall time",
            worst_time,
            "s",
            target="≤ 2 s",
            met=worst_time <= 2,
            notes=[f"worst peak RSS {worst_rss / 2**20:.0f} MiB"],
        )
    )
    return figures
