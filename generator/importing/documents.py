"""A published document read into lines and tables, page by page, whatever its format."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

from ..errors import Failure
from .layout import tables

# Limits checked before and while reading: a hostile file costs seconds and megabytes, not hours
# and gigabytes. Real reports are a few MB and tens of pages.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_TEXT_DOCUMENT_BYTES = 5 * 1024 * 1024  # a text or web page: every byte of it is read as text
MAX_PAGES = 300
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a Word file's parts, decompressed, all together
MAX_PACKING_RATIO = 200  # a part that unpacks to more than this many times its size is a zip bomb
MAX_PARTS = 5_000
WORD_GAP = 1.5  # points: wider gaps between characters split words, so a space splits cells
SCANNED_CHARS_PER_PAGE = 20  # fewer characters of text than this a page: a scan, not a text


class UnreadableDocument(Failure):
    """Why a file cannot be imported, in Chinese, for the editor."""


@dataclass(frozen=True)
class Line:
    text: str
    page: int


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    page: int


Block = Line | Table


@dataclass(frozen=True)
class Document:
    name: str  # the file's name, as the draft's source.document
    suffix: str
    blocks: tuple[Block, ...]
    pages: int


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower().lstrip(".")
    readers = {"txt": _text, "md": _text, "pdf": _pdf, "docx": _docx, "html": _html, "htm": _html, "xlsx": _xlsx}
    if suffix not in readers:
        raise UnreadableDocument(f"不能导入 .{suffix[:10]} 文件：支持 PDF、Word（.docx）、Excel（.xlsx）、网页（.html）"
                                 "和文本（.txt）")
    if not path.is_file():
        raise UnreadableDocument("找不到这个文件")
    limit = MAX_TEXT_DOCUMENT_BYTES if suffix in ("txt", "md", "html", "htm") else MAX_DOCUMENT_BYTES
    if path.stat().st_size > limit:
        raise UnreadableDocument(f"文件超过 {limit // 1024 // 1024} MB，不导入：公开的报告不会这么大，"
                                 "请确认是不是选错了文件")
    blocks, pages = readers[suffix](path)
    return Document(path.name, suffix, tuple(_folded(b) for b in blocks), pages)


# PDF text layers often carry radicals where the page shows ordinary characters (⽀ for 支, ⻔ for
# 门): fonts map those glyphs to the radical blocks. The Kangxi radicals fold by NFKC; of the
# supplement, NFKC folds two, and these are the simplified characters it holds.
_RADICALS = str.maketrans({
    **{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)},
    **{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (0x2E9F, 0x2EF3)},
    **dict(zip("⺠⻄⻅⻆⻈⻉⻋⻍⻑⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰",
               "民西见角讠贝车辶長长门青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙", strict=True))})


def fold_radicals(text: str) -> str:
    return text.translate(_RADICALS)


def _folded(block: Block) -> Block:
    if isinstance(block, Line):
        return Line(fold_radicals(block.text), block.page)
    return Table(tuple(tuple(fold_radicals(cell) for cell in row) for row in block.rows), block.page)


def text_layer(document: Document) -> str:
    """The document's text as read, page by page (pages apart by form feeds), tables as
    tab-separated rows: what the site shows as the original and links each figure into."""
    pages: list[list[str]] = [[] for _ in range(max(document.pages, 1))]
    for block in document.blocks:
        lines = [block.text] if isinstance(block, Line) else ["\t".join(row) for row in block.rows]
        pages[min(block.page, len(pages)) - 1] += lines
    return "\f".join("\n".join(lines) for lines in pages) + "\n"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _text_blocks(text: str, page: int) -> list[Block]:
    """Lines of a text; runs of tab-separated lines (a table copied as text) become a table."""
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    for line in text.splitlines():
        if "\t" in line:
            rows.append(tuple(_cells(line)))
            continue
        if rows:
            blocks.append(Table(tuple(rows), page))
            rows = []
        blocks.append(Line(line, page))
    if rows:
        blocks.append(Table(tuple(rows), page))
    return blocks


def _text(path: Path) -> tuple[list[Block], int]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_bytes().decode("gb18030")  # what Chinese Windows saves text as
        except UnicodeDecodeError as error:
            raise UnreadableDocument("文本文件既不是 UTF-8 也不是 GB18030 编码") from error
    pages = text.split("\f")  # a form feed is a page break in text extracted from a PDF
    return [b for n, page in enumerate(pages, 1) for b in _text_blocks(page, n)], len(pages)


def _pdf(path: Path) -> tuple[list[Block], int]:
    import pdfplumber

    blocks: list[Block] = []
    characters = 0
    try:
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
            if count > MAX_PAGES:
                raise UnreadableDocument(f"这个 PDF 有 {count} 页，超过上限 {MAX_PAGES} 页；请只导入报告本身")
            for number, page in enumerate(pdf.pages, 1):
                found = page.find_tables()
                ruled = [t.bbox for t in found]
                loose = tables(page.filter(partial(_outside, boxes=ruled)).extract_words(x_tolerance=WORD_GAP))
                boxes = ruled + [(0, t.top, page.width, t.bottom) for t in loose]

                placed: list[tuple[float, Block]] = []
                for line in page.filter(partial(_outside, boxes=boxes)).extract_text_lines(strip=True):
                    placed.append((line["top"], Line(line["text"], number)))
                    characters += len(line["text"])
                for table in found:
                    rows = tuple(tuple((c or "").replace("\n", "") for c in row) for row in table.extract())
                    placed.append((table.bbox[1], Table(rows, number)))
                    characters += sum(len(c) for row in rows for c in row)
                for region in loose:
                    placed.append((region.top, Table(region.rows, number)))
                    characters += sum(len(c) for row in region.rows for c in row)
                blocks += [b for _, b in sorted(placed, key=lambda p: p[0])]
    except UnreadableDocument:
        raise
    except Exception as error:  # pdfminer raises many kinds on a damaged file; none may escape as a traceback
        raise UnreadableDocument("这个 PDF 无法读取，可能已损坏、不完整或加密") from error
    if characters < SCANNED_CHARS_PER_PAGE * max(count, 1):
        raise UnreadableDocument("这个 PDF 没有文字层（可能是扫描件）：请先用 OCR 软件识别文字，"
                                 "或找原文的 Word 或网页版本")
    return blocks, count


def _outside(obj: dict, boxes: list) -> bool:
    return not any(x0 <= obj["x0"] and obj["x1"] <= x1 and top <= obj["top"] and obj["bottom"] <= bottom
                   for x0, top, x1, bottom in boxes)


def _docx(path: Path) -> tuple[list[Block], int]:
    import zipfile

    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    unreadable = "这个 Word 文件无法读取：请确认是 .docx 格式（旧的 .doc 请先另存为 .docx）"
    try:
        with zipfile.ZipFile(path) as package:
            _check_packing(package.infolist())
        document = docx.Document(str(path))
    except UnreadableDocument:
        raise
    except Exception as error:  # zipfile, lxml and python-docx raise many kinds on a damaged file
        raise UnreadableDocument(unreadable) from error
    blocks: list[Block] = []
    page = 1
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(Line(item.text, page))
            page += len(item.rendered_page_breaks) + item.text.count("\f") + _hard_breaks(item)
        elif isinstance(item, DocxTable):
            rows = []
            for row in item.rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:  # a merged cell is listed once per column it spans
                    cells.append("" if cell._tc is previous else cell.text.strip())
                    previous = cell._tc
                rows.append(tuple(cells))
            blocks.append(Table(tuple(rows), page))
    return blocks, page


def _check_packing(parts: list, what: str = "Word") -> None:
    """A .docx or .xlsx is a zip: refuse one whose parts would unpack to too much before unpacking any."""
    if len(parts) > MAX_PARTS:
        raise UnreadableDocument(f"这个 {what} 文件有 {len(parts)} 个部件，超过上限 {MAX_PARTS}，不导入")
    if sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(f"这个 {what} 文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，不导入")
    if any(p.file_size > MAX_PACKING_RATIO * max(p.compress_size, 1) and p.file_size > 1024 * 1024 for p in parts):
        raise UnreadableDocument(f"这个 {what} 文件的压缩比异常（可能是“压缩炸弹”），不导入")


MAX_SHEET_CELLS = 200_000  # a form is a few hundred cells; a sheet of millions is not a report


def _xlsx(path: Path) -> tuple[list[Block], int]:
    """Each worksheet as one table, a page each. A merged cell's text stands in its first column and
    is carried down the rows it spans (so 一级/二级 labels reach every row they head); numbers as
    the sheet displays them, never a float's repr."""
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(path) as package:
            _check_packing(package.infolist(), "Excel")
        book = openpyxl.load_workbook(path, data_only=True)
    except UnreadableDocument:
        raise
    except Exception as error:  # zipfile, openpyxl and its XML parser raise many kinds on a damaged file
        raise UnreadableDocument("这个 Excel 文件无法读取：请确认是 .xlsx 格式"
                                 "（旧的 .xls 请先另存为 .xlsx）") from error
    blocks: list[Block] = []
    for number, sheet in enumerate(book.worksheets, 1):
        if sheet.max_row * sheet.max_column > MAX_SHEET_CELLS:
            raise UnreadableDocument(f"工作表「{sheet.title[:20]}」超过 {MAX_SHEET_CELLS} 个单元格，不导入")
        grid = [[displayed(cell) for cell in row] for row in sheet.iter_rows()]
        for merged in sheet.merged_cells.ranges:
            text = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = text if c == merged.min_col else ""
        rows = tuple(tuple(row) for row in grid if any(row))
        if rows:
            blocks.append(Table(rows, number))
    return blocks, max(len(book.worksheets), 1)


