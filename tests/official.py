"""The official labels, transcribed from FORMAT.md (国办公开办函〔2021〕30号) for golden tests.

This is the tests' own copy of the domain facts, independent of xlcheck's spec: the tests
prove the spec (and the generated workbook) says exactly this.
"""

# Table 三 rows: real_reports key -> label path (outermost first).
T3_ROWS = {
    "new": ("一、本年新收政府信息公开申请数量",),
    "carried_in": ("二、上年结转政府信息公开申请数量",),
    "open": ("三、本年度办理结果", "（一）予以公开"),
    "partial": ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    "deny_1": ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    "deny_2": ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    "deny_3": ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    "deny_4": ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    "deny_5": ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    "deny_6": ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    "deny_7": ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    "deny_8": ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    "unable_1": ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    "unable_2": ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    "unable_3": ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    "reject_1": ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    "reject_2": ("三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    "reject_3": ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    "reject_4": ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    "reject_5": ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    "other_1": (
        "三、本年度办理结果",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    "other_2": (
        "三、本年度办理结果",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    "other_3": ("三、本年度办理结果", "（六）其他处理", "3.其他"),
    "total": ("三、本年度办理结果", "（七）总计"),
    "carry_out": ("四、结转下年度继续办理",),
}
# Table 三 columns in order, real_reports order; 法人或其他组织 spans the middle five.
T3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_HEADERS = ["申请人情况", "法人或其他组织"]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Table 四: real_reports key prefix -> header path; each group has these five columns.
T4_GROUPS = {
    "review": ("行政复议",),
    "suit_direct": ("行政诉讼", "未经复议直接起诉"),
    "suit_after_review": ("行政诉讼", "复议后起诉"),
}
T4_RESULTS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

# Table 二 (2021): block caption -> (columns, rows).
T2_BLOCKS = {
    "第二十条第（一）项": (["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
    "第二十条第（五）项": (["本年处理决定数量"], ["行政许可"]),
    "第二十条第（六）项": (["本年处理决定数量"], ["行政处罚", "行政强制"]),
    "第二十条第（八）项": (["本年收费金额（单位：万元）"], ["行政事业性收费"]),
}
T2_ITEMS = "信息内容"

SECTION_HEADINGS = [
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
]
NARRATIVES = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}
COVER = ["机关名称", "报告年度", "地址", "邮编", "电话", "电子邮箱", "网址"]


def every_label() -> list[str]:
    """Every label FORMAT.md prints, each once."""
    labels = [*SECTION_HEADINGS, *NARRATIVES.values(), *COVER, T3_NOTE, *T3_HEADERS, *T3_COLS]
    labels += [p for path in T3_ROWS.values() for p in path] + list(T4_RESULTS.values())
    labels += [p for group in T4_GROUPS.values() for p in group] + list(T2_BLOCKS) + [T2_ITEMS]
    labels += [label for cols, rows in T2_BLOCKS.values() for label in cols + rows]
    return list(dict.fromkeys(labels))


# ------------------------------------------------------------------ the 2019 trial format (国办公开办函〔2019〕60号)
# FORMAT.md「The older 2019 trial format of table 二」, and table 三 with a single （六）其他处理 row.

T2_BLOCKS_2019 = {
    "第二十条第（一）项": (["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
    "第二十条第（五）项": (["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
    "第二十条第（六）项": (["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
    "第二十条第（八）项": (["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
    "第二十条第（九）项": (["采购项目数量", "采购总金额"], ["政府集中采购"]),
}
# 23 rows: the 2021 rows with （六）其他处理 1–3 replaced by one row; 三、本年度办理结果 spans 20 of them.
T3_ROWS_2019 = {
    **{
        key: path for key, path in T3_ROWS.items() if key not in ("other_1", "other_2", "other_3", "total", "carry_out")
    },
    "other": ("三、本年度办理结果", "（六）其他处理"),
    "total": ("三、本年度办理结果", "（七）总计"),
    "carry_out": ("四、结转下年度继续办理",),
}
# Labels of the 2021 format that the 2019 format does not print.
ONLY_2021 = [
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "行政规范性文件",
    "本年处理决定数量",
    "本年收费金额（单位：万元）",
    *(T3_ROWS[key][-1] for key in ("other_1", "other_2", "other_3")),
]


def every_label_2019() -> list[str]:
    """Every label FORMAT.md prints for the 2019 format, each once."""
    labels = [*SECTION_HEADINGS, *NARRATIVES.values(), *COVER, T3_NOTE, *T3_HEADERS, *T3_COLS]
    labels += [p for path in T3_ROWS_2019.values() for p in path] + list(T4_RESULTS.values())
    labels += [p for group in T4_GROUPS.values() for p in group] + list(T2_BLOCKS_2019) + [T2_ITEMS]
    labels += [label for cols, rows in T2_BLOCKS_2019.values() for label in cols + rows]
    return list(dict.fromkeys(labels))
