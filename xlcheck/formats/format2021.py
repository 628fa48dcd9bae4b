"""The 2021 format (国办公开办函〔2021〕30号) as data: every label, table and rule, written once.

Labels are spelled as the official copies spell them, full-width punctuation included.
"""

from __future__ import annotations

from .rules import CATALOG
from .spec import (
    AMOUNT,
    NARRATIVE,
    YEAR,
    Axis,
    CrossYearRule,
    Entry,
    ExplanationSheet,
    Format,
    Grid,
    NarrativeFigure,
    Sheet,
    SumRule,
)

# ---------------------------------------------------------------- table 二

_T2_ITEMS = "信息内容"
_T2_DECISIONS = (Axis("decisions", ("本年处理决定数量",)),)

TABLE2 = (
    Grid(
        "t2",
        caption="第二十条第（一）项",
        corner=_T2_ITEMS,
        rows=(Axis("rules", ("规章",)), Axis("normative", ("行政规范性文件",))),
        cols=(
            Axis("issued", ("本年制发件数",)),
            Axis("repealed", ("本年废止件数",)),
            Axis("valid", ("现行有效件数",)),
        ),
        width=3,
    ),
    Grid(
        "t2",
        caption="第二十条第（五）项",
        corner=_T2_ITEMS,
        rows=(Axis("licensing", ("行政许可",)),),
        cols=_T2_DECISIONS,
        width=3,
    ),
    Grid(
        "t2",
        caption="第二十条第（六）项",
        corner=_T2_ITEMS,
        rows=(Axis("penalty", ("行政处罚",)), Axis("coercion", ("行政强制",))),
        cols=_T2_DECISIONS,
        width=3,
    ),
    Grid(
        "t2",
        caption="第二十条第（八）项",
        corner=_T2_ITEMS,
        kind=AMOUNT,
        rows=(Axis("fees", ("行政事业性收费",)),),
        cols=(Axis("amount", ("本年收费金额（单位：万元）",)),),
        width=3,
    ),
)

# ---------------------------------------------------------------- table 三

_APPLICANT = "申请人情况"
_LEGAL_PERSON = "法人或其他组织"
T3_COLS = (
    Axis("natural", (_APPLICANT, "自然人")),
    Axis("business", (_APPLICANT, _LEGAL_PERSON, "商业企业")),
    Axis("research", (_APPLICANT, _LEGAL_PERSON, "科研机构")),
    Axis("nonprofit", (_APPLICANT, _LEGAL_PERSON, "社会公益组织")),
    Axis("legal", (_APPLICANT, _LEGAL_PERSON, "法律服务机构")),
    Axis("other", (_APPLICANT, _LEGAL_PERSON, "其他")),
    Axis("total", (_APPLICANT, "总计")),
)

_RESULTS = "三、本年度办理结果"


def _items(key: str, group: str, labels: tuple[str, ...]) -> tuple[Axis, ...]:
    return tuple(Axis(f"{key}_{i}", (_RESULTS, group, label)) for i, label in enumerate(labels, 1))


