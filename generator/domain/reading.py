"""Build the domain model from files that passed their schema.

The schema has already guaranteed every required key and type, so this is the
only module that reads the loader's plain dicts; everything after it reads the
typed model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..kinds import KINDS
from ..loading.files import SourceFile
from ..loading.yamlload import JsonPath
from . import model as m
from .projects import MONEY_UNITS, cells_in, fund_columns, is_blank


class _Reader:
    """Reads one file's data, attaching positions from the loader."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def pos(self, path: JsonPath) -> m.Where:
        return self.source.yaml.locate(path)

    def located(self, mapping: Mapping[str, Any], path: JsonPath) -> dict[str, Any]:
        """The pos and at keyword arguments of a Located object at path."""
        return {"pos": self.pos(path), "at": m.Positions({key: self.pos(path + (key,)) for key in mapping})}

    def refs(self, ids: Iterable[str], path: JsonPath) -> tuple[m.Ref, ...]:
        return tuple(m.Ref(ref, self.pos(path + (n,))) for n, ref in enumerate(ids))

    # ---- figures and tables

    def figure(self, data: Mapping[str, Any], path: JsonPath, label: str | None = None) -> m.Figure:
        return m.Figure(
            id=data["id"], label=data.get("label", label), value=_decimal(data["value"]), unit=_unit(data["unit"]),
            written=data.get("written"), parts=self.refs(data.get("parts", []), path + ("parts",)),
            ratio=self.refs(data.get("ratio", []), path + ("ratio",)), measure=data.get("measure"),
            note=data.get("note"), over_100=bool(data.get("over_100")), **self.located(data, path))

    def table(self, data: Mapping[str, Any], path: JsonPath) -> m.Table:
        if "columns" not in data:
            return m.FigureTable(
                id=data.get("id"), caption=data["caption"], note=data.get("note"),
                figures=tuple(self.figure(f, path + ("figures", n)) for n, f in enumerate(data["figures"])),
                **self.located(data, path))
        columns = tuple(data["columns"])
        rows = []
        for r, row in enumerate(data["rows"]):
            row_path = path + ("rows", r)
            cells = tuple(
                None if cell is None else
                self.figure(cell, row_path + ("cells", c),
                            label=f"{row['label']} {columns[c] if c < len(columns) else ''}")
                for c, cell in enumerate(row["cells"]))
            rows.append(m.GridRow(label=row["label"], cells=cells, **self.located(row, row_path)))
        return m.GridTable(id=data.get("id"), caption=data["caption"], note=data.get("note"),
                           columns=columns, rows=tuple(rows), **self.located(data, path))

    def tables(self, data: Mapping[str, Any], key: str) -> tuple[m.Table, ...]:
        return tuple(self.table(t, (key, n)) for n, t in enumerate(data.get(key, [])))

    # ---- parts of a report

    def targets(self, data: Mapping[str, Any] | None) -> m.Targets | None:
        if data is None:
            return None
        blocks = []
        for i, block in enumerate(data.get("indicators", [])):
            groups = []
            for g, group in enumerate(block["groups"]):
                items = []
                for n, item in enumerate(group["items"]):
                    path = ("targets", "indicators", i, "groups", g, "items", n)
                    ref = item.get("actual_figure")
                    items.append(m.Indicator(
                        id=item.get("id"), name=item["name"], target=_given(item["target"]),
                        period_target=_given(item.get("period_target")), actual=_given(item.get("actual")),
                        actual_figure=m.Ref(ref, self.pos(path + ("actual_figure",))) if ref else None,
                        met=item.get("met"), measure=item.get("measure"), note=item.get("note"),
                        nature=item.get("nature"), unit=item.get("unit"), weight=_optional(item.get("weight")),
                        points=_optional(item.get("points")), deviation=item.get("deviation"),
                        **self.located(item, path)))
                groups.append(m.IndicatorGroup(group.get("level2"), tuple(items)))
            blocks.append(m.IndicatorBlock(block["level1"], tuple(groups)))
        return m.Targets(data.get("overall"), tuple(blocks))

    def organisation(self, data: Mapping[str, Any] | None) -> m.Organisation | None:
        if data is None:
            return None
        return m.Organisation(
            overview=data.get("overview"),
            functions=tuple(m.Function(f.get("number", ""), f["text"]) for f in data.get("functions", [])),
            units=tuple(m.Unit(u["kind"], u.get("count"), tuple(u["names"]) if "names" in u else None)
                        for u in data.get("units", [])),
            staffing=self.table(data["staffing"], ("organisation", "staffing")) if "staffing" in data else None)

    def project(self, data: Mapping[str, Any] | None) -> m.Project | None:
        if data is None:
            return None
        return m.Project(id=data["id"], name=data["name"], code=data.get("code"), type=data.get("type"),
                         department=data.get("department"), implementer=data.get("implementer"),
                         attribute=data.get("attribute"), period=data.get("period"), manager=data.get("manager"),
                         finance_manager=data.get("finance_manager"), **self.located(data, ("project",)))

    def funds(self, data: Mapping[str, Any] | None) -> m.GridTable | None:
        """A project's funds table, with the checks its form implies where the editor wrote none:
        the first row's amounts are the sum of the rows below it, and each row's 执行率 is its
        执行数 ÷ 预算数. A cell's own parts or ratio (even an empty list) replace them."""
        if data is None:
            return None
        table = self.table(data, ("funds",))
        assert isinstance(table, m.GridTable)
        roles = fund_columns(table.columns)
        rows = list(table.rows)
        for r, row in enumerate(rows):
            cells = list(row.cells)
            written = data["rows"][r]["cells"]
            rate, spent, budget = cells_in(cells, roles.rate, roles.spent, roles.budget)
            if rate is not None and roles.rate is not None and "ratio" not in written[roles.rate]:
                if spent is not None and budget is not None:
                    cells[roles.rate] = replace(rate, ratio=(m.Ref(spent.id, rate.pos), m.Ref(budget.id, rate.pos)))
            if r == 0:
                for c, total in enumerate(cells):
                    if total is None or total.unit not in MONEY_UNITS or "parts" in written[c]:
                        continue
                    parts = [below.cells[c] for below in rows[1:] if c < len(below.cells)]
                    refs = tuple(m.Ref(p.id, total.pos) for p in parts if p is not None)
                    if refs:
                        cells[c] = replace(total, parts=refs)
            rows[r] = replace(row, cells=tuple(cells))
        return replace(table, rows=tuple(rows))

    def scoring(self, data: Mapping[str, Any] | None) -> m.Scoring | None:
        if data is None:
            return None
        return m.Scoring(
            caption=data.get("caption", "评分表"),
            items=tuple(m.ScoringItem(i.get("group", ""), i["name"], _optional(i.get("max")),
                                      _decimal(i["awarded"]), i.get("note")) for i in data["items"]),
            bonus=tuple(m.Bonus(b["name"], _decimal(b["points"]), b.get("note")) for b in data.get("bonus", [])),
            total_reported=_decimal(data["total_reported"]), **self.located(data, ("scoring",)))

    def report(self) -> m.Report:
        data = self.source.data
        source = data["source"]
        score = data.get("score")
        return m.Report(
            id=m.report_id(data["bureau"], data["year"], data["kind"],
                           data["project"]["id"] if "project" in data and KINDS[data["kind"]].per_project else None),
            file=self.source.name,
            shown=self.source.shown, bureau=m.Ref(data["bureau"], self.pos(("bureau",))), year=data["year"],
            kind=KINDS[data["kind"]], title=data["title"], scope=data.get("scope"),
            source=m.Source(
                document=source["document"], issuer=source["issuer"], date_written=source.get("date_written"),
                url=source.get("url"), attachment_label=source.get("attachment_label"),
                evaluation_group=tuple(m.Member(g["name"], g.get("role")) for g in source.get("evaluation_group", [])),
                notes=source.get("notes")),
            organisation=self.organisation(data.get("organisation")),
            project=self.project(data.get("project")), funds=self.funds(data.get("funds")),
            money=self.tables(data, "money"),
            targets=self.targets(data.get("targets")),
            key_tasks=tuple(m.KeyTask(k.get("number", ""), k["name"], k.get("content"), _optional(k.get("funds")),
                                      k.get("expected")) for k in data.get("key_tasks", [])),
            results=self.tables(data, "results"),
            score=m.Score(value=_decimal(score["value"]), max=_optional(score.get("max")), grade=score.get("grade"),
                          **self.located(score, ("score",))) if score else None,
            scoring=self.scoring(data.get("scoring")),
            problems=_list_items(data.get("problems", [])), measures=_list_items(data.get("measures", [])),
            narrative=tuple(m.Section(s["heading"], s["level"], s.get("body")) for s in data.get("narrative", [])),
            discrepancies=tuple(
                m.Discrepancy(kind=d["kind"], figures=self.refs(d["figures"], ("discrepancies", n, "figures")),
                              note=d["note"], **self.located(d, ("discrepancies", n)))
                for n, d in enumerate(data.get("discrepancies", []))),
            document=m.Document.of(data), pos=self.pos(()),
            at=m.Positions({**self.located(data, ())["at"],
                            **{f"source.{k}": self.pos(("source", k)) for k in source}}))

    def bureau(self) -> m.Bureau:
        data = self.source.data
        region = data["region"]
        parent = data.get("parent")
        return m.Bureau(
            id=self.source.stem, shown=self.source.shown, name=data["name"], short_name=data["short_name"],
            level=data["level"],
            region=m.Region(region["province"], region.get("city"), region.get("district")),
            parent=m.Ref(parent, self.pos(("parent",))) if parent is not None else None,
            **self.located(data, ()))

    def dictionary(self) -> m.Dictionary:
        data = self.source.data
        return m.Dictionary(
            measures=tuple(m.Measure(id=d["id"], name=d["name"], unit=d["unit"],
                                     equivalent_units=tuple(d.get("equivalent_units", [])), better=d["better"],
                                     theme=d["theme"], definition=d["definition"], **self.located(d, ("metrics", n)))
                           for n, d in enumerate(data["metrics"])),
            project_types=tuple(m.ProjectType(id=d["id"], name=d["name"], definition=d["definition"],
                                              aliases=tuple(d.get("aliases", [])),
                                              **self.located(d, ("project_types", n)))
                                for n, d in enumerate(data.get("project_types", []))))


