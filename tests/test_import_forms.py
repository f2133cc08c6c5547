"""Importing project forms (项目支出绩效自评表, 目标申报表) as bureaus publish them: an Excel sheet with
merged cells, a Word table, a web page, a PDF; one form or several in one file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.checks.validate import validate
from generator.importing.documents import UnreadableDocument, displayed, read_document
from generator.importing.pipeline import import_report

from .fixtures_support import FIXTURE_CONTENT
from .form_recovery import form_recovery
from .form_samples import RULES, print_pdf, write_docx, write_html, write_xlsx

WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "html": write_html}


@pytest.fixture(scope="module")
def reviewed():
    return {r.id: r for r in validate(FIXTURE_CONTENT).content.models() if r.kind.per_project}


def without_projects(tmp_path: Path) -> Path:
    """The fixture content with its project forms taken out: the imports put them back."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for path in [*(content / "reports").rglob("*-project-*.yaml")]:
        path.unlink()
    return content


def assert_recovered(reviewed_report, draft: Path) -> None:
    found = form_recovery(reviewed_report, draft.read_text("utf-8"))
    assert found.valid and found.found == found.figures and found.wrong == 0, found
    assert found.indicators_found == found.indicators, found


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_every_project_form_is_recovered_whole_from_each_format(tmp_path, reviewed, suffix):
    for report_id, report in reviewed.items():
        content = without_projects(tmp_path / report_id.replace("/", "-"))
        document = tmp_path / f"{report_id.replace('/', '-')}.{suffix}"
        WRITERS[suffix]([report], document)
        done = import_report(document, content)
        assert [p.relative_to(content).as_posix() for p in done.reports] == [f"reports/{report_id}.yaml"]
        assert_recovered(report, done.reports[0])
        assert (content / f"sources/{report_id}.{suffix}").read_bytes() == document.read_bytes()
        errors = [d for d in validate(content).diagnostics if d.level.value == "error"]
        assert not errors, errors[:3]  # the draft checks out as the reviewed file does


@pytest.mark.browser
@pytest.mark.parametrize("rules", list(RULES))
def test_a_printed_pdf_of_each_form_is_recovered_whole(tmp_path, reviewed, browser, rules):
    """Also when the form is printed without rules: its cells are put back from where the
    words sit (merged labels centred on their rows, cells aligned left or centred)."""
    for report_id, report in reviewed.items():
        content = without_projects(tmp_path / report_id.replace("/", "-"))
        document = tmp_path / f"{report_id.replace('/', '-')}.pdf"
        print_pdf([report], document, browser, rules)
        done = import_report(document, content)
        assert [p.relative_to(content).as_posix() for p in done.reports] == [f"reports/{report_id}.yaml"]
        assert_recovered(report, done.reports[0])


@pytest.mark.parametrize("layout", ["one sheet", "a sheet each", "docx", "html",
                                    pytest.param("pdf without rules", marks=pytest.mark.browser)])
def test_several_forms_in_one_file_give_one_draft_each(tmp_path, reviewed, layout, request):
    forms = [reviewed[i] for i in ("guangzhou-liwan/2023-project-targets-legal-aid",
                                   "guangzhou-liwan/2023-project-self-evaluation-legal-aid",
                                   "guangzhou-liwan/2022-project-self-evaluation-legal-aid")]
    content = without_projects(tmp_path)
    suffix = {"docx": "docx", "html": "html", "pdf without rules": "pdf"}.get(layout, "xlsx")
    document = tmp_path / f"liwan-projects.{suffix}"
    if suffix == "pdf":
        print_pdf(forms, document, request.getfixturevalue("browser"), "no rules")
    elif suffix == "xlsx":
        write_xlsx(forms, document, one_sheet=layout == "one sheet")
    else:
        WRITERS[suffix](forms, document)
    done = import_report(document, content)
    assert sorted(p.relative_to(content).as_posix() for p in done.reports) == sorted(f"reports/{r.id}.yaml"
                                                                                    for r in forms)
    for report in forms:
        assert_recovered(report, content / f"reports/{report.id}.yaml")


def test_a_sheet_shows_numbers_as_formatted_never_as_binary_floats():
    class Cell:
        def __init__(self, value, number_format="General"):
            self.value, self.number_format = value, number_format

    assert displayed(Cell(0.977, "0.00%")) == "97.70%"
    assert displayed(Cell(85.0, "0.00")) == "85.00"
    assert displayed(Cell(0.1 + 0.2)) == "0.3"
    assert displayed(Cell(1356)) == "1356"
    assert displayed(Cell(1234.5, "#,##0.00")) == "1,234.50"
    assert displayed(Cell(None)) == ""


def test_a_damaged_sheet_is_refused_with_a_reason(tmp_path):
    sheet = tmp_path / "damaged.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UnreadableDocument, match="Excel"):
        read_document(sheet)
