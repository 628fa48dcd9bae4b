"""``xlcheck import``: type a published report (web page, Word file) into the official template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .parser import Parser


def add(sub: argparse._SubParsersAction, lang: str) -> None:
    zh = lang == "zh"
    p: Parser = sub.add_parser(
        "import",
        lang=lang,
        help="把已发布的网页或 Word 报告导入模板" if zh else "type a published page or Word file into the template",
        description=(
            "把已发布的年度报告（网页 .html/.htm/.mht，Word .docx）按标签读出，写入其报告年度所用格式的官方模板"
            "（数字、正文、机关名称和年度），以便在 Excel/WPS 中修改。导入的工作簿与原文档的检查结果相同（按规则和"
            "单元格），只有三处不同：模板印的是格式的标签，文档标签不符（LAYOUT）之处不再报告；因此读不出的单元格"
            "写作「未能读取」，报 NUM-COUNT（金额为 NUM-AMOUNT），读它们的规则与原文档一样无法评估；工作簿不记录"
            "发布日期（PUB-LATE）。已有同名文件时不覆盖，除非加 --force。退出码：0 已写入，2 无法读取或没有写入。"
            if zh
            else "Read a published annual report (a web page .html/.htm/.mht, a Word .docx) by its labels and"
            " write it into the official template of its year's format (figures, narrative, agency and year) to be"
            " fixed in a spreadsheet. The workbook checks with the document's own findings (by rule and cell) but"
            " for three: the template prints the format's labels, so the document's LAYOUT findings are gone; a"
            " cell they left unread holds 未能读取 (NUM-COUNT, or NUM-AMOUNT), and the rules reading it are not"
            " assessed, as on the document; a workbook records no publication date (PUB-LATE). An existing file is"
            " kept unless --force. Exit codes: 0 written, 2 not readable or not written."
        ),
    )
    p.add_argument("file", metavar="FILE", help=p.text("已发布的报告文件", "the published report"))
    p.add_argument(
        "-o", "--output", metavar="OUT.xlsx",
        help=p.text("输出的工作簿（默认：与原文件同名的 .xlsx，放在同一文件夹）",
                    "the workbook to write (default: the file's name with .xlsx, beside it)"),
    )  # fmt: skip
    p.add_argument("--force", action="store_true", help=p.text("覆盖已有的同名文件", "overwrite an existing file"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import CheckError, FieldValueError, OutputError
    from ..outputs.paths import vet_output, write_error

    lang, zh = args.lang, args.lang == "zh"
    target = args.output or str(Path(args.file).with_suffix(".xlsx"))
    try:
        out = vet_output(target, force=args.force, inputs=[args.file])
        from ..outputs.imported import import_document

        try:
            done = import_document(args.file, out)
        except OSError as exc:
            raise write_error(out, exc) from None
    except (OutputError, CheckError, FieldValueError) as exc:
        print(f"xlcheck: {exc.message(lang)}", file=sys.stderr)
        return 2
    report = done.report
    print(done.path)
    counts = (len(report.errors), len(report.warnings))
    print(
        f"已导入 {args.file}：原文档检查结果为错误 {counts[0]} 项，警告 {counts[1]} 项"
        f"（xlcheck check {done.path} 可在工作簿中逐格查看）"
        if zh
        else f"imported {args.file}: the document has {counts[0]} error(s), {counts[1]} warning(s)"
        f" (xlcheck check {done.path} shows them cell by cell)",
        file=sys.stderr,
    )
    if done.layout_findings:
        unread = len(done.unread)
        zh_unread = f"；{unread} 个单元格因此未能读取，写作「未能读取」（工作簿中报 NUM-COUNT），请对照原文档填写"
        en_unread = f"; {unread} cell(s) under them could not be read and hold 未能读取 (NUM-COUNT): fill them in"
        print(
            f"注意：文档中有 {done.layout_findings} 处标签与格式不同（LAYOUT），工作簿中是格式的标签"
            + (zh_unread if unread else "")
            if zh
            else f"note: {done.layout_findings} label(s) of the document differ from the format's (LAYOUT); the"
            " workbook has the format's" + (en_unread if unread else ""),
            file=sys.stderr,
        )
    if Path(done.path).resolve().parent == Path(args.file).resolve().parent:
        print(
            "注意：工作簿与原文档在同一文件夹：检查或汇总这个文件夹时两者都会被读到（同一单位的两份报告），"
            "请只留其一，或用 -o 写到别处"
            if zh
            else "note: the workbook is in the document's folder: checking or aggregating that folder reads both"
            " (two reports of one unit); keep one, or write elsewhere with -o",
            file=sys.stderr,
        )
    if report.published is not None and any(v.rule == "PUB-LATE" for v in report.violations):
        print(
            f"注意：原文档于 {report.published} 发布，晚于规定期限（PUB-LATE）；工作簿不记录发布日期"
            if zh
            else f"note: the document was published on {report.published}, after the deadline (PUB-LATE);"
            " a workbook records no publication date",
            file=sys.stderr,
        )
    return 0
