"""Why a file could not be checked: a stable code and a message in Chinese and English."""

from __future__ import annotations

# code -> (zh, en); {path} and {detail} are filled in. Codes are stable: scripts match on them.
MESSAGES = {
    "file-not-found": ("找不到文件：{path}", "file not found: {path}"),
    "is-directory": ("这是文件夹，不是工作簿：{path}", "a directory, not a workbook: {path}"),
    "permission-denied": ("没有读取权限：{path}", "permission denied: {path}"),
    "unreadable": ("无法读取文件：{path}（{detail}）", "cannot read {path} ({detail})"),
    "empty-file": ("文件为空：{path}", "empty file: {path}"),
    "too-large": (
        "文件过大，已拒绝读取：{path}（{detail}）。年度报告工作簿通常不到 1 MB",
        "file too large, not read: {path} ({detail})",
    ),
    "encrypted": (
        "文件已加密：{path}。请在 Excel/WPS 中去除密码后再检查",
        "the file is password-protected: {path}; remove the password and check again",
    ),
    "legacy-xls": (
        "这是旧版 .xls/.et 格式：{path}。请在 Excel/WPS 中另存为 .xlsx 后再检查",
        "a legacy .xls/.et file: {path}; save it as .xlsx and check again",
    ),
    "ods": (
        "这是 OpenDocument 表格（.ods）：{path}。请另存为 .xlsx 后再检查",
        "an OpenDocument spreadsheet (.ods): {path}; save it as .xlsx",
    ),
    "xlsb": (
        "这是 Excel 二进制工作簿（.xlsb）：{path}。请另存为 .xlsx 后再检查",
        "a binary .xlsb workbook: {path}; save it as .xlsx and check that",
    ),
    "html-as-xls": (
        "这是网页（HTML）文件，只是扩展名像 Excel：{path}。请在 Excel/WPS 中打开后另存为 .xlsx",
        "an HTML page with a spreadsheet name: {path}; open it in a spreadsheet and save as .xlsx",
    ),
    "xml-spreadsheet": (
        "这是 Excel 2003 XML 表格：{path}。请另存为 .xlsx 后再检查",
        "an Excel 2003 XML spreadsheet: {path}; save it as .xlsx",
    ),
    "pdf": (
        "这是 PDF 文件，不是工作簿：{path}。请用本工具的模板填报",
        "a PDF, not a workbook: {path}; fill in the template (xlcheck template),"
        " or check the report's web page or Word file",
    ),
    "not-xlsx": (
        "不是 Excel 工作簿（.xlsx）：{path}。请用本工具的模板填报，并另存为 .xlsx",
        "not an Excel workbook (.xlsx): {path}; fill in xlcheck's template and save as .xlsx",
    ),
    "legacy-doc": (
        "这是旧版 Word 文档（.doc/.wps）：{path}。请在 Word/WPS 中另存为 .docx 后再检查",
        "a legacy Word document (.doc/.wps): {path}; save it as .docx and check again",
    ),
    "not-a-workbook": ("这是 {detail} 文件，不是 Excel 工作簿：{path}", "not a workbook but a {detail} file: {path}"),
    "truncated-zip": (
        "文件不完整（可能没有下载或复制完）：{path}。请重新获取原文件",
        "the file is truncated (an incomplete download or copy?): {path}; get the original file again",
    ),
    "corrupt-zip": (
        "文件已损坏，无法解压：{path}（{detail}）",
        "the file is damaged and cannot be unpacked: {path} ({detail})",
    ),
    "zip-bomb": (
        "文件解压后异常巨大，已拒绝读取：{path}（{detail}）",
        "the file would inflate to an unreasonable size, not read: {path} ({detail})",
    ),
    "too-many-cells": (
        "文件内容过多（单元格、表格或标记），已拒绝读取：{path}（{detail}）。请删除与年报无关的内容",
        "the file holds too much (cells, tables or markup), not read: {path} ({detail}); "
        "remove what the report does not need",
    ),
    "missing-parts": (
        "工作簿缺少必需的组成部分：{path}。请在 Excel/WPS 中打开并重新保存为 .xlsx",
        "the workbook lacks required parts: {path}; open and save it again as .xlsx",
    ),
    "unsafe-xml": (
        "文件包含不安全的 XML 内容（实体或 DTD 定义），已拒绝读取：{path}",
        "the file contains unsafe XML (entity or DTD declarations), not read: {path}",
    ),
    "corrupt-document": (
        "文档已损坏，无法读取：{path}（{detail}）",
        "the document is damaged and cannot be read: {path} ({detail})",
    ),
    "not-a-document": (
        "这已经是工作簿，不需要导入：{path}。请直接用 xlcheck check 检查",
        "already a workbook, nothing to import: {path}; check it with xlcheck check",
    ),
    "corrupt-xlsx": (
        "工作簿已损坏，无法读取：{path}（{detail}）",
        "the workbook is damaged and cannot be read: {path} ({detail})",
    ),
    "broken-package": (
        "工作簿内部结构已损坏（{detail}）：{path}。请在 Excel/WPS 中打开，另存为 .xlsx 后再检查",
        "the workbook's internal structure is damaged ({detail}): {path}; open it and save it again as .xlsx",
    ),
    "no-report": (
        "没有找到年度报告的表格：{path}。这个文件里没有《政府信息公开工作年度报告》的表二、表三、表四"
        "（按官方标签查找）。请用本工具的模板填报",
        "no report tables found: {path}; none of the report's tables (found by their official labels) is in"
        " this file; fill in xlcheck's template",
    ),
    "cannot-annotate": (
        "无法为此文件写批注副本：{path}（{detail}）。检查结果不受影响",
        "cannot write an annotated copy of {path} ({detail}); the check itself stands",
    ),
    "bad-sheet-name": (
        "工作表名「{detail}」含 Excel 不允许的字符（[ ] : * ? / \\）或超过 31 个字符，无法写批注副本：{path}。"
        "请在 Excel/WPS 中给工作表改名",
        "the sheet name {detail!r} has characters Excel does not allow ([ ] : * ? / \\) or over 31 of them;"
        " no annotated copy of {path} can be written: rename the sheet",
    ),
    "annotated-copy": (
        "这是 xlcheck 生成的批注副本（原文件：{detail}），数据与原文件相同、未改动过，不作为报送的报告检查：{path}。"
        "请检查原文件；在副本中改好数据后再检查则按报送的报告检查",
        "an annotated copy written by xlcheck (of {detail}), its data unchanged: not checked as a submitted"
        " report: {path}; check the original, or correct the copy and check it again",
    ),
    "xlcheck-output": (
        "这是 xlcheck 生成的检查汇总表，不是报送的报告，不作检查：{path}",
        "a summary written by xlcheck, not a submitted report; not checked: {path}",
    ),
    "unsupported-format": (
        "工作簿声明的格式「{detail}」不受支持：{path}。本工具支持 2021 年格式（国办公开办函〔2021〕30号）"
        "和 2019 年试行格式（国办公开办函〔2019〕60号）",
        "the workbook declares format {detail!r}, which is not supported: {path}; the 2021 and 2019 formats are",
    ),
}

