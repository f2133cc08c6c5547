"""What a cleaned document says, in the shape of a report file: title, year, kind, bureau,
outline, figures with their units and where they were found, indicator and task tables,
score and grade, problems and measures. Nothing is invented: what is not found stays out
(draft.py writes a placeholder for what the schema requires)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..kinds import kind_of_title
from .cleaning import HEADING_MARK, Para
from .documents import Table

MONEY_UNITS = ("亿元", "万元", "千元", "元")
UNITS = tuple(sorted((
    *MONEY_UNITS, "个百分点", "%", "％", "‰", "人次", "件次", "场次", "户次", "批次", "个月",
    "人", "件", "宗", "场", "次", "个", "项", "份", "户", "名", "家", "期", "篇", "条", "所", "室",
    "栋", "间", "本", "部", "批", "天", "小时", "分", "万份", "万人次", "万人", "万宗", "万件", "册",
    "轮", "箱", "件/次", "张", "台", "套", "辆", "起", "类", "单", "例", "处", "座", "支", "队", "岁",
    "公斤", "封", "面", "幅", "门", "节", "课时", "学时"), key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Spaces only after a qualifier: a pattern that could start with a run of spaces would be tried
# from each of them (quadratic time on a line of spaces).
FIGURE = re.compile(rf"(?:(?P<before>约|近|超过|逾|达|第)\s*)?(?<![\d.,])(?P<number>{_NUMBER})\s*(?P<after>余|多)?\s*"
                    rf"[（(]?(?P<unit>{'|'.join(re.escape(u) for u in UNITS)}|名|位)[）)]?(?P<tail>以上|以下|左右)?")
_CLAUSE_END = "，。；：、,;:（）()【】！？!?\n"  # quotation marks stay: “三公”经费 is one name
_LEAD = re.compile(r"^(其中|具体情况如下|具体如下|包括|全年|全区|全市|本年度|本年|年度|累计|共计|共|合计|总计|"
                   r"我局|我区|\d{4}\s*年度?|截至\S*?(?=[\u4e00-\u9fff])|[\u4e00-\u9fff]{2,12}?司法局(?:本级)?)+")
_TRAIL = re.compile(r"(为|是|达到|达|共计|共|合计|约|近|超过|累计|计|有|了|至|到)+$")
_YEAR = re.compile(r"(20\d{2})\s*年")
LEVELS = [(re.compile(r"[一二三四五六七八九十]{1,3}[、.．]"), 2),
          (re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]"), 3)]


@dataclass(frozen=True)
class Found:
    """A figure as the document states it, and where."""

    label: str
    value: str  # the number without thousands separators, digits as published
    unit: str
    written: str | None  # the whole phrase, where it says more than the number (约, 余, 以上)
    page: int
    sentence: str  # a short piece of the sentence, for the editor to find it
    money: bool


@dataclass
class Section:
    heading: str
    level: int  # 2 for 一、, 3 for （一）, 4 below
    paragraphs: list[Para] = field(default_factory=list)


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    name: str
    period_target: str | None
    target: str
    actual: str | None


@dataclass(frozen=True)
class Task:
    name: str
    content: str | None
    funds: str | None
    expected: str | None


@dataclass
class Recognised:
    title: str | None = None
    year: int | None = None
    kind: str | None = None
    bureau: str | None = None  # an id from content/bureaus/
    bureau_name: str | None = None  # as the document names it, when no bureau file matched
    sections: list[Section] = field(default_factory=list)
    money: dict[str, list[Found]] = field(default_factory=dict)  # caption → figures
    results: dict[str, list[Found]] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    score: str | None = None
    grade: str | None = None
    functions: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)


def number_text(text: str) -> str:
    """A number as the schema wants it: half-width, no thousands separators, decimals as written."""
    return unicodedata.normalize("NFKC", text).replace(",", "")


def _label(sentence: str, start: int) -> str:
    clause_start = max(sentence.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    label = sentence[clause_start:start].strip()
    for _ in range(3):
        label = _TRAIL.sub("", _LEAD.sub("", label).strip()).strip()
    if not re.search(r"[\u4e00-\u9fff]", label):  # "，共 692 件": the clause before names it
        before = sentence[:max(clause_start - 1, 0)]
        previous = max(before.rfind(c) for c in _CLAUSE_END) + 1
        label = _TRAIL.sub("", _LEAD.sub("", before[previous:]).strip())
    return label[-30:]


def sentences(text: str) -> Iterator[str]:
    for piece in re.findall(r"[^。；！？]*[。；！？]?", text):
        if piece.strip():
            yield piece


def figures_in(text: str, page: int) -> list[Found]:
    """Every number with a unit in a paragraph, labelled by the words before it."""
    found = []
    for sentence in sentences(text):
        matches = [m for m in FIGURE.finditer(sentence) if not _is_date_or_code(sentence, m)]
        money = any(m["unit"] in MONEY_UNITS for m in matches)
        for match in matches:
            if match["unit"] == "位" and match["before"] != "第":
                continue  # 位 counts only as a rank: 第4位
            unit = "%" if match["unit"] == "％" else match["unit"]
            number = number_text(match["number"])
            # 约, 近, 余, 以上 … say more than the number: the phrase is kept as written.
            qualified = match["before"] in ("约", "近", "超过", "逾", "第") or match["after"] or match["tail"]
            written = match[0].strip() if qualified else None
            context = sentence[max(0, match.start() - 24):match.end() + 8].strip()
            found.append(Found(_label(sentence, match.start()) or "【待填写：名称】", number, unit, written, page,
                               context, money))
    return found


def _is_date_or_code(sentence: str, match: re.Match[str]) -> bool:
    """2023 年 and 12345 热线 are not figures; nor a number inside 〔2021〕5号."""
    after = sentence[match.end("number"):match.end("number") + 2]
    before = sentence[:match.start("number")].rstrip()[-1:]
    code = before in ("〔", "[", "第") and match["unit"] not in ("名", "位")
    return after.strip().startswith(("年", "号", "月")) or code


# ---- tables ------------------------------------------------------------------------

def _is_number(cell: str) -> bool:
    return re.fullmatch(rf"\s*({_NUMBER})\s*%?\s*", number_text(cell)) is not None


def _header_index(rows: tuple[tuple[str, ...], ...], *words: str) -> int | None:
    for n, row in enumerate(rows[:3]):
        joined = "".join(row)
        if all(w in joined for w in words):
            return n
    return None


def _column(header: tuple[str, ...], *words: str) -> int | None:
    return next((i for i, cell in enumerate(header) if any(w in cell for w in words)), None)


def indicators_from(table: Table) -> list[Indicator]:
    at = _header_index(table.rows, "一级", "三级")
    if at is None:
        return []
    header = table.rows[at]
    c1, c2, c3 = _column(header, "一级"), _column(header, "二级"), _column(header, "三级")
    period = _column(header, "实施周期")
    target = next((i for i, c in enumerate(header) if ("年度" in c or "目标" in c or "指标值" in c)
                   and i not in (c1, c2, c3, period)), None)
    actual = _column(header, "实际", "完成值", "实现值")
    found, level1, level2 = [], "", ""

    def cell(row: tuple[str, ...], i: int | None) -> str:
        return row[i].strip() if i is not None and i < len(row) else ""

    for row in table.rows[at + 1:]:
        level1 = cell(row, c1) or level1
        level2 = cell(row, c2) or (level2 if not cell(row, c1) else "")
        name = cell(row, c3)
        if name and cell(row, target):
            found.append(Indicator(level1 or "【待填写：一级指标】", level2, name, cell(row, period) or None,
                                   cell(row, target), cell(row, actual) or None))
    return found


TASKS_HEADING = "实施内容"  # in the header row of a 重点工作任务 table


def task_rows(rows: Iterable[tuple[str, ...]], section: str) -> list[Task]:
    """Tasks read by what each cell holds rather than where it stands, since a table continued on
    the next page may come out with its columns shifted: the name, the content, the planned funds
    (a number) and the expected result after it. The section's own label cell is skipped."""
    tasks = []
    for row in rows:
        cells = [c.strip() for c in row if c.strip() and c.strip() != section]
        texts = [c for c in cells if not _is_number(c)]
        if len(texts) < 2 or len(texts[0]) > 40:
            continue
        funds = next((n for n, c in enumerate(cells) if _is_number(c)), None)
        after = [c for c in cells[funds + 1:] if not _is_number(c)] if funds is not None else texts[2:]
        tasks.append(Task(texts[0], texts[1], number_text(cells[funds]) if funds is not None else None,
                          after[0] if after else None))
    return tasks


