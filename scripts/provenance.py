"""How many of each report's figures link to their sentence in the original text.

    .venv/bin/python scripts/provenance.py [--content content] [--show]

--show prints each figure beside the sentence it was located at, to check by eye.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.checks.validate import validate
from generator.loading.sources import read_text
from generator.views.original import blocks, locate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    content = validate(args.content).content
    total = found_total = 0
    print(f"{'report':45} {'figures':>7} {'located':>7}")
    for report in content.models():
        text = next((d for d in content.sources.get(report.id, ()) if d.is_text), None)
        figures = list(report.figures())
        found = locate(report, blocks(read_text(text))) if text else {}
        sentences = {s.id: s.text for b in (blocks(read_text(text)) if text else ()) for s in b.sentences}
        total += len(figures)
        found_total += len(found)
        print(f"{report.id:45} {len(figures):7} {len(found):7}")
        if args.show:
            for figure in figures:
                origin = found.get(figure.id)
                where = sentences[origin.sentence][:70] if origin else "—"
                print(f"    {figure.label[:20]:20} {figure.written or figure.value!s:>12} {figure.unit:4} | {where}")
    share = found_total / total if total else 0
    print(f"{'all':45} {total:7} {found_total:7}  ({share:.1%} located)")


if __name__ == "__main__":
    main()
