"""What a publication owes its readers and the sites that link to it: a description and Open
Graph card per page, canonical links on real pages only, an about page, a warning before
publishing without an address."""

from __future__ import annotations

import re
import shutil
from html import unescape

from click.testing import CliRunner

from generator.cli import main
from generator.config import Config
from generator.outputs.links import html_pages

from .fixtures_support import FIXTURE_CONTENT


def meta(page: str, attribute: str, name: str) -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return unescape(found[1]) if found else None


def test_every_page_has_its_own_description_and_an_open_graph_card(built_site):
    descriptions = {}
    for path in html_pages(built_site):
        page = path.read_text("utf-8")
        name = path.relative_to(built_site).as_posix()
        description = meta(page, "name", "description")
        assert description and len(description) >= 20, name
        descriptions[name] = description
        assert meta(page, "property", "og:title") == unescape(re.search(r"<title>(.*?) · 绩效公开</title>", page)[1])
        assert meta(page, "property", "og:description") == description
        assert meta(page, "property", "og:locale") == "zh_CN" and meta(page, "property", "og:site_name") == "绩效公开"
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"
    report = (built_site / "reports/guangzhou-liwan/2023-self-evaluation/index.html").read_text("utf-8")
    assert meta(report, "property", "og:type") == "article"
    assert "支出总额 6,952.31 万元" in meta(report, "name", "description")  # the measure's name, on every report


def test_canonical_links_are_absolute_and_only_on_real_pages(built_site):
    for path in html_pages(built_site):
        page = path.read_text("utf-8")
        name = path.relative_to(built_site).as_posix()
        canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', page)
        if name == "404.html":
            assert canonical == [] and meta(page, "property", "og:url") is None
        else:
            expected = "https://example.org/" + name.removesuffix("index.html")
            assert canonical == [expected] and meta(page, "property", "og:url") == expected


def test_the_about_page_explains_the_terms_and_how_to_report_an_error(built_site):
    about = unescape(re.sub(r"<[^>]+>", "", (built_site / "about/index.html").read_text("utf-8")))
    for term in ("未披露", "未收录", "舍入差异", "原文不一致", "同级中位数", "更正记录", "报告错误"):
        assert term in about, term
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="/about/"' in home and 'href="/about/#report-an-error"' in home
    assert '<link rel="alternate" type="application/atom+xml"' in home


def test_the_about_page_links_to_the_repository_to_report_an_error(tmp_path):
    from generator.build import SiteBuilder

    site = tmp_path / "site"
    SiteBuilder(Config(FIXTURE_CONTENT, site, repository_url="https://github.com/example/jixiao/")).build()
    about = (site / "about/index.html").read_text("utf-8")
    assert '<a href="https://github.com/example/jixiao/issues/new">' in about


def test_the_about_page_names_the_operator_and_a_contact_from_configuration(tmp_path):
    from generator.build import SiteBuilder

    site = tmp_path / "site"
    SiteBuilder(Config(FIXTURE_CONTENT, site, operator="某某研究中心", contact="editors@example.org")).build()
    about = (site / "about/index.html").read_text("utf-8")
    assert "<dt>运营单位</dt><dd>某某研究中心</dd>" in about
    assert '<a href="mailto:editors@example.org">editors@example.org</a>' in about
    SiteBuilder(Config(FIXTURE_CONTENT, site, operator="某某研究中心", contact="javascript:alert(1)")).build()
    about = (site / "about/index.html").read_text("utf-8")
    assert "<dd>javascript:alert(1)</dd>" in about and 'href="javascript' not in about  # shown, never a link
    SiteBuilder(Config(FIXTURE_CONTENT, site)).build()
    assert 'id="operator"' not in (site / "about/index.html").read_text("utf-8")


def test_building_without_a_site_address_warns_and_writes_no_relative_sitemap(tmp_path, monkeypatch):
    monkeypatch.delenv("DISCLOSURE_SITE_URL", raising=False)
    monkeypatch.delenv("URL", raising=False)
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--quiet", "--content", str(tmp_path / "content"), "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert "没有指定网站地址" in result.output and "没有指定运营单位或联系方式" in result.output
    # a setting is not a content warning: the check's summary that follows counts none, and says so
    assert "警告：" not in result.output and "构建设置：没有指定网站地址" in result.output
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap:" not in (site / "robots.txt").read_text("utf-8")
    with_address = CliRunner().invoke(main, ["build", "--quiet", "--content", str(tmp_path / "content"),
                                             "--out", str(site), "--site-url", "https://example.org"])
    assert with_address.exit_code == 0 and "没有指定网站地址" not in with_address.output
    assert "<loc>https://example.org/about/</loc>" in (site / "sitemap.xml").read_text("utf-8")
