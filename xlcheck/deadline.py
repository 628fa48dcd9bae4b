"""When a report must be published: 《中华人民共和国政府信息公开条例》第四十九条 (FORMAT.md).

第四十九条 names two deadlines: a 县级以上人民政府部门 publishes its report for year Y by 31 January of
Y+1; a 县级以上地方人民政府 publishes its own report (本级政府) by 31 March. Which one a report is, is
read from the agency name:

- a county-or-higher region (省, 市, 县, 区, 州, 盟, 旗: 自治区, 自治州, 自治县 and 自治旗 end so too),
  alone (「宿迁市」, a title's whole-city report) or followed by 人民政府 or 政府: a government's own
  report, 31 March;
- a body the article names neither way: a 乡镇人民政府 (乡, 镇, 苏木, alone or followed by 人民政府
  or 政府), a 街道办事处, a development zone or park or its 管理委员会 (…开发区, …园区, …区管委会), or
  no name at all. They are not 政府部门, and the article gives them no deadline: the later one, 31 March,
  is applied, so a warning means late by either;
- anything else (a 局, 委, 办, a 政府办公室): a department, 31 January.
"""

from __future__ import annotations

import unicodedata
from datetime import date

GOVERNMENT_LEVELS = ("省", "市", "县", "区", "州", "盟", "旗")
TOWNSHIP_LEVELS = ("乡", "镇", "苏木")  # 苏木: a township in Inner Mongolia
SUBDISTRICT = ("街道办事处", "街道办", "街道")
ZONE_COMMITTEE = ("管理委员会", "管委会")  # after a zone's name: 开发区, 园区, 新区, 高新区…
# A zone's own name, alone (a title's 「某某经济开发区」): no government (浦东新区 is one: 新区 is not here).
ZONES = ("开发区", "园区", "保税区", "高新区", "示范区", "试验区", "合作区")

GOVERNMENT, DEPARTMENT, TOWNSHIP, SUBDISTRICT_OFFICE, ZONE, UNNAMED = (
    "government",
    "department",
    "township",
    "subdistrict",
    "zone",
    "unnamed",
)


def _name(agency: str | None) -> str:
    name = "".join(unicodedata.normalize("NFKC", agency or "").split())
    return name.split("(")[0]  # 「宿迁市（全市汇总）」: the remark is not the name


def _level(name: str, levels: tuple[str, ...]) -> bool:
    """Whether ``name``, alone or followed by 人民政府 or 政府, ends with one of ``levels``."""
    for suffix in ("人民政府", "政府", ""):
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: len(name) - len(suffix)]
            return any(stem.endswith(level) and len(stem) > len(level) for level in levels)
    return False


def kind_of(agency: str | None) -> str:
    """What ``agency`` is under 第四十九条: GOVERNMENT (a county-or-higher government's own report),
    DEPARTMENT, or a body the article does not name: TOWNSHIP, SUBDISTRICT_OFFICE, ZONE, UNNAMED."""
    name = _name(agency)
    if not name:
        return UNNAMED
    if _level(name, ZONES) or any(name.endswith(c) and name[: -len(c)].endswith("区") for c in ZONE_COMMITTEE):
        return ZONE
    if _level(name, GOVERNMENT_LEVELS):
        return GOVERNMENT
    if _level(name, TOWNSHIP_LEVELS):
        return TOWNSHIP
    if name.endswith(SUBDISTRICT):
        return SUBDISTRICT_OFFICE
    return DEPARTMENT


def is_government(agency: str | None) -> bool:
    """Whether ``agency`` names a local government at county level or above (its own report)."""
    return kind_of(agency) == GOVERNMENT


# What each kind not named by 第四十九条 is called in the message.
_UNNAMED_KINDS = {
    TOWNSHIP: ("乡镇人民政府", "a township government"),
    SUBDISTRICT_OFFICE: ("街道办事处", "a subdistrict office"),
    ZONE: ("开发区等的管理委员会", "a development zone's committee"),
}


def deadline(year: int, agency: str | None) -> tuple[date, tuple[str, str]]:
    """The last day a report for ``year`` may be published, and why (zh, en)."""
    kind, name = kind_of(agency), f"「{agency}」"
    if kind == GOVERNMENT:
        return date(year + 1, 3, 31), (
            f"（{year} 年度报告；按机关名称{name}为县级以上地方人民政府的本级报告，第四十九条规定于次年3月31日前公布）",
            f" (the {year} report; by its agency name, a local government's own report: due by 31 March"
            " under article 49)",
        )
    if kind == DEPARTMENT:
        return date(year + 1, 1, 31), (
            f"（{year} 年度报告；按机关名称{name}视为县级以上人民政府部门的报告，第四十九条规定于次年1月31日前"
            "公布；县级以上地方人民政府的本级报告为3月31日）",
            f" (the {year} report; by its agency name, a government department's report: due by 31 January under"
            " article 49; a local government's own report is due by 31 March)",
        )
    zh, en = _UNNAMED_KINDS.get(kind, ("", ""))
    who_zh = f"按机关名称{name}为{zh}" if zh else "机关名称不明"
    who_en = f"by its agency name, {en}" if en else "the agency is not named"
    return date(year + 1, 3, 31), (
        f"（{year} 年度报告；{who_zh}，第四十九条只规定了县级以上人民政府部门（1月31日）和县级以上地方人民政府"
        "（3月31日）的期限，按其中较晚的3月31日判断）",
        f" (the {year} report; {who_en}: article 49 sets deadlines only for government departments (31 January)"
        " and local governments (31 March); the later one is applied)",
    )
