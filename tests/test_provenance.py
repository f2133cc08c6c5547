"""The original documents: published beside their reports, each figure linked to its sentence."""

from __future__ import annotations

import re
import shutil
from html import unescape
from urllib.parse import unquote

from generator.build import SiteBuilder
from generator.checks.validate import validate
from generator.config import Config
from generator.views.original import blocks, fold, locate

from .fixtures_support import FIXTURE_CONTENT

LIWAN = "reports/guangzhou-liwan/2023-self-evaluation/"


def test_the_original_is_published_and_downloadable(built_site):
    source = FIXTURE_CONTENT / "sources/guangzhou-liwan/2023-self-evaluation.txt"
    assert (built_site / "sources/guangzhou-liwan/2023-self-evaluation.txt").read_bytes() == source.read_bytes()
    report = (built_site / LIWAN / "index.html").read_text("utf-8")
    assert 'href="/sources/guangzhou-liwan/2023-self-evaluation.txt" download' in report
    assert f'href="/{LIWAN}original/"' in report


def test_the_original_page_keeps_every_line_of_the_text(built_site):
    source = (FIXTURE_CONTENT / "sources/guangzhou-liwan/2023-self-evaluation.txt").read_text("utf-8")
    html = (built_site / LIWAN / "original/index.html").read_text("utf-8")
    assert "<h1>原文（文字版）：" in html and "由发布单位公开的文件提取" in html  # says what it is
    page = unescape(re.sub(r"<[^>]+>", "", html))
    for line in source.splitlines():
        text = line.strip().lstrip("#").strip()
        assert text in page, text[:40]


def test_each_linked_figure_opens_a_sentence_that_states_it(built_site):
    report = (built_site / LIWAN / "index.html").read_text("utf-8")
    original = (built_site / LIWAN / "original/index.html").read_text("utf-8")
    sentences = {m[1]: unescape(m[2]) for m in re.finditer(r'<span id="(s-\d+)">(.*?)</span>', original)}
    links = re.findall(r'<a class="origin" href="/' + LIWAN + r'original/\?hl=([^"#]+)#(s-\d+)"[^>]*>([^<]+)</a>',
                       report)
    assert len(links) >= 80
    for term, sentence, shown in links:
        term = unquote(term)
        assert term in fold(sentences[sentence]), (shown, sentences[sentence][:40])


def test_the_original_page_links_to_the_published_file_when_the_report_gives_its_address(tmp_path):
    from generator.build import build

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    text = report.read_text("utf-8")
    report.write_text(text.replace("source:\n", "source:\n  url: https://www.lw.gov.cn/jx.pdf\n", 1), "utf-8")
    build(content, tmp_path / "site")
    page = (tmp_path / "site" / LIWAN / "original/index.html").read_text("utf-8")
    assert '<a href="https://www.lw.gov.cn/jx.pdf" rel="nofollow">发布单位网站上的原文件</a>' in page


def test_a_report_without_a_text_has_no_original_page(built_site):
    page = (built_site / "reports/guangzhou-liwan/2022-self-evaluation/index.html").read_text("utf-8")
    assert 'class="origin"' not in page and "/original/" not in page
    assert not (built_site / "reports/guangzhou-liwan/2022-self-evaluation/original").exists()


def test_a_number_is_linked_where_its_label_is_not_at_an_unrelated_mention():
    validation = validate(FIXTURE_CONTENT)
    report = next(r for r in validation.content.models() if r.id == "guangzhou-liwan/2023-self-evaluation")
    text = ("其他收入 3 万元。\n\n全区共调解矛盾纠纷 3230 宗，调解成功率 99.94%。\n\n"
            "另有 3230 名群众参加活动。\n\n总支出为 6,952.31 万元。")
    found = locate(report, blocks(text))
    assert found["mediation-cases"].sentence == "s-2" and found["mediation-cases"].term == "3230"
    assert found["total-expenditure"].sentence == "s-4"  # thousands separators aside
    assert "basic-expenditure" not in found  # never stated: no link rather than a wrong one
    inside = locate(report, blocks("基本支出 15,009.03 万元，项目支出 1919.931 万元。"))
    assert "basic-expenditure" not in inside and "project-expenditure" not in inside  # parts of other numbers


