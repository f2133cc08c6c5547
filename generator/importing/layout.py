"""Tables printed without rules, rebuilt from where their words sit on a PDF page.

A form exported without cell borders leaves only positions: the cells of a column share a left
edge, a cell's wrapped lines sit closer together than two rows do, the cells of one row overlap
vertically, and a label merged over several rows is centred on them. Rebuilt from those, the
rows read like a ruled table's: one string per column, a merged label in the first row it
covers (as a Word or Excel table gives it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from statistics import median
from typing import TypeVar


@dataclass(frozen=True)
class Chunk:
    """Words of one printed line that belong together: no wide gap between them."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Region:
    top: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]


CELL_GAP = 0.4  # of the text's height: a gap between two words this wide parts two cells (a space is 0.25–0.33)
SPACE = 1.0  # points between two words of one chunk that were a space in the text
SAME_LINE = 1.0  # points between the tops of two words of one printed line
COLUMN_EDGE = 1.5  # points within which two chunks start, end or centre at one column's x
COLUMN_SUPPORT = 3  # chunks at one x that make it a column
MIN_CELL_LINES = 3  # printed lines with two cells or more that make a table
MAX_SINGLE_RUN = 4  # single-cell lines in a row inside a table (a wrapped cell); more: prose
WRAP_GAP = 0.4  # of a line's height: the most space between two wrapped lines of one cell
Item = TypeVar("Item")  # a word (pdfplumber's dict) or a chunk


def tables(words: list[dict]) -> list[Region]:
    """The rule-less tables among a page's words (pdfplumber's `extract_words`), top to bottom."""
    lines = _lines(words)
    return [r for region in _table_lines(lines) if (r := _region(region))]


def _lines(words: list[dict]) -> list[list[Chunk]]:
    return [_chunks(line) for line in _printed_lines(words, lambda w: w["top"], lambda w: w["x0"])]


def _printed_lines(items: Iterable[Item], top: Callable[[Item], float], x0: Callable[[Item], float]
                   ) -> list[list[Item]]:
    """Items grouped into the printed lines they sit on, top to bottom, each left to right."""
    lines: list[list[Item]] = []
    for item in sorted(items, key=lambda i: (top(i), x0(i))):
        if lines and abs(top(item) - top(lines[-1][0])) <= SAME_LINE:
            lines[-1].append(item)
        else:
            lines.append([item])
    return [sorted(line, key=x0) for line in lines]


