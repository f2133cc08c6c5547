"""Open data: every report as JSON, every figure as CSV, and a Frictionless data package.

Numbers are written as text exactly as published ("0.00", "6928.97"), so that
no reader's float parsing can alter them on the way from our files.
"""

from __future__ import annotations

import csv
import io
import re
import zlib
from functools import partial
from typing import Any

import orjson

from .. import urls
from ..domain.model import Content, PackedReport
from ..domain.numbers import plain
from ..kinds import KINDS
from ..memo import Memo
from ..views.compare import NOT_DISCLOSED, Cell, Comparison, MeasureTable
from ..views.site import ReportSummary, Site
from .output import Output

LICENSE_NOTE = "数据摘自各司法局公开发布的报告，照录原文；本站计算的数字另有说明。"
FIGURE_FIELDS = ["bureau", "bureau_name", "year", "kind", "figure_id", "label", "measure", "value",
                 "written", "unit", "source_page"]


def dumps(data: Any) -> str:
    """Indented, keys sorted, UTF-8 as is: what json.dumps(ensure_ascii=False, indent=2,
    sort_keys=True) writes, made in C (json's indenting encoder is Python: 0.79 ms a report's
    JSON against 0.11 ms). Every number here is already text."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode("utf-8") + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    """A text cell a spreadsheet would evaluate as a formula gets a leading ' (OWASP's advice
    on CSV injection); numbers, negative ones included, stay as published."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def to_csv_rows(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([spreadsheet_safe(c) for c in row] for row in rows)
    return out.getvalue()


# Excel on Chinese Windows reads a CSV without a byte-order mark as GBK and garbles it.
BOM = "\ufeff"
CSV_ENCODING = "utf-8-sig"  # what the data package declares: UTF-8 after a byte-order mark


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    return BOM + to_csv_rows([header, *rows])


def measure_csv_rows(table: MeasureTable) -> tuple[list[str], list[list[str]]]:
    """The comparison table as shown: bureaus by years, values as published."""
    header = ["机构", "层级", *[str(y) for y in table.years]]
    rows = [[row.bureau.name, row.bureau.level,
             *[plain(c.value) if isinstance(c, Cell) else c.text for c in row.cells]] for row in table.rows]
    return header, rows


def measure_json(table: MeasureTable, base: str) -> dict[str, Any]:
    links = urls.Links(base)
    return {
        "measure": {"id": table.id, "name": table.name, "unit": table.unit, "better": table.better,
                    "definition": table.definition},
        "years": list(table.years),
        "rows": [{
            "bureau": row.bureau.id, "bureau_name": row.bureau.name, "level": row.bureau.level,
            "values": {str(y): ({"value": plain(c.value), "text": c.text, "unit": c.unit, "notes": list(c.notes),
                                 "source_page": links.href(c.url)} if isinstance(c, Cell) else {"missing": c.text})
                       for y, c in zip(table.years, row.cells, strict=True)},
        } for row in table.rows],
        "medians": [{"year": m.year, "group": m.group, "count": m.count,
                     "value": plain(m.value) if m.value is not None else None} for m in table.medians],
    }


def _report_json(source: PackedReport) -> str:
    return dumps(source.document.data())


def _measure_csv(table: MeasureTable) -> str:
    return to_csv(*measure_csv_rows(table))


def _money_records(comparison: Comparison) -> list[dict[str, str]]:
    """The money table as the page shows it: a report a row, values as published, 未披露 kept."""
    records = []
    for row in comparison.money:
        record = {"机构": row.report.bureau.name, "机构id": row.report.bureau.id, "年度": str(row.report.year),
                  "报告类型": row.report.kind.label}
        record |= {column: plain(cell.value) if isinstance(cell, Cell) else cell.text
                   for column, cell in zip(comparison.money_columns, row.cells, strict=True)}
        record["等级"] = row.grade or NOT_DISCLOSED
        records.append(record)
    return records


def _money_csv(comparison: Comparison) -> str:
    records = _money_records(comparison)
    header = ["机构", "机构id", "年度", "报告类型", *comparison.money_columns, "等级"]
    return to_csv(header, [[r[h] for h in header] for r in records])


def _money_json(comparison: Comparison, base: str) -> str:
    links = urls.Links(base)
    return dumps([{**record, "报告": links.report(row.report.id)}
                  for record, row in zip(_money_records(comparison), comparison.money, strict=True)])


def _measure_json(table: MeasureTable, base: str) -> str:
    return dumps(measure_json(table, base))


def _figure_rows(source: PackedReport, bureau_name: str, links: urls.Links) -> bytes:
    """One report's rows of figures.csv, encoded and compressed (serve keeps every report's)."""
    return zlib.compress(to_csv_rows([[source.bureau.id, bureau_name, str(source.year), source.kind.id, *figure,
                                       links.report(source.id, anchor=urls.figure_anchor(figure[0]))]
                                      for figure in source.figure_rows()]).encode(), 1)


