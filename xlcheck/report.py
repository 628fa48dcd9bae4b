"""A check's findings as small data: violations by cell, rules not assessed or implied, JSON and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import CheckError, notice
from .formats.spec import ERROR, LAYOUT_RULE, WARNING, RuleInfo, parse_a1
from .values import PROBLEMS, format_value, json_value

JSON_VERSION = 1  # bump when the JSON output changes incompatibly; see README「JSON 输出」

# ``expected`` of the cell rules is a language-neutral word in JSON; staff read it in Chinese.
EXPECTED_COUNT, EXPECTED_AMOUNT, EXPECTED_RESULT = "integer >= 0", "number >= 0, <= 6 decimals", "a saved result"
EXPECTED_ZH = {
    EXPECTED_COUNT: "非负整数",
    EXPECTED_AMOUNT: "非负数（万元，最多 6 位小数）",
    EXPECTED_RESULT: "保存了计算结果的数值",
}
SEVERITY_NAMES = {"zh": {ERROR: "错误", WARNING: "警告"}, "en": {ERROR: "error", WARNING: "warning"}}


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
        found = format_value(self.found) if lang == "zh" else self.found
        expected = format_value(self.expected) if lang == "zh" else self.expected
        left, right = self.sides
        return template.format(where=self.where, expected=expected, found=found, detail=detail, left=left, right=right)

    def expected_text(self, lang: str = "zh") -> str:
        """``expected`` as staff read it."""
        if lang == "zh" and isinstance(self.expected, str):
            return EXPECTED_ZH.get(self.expected, self.expected)
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
        }


@dataclass(frozen=True)
class NotAssessed:
    """A rule instance left unjudged because a cell it reads holds no usable value."""

    rule: str
    sheet: str
    cell: str
    because: tuple[str, ...]  # the unusable cells

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "sheet": self.sheet, "cell": self.cell, "because": list(self.because)}


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
    notices: list[str] = field(default_factory=list)  # codes of errors.NOTICES: remarks on the file

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == ERROR]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == WARNING]

    def passed(self, strict: bool = False) -> bool:
        """True when the file was checked and has no errors (nor warnings, when ``strict``)."""
        return self.error is None and not (self.violations if strict else self.errors)

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 1 violations found, 2 could not check."""
        return 2 if self.error else 0 if self.passed(strict) else 1

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
        }


def to_json_document(reports: list[Report], lang: str = "zh") -> dict[str, Any]:
    """The documented JSON output of ``xlcheck check --format json``."""
    from . import __version__

    return {"version": JSON_VERSION, "tool": f"xlcheck {__version__}", "files": [r.to_dict(lang) for r in reports]}


def to_text(report: Report, lang: str = "zh") -> str:
    """Violations grouped by sheet, one line each: cell, rule id, severity, message."""
    zh = lang == "zh"
    names = SEVERITY_NAMES[lang]
    lines = [report.path]
    if report.error:
        lines.append(f"  {'无法检查' if zh else 'not checked'}: {report.error.message(lang)}")
        return "\n".join(lines)
    for code in report.notices:
        lines.append(f"  {'注意' if zh else 'note'}: {notice(code, lang)['message']}")
    if not report.violations:
        lines.append("  未发现问题" if zh else "  no violations")
    for sheet, violations in report.by_sheet().items():
        lines.append(f"  {sheet}")
        for v in violations:
            lines.append(f"    {v.cell:<6} {v.rule:<13} {names[v.severity]:<7} {v.message(lang)}")
    if report.not_assessed:
        head = "  无法评估（所读单元格数值有误）：" if zh else "  not assessed (a cell read has no usable value): "
        items = [f"{n.rule}@{n.sheet}!{n.cell}" for n in report.not_assessed]
        lines.append(head + ("、" if zh else ", ").join(items))
    if report.implied:
        head = "  由上列错误导致（不另计）：" if zh else "  implied by the findings above (not counted): "
        items = [
            f"{i.rule}@{i.sheet}!{i.cell}（由 {'、'.join(i.because)} 导致）"
            if zh
            else f"{i.rule}@{i.sheet}!{i.cell} (by {', '.join(i.because)})"
            for i in report.implied
        ]
        lines.append(head + ("、" if zh else ", ").join(items))
    return "\n".join(lines)


def summary(reports: list[Report], lang: str = "zh") -> str:
    """One line for stderr."""
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    failed = sum(1 for r in reports if r.error)
    dirty = sum(1 for r in reports if not r.error and r.errors)
    if lang == "zh":
        text = f"检查 {len(reports)} 个文件：{dirty} 个有错误；共错误 {errors} 项，警告 {warnings} 项"
        return text + (f"；{failed} 个文件无法检查" if failed else "")
    text = f"checked {len(reports)} file(s): {dirty} with errors; {errors} error(s), {warnings} warning(s)"
    return text + (f"; {failed} file(s) could not be checked" if failed else "")
