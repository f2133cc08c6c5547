"""The draft report file: YAML an editor reviews, each imported figure with a comment saying
where it was found, and 【待填写】 wherever the document did not say what the schema needs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal

from ..kinds import KINDS
from .recognise import MONEY_UNITS, Found, Indicator, Recognised

PLACEHOLDER = "【待填写：{}】"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, length: int = 40) -> str:
    return " ".join(text.split()).replace("#", "＃")[:length]


MAX_PARTS = 6
PART_ROUNDING = Decimal("0.01")  # per part: within it a sum is the bureau's rounding, which validate notes


def _run_adding_to(total: Found, figures: list[Found], start: int) -> list[int]:
    """The figures from `start`, with the total's unit, that add up to it within rounding."""
    run: list[int] = []
    amount = Decimal(0)
    for m in range(start, min(len(figures), start + 2 * MAX_PARTS)):
        if figures[m].unit != total.unit:
            continue  # a share between the parts: 基本支出 4,764.05 万元，占比 78.52%，项目支出 …
        if len(run) == MAX_PARTS:
            break
        run.append(m)
        amount += Decimal(figures[m].value)
        if len(run) >= 2 and abs(amount - Decimal(total.value)) <= PART_ROUNDING * len(run):
            return run
    return []


def parts_of(figures: list[Found]) -> dict[int, list[list[int]]]:
    """Totals followed by the parts they are made of: the figures right after a total, with its
    unit, that add up to it within rounding. Writing `parts` lets validate check the sum, so an
    extraction mistake, or the source's own, shows at once. A total split a second way right
    after the first (基本/项目, then 按经济分类划分：工资福利、商品服务…) gets both runs."""
    found: dict[int, list[list[int]]] = {}
    used: set[int] = set()  # a figure is a part of one total only
    for n, total in enumerate(figures):
        if (total.unit not in MONEY_UNITS or not re.search("总|合计|本年|全年|收入|支出", total.label)
                or Decimal(total.value) == 0):
            continue  # not a total; or 0.00, which any zeros after it would "add up" to
        start = n + 1
        while (run := _run_adding_to(total, figures, start)) and not used.intersection(run):
            if n in found and not _another_split(total, [figures[i] for i in run], figures, found[n]):
                break
            found.setdefault(n, []).append(run)
            used.update(run)
            start = run[-1] + 1
    return found


def _another_split(total: Found, parts: list[Found], figures: list[Found], runs: list[list[int]]) -> bool:
    """Whether figures adding up to a total already split are a second split of it: real parts
    (none zero, none the whole: zeros left after the first list and the next total would add
    up too), and not the same parts written again (a copied sentence)."""
    if any(Decimal(p.value) == 0 or Decimal(p.value) >= Decimal(total.value) for p in parts):
        return False
    labels = {p.label for p in parts}
    return not any(labels & {figures[i].label for i in run} for run in runs)


def _figures(tables: dict[str, list[Found]], prefix: str, ids: set[str]) -> list[str]:
    lines = []
    for n, (caption, figures) in enumerate(tables.items(), 1):
        table_id = f"{prefix}-{n}"
        lines += [f"  - id: {table_id}", f"    caption: {quoted(caption)}", "    figures:"]
        figure_ids = [f"{table_id}-{len(ids) + k}" for k in range(1, len(figures) + 1)]
        ids.update(figure_ids)
        runs = parts_of(figures) if prefix == "money" else {}
        # a total split a second way is stated again, just before the parts of that split
        again = {run[0]: (total, n, run) for total, more in runs.items() for n, run in enumerate(more[1:], 2)}
        for k, f in enumerate(figures):
            if k in again:
                total, n, run = again[k]
                lines.append(f"      # 第 {f.page} 页：同一总数的另一种划分：{_comment(f.sentence, 30)}")
                lines.append(_entry(f"{figure_ids[total]}-split-{n}", figures[total], [figure_ids[i] for i in run]))
            lines.append(f"      # 第 {f.page} 页：{_comment(f.sentence)}")
            lines.append(_entry(figure_ids[k], f, [figure_ids[i] for i in runs[k][0]] if k in runs else []))
    return lines


def _entry(figure_id: str, f: Found, parts: list[str]) -> str:
    entry = f"      - {{id: {figure_id}, label: {quoted(f.label)}, value: {f.value}, unit: {quoted(f.unit)}"
    if f.written:
        entry += f", written: {quoted(f.written)}"
    if parts:
        entry += f", parts: [{', '.join(parts)}]"
    return entry + "}"