def tasks_from(table: Table, continued: str | None = None) -> tuple[list[Task], str | None]:
    """A 重点工作任务 table's tasks, and its section label for a continuation on the next page
    (continued: the label of the table before, when it was one)."""
    at = next((n for n, row in enumerate(table.rows) if any(TASKS_HEADING in c for c in row)), None)
    if at is None:
        if continued is None:
            return [], None
        return task_rows(table.rows, continued), continued
    header = table.rows[at]
    section = header[0].strip() if header and TASKS_HEADING not in header[0] and "名称" not in header[0] else ""
    end = next((n for n in range(at + 1, len(table.rows)) if table.rows[n][0].strip() not in ("", section)),
               len(table.rows))
    return task_rows(table.rows[at + 1:end], section), section


def table_figures(table: Table, money_unit: str) -> list[Found]:
    """Numbers in a table: a label cell followed by its number (a form of pairs), or a grid
    of row labels by column headers. The unit comes from a header's (万元) or the cell."""
    rows = table.rows
    header_rows = []
    for row in rows:
        if any(_is_number(c) for c in row):
            break
        header_rows.append(row)
    columns = [" ".join(dict.fromkeys(h[i] for h in header_rows if i < len(h) and h[i])) for i in
               range(max((len(r) for r in rows), default=0))]
    whole = "".join(c for row in rows for c in row)
    found = []
    for row in rows[len(header_rows):]:
        label = next((c for c in row if c and not _is_number(c)), "")
        for i, cell in enumerate(row):
            if i == 0 or not _is_number(cell):
                continue
            left = row[i - 1].strip()
            column = columns[i] if i < len(columns) else ""
            # A form gives label, number, label, number; a grid gives a row label and a column header.
            name = left if left and not _is_number(left) and (i > 1 or not column) else f"{label} {column}".strip()
            value = number_text(cell).strip()
            unit = "%" if value.endswith("%") else _unit_of(column, whole, money_unit)
            found.append(Found(name or "【待填写：名称】", value.rstrip("%").strip(), unit, None, table.page,
                               " ".join(row)[:40], unit in MONEY_UNITS))
    return found


