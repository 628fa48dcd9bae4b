"""Render the README's pictures with headless LibreOffice, from files generated right now.

    python docs/make_pictures.py

- template.png: table 三 of the blank template;
- live-check.png: table 三 of the mistakes sample, recalculated: the live checks mark the cells;
- check-sheet.png: the first page of that workbook's 「校验结果」 sheet;
- annotated.png: the 「检查结果」 sheet of the annotated copy made by ``xlcheck check --annotate``.

pictures.json records the template's fingerprint; a test fails when the template has changed
since the pictures were made.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import xlcheck  # noqa: E402
from xlcheck.libreoffice import convert, recalculating_profile  # noqa: E402
from xlcheck.outputs.annotated import RESULTS_SHEET  # noqa: E402
from xlcheck.outputs.template import template_fingerprint  # noqa: E402

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


def render(pdf: Path, page: int, png: Path) -> None:
    stem = png.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(stem)],
        check=True,
    )


def main(outdir: Path = HERE) -> list[Path]:
    work = Path(tempfile.mkdtemp(prefix="xlcheck-pictures-"))
    profile = recalculating_profile(work / "profile")
    blank = xlcheck.make_template(work / "模板.xlsx")
    annotated = xlcheck.annotate(xlcheck.check(MISTAKES), work / "批注副本.xlsx")
    shots = [
        (blank, TABLE3_TITLE, "template.png"),
        (MISTAKES, TABLE3_TITLE, "live-check.png"),
        (MISTAKES, CHECK_STATUS, "check-sheet.png"),
        (annotated, f"{RESULTS_SHEET}：{MISTAKES.name}", "annotated.png"),
    ]
    made = []
    for source, title, name in shots:
        pdf = convert(source, "pdf", work / source.stem, profile)
        page = page_with(pdf, title)
        render(pdf, page, outdir / name)
        made.append(outdir / name)
    (outdir / "pictures.json").write_text(
        json.dumps(
            {"template_fingerprint": template_fingerprint(), "pictures": [p.name for p in made]},
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
