"""Project forms (项目支出绩效自评表, 项目支出绩效目标申报表) read from a document's tables by their
labels: the project's facts, the funds table, the overall targets, the three-level indicators,
the 总分. A document may hold several forms one after another; each starts at its 项目名称.
Cells are read as written; `/`, `—`, `*` and blank are not given, never 0."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..domain.projects import fund_columns, is_blank
from ..kinds import KINDS, kind_of_title
from .documents import Document, Line, Table

Row = tuple[int, tuple[str, ...]]  # page, cells

FACTS = (("项目名称", "name"), ("主管部门", "department"), ("实施单位", "implementer"), ("项目属性", "attribute"),
         ("项目期", "period"), ("项目负责人", "manager"), ("财务负责人", "finance_manager"),
         ("自评等级", "grade"), ("评价等级", "grade"), ("绩效等级", "grade"),
         ("存在问题", "problems"), ("存在的问题", "problems"), ("改进措施", "measures"))
INDICATOR_COLUMNS = (("level1", ("一级指标",)), ("level2", ("二级指标",)), ("name", ("三级指标",)),
                     ("nature", ("指标性质",)), ("period_target", ("中期指标值", "实施期指标值")),
                     ("target", ("年度指标值", "指标值")), ("unit", ("度量单位", "计量单位")),
                     ("actual", ("实际完成值", "实际完成", "全年实际值")), ("weight", ("分值", "权重")),
                     ("points", ("得分",)), ("deviation", ("偏差原因", "未完成原因", "原因分析")))
NATURES = {"=": "=", "＝": "=", "≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", ">": ">", "＞": ">", "<": "<", "＜": "<",
           "定性": "定性"}
FUND_ROW = re.compile(r"资金|拨款|结转|其他|合计|总额|专户|单位资金")
ENDS = ("总分", "合计", "自评得分")
NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$|^-?\d+(?:\.\d+)?%?$")
CODE = re.compile(r"^[\[【(（]?([0-9A-Za-z][0-9A-Za-z\-]{5,})[\]】)）]?[\s\-—_：:]*")


@dataclass
class FormIndicator:
    level1: str
    level2: str | None
    name: str
    values: dict[str, str | None]  # nature, period_target, target, unit, actual, weight, points, deviation
    page: int


@dataclass
class ProjectForm:
    page: int
    title: str | None = None
    facts: dict[str, str] = field(default_factory=dict)
    code: str | None = None
    fund_columns: tuple[str, ...] = ()
    fund_rows: list[tuple[str, tuple[str | None, ...]]] = field(default_factory=list)
    overall: list[tuple[str, str]] = field(default_factory=list)  # (heading, text): 预期目标 …
    indicators: list[FormIndicator] = field(default_factory=list)
    total: str | None = None

    @property
    def kind(self) -> str:
        found = kind_of_title(self.title or "")
        if found and KINDS[found].per_project:
            return found
        scored = any(i.values.get("actual") or i.values.get("points") for i in self.indicators)
        return "project-self-evaluation" if scored or self.total else "project-targets"


def number(cell: str | None) -> str | None:
    """The number a cell holds, thousands separators and a trailing % aside; None if it holds none."""
    if cell is None:
        return None
    text = unicodedata.normalize("NFKC", cell).strip().replace("，", ",")  # full-width digits and ％
    return text.replace(",", "").rstrip("%") if NUMBER.match(text) else None


def _given(cell: str) -> str | None:
    return None if is_blank(cell) else cell.strip()


def _rows(document: Document) -> list[Row]:
    rows: list[Row] = []
    for block in document.blocks:
        if isinstance(block, Line):
            if block.text.strip():
                rows.append((block.page, (block.text.strip(),)))
        elif isinstance(block, Table):
            rows += [(block.page, tuple(c.strip() for c in row)) for row in block.rows if any(c.strip() for c in row)]
    return rows


def _label(cell: str) -> str:
    return re.sub(r"[\s:：（(].*$", "", cell) if cell else ""


def _fact(cells: tuple[str, ...], start: int) -> str | None:
    """The first filled cell after a label that is not a label itself."""
    for cell in cells[start + 1:]:
        if cell and not any(cell.startswith(word) for word, _ in FACTS):
            return cell
    return None


def _is_title(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) == 1 and "绩效" in filled[0] and ("表" in filled[0] or "报告" in filled[0])


def read_forms(document: Document) -> list[ProjectForm]:
    rows = _rows(document)
    starts = [n for n, (_, cells) in enumerate(rows) if any(c.startswith("项目名称") for c in cells)]
    forms = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(rows)
        title_at = next((n for n in range(start - 1, (starts[i - 1] if i else -1), -1) if _is_title(rows[n][1])), None)
        form = ProjectForm(rows[start][0], next(c for c in rows[title_at][1] if c) if title_at is not None else None)
        _read(form, rows[start:end])
        forms.append(form)
    if forms and forms[0].title is None:  # the document's own title, above the first form
        forms[0].title = next((next(c for c in cells if c) for _, cells in rows[:starts[0]] if _is_title(cells)), None)
    return forms


def _read(form: ProjectForm, rows: list[Row]) -> None:
    n = 0
    while n < len(rows):
        page, cells = rows[n]
        if fund_header(cells):
            n = _funds(form, rows, n)
            continue
        if _indicator_header(cells):
            n = _indicators(form, rows, n)
            continue
        overall = [c for c in cells if c in ("预期目标", "实际完成情况", "中期目标", "年度目标")]
        if len(overall) >= 2 and n + 1 < len(rows):
            below = rows[n + 1][1]
            for heading in overall:
                text = _below(cells.index(heading), below)
                if text:
                    form.overall.append((heading, text))
            n += 2
            continue
        for c, cell in enumerate(cells):
            for word, key in FACTS:
                if cell.startswith(word) and key not in form.facts:
                    value = _fact(cells, c)
                    if value:
                        form.facts[key] = value
        if any(_label(c) in ENDS for c in cells) and form.total is None:
            form.total = next((number(c) for c in reversed(cells) if number(c)), None)
        n += 1
    name = form.facts.get("name", "")
    code = CODE.match(name)
    if code and re.search(r"\d{4}", code[1]):
        form.code, form.facts["name"] = code[1], name[code.end():].strip()
    department = form.facts.get("department")
    if department:
        form.facts["department"] = CODE.sub("", department).strip() or department


def _below(column: int, cells: tuple[str, ...]) -> str | None:
    """The text under a heading: in its column, or the nearest filled one to its right."""
    for cell in cells[column:]:
        if cell:
            return cell
    return None


def fund_header(cells: tuple[str, ...]) -> bool:
    roles = fund_columns(cells)
    found = sum(1 for r in (roles.initial, roles.budget, roles.spent, roles.rate, roles.score) if r is not None)
    return found >= 3 or ("中期资金总额" in cells and "年度资金总额" in cells)


def _funds(form: ProjectForm, rows: list[Row], n: int) -> int:
    header = rows[n][1]
    columns = [c for c, cell in enumerate(header) if cell and (fund_columns((cell,)) != fund_columns(())
                                                                or "资金总额" in cell)]
    form.fund_columns = tuple(header[c] for c in columns)
    n += 1
    while n < len(rows):
        cells = rows[n][1]
        before = [c for c in cells[:columns[0]] if c]
        label = before[-1] if before else ""
        values = tuple(_given(cells[c]) if c < len(cells) else None for c in columns)
        if not FUND_ROW.search(label) or not any(v is not None and number(v) for v in values):
            break
        form.fund_rows.append((label, values))
        n += 1
    return n


def _indicator_header(cells: tuple[str, ...]) -> bool:
    return any(c.startswith("一级指标") for c in cells) and any(c.startswith("三级指标") for c in cells)


def _indicators(form: ProjectForm, rows: list[Row], n: int) -> int:
    header = rows[n][1]
    where: dict[str, int] = {}
    for c, cell in enumerate(header):
        for key, words in INDICATOR_COLUMNS:
            if key not in where and any(cell.startswith(w) or (w in cell and key != "target") for w in words):
                if key == "target" and ("中期" in cell or "实施期" in cell):
                    continue
                where[key] = c
                break
    level1 = level2 = ""
    n += 1
    while n < len(rows):
        page, cells = rows[n]
        if any(_label(c) in ENDS or c.startswith("项目名称") for c in cells) or _indicator_header(cells):
            break

        def at(key: str, cells: tuple[str, ...] = cells) -> str:
            c = where.get(key)
            return cells[c] if c is not None and c < len(cells) else ""

        if at("level1"):  # a new 一级 group; its 二级 starts again (merged cells repeat both)
            level1, level2 = at("level1"), at("level2")
        elif at("level2"):
            level2 = at("level2")
        name = at("name")
        if name and not is_blank(name):
            values: dict[str, str | None] = {k: _given(at(k)) for k in where if k not in ("level1", "level2", "name")}
            nature = values.get("nature")
            values["nature"] = NATURES.get(nature.replace(" ", "")) if nature else None
            form.indicators.append(FormIndicator(level1, level2 or None, name, values, page))
        n += 1
    return n