# Notices: remarks on a file that was checked. code -> (zh, en); {detail} is filled in where given.
NOTICES = {
    "macros": (
        "文件含宏（.xlsm）：已按 .xlsx 检查，宏不会运行，也不会写入批注副本",
        "the file holds macros (.xlsm): checked as .xlsx; macros are neither run nor kept",
    ),
    "edited-copy": (
        "这是 xlcheck 生成的批注副本，已在其中修改过数据：按报送的报告检查",
        "an annotated copy written by xlcheck, with data changed since: checked as a submitted report",
    ),
    # check --year: the year being collected (cli/check.py).
    "other-year": (
        "报告年度为 {detail}：不是本次收集的年度，请核对（汇总时不纳入）",
        "the report year is {detail}, the year being collected: check it (a 汇总 leaves it out)",
    ),
    # A folder holding two reports of one unit (cli/check.py).
    "duplicate-unit": (
        "与 {detail} 的机关名称和报告年度相同：同一单位报送了两份？请只保留一份"
        "（汇总时相同的只计一次，不同的都不纳入）",
        "same agency and year as {detail}: sent twice? keep one"
        " (a 汇总 counts identical ones once, differing ones never)",
    ),
    # Which format the report was checked by, when its year and its labels or metadata disagree (checker.py).
    "format-by-year": ("按报告年度选定格式：{detail}", "format chosen by the report year: {detail}"),
    "format-year": (
        "报告年度与工作簿的格式不符：{detail}",
        "the report year and the workbook's format disagree: {detail}",
    ),
    # A published report (a web page, a Word file): how it was read (sources/document.py).
    "document": (
        "这是已发布的{detail}：按标签找到其中的表格后检查，问题报告在官方模板（封面、正文、表二、表三、表四）"
        "中对应的单元格，括号内是它在文档中的位置",
        "a published {detail}: its tables found by their labels and checked; each finding names the official"
        " template's cell, with its place in the document in brackets",
    ),
    "document-cover": (
        "封面由文档推得：{detail}",
        "the cover was derived from the document: {detail}",
    ),
    "document-no-title": (
        "文档中找不到「<机关名称><年度>年政府信息公开工作年度报告」形式的标题，机关名称或报告年度无法全部推得",
        "no title of the form <agency><year>年政府信息公开工作年度报告 in the document: the agency or year could"
        " not be derived",
    ),
    "document-published": ("文档标明的发布日期：{detail}", "the document's publication date: {detail}"),
    "document-date": (
        "文档标明的发布日期不可能是本报告的发布日期（{detail}），请核对；未检查是否按期公布（PUB-LATE）",
        "the document's publication date cannot be this report's ({detail}); check it. PUB-LATE is not judged",
    ),
    "document-sections": (
        "文档中找不到这些部分的标题：{detail}",
        "these section headings are not found in the document: {detail}",
    ),
    "document-headings": (
        "这些部分的标题与格式的写法不同（括号内为格式的标题），已按该部分读取：{detail}",
        "these section headings are worded otherwise than the format's (in brackets); read as those sections: {detail}",
    ),
    # check --last-year (crossyear.py): how this report was paired with last year's, or why not.
    "xyear-compared": (
        "已与上年报告对比（XYEAR-CARRY、XYEAR-VALID）：{detail}",
        "compared with last year's report (XYEAR-CARRY, XYEAR-VALID): {detail}",
    ),
    "xyear-last-has-errors": (
        "上年报告 {detail} 本身有错误（请另行检查改正）：仍用其中可用的数值对比；"
        "上年数值有误的单元格使相应的跨年度检查无法评估",
        "last year's report {detail} has errors of its own (check it separately): its usable values are"
        " compared; a cell without a usable value leaves its cross-year check not assessed",
    ),
    "xyear-last-unchecked": (
        "上年报告无法检查，未做跨年度检查：{detail}",
        "last year's report could not be checked, so no cross-year check was made: {detail}",
    ),
    "xyear-unpaired": (
        "没有找到上年报告（机关名称相同、报告年度为上一年：{detail}），未做跨年度检查",
        "no report of last year found (same agency, the year before: {detail}); no cross-year check was made",
    ),
    "xyear-ambiguous": (
        "有多个上年报告的机关名称和报告年度都与本报告相符，无法确定用哪一个，未做跨年度检查：{detail}",
        "several of last year's reports claim this agency and year; none was used, no cross-year check: {detail}",
    ),
    "document-section-cut": (
        "文档中{detail}超过一个单元格能容纳的 32767 字：只检查（和导入）了前 32767 字",
        "the document's section {detail} is longer than a cell's 32,767 characters: only those were checked"
        " (and imported)",
    ),
    "explain-cut": (
        "{detail}工作表第 300 行以后还有内容，没有读取：写在那里的说明不会被采用，请把说明写在前 300 行内",
        "the sheet {detail} has rows past row 300, which are not read: explanations there are not used;"
        " keep them within the first 300 rows",
    ),
    "xyear-copies": (
        "有多个上年报告的机关名称和报告年度都与本报告相符，其中跨年度检查所读的数字完全相同：{detail}",
        "several of last year's reports claim this agency and year, with the same figures the cross-year"
        " rules read: {detail}",
    ),
    "xyear-no-key": (
        "本报告的机关名称或报告年度不可用（见上列错误），无法与上年报告配对，未做跨年度检查",
        "this report's agency or year is not usable (see the findings), so it cannot be paired with last year's",
    ),
    "xyear-not-consecutive": (
        "指定的上年报告不是本报告上一年的报告，未做跨年度检查：{detail}",
        "the given last year's report is not of the year before this one; no cross-year check: {detail}",
    ),
    "xyear-other-agency": (
        "指定的上年报告的机关名称与本报告不同（{detail}），仍按指定的文件对比",
        "the given last year's report names another agency ({detail}); compared as given",
    ),
}


