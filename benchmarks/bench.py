"""Print xlcheck's speed figures.

    python benchmarks/bench.py [--repeat N]

- template generation time;
- per-workbook check time (the whole check: our own reader, locating, every rule, the report), and
  its ratio to bare openpyxl reads of the same file (read-only, every cell touched): of exactly the
  ranges the checker reads, of the report's sheets whole, of every sheet (live-check sheets
  included), and openpyxl's default full load. The checker reads with xlcheck/sources/xlsx.py, not
  openpyxl: a ratio below 1 is time our reader saves over openpyxl doing the reading alone;
- the CLI's wall time for one file, as a user runs it (a new process each time).

Targets: a whole check <= 0.3x openpyxl's bare read of the same ranges (2026-11: 0.20-0.23x, 4-5 ms);
`xlcheck check FILE` <= 0.2 s wall. Folders: benchmarks/folder.py.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import xlcheck  # noqa: E402
from xlcheck.formats.spec import layout  # noqa: E402


def timed(fn, repeat: int) -> float:
    """Median seconds of ``repeat`` runs after one warm-up run."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


REPORT_SHEETS = [s.name for s in xlcheck.FORMAT_2021.sheets]
RANGES = layout(xlcheck.FORMAT_2021).sheets


def bare_read(path: Path, sheets: list[str] | None = None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets if sheets is None else [wb[name] for name in sheets]:
            for row in ws.iter_rows():
                for cell in row:
                    cell.value  # noqa: B018 - touch it, as the checker does
        wb.close()


def read_ranges(path: Path) -> None:
    """openpyxl reading exactly the ranges the checker reads, stopping where they end."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True)
        for name, sheet in RANGES.items():
            for row in wb[name].iter_rows(max_row=sheet.last_row, max_col=sheet.last_col):
                for cell in row:
                    cell.value  # noqa: B018
                if row and row[0].row == sheet.last_row:
                    break
        wb.close()


def full_load(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        openpyxl.load_workbook(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    n = args.repeat
    tmp = Path(tempfile.mkdtemp(prefix="xlcheck-bench-"))

    print(f"xlcheck {xlcheck.__version__}, Python {sys.version.split()[0]}, median of {n} runs")
    gen = timed(lambda: xlcheck.make_template(tmp / "t.xlsx"), n)
    print(f"template generation            {gen * 1000:7.1f} ms")

    files = {
        "blank template": ROOT / "templates" / "政府信息公开工作年度报告模板.xlsx",
        "seed sample (xlsxwriter)": ROOT / "samples" / "石嘴山市民政局_2021.xlsx",
        "mistakes sample (openpyxl)": ROOT / "samples" / "常见错误示例.xlsx",
    }
    baselines = {
        "read same ranges": read_ranges,
        "read report sheets": lambda p: bare_read(p, REPORT_SHEETS),
        "read all sheets": bare_read,
        "full load": full_load,
    }
    print(f"{'file':<28} {'check':>8}" + "".join(f" {name:>18} {'ratio':>5}" for name in baselines))
    for name, path in files.items():
        check = timed(lambda p=path: xlcheck.check(p), n)
        line = f"{name:<28} {check * 1000:6.1f}ms"
        for read in baselines.values():
            base = timed(lambda p=path, read=read: read(p), n)
            line += f" {base * 1000:16.1f}ms {check / base:5.2f}"
        print(line)

    script = Path(sys.executable).with_name("xlcheck")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "xlcheck"]
    sample = files["seed sample (xlsxwriter)"]

    def cli() -> None:
        subprocess.run(
            [*command, "check", str(sample)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )

    wall = timed(cli, max(5, n // 3))
    baseline = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=False), max(5, n // 3))
    print(
        f"CLI one file, wall ({Path(command[0]).name} check) {wall * 1000:7.1f} ms "
        f"(of which a bare Python start {baseline * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
