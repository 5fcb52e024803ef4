"""Read a register page laid out as a ruled grid: column headers, then one entry per row.

The pre-2016 books and many later ones are printed grids (``Số thứ tự | Ngày, tháng, năm
đăng ký | Họ và tên | …``) filled by hand, a value wrapping inside its narrow cell. Labels on
the same line mean nothing there; the column a word sits in does. The rules come from the
page image (``imaging.grid.find_grid``); the words from the OCR. A column is given to the field
whose ``columns`` (else ``labels``) best match its header text; a column no field matches is
left out (and said so by returning its header). Rows under the header with any writing are
entries, in page order; a row of column numbers ``(1) (2) (3)`` is part of the header.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from ..domain.layout import BBox, Line, Word
from ..imaging.grid import Grid
from .reading import Found, clean_value, dangling, fold_chars
from .templates import FieldSpec

#: a header text must match a field's column header this well (folded, whole-text ratio)
HEADER_MATCH = 0.72
_NUMBERS_ROW = re.compile(r"^[\s()\[\]\d.,|]*$")


@dataclass(frozen=True)
class GridReading:
    """What the grid gave: the header row count, field key per column ("" when unknown), and
    the entries (field key → value as read), top to bottom."""

    header_rows: int
    columns: tuple[str, ...]
    entries: tuple[dict[str, Found], ...]
    #: each entry's row of the grid
    rows: tuple[int, ...] = ()


def _column_names(spec: FieldSpec) -> tuple[str, ...]:
    return spec.columns or spec.labels


def match_header(text: str, specs: list[FieldSpec]) -> tuple[str, float]:
    """The field whose column header reads best as ``text``, and how well (0 when none)."""
    t = " ".join(fold_chars(text).replace(":", " ").split())
    if not t:
        return "", 0.0
    best, score = "", 0.0
    for spec in specs:
        for name in _column_names(spec):
            n = " ".join(fold_chars(name).split())
            s = difflib.SequenceMatcher(None, t, n, autojunk=False).ratio()
            if s > score:
                best, score = spec.key, s
    return (best, score) if score >= HEADER_MATCH else ("", score)


def _visual_lines(words: list[Word]) -> list[list[Word]]:
    """One cell's words in visual lines, top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.bbox.center[1]):
        if lines and abs(w.bbox.center[1] - lines[-1][0].bbox.center[1]) < 0.6 * max(
                w.bbox.height, lines[-1][0].bbox.height):
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def _cell_lines(words: list[Word], order: dict[int, tuple] | None = None) -> list[str]:
    """The visual lines of one cell, top to bottom, each read left to right: in the order the
    recogniser read them (``order``: line, then word), not by their boxes — a line read by one
    recogniser and placed by the other's words can give a word a box left of its neighbour
    ("Phương" before "Lê")."""
    def key(w: Word) -> tuple:
        return order[id(w)] if order and id(w) in order else (w.bbox.x0,)

    # a cell's rule read as a stroke at a line's start ("'Tương Dương" on the place's second line)
    return [" ".join(w.text for w in sorted(ln, key=key)).lstrip("'/\\_ ") for ln in _visual_lines(words)]


def _cell_text(words: list[Word], order: dict[int, tuple] | None = None) -> str:
    return " ".join(_cell_lines(words, order))


#: where a word read across a column rule may be cut: between digits and letters ("04/11/2003Nam"),
#: and before a place's unit word glued to the value before it ("HMôngxã": the ethnicity and
#: the place of birth)
_DIGITS_LETTERS = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)"
                             r"|(?<=[^\W\d_])(?=(?:xã|phường|thị|huyện|quận|tỉnh|thành phố)$)")


def split_at_rules(w: Word, xs: tuple[int, ...]) -> list[Word]:
    """A word the recogniser read across a column rule — two cells' values with no space
    between them ("04/11/2003Nam": the birth date and the sex; "HMôngxã": the ethnicity and the
    place's first unit word) — cut in two where its characters change from digits to a word
    (two letters or more), or before a unit word that ends it, nearest the rule; any other word
    stays whole."""
    inside = [x for x in xs if w.bbox.x0 + 0.15 * w.bbox.width < x < w.bbox.x1 - 0.15 * w.bbox.width]
    # a letter after a number is part of it ("12A", a house number), a word is not
    cuts = [i for i in (m.start() for m in _DIGITS_LETTERS.finditer(w.text))
            if min(i, len(w.text) - i) >= 2]
    if len(inside) != 1 or not cuts:
        return [w]
    rule = inside[0]
    share = (rule - w.bbox.x0) / max(1, w.bbox.width)
    cut = min(cuts, key=lambda i: abs(i / len(w.text) - share))
    b = w.bbox
    return [replace(w, text=w.text[:cut], bbox=BBox(b.x0, b.y0, rule, b.y1)),
            replace(w, text=w.text[cut:], bbox=BBox(rule, b.y0, b.x1, b.y1))]


