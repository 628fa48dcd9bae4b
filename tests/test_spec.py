"""The spec says what FORMAT.md says, and its layout is self-consistent."""

from __future__ import annotations

from collections import Counter

from official import T2_BLOCKS, T3_COLS, T3_HEADERS, T3_NOTE, T3_ROWS, T4_GROUPS, T4_RESULTS, every_label

from xlcheck.formats.format2021 import FORMAT_2021
from xlcheck.formats.spec import Grid, layout, parse_a1

LAYOUT = layout(FORMAT_2021)
LABELS = Counter(lb.text for lb in LAYOUT.labels)


def grid(table: str) -> Grid:
    return next(b for s in FORMAT_2021.sheets for b in s.blocks if isinstance(b, Grid) and b.table == table)


def test_table3_rows_are_the_official_25_in_order():
    assert [r.path for r in grid("t3").rows] == list(T3_ROWS.values())
    assert [r.key for r in grid("t3").rows] == list(T3_ROWS)


def test_table3_columns_are_the_official_7_in_order_under_their_headers():
    assert [c.path[-1] for c in grid("t3").cols] == T3_COLS
    assert all(c.path[0] == T3_HEADERS[0] for c in grid("t3").cols)
    assert [c.path[1] for c in grid("t3").cols if len(c.path) == 3] == [T3_HEADERS[1]] * 5
    assert grid("t3").corner == T3_NOTE


def test_table4_has_three_groups_of_five():
    expected = [(*path, label) for path in T4_GROUPS.values() for label in T4_RESULTS.values()]
    assert [c.path for c in grid("t4").cols] == expected


def test_table2_blocks_match_the_2021_format():
    blocks = [b for s in FORMAT_2021.sheets for b in s.blocks if isinstance(b, Grid) and b.table == "t2"]
    assert {b.caption: ([c.path[-1] for c in b.cols], [r.path[-1] for r in b.rows]) for b in blocks} == T2_BLOCKS


def test_every_official_label_is_printed():
    assert [label for label in every_label() if label not in LABELS] == []


def test_row_labels_that_locate_a_cell_are_printed_once():
    for path in T3_ROWS.values():
        assert LABELS[path[-1]] == 1, path[-1]
    for _, rows in T2_BLOCKS.values():
        for row in rows:
            assert LABELS[row] == 1, row


def test_fields_have_unique_ids_and_cells():
    cells = Counter((f.sheet, f.cell) for f in LAYOUT.fields.values())
    assert max(cells.values()) == 1
    assert sum(1 for f in LAYOUT.fields if f.startswith("t3.")) == 25 * 7
    assert sum(1 for f in LAYOUT.fields if f.startswith("t4.")) == 15
    assert sum(1 for f in LAYOUT.fields if f.startswith("t2.")) == 10


def test_no_field_sits_on_a_label():
    labels = {(lb.sheet, lb.cell) for lb in LAYOUT.labels}
    assert not labels & {(f.sheet, f.cell) for f in LAYOUT.fields.values()}


def test_rule_instances_per_format_md():
    per_rule = Counter(c.rule for c in LAYOUT.checks)
    assert per_rule == {"T3-ROWTOTAL": 25, "T3-OUTCOMES": 7, "T3-BALANCE": 7, "T4-TOTAL": 3}


def test_blamed_cells_per_format_md():
    blamed: dict[str, set[str]] = {}
    for c in LAYOUT.checks:
        blamed.setdefault(c.rule, set()).add(LAYOUT.fields[c.blame].cell)
    assert blamed["T3-ROWTOTAL"] == {f"J{r}" for r in range(5, 30)}  # each row's 总计
    assert blamed["T3-OUTCOMES"] == {f"{c}28" for c in "DEFGHIJ"}  # each column's （七）总计
    assert blamed["T3-BALANCE"] == {f"{c}29" for c in "DEFGHIJ"}  # each column's 四、结转下年度继续办理
    assert blamed["T4-TOTAL"] == {"E5", "J5", "O5"}  # each group's 总计


def test_outcomes_rule_adds_exactly_the_21_outcome_rows():
    check = next(c for c in LAYOUT.checks if c.rule == "T3-OUTCOMES")
    rows = [fid.split(".")[1] for fid in check.right]
    assert rows == [k for k in T3_ROWS if k not in ("new", "carried_in", "total", "carry_out")]
    assert len(rows) == 21


def test_total_formulas_are_the_rules_sums():
    assert LAYOUT.formula("t3.new.total") == "=SUM(D5:I5)"
    assert LAYOUT.formula("t3.total.natural") == "=SUM(D7:D27)"
    assert LAYOUT.formula("t3.total.total") == "=SUM(D28:I28)"  # the row sum wins the corner
    assert LAYOUT.formula("t4.suit_direct_total") == "=SUM(F5:I5)"
    assert LAYOUT.formula("t3.new.natural") is None
    assert len(LAYOUT.totals) == 25 + 6 + 3


def test_every_rule_has_an_entry_in_the_catalog():
    ids = {r.id for r in FORMAT_2021.rules}
    assert {c.rule for c in LAYOUT.checks} <= ids
    assert {f.blank_rule for f in LAYOUT.fields.values() if f.blank_rule} <= ids
    assert {c.rule for c in LAYOUT.cross_checks} <= ids
    assert ids == {
        "LAYOUT",
        "T3-BALANCE",
        "T3-ROWTOTAL",
        "T3-OUTCOMES",
        "T4-TOTAL",
        "NUM-COUNT",
        "NUM-AMOUNT",
        "CELL-BLANK",
        "CELL-TEXTNUM",
        "CELL-FORMULA",
        "META-YEAR",
        "META-AGENCY",
        "SEC-TEXT",
        "SEC6-FEE",
        "TEXT-TABLE",
        "XYEAR-CARRY",
        "XYEAR-VALID",
        "AGG-SUM",
        "EXPLAIN-UNUSED",  # issue 8: an explanation (情况说明) that explains no warning
        "PUB-LATE",
    }


def test_a1_round_trip():
    assert parse_a1("J14") == (14, 10)
    assert parse_a1("$AB$3") == (3, 28)
