"""Render the README's pictures with headless LibreOffice, from files generated right now.

    python docs/make_pictures.py

- template.png: table 三 of the blank template;
- live-check.png: table 三 of the mistakes sample, recalculated: the live checks mark the cells;
- check-sheet.png: the first page of that workbook's 「校验结果」 sheet;
- annotated.png: the 「检查结果」 sheet of the annotated copy made by ``xlcheck check --annotate``;
- summary-overview.png, summary-findings.png: the two sheets of ``xlcheck check 各单位报送 --summary``
  over a folder of the samples, a unit with warnings only, a damaged file and a PDF (made on the fly).

pictures.json records the template's and the summary's fingerprints; a test fails when either has
changed since the pictures were made.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from make_samples import LAYOUT, consistent_values  # noqa: E402

import xlcheck  # noqa: E402
from xlcheck.libreoffice import convert, recalculating_profile  # noqa: E402
from xlcheck.outputs.annotated import RESULTS_SHEET  # noqa: E402
from xlcheck.outputs.summary import SHEETS, summary_fingerprint, write_summary  # noqa: E402
from xlcheck.outputs.template import template_fingerprint  # noqa: E402

CLEAN = ROOT / "samples" / "石嘴山市民政局_2021.xlsx"
MISTAKES = ROOT / "samples" / "常见错误示例.xlsx"
TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
CHECK_STATUS = "总体结果"  # the first line of the 校验结果 sheet's first page


def page_with(pdf: Path, words: str) -> int:
    """The 1-based number of the first page whose first lines hold ``words``."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number, page in enumerate(text.split("\f"), 1):
        if words in page.strip().splitlines()[:3]:
            return number
    raise LookupError(f"no page of {pdf.name} starts with {words!r}")


def render(pdf: Path, page: int, png: Path, *, top: float = 1.0, dpi: int = 80) -> None:
    """Page ``page`` of ``pdf`` as ``png``; ``top`` keeps that fraction of the page from its top."""
    stem = png.with_suffix("")
    crop = []
    if top < 1:
        width, height = (round(side / 72 * dpi) for side in page_size(pdf))
        crop = ["-x", "0", "-y", "0", "-W", str(width), "-H", str(round(height * top))]
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            *crop,
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def page_size(pdf: Path) -> tuple[float, float]:
    """Width and height of the PDF's pages, in points."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    line = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, _, height = line.split(":", 1)[1].split()[:3]
    return float(width), float(height)


def office_summary(work: Path) -> Path:
    """The summary a collecting office makes of its folder: the two samples, a unit with warnings only,
    a damaged workbook and a PDF, as ``xlcheck check 各单位报送 --summary 检查汇总.xlsx`` writes it."""
    units = work / "各单位报送"
    units.mkdir()
    for sample in (CLEAN, MISTAKES):
        (units / sample.name).write_bytes(sample.read_bytes())
    base = {k: v for k, v in consistent_values().items() if k not in LAYOUT.totals}  # totals stay formulas
    warned = base | {
        "meta.agency": "示例县教育局",
        "t2.licensing.decisions": "1520",  # a number stored as text
        "text.other": "本机关没有其他需要报告的事项。",  # no word on the fee
    }
    xlcheck.make_template(units / "示例县教育局_2025.xlsx", values=warned)
    (units / "示例乡人民政府_2025.xlsx").write_bytes(MISTAKES.read_bytes()[:4000])  # a download cut short
    (units / "示例街道办事处年报.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    here = os.getcwd()
    os.chdir(work)  # paths as the office types them: 各单位报送/…
    try:
        reports = xlcheck.check_all(["各单位报送"])
        (out,) = write_summary(reports, "检查汇总.xlsx", input_dirs=["各单位报送"])
    finally:
        os.chdir(here)
    return work / out


def main(outdir: Path = HERE) -> list[Path]:
    work = Path(tempfile.mkdtemp(prefix="xlcheck-pictures-"))
    profile = recalculating_profile(work / "profile")
    blank = xlcheck.make_template(work / "模板.xlsx")
    annotated = xlcheck.annotate(xlcheck.check(MISTAKES), work / "批注副本.xlsx")
    summary = office_summary(work)
    overview, findings = SHEETS["zh"]  # each printed page of the summary is headed by its sheet's name
    shots = [
        (blank, TABLE3_TITLE, "template.png", {}),
        (MISTAKES, TABLE3_TITLE, "live-check.png", {}),
        (MISTAKES, CHECK_STATUS, "check-sheet.png", {}),
        (annotated, f"{RESULTS_SHEET}：{MISTAKES.name}", "annotated.png", {}),
        (summary, overview, "summary-overview.png", {"top": 0.4, "dpi": 110}),
        (summary, findings, "summary-findings.png", {"top": 0.6, "dpi": 110}),
    ]
    made = []
    for source, title, name, crop in shots:
        pdf = convert(source, "pdf", work / source.stem, profile)
        page = page_with(pdf, title)
        render(pdf, page, outdir / name, **crop)
        made.append(outdir / name)
    (outdir / "pictures.json").write_text(
        json.dumps(
            {
                "template_fingerprint": template_fingerprint(),
                "summary_fingerprint": summary_fingerprint(),
                "pictures": [p.name for p in made],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return made


if __name__ == "__main__":
    for path in main():
        print(path.relative_to(ROOT))
