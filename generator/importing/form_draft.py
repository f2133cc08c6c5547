"""The draft file of one project form read by forms.py: the project, its funds table, targets and
indicators with their scores, the 总分, each with a comment saying where it was found, and
【待填写】 wherever the form did not say what the schema needs."""

from __future__ import annotations

import re

from ..domain.projects import fund_columns
from ..kinds import KINDS
from .draft import PLACEHOLDER, _comment, quoted
from .forms import FormIndicator, ProjectForm, number

_COLUMN_IDS = {"initial": "initial", "budget": "budget", "spent": "spent", "weight": "execution-weight",
               "rate": "execution-rate", "score": "execution-score"}
_ROW_IDS = (("财政", "fiscal"), ("结转", "carried"), ("其他", "other"), ("专户", "special"), ("单位", "own"))


def _column_ids(columns: tuple[str, ...]) -> list[str]:
    roles = fund_columns(columns)
    named = {getattr(roles, role): name for role, name in _COLUMN_IDS.items() if getattr(roles, role) is not None}
    ids = []
    for c, column in enumerate(columns):
        ids.append(named.get(c) or ("period" if "中期" in column else "year" if "年度" in column else f"column{c + 1}"))
    return ids


def _row_id(n: int, label: str, used: set[str]) -> str:
    found = "total" if n == 0 else next((word for key, word in _ROW_IDS if key in label), f"row{n + 1}")
    while found in used:
        found += "-2"
    used.add(found)
    return found


def _cell(text: str | None, column: str, cell_id: str) -> str:
    value = number(text)
    if value is None:
        return "null"
    roles = fund_columns((column,))
    unit = "%" if roles.rate is not None or (text or "").endswith("%") else (
        "分" if roles.weight is not None or roles.score is not None else "万元")
    entry = f"{{id: {cell_id}, value: {value}, unit: {quoted(unit)}"
    return entry + (f", written: {quoted(text)}" if text and "," in text else "") + "}"


def _funds(form: ProjectForm) -> list[str]:
    columns = form.fund_columns
    ids, used = _column_ids(columns), set[str]()
    lines = ["funds:", "  caption: 项目资金（万元）", f"  columns: [{', '.join(quoted(c) for c in columns)}]",
             "  rows:"]
    for n, (label, values) in enumerate(form.fund_rows):
        row = _row_id(n, label, used)
        lines += [f"    - label: {quoted(label)}", "      cells:"]
        for c, value in enumerate(values):  # the total's execution cells keep their plain names
            cell_id = ids[c] if n == 0 and ids[c].startswith("execution") else f"{ids[c]}-{row}"
            lines.append(f"        - {_cell(value, columns[c], cell_id)}")
    return lines


def _indicator(i: FormIndicator, with_results: bool) -> str:
    v = i.values
    parts = [f"name: {quoted(i.name)}"]
    if v.get("nature"):
        parts.append(f"nature: {quoted(v['nature'] or '')}")
    parts.append(f"target: {quoted(v.get('target') or '/')}")
    if v.get("period_target"):
        parts.append(f"period_target: {quoted(v['period_target'] or '')}")
    if v.get("unit"):
        parts.append(f"unit: {quoted(v['unit'] or '')}")
    if with_results:
        parts.append(f"actual: {quoted(v.get('actual') or '/')}")
        for key in ("weight", "points"):
            value = number(v.get(key))
            if value is not None:
                parts.append(f"{key}: {value}")
        if v.get("deviation"):
            parts.append(f"deviation: {quoted(v['deviation'] or '')}")
    return "{" + ", ".join(parts) + "}"


def _indicators(form: ProjectForm, with_results: bool) -> list[str]:
    lines = ["  indicators:"]
    for level1 in dict.fromkeys(i.level1 for i in form.indicators):
        lines += [f"    - level1: {quoted(level1 or '指标')}", "      groups:"]
        block = [i for i in form.indicators if i.level1 == level1]
        for level2 in dict.fromkeys(i.level2 for i in block):
            lines += [f"        - level2: {quoted(level2)}", "          items:"] if level2 else ["        - items:"]
            lines += [f"            - {_indicator(i, with_results)}" for i in block if i.level2 == level2]
    return lines


def form_draft(form: ProjectForm, project_id: str, project_type: str | None, bureau: str, year: int,
               document: str, issuer: str | None) -> str:
    kind = form.kind
    facts = form.facts
    lines = [
        "# yaml-language-server: $schema=../../../schemas/report.schema.json",
        f"# 由 disclosure import 从 {_comment(document, 80)}（第 {form.page} 页或工作表）生成的草稿：",
        "# 请逐项对照原文核对。",
        "# “【待填写：…】”是没有识别出来的内容；原文为 /、—、* 或空白的格写作 null 或 \"/\"，不是 0。",
        f"bureau: {bureau}",
        f"year: {year}",
        f"kind: {kind}",
        f"title: {quoted(form.title or PLACEHOLDER.format('表的标题，按原文'))}",
        "project:",
        f"  id: {project_id}",
        f"  name: {quoted(facts.get('name') or PLACEHOLDER.format('项目名称'))}",
    ]
    if form.code:
        lines.append(f"  code: {quoted(form.code)}")
    if project_type:
        lines.append(f"  type: {project_type}")
    for key in ("department", "implementer", "attribute", "period", "manager", "finance_manager"):
        if facts.get(key):
            lines.append(f"  {key}: {quoted(facts[key])}")
    lines += ["source:", f"  document: {quoted(document)}",
              f"  issuer: {quoted(issuer or PLACEHOLDER.format('发布单位'))}"]
    if form.fund_rows:
        lines += ["", *_funds(form)]
    if form.indicators or form.overall:
        lines += ["", "targets:"]
        if form.overall:
            lines.append(f"  overall: {quoted(chr(10).join(f'{h}：{t}' for h, t in form.overall))}")
        if form.indicators:
            lines += _indicators(form, KINDS[kind].reports_actuals)
    if form.total and KINDS[kind].reports_actuals:
        lines += ["", "score:", f"  value: {form.total}"]
        if facts.get("grade"):
            lines.append(f"  grade: {quoted(facts['grade'])}")
    for key in ("problems", "measures"):
        if facts.get(key):
            items = [p for p in re.split(r"\n+|(?<=[。；])", facts[key]) if p.strip()]
            lines += ["", f"{key}:", *(f"  - {quoted(p.strip())}" for p in items)]
    return "\n".join(lines) + "\n"