def displayed(cell: object) -> str:
    """A cell's value as the sheet shows it: a number with its format's decimals (0.00 → 85.00)
    or as a percentage (0.00% → 97.70%), from its shortest decimal form, not its binary float."""
    from decimal import ROUND_HALF_UP, Decimal

    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value).strip()
    pattern = str(getattr(cell, "number_format", "General")).split(";")[0]
    # General shows at most 11 significant digits: 0.1 + 0.2 reads 0.3, not its binary float.
    number = Decimal(f"{value:.11g}" if pattern == "General" else repr(value)) if isinstance(value, float) \
        else Decimal(value)
    percent = "%" in pattern
    if percent:
        number *= 100
    decimals = re.search(r"\.(0+)", pattern)
    if decimals:
        number = number.quantize(Decimal(1).scaleb(-len(decimals[1])), rounding=ROUND_HALF_UP)
    elif pattern in ("0", "0%", "#,##0", "#,##0%"):
        number = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    text = format(number, ",f" if "#,##" in pattern else "f")
    if not decimals and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def _hard_breaks(paragraph: object) -> int:
    """Page breaks typed into a paragraph (w:br w:type="page")."""
    element = getattr(paragraph, "_p", None)
    if element is None:
        return 0
    return sum(1 for br in element.iter() if br.tag.endswith("}br") and br.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type") == "page")


class _HtmlText(HTMLParser):
    """Block-level text and tables of a web page; scripts, styles and site navigation left out."""

    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "td", "th"}
    SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skipping = 0
        self.table: list[tuple[str, ...]] | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)  # the open cell's rowspan and colspan
        self.below: dict[int, tuple[str, int]] = {}  # column → (text, rows) a rowspan still covers

    def _flush(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self.text)).strip()
        if line:
            self.blocks.append(Line(line, 1))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "table" and self.table is None:
            self._flush()
            self.table = []
        elif self.table is not None and tag == "tr":
            self.row = []
            self._covered()
        elif self.table is not None and tag in ("td", "th"):
            self.cell = []
            spans = dict(attrs)
            self.span = (_span(spans.get("rowspan")), _span(spans.get("colspan")))
        elif tag in self.BLOCKS and self.table is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "table" and self.table is not None:
            self.blocks.append(Table(tuple(self.table), 1))
            self.table = None
            self.below = {}
        elif self.table is not None and tag in ("td", "th") and self.cell is not None and self.row is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            rows, columns = self.span
            if rows > 1:  # carried down the rows it spans, as a merged cell reads
                self.below[len(self.row)] = (text, rows - 1)
            self.row += [text] + [""] * (columns - 1)
            self.cell = None
            self._covered()
        elif self.table is not None and tag == "tr" and self.row is not None:
            self.table.append(tuple(self.row))
            self.row = None
        elif tag in self.BLOCKS and self.table is None:
            self._flush()

    def _covered(self) -> None:
        """Fill the columns a rowspan from a row above still covers, at the row's current end."""
        assert self.row is not None
        while len(self.row) in self.below:
            text, rows = self.below.pop(len(self.row))
            if rows > 1:
                self.below[len(self.row)] = (text, rows - 1)
            self.row.append(text)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.table is None:
            self.text.append(data)


def _span(value: str | None) -> int:
    """A rowspan or colspan as written, within what a form can hold."""
    return max(1, min(int(value), 100)) if value and value.isdigit() else 1


def _html(path: Path) -> tuple[list[Block], int]:
    raw = path.read_bytes()
    declared = re.search(rb"charset=[\"']?([\w-]+)", raw[:2048])
    encoding = declared[1].decode("ascii") if declared else "utf-8"
    try:
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.blocks, 1