def _in_tasks(found: Found, tasks: list[Task]) -> bool:
    """A task's planned funds are the task's, not a figure of its own."""
    return any(t.funds == found.value and t.name in found.sentence for t in tasks)


def _unit_of(column: str, whole: str, money_unit: str) -> str:
    """A column's unit: written in its header, or clear from its name; otherwise left to the editor."""
    unit = re.search(r"[（(](万元|元|亿元|%|％|个|人|件)[）)]", column)
    if unit:
        return "%" if unit[1] == "％" else unit[1]
    if any(w in column for w in ("比例", "占比", "率")):
        return "%"
    if any(w in column for w in ("金额", "资金", "预算", "支出", "收入")):
        return "万元" if "万元" in whole else money_unit
    if "得分" in column or "分值" in column:
        return "分"
    return "【待填写：单位】"


# ---- the whole document ---------------------------------------------------------------

# The money tables of a draft, by the first word a figure's label (or else its sentence) holds.
MONEY_TABLES = [("收入", "收入"), ("采购", "政府采购"), ("三公", "“三公”经费"), ("资产", "资产"), ("结转", "结转结余"),
                ("预算", "预算与执行"), ("执行", "预算与执行"), ("支出", "支出")]


def money_table(found: Found) -> str:
    """The caption of the money table a figure goes in."""
    for text in (found.label, found.sentence):
        caption = next((caption for word, caption in MONEY_TABLES if word in text), None)
        if caption:
            return caption
    return "其他资金数字"


def _bureau(text: str, bureaus: Mapping[str, tuple[str, str]]) -> str | None:
    """The bureau whose full (or else short) name the text names first and longest."""
    best: tuple[int, int, str] | None = None
    for bureau_id, names in bureaus.items():
        for weight, name in enumerate(names):
            at = text.find(name)
            if at >= 0 and (best is None or (weight, at, -len(name)) < (best[0], best[1], -len(bureaus[best[2]][0]))):
                best = (weight, at, bureau_id)
    return best[2] if best else None


def _level(text: str) -> int:
    for pattern, level in LEVELS:
        if pattern.match(text):
            return level
    return 4


def recognise(items: list[Para | Table], bureaus: Mapping[str, tuple[str, str]]) -> Recognised:
    """bureaus: each known bureau's (full name, short name), by id."""
    out = Recognised()
    paras = [p for p in items if isinstance(p, Para)]
    opening = [p.text for p in paras[:8]]
    at = next((n for n, t in enumerate(opening) if re.search("报告|申报表|自评表", t)), None)
    out.title = opening[at] if at is not None else (opening[0] if opening else None)
    if at and len(opening[at - 1]) <= 30 and re.search(r"司法局|\d{4}\s*年", opening[at - 1]) \
            and not re.search("[。；：:]$", opening[at - 1]):
        out.title = opening[at - 1] + opening[at]  # a title broken over two lines of the cover
    head = " ".join(opening)
    year = _YEAR.search(out.title or "") or _YEAR.search(head)
    out.year = int(year[1]) if year else None
    out.kind = kind_of_title(out.title or "") or kind_of_title(head)
    out.bureau = _bureau(out.title or "", bureaus) or _bureau(head, bureaus)
    if out.bureau is None:
        named = re.search(r"([\u4e00-\u9fff]{2,20}?司法局(?:本级)?)", out.title or head)
        out.bureau_name = named[1] if named else None
    money_unit = "元" if re.search(r"金额单位[：:]\s*元|单位[：:]\s*元(?!\S*万)", head) else "万元"
    section: Section | None = None
    task_section: str | None = None  # the last table was a task table: the next one may continue it
    for item in items:
        if isinstance(item, Table):
            indicators = indicators_from(item)
            tasks, task_section = tasks_from(item, task_section) if not indicators else ([], None)
            out.indicators += indicators
            out.tasks += tasks
            if not indicators:
                _file(out, [f for f in table_figures(item, money_unit) if not _in_tasks(f, tasks)], section)
            continue
        if item.heading and item.text != out.title:
            task_section = None  # a task table continues over a page break, not past a heading
            section = Section(item.text, _level(item.text))
            out.sections.append(section)
            continue
        if section is not None:
            section.paragraphs.append(item)
        _file(out, figures_in(item.text, item.page), section)
    _score(out, " ".join(p.text for p in paras))
    _lists(out)
    return out


