"""Time `xlcheck check FOLDER` as a collecting office runs it: from outside, a fresh process, all cores.

    python benchmarks/folder.py [--sizes 1000 10000] [--jobs N] [--keep DIR]

Builds folders of N workbooks (the bundled samples and filled templates with varied figures and
mistakes, copied under unit names), then runs `/usr/bin/time xlcheck check DIR --format jsonl` and
prints, per size: wall seconds, workbooks per second, CPU ms per workbook (user + sys of the whole
process tree), and peak RSS (the largest single process: the parent or a worker). Also checks that the
JSON Lines output has one line per file, in order.

Targets (issue 8): >= 250 workbooks/s on a 2-core machine at 1,000 files; peak RSS < 300 MiB at both
1,000 and 10,000 files (bounded independent of the folder size).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATE = 250
TARGET_RSS_MIB = 300


def variants(into: Path, count: int = 24) -> list[Path]:
    """Distinct workbooks to copy: the samples, and templates filled with random figures and mistakes."""
    from xlcheck import make_template
    from xlcheck.formats.format2021 import FORMAT_2021
    from xlcheck.formats.spec import COUNT, layout

    lay = layout(FORMAT_2021)
    rng = random.Random(2026)
    made = [ROOT / "samples" / "石嘴山市民政局_2021.xlsx", ROOT / "samples" / "常见错误示例.xlsx"]
    for i in range(count - len(made)):
        values: dict[str, object] = {
            f.id: rng.choice([0, 0, 1, rng.randint(0, 300)]) if f.kind == COUNT else round(rng.uniform(0, 900), 2)
            for f in lay.fields.values()
            if f.id.startswith(("t2.", "t3.", "t4.")) and f.id not in lay.totals
        }
        values.update(
            {
                "meta.agency": f"某某县第{i}局",
                "meta.year": 2025,
                "text.overview": "本年度依法推进政府信息公开工作。" * rng.randint(1, 30),
                "text.problems": "公开内容的解读还不够生动。",
                "text.other": "本机关未收取信息处理费。",
            }
        )
        if i % 3 == 0:
            values["t3.new.natural"] = "12件"  # a typical mistake
        path = into / f"variant{i:02d}.xlsx"
        make_template(path, values=values)
        made.append(path)
    return made


def build(folder: Path, n: int, sources: list[Path]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        shutil.copyfile(sources[i % len(sources)], folder / f"单位{i:05d}.xlsx")


def measure(folder: Path, n: int, jobs: int | None) -> dict[str, float]:
    xlcheck = shutil.which("xlcheck") or sys.exit("install xlcheck first (pip install -e .)")
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", xlcheck, "check", str(folder), "--format", "jsonl"]
    if jobs:
        cmd += ["-j", str(jobs)]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    wall, user, sys_, rss_kb = proc.stderr.strip().splitlines()[-1].split()
    lines = proc.stdout.splitlines()
    assert len(lines) == n, f"{len(lines)} JSON lines for {n} files"
    paths = [json.loads(line)["path"] for line in lines]
    assert paths == sorted(paths), "the output is not in the folder's order"
    return {
        "files": n,
        "wall": float(wall),
        "rate": n / float(wall),
        "cpu_ms": (float(user) + float(sys_)) * 1000 / n,
        "rss_mib": int(rss_kb) / 1024,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", type=Path, help="build the folders here and keep them")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="xlcheck-folder-"))
    try:
        (base / "variants").mkdir(parents=True, exist_ok=True)
        sources = variants(base / "variants")
        print(f"cores: {len(os.sched_getaffinity(0))}, jobs: {args.jobs or 'all'}")
        print(f"{'files':>7} {'wall s':>7} {'files/s':>8} {'CPU ms/file':>12} {'peak RSS MiB':>13}")
        ok = True
        for n in args.sizes:
            folder = base / f"n{n}"
            if not folder.exists():
                build(folder, n, sources)
            r = measure(folder, n, args.jobs)
            print(f"{r['files']:>7} {r['wall']:>7.2f} {r['rate']:>8.0f} {r['cpu_ms']:>12.2f} {r['rss_mib']:>13.0f}")
            ok &= r["rss_mib"] < TARGET_RSS_MIB and (n != 1000 or r["rate"] >= TARGET_RATE)
        print("targets met" if ok else f"TARGETS MISSED (>= {TARGET_RATE} files/s at 1,000; < {TARGET_RSS_MIB} MiB)")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
