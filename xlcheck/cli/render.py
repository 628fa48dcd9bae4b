"""``xlcheck render``: a checked workbook as the publishable report, Word (.docx) or a web page (.html)."""

from __future__ import annotations

import argparse
import sys


def add(sub: argparse._SubParsersAction, lang: str) -> None:
    zh = lang == "zh"
    p = sub.add_parser(
        "render",
        lang=lang,
        help="生成可发布的年度报告（Word 或网页）" if zh else "write the publishable report (Word or a web page)",
        description=(
            "检查工作簿，再按官方格式生成年度报告：标题、六个部分、表二至表四（标签和合并单元格与格式一致）。"
            "有错误的工作簿不生成（加 --force 照现状生成）。退出码：0 已生成，1 工作簿有错误（未生成；加 --force 时"
            "已生成），2 无法检查、用法有误或无法写入。"
            if zh
            else "Check the workbook, then write the report in the official format: title, the six sections, tables"
            " 2 to 4 with every label and merge. A workbook with errors is refused unless --force. Exit codes:"
            " 0 written, 1 the workbook has errors (nothing written; written with --force), 2 not checked, a usage"
            " error or an output not written."
        ),
    )
    p.add_argument(
        "file", metavar="FILE",
        help=p.text(
            "填好的工作簿（.xlsx），或已发布的网页、Word 报告",
            "the filled workbook (.xlsx), or a published page or Word report",
        ),
    )  # fmt: skip
    p.add_argument(
        "-o", "--output", required=True, metavar="年报.docx" if zh else "REPORT.docx",
        help=p.text("输出文件：.docx（Word）或 .html/.htm（网页）", "the file to write: .docx (Word) or .html/.htm"),
    )  # fmt: skip
    p.add_argument(
        "--force", action="store_true",
        help=p.text(
            "工作簿有错误也照现状生成（空白单元格留空，写了文字的照原样），并覆盖已有的同名文件",
            "write even when the workbook has errors (blank cells print empty, text as typed), and overwrite"
            " an existing file",
        ),
    )  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..checker import check
    from ..errors import OutputError
    from ..outputs.render import render
    from ..report import to_text

    lang = args.lang
    report = check(args.file)
    if report.error is None and report.errors:
        print(to_text(report, lang))  # what to correct, as `xlcheck check` says it
    try:
        path = render(report, args.output, force=args.force)
    except OutputError as exc:
        print(f"xlcheck: {exc.message(lang)}", file=sys.stderr)
        return 1 if exc.code == "render-errors" else 2
    print(path)
    return 1 if report.errors else 0