def _unit(text: str) -> str:
    """A full-width ％ written by an input method is the same unit as %."""
    return text.replace("％", "%")


def _decimal(value: int | Decimal) -> Decimal:
    return Decimal(value)


def _given(text: str | None) -> str | None:
    """A text cell as written, or None where the form leaves it empty (/, —, *): never 0."""
    return None if is_blank(text) else text


def _optional(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _list_items(items: list[Any]) -> tuple[m.ListItem, ...]:
    return tuple(m.ListItem(None, item) if isinstance(item, str) else m.ListItem(item.get("title"), item["text"])
                 for item in items)


def read_report(source: SourceFile) -> m.Report:
    return _Reader(source).report()


def read_bureau(source: SourceFile) -> m.Bureau:
    return _Reader(source).bureau()


def read_dictionary(source: SourceFile) -> m.Dictionary:
    return _Reader(source).dictionary()


def content_of(bureaus: Iterable[m.Bureau], dictionary: m.Dictionary, reports: Iterable[m.PackedReport]
               ) -> m.Content:
    types: dict[str, m.ProjectType] = {}
    for project_type in dictionary.project_types:
        types.setdefault(project_type.id, project_type)
    return m.Content({b.id: b for b in bureaus}, m.measures_by_id(dictionary.measures), tuple(reports),
                     project_types=types)
