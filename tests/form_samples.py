"""Project forms as bureaus publish them, made from a reviewed project report: the national
template's layout (facts, a funds table, 一级/二级 cells merged down over their indicators, the
总分) written as an Excel sheet with merged cells and formatted numbers, a web page with
rowspan and colspan, a Word table with merged cells, and a PDF printed by chromium from the page.
Several forms can go into one file, one after another, as bureaus post them."""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.domain import model as m
from generator.domain.numbers import plain

WIDTH = 10


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    number_format: str | None = None  # how an Excel sheet shows it: the text is what it displays


def _figure(f: m.Figure | None) -> Cell:
    if f is None:
        return Cell("/")
    text = plain(f.value) + ("%" if f.unit == "%" else "")
    exponent = f.value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = ("0." + "0" * decimals if decimals else "0") + ("%" if f.unit == "%" else "")
    return Cell(text, number_format=pattern)


def _number(value: Decimal | None) -> Cell:
    if value is None:
        return Cell("/")
    return _figure(m.Figure(id="x", label="", value=value, unit="分", written=None, parts=(), ratio=(), measure=None,
                            note=None, over_100=False, pos=(0, 0), at={}))


def form_rows(report: m.Report) -> list[list[Cell]]:
    """The form as rows of cells, each row WIDTH columns wide counting spans and cells covered from above."""
    p = report.project
    assert p is not None
    results = report.kind.reports_actuals
    rows: list[list[Cell]] = [[Cell("项目名称", 2), Cell(f"{p.code}-{p.name}" if p.code else p.name, 8)],
                              [Cell("主管部门", 2), Cell(p.department or "/", 3), Cell("实施单位", 2),
                               Cell(p.implementer or "/", 3)]]
    if p.attribute or p.period:
        rows.append([Cell("项目属性", 2), Cell(p.attribute or "/", 3), Cell("项目期", 2), Cell(p.period or "/", 3)])
    if p.manager or p.finance_manager:
        rows.append([Cell("项目负责人", 2), Cell(p.manager or "/", 3), Cell("财务负责人", 2),
                     Cell(p.finance_manager or "/", 3)])
    funds = report.funds
    if funds is not None:
        span = (WIDTH - 4) // len(funds.columns)
        rest = WIDTH - 4 - span * len(funds.columns)
        rows.append([Cell("项目资金（万元）", 1, len(funds.rows) + 1), Cell("", 3 + rest),
                     *(Cell(c, span) for c in funds.columns)])
        for row in funds.rows:
            rows.append([Cell(row.label, 3 + rest), *(Cell(_figure(c).text, span, 1, _figure(c).number_format)
                                                      for c in row.cells)])
    overall = report.targets.overall if report.targets else None
    if overall:
        if "实际完成情况：" in overall:
            expected, actual = overall.split("实际完成情况：", 1)
            rows += [[Cell("年度总体目标", 1, 2), Cell("预期目标", 5), Cell("实际完成情况", 4)],
                     [Cell(expected.removeprefix("预期目标：").strip(), 5), Cell(actual.strip(), 4)]]
        else:
            rows.append([Cell("年度总体目标", 1), Cell(overall.strip(), 9)])
    if results:
        rows.append([Cell(h) for h in ("一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位",
                                       "实际完成值", "分值", "得分", "偏差原因分析及改进措施")])
    else:
        rows.append([Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标性质"), Cell("指标值", 3),
                     Cell("度量单位", 3)])
    for block in report.targets.indicators if report.targets else ():
        count = sum(len(g.items) for g in block.groups)
        first_of_block = True
        for group in block.groups:
            for n, item in enumerate(group.items):
                row: list[Cell] = []
                if first_of_block:
                    row.append(Cell(block.level1, 1, count))
                    first_of_block = False
                if n == 0:
                    row.append(Cell(group.level2 or "", 1, len(group.items)))
                row += [Cell(item.name), Cell(item.nature or "/")]
                if results:
                    row += [Cell(item.target or "/"), Cell(item.unit or "/"), Cell(item.actual or "/"),
                            _number(item.weight), _number(item.points), Cell(item.deviation or "/")]
                else:
                    row += [Cell(item.target or "/", 3), Cell(item.unit or "/", 3)]
                rows.append(row)
    if results and report.score is not None:
        rows.append([Cell("总分", 7), Cell("100"), _number(report.score.value), Cell("")])
        if report.score.grade:
            rows.append([Cell("自评等级", 2), Cell(report.score.grade, 8)])
    for label, items in (("存在问题", report.problems), ("改进措施", report.measures)):
        if items:
            rows.append([Cell(label, 2), Cell("".join(i.text for i in items), 8)])
    return rows


def page_html(reports: list[m.Report]) -> str:
    body = []
    for report in reports:
        body.append(f"<h2>{html.escape(report.title)}</h2><table>")
        for row in form_rows(report):
            cells = "".join(f"<td{f' colspan={c.colspan}' if c.colspan > 1 else ''}"
                            f"{f' rowspan={c.rowspan}' if c.rowspan > 1 else ''}>{html.escape(c.text)}</td>"
                            for c in row)
            body.append(f"<tr>{cells}</tr>")
        body.append("</table>")
    return ("<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>项目支出绩效表</title>"
            "<style>body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;font-size:10pt;}"
            "table{border-collapse:collapse;width:100%;page-break-after:always;}"
            "td{border:1px solid #000;padding:2pt;font-size:8pt;}</style></head><body>"
            + "".join(body) + "</body></html>")


def _placed(rows: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, skipping the columns covered by a rowspan from above."""
    covered: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def write_xlsx(reports: list[m.Report], out: Path, one_sheet: bool = True) -> None:
    """Each form under its merged title row; all on one sheet, or a sheet each."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    top = 1
    for n, report in enumerate(reports):
        if n and not one_sheet:
            sheet, top = book.create_sheet(), 1
        sheet.cell(top, 1, report.title)
        sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=WIDTH)
        rows = form_rows(report)
        for r, c, cell in _placed(rows):
            target = sheet.cell(top + 1 + r, 1 + c)
            if cell.number_format is not None:
                value = Decimal(cell.text.rstrip("%"))
                target.value = float(value / 100 if cell.text.endswith("%") else value)
                target.number_format = cell.number_format
            else:
                target.value = cell.text or None
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(start_row=top + 1 + r, start_column=1 + c, end_row=top + r + cell.rowspan,
                                  end_column=c + cell.colspan)
        top += len(rows) + 3
    book.save(str(out))


def write_docx(reports: list[m.Report], out: Path) -> None:
    import docx

    document = docx.Document()
    for report in reports:
        document.add_paragraph(report.title)
        rows = form_rows(report)
        table = document.add_table(rows=len(rows), cols=WIDTH)
        for r, c, cell in _placed(rows):
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = cell.text
    document.save(str(out))


def write_html(reports: list[m.Report], out: Path) -> None:
    out.write_text(page_html(reports), "utf-8")


RULES = {"ruled": "border:1px solid #000;", "no rules": "border:none;",
         "no rules, centred": "border:none;text-align:center;"}


def print_pdf(reports: list[m.Report], out: Path, browser: Any, rules: str = "ruled") -> None:
    """Without rules (as many bureaus' PDFs are) the text layer runs cells together on a line
    and splits long cells over several; centred cells share no left edge either."""
    page = browser.new_page()
    page.set_content(page_html(reports).replace("border:1px solid #000;", RULES[rules]))
    page.pdf(path=str(out), format="A4", margin={"top": "1.5cm", "bottom": "1.5cm", "left": "1.5cm", "right": "1.5cm"})
    page.close()
