"""A check's findings as small data: violations by cell, rules not assessed or implied, JSON and text."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import CheckError, notice
from .formats.rules import ID_WIDTH
from .formats.spec import BLANK_RULE, ERROR, LAYOUT_RULE, WARNING, RuleInfo, parse_a1
from .values import PROBLEMS, format_value, json_value, one_line, printable

if TYPE_CHECKING:
    from .explanations import Explanations

# Custom document properties marking a file xlcheck wrote (an annotated copy, a summary): such a file
# is never checked as a submitted report (see checker.check).
PROP_OUTPUT, PROP_SOURCE, PROP_DIGEST = "xlcheck-output", "xlcheck-source", "xlcheck-digest"
# The template's format id and version, also in its hidden _xlcheck sheet (which the checker reads first).
PROP_FORMAT, PROP_VERSION = "xlcheck-format", "xlcheck-template-version"
OUTPUT_ANNOTATED = "annotated"

JSON_VERSION = 1  # bump when the JSON output changes incompatibly; see README「JSON 输出」

# ``expected`` of the cell rules is a language-neutral word in JSON; staff read it in Chinese.
EXPECTED_COUNT, EXPECTED_AMOUNT, EXPECTED_RESULT = "integer >= 0", "number >= 0, <= 6 decimals", "a saved result"
EXPECTED_SIGNED = "integer"  # 2019's 本年增/减
EXPECTED_ZH = {
    EXPECTED_COUNT: "非负整数",
    EXPECTED_SIGNED: "整数（可为负数）",
    EXPECTED_AMOUNT: "非负数（万元，最多 6 位小数）",
    EXPECTED_RESULT: "保存了计算结果的数值",
}
SEVERITY_NAMES = {"zh": {ERROR: "错误", WARNING: "警告"}, "en": {ERROR: "error", WARNING: "warning"}}


def _one_line(value: Any) -> Any:
    return one_line(value) if isinstance(value, str) else value


def values_digest(values: dict[str, Any]) -> str:
    """A short digest of a report's field values: tells an unchanged annotated copy from an edited one."""
    text = json.dumps(sorted((k, json_value(v)) for k, v in values.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Violation:
    """One rule broken at one cell."""

    info: RuleInfo
    sheet: str
    cell: str  # the one blamed cell, A1 style without $
    cells: tuple[str, ...]  # every cell the rule read
    expected: Any
    found: Any
    where: str  # the cell's row × column captions
    detail: str | tuple[str, str] = ""  # a PROBLEMS key, or (zh, en) detail text
    sides: tuple[Any, Any] = (None, None)  # a sum rule's left and right sums
    explained: str | None = None  # a warning's written explanation (情况说明), when the report gives one
    source: Source | None = None  # where the blamed figure stands in a published document (not in a workbook)

    @property
    def rule(self) -> str:
        return self.info.id

    @property
    def severity(self) -> str:
        return self.info.severity

    def message(self, lang: str = "zh") -> str:
        template = self.info.message_zh if lang == "zh" else self.info.message_en
        detail = self.detail
        if isinstance(detail, tuple):
            detail = detail[0 if lang == "zh" else 1]
        elif detail in PROBLEMS:
            text = PROBLEMS[detail][0 if lang == "zh" else 1]
            detail = (f"：{text}" if lang == "zh" else f": {text}") if text else ""
        # Values on one line, as staff read them (JSON's found and expected keep them as they are).
        found = format_value(self.found) if lang == "zh" else _one_line(self.found)
        expected = self.expected_text(lang) if lang == "zh" else _one_line(self.expected)
        left, right = self.sides
        text = template.format(where=self.where, expected=expected, found=found, detail=detail, left=left, right=right)
        if left is not None and isinstance(self.expected, (int, float)) and self.expected < 0:
            # A sum rule asking for a negative count: the blamed cell is where the rule looks, not the mistake.
            text += (
                "；应为负数，说明所读的其他数字有误：请先核对它们"
                if lang == "zh"
                else "; a negative count means another figure it reads is wrong: check those first"
            )
        return one_line(text)  # a quote from the narrative in the detail may break lines too

    def expected_text(self, lang: str = "zh") -> str:
        """``expected`` as staff read it."""
        if lang == "zh" and isinstance(self.expected, str):
            return EXPECTED_ZH.get(self.expected, format_value(self.expected))
        return format_value(self.expected)

    def sort_key(self) -> tuple:
        row, col = parse_a1(self.cell)
        return (self.rule != LAYOUT_RULE, row, col, self.rule)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "cells": list(self.cells),
            "expected": json_value(self.expected),
            "found": json_value(self.found),
            "message": self.message(lang),
            "explained": self.explained,
            **({"source": self.source.to_dict()} if self.source else {}),
        }


@dataclass(frozen=True)
class Source:
    """A place in a published document: a table cell (``table`` 1-based, in document order; ``row`` and
    ``col`` 1-based, in the table's expanded grid) or a paragraph (``paragraph``, 1-based: the
    document's paragraphs outside its tables, in order). Findings name the template's cell; this says
    where the figure was read. Only the keys of its kind are meaningful (``to_dict`` gives only those)."""

    table: int = 0
    row: int = 0
    col: int = 0
    kind: str = "table"  # "table" or "paragraph"
    paragraph: int = 0

    @classmethod
    def of_paragraph(cls, number: int) -> Source:
        return cls(kind="paragraph", paragraph=number)

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "paragraph":
            return {"kind": "paragraph", "paragraph": self.paragraph}
        return {"kind": "table", "table": self.table, "row": self.row, "col": self.col}

    def text(self, lang: str = "zh") -> str:
        if self.kind == "paragraph":
            return f"正文第 {self.paragraph} 段" if lang == "zh" else f"paragraph {self.paragraph}"
        if lang == "zh":
            return f"文档表格 {self.table} 第 {self.row} 行第 {self.col} 列"
        return f"document table {self.table}, row {self.row}, column {self.col}"


# Why a rule instance is not assessed (``NotAssessed.reasons``), in this order, and how the outputs say it.
UNUSABLE, UNREAD = "value", "layout"
NOT_ASSESSED_WHY = {
    (UNUSABLE,): ("所读单元格数值有误", "a cell read has no usable value"),
    (UNREAD,): ("所读的行或列找不到或标签不符", "a row or column read is not found or not labelled as the format's"),
    (UNUSABLE, UNREAD): ("所读单元格数值有误或标签不符", "a cell read has no usable value or a wrong label"),
}


@dataclass(frozen=True)
class NotAssessed:
    """A rule instance left unjudged because a cell it reads holds no usable value (``reasons``
    ``value``) or stands on a row or column that could not be read (``layout``: not found, or its label
    is not the format's; ``because`` then names that label's cell)."""

    rule: str
    sheet: str
    cell: str
    because: tuple[str, ...]  # the unusable cells, or the label cells of the lines not read
    reasons: tuple[str, ...] = (UNUSABLE,)  # UNUSABLE and/or UNREAD, in that order

    def why(self, lang: str = "zh") -> str:
        """Why, naming the cells: 「K5 数值有误」, 「C25 处的行或列找不到或标签不符」."""
        zh = lang == "zh"
        cells = ("、" if zh else ", ").join(self.because)
        if self.reasons == (UNUSABLE,):
            return f"{cells} 数值有误" if zh else f"{cells} has no usable value"
        if self.reasons == (UNREAD,):
            return f"{cells} 处的行或列找不到或标签不符" if zh else f"the row or column at {cells} is not read"
        return f"{cells} 数值有误或标签不符" if zh else f"{cells}: no usable value or a wrong label"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "sheet": self.sheet,
            "cell": self.cell,
            "because": list(self.because),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Implied:
    """A rule instance that fails only because other findings do (FORMAT.md「One mistake, one finding」).

    Table 三's 总计 column adds up the applicant columns: fix the findings ``because`` names and
    this one follows. Never a violation, never counted, never painted.
    """

    rule: str
    sheet: str
    cell: str
    because: tuple[str, ...]  # the blamed cells of the findings that imply it

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "sheet": self.sheet, "cell": self.cell, "because": list(self.because)}


