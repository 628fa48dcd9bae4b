"""Why a file could not be checked: a stable code and a message in Chinese and English."""

from __future__ import annotations

# code -> (zh, en); {path} and {detail} are filled in.
MESSAGES = {
    "file-not-found": ("找不到文件：{path}", "file not found: {path}"),
    "is-directory": ("这是文件夹，不是工作簿：{path}", "a directory, not a workbook: {path}"),
    "permission-denied": ("没有读取权限：{path}", "permission denied: {path}"),
    "unreadable": ("无法读取文件：{path}（{detail}）", "cannot read {path} ({detail})"),
    "empty-file": ("文件为空：{path}", "empty file: {path}"),
    "not-xlsx": (
        "不是 Excel 工作簿（.xlsx）：{path}。请用本工具的模板填报，并另存为 .xlsx",
        "not an Excel workbook (.xlsx): {path}; fill in xlcheck's template and save as .xlsx",
    ),
    "legacy-xls": (
        "这是旧版 .xls/.et 文件或加密文件：{path}。请在 Excel/WPS 中去除密码并另存为 .xlsx 后再检查",
        "a legacy .xls/.et or encrypted file: {path}; remove any password and save as .xlsx",
    ),
    "corrupt-xlsx": (
        "工作簿已损坏，无法读取：{path}（{detail}）",
        "the workbook is damaged and cannot be read: {path} ({detail})",
    ),
    "unsupported-format": (
        "工作簿声明的格式「{detail}」不受支持：{path}。本工具支持 2021 年格式（国办公开办函〔2021〕30号）",
        "the workbook declares format {detail!r}, which is not supported: {path}",
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