def test_sources_are_checked_like_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "sources/guangzhou-liwan/2030-evaluation.pdf").write_bytes(b"%PDF-1.4")
    (content / "sources/guangzhou-liwan/2023-self-evaluation.exe").write_bytes(b"MZ")
    (content / "sources/zhanjiang/2020-self-evaluation.txt").write_bytes("原文".encode("gbk"))
    (content / "sources/notes.txt").write_text("x")
    (content / "sources/guangzhou/2024-budget-targets.pdf").symlink_to("/etc/passwd")
    codes = {(d.path.split("content/")[-1], d.code) for d in validate(content).diagnostics}
    assert ("sources/guangzhou-liwan/2030-evaluation.pdf", "source-without-report") in codes
    assert ("sources/guangzhou-liwan/2023-self-evaluation.exe", "stray-source") in codes
    assert ("sources/zhanjiang/2020-self-evaluation.txt", "not-utf8") in codes
    assert ("sources/notes.txt", "stray-source") in codes
    assert ("sources/guangzhou/2024-budget-targets.pdf", "unsafe-file") in codes


def test_a_changed_original_rewrites_its_pages_only(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    builder = SiteBuilder(Config(content, tmp_path / "site"))
    builder.build()
    source = content / "sources/guangzhou-liwan/2023-self-evaluation.txt"
    source.write_text(source.read_text("utf-8") + "\n补记一行。\n", "utf-8")
    changed = set(builder.update().changed or ())
    assert changed == {"sources/guangzhou-liwan/2023-self-evaluation.txt", LIWAN + "original/index.html"}
    assert "补记一行。" in (builder.out_dir / LIWAN / "original/index.html").read_text("utf-8")


def test_a_text_layer_from_a_pdf_marks_its_pages():
    cut = blocks("第一页的句子。\n\f第二页，总支出 6,952.31 万元。\n\f")
    assert [b.page for b in cut if b.page] == [1, 2, 3]
    second = next(b for b in cut if b.sentences and "第二页" in b.sentences[0].text)
    assert cut.index(second) > [b.page for b in cut].index(2)  # after its page's mark


def test_a_figure_link_into_a_missing_sentence_is_a_broken_link():
    from generator.outputs.links import LinksAndIds, broken_links_in

    pages = {"reports/x/2023-evaluation/index.html": LinksAndIds(
        ["/reports/x/2023-evaluation/original/?hl=6928.97#s-2",
         "/reports/x/2023-evaluation/original/?hl=1.5#s-9",
         "/reports/x/2023-evaluation/gone/?hl=1#s-1"], set())}
    ids = {"reports/x/2023-evaluation/original/index.html": {"s-1", "s-2"}}
    broken, checked = broken_links_in(pages, "/", lambda path: path in ids, lambda path: ids[path])
    assert checked == 3
    assert [b.link for b in broken] == ["/reports/x/2023-evaluation/original/?hl=1.5#s-9",
                                        "/reports/x/2023-evaluation/gone/?hl=1#s-1"]


def test_the_editors_check_keeps_texts_it_read_but_sees_a_changed_one(tmp_path):
    from generator.checks.validate import check

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    assert not [d for d in check(content).diagnostics if d.path.endswith(".txt")]
    assert not [d for d in check(content).diagnostics if d.path.endswith(".txt")]  # from the cache
    (content / "sources/zhanjiang/2020-self-evaluation.txt").write_bytes("改过的原文".encode("gbk"))
    assert [d.code for d in check(content).diagnostics if d.path.endswith(".txt")] == ["not-utf8"]