@dataclass
class Report:
    """The outcome of checking one file: an ``error`` (not checked) or its violations."""

    path: str
    format: str | None = None
    template_version: int | None = None
    error: CheckError | None = None
    violations: list[Violation] = field(default_factory=list)
    not_assessed: list[NotAssessed] = field(default_factory=list)
    implied: list[Implied] = field(default_factory=list)
    sheet_order: list[str] = field(default_factory=list)
    # Remarks on the file: codes of errors.NOTICES, or (code, detail) as ``errors.notice`` takes them.
    notices: list[str | tuple[str, str | tuple[str, str]]] = field(default_factory=list)
    agency: str | None = None  # 机关名称 as filled, when usable
    year: int | None = None  # 报告年度 as filled, when a plausible year
    # Field id (``xlcheck fields``) -> the value the rules used: counts in 件, the fee in 万元, text;
    # None where the cell holds no usable value (or could not be located).
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # field id -> (sheet, cell) where it stands
    uploaded: bool = False  # checked from bytes or a file object, not from ``path`` on disk
    # For a published document: field id -> where its figure stands in the document (cells name the template's).
    sources: dict[str, Source | None] = field(default_factory=dict)
    # The unit's written explanations of warnings (情况说明), as read; ``explanations.attach`` gives them
    # to the warnings (``Violation.explained``). None when the workbook has none.
    explanations: Explanations | None = None
    published: date | None = None  # a published document's own publication date, when it states one
    # Field ids whose row or column could not be read (not found, or labelled otherwise): their values are None.
    unread: frozenset[str] = frozenset()

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == ERROR]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == WARNING]

    @property
    def unexplained(self) -> list[Violation]:
        """The warnings the unit has not explained (情况说明): those ``--strict`` fails on."""
        return [v for v in self.warnings if v.explained is None]

    @property
    def passed(self) -> bool:
        """True when the file was checked and has no errors (warnings allowed; see ``exit_code``)."""
        return self.error is None and not self.errors

    def exit_code(self, strict: bool = False) -> int:
        """0 passed (or skipped on purpose: xlcheck's own output), 1 errors found (or, when ``strict``,
        warnings not explained), 2 could not check."""
        if self.error:
            return 0 if self.error.skipped else 2
        return 1 if self.errors or (strict and self.unexplained) else 0

    def digest(self) -> str:
        """``values_digest`` of the values, and of the explanations when there are any: an annotated copy
        sent back with a reason added is the unit's report, not the unchanged copy."""
        if not self.explanations:
            return values_digest(self.values)
        typed = [[e.sheet, e.row, e.rule, e.cell, e.text] for e in self.explanations.rows]
        return values_digest({**self.values, "情况说明": json.dumps(typed, ensure_ascii=False)})

    def sorted_violations(self) -> list[Violation]:
        """The violations as every output lists them: by sheet (in the workbook's order), then cell."""
        return [v for vs in self.by_sheet().values() for v in vs]

    def by_sheet(self) -> dict[str, list[Violation]]:
        order = {name: i for i, name in enumerate(self.sheet_order)}
        groups: dict[str, list[Violation]] = {}
        for v in sorted(self.violations, key=lambda v: (order.get(v.sheet, len(order)), v.sheet, v.sort_key())):
            groups.setdefault(v.sheet, []).append(v)
        return groups

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "template_version": self.template_version,
            "error": self.error.to_dict(lang) if self.error else None,
            "violations": [v.to_dict(lang) for vs in self.by_sheet().values() for v in vs],
            "not_assessed": [n.to_dict() for n in self.not_assessed],
            "implied": [i.to_dict() for i in self.implied],
            "notices": [notice(code, lang) for code in self.notices],
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings)},
            **({"published": self.published.isoformat()} if self.published else {}),
        }