# Why an output (a template, an annotated copy) was not written. code -> (zh, en); {path}, {detail}.
OUTPUT_MESSAGES = {
    "output-exists": (
        "文件已存在，没有覆盖：{path}。确需覆盖请加 --force",
        "the file exists: {path}; not overwritten (add --force to overwrite it)",
    ),
    "output-is-input": (
        "输出文件不能是被检查的文件：{path}",
        "the output would overwrite a file being checked: {path}",
    ),
    "output-in-input-folder": (
        "输出文件不能放在被检查的文件夹 {detail} 里（下次检查该文件夹时会被当作报送文件）：{path}",
        "the output must not go inside the folder being checked, {detail} (it would be read as a report): {path}",
    ),
    "output-dir-missing": (
        "文件夹不存在：{detail}。请先建立该文件夹，或换一个输出位置：{path}",
        "no such folder: {detail}; create it or choose another place for {path}",
    ),
    "output-is-directory": (
        "这是文件夹，请给出文件名（如 {path}/年报.xlsx）：{path}",
        "a folder, not a file name (try {path}/report.xlsx): {path}",
    ),
    "output-not-xlsx": (
        "输出文件名应以 .xlsx 结尾（Excel/WPS 按扩展名打开）：{path}",
        "the output's name should end in .xlsx (spreadsheets open files by their extension): {path}",
    ),
    "output-not-summary": (
        "汇总文件名应以 .xlsx 或 .csv 结尾：{path}",
        "the summary's name should end in .xlsx or .csv: {path}",
    ),
    "output-clash": (
        "两个文件的输出同名，没有写入第二个：{path}（{detail}）",
        "two files' outputs share a name, the second was not written: {path} ({detail})",
    ),
    "cannot-write": ("无法写入：{path}（{detail}）", "cannot write {path} ({detail})"),
    # xlcheck render: the publishable report
    "output-not-document": (
        "报告文件名应以 .docx（Word）或 .html/.htm（网页）结尾：{path}",
        "the report's name should end in .docx (Word) or .html/.htm (a web page): {path}",
    ),
    "render-errors": (
        "工作簿有 {detail} 项错误（见上），没有生成报告：{path}。请改正后再生成；确需照现状生成请加 --force",
        "the workbook has {detail} error(s) (listed above); no report written: {path}. Correct them, or add --force",
    ),
    "render-unchecked": (
        "工作簿无法检查，没有生成报告：{path}（{detail}）",
        "the workbook could not be checked; no report written: {path} ({detail})",
    ),
}

