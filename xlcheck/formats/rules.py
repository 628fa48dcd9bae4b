"""The rule catalog: every rule's id, severity, descriptions, message templates and fixes, written once.

Rule ids are stable (FORMAT.md「Rules」); each format's spec takes its rules from here, so the 2019 and
2021 formats speak with the same words. Message templates: {where} the cell's captions, {expected},
{found}, {detail}; sum rules also {left} and {right}, the two sides' sums.
"""

from __future__ import annotations

from dataclasses import replace

from .spec import CROSS_YEAR, ERROR, EXPLAINING, NARRATIVE_TEXT, PUBLISHED, TEXT_RULE, WARNING, WITH_UNITS, RuleInfo

CATALOG = (
    RuleInfo(
        "LAYOUT",
        ERROR,
        "标签、行、列须与所声明格式版本一致（标签被改动、移动或删除时在其应在的单元格报告）",
        "Labels, rows and columns are those of the declared format version",
        "此处应为标签「{expected}」，实为「{found}」{detail}",
        "label {expected!r} expected here, found {found!r}{detail}",
        fix_zh="恢复格式规定的标签原文，不要增删、移动行列；可下载新模板，把数据复制过去。",
        fix_en="Restore the official label; do not insert, delete or move rows and columns.",
    ),
    RuleInfo(
        "T3-BALANCE",
        ERROR,
        "表三每一列：一（本年新收）+ 二（上年结转）=（七）总计 + 四（结转下年度继续办理）",
        "Table 3, each column: new + carried in = (7) total + carried over",
        "「{where}」应为 {expected}，实为 {found}：本列勾稽关系不成立"
        "（第一项加第二项之和为 {left}，第三项加第四项之和为 {right}）",
        "{where}: expected {expected}, found {found}; the column does not balance"
        " (new + carried in = {left}, total + carried over = {right})",
        fix_zh="核对本列第一项、第二项、（七）总计和第四项：结转下年度 = 本年新收 + 上年结转 −（七）总计。",
        fix_en="Check this column: carried over = new + carried in − (7) total.",
    ),
    RuleInfo(
        "T3-ROWTOTAL",
        ERROR,
        "表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
        "Table 3, each row: total = the six applicant columns",
        "「{where}」应为 {expected}，实为 {found}：总计应等于自然人及法人或其他组织各列之和",
        "{where}: expected {expected}, found {found}; the total must equal the six applicant columns",
        fix_zh="核对本行各申请人类别；总计应为它们之和，建议恢复为模板的求和公式。",
        fix_en="Check the row; restore the template's SUM formula in the total.",
    ),
    RuleInfo(
        "T3-OUTCOMES",
        ERROR,
        "表三每一列：（七）总计 =（一）+（二）+（三）1–8 +（四）1–3 +（五）1–5 +（六）1–3",
        "Table 3, each column: (7) total = the sum of outcomes (1) to (6)",
        "「{where}」应为 {expected}，实为 {found}：（七）总计应等于（一）至（六）各项之和",
        "{where}: expected {expected}, found {found}; (7) total must equal outcomes (1) to (6)",
        fix_zh="核对本列（一）至（六）各项；（七）总计应为它们之和，建议恢复为模板的求和公式。",
        fix_en="Check outcomes (1) to (6); restore the template's SUM formula in (7) total.",
    ),
    RuleInfo(
        "T4-TOTAL",
        ERROR,
        "表四行政复议、未经复议直接起诉、复议后起诉各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        "Table 4, each group: total = upheld + corrected + other + pending",
        "「{where}」应为 {expected}，实为 {found}：总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
        "{where}: expected {expected}, found {found}; the total must equal its four results",
        fix_zh="核对本组四项结果；总计应为它们之和，建议恢复为模板的求和公式。",
        fix_en="Check the four results; restore the template's SUM formula in the total.",
    ),
    RuleInfo(
        "NUM-COUNT",
        ERROR,
        "数量单元格须为非负整数（不得为负数、小数、日期、逻辑值、占位符或带文字单位）",
        "Count cells hold a non-negative whole number",
        "「{where}」应填非负整数，实为「{found}」{detail}",
        "{where}: a non-negative whole number expected, found {found!r}{detail}",
        fix_zh="只填写非负整数：删除“件”等单位、文字、小数和负号；没有请填 0。",
        fix_en="Type a non-negative whole number only; 0 for none.",
    ),
    RuleInfo(
        "NUM-AMOUNT",
        ERROR,
        "收费金额（万元）须为非负数，不带单位，最多 6 位小数",
        "The fee (10,000 yuan) is a non-negative number, no unit, at most 6 decimals",
        "「{where}」应填非负金额（单位万元，不带单位，最多 6 位小数），实为「{found}」{detail}",
        "{where}: a non-negative amount (at most 6 decimals, no unit) expected, found {found!r}{detail}",
        fix_zh="只填写以万元为单位的非负数：删除“万元”等文字，最多保留 6 位小数；没有请填 0。",
        fix_en="Type a non-negative amount in 10,000 yuan, no unit, at most 6 decimals.",
    ),
    RuleInfo(
        "CELL-BLANK",
        ERROR,
        "数据单元格不得留空（没有请填 0）",
        "A data cell is left empty (write 0 for none)",
        "「{where}」未填写：没有请填 0",
        "{where} is empty: write 0 for none",
        fix_zh="没有数据请填 0，不要留空。",
        fix_en="Type 0 for none; do not leave it empty.",
    ),
    RuleInfo(
        "CELL-TEXTNUM",
        WARNING,
        "数字以文本形式存储（如 '5、全角 ５、前后带空格）：按其数值计算，请改为数值",
        "A number stored as text: its value is used; change the cell to a number",
        "「{where}」的数字以文本形式存储（「{found}」），已按 {expected} 计算；请改为数值",
        "{where}: number stored as text ({found!r}), counted as {expected}; store it as a number",
        fix_zh="把单元格格式设为“常规”或“数值”后重新输入，或用“转换为数字”。",
        fix_en="Set the cell format to General or Number and type the number again.",
    ),
    RuleInfo(
        "CELL-FORMULA",
        ERROR,
        "输入单元格中的公式没有保存计算结果，或结果为错误值（#DIV/0!、#REF! 等）；合计单元格的公式不再是模板的求和公式",
        "A formula in an input cell has no saved result or an error value;"
        " a total's formula is no longer the template's sum",
        "「{where}」的公式{detail}：请直接填写数值，或在 Excel/WPS 中重新计算并保存",
        "{where}: the formula {detail}; type the value, or recalculate and save in a spreadsheet",
        fix_zh="直接填写数值；如需保留公式，请在 Excel/WPS 中重新计算并保存。",
        fix_en="Type the value, or recalculate and save in a spreadsheet program.",
    ),
    RuleInfo(
        "META-YEAR",
        ERROR,
        "报告年度须为 2008 年至今年之间的四位年份，且各处一致",
        "The report year is a plausible year (2008 to this year) and agrees everywhere",
        "「{where}」应为 {expected} 之间的四位年份，实为「{found}」",
        "{where}: a year in {expected} expected, found {found!r}",
        fix_zh="在「报告年度」填写四位数字年份，如 2025。",
        fix_en="Type the report year as four digits, e.g. 2025.",
    ),
    RuleInfo(
        "META-AGENCY",
        ERROR,
        "机关名称不得为空",
        "The agency name is filled",
        "「{where}」未填写",
        "{where} is empty",
        fix_zh="在「机关名称」填写本机关全称。",
        fix_en="Type the agency's full name.",
    ),
    RuleInfo(
        "SEC-TEXT",
        ERROR,
        "正文第一、五、六部分不得为空",
        "Narrative sections 1, 5 and 6 are not empty",
        "「{where}」未填写正文",
        "section {where} is empty",
        fix_zh="填写本部分正文。",
        fix_en="Write this section.",
    ),
    RuleInfo(
        "SEC6-FEE",
        WARNING,
        "第六部分应说明是否收取信息处理费（未收取也应写明）",
        "Section 6 says whether information processing fees were collected",
        "「{where}」未说明是否收取信息处理费（依《政府信息公开信息处理费管理办法》，未收取也应写明）",
        "{where} does not say whether information processing fees were collected",
        fix_zh="写明本年度是否收取信息处理费及金额（未收取也应写明）。",
        fix_en="Say whether information processing fees were collected, and how much (also when none).",
    ),
    # {detail}: the quoted words and the table cells they must equal, e.g. 「共收到…120件」与表三「…」不一致.
    RuleInfo(
        TEXT_RULE,
        WARNING,
        "正文引用的数字与表格一致（如「共收到政府信息公开申请N件」等于表三本年新收总计；"
        "约数、范围、其他年度和下属单位的数字不比对）：由 xlcheck check 检查，不在「校验结果」中",
        "A figure the narrative quotes equals the tables (e.g. applications received = table 3's new total;"
        " approximations, ranges, other years and sub-units are not compared); judged by xlcheck check, not live",
        "「{where}」中{detail}：应为 {expected}，实为 {found}",
        "{where}: {detail}; expected {expected}, found {found}",
        fix_zh="核对正文所写数字与表格：改正写错的一方，使二者一致。",
        fix_en="Compare the figure in the text with the table and correct whichever is wrong.",
        scope=NARRATIVE_TEXT,
    ),
    # Cross-year rules: {detail} is the arithmetic with its cells, last year's named 上年报告 表三!D29.
    RuleInfo(
        "XYEAR-CARRY",
        WARNING,
        "与上年报告对比（check --last-year）：表三每一列，二（上年结转）= 上年报告的四（结转下年度继续办理）",
        "With last year's report (check --last-year): table 3, each column: carried in = last year's carried over",
        "「{where}」应为 {expected}，实为 {found}：上年结转数应等于上年报告的结转下年度继续办理数（{detail}）",
        "{where}: expected {expected}, found {found}; carried in must equal last year's carried over ({detail})",
        fix_zh="核对本列上年结转数与上年报告中结转下年度继续办理的同列数；确因机构调整等原因不同的，请说明原因。",
        fix_en="Compare with the same column of last year's carried over; if they truly differ"
        " (a reorganisation), explain why.",
        scope=CROSS_YEAR,
    ),
    RuleInfo(
        "XYEAR-VALID",
        WARNING,
        "与上年报告对比（check --last-year）：表二规章、行政规范性文件各行，"
        "现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数",
        "With last year's report (check --last-year): table 2, rules and normative documents:"
        " in force = last year's in force + issued − repealed",
        "「{where}」应为 {expected}，实为 {found}：现行有效件数应等于上年现行有效件数加本年制发件数减本年废止件数"
        "（{detail}）",
        "{where}: expected {expected}, found {found}; in force must equal last year's in force + issued − repealed"
        " ({detail})",
        fix_zh="核对本行制发、废止和现行有效件数，以及上年报告的现行有效件数；如有清理、划转等原因，请说明原因。",
        fix_en="Check this row's issued, repealed and in-force counts and last year's in force;"
        " if they truly differ (a clean-up, a transfer), explain why.",
        scope=CROSS_YEAR,
    ),
    RuleInfo(
        "AGG-SUM",
        WARNING,
        "汇总比对（aggregate --compare）：上级报告表二、表三、表四的每个填报单元格等于所属各单位对应单元格之和",
        "With aggregate --compare: each input cell of tables 2 to 4 of a parent's report equals the sum of its units'",
        "「{where}」应为 {expected}（所属 {detail} 个单位之和），实为 {found}",
        "{where}: expected {expected} (the sum of {detail} units), found {found}",
        fix_zh="核对本单元格与各单位报告；本报告另含本级数据等统计口径差异时，可在情况说明中写明原因。",
        fix_en="Check this cell against the units' reports; a difference of scope (the parent's own figures) may be"
        " explained.",
        scope=WITH_UNITS,
    ),
    # The unit's explanations (情况说明) judged against this check's findings: {where} is the row's rule and
    # cell as typed, {detail} why the explanation explains no warning. Never itself explainable.
    RuleInfo(
        "EXPLAIN-UNUSED",
        WARNING,
        "「情况说明」的每一行须说明本次检查的一项警告（已不存在的警告、错误、写错的规则或单元格都会提示）",
        "Each row of the explanations sheet (情况说明) explains a warning of this check"
        " (not one that is gone, nor an error)",
        "情况说明「{where}」没有用上：{detail}",
        "explanation {where!r} explains no warning: {detail}",
        fix_zh="删除不再需要的说明；错误须改正，不能说明；规则从下拉列表选择，单元格写成 D6 或 表三!D6。",
        fix_en="Delete explanations no longer needed; fix errors (they cannot be explained); pick the rule from"
        " the list and write the cell as D6 or 表三!D6.",
        scope=EXPLAINING,
    ),
    # A published document's own date (a web page's 发布日期 or PubDate), {detail} says which deadline and why.
    RuleInfo(
        "PUB-LATE",
        WARNING,
        "检查已发布的网页或 Word 文件时：县级以上人民政府部门的年度报告应在次年1月31日前公布，县级以上地方"
        "人民政府的本级报告为3月31日（《政府信息公开条例》第四十九条）；按机关名称判断，条例未规定期限的乡镇、"
        "街道、开发区管委会按3月31日",
        "A published page or Word file: a government department's report for a year is published by 31 January"
        " of the next, a local government's own by 31 March (article 49 of the Regulations); told by the agency"
        " name, bodies the article does not name (townships, subdistricts, zones) by 31 March",
        "本报告于 {found} 发布，晚于应公布的期限 {expected}{detail}",
        "published on {found}, after the deadline {expected}{detail}",
        fix_zh="按期发布下一年度的报告；如网页标明的发布日期有误，请核对。",
        fix_en="Publish next year's report on time; if the page's publication date is wrong, check it.",
        scope=PUBLISHED,
    ),
)