def to_json_document(reports: list[Report], lang: str = "zh") -> dict[str, Any]:
    """The documented JSON output of ``xlcheck check --format json``."""
    return json_document([r.to_dict(lang) for r in reports])


def json_document(files: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON document around files already turned into dicts (``Report.to_dict``)."""
    from . import __version__

    return {"version": JSON_VERSION, "tool": f"xlcheck {__version__}", "files": files}


def to_text(report: Report, lang: str = "zh") -> str:
    """Violations grouped by sheet, one line each: cell, rule id, severity, message."""
    zh = lang == "zh"
    names = SEVERITY_NAMES[lang]
    lines = [report.path]
    if report.error:
        if report.error.skipped:
            head = "跳过（xlcheck 生成的文件）" if zh else "skipped (written by xlcheck)"
        else:
            head = "无法检查" if zh else "not checked"
        lines.append(f"  {head}{'：' if zh else ': '}{report.error.message(lang)}")
        return printable("\n".join(lines))
    fmt = _other_format(report.format)
    if fmt is not None:  # checked by another format than the current one: say which
        lines.append(f"  格式：{fmt.title}" if zh else f"  format: {fmt.title_en}")
    for code in report.notices:
        lines.append(f"  {'注意：' if zh else 'note: '}{notice(code, lang)['message']}")
    if not report.violations:
        lines.append("  未发现问题" if zh else "  no violations")
    for sheet, violations in report.by_sheet().items():
        lines.append(f"  {sheet}")
        blanks = [v for v in violations if v.rule == BLANK_RULE]
        folded = len(blanks) > MAX_BLANK_LINES  # a table left empty is one line, not a hundred
        for v in violations:
            if folded and v.rule == BLANK_RULE:
                if v is blanks[0]:
                    lines.append(_blank_line(blanks, names, lang))
                continue
            where = ""
            if v.source:  # a published document: where the figure stands in it, beside the template's cell
                where = f"（{v.source.text(lang)}）" if zh else f" ({v.source.text(lang)})"
            if v.explained is not None:
                reason = " ".join(v.explained.split())
                where += f"  已说明：{reason}" if zh else f"  explained: {reason}"
            lines.append(f"    {v.cell:<6} {v.rule:<{ID_WIDTH}} {names[v.severity]:<7} {v.message(lang)}{where}")
    for reasons, (head_zh, head_en) in NOT_ASSESSED_WHY.items():
        items = [f"{n.rule}@{n.sheet}!{n.cell}" for n in report.not_assessed if n.reasons == reasons]
        if items:
            head = f"  无法评估（{head_zh}）：" if zh else f"  not assessed ({head_en}): "
            lines.append(head + ("、" if zh else ", ").join(items))
    if report.implied:
        head = "  由上列问题导致（不另计）：" if zh else "  implied by the findings above (not counted): "
        items = [
            f"{i.rule}@{i.sheet}!{i.cell}（由 {'、'.join(i.because)} 导致）"
            if zh
            else f"{i.rule}@{i.sheet}!{i.cell} (by {', '.join(i.because)})"
            for i in report.implied
        ]
        lines.append(head + ("、" if zh else ", ").join(items))
    return printable("\n".join(lines))


MAX_BLANK_LINES = 10  # more CELL-BLANK findings on one sheet than this are one line of text (JSON keeps each)


def _blank_line(blanks: list[Violation], names: dict[str, str], lang: str) -> str:
    cells = [v.cell for v in blanks]
    shown = ("、" if lang == "zh" else ", ").join(cells[:8]) + ("……" if len(cells) > 8 else "")
    text = (
        f"共 {len(cells)} 个数据单元格未填写（没有请填 0）：{shown}"
        if lang == "zh"
        else f"{len(cells)} data cells are empty (write 0 for none): {shown}"
    )
    return f"    {cells[0]:<6} {BLANK_RULE:<{ID_WIDTH}} {names[blanks[0].severity]:<7} {text}"


def _other_format(format_id: str | None):
    """The format a report was checked by (``formats.registry``) when not the current one, else None."""
    from .formats.registry import CURRENT, FORMATS  # imported when a report is shown, not at start-up

    return FORMATS.get(format_id) if format_id and format_id != CURRENT.id else None


@dataclass
class Tally:
    """Counts over reports as they arrive, for the one summary line and the exit code."""

    files: int = 0
    errors: int = 0
    warnings: int = 0
    explained: int = 0  # of the warnings, those the units explained (情况说明)
    failed: int = 0  # could not be checked
    skipped: int = 0  # xlcheck's own outputs, not checked on purpose
    dirty: int = 0  # checked, with errors
    strict_failed: int = 0  # failing on warnings alone, under --strict
    exit_code: int = 0

    def add(self, report: Report, strict: bool = False) -> None:
        self.files += 1
        self.errors += len(report.errors)
        self.warnings += len(report.warnings)
        self.explained += len(report.warnings) - len(report.unexplained)
        self.failed += report.error is not None and not report.error.skipped
        self.skipped += report.error is not None and report.error.skipped
        self.dirty += report.error is None and bool(report.errors)
        self.strict_failed += strict and report.passed and bool(report.unexplained)
        self.exit_code = max(self.exit_code, report.exit_code(strict))

    def line(self, lang: str = "zh") -> str:
        """One line for stderr; under --strict it says how many files fail on warnings alone."""
        if lang == "zh":
            text = f"检查 {self.files} 个文件：{self.dirty} 个有错误；共错误 {self.errors} 项，警告 {self.warnings} 项"
            text += f"（其中已说明 {self.explained} 项）" if self.explained else ""
            text += f"；{self.failed} 个文件无法检查" if self.failed else ""
            text += f"；{self.skipped} 个文件是 xlcheck 生成的文件，未作检查" if self.skipped else ""
            return text + (f"；--strict：{self.strict_failed} 个文件因警告不通过" if self.strict_failed else "")
        text = f"checked {self.files} file(s): {self.dirty} with errors;"
        text += f" {self.errors} error(s), {self.warnings} warning(s)"
        text += f" ({self.explained} explained)" if self.explained else ""
        text += f"; {self.failed} file(s) could not be checked" if self.failed else ""
        text += f"; {self.skipped} file(s) written by xlcheck, not checked" if self.skipped else ""
        return text + (f"; --strict: {self.strict_failed} file(s) fail on warnings" if self.strict_failed else "")


def summary(reports: list[Report], lang: str = "zh", strict: bool = False) -> str:
    """One line for stderr; with ``strict``, it says how many files fail on warnings alone."""
    tally = Tally()
    for report in reports:
        tally.add(report, strict)
    return tally.line(lang)