# Why a value given to ``make_template`` was refused. code -> (zh, en); {field}, {value}, {detail}.
FIELD_MESSAGES = {
    "unknown-field": (
        "没有这个单元格 id：{field}{detail}。全部 id 见 xlcheck fields",
        "no field has the id {field!r}{detail}; `xlcheck fields` lists them",
    ),
    "unwritable-value": (
        "{field} 的值 {value} 不能写入单元格：只能是文字（最多 32767 个字符）、有限的数值、逻辑值、日期时间或 None",
        "the value {value} for {field} cannot go into a cell: text (up to 32767 characters), a finite number,"
        " a boolean, a date or time, or None only",
    ),
    "year-out-of-range": (
        "报告年度应为 {detail} 之间的年份，实为 {value}",
        "the report year should be a year from {detail}, not {value}",
    ),
}


class XlcheckError(Exception):
    """Base class of xlcheck's own errors."""


# Codes of files left unchecked on purpose: xlcheck's own outputs. They are listed, never counted as
# failures (exit code 0), so a copy put back in a folder does not fail the run.
SKIPPED = frozenset({"annotated-copy", "xlcheck-output"})


class CheckError(XlcheckError):
    """A file could not be checked. ``code`` is stable; see ``errors.MESSAGES``."""

    def __init__(self, code: str, path: str, detail: str = "") -> None:
        self.code, self.path, self.detail = code, path, detail
        super().__init__(self.message("zh"))

    def __reduce__(self):  # pickled by code and arguments, so results cross process boundaries
        return (type(self), (self.code, self.path, self.detail))

    @property
    def skipped(self) -> bool:
        """Left unchecked on purpose (an xlcheck output), not a failure."""
        return self.code in SKIPPED

    def message(self, lang: str = "zh", path: str | None = None) -> str:
        """The message in ``lang``; ``path`` names the file otherwise (a summary row already shows where it is)."""
        zh, en = MESSAGES[self.code]
        return (zh if lang == "zh" else en).format(path=self.path if path is None else path, detail=self.detail)

    def to_dict(self, lang: str = "zh") -> dict[str, str]:
        return {"code": self.code, "message": self.message(lang)}