RULES = {rule.id: rule for rule in CATALOG}
ID_WIDTH = max(len(rule.id) for rule in CATALOG)  # the rule column of text output lines up

# The 2019 trial format (国办公开办函〔2019〕60号) is judged by the same rules under the same ids; where
# the 2021 wording would misdescribe it, its own words.
VARIANTS_2019 = {
    "T3-OUTCOMES": replace(
        RULES["T3-OUTCOMES"],
        zh="表三每一列：（七）总计 =（一）+（二）+（三）1–8 +（四）1–3 +（五）1–5 +（六）",
    ),
    # 本年增/减 says how the number of items changed: negative when it fell (a real report: -417).
    "NUM-COUNT": replace(
        RULES["NUM-COUNT"],
        zh="数量单元格须为整数：「本年增/减」可为负数，其余须为非负整数（不得为小数、日期、逻辑值、占位符或带文字单位）",
        en="Count cells hold a whole number: 本年增/减 (the change) may be negative, every other count is not",
        message_zh="「{where}」应填{expected}，实为「{found}」{detail}",
        message_en="{where}: a whole number ({expected}) expected, found {found!r}{detail}",
        fix_zh="只填写整数：删除“件”等单位、文字和小数；「本年增/减」减少时填负数（如 -417），没有变化填 0；"
        "其余数量没有请填 0。",
        fix_en="Type a whole number only; 本年增/减 is negative for a decrease; 0 for none.",
    ),
    # 采购总金额 is printed without a unit; reports wrote 251000元 or 1926.4774 万元 into the cell. The
    # template asks for 万元, as the 2021 format prints for its amount (6 decimals hold any 元 amount to
    # the 分), so one cell has one unit and a 汇总 adds like with like.
    "NUM-AMOUNT": replace(
        RULES["NUM-AMOUNT"],
        zh="采购总金额须为以万元为单位的非负数（格式未印单位，按万元填写），不带单位，最多 6 位小数",
        en="The purchase amount is a non-negative number in 10,000 yuan (the format prints no unit),"
        " no unit text, at most 6 decimals",
        fix_zh="只填写以万元为单位的非负数：删除“元”“万元”等文字（元数除以 10000 即为万元），最多保留 6 位小数；"
        "没有请填 0。",
        fix_en="Type a non-negative amount in 10,000 yuan (yuan / 10000), no unit, at most 6 decimals.",
    ),
}
