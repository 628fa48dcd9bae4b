"""The summary workbook at scale: time and peak memory for N files of about 20 findings each.

    python benchmarks/summary_scale.py [--files 10000] [--csv]

Each file is a link to samples/常见错误示例.xlsx (20 findings: 18 errors, 2 warnings) in a scratch folder,
so every file row and finding gets its hyperlink as in a real folder; the sample is checked once and its
report reused under each name (what is measured is the summary, not the checks). Prints the peak RSS
before and after the summary (ru_maxrss of this process), the time (wall and CPU) to add and to write,
and the size.

Target: the summary's own memory bounded independent of the number of findings (a few MiB per thousand
files, plus xlsxwriter's hyperlink objects, at most 65,530 per sheet).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import xlcheck  # noqa: E402
from xlcheck.outputs.summary import SummaryWriter  # noqa: E402

SAMPLE = ROOT / "samples" / "常见错误示例.xlsx"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--csv", action="store_true", help="write the CSV form instead of the workbook")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xlcheck-summary-scale-"))
    folder = work / "各单位报送"
    folder.mkdir()
    report = xlcheck.check(SAMPLE)
    names = []
    for i in range(args.files):
        name = folder / f"某某县第{i:05d}单位_2024.xlsx"
        os.symlink(SAMPLE, name)
        names.append(str(name))
    base = peak_mib()
    out = work / ("检查汇总.csv" if args.csv else "检查汇总.xlsx")
    start, cpu_start = time.perf_counter(), time.process_time()
    writer = SummaryWriter(out, input_dirs=[folder])
    for name in names:
        writer.add(dataclasses.replace(report, path=name))
    added, cpu_added = time.perf_counter(), time.process_time()
    after_add = peak_mib()
    written = writer.close()
    done, cpu_done = time.perf_counter(), time.process_time()
    findings = args.files * len(report.violations)
    size = sum(p.stat().st_size for p in written) / 2**20
    print(f"{args.files} files, {findings} findings -> {', '.join(p.name for p in written)} ({size:.1f} MiB)")
    per_file = (added - start) / args.files * 1000
    print(f"add: {added - start:.1f} s ({per_file:.2f} ms/file); write: {done - added:.1f} s")
    print(f"CPU: add {cpu_added - cpu_start:.1f} s, write {cpu_done - cpu_added:.1f} s")
    print(f"peak RSS: {base:.0f} MiB before, {after_add:.0f} MiB after adding, {peak_mib():.0f} MiB after writing")


if __name__ == "__main__":
    main()