def _chunks(line: list[dict]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for word in line:
        last = chunks[-1] if chunks else None
        gap = word["x0"] - last.x1 if last else 0.0
        if last and gap < CELL_GAP * (word["bottom"] - word["top"]):
            text = last.text + (" " if gap > SPACE else "") + word["text"]
            chunks[-1] = Chunk(text, last.x0, word["x1"], min(last.top, word["top"]), max(last.bottom, word["bottom"]))
        else:
            chunks.append(Chunk(word["text"], word["x0"], word["x1"], word["top"], word["bottom"]))
    return chunks


def _table_lines(lines: list[list[Chunk]]) -> list[list[list[Chunk]]]:
    """Runs of lines from one line of several cells to another, with at most a few single-cell
    lines between them (a cell wrapped beside one-line cells)."""
    runs: list[list[list[Chunk]]] = []
    current: list[list[Chunk]] = []
    singles: list[list[Chunk]] = []
    for line in lines:
        if len(line) > 1:
            current += singles if current else []
            current.append(line)
            singles = []
        elif current:
            singles.append(line)
            if len(singles) > MAX_SINGLE_RUN:
                runs.append(current)
                current, singles = [], []
    if current:
        runs.append(current)
    return [run for run in runs if sum(len(line) > 1 for line in run) >= MIN_CELL_LINES]


def _region(lines: list[list[Chunk]]) -> Region | None:
    chunks = [c for line in lines for c in line]
    columns = _columns(chunks)
    if len(columns.xs) < 2:
        return None
    blocks = _cell_blocks(chunks, columns)
    rows = _rows(blocks)
    grid = [[""] * len(columns.xs) for _ in rows]
    for r, row in enumerate(rows):
        for block in row:
            grid[r][block.column] = block.text
    _centre_merged_labels(rows, grid)
    return Region(min(c.top for c in chunks), max(c.bottom for c in chunks), tuple(tuple(row) for row in grid))


@dataclass(frozen=True)
class _Columns:
    """Where a table's columns are: the x its cells start at, are centred on or end at (a form
    aligns its cells one way), whichever more of its chunks agree on."""
    side: str  # "left", "centre" or "right"
    xs: tuple[float, ...]

    def of(self, chunk: Chunk) -> int:
        """A chunk's column: the last that starts at or before it, the nearest middle, or the
        first that ends at or after it."""
        x = _anchor(self.side, chunk)
        if self.side == "left":
            return max((i for i, at in enumerate(self.xs) if at <= x + COLUMN_EDGE), default=0)
        if self.side == "right":
            return min((i for i, at in enumerate(self.xs) if at >= x - COLUMN_EDGE), default=len(self.xs) - 1)
        return min(range(len(self.xs)), key=lambda i: abs(self.xs[i] - x))


def _anchor(side: str, chunk: Chunk) -> float:
    return {"left": chunk.x0, "centre": (chunk.x0 + chunk.x1) / 2, "right": chunk.x1}[side]


def _columns(chunks: list[Chunk]) -> _Columns:
    candidates = []
    for side in ("left", "centre", "right"):
        groups: list[list[float]] = []
        for x in sorted(_anchor(side, c) for c in chunks):
            if groups and x - groups[-1][0] <= COLUMN_EDGE:
                groups[-1].append(x)
            else:
                groups.append([x])
        supported = [g for g in groups if len(g) >= COLUMN_SUPPORT]
        candidates.append((sum(len(g) for g in supported), _Columns(side, tuple(median(g) for g in supported))))
    return max(candidates, key=lambda c: c[0])[1]


@dataclass
class _Block:
    """One cell's text: the chunks of a column that sit one under another."""
    column: int
    chunks: list[Chunk]

    @property
    def top(self) -> float:
        return min(c.top for c in self.chunks)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chunks)

    @property
    def text(self) -> str:
        lines = _printed_lines(self.chunks, lambda c: c.top, lambda c: c.x0)
        return "".join(" ".join(c.text for c in line) for line in lines)  # wrapped Chinese joins without a space


def _cell_blocks(chunks: list[Chunk], columns: _Columns) -> list[_Block]:
    by_column: dict[int, list[Chunk]] = {}
    for chunk in chunks:
        by_column.setdefault(columns.of(chunk), []).append(chunk)
    blocks: list[_Block] = []
    for column, items in sorted(by_column.items()):
        current: _Block | None = None
        for chunk in sorted(items, key=lambda c: (c.top, c.x0)):
            height = chunk.bottom - chunk.top
            if current and chunk.top - current.bottom <= WRAP_GAP * height:
                current.chunks.append(chunk)
            else:
                current = _Block(column, [chunk])
                blocks.append(current)
    return blocks


def _rows(blocks: list[_Block]) -> list[list[_Block]]:
    """Blocks that overlap vertically share a row, strongest overlap first, never two of one
    column: a label merged over two rows overlaps both but joins only the closer."""
    owner = list(range(len(blocks)))
    columns = [{b.column} for b in blocks]

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    pairs = []
    order = sorted(range(len(blocks)), key=lambda i: blocks[i].top)
    for n, i in enumerate(order):  # only blocks that start before this one ends can overlap it
        for j in order[n + 1:]:
            if blocks[j].top >= blocks[i].bottom:
                break
            overlap = min(blocks[i].bottom, blocks[j].bottom) - blocks[j].top
            if overlap > SAME_LINE:
                pairs.append((-overlap, min(i, j), max(i, j)))
    for _, i, j in sorted(pairs):
        a, b = root(i), root(j)
        if a != b and not columns[a] & columns[b]:
            owner[b] = a
            columns[a] |= columns[b]
    groups: dict[int, list[_Block]] = {}
    for i, block in enumerate(blocks):
        groups.setdefault(root(i), []).append(block)
    rows = sorted(groups.values(), key=lambda row: min(b.top for b in row))
    return [row for row in rows if not _joined_to_neighbour(row, rows)]


