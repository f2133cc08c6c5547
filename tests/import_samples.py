"""Real PDF and Word files made from a report's text, to measure imports against: the PDF is
printed by chromium (an embedded Chinese font, a text layer, a running header and page
numbers on every page, as bureaus' PDFs have); the .docx is written by python-docx with
the text's tables as Word tables."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from generator.importing.documents import Line, Table, _text_blocks


def _html(text: str, title: str) -> str:
    body = []
    for block in _text_blocks(text, 1):
        if isinstance(block, Table):
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block.rows)
            body.append(f"<table>{rows}</table>")
        elif isinstance(block, Line) and block.text.strip():
            body.append(f"<p>{html.escape(block.text.strip().lstrip('#').strip())}</p>")
    return (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;font-size:12pt;}"
            "table{border-collapse:collapse;width:100%;}td{border:1px solid #000;padding:2pt;font-size:9pt;}"
            "</style></head><body>" + "".join(body) + "</body></html>")


def print_pdf(text: str, out: Path, header: str, browser: Any = None, chromium: str = "/usr/bin/chromium") -> None:
    """browser: a Playwright browser already running (a test's); otherwise Debian's chromium is started."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            started = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            print_pdf(text, out, header, started)
            started.close()
        return
    page = browser.new_page()
    page.set_content(_html(text, header))
    page.pdf(path=str(out), format="A4", display_header_footer=True,
             header_template=f"<div style='font-size:8pt;width:100%;text-align:center'>{html.escape(header)}</div>",
             footer_template="<div style='font-size:8pt;width:100%;text-align:center'>"
                             "- <span class='pageNumber'></span> -</div>",
             margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"})
    page.close()


def write_docx(text: str, out: Path) -> None:
    import docx

    document = docx.Document()
    for block in _text_blocks(text, 1):
        if isinstance(block, Table):
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif isinstance(block, Line) and block.text.strip():
            document.add_paragraph(block.text.strip().lstrip("#").strip())
    document.save(str(out))
