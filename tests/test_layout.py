"""Rule-less tables rebuilt from word positions (generator/importing/layout.py), on pages laid out
by hand: 8 pt characters, rows 14 pt apart, a wrapped cell's lines 10 pt apart."""

from __future__ import annotations

import pytest

from generator.importing.layout import tables

pytestmark = pytest.mark.unit
SIZE = 8.0


def word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + SIZE * len(text), "top": top, "bottom": top + SIZE}


def centred(text: str, middle: float, top: float) -> dict:
    return word(text, middle - SIZE * len(text) / 2, top)


def rows_of(words: list[dict]) -> list[tuple[str, ...]]:
    found = tables(words)
    assert len(found) == 1, found
    return [tuple(row) for row in found[0].rows]


def test_prose_is_left_as_lines():
    paragraph = [word("一、部门基本情况及本年度工作任务完成情况如下所述", 50, 100 + 12 * n) for n in range(8)]
    assert tables(paragraph) == []


def test_a_label_merged_over_four_rows_goes_to_the_first_of_them():
    # 产出指标 sits between the second and third of its four rows, as a centred merged cell does
    words = [word(t, x, 100) for t, x in (("一级指标", 50), ("三级指标", 120), ("指标值", 250))]
    for n, (name, value) in enumerate((("案件数", "1200"), ("驻点数", "15"), ("合格率", "95%"), ("时限", "7日"))):
        words += [word(name, 120, 114 + 14 * n), word(value, 250, 114 + 14 * n)]
    words.append(word("产出指标", 50, 114 + 14 * 1.5))
    words += [word("满意度", 120, 170), word("95%", 250, 170), word("满意度指标", 50, 170)]
    assert rows_of(words) == [("一级指标", "三级指标", "指标值"), ("产出指标", "案件数", "1200"), ("", "驻点数", "15"),
                              ("", "合格率", "95%"), ("", "时限", "7日"), ("满意度指标", "满意度", "95%")]


def test_top_aligned_labels_stay_where_they_are():
    words = [word(t, x, 100) for t, x in (("一级指标", 50), ("三级指标", 120), ("指标值", 250))]
    for n, (name, value) in enumerate((("案件数", "1200"), ("驻点数", "15"), ("满意度", "95%"))):
        words += [word(name, 120, 114 + 14 * n), word(value, 250, 114 + 14 * n)]
    words += [word("产出指标", 50, 114), word("满意度指标", 50, 142)]
    assert rows_of(words) == [("一级指标", "三级指标", "指标值"), ("产出指标", "案件数", "1200"), ("", "驻点数", "15"),
                              ("满意度指标", "满意度", "95%")]


def test_a_wrapped_cell_is_one_cell_and_its_row_reads_across():
    words = [word(t, x, 100) for t, x in (("三级指标", 50), ("指标值", 180), ("偏差原因", 250))]
    words += [word("法律援助案件质量", 50, 114), word("评查合格率", 50, 124),
              word("95%", 180, 119), word("宣传不足，", 250, 114), word("已整改。", 250, 124)]
    words += [word("时限", 50, 138), word("7日", 180, 138), word("/", 250, 138)]
    assert rows_of(words) == [("三级指标", "指标值", "偏差原因"),
                              ("法律援助案件质量评查合格率", "95%", "宣传不足，已整改。"), ("时限", "7日", "/")]


def test_a_label_over_two_rows_never_joins_them():
    # 项目资金（万元） overlaps both fund rows; each row keeps its own figures
    words = [word("项目负责人", 50, 86), word("陈明", 200, 86), word("财务负责人", 250, 86), word("李华", 300, 86)]
    words += [word(t, x, 100) for t, x in (("年初预算数", 200), ("全年执行数", 300))]
    words += [word("项目资金", 50, 116), word("（万元）", 50, 126)]
    words += [word("年度资金总额", 100, 119), word("85.00", 200, 119), word("90.37", 300, 119)]
    words += [word("其中：财政拨款", 100, 133), word("85.00", 200, 133), word("83.12", 300, 133)]
    words += [word("上年结转资金", 100, 147), word("0.00", 200, 147), word("7.25", 300, 147)]
    found = rows_of(words)
    assert [row[1:] for row in found[1:]] == [("", "年初预算数", "全年执行数"), ("年度资金总额", "85.00", "90.37"),
                                              ("其中：财政拨款", "85.00", "83.12"), ("上年结转资金", "0.00", "7.25")]
    assert [row[0] for row in found] == ["项目负责人", "项目资金（万元）", "", "", ""]  # at the top of its rows


def test_centred_cells_are_placed_by_their_middles():
    words = []
    for n, (name, unit, value) in enumerate((("三级指标", "度量单位", "指标值"), ("法律援助案件数", "件", "1200"),
                                             ("合格率", "%", "95%"), ("时限", "日", "7日"))):
        words += [centred(name, 100, 100 + 14 * n), centred(unit, 200, 100 + 14 * n), centred(value, 280, 100 + 14 * n)]
    assert rows_of(words) == [("三级指标", "度量单位", "指标值"), ("法律援助案件数", "件", "1200"),
                              ("合格率", "%", "95%"), ("时限", "日", "7日")]


def test_a_space_inside_a_cell_is_kept_and_a_wide_gap_parts_two_cells():
    words = []
    for n in range(3):
        words += [word("≥", 50, 100 + 14 * n), word(f"9{n}%", 50 + SIZE + 2.5, 100 + 14 * n),
                  word("件", 150, 100 + 14 * n)]
    assert rows_of(words) == [("≥ 90%", "件"), ("≥ 91%", "件"), ("≥ 92%", "件")]