def notice(code: str | tuple[str, str | tuple[str, str]], lang: str = "zh") -> dict[str, str]:
    """A notice as shown: ``code``, or ``(code, detail)`` with a detail in text or as a (zh, en) pair."""
    code, detail = (code, "") if isinstance(code, str) else code
    if isinstance(detail, tuple):
        detail = detail[0 if lang == "zh" else 1]
    zh, en = NOTICES[code]
    if lang != "zh":
        return {"code": code, "message": en.replace("{detail}", detail)}
    before, _, after = zh.partition("{detail}")
    return {"code": code, "message": before + spaced(before, detail, after) + after}


def spaced(before: str, text: str, after: str = "") -> str:
    """``text`` as it goes between ``before`` and ``after`` in Chinese: a space between a Han character and
    a Latin letter or digit where they meet (「已发布的 Word 文档」, 「适用 2021 年格式」)."""
    if text and before and _han(before[-1]) and text[0].isascii() and text[0].isalnum():
        text = " " + text
    if text and after and _han(after[0]) and text[-1].isascii() and text[-1].isalnum():
        text += " "
    return text


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


class OutputError(XlcheckError):
    """An output was not written. ``code`` is stable; see ``errors.OUTPUT_MESSAGES``.

    ``detail`` is text, or a (zh, en) pair when it is worded for people.
    """

    def __init__(self, code: str, path: str, detail: str | tuple[str, str] = "") -> None:
        self.code, self.path, self.detail = code, path, detail
        super().__init__(self.message("zh"))

    def __reduce__(self):
        return (type(self), (self.code, self.path, self.detail))

    def message(self, lang: str = "zh") -> str:
        zh, en = OUTPUT_MESSAGES[self.code]
        detail = self.detail if isinstance(self.detail, str) else self.detail[0 if lang == "zh" else 1]
        return (zh if lang == "zh" else en).format(path=self.path, detail=detail)

    def to_dict(self, lang: str = "zh") -> dict[str, str]:
        return {"code": self.code, "message": self.message(lang)}


class FieldValueError(XlcheckError, ValueError):
    """A value given for a template field was refused: an unknown id (``suggestions`` holds the
    close matches), a value no cell can hold, or a report year out of range. ``code`` is stable;
    see ``errors.FIELD_MESSAGES``.
    """

    def __init__(self, code: str, field: str, value: object = None, detail: str = "", suggestions=()) -> None:
        self.code, self.field, self.value, self.detail = code, field, value, detail
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        zh, en = FIELD_MESSAGES[self.code]
        detail = self.detail
        if self.suggestions:
            names = ", ".join(self.suggestions)
            detail = f"（是否想写 {names}？）" if lang == "zh" else f" (did you mean {names}?)"
        value = repr(self.value)
        value = value if len(value) <= 40 else value[:37] + "..."
        return (zh if lang == "zh" else en).format(field=self.field, value=value, detail=detail)
