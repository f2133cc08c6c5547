"""Narrative Markdown: inert when hostile, faithful when Chinese."""

import pytest

from generator.views.markdown import render

pytestmark = pytest.mark.unit


def test_raw_html_is_escaped_not_executed():
    html = render('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_unsafe_link_schemes_are_not_links():
    for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,<b>x</b>", "file:///etc/passwd"]:
        html = render(f"[x]({url}) ![y]({url})")
        assert "href" not in html and "src=" not in html, url


def test_safe_links_are_kept():
    html = render("[a](https://www.gz.gov.cn/) [b](../reports/) [c](mailto:a@b.cn)")
    assert html.count("<a href=") == 3


def test_chinese_bold_lead_ins_close():
    html = render("**统筹全面依法治区工作。**印发《要点》。**法律顾问作用成效显著。**指导")
    assert html == ("<p><strong>统筹全面依法治区工作。</strong>印发《要点》。"
                    "<strong>法律顾问作用成效显著。</strong>指导</p>\n")


def test_underscores_inside_words_stay_literal():
    assert render("snake_case_word") == "<p>snake_case_word</p>\n"


def test_numbered_items_keep_their_published_numbers():
    html = render("12. 协助管理公证业务。\n14. 承办其他事项。")
    assert '<span class="num-label">12.</span>' in html
    assert '<span class="num-label">14.</span>' in html
    assert "13." not in html and "start=" not in html
