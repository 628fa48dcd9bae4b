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
    "xlsb": ("这是 Excel 二进制工作簿（.xlsb）：{path}。请另存为 .xlsx 后再检查", "a binary .xlsb workbook: {path}"),
    "html-as-xls": (
        "这是网页（HTML）文件，只是扩展名像 Excel：{path}。请在 Excel/WPS 中打开后另存为 .xlsx",
        "an HTML page with a spreadsheet name: {path}; open it in a spreadsheet and save as .xlsx",
    ),
    "xml-spreadsheet": (
        "这是 Excel 2003 XML 表格：{path}。请另存为 .xlsx 后再检查",
        "an Excel 2003 XML spreadsheet: {path}; save it as .xlsx",
    ),
    "pdf": ("这是 PDF 文件，不是工作簿：{path}。请用本工具的模板填报", "a PDF, not a workbook: {path}"),
    "not-xlsx": (
        "不是 Excel 工作簿（.xlsx）：{path}。请用本工具的模板填报，并另存为 .xlsx",
        "not an Excel workbook (.xlsx): {path}; fill in xlcheck's template and save as .xlsx",
    ),
    "not-a-workbook": ("这是{detail}，不是 Excel 工作簿：{path}", "not a workbook but a {detail}: {path}"),
    "truncated-zip": (
        "文件不完整（可能没有下载或复制完）：{path}。请重新获取原文件",
        "the file is truncated (an incomplete download or copy?): {path}",
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
        "工作表单元格过多，已拒绝读取：{path}（{detail}）。请删除与年报无关的内容",
        "a sheet holds too many cells, not read: {path} ({detail}); remove what the report does not need",
    ),
    "missing-parts": (
        "工作簿缺少必需的组成部分：{path}。请在 Excel/WPS 中打开并重新保存为 .xlsx",
        "the workbook lacks required parts: {path}; open and save it again as .xlsx",
    ),
    "unsafe-xml": (
        "文件包含不安全的 XML 内容（实体或 DTD 定义），已拒绝读取：{path}",
        "the file contains unsafe XML (entity or DTD declarations), not read: {path}",
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
        "没有找到年度报告的表格：{path}。这个工作簿里没有《政府信息公开工作年度报告》的表二、表三、表四"
        "（按官方标签查找）。请用本工具的模板填报",
        "no report tables found: {path}; none of the report's tables (found by their official labels) is in"
        " this workbook; fill in xlcheck's template",
    ),
    "unsupported-format": (
        "工作簿声明的格式「{detail}」不受支持：{path}。本工具支持 2021 年格式（国办公开办函〔2021〕30号）",
        "the workbook declares format {detail!r}, which is not supported: {path}",
    ),
}

# Notices: remarks on a file that was checked. code -> (zh, en).
NOTICES = {
    "macros": (
        "文件含宏（.xlsm）：已按 .xlsx 检查，宏不会运行，也不会写入批注副本",
        "the file holds macros (.xlsm): checked as .xlsx; macros are neither run nor kept",
    ),
}


class XlcheckError(Exception):
    """Base class of xlcheck's own errors."""


class CheckError(XlcheckError):
    """A file could not be checked. ``code`` is stable; see ``errors.MESSAGES``."""

    def __init__(self, code: str, path: str, detail: str = "") -> None:
        self.code, self.path, self.detail = code, path, detail
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        zh, en = MESSAGES[self.code]
        return (zh if lang == "zh" else en).format(path=self.path, detail=self.detail)

    def to_dict(self, lang: str = "zh") -> dict[str, str]:
        return {"code": self.code, "message": self.message(lang)}


def notice(code: str, lang: str = "zh") -> dict[str, str]:
    zh, en = NOTICES[code]
    return {"code": code, "message": zh if lang == "zh" else en}
