"""`disclosure import`: real documents in, a draft report out. The five reviewed reports are
imported from their text and from a PDF (printed by chromium with an embedded Chinese font)
and a .docx made from it; a county bureau's web page in wording none of them uses shows the
importer was not built for five texts."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from click.testing import CliRunner

from generator.checks.validate import validate
from generator.cli import main
from generator.importing.cleaning import clean
from generator.importing.documents import Line, Table, UnreadableDocument, read_document
from generator.importing.draft import parts_of
from generator.importing.pipeline import known_bureaus
from generator.importing.recognise import Found, recognise
from generator.loading.yamlload import load_yaml

from .fixtures_support import FIXTURE_CONTENT
from .import_recovery import recovery_of
from .import_samples import print_pdf, write_docx

COUNTY_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>政务公开</title>
<script>var banner = "不应导入 999 万元";</script><style>p{color:red}</style></head><body>
<nav>首页 | 政务公开 | 财政预决算</nav>
<h1>青山县司法局2023年度部门整体支出绩效自评报告</h1>
<p>一、部门概况</p>
<p>（一）主要职能</p>
""" + "".join(f"<p>({n})负责第{n}项司法行政工作。</p>" for n in range(1, 12)) + """
<p>（二）部门收支及预算执行情况</p>
<p>2023年度部门收入合计3,456,789.12元，其中财政拨款收入3,400,000.00元，其他收入56,789.12元。
支出合计3,300,000.50元，其中基本支出2,800,000.50元，项目支出500,000.00元，预算执行率95.46%。
按经济分类划分：工资福利支出2,100,000.00元，商品和服务支出1,200,000.50元。</p>
<p>二、绩效自评情况</p>
<table>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th><th>实际完成值</th><th>分值</th><th>得分</th></tr>
<tr><td>产出指标</td><td>数量指标</td><td>法律援助案件数</td><td>≥1000件</td><td>1024件</td><td>10</td><td>10</td></tr>
<tr><td></td><td>质量指标</td><td>人民调解成功率</td><td>≥95%</td><td>98.6%</td><td>10</td><td>9</td></tr>
<tr><td>满意度指标</td><td>服务对象满意度</td><td>群众满意度</td><td>≥90%</td><td>93%</td><td>10</td><td>10</td></tr>
</table>
<p>经自评，我局部门整体支出绩效自评得分为92.5分，自评等级为良。</p>
<p>全年共办理法律援助案件 1,024 件，人民调解成功率达 98.6%，办理公证 2300余件，开展普法活动
近 300 场。</p>
<p>三、存在的问题</p>
<p>（一）预算编制精细化程度不够。</p>
<p>（二）绩效目标设置不够科学。</p>
<p>四、下一步改进措施</p>
<p>1.加强预算编制管理，提高预算执行率。</p>
<p>2.完善绩效目标设置，细化量化指标。</p>
<footer>版权所有 青山县人民政府 第 1 页</footer>
</body></html>"""


def _reviewed():
    content = validate(FIXTURE_CONTENT).content
    return [(r, next(d for d in content.sources[r.id] if d.is_text).path)
            for r in content.models() if r.id in content.sources]


def _checkrecovery_of(results):
    money = sum(r.money for r in results)
    money_found = sum(r.money_found for r in results)
    total, found = sum(r.total for r in results), sum(r.found for r in results)
    imported, wrong = sum(r.imported for r in results), sum(r.wrong for r in results)
    # Measured 100% / 96.5% / 0.0% (README); the floors keep a regression from passing unseen.
    assert money_found / money >= 0.99 and found / total >= 0.95 and wrong / imported <= 0.01


def test_the_reviewed_reports_are_recovered_from_their_text():
    bureaus = known_bureaus(FIXTURE_CONTENT)
    results = [recovery_of(path, report, bureaus) for report, path in _reviewed()]
    assert len(results) == 5
    _checkrecovery_of(results)


@pytest.mark.browser
def test_the_reviewed_reports_are_recovered_from_a_pdf_and_a_docx(tmp_path, browser):
    bureaus = known_bureaus(FIXTURE_CONTENT)
    from_pdf, from_docx = [], []
    for report, path in _reviewed():
        text = path.read_text("utf-8")
        pdf, docx = tmp_path / f"{path.stem}.pdf", tmp_path / f"{path.stem}.docx"
        print_pdf(text, pdf, f"{report.source.issuer} {report.title}", browser)
        write_docx(text, docx)
        assert pdf.read_bytes().startswith(b"%PDF") and read_document(pdf).pages >= 3  # running header, page numbers
        from_pdf.append(recovery_of(pdf, report, bureaus))
        from_docx.append(recovery_of(docx, report, bureaus))
    _checkrecovery_of(from_pdf)
    _checkrecovery_of(from_docx)