def _joined_to_neighbour(row: list[_Block], rows: list[list[_Block]]) -> bool:
    """A lone cell that touches no row (a label centred exactly between two) joins the nearer
    row within a line's height that has no cell in its column."""
    if len(row) > 1:
        return False
    lone = row[0]

    def distance(other: list[_Block]) -> float:
        return max(0.0, max(b.top for b in other) - lone.bottom, lone.top - max(b.bottom for b in other))

    near = [other for other in rows if other is not row and all(b.column != lone.column for b in other)
            and distance(other) <= lone.bottom - lone.top]
    if not near:
        return False
    min(near, key=distance).append(lone)
    return True


def _centre_merged_labels(rows: list[list[_Block]], grid: list[list[str]]) -> None:
    """Move a label centred on several rows (a merged cell) to the first of them, where a ruled
    table would give it; the rows below then take it as theirs. In each column the labels share
    out the empty cells around them so that each sits in the middle of its run, with as few
    cells left to no label as may be: a run of four single-line rows is centred where its middle
    two are, and only the four leave none. Columns go left to right, so a label to the left is
    already at the top of its run when the labels inside it share theirs."""
    heights = [b.bottom - b.top for row in rows for b in row]
    tolerance = median(heights) / 2 if heights else 0.0
    for column in range(len(grid[0]) if grid else 0):
        labels = {r: b for r, row in enumerate(rows) for b in row if b.column == column}
        if all(abs(b.top - min((o.top for o in rows[r] if o is not b), default=b.top)) <= SAME_LINE
               for r, b in labels.items()):
            continue  # every label at the top of its row: top-aligned, or no merged cells at all
        free = [not any(row[:column]) for row in grid]  # nothing to the left: a row a merged label may reach
        for start, r in _label_runs(rows, labels, free, tolerance):
            if start != r:
                grid[start][column], grid[r][column] = grid[r][column], ""


def _label_runs(rows: list[list[_Block]], labels: dict[int, _Block], free: list[bool],
                tolerance: float) -> list[tuple[int, int]]:
    """(first row of its run, its row) for each label: the runs that centre every label best. A
    run's rows after its first are free (a cell to their left would end the merged cell)."""
    n = len(rows)
    unclaimed = tolerance / 4  # the cost of an empty cell left to no label
    cost = [0.0] + [float("inf")] * n  # cost[k]: the best sharing-out of rows before k
    came_from: list[tuple[int, int | None]] = [(0, None)] * (n + 1)  # (run's first row, its label's row)
    for i in range(n):
        if cost[i] == float("inf"):
            continue
        if i not in labels and cost[i] + unclaimed < cost[i + 1]:
            cost[i + 1], came_from[i + 1] = cost[i] + unclaimed, (i, None)
        label_at: int | None = None
        top, bottom = float("inf"), float("-inf")
        for end in range(i, n):
            if (end > i and not free[end]) or (end in labels and label_at is not None):
                break
            if end in labels:
                label_at = end
            others = [b for b in rows[end] if b is not labels.get(end)]
            top, bottom = min([top, *(b.top for b in others)]), max([bottom, *(b.bottom for b in others)])
            if label_at is None:
                continue
            label = labels[label_at]
            middle = (top + bottom) / 2 if top < bottom else (label.top + label.bottom) / 2
            off = abs(middle - (label.top + label.bottom) / 2)
            if off > tolerance:
                if (i, end) != (label_at, label_at):
                    continue
                off = tolerance  # a label that fits no run keeps its own row
            if cost[i] + off < cost[end + 1]:
                cost[end + 1], came_from[end + 1] = cost[i] + off, (i, label_at)
    runs = []
    k = n
    while k > 0:
        start, label_row = came_from[k]
        if label_row is not None:
            runs.append((start, label_row))
        k = start
    return runs