def _indicators(indicators: list[Indicator], with_actuals: bool) -> list[str]:
    """The 一级 › 二级 › 三级 hierarchy of the schema, in the order the document lists them."""
    lines = []
    for level1 in dict.fromkeys(i.level1 for i in indicators):
        lines += [f"    - level1: {quoted(level1)}", "      groups:"]
        in_block = [i for i in indicators if i.level1 == level1]
        for level2 in dict.fromkeys(i.level2 for i in in_block):
            lines += [f"        - level2: {quoted(level2)}", "          items:"] if level2 else ["        - items:"]
            for i in (i for i in in_block if i.level2 == level2):
                entry = f"            - {{name: {quoted(i.name)}, target: {quoted(i.target)}"
                if i.period_target:
                    entry += f", period_target: {quoted(i.period_target)}"
                if i.actual and with_actuals:
                    entry += f", actual: {quoted(i.actual)}"
                lines.append(entry + "}")
    return lines


def _list(name: str, items: Iterable[str]) -> list[str]:
    items = [i for i in items if i.strip()]
    return [f"{name}:", *(f"  - {quoted(i)}" for i in items)] if items else []


def draft(found: Recognised, bureau: str, year: int, kind: str, document: str, issuer: str | None) -> str:
    lines = [
        "# yaml-language-server: $schema=../../../schemas/report.schema.json",
        f"# 由 disclosure import 从 {_comment(document, 80)} 生成的草稿：请逐项对照原文核对。",
        "# 每个数字上方的注释写明它在原文中的页码和句子；“【待填写：…】”是没有识别出来的内容。",
        f"bureau: {bureau}",
        f"year: {year}",
        f"kind: {kind}",
        f"title: {quoted(found.title or PLACEHOLDER.format('报告标题，按原文'))}",
        "source:",
        f"  document: {quoted(document)}",
        f"  issuer: {quoted(issuer or PLACEHOLDER.format('发布单位'))}",
    ]
    if found.functions:
        lines += ["", "organisation:", "  functions:"]
        lines += [f"    - {{number: {quoted(number)}, text: {quoted(text)}}}" for number, text in found.functions]
    ids: set[str] = set()
    if found.money:
        lines += ["", "money:", *_figures(found.money, "money", ids)]
    if found.indicators:
        lines += ["", "targets:", "  indicators:", *_indicators(found.indicators, KINDS[kind].reports_actuals)]
    if found.tasks:
        lines += ["", "key_tasks:"]
        for task in found.tasks:
            lines.append(f"  - name: {quoted(task.name)}")
            for key, value in (("content", task.content), ("funds", task.funds), ("expected", task.expected)):
                if value:
                    lines.append(f"    {key}: {value if key == 'funds' else quoted(value)}")
    if found.results:
        lines += ["", "results:", *_figures(found.results, "results", ids)]
    if found.score:
        lines += ["", "score:", f"  value: {found.score}"]
        if found.grade:
            lines.append(f"  grade: {quoted(found.grade)}")
    for name, items in (("problems", found.problems), ("measures", found.measures)):
        block = _list(name, items)
        if block:
            lines += ["", *block]
    if found.sections:
        lines += ["", "narrative:"]
        for section in found.sections:
            lines += [f"  - heading: {quoted(section.heading)}", f"    level: {section.level}"]
            body = "\n\n".join(p.text for p in section.paragraphs)
            if body:
                lines.append(f"    body: {quoted(body)}")
    return "\n".join(lines) + "\n"


def bureau_draft(name: str | None) -> str:
    """A new bureau file for a bureau the content does not know yet."""
    return "\n".join([
        "# yaml-language-server: $schema=../../schemas/bureau.schema.json",
        "# 由 disclosure import 生成的机构草稿：请补全“【待填写：…】”。",
        f"name: {quoted(name or PLACEHOLDER.format('机构全称'))}",
        f"short_name: {quoted(PLACEHOLDER.format('简称，如“荔湾区司法局”'))}",
        f"level: {quoted(PLACEHOLDER.format('层级：市、区、县或市本级'))}",
        "region:",
        f"  province: {quoted(PLACEHOLDER.format('省'))}",
        f"  city: {quoted(PLACEHOLDER.format('市'))}",
        "",
    ])
