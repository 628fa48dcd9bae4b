"""Rendering the publishable report: time and peak memory, for the clean sample and for narratives of many lines.

    python benchmarks/render.py [--lines 16000]

Cases: the bundled clean sample; each of the three narrative sections holding ``--lines`` short lines (one
paragraph each; the longest a cell can hold is about 16,000 lines of one character). Each is rendered to .docx
and .html in a scratch folder; prints wall time and the process's peak RSS after each.

Target: linear in the paragraphs (python-docx's add_paragraph alone is quadratic: 40 s for 3 x 16,000 lines).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import xlcheck  # noqa: E402
from xlcheck.outputs.render import render  # noqa: E402

SAMPLE = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=16_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text = "\n".join("字" for _ in range(args.lines))[:32_767]
        values = {k: text for k in ("text.overview", "text.problems", "text.other")}
        long = xlcheck.make_template(folder / "long.xlsx", agency="测试局", year=2024, values=values)
        for name, workbook in (("clean sample", SAMPLE), (f"3 x {args.lines} lines", long)):
            report = xlcheck.check(workbook)
            for suffix in (".docx", ".html"):
                start = time.perf_counter()
                render(report, folder / f"{workbook.stem}{suffix}", force=True)
                wall = time.perf_counter() - start
                print(f"{name:>20} {suffix:<5} {wall:6.2f} s  peak RSS {peak_mib():6.1f} MiB")


if __name__ == "__main__":
    main()
