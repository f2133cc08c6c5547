"""How much of each reviewed report `disclosure import` recovers from its original, as text, as a
PDF printed by chromium (embedded Chinese font, running header, page numbers) and as a .docx;
then how much of each reviewed project form (from --forms, by default the test fixtures') it
recovers from an Excel sheet with merged cells, a Word table, a web page and a printed PDF.

    .venv/bin/python scripts/import_recovery.py [--content content] [--forms tests/fixtures/content]

Recovered: a reviewed figure has an imported one with the same value and unit. Wrong: an
imported figure names a reviewed one but gives another value or unit. Extra: it names none
(the reviewed file need not hold every number). Unfinished: its unit was left 【待填写】.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the measuring helpers live in tests/

import shutil

from generator.checks.validate import validate
from generator.errors import Failure
from generator.importing.pipeline import import_report, known_bureaus
from tests.form_recovery import form_recovery
from tests.form_samples import print_pdf as print_form
from tests.form_samples import write_docx as write_form_docx
from tests.form_samples import write_html, write_xlsx
from tests.import_recovery import recovery_of
from tests.import_samples import print_pdf, write_docx


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--forms", type=Path, default=Path("tests/fixtures/content"))
    args = parser.parse_args()
    department_reports(args.content)
    project_forms(args.forms)


def department_reports(content_dir: Path) -> None:
    content = validate(content_dir).content
    bureaus = known_bureaus(content_dir)
    totals: dict[str, list[int]] = {}
    print(f"{'report':40} {'from':5} {'money':>9} {'all':>9} {'imported':>8} {'wrong':>5} {'extra':>5} "
          f"{'unfinished':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for report in content.models():
            text = next((d for d in content.sources.get(report.id, ()) if d.is_text), None)
            if text is None:
                continue
            pdf, docx = Path(tmp) / f"{text.path.stem}.pdf", Path(tmp) / f"{text.path.stem}.docx"
            words = text.path.read_text("utf-8")
            print_pdf(words, pdf, f"{report.source.issuer} {report.title}")
            write_docx(words, docx)
            for path in (text.path, pdf, docx):
                r = recovery_of(path, report, bureaus)
                sums = totals.setdefault(path.suffix, [0] * 6)
                for i, n in enumerate((r.money, r.money_found, r.total, r.found, r.imported, r.wrong)):
                    sums[i] += n
                print(f"{report.id:40} {path.suffix:5} {r.money_found:4}/{r.money:<4} {r.found:4}/{r.total:<4} "
                      f"{r.imported:8} {r.wrong:5} {r.extra:5} {r.unfinished:10}")
    for suffix, (money, money_found, total, found, imported, wrong) in totals.items():
        print(f"all reports from {suffix}: money {money_found / money:.1%} recovered, all figures "
              f"{found / total:.1%}, wrong {wrong / imported:.1%} of {imported} imported")


def project_forms(content_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    forms = [r for r in validate(content_dir).content.models() if r.kind.per_project]
    print(f"\n{'project form':55} {'from':5} {'figures':>9} {'wrong':>5} {'indicators':>10} {'valid':>5}")
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        writers = {"xlsx": write_xlsx, "docx": write_form_docx, "html": write_html,
                   "pdf": lambda reports, out: print_form(reports, out, browser),
                   "pdf, no rules": lambda reports, out: print_form(reports, out, browser, "no rules"),
                   "pdf, no rules, centred": lambda reports, out: print_form(reports, out, browser,
                                                                             "no rules, centred")}
        for report in forms:
            for suffix, write in writers.items():
                content = Path(tmp) / f"{report.id.replace('/', '-')}-{suffix}"
                shutil.copytree(content_dir, content)
                for path in (content / "reports").rglob("*-project-*.yaml"):
                    path.unlink()
                extension = suffix.split(",")[0]
                document = Path(tmp) / f"{report.id.replace('/', '-')}-{suffix.replace(', ', '-')}.{extension}"
                write([report], document)
                try:
                    done = import_report(document, content, bureau=report.bureau.id if "," in suffix else None)
                    r = form_recovery(report, done.reports[0].read_text("utf-8"))
                except Failure as failure:
                    print(f"{report.id:55} {suffix:5} import failed: {failure}")
                    r = form_recovery(report, "")
                sums = totals.setdefault(suffix, [0] * 5)
                for i, n in enumerate((r.figures, r.found, r.wrong, r.indicators, r.indicators_found)):
                    sums[i] += n
                print(f"{report.id:55} {suffix:5} {r.found:4}/{r.figures:<4} {r.wrong:5} "
                      f"{r.indicators_found:4}/{r.indicators:<5} {str(r.valid):>5}")
        browser.close()
    for suffix, (figures, found, wrong, indicators, indicators_found) in totals.items():
        print(f"all forms from {suffix}: figures {found / figures:.1%} recovered, wrong {wrong / figures:.1%}, "
              f"indicators {indicators_found} of {indicators} with every value")


if __name__ == "__main__":
    main()
