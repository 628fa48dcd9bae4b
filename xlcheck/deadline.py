"""When a report must be published: 《中华人民共和国政府信息公开条例》第四十九条 (FORMAT.md).

A government department publishes its report for year Y by 31 January of Y+1; a local government at
county level or above publishes its own report (本级政府) by 31 March. Which one a report is, is read
from the agency name: a county-or-higher region (省, 市, 县, 区, 州, 盟, 旗: 自治区, 自治州, 自治县 and
自治旗 end so too), alone (「宿迁市」, a title's whole-city report) or followed by 人民政府 or 政府, is a
government's own report; anything else (a 局, 委, 办, a 政府办公室, a township's 镇/乡人民政府, or no
name at all) keeps 1月31日.
"""

from __future__ import annotations

import unicodedata
from datetime import date

GOVERNMENT_LEVELS = ("省", "市", "县", "区", "州", "盟", "旗")


def is_government(agency: str | None) -> bool:
    """Whether ``agency`` names a local government at county level or above (its own report)."""
    name = "".join(unicodedata.normalize("NFKC", agency or "").split())
    name = name.split("(")[0]  # 「宿迁市（全市汇总）」: the remark is not the name
    for suffix in ("人民政府", "政府", ""):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[len(name) - len(suffix) - 1] in GOVERNMENT_LEVELS
    return False


def deadline(year: int, agency: str | None) -> tuple[date, tuple[str, str]]:
    """The last day a report for ``year`` may be published, and why (zh, en)."""
    name = f"「{agency}」" if agency else "（不明）"
    if is_government(agency):
        return date(year + 1, 3, 31), (
            f"（{year} 年度报告；按机关名称{name}视为县级以上人民政府的本级报告，应于次年3月31日前公布）",
            f" (the {year} report; by its agency name, a local government's own report: due by 31 March)",
        )
    return date(year + 1, 1, 31), (
        f"（{year} 年度报告；按机关名称{name}视为政府部门等的报告，应于次年1月31日前公布；"
        "县级以上人民政府的本级报告为3月31日）",
        f" (the {year} report; by its agency name, a department's report: due by 31 January;"
        " a local government's own report is due by 31 March)",
    )
