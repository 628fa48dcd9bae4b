"""``xlcheck fields``: every input (and total) cell: its id, place, kind, caption and formula."""

from __future__ import annotations

import argparse
import json
import sys

from .parser import width_of
from .template import add_format_version

KIND_NAMES = {
    "zh": {
        "count": "数量",
        "signed-count": "增减数",
        "amount": "金额",
        "year": "年份",
        "text": "文字",
        "narrative": "正文",
    },
    "en": {},  # the kind ids are English words
}


def add(sub: argparse._SubParsersAction, lang: str) -> None:
    zh = lang == "zh"
    p = sub.add_parser(
        "fields",
        lang=lang,
        help="列出全部填报单元格" if zh else "list the input cells and their ids",
        description=(
            "列出全部填报单元格：id（供 make_template 的 values 使用）、位置、类型、项目，合计单元格另列其公式。"
            if zh
            else "List the input cells: id (for make_template's values), place, kind, caption, and each"
            " total's formula."
        ),
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text",
        help=p.text("输出格式（默认 text）", "output format (default text)"),
    )  # fmt: skip
    add_format_version(p, lang)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..formats.registry import CURRENT
    from ..formats.spec import layout

    lay = layout(args.format_version or CURRENT)
    rows = [
        {
            "id": f.id,
            "sheet": f.sheet,
            "cell": f.cell,
            "kind": f.kind,
            "caption": f.caption,
            "formula": lay.formula(f.id),
        }
        for f in lay.fields.values()
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    kinds = KIND_NAMES[args.lang]
    zh = args.lang == "zh"
    head = ("id", "位置", "类型", "项目（合计另列公式）") if zh else ("id", "cell", "kind", "caption (total: formula)")
    print(_line(*head))
    for r in rows:
        line = _line(r["id"], f"{r['sheet']}!{r['cell']}", kinds.get(r["kind"], r["kind"]), r["caption"])
        print(line + (f"  {r['formula']}" if r["formula"] else ""))
    return 0


def _line(fid: str, where: str, kind: str, caption: str) -> str:
    return f"{_pad(fid, 32)} {_pad(where, 10)} {_pad(kind, 9)} {caption}"


def _pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width_of(text), 0)
