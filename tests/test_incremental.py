"""An update after an edit writes what the edit touched and nothing else, and leaves the same
bytes as a full build of the edited content (search index and headers included)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.build import BuildFailed, SiteBuilder, build
from generator.config import Config
from generator.outputs.links import BrokenLinks, read_page

from .fixtures_support import FIXTURE_CONTENT

LIWAN_2023 = "reports/guangzhou-liwan/2023-self-evaluation.yaml"
BAIYUN_2021 = "reports/guangzhou-baiyun/2021-self-evaluation.yaml"


def tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_full_build(content: Path, served: Path, tmp_path: Path, **options: object) -> None:
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    build(content, full, **options)
    ours, theirs = tree(served), tree(full)
    assert ours.keys() == theirs.keys()
    assert [p for p in ours if ours[p] != theirs[p]] == []


def edit(content: Path, name: str, old: str, new: str) -> None:
    path = content / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def served(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    builder = SiteBuilder(Config(content, tmp_path / "site"))
    builder.build()
    return content, builder


def test_an_edited_figure_rewrites_its_pages_comparisons_and_data_only(served, tmp_path):
    content, builder = served
    edit(content, LIWAN_2023, "value: 3230, unit: 宗", "value: 3231, unit: 宗")
    result = builder.update()
    assert set(result.changed) == {
        "reports/guangzhou-liwan/2023-self-evaluation/index.html",
        "bureaus/guangzhou-liwan/index.html",  # its trend shows the figure
        "compare/mediation-cases/index.html",
        "data/reports/guangzhou-liwan-2023-self-evaluation.json",
        "data/figures.csv",
        "data/compare/mediation-cases.csv",
        "data/compare/mediation-cases.json",
    }
    page = builder.out_dir / "reports/guangzhou-liwan/2023-self-evaluation/index.html"
    assert ">3,231 宗<" in page.read_text("utf-8")
    assert_same_as_full_build(content, builder.out_dir, tmp_path)


def test_a_narrative_edit_rewrites_one_page_and_its_data_and_a_title_edit_the_lists(served, tmp_path):
    content, builder = served
    edit(content, LIWAN_2023, "增设广州市荔湾区物业管理纠纷人民调解委员会", "增设荔湾区物业管理纠纷人民调解委员会")
    assert set(builder.update().changed) == {"reports/guangzhou-liwan/2023-self-evaluation/index.html",
                                             "data/reports/guangzhou-liwan-2023-self-evaluation.json"}
    assert_same_as_full_build(content, builder.out_dir, tmp_path)
    edit(content, BAIYUN_2021, "title: ", "title: （修订）")
    changed = set(builder.update().changed)
    assert {"index.html", "bureaus/guangzhou-baiyun/index.html", "data/index.html",
            "data/datapackage.json"} <= changed
    assert not [p for p in changed if p.startswith("compare/")]
    assert_same_as_full_build(content, builder.out_dir, tmp_path)


def test_added_and_removed_reports_and_bureaus_match_a_full_build(served, tmp_path):
    content, builder = served
    added = content / "reports/guangzhou-baiyun/2022-self-evaluation.yaml"
    added.write_text((content / BAIYUN_2021).read_text("utf-8").replace("year: 2021", "year: 2022", 1), "utf-8")
    (content / "reports/guangzhou-zengcheng/2022-evaluation.yaml").unlink()
    (content / "bureaus/guangzhou-huadu.yaml").write_text(
        (content / "bureaus/guangzhou-haizhu.yaml").read_text("utf-8").replace("海珠", "花都"), "utf-8")
    changed = builder.update().changed
    assert "reports/guangzhou-baiyun/2022-self-evaluation/index.html" in changed
    assert "reports/guangzhou-zengcheng/2022-evaluation/index.html" in changed  # removed
    assert not (builder.out_dir / "reports/guangzhou-zengcheng/2022-evaluation/index.html").exists()
    assert_same_as_full_build(content, builder.out_dir, tmp_path)


def test_an_update_that_fails_validation_writes_nothing(served):
    content, builder = served
    before = tree(builder.out_dir)
    edit(content, LIWAN_2023, "value: 3230, unit: 宗", "value: 3230, unit: 宗, unit: 件")
    with pytest.raises(BuildFailed):
        builder.update()
    assert tree(builder.out_dir) == before


def test_an_edit_replaces_only_the_index_files_whose_bytes_changed(tmp_path, monkeypatch):
    from generator.outputs import search

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    builder = SiteBuilder(Config(content, tmp_path / "site"))
    builder.build()
    index = builder.out_dir / "search-index"

    def files() -> dict[str, tuple[int, bytes]]:
        return {p.relative_to(index).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in index.rglob("*")
                if p.is_file()}

    before = files()
    read: list[str] = []
    real_read = search.read_searchable
    monkeypatch.setattr(search, "read_searchable", lambda html, url: (read.append(url), real_read(html, url))[1])
    edit(content, LIWAN_2023, "增设广州市荔湾区物业管理纠纷人民调解委员会", "增设荔湾区物业管理纠纷人民调解委员会")
    builder.update()
    after = files()
    # Only the pages whose bytes changed are read again: the report, and pages quoting its figures or dates.
    assert "/reports/guangzhou-liwan/2023-self-evaluation/" in read
    assert len(read) < len(builder.indexed.pages) / 2
    replaced = sorted(p for p in after if after[p][0] != before[p][0])
    assert replaced and all(after[p][1] != before[p][1] for p in replaced)  # none rewritten with the same bytes
    texts = [p for p in replaced if p.startswith("text/")]
    assert len(texts) == 1 and "增设荔湾区物业管理纠纷人民调解委员会" in after[texts[0]][1].decode("utf-8")
    assert len(replaced) < len(after) / 2
    assert_same_as_full_build(content, builder.out_dir, tmp_path)
    # A new report: the index follows, as a full build makes it.
    added = content / "reports/guangzhou-baiyun/2025-self-evaluation.yaml"
    added.write_text((content / BAIYUN_2021).read_text("utf-8").replace("year: 2021", "year: 2025", 1), "utf-8")
    builder.update()
    assert_same_as_full_build(content, builder.out_dir, tmp_path)


def test_a_one_off_build_writes_the_same_bytes_and_keeps_nothing_for_updates(served, tmp_path):
    """`disclosure build` lets its models and views go before indexing (memory at scale)."""
    content, builder = served
    one_off = SiteBuilder(Config(content, tmp_path / "one-off"), updates=False)
    result = one_off.build()
    ours, theirs = tree(one_off.out_dir), tree(builder.out_dir)
    assert ours.keys() == theirs.keys() and [p for p in ours if ours[p] != theirs[p]] == []
    assert result.pages == len([p for p in ours if p.endswith(".html") and not p.startswith("admin/")]) > 40
    assert result.validation.ok and result.validation.content.reports == ()  # diagnostics only
    assert one_off.files == {} and one_off.published is None


def test_an_updates_links_into_pages_it_did_not_make_are_checked_against_those_pages_anchors(tmp_path):
    builder = SiteBuilder(Config(FIXTURE_CONTENT, tmp_path / "site"))
    builder.build()
    assert builder.published is not None
    target = "reports/guangzhou-liwan/2023-self-evaluation/index.html"
    anchor = sorted(read_page(tmp_path / "site" / target).ids)[0]
    linking = '<a href="/reports/guangzhou-liwan/2023-self-evaluation/#{}">正文</a>'
    builder._check_links({"new/index.html": linking.format(anchor)}, set(), builder.published)
    with pytest.raises(BrokenLinks) as raised:
        builder._check_links({"new/index.html": linking.format("no-such-anchor")}, set(), builder.published)
    assert [b.link for b in raised.value.broken] == ["/reports/guangzhou-liwan/2023-self-evaluation/#no-such-anchor"]