def _cells(grid: Grid, lines: list[Line]) -> tuple[dict[tuple[int, int], list[Word]], str, dict[int, tuple]]:
    """Words by (row, column), the engines, and each word's reading order (line start, index)."""
    cells: dict[tuple[int, int], list[Word]] = {}
    order: dict[int, tuple] = {}
    engines = sorted({ln.engine for ln in lines if ln.engine})
    for ln in lines:
        for i, word in enumerate(ln.words):
            if not word.text.strip(" |"):
                continue  # a rule read as "|"
            for j, w in enumerate(split_at_rules(word, grid.xs)):
                at = grid.cell_of(*w.bbox.center)
                if at is not None:
                    cells.setdefault(at, []).append(w)
                    order[id(w)] = (ln.bbox.x0, ln.bbox.y0, i, j)
    return cells, "+".join(engines), order


def _by_containment(keys: list[str], texts: list[str], specs: list[FieldSpec]) -> None:
    """Columns still unnamed whose header contains a remaining field's column name whole: the
    OCR ran a word across the rule ("tháng.Nam/Nữ" is the date's last word and "Nam/Nữ")."""
    for c, text in enumerate(texts):
        if keys[c]:
            continue
        t = fold_chars(text)
        for spec in specs:
            if spec.key not in keys and any(len(n) >= 4 and fold_chars(n) in t for n in _column_names(spec)):
                keys[c] = spec.key
                break


def _numbers_row(texts: list[str]) -> bool:
    """The row of column numbers under the headers: short marks in most cells ("(1)", misread
    "@", "(®", "()"), no word and nothing as long as a name or a date anywhere."""
    marks = [t.strip() for t in texts if t.strip()]
    return (len(marks) >= len(texts) / 2 and all(len(t) <= 4 for t in marks)
            and not any(re.search(r"[^\W\d_]{2}", t) for t in marks)  # no word: "Nam", "Nữ"
            and any(_NUMBERS_ROW.match(t) for t in marks))


def read_grid(grid: Grid, lines: list[Line], specs: list[FieldSpec], min_columns: int = 3) -> GridReading | None:
    """Entries of a ruled register page, or None when the grid's header names fewer than
    ``min_columns`` of the fields (not this form's grid: read the page by its labels)."""
    cells, engine, order = _cells(grid, lines)
    header_rows = 0
    keys: list[str] = [""] * grid.columns
    for row in range(min(3, grid.rows)):
        texts = [_cell_text(cells.get((row, c), [])) for c in range(grid.columns)]
        scored = [match_header(t, specs) for t in texts]
        if sum(1 for k, _ in scored if k) >= min_columns:
            best: dict[str, tuple[float, int]] = {}
            for c, (k, s) in enumerate(scored):
                if k and s > best.get(k, (0.0, -1))[0]:
                    best[k] = (s, c)
            keys = [""] * grid.columns
            for k, (_, c) in best.items():
                keys[c] = k
            _by_containment(keys, texts, [s for s in specs if s.key not in best])
            header_rows = row + 1
            break
    if not header_rows:
        return None
    while header_rows < grid.rows and _numbers_row(
            [_cell_text(cells.get((header_rows, c), [])) for c in range(grid.columns)]):
        header_rows += 1  # "(1) (2) (3) …" under the headers
    entries, entry_rows = [], []
    types = {s.key: s.type for s in specs}
    for row in range(header_rows, grid.rows):
        entry: dict[str, Found] = {}
        for c, key in enumerate(keys):
            words = cells.get((row, c), [])
            if not key or not words:
                continue
            seen = _cell_lines(words, order)
            value = clean_value(" ".join(seen))
            if not value:
                continue
            box = BBox.enclosing(w.bbox for w in words)
            mine = "+".join(sorted({t for w in words for t in (w.engine or engine).split("+") if t}))
            rows = [BBox.enclosing(w.bbox for w in ln) for ln in _visual_lines(words)] if len(seen) > 1 else []
            entry[key] = Found(value, min(w.confidence for w in words), box, mine,
                               continued=len(seen) > 1, cut=dangling(value, types.get(key, "")),
                               lines=tuple(rows))
        if entry:
            entries.append(entry)
            entry_rows.append(row)
    return GridReading(header_rows, tuple(keys), tuple(entries), tuple(entry_rows))