def _report_resource(path: str, report: ReportSummary) -> dict[str, Any]:
    return {
        "name": path.removeprefix("data/reports/").removesuffix(".json"), "path": path.removeprefix("data/"),
        "format": "json", "mediatype": "application/json", "encoding": "utf-8",
        "title": report.title,
        "description": f"{report.bureau.name} {report.year} 年度{report.kind.label}的全部数据；数字以文本照录原文。",
    }


def _measure_resource(table: MeasureTable) -> dict[str, Any]:
    return {
        "name": f"compare-{table.id}", "path": urls.measure_csv(table.id).removeprefix("data/"), "format": "csv",
        "mediatype": "text/csv", "encoding": CSV_ENCODING, "profile": "tabular-data-resource",
        "title": table.name, "description": f"{table.definition} 单位：{table.unit}。",
        "schema": {"fields": [
            {"name": "机构", "type": "string"}, {"name": "层级", "type": "string"},
            *[{"name": str(y), "type": "string", "unit": table.unit,
               "description": f"{y} 年度数值（{table.unit}），照录原文；未披露、未收录表示没有数字"}
              for y in table.years]]},
    }


def data_outputs(content: Content, site: Site, comparison: Comparison, base: str,
                 memo: Memo | None = None) -> list[Output]:
    """Every open-data file, not yet made: (path relative to the output directory, inputs, maker)."""
    memo = memo or Memo()
    links = urls.Links(base)
    summaries = {r.id: r for r in site.summaries}
    outputs = []
    figure_chunks = []
    report_resources = []
    for source in sorted(content.reports, key=lambda r: r.shown):
        report = summaries[source.id]
        path = urls.report_data(source.id)
        outputs.append(Output(path, (source.document.packed,), partial(_report_json, source)))
        figure_chunks.append(memo.get(("figure-rows", source.id), (source, report.bureau.name),
                                      partial(_figure_rows, source, report.bureau.name, links)))
        report_resources.append((path, report))
    chunks = tuple(figure_chunks)
    # Hundreds of megabytes at 10,000 reports: joined from each report's bytes, encoded once.
    outputs.append(Output(urls.figures_csv(), chunks,
                          lambda: (BOM + to_csv_rows([FIGURE_FIELDS])).encode()
                          + b"".join(map(zlib.decompress, chunks))))

    outputs.append(Output(urls.money_csv(), (comparison.money_columns, comparison.money),
                          partial(_money_csv, comparison)))
    outputs.append(Output(urls.money_json(), (comparison.money_columns, comparison.money, base),
                          partial(_money_json, comparison, base)))
    for table in comparison.measures:
        outputs.append(Output(urls.measure_csv(table.id), (table,), partial(_measure_csv, table)))
        outputs.append(Output(urls.measure_json(table.id), (table,), partial(_measure_json, table, base)))
    described = (tuple(report_resources),
                 tuple((t.id, t.name, t.definition, t.unit, t.years) for t in comparison.measures))
    outputs.append(Output(urls.datapackage(), described,
                          lambda: datapackage([_report_resource(p, r) for p, r in report_resources],
                                              [_measure_resource(t) for t in comparison.measures])))
    return outputs


def datapackage(report_resources: list[dict[str, Any]], measure_resources: list[dict[str, Any]]) -> str:
    return dumps({
        "name": "jixiao-gongkai",
        "title": "绩效公开：司法行政部门预算绩效报告数据",
        "description": LICENSE_NOTE,
        "resources": [{
            "name": "figures", "path": "figures.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": CSV_ENCODING, "profile": "tabular-data-resource",
            "title": "全部报告中的全部数字", "description": "每行一个数字，数值照录原文，单位见 unit 列。",
            "schema": {"fields": [
                {"name": "bureau", "type": "string", "description": "机构 id"},
                {"name": "bureau_name", "type": "string", "description": "机构全称"},
                {"name": "year", "type": "year", "description": "报告年度"},
                {"name": "kind", "type": "string", "constraints": {"enum": list(KINDS)}},
                {"name": "figure_id", "type": "string"},
                {"name": "label", "type": "string", "description": "原文名称"},
                {"name": "measure", "type": "string", "description": "可比指标 id，空表示不作比较"},
                {"name": "value", "type": "number", "description": "数值，照录原文（单位见 unit）"},
                {"name": "written", "type": "string", "description": "原文带“约”“余”等字样时的写法"},
                {"name": "unit", "type": "string", "description": "本行数值的单位，如 万元、%、件"},
                {"name": "source_page", "type": "string", "description": "本站报告页上这个数字的位置"},
            ], "primaryKey": ["bureau", "year", "kind", "figure_id"]},
        }, *report_resources, *measure_resources],
    })
