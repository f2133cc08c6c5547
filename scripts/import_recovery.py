"""How much of each reviewed report `disclosure import` recovers from its original, as text, as a
PDF printed by chromium (embedded Chinese font, running header, page numbers) and as a .docx.

    .venv/bin/python scripts/import_recovery.py [--content content]

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

from generator.checks.validate import validate
from generator.importing.pipeline import known_bureaus
from tests.import_recovery import recovery_of
from tests.import_samples import print_pdf, write_docx


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args()
    content = validate(args.content).content
    bureaus = known_bureaus(args.content)
    totals: dict[str, list[int]] = {}
    print(f"{'report':40} {'from':5} {'money':>9} {'all':>9} {'imported':>8} {'wrong':>5} {'extra':>5} "
          f"{'unfinished':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for report in content.reports:
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


if __name__ == "__main__":
    main()