T3_OUTCOME_ROWS = (
    Axis("open", (_RESULTS, "（一）予以公开")),
    Axis("partial", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    *_items(
        "deny",
        "（三）不予公开",
        (
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ),
    ),
    *_items(
        "unable",
        "（四）无法提供",
        (
            "1.本机关不掌握相关政府信息",
            "2.没有现成信息需要另行制作",
            "3.补正后申请内容仍不明确",
        ),
    ),
    *_items(
        "reject",
        "（五）不予处理",
        (
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ),
    ),
    *_items(
        "other",
        "（六）其他处理",
        (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ),
    ),
)
T3_ROWS = (
    Axis("new", ("一、本年新收政府信息公开申请数量",)),
    Axis("carried_in", ("二、上年结转政府信息公开申请数量",)),
    *T3_OUTCOME_ROWS,
    Axis("total", (_RESULTS, "（七）总计")),
    Axis("carry_out", ("四、结转下年度继续办理",)),
)
TABLE3 = Grid(
    "t3",
    rows=T3_ROWS,
    cols=T3_COLS,
    corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
)

# ---------------------------------------------------------------- table 四

_T4_RESULTS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
_T4_GROUPS = (
    ("review", ("行政复议",)),
    ("suit_direct", ("行政诉讼", "未经复议直接起诉")),
    ("suit_after_review", ("行政诉讼", "复议后起诉")),
)
T4_COLS = tuple(
    Axis(f"{group}_{key}", (*path, label))
    for group, path in _T4_GROUPS
    for key, label in (*_T4_RESULTS, ("total", "总计"))
)
TABLE4 = Grid("t4", rows=(Axis("", ()),), cols=T4_COLS)

# ---------------------------------------------------------------- cover and narrative

AGENCY, YEAR_FIELD = "meta.agency", "meta.year"
COVER = (
    Entry(AGENCY, "机关名称", blank_rule="META-AGENCY"),
    Entry(YEAR_FIELD, "报告年度", kind=YEAR, blank_rule="META-YEAR"),
    Entry("meta.address", "地址", official=False),
    Entry("meta.postcode", "邮编", official=False),
    Entry("meta.phone", "电话", official=False),
    Entry("meta.email", "电子邮箱", official=False),
    Entry("meta.website", "网址", official=False),
)
OVERVIEW, PROBLEMS, OTHER_MATTERS = "text.overview", "text.problems", "text.other"
# Text boxes sized for published reports: 一 runs to thousands of characters, 五 and 六 to hundreds.
NARRATIVE_SECTIONS = (
    Entry(OVERVIEW, "一、总体情况", kind=NARRATIVE, blank_rule="SEC-TEXT", below=True, rows=12),
    Entry(PROBLEMS, "五、存在的主要问题及改进情况", kind=NARRATIVE, blank_rule="SEC-TEXT", below=True, rows=5),
    Entry(OTHER_MATTERS, "六、其他需要报告的事项", kind=NARRATIVE, blank_rule="SEC-TEXT", below=True, rows=5),
)

SHEETS = (
    Sheet("封面", "政府信息公开工作年度报告", COVER, widths=(14, 22, 22, 22), print_title=False, official_title=False),
    Sheet(
        "正文",
        "正文（第一、五、六部分）",
        NARRATIVE_SECTIONS,
        widths=(16,) * 6,
        print_title=False,
        official_title=False,
    ),
    Sheet("表二", "二、主动公开政府信息情况", TABLE2, widths=(26, 18, 18, 18)),
    Sheet("表三", "三、收到和处理政府信息公开申请情况", (TABLE3,), widths=(20, 16, 36) + (11,) * 7, landscape=True),
    Sheet("表四", "四、政府信息公开行政复议、行政诉讼情况", (TABLE4,), widths=(7.5,) * 15, landscape=True),
)

# ---------------------------------------------------------------- rules

_APPLICANT_KEYS = tuple(c.key for c in T3_COLS if c.key != "total")
_OUTCOME_KEYS = tuple(r.key for r in T3_OUTCOME_ROWS)
SUM_RULES = (
    SumRule("T3-ROWTOTAL", "t3", "row", ("total",), _APPLICANT_KEYS, blame="total", formula=True),
    # The 总计 column is the applicant columns' sum, so its own T3-OUTCOMES and T3-BALANCE follow
    # from theirs and from T3-ROWTOTAL (FORMAT.md「One mistake, one finding」).
    SumRule(
        "T3-OUTCOMES", "t3", "col", ("total",), _OUTCOME_KEYS, blame="total", formula=True, implied_by="T3-ROWTOTAL"
    ),
    SumRule(
        "T3-BALANCE",
        "t3",
        "col",
        ("new", "carried_in"),
        ("total", "carry_out"),
        blame="carry_out",
        implied_by="T3-ROWTOTAL",
    ),
    *(
        SumRule(
            "T4-TOTAL",
            "t4",
            "row",
            (f"{group}_total",),
            tuple(f"{group}_{k}" for k, _ in _T4_RESULTS),
            blame=f"{group}_total",
            formula=True,
        )
        for group, _ in _T4_GROUPS
    ),
)

# Rules across two consecutive years' reports (FORMAT.md: XYEAR-CARRY, XYEAR-VALID). Each blames this
# year's cell: last year's report is already published.
CROSS_YEAR_RULES = (
    # What a year leaves pending is what the next year takes over, per applicant column.
    CrossYearRule("XYEAR-CARRY", "t3", "col", this="carried_in", last="carry_out", blame="carried_in"),
    # Documents in force roll forward: last year's, plus those issued, minus those repealed.
    CrossYearRule(
        "XYEAR-VALID", "t2", "row", this="valid", last="valid", blame="valid", plus=("issued",), minus=("repealed",)
    ),
)

# ---------------------------------------------------------------- figures the narrative quotes (TEXT-TABLE)
# Patterns read the folded text (spec.NarrativeFigure): no white space, ，→, （→(. Each names its noun and
# puts the number right after it, so 3000余件, 约100件, 20-30件 and 十几件 never match: approximations stay
# silent. narrative.py adds the guards every figure shares (sub-units, other years, parts, combined items).
# 主动公开…N条 has no cell in the 2021 tables, so it is not compared.

_FILL = r"(?:的|有|为|是|达|共计|合计|总计|累计|共|案件|申请|数量|总数|件数|数|答复)*"  # words before a number
_REQUEST = r"(?:政府信息公开|依申请(?:信息)?公开|信息公开)"
_T4_TOTALS = tuple(f"t4.{group}_total" for group, _ in _T4_GROUPS)
_SUITS = _T4_TOTALS[1:]
_NONE = rf"未(?:发生|收到|产生|出现)(?:因)?{_REQUEST}?(?:工作)?(?:而)?(?:引起|引发|方面|相关)?(?:的)?"  # 未发生因…的
_END = r"(?:案件|情况|事项)?(?=[,;。.:)]|$)"  # a zero statement ends its clause: 未发生行政复议 ≠ 未发生行政复议纠错
# A 司法局 or a government also handles 行政复议 as the 复议机关 (全年共收到行政复议申请1200件): such a sentence
# counts its case load, not table 四's reviews of its own disclosure.
_AS_REVIEW_BODY = ("作为行政复议机关", "作为复议机关", "收到行政复议", "受理行政复议", "办理行政复议", "办结行政复议")


def _outcome(label: str, keys: tuple[str, ...]) -> NarrativeFigure:
    """An outcome of table 三 quoted as a total over its items (予以公开N件, 不予公开N件)."""
    return NarrativeFigure(
        (rf"(?<!主动)(?<!不){label}(?:答复)?(?:的)?{_FILL}{{n}}件",),  # 不予以公开 is no 予以公开
        tuple(f"t3.{k}.total" for k in keys),
        sections=(OVERVIEW,),
        context=("申请",),
    )


def _t2_figures(row: str, noun: str) -> tuple[NarrativeFigure, ...]:
    """制发/废止/现行有效 counts of one table 二 row (规章, 行政规范性文件)."""
    return (
        NarrativeFigure(
            (rf"(?:新制定|新制发|制发|印发|出台|制定)(?:了)?(?:的)?{noun}{_FILL}{{n}}件",),
            (f"t2.{row}.issued",),
            sections=(OVERVIEW,),
            whole=True,
        ),
        NarrativeFigure(
            (rf"废止(?:了)?(?:的)?{noun}{_FILL}{{n}}件",), (f"t2.{row}.repealed",), sections=(OVERVIEW,), whole=True
        ),
        NarrativeFigure(
            (rf"现行有效(?:的)?{noun}{_FILL}{{n}}件", rf"{noun}现行有效(?:的)?{_FILL}{{n}}件"),
            (f"t2.{row}.valid",),
            sections=(OVERVIEW,),
            whole=True,
        ),
    )


_OUTCOME_ITEMS = {
    group: tuple(r.key for r in T3_OUTCOME_ROWS if r.key.startswith(f"{group}_"))
    for group in ("deny", "unable", "reject", "other")
}
NARRATIVE_FIGURES = (
    # Earlier figures claim a number first: 新收 before the looser 收到/受理.
    NarrativeFigure(
        (rf"新收(?:到)?(?:各类)?{_REQUEST}?申请{_FILL}{{n}}件",), ("t3.new.total",), sections=(OVERVIEW,), whole=True
    ),
    NarrativeFigure(
        (
            rf"(?:收到|受理|接收|接到|收办)(?:各类|的)?{_REQUEST}(?:申请)?{_FILL}{{n}}件",
            r"(?:共|累计|合计)(?:收到|受理|接收|收办){n}件",
        ),
        ("t3.new.total",),
        also=(("t3.new.total", "t3.carried_in.total"),),
        sections=(OVERVIEW,),
        context=("申请",),
        whole=True,
    ),
    NarrativeFigure(
        (rf"未(?:收到|受理|接到)(?:过)?(?:任何)?{_REQUEST}申请(?!人)",),
        ("t3.new.total",),
        sections=(OVERVIEW, OTHER_MATTERS),
    ),
    NarrativeFigure(
        (rf"上一?年度?结转(?:至本年度?)?(?:的)?{_REQUEST}?(?:申请)?{_FILL}{{n}}件",),
        ("t3.carried_in.total",),
        sections=(OVERVIEW,),
    ),
    NarrativeFigure(
        (
            rf"(?:结转|转入|转至|转)(?:至|到|入)?下一?年度?(?:继续办理|继续|办理)?(?:的)?{_REQUEST}?(?:申请)?{_FILL}{{n}}件",
        ),
        ("t3.carry_out.total",),
        sections=(OVERVIEW,),
    ),
    NarrativeFigure(
        (
            rf"(?:共|累计|合计|全部|已)?办结(?:了)?{_REQUEST}?(?:申请)?{_FILL}{{n}}件",
            r"(?:共|累计|合计)(?:答复|办理){n}件",
        ),
        ("t3.total.total",),
        sections=(OVERVIEW,),
        context=("申请",),
        whole=True,
    ),
    _outcome("予以公开", ("open",)),
    _outcome("部分公开", ("partial",)),
    _outcome("不予公开", _OUTCOME_ITEMS["deny"]),
    _outcome("无法提供", _OUTCOME_ITEMS["unable"]),
    _outcome("不予处理", _OUTCOME_ITEMS["reject"]),
    _outcome("其他处理", _OUTCOME_ITEMS["other"]),
    # Table 四: 行政复议 and 行政诉讼 (both kinds of suit), alone or together.
    NarrativeFigure(
        (
            rf"行政复议(?:和|及|与|、|或)行政诉讼(?:案件)?{_FILL}{{n}}件",
            rf"{_NONE}行政复议(?:和|及|与|、|或)行政诉讼{_END}",
        ),
        _T4_TOTALS,
        sections=(OVERVIEW,),
        unless=_AS_REVIEW_BODY,
        whole=True,
    ),
    NarrativeFigure(
        (
            rf"行政复议(?:案件|申请)?{_FILL}{{n}}件",
            rf"{_NONE}行政复议{_END}",
        ),
        _T4_TOTALS[:1],
        sections=(OVERVIEW,),
        unless=_AS_REVIEW_BODY,
        whole=True,
    ),
    NarrativeFigure(
        (
            rf"行政诉讼(?:案件)?{_FILL}{{n}}件",
            rf"{_NONE}行政诉讼{_END}",
        ),
        _SUITS,
        sections=(OVERVIEW,),
        unless=_AS_REVIEW_BODY,
        whole=True,
    ),
    NarrativeFigure((rf"未经复议直接起诉(?:的)?{_FILL}{{n}}件",), _SUITS[:1], sections=(OVERVIEW,)),
    NarrativeFigure((rf"(?<!未经)复议后(?:再)?起诉(?:的)?{_FILL}{{n}}件",), _SUITS[1:], sections=(OVERVIEW,)),
    # Table 二: 规章 (not 规章制度) and 行政规范性文件 (the 2019 name 规范性文件 too).
    *_t2_figures("rules", "规章(?!制度)"),
    *_t2_figures("normative", "(?:行政)?规范性文件"),
)

RULES = CATALOG  # every rule of the catalog applies to this format

# The statistical offices' model: an error must be fixed; a warning may be true (a reorganisation changed
# the carry-over) and is then accepted with a written reason, one a row.
EXPLANATIONS = ExplanationSheet(
    "情况说明",
    ("规则", "单元格", "说明"),
    note=(
        "检查提示的警告（如本年上年结转数与上年报告不衔接、上级报告与所属单位之和不一致）确属实际情况"
        "（如机构调整、职能划转、本级另有数据）时，在下表逐条写明原因，每行一条：「规则」从下拉列表选择警告的"
        "规则编号，「单元格」填写警告所在的单元格（如 D6，几个工作表都有该单元格时写明工作表，如 表三!D6），"
        "「说明」写明原因。检查时该警告列为“已说明”，--strict 时也不算不通过。错误必须改正，不能以说明代替；"
        "警告已不存在的说明请删除，否则检查会提示（EXPLAIN-UNUSED）。"
    ),
    rule="EXPLAIN-UNUSED",
)

FORMAT_2021 = Format(
    id="2021",
    name="国办公开办函〔2021〕30号",
    template_version=3,
    sheets=SHEETS,
    sum_rules=SUM_RULES,
    rules=RULES,
    fee_words=("信息处理费", "收费", "收取"),
    fee_field=OTHER_MATTERS,
    agency_field=AGENCY,
    year_field=YEAR_FIELD,
    first_year=2008,
    applies_from=2021,
    amount_name="收费金额",
    title="2021 年格式（国办公开办函〔2021〕30号）",
    title_en="the 2021 format (国办公开办函〔2021〕30号)",
    older_labels=(
        ("规范性文件", "行政规范性文件"),
        ("处理决定数量", "本年处理决定数量"),
        *(
            (label, None)
            for label in (
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
                "上一年项目数量",
                "本年增/减",
                "其他对外管理服务事项",
                "第二十条第（九）项",
                "政府集中采购",
                "采购项目数量",
                "采购总金额",
                # 2019's single row; 2021 prints the words over its three rows, so they are 2019's only where a
                # row of （六） should stand (locate names them so there, found where a 2021 row label is not)
                "（六）其他处理",
            )
        ),
    ),
    older_name="2019 年试行格式（国办公开办函〔2019〕60号）",  # format2019's title
    cross_year_rules=CROSS_YEAR_RULES,
    narrative_figures=NARRATIVE_FIGURES,
    explanations=EXPLANATIONS,
)
