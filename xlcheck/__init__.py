"""xlcheck: the official-format workbook for 政府信息公开工作年度报告, and a by-cell checker.

    >>> import xlcheck
    >>> xlcheck.make_template("模板.xlsx", agency="某某局", year=2025)
    >>> report = xlcheck.check("填好的.xlsx")
    >>> for v in report.violations:
    ...     print(v.sheet, v.cell, v.rule, v.message())

The public names are loaded on first use, so ``import xlcheck`` (and the CLI) start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "check": "checker",
    "check_all": "batch",
    "annotate": "outputs.annotated",
    "make_template": "outputs.template",
    "render": "outputs.render",
    "import_document": "outputs.imported",
    "write_summary": "outputs.summary",
    "SummaryWriter": "outputs.summary",
    "Report": "report",
    "Violation": "report",
    "NotAssessed": "report",
    "Implied": "report",
    "CheckError": "errors",
    "FORMAT_2021": "formats.format2021",
    "FORMAT_2019": "formats.format2019",
}
__all__ = [
    "FORMAT_2019",
    "FORMAT_2021",
    "CheckError",
    "Implied",
    "NotAssessed",
    "Report",
    "SummaryWriter",
    "Violation",
    "__version__",
    "annotate",
    "check",
    "check_all",
    "import_document",
    "make_template",
    "render",
    "write_summary",
]

if TYPE_CHECKING:
    from .batch import check_all as check_all
    from .checker import check as check
    from .errors import CheckError as CheckError
    from .formats.format2019 import FORMAT_2019 as FORMAT_2019
    from .formats.format2021 import FORMAT_2021 as FORMAT_2021
    from .outputs.annotated import annotate as annotate
    from .outputs.imported import import_document as import_document
    from .outputs.render import render as render
    from .outputs.summary import SummaryWriter as SummaryWriter
    from .outputs.summary import write_summary as write_summary
    from .outputs.template import make_template as make_template
    from .report import Implied as Implied
    from .report import NotAssessed as NotAssessed
    from .report import Report as Report
    from .report import Violation as Violation


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module 'xlcheck' has no attribute {name!r}")