def _file(out: Recognised, found: Iterable[Found], section: Section | None) -> None:
    for figure in found:
        if figure.money:
            out.money.setdefault(money_table(figure), []).append(figure)
        else:
            caption = HEADING_MARK.sub("", section.heading, count=1).rstrip("。：:") if section else "工作成效"
            out.results.setdefault(caption or "工作成效", []).append(figure)


_SCORE = re.compile(r"(?:自评|评价|综合|绩效)(?:总)?(?:得分|分值|结果|总分)(?:为|是|：|:)?\s*(\d+(?:\.\d+)?)\s*分")
_GRADE = re.compile(r"(?:自评|评价)(?:结果|等级|等次)(?:为|是|：|:|评定为)?\s*[“\"「]?"
                    r"(优秀|优|良好|良|中等|中|合格|不合格|差)(?![奖])")


def _score(out: Recognised, text: str) -> None:
    """The whole bureau's score: a sentence about the 整体 (overall) result before any other."""
    scores = list(_SCORE.finditer(text))
    overall = [m for m in scores if re.search("整体|部门|总体|综合", text[max(0, m.start() - 40):m.start()])]
    if overall or scores:
        out.score = (overall or scores)[0][1]
    grade = _GRADE.search(text)
    if grade:
        out.grade = grade[1]


PROBLEMS = re.compile("问题")
MEASURES = re.compile("措施|建议|改进|下一步|计划|打算")
_SIGNATURE = re.compile(r"[\u4e00-\u9fff（）()]{2,30}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _lists(out: Recognised) -> None:
    """Functions, problems and measures: the paragraphs of the sections that hold them. Problems
    and measures come from the highest-level section whose heading names them, so a sub-item
    such as (1) 制度措施健全性 is not taken for the measures."""

    def items_of(n: int) -> list[str]:
        """A section's own paragraphs and those of the subsections under it."""
        section, items = out.sections[n], []
        for sub in out.sections[n:]:
            if sub is not section and sub.level <= section.level:
                break
            if sub is not section:
                items.append(sub.heading)
            items += [p.text for p in sub.paragraphs if not _SIGNATURE.fullmatch(p.text)]
        return items

    for n, section in enumerate(out.sections):
        if not out.functions and (re.search("职能|职责", section.heading) or _duties(section.paragraphs)):
            for text in items_of(n):
                mark = HEADING_MARK.match(text)
                if mark:
                    out.functions.append((mark[0].strip(), text[mark.end():].strip()))
    for pattern, name in ((PROBLEMS, "problems"), (MEASURES, "measures")):
        named = [(s.level, n) for n, s in enumerate(out.sections) if pattern.search(s.heading)]
        if named:
            setattr(out, name, _items(items_of(min(named)[1])))


_DUTY = re.compile(r"(负责|承担|指导|组织|拟订|拟定|推动|推进|完成|协助|管理|监督|贯彻|受理|统筹|参与|办理)")


def _duties(paragraphs: list[Para]) -> bool:
    """A list of functions under another heading (部门概况): three numbered items or more, most
    of them opening with a duty's verb (负责, 承担, 指导 …)."""
    marked = [HEADING_MARK.match(p.text) for p in paragraphs]
    openings = [p.text[m.end():m.end() + 2] for p, m in zip(paragraphs, marked, strict=True) if m]
    return len(openings) >= 3 and sum(1 for o in openings if _DUTY.match(o)) >= 0.6 * len(openings)


def _items(paragraphs: list[str]) -> list[str]:
    """List items: each paragraph, and a paragraph counting 一是…二是… split at each count."""
    items = []
    for text in paragraphs:
        parts = re.split(r"[，。；;]\s*(?=[二三四五六七八九十]是)", text) if "二是" in text else [text]
        items += [part.strip() for part in parts if part.strip()]
    return items