def test_extraction_noise_is_removed_and_the_words_kept():
    lines = [Line("青山县司法局", 1), Line("2023年度部门整体支出绩效自评报告", 1), Line("一、基本情况", 1),
             Line("全年办理法律援助案件 1,024 件，较上", 1), Line("- 1 -", 1), Line("青山县司法局", 2),
             Line("年增长 5% ，调解 成 功 率 $\\geq 95\\%$。", 2), Line("第 2 页", 2), Line("青山县司法局", 3),
             Line("二、存在问题", 3), Line("3", 3)]
    from generator.importing.documents import Document
    cleaned = clean(Document("x.pdf", "pdf", tuple(lines), 3))
    texts = [p.text for p in cleaned]
    assert "全年办理法律援助案件 1,024 件，较上年增长 5% ，调解成功率 ≥95%。" in texts  # joined across the page break
    assert "- 1 -" not in texts and "3" not in texts and "第 2 页" not in texts
    assert texts.count("青山县司法局") == 0  # the running header, on every page


def test_an_unseen_county_web_page(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(COUNTY_PAGE, "utf-8")
    document = read_document(page)
    assert not any("不应导入" in b.text for b in document.blocks if isinstance(b, Line))  # script left out
    assert any(isinstance(b, Table) for b in document.blocks)
    found = recognise(clean(document), known_bureaus(FIXTURE_CONTENT))
    assert found.title == "青山县司法局2023年度部门整体支出绩效自评报告"
    assert (found.year, found.kind, found.bureau, found.bureau_name) == (2023, "self-evaluation", None, "青山县司法局")
    money = {f.label: (f.value, f.unit) for figures in found.money.values() for f in figures}
    assert money["财政拨款收入"] == ("3400000.00", "元") and money["基本支出"] == ("2800000.50", "元")
    assert money["部门收入"] == ("3456789.12", "元") and money["预算执行率"] == ("95.46", "%")
    assert all(f.written is None for figures in found.money.values() for f in figures)  # 3,456,789.12 is a plain number
    results = {f.label: (f.value, f.unit, f.written) for figures in found.results.values() for f in figures}
    assert results["办理法律援助案件"] == ("1024", "件", None)
    assert results["办理公证"] == ("2300", "件", "2300余件")
    assert results["开展普法活动"] == ("300", "场", "近 300 场")
    assert [(i.name, i.target, i.actual) for i in found.indicators][1] == ("人民调解成功率", "≥95%", "98.6%")
    assert found.indicators[1].level1 == "产出指标" and found.indicators[2].level1 == "满意度指标"
    assert (found.score, found.grade) == ("92.5", "良")
    assert [n for n, _ in found.functions] == [f"({n})" for n in range(1, 12)]
    assert found.problems == ["（一）预算编制精细化程度不够。", "（二）绩效目标设置不够科学。"]
    assert len(found.measures) == 2 and found.measures[0].startswith("1.加强预算编制管理")


def test_the_command_drafts_a_report_and_a_new_bureau_and_checks_them(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    page = tmp_path / "qingshan.html"
    page.write_text(COUNTY_PAGE, "utf-8")
    without = CliRunner().invoke(main, ["import", str(page), "--content", str(content)])
    assert without.exit_code == 1 and "青山县司法局" in without.output and "--bureau" in without.output
    result = CliRunner().invoke(main, ["import", str(page), "--content", str(content), "--bureau", "qingshan"])
    assert result.exit_code == 0, result.output
    report = content / "reports/qingshan/2023-self-evaluation.yaml"
    assert (content / "sources/qingshan/2023-self-evaluation.html").read_bytes() == page.read_bytes()
    # Its text layer sits beside it, so the site can link each figure to its sentence.
    layer = (content / "sources/qingshan/2023-self-evaluation.txt").read_text("utf-8")
    assert "支出合计3,300,000.50元" in layer and "不应导入" not in layer
    assert "绩效指标：3" in result.output and "自评得分：92.5，等级 良" in result.output
    text = report.read_text("utf-8")
    assert "# 第 1 页：" in text and "value: 3400000.00, unit: \"元\"" in text
    draft_data = load_yaml(text.encode(), "draft")[0].data
    figures = {f["id"]: f for t in draft_data["money"] for f in t["figures"]}
    totals = {f["label"]: f.get("parts") for f in figures.values() if f.get("parts")}
    assert len(totals["部门收入"]) == 2  # parts found by their sum
    # 支出 is split twice, by kind and by economic class: the second split restates the total.
    splits = [[figures[p]["label"] for p in f["parts"]] for f in figures.values() if f["label"] == "支出"]
    assert splits == [["基本支出", "项目支出"], ["工资福利支出", "商品和服务支出"]]
    # The draft passes its schema; what is left is the new bureau's placeholders.
    diagnostics = validate(content).diagnostics
    errors = {(d.path.split("content/")[-1], d.code) for d in diagnostics if d.level.value == "error"}
    assert errors == {("bureaus/qingshan.yaml", "placeholder")}, errors
    again = CliRunner().invoke(main, ["import", str(page), "--content", str(content), "--bureau", "qingshan"])
    assert again.exit_code == 1 and "已存在" in again.output  # never overwritten without --force


def test_a_known_bureaus_report_is_drafted_valid_from_its_text(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    source = content / "sources/guangzhou-baiyun/2021-self-evaluation.txt"
    original = tmp_path / "baiyun.txt"
    shutil.move(source, original)
    (content / "reports/guangzhou-baiyun/2021-self-evaluation.yaml").unlink()
    result = CliRunner().invoke(main, ["import", str(original), "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "reports/guangzhou-baiyun/2021-self-evaluation.yaml" in result.output
    diagnostics = validate(content).diagnostics
    assert not [d for d in diagnostics if d.level.value == "error"], diagnostics[:3]
    # The parts the import found let validate show the source's own rounding gap at once.
    assert "「支出总额」原文为 6,067.65 万元；基本支出 4,764.05 + 项目支出 1,303.61 = 6,067.66 万元" in result.output


def test_parts_written_again_are_not_another_split():
    def found(label, value):
        return Found(label, value, "万元", None, 1, "", True)
    # 支出预算 copies 收入预算's sentence (其中：一般公共预算收入…): the same parts, not a second split.
    figures = [found("收入预算", "5582.07"), found("一般公共预算收入", "5582.07"), found("政府性基金收入", "0.00"),
               found("一般公共预算收入", "5582.07"), found("政府性基金收入", "0.00")]
    assert parts_of(figures) == {0: [[1, 2]]}
    # Zeros left after a list, then the next total: they add up to the first total too, but
    # are no split of it; nor is 0.00 a total of the zeros after it.
    figures = [found("收入预算", "5582.07"), found("一般公共预算收入", "5582.07"), found("政府性基金收入", "0.00"),
               found("国有资本经营预算", "0.00"), found("其他资金", "0.00"), found("支出预算", "5582.07")]
    assert parts_of(figures) == {0: [[1, 2]]}


def test_a_scan_without_text_and_a_broken_file_get_a_clear_message(tmp_path):
    scan = tmp_path / "scan.pdf"
    # A page with a drawing and no text at all, as a scanner's image-only PDF.
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                     b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                     b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
                     b"4 0 obj<</Length 21>>stream\n0 0 m 100 100 l S\nendstream endobj\n"
                     b"trailer<</Root 1 0 R>>\n%%EOF\n")
    with pytest.raises(UnreadableDocument, match="扫描件"):
        read_document(scan)
    broken = tmp_path / "report.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UnreadableDocument, match="docx"):
        read_document(broken)
    with pytest.raises(UnreadableDocument, match="支持"):
        read_document(tmp_path / "report.exe")


def test_points_and_functions_are_listed_one_item_each():
    from generator.importing.documents import Document

    lines = [Line("某县司法局2023年度部门整体支出绩效自评报告", 1), Line("一、基本情况", 1),
             Line("（一）部门概况", 1), Line("本局是县政府工作部门，主要职责如下：", 1),
             Line("(一)负责全县法治宣传教育工作，组织实施普法规划。", 1),
             Line("(二)承担县委全面依法治县委员会办公室日常工作。", 1),
             Line("(三)指导、监督全县人民调解工作和社区矫正工作。", 1),
             Line("三、存在的主要问题", 1),
             Line("一是预算编制不够精细；二是绩效目标不够量化，三是档案管理有待规范。", 1),
             Line("四、下一步改进措施", 1), Line("（一）细化预算编制。", 1), Line("（二）量化绩效目标。", 1)]
    found = recognise(clean(Document("x.txt", "txt", tuple(lines), 1)), {})
    assert found.problems == ["一是预算编制不够精细", "二是绩效目标不够量化", "三是档案管理有待规范。"]
    assert found.measures == ["（一）细化预算编制。", "（二）量化绩效目标。"]
    # Functions listed under 部门概况, known by their duty verbs.
    assert [n for n, _ in found.functions] == ["(一)", "(二)", "(三)"]


def test_radicals_in_a_text_layer_import_as_the_characters_they_show(tmp_path):
    """A PDF's text layer may carry ⽀ for 支 and ⻔ for 门 (as chromium prints with Noto CJK, and as
    bureaus' PDFs do): the import must find exactly what it finds in the ordinary text."""
    bureaus = known_bureaus(FIXTURE_CONTENT)
    radical_of = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}
    radical_of.update({"门": "⻔", "长": "⻓", "页": "⻚", "见": "⻅", "马": "⻢", "车": "⻋", "贝": "⻉"})
    for _, path in _reviewed():
        text = path.read_text("utf-8")
        radicals = text.translate(str.maketrans(radical_of))
        assert sum(c in radical_of.values() for c in radicals) > 100  # ⽀出, 收⼊, 部⻔ …
        seen = tmp_path / path.name
        seen.write_text(radicals, "utf-8")
        assert recognise(clean(read_document(seen)), bureaus) == recognise(clean(read_document(path)), bureaus)
