"""Unit tests of single functions per package, no build and no browser: with the other files
marked `unit`, `./dev test -m unit` runs this fast layer in a few seconds."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import urls
from generator.checks.rules import number_in_written
from generator.config import Config, normalise_base
from generator.domain.findings import rounding_bound, sum_findings
from generator.domain.links import link_problem
from generator.domain.model import PackedReport, Positions
from generator.domain.numbers import exact, grouped, plain
from generator.kinds import KINDS, ReportKind, kind_of_title
from generator.outputs.fold import fold
from generator.outputs.folder import MARKER, OutputRefused, check_output
from generator.outputs.opendata import dumps
from generator.outputs.search import plan_search, query_keys

from .test_figures import money, report

pytestmark = pytest.mark.unit


# ---- domain ------------------------------------------------------------------------------

def test_numbers_are_written_with_exactly_their_published_digits():
    assert plain(Decimal("6928.970")) == "6928.970" and plain(Decimal("-0.00")) == "-0.00"
    assert grouped(Decimal("1234567.5")) == "1,234,567.5" and plain(Decimal("1E+3")) == "1000"


def test_arithmetic_is_exact_far_past_28_digits():
    @exact
    def total(values: list[Decimal]) -> Decimal:
        return sum(values, Decimal(0))

    parts = [Decimal("10000000000000000000.0000000000"), Decimal("0.0000000009")]  # 20 + 10 digits: the cap
    assert total(parts) == Decimal("10000000000000000000.0000000009")
    assert sum(parts, Decimal(0)) == Decimal("10000000000000000000")  # Python's 28-digit default rounds it away


def test_a_models_positions_read_as_the_mapping_they_were_made_from():
    found = {"id": (3, 5), "value": (3, 17), "unit": (70000, 200000)}
    positions = Positions(found)
    assert dict(positions) == found and list(positions) == ["id", "value", "unit"]
    assert positions.get("note") is None and "note" not in positions
    with pytest.raises(KeyError):
        positions["note"]
    copy = pickle.loads(pickle.dumps(positions))  # as a worker process sends it
    assert dict(copy) == found and copy.names is positions.names  # one tuple of names for all alike


def test_a_reports_data_is_kept_with_its_numbers_as_the_published_text():
    parsed = report(money("{id: t, label: 本年支出, value: 6928.90, unit: 万元}",
                          "{id: s, label: 专项, value: 0.00, unit: 万元, over_100: true}"))
    figures = parsed.document.data()["money"][0]["figures"]
    assert figures == [{"id": "t", "label": "本年支出", "value": "6928.90", "unit": "万元"},
                       {"id": "s", "label": "专项", "value": "0.00", "unit": "万元", "over_100": True}]
    assert parsed.figures_by_id["t"].where("value") == (parsed.figures_by_id["t"].pos[0], 37)


def test_a_packed_report_unpacks_to_the_model_that_was_checked():
    parsed = report(money("{id: t, label: 本年支出, value: 6928.90, unit: 万元, measure: current-year-expenditure}",
                          "{id: s, label: 专项, value: 0.00, unit: 万元, written: 零}"))
    packed = pickle.loads(pickle.dumps(PackedReport.of(parsed)))  # as a worker process sends it
    again = packed.model()
    assert again == parsed and again is not parsed and again.document.data() == parsed.document.data()
    assert again.figures_by_id["s"].where("written") == parsed.figures_by_id["s"].where("written")
    assert (packed.id, packed.year, packed.kind, packed.bureau.id) == (parsed.id, 2023, parsed.kind, "b")
    assert packed.figure_rows() == [["t", "本年支出", "current-year-expenditure", "6928.90", "", "万元"],
                                    ["s", "专项", "", "0.00", "零", "万元"]]


def test_a_sum_finding_states_the_true_gap():
    [finding] = sum_findings(report(money(
        "{id: t, label: 合计, value: 10000000000000000000.0000000001, unit: 件, parts: [a, b]}",
        "{id: a, label: 甲, value: 10000000000000000000.0000000000, unit: 件}",
        "{id: b, label: 乙, value: 0.0000000009, unit: 件}")))
    assert finding.status == "mismatch" and "相差 -0.0000000008 件" in finding.sentence


def test_the_rounding_bound_is_half_a_unit_of_each_last_digit():
    parsed = report(money("{id: t, label: 合计, value: 3.0, unit: 万元, parts: [a, b]}",
                          "{id: a, label: 甲, value: 1.01, unit: 万元}", "{id: b, label: 乙, value: 2, unit: 万元}"))
    assert rounding_bound(list(parsed.figures())) == Decimal("0.05") + Decimal("0.005") + Decimal("0.5")


@pytest.mark.parametrize("url", ["\\javascript:alert(1)", "/\\evil.example", "\\\\evil.example", "https:evil.example",
                                 "https:/\\evil.example", "\\/evil.example", "../../../../etc/passwd",
                                 "//evil.example", "java\tscript:x", "http://example.org", "https://",
                                 "https://user@evil.example"])
def test_links_a_browser_would_follow_off_site_are_refused(url):
    assert link_problem(url, image=False)


@pytest.mark.parametrize("url", ["https://example.org/a", "#s-1", "mailto:a@example.org", "../../../compare/",
                                 "/compare/money/", "original/?hl=1#s-2"])
def test_links_that_stay_or_are_complete_are_allowed(url):
    assert link_problem(url, image=False) is None


# ---- checks ------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "number"), [
    ("500多名", "500"), ("约 390 万元", "390"), ("1,234人次", "1234"), ("１２３件", "123"), ("名列第五", "5"),
    ("第十二", "12"), ("二十", "20"), ("401（含去年结转83宗）", "401"), ("2,3两项", "2"), ("全覆盖", None),
    ("-3.5%", "-3.5"), ("12,345,678元", "12345678")])
def test_the_number_a_written_form_states(written, number):
    assert number_in_written(written) == number


# ---- urls and configuration --------------------------------------------------------------

def test_page_paths_and_files_are_inverse():
    for path in ("", "reports/a/2023-evaluation/", "feed.xml"):
        assert urls.page_path(urls.output_file(path)) == path
    assert urls.output_file("compare/") == "compare/index.html"


def test_a_web_page_original_is_published_under_a_name_no_browser_runs():
    assert urls.source_file("a/2023-evaluation", "html") == "sources/a/2023-evaluation.html.txt"
    assert urls.source_file("a/2023-evaluation", "pdf") == "sources/a/2023-evaluation.pdf"


def test_links_carry_the_base_path():
    assert urls.Links("/jixiao/").report("a/2023-evaluation") == "/jixiao/reports/a/2023-evaluation/"


def test_configuration_defaults_and_the_memory_budget(monkeypatch):
    assert normalise_base("jixiao") == "/jixiao/" and normalise_base("") == "/" and normalise_base("/a/b") == "/a/b/"
    monkeypatch.setenv("DISCLOSURE_MEMORY_BUDGET", "2")
    assert Config().memory_budget == 2 * 2**30
    monkeypatch.setenv("DISCLOSURE_MEMORY_BUDGET", "much")
    assert Config().memory_budget == 4 * 2**30


# ---- outputs -----------------------------------------------------------------------------

def test_search_offers_other_pages_first_then_reports_newest_year_first():
    plan = plan_search({"2023": ["r/b", "r/a"], "pages": ["p/x"], "2024": ["s/a"]})
    assert plan.pages == ("p/x", "s/a", "r/a", "r/b")


def test_text_folds_as_the_browser_folds_a_query():
    assert fold("６９２８．９７") == fold("6,928.97") == "6928.97"
    assert fold("1,234,567元") == "1234567元" and fold("1,2345") == "1,2345"  # only a thousands separator goes
    assert fold("行政復議 ABC") == "行政复议abc"
    assert fold("法律\u3000援助\u200b") == "法律援助"


def test_a_query_word_is_looked_up_whole_up_to_four_characters_else_by_its_runs_of_four():
    assert query_keys("法") == ["法"] and query_keys("法律援助") == ["法律援助"]
    assert query_keys("预算执行率") == ["预算执行", "算执行率"]


def test_an_output_folder_is_checked_before_anything_is_deleted(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    check_output(tmp_path / "new", content)  # absent: fine
    (tmp_path / "empty").mkdir()
    check_output(tmp_path / "empty", content)
    for out in (content, tmp_path):
        with pytest.raises(OutputRefused, match="内容目录"):
            check_output(out, content, force=True)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("x", "utf-8")
    with pytest.raises(OutputRefused, match="--force"):
        check_output(mine, content)
    check_output(mine, content, force=True)
    (mine / ".git").mkdir()
    with pytest.raises(OutputRefused, match="git"):
        check_output(mine, content, force=True)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x", "utf-8")
    (site / MARKER).write_text("", "utf-8")
    check_output(site, content)


def test_a_kind_is_recognised_from_its_registry_entrys_title_words(monkeypatch):
    assert kind_of_title("2024年度广州市司法局部门整体预算绩效目标申报表") == "budget-targets"
    assert kind_of_title("2023年度部门整体支出绩效自评报告") == "self-evaluation"
    assert kind_of_title("2022年度部门整体支出绩效评价报告") == "evaluation"
    assert kind_of_title("政务公开") is None
    audit = ReportKind("audit-notice", "审计结果公告", "审计公告", reports_actuals=True, budget_figures=False,
                       title_words=(("审计", "公告"),))
    monkeypatch.setitem(KINDS, audit.id, audit)
    assert kind_of_title("2023年度预算执行审计结果公告") == "audit-notice"


# ---- history ------------------------------------------------------------------------------

def test_a_correction_lists_the_figures_and_indicators_the_model_reads():
    from generator.checks.history import figure_changes

    from .fixtures_support import FIXTURE_CONTENT

    name = "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    before = (FIXTURE_CONTENT / name).read_bytes()
    target = "{name: 刑释人员安置率, target: ≥9"
    after = (before.replace(f"{target}0%".encode(), f"{target}5%".encode())
             .replace(b"value: 3230, unit:", b"value: 3231, unit:"))
    changes = {(c.label, c.old, c.new) for c in figure_changes(name, before, after)}
    assert ("刑释人员安置率（目标值）", "≥90%", "≥95%") in changes
    assert ("全区各人民调解组织调解矛盾纠纷", "3230 宗", "3231 宗") in changes
    assert len(changes) == 2
    assert figure_changes(name, before, b"title: [") == ()  # a version no check can read lists nothing


# ---- views -------------------------------------------------------------------------------

def test_bureaus_group_by_province_then_city_with_the_citys_own_bureau_first():
    from dataclasses import dataclass

    from generator.views.regions import by_region

    @dataclass(frozen=True)
    class Link:
        name: str
        level: str

    @dataclass(frozen=True)
    class Placed:
        link: Link
        province: str
        city: str | None

    bureaus = [Placed(Link(f"{p}省{c}市{d}区司法局", "区"), f"{p}省", f"{c}市") for p in "甲乙丙" for c in range(20)
               for d in range(50)]
    bureaus += [Placed(Link(f"{p}省{c}市司法局", "市"), f"{p}省", f"{c}市") for p in "甲乙丙" for c in range(20)]
    bureaus.append(Placed(Link("甲省司法厅", "省"), "甲省", None))
    regions = by_region(reversed(bureaus))
    assert [p.name for p in regions] == ["丙省", "乙省", "甲省"]
    assert sum(p.count for p in regions) == len(bureaus) == 3061
    first = regions[2].cities[0]
    assert first.bureaus[0].link.level == "市" and all(b.link.level == "区" for b in first.bureaus[1:])
    assert regions[2].cities[-1].name == "省级机构"
    anchors = [c.anchor for p in regions for c in p.cities]
    assert len(anchors) == len(set(anchors))


_JSON_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | _JSON_TEXT,
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
                     max_leaves=20)


@given(_JSON)
def test_open_data_json_is_written_as_pythons_json_writes_it_indented_and_sorted(data):
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
