"""Dates and the correction log come from git: built here from a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess

import feedparser
import pytest

from generator.build import SiteBuilder
from generator.config import Config

from .fixtures_support import FIXTURE_CONTENT

LIWAN = "reports/guangzhou-liwan/2023-self-evaluation/index.html"
BAIYUN = "reports/guangzhou-baiyun/2021-self-evaluation/index.html"


def git(repo, *args, when="2024-01-15T10:00:00+08:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "编辑",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """Content committed on 15 January; one figure of Liwan 2023 corrected on 2 March."""
    repo = tmp_path_factory.mktemp("repo")
    content = repo / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "收录五份报告")
    report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    text = report.read_text("utf-8")
    report.write_text(text.replace("value: 3230, unit: 宗", "value: 3231, unit: 宗", 1), "utf-8")
    git(repo, "commit", "-q", "-am", "Fix mediation count\n\n更正说明: 调解纠纷数按原文第 3 页为 3231 宗",
        when="2024-03-02T09:30:00+08:00")
    grid = content / "reports/zhanjiang/2020-self-evaluation.yaml"
    grid.write_text(grid.read_text("utf-8").replace("{id: land-count, value: 13,", "{id: land-count, value: 14,")
                    .replace("{id: assets-count, value: 1220,", "{id: assets-count, value: 1221,"), "utf-8")
    git(repo, "commit", "-q", "-am", "Update land figures", when="2024-03-05T09:30:00+08:00")
    liwan_2022 = content / "reports/guangzhou-liwan/2022-self-evaluation.yaml"
    liwan_2022.write_text(liwan_2022.read_text("utf-8") + "\n# a comment only\n", "utf-8")
    git(repo, "commit", "-q", "-am", "Tidy YAML layout", when="2024-03-09T09:30:00+08:00")
    site = repo / "site"
    SiteBuilder(Config(content, site, site_url="https://example.org")).build()
    return site


def test_a_report_page_shows_when_it_was_published_and_last_changed(corrected):
    page = (corrected / LIWAN).read_text("utf-8")
    assert '<dt>本站收录</dt><dd><time datetime="2024-01-15T10:00:00+08:00">2024-01-15</time>' in page
    assert '<dt>数据最后更改</dt><dd><time datetime="2024-03-02T09:30:00+08:00">2024-03-02</time>' in page
    other = (corrected / BAIYUN).read_text("utf-8")
    assert '<time datetime="2024-01-15T10:00:00+08:00">2024-01-15</time>' in other
    assert 'id="corrections"' not in other  # never corrected


def test_the_correction_log_names_the_figure_its_old_and_new_value_and_the_message(corrected):
    page = (corrected / LIWAN).read_text("utf-8")
    log = page[page.index('id="corrections"'):page.index('id="source"')]
    assert "2024-03-02" in log and "调解纠纷数按原文第 3 页为 3231 宗" in log  # the note to readers
    assert "全区各人民调解组织调解矛盾纠纷：3230 宗 → 3231 宗" in log
    assert log.count("<li>") == 2  # one revision, one changed figure
    assert "Fix mediation count" not in page  # a developer's subject line is never shown
    grid = (corrected / "reports/zhanjiang/2020-self-evaluation/index.html").read_text("utf-8")
    assert "一、土地、房屋及构筑物 数量：13 项 → 14 项" in grid  # a grid cell, named by its row and column
    assert "Update land figures" not in grid  # the figures' changes alone, without a note


def test_a_commit_that_changes_no_figure_and_says_nothing_to_readers_is_no_correction(corrected):
    page = (corrected / "reports/guangzhou-liwan/2022-self-evaluation/index.html").read_text("utf-8")
    assert 'id="corrections"' not in page and "Tidy YAML layout" not in page
    assert '<dt>数据最后更改</dt><dd><time datetime="2024-01-15T10:00:00+08:00">' in page  # as published


def test_the_atom_feed_lists_new_and_corrected_reports(corrected):
    feed = feedparser.parse((corrected / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title.startswith("绩效公开")
    assert feed.feed.links[0].href == "https://example.org/feed.xml"
    published = len(list((FIXTURE_CONTENT / "reports").glob("*/*.yaml")))
    assert len(feed.entries) == published + 2  # every report published, two corrections
    newest = feed.entries[1]
    assert newest.title == "更正：2023年度广州市荔湾区司法局部门整体支出绩效自评报告"
    assert newest.link == "https://example.org/reports/guangzhou-liwan/2023-self-evaluation/#corrections"
    assert newest.updated == "2024-03-02T09:30:00+08:00"
    assert "3230 宗 → 3231 宗" in newest.summary
    assert len({e.id for e in feed.entries}) == published + 2
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
    assert feed.entries[0].title.startswith("更正：") and all(e.title.startswith("新收录：") for e in feed.entries[2:])


def test_outside_git_pages_state_no_dates_and_the_feed_is_empty_but_valid(tmp_path):
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    SiteBuilder(Config(tmp_path / "content", tmp_path / "site")).build()
    page = (tmp_path / "site" / LIWAN).read_text("utf-8")
    assert "数据最后更改" not in page and "本站收录" not in page
    feed = feedparser.parse((tmp_path / "site/feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10" and feed.entries == []
