"""Register pages printed as ruled grids: the rules found in the image, the column headers
matched to the template's fields, one entry per row, a value wrapped inside its cell."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanner_station.domain.layout import BBox, Block, Line, PageLayout, Word
from scanner_station.extraction.extract import extract_entries
from scanner_station.extraction.grid import match_header, read_grid
from scanner_station.extraction.templates import TemplateError, load_all, load_template
from scanner_station.imaging.grid import Grid, find_grid

T = {t.id: t for t in load_all()}
REG = T["civil.birth_register_page"]
ENTRY = [s for s in REG.fields if s.scope == "entry"]
XS = (200, 330, 600, 1000, 1300, 1450, 1900, 2250)
YS = (600, 760, 830, 1100, 1370, 1640)


def ruled(xs=XS, ys=YS, skew: float = 0.0) -> np.ndarray:
    img = np.full((3508, 2480), 255, np.uint8)
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y + int(skew * (xs[-1] - xs[0]))), 30, 3)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 30, 3)
    cv2.putText(img, "SO DANG KY", (300, 400), cv2.FONT_HERSHEY_SIMPLEX, 3, 0, 6)  # text is no rule
    return img


def test_find_grid_gives_the_rules_of_a_register_page():
    g = find_grid(ruled())
    assert g is not None and g.columns == len(XS) - 1 and g.rows == len(YS) - 1
    assert all(abs(a - b) <= 3 for a, b in zip(g.xs, XS)) and all(abs(a - b) <= 3 for a, b in zip(g.ys, YS))
    assert g.cell_of(700, 900) == (2, 2) and g.cell_of(100, 900) is None
    # a slightly skewed scan still gives every rule
    assert find_grid(ruled(skew=0.003)).columns == len(XS) - 1


def test_no_grid_on_a_label_value_table_or_a_plain_page():
    img = np.full((3508, 2480), 255, np.uint8)
    assert find_grid(img) is None
    for y in range(500, 2000, 200):  # ruled label | value rows, each its own box
        cv2.rectangle(img, (200, y), (2250, y + 150), 30, 3)
        cv2.line(img, (900, y), (900, y + 150), 30, 3)
    assert find_grid(img) is None


HEADER_CASES = [
    ("Số thứ tự", "register_number"), ("STT", "register_number"),
    ("Ngày, tháng, năm đăng ký", "registration_date"), ("Ngày, thàng, năm đăng kỷ", "registration_date"),
    ("Họ và tên người được khai sinh", "full_name"), ("Họ và tên", "full_name"),
    ("Họ và tên mẹ", "mother_name"), ("Họ tên cha", "father_name"),
    ("Sinh ngày", "date_of_birth"), ("Nam/Nữ", "sex"), ("Nơi sinh", "place_of_birth"),
    ("Dân tộc", "ethnicity"), ("Chữ ký người đi khai", ""), ("(3)", ""),
]


@pytest.mark.parametrize("text,key", HEADER_CASES)
def test_column_headers_name_their_fields(text, key):
    assert match_header(text, ENTRY)[0] == key


def words_in(cell_x: int, cell_y: int, lines: list[str], conf: float = 0.95) -> list[Line]:
    out, y = [], cell_y + 20
    for text in lines:
        x, ws = cell_x + 12, []
        for w in text.split():
            ws.append(Word(w, BBox(x, y, x + 14 * len(w), y + 30), conf))
            x += 14 * len(w) + 10
        if ws:
            out.append(Line(tuple(ws), BBox.enclosing(w.bbox for w in ws), conf, "test"))
        y += 45
    return out


def grid_page(rows: list[list[list[str]]], headers: list[list[str]], numbered: bool = True):
    """Lines for a grid XS × YS: the header row, the numbers row, then ``rows`` of cells."""
    lines = []
    for c, h in enumerate(headers):
        lines += words_in(XS[c], YS[0], h)
    if numbered:
        for c in range(len(headers)):
            lines += words_in(XS[c], YS[1], [f"({c + 1})"])
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            lines += words_in(XS[c], YS[2 + r], cell)
    return lines


HEADERS = [["Số", "TT"], ["Ngày, tháng,", "năm đăng ký"], ["Họ và tên"], ["Sinh ngày"], ["Nam/Nữ"],
           ["Nơi sinh"], ["Họ tên mẹ"]]
ENTRY_1 = [["12"], ["03/05/1988"], ["Nguyễn Thị", "Thanh Hương"], ["01/05/1988"], ["Nữ"],
           ["xã Tân Phú, huyện", "Đông Anh, thành", "phố Hà Nội"], ["Lê Thị Mai"]]
ENTRY_2 = [["13"], ["04/05/1988"], ["Trần Văn An"], ["20/04/1988"], ["Nam"], ["Bệnh viện", "huyện"], [""]]


def test_read_grid_gives_one_entry_per_row_with_wrapped_values():
    grid = Grid(XS, YS)
    lines = grid_page([ENTRY_1, ENTRY_2, [[""]] * 7], HEADERS)
    lines.append(Line((Word("|", BBox(598, 900, 604, 930), 0.3),), BBox(598, 900, 604, 930), 0.3, "test"))
    r = read_grid(grid, lines, ENTRY)
    assert r is not None and r.header_rows == 2  # the "(1) (2) …" row belongs to the header
    assert r.columns == ("register_number", "registration_date", "full_name", "date_of_birth", "sex",
                         "place_of_birth", "mother_name")
    assert len(r.entries) == 2  # the empty last row is no entry
    e1, e2 = r.entries
    assert e1["full_name"].value == "Nguyễn Thị Thanh Hương" and e1["full_name"].continued
    assert e1["place_of_birth"].value == "xã Tân Phú, huyện Đông Anh, thành phố Hà Nội"
    assert e1["registration_date"].value == "03/05/1988"  # the rule read as "|" is not text
    assert "mother_name" not in e2  # an empty cell is no value
    # the numbers row misread ("@", "(®") is still no entry
    odd = ["()", "@", "@", "(4)", "(®", "(6)", "@"]
    r2 = read_grid(grid, grid_page([], HEADERS, numbered=False) + [
        ln for c, mark in enumerate(odd) for ln in words_in(XS[c], YS[1], [mark])] + [
        ln for c, cell in enumerate(ENTRY_1) for ln in words_in(XS[c], YS[2], cell)], ENTRY)
    assert r2.header_rows == 2 and len(r2.entries) == 1
    # the OCR ran the date header's last word into the next column's header
    merged = [h if h != ["Nam/Nữ"] else ["tháng.Nam/Nữ"] for h in HEADERS]
    assert read_grid(grid, grid_page([ENTRY_1], merged), ENTRY).columns[4] == "sex"
    assert e2["place_of_birth"].value == "Bệnh viện huyện" and e2["place_of_birth"].cut


def test_a_grid_whose_headers_are_not_this_forms_is_not_read_as_one():
    lines = grid_page([ENTRY_1], [["Mục"], ["Nội dung"], ["Ghi chú"], ["x"], ["y"], ["z"], ["w"]])
    assert read_grid(Grid(XS, YS), lines, ENTRY) is None


def test_register_grid_page_end_to_end_on_layout_and_image():
    """extract_entries finds the grid in the image, reads the page fields above it by their
    labels, and gives one record per row with the page's book and office."""
    top = words_in(200, 300, ["Quyển số: 02/1988",
                              "Nơi đăng ký: Ủy ban nhân dân xã Tân Phú, huyện Đông Anh, thành phố Hà Nội"])
    lines = top + grid_page([ENTRY_1, ENTRY_2], HEADERS)
    lay = PageLayout(2480, 3508, (Block(tuple(lines), BBox(0, 0, 2480, 3508)),), "test")
    entries = extract_entries(lay, REG, image=ruled())
    assert len(entries) == 2
    a, b = entries
    assert a["book_volume"].value == b["book_volume"].value == "02/1988"
    assert a["register_number"].value == "12" and b["register_number"].value == "13"
    assert a["full_name"].status == "proposed" and a["date_of_birth"].normalized == "1988-05-01"
    assert b["mother_name"].status in ("uncertain", "illegible")
    # the same words without the rules in the image: read by labels (none here) → no entries
    assert extract_entries(lay, REG, image=np.full((3508, 2480), 255, np.uint8)) == []


def test_columns_only_on_register_templates(tmp_path):
    p = tmp_path / "t.toml"
    p.write_text('[template]\nid = "civil.x"\nversion = 1\nfamily = "civil_status"\ntitle = "x"\n'
                 'cues = ["X"]\n\n[[field]]\nkey = "a"\nlabels = ["A"]\ntype = "text"\ncolumns = ["A"]\n',
                 "utf-8")
    with pytest.raises(TemplateError, match=r"line 12, .*'columns' is for register pages"):
        load_template(p)


@pytest.mark.parametrize("text,box,want", [
    # a date and the sex read as one word across the rule at x=200
    ("04/11/2003Nam", (100, 260), ["04/11/2003", "Nam"]),
    ("|Nữ", (190, 240), ["|Nữ"]),  # within one cell (the rule at its edge): whole
    ("Hùng", (150, 260), ["Hùng"]),  # no change from digits to letters: whole
    ("12A", (150, 260), ["12A"]),  # a letter after a number is part of it (a house number)
    ("251Đỗ", (150, 260), ["251", "Đỗ"]),
    # the ethnicity and the place's first unit word; a name ending in letters like one stays whole
    ("HMôngxã", (100, 260), ["HMông", "xã"]), ("Phúxã", (150, 195), ["Phúxã"]),
])
def test_a_word_read_across_a_column_rule_is_cut_where_digits_meet_letters(text, box, want):
    from scanner_station.domain.layout import BBox, Word
    from scanner_station.extraction.grid import split_at_rules
    parts = split_at_rules(Word(text, BBox(box[0], 10, box[1], 40), 0.9, "aster"), (50, 200, 400))
    assert [p.text for p in parts] == want
    assert all(p.engine == "aster" and p.confidence == 0.9 for p in parts)  # still the recogniser's
    if len(parts) == 2:
        assert parts[0].bbox.x1 <= 200 <= parts[1].bbox.x0


def test_a_cells_words_keep_the_order_they_were_read_in_not_their_boxes():
    """A line read by one recogniser and placed with the other's word boxes can give a word a box
    left of its neighbour: the cell reads in the recogniser's order."""
    grid = Grid(XS, YS)
    lines = grid_page([ENTRY_2], HEADERS)
    x, y = XS[6] + 12, YS[2] + 20
    swapped = (Word("Lê", BBox(x + 40, y, x + 70, y + 30), 0.9), Word("Phương", BBox(x, y, x + 90, y + 30), 0.9),
               Word("Ánh", BBox(x + 100, y, x + 140, y + 30), 0.9))
    lines.append(Line(swapped, BBox(x, y, x + 140, y + 30), 0.9, "test"))
    r = read_grid(grid, lines, ENTRY)
    assert r.entries[0]["mother_name"].value == "Lê Phương Ánh"


def test_a_rule_read_as_a_stroke_at_a_cell_lines_start_is_not_the_value():
    grid = Grid(XS, YS)
    place = [["xã Xiêng My, huyện", "'Tương Dương, tỉnh", "/Nghệ An"]]
    entry = [c if i != 5 else place[0] for i, c in enumerate(ENTRY_2)]
    r = read_grid(grid, grid_page([entry], HEADERS), ENTRY)
    assert r.entries[0]["place_of_birth"].value == "xã Xiêng My, huyện Tương Dương, tỉnh Nghệ An"


def _written(img: np.ndarray, cells: dict[tuple[int, int], str]) -> np.ndarray:
    """``img`` with each text written in its cell (column, grid row), as a pen fills it."""
    from PIL import Image, ImageDraw, ImageFont

    from scanner_station.synth.pages import printed_fonts

    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    font = ImageFont.truetype(str(printed_fonts()[0]), 44)
    for (c, r), text in cells.items():
        draw.text((XS[c] + 20, YS[r] + 25), text, fill=20, font=font)
    return np.array(pil)


def test_a_cells_writing_the_page_reading_missed_is_read_from_its_own_ink():
    """A hand's short entry number beside a rule can fall under the detector's threshold: the
    page reading has no word in its cell. The cell's own ink is read (AsterOCR), a question that
    says so; a cell with no writing (its rules, a few specks) stays "not found"."""
    from scanner_station.extraction.crops import cell_ink
    from scanner_station.extraction.reading import CELL_INK
    from scanner_station.extraction.reread import CropReader

    missed = [["" if c == 0 else w for w in cell] for c, cell in enumerate(ENTRY_2)]  # no "13" read
    lines = grid_page([ENTRY_1, missed], HEADERS)
    lay = PageLayout(2480, 3508, (Block(tuple(lines), BBox(0, 0, 2480, 3508)),), "test")
    img = _written(ruled(), {(0, 3): "13"})
    for x, y in ((XS[6] + 60, YS[3] + 40), (XS[6] + 200, YS[3] + 150), (XS[6] + 90, YS[3] + 200)):
        cv2.circle(img, (x, y), 2, 60, -1)  # specks in the mother's empty cell
    assert cell_ink(img, (XS[0], YS[3], XS[1], YS[4])) is not None
    assert cell_ink(img, (XS[6], YS[3], XS[7], YS[4])) is None
    assert cell_ink(ruled(), (XS[0], YS[3], XS[1], YS[4])) is None  # the rules alone are no writing
    class CellReader:  # AsterOCR on a cell's ink; the blank page has nothing else to read again
        def __init__(self) -> None:
            self.real = CropReader()

        def band_reading(self, crop):
            return self.real.band_reading(crop)

        def second_opinion(self, crop, first_engine):
            return ""

        def restricted(self, crop, charset="0123456789"):
            return ""

    reader = CellReader()
    try:
        a, b = extract_entries(lay, REG, image=img, reader=reader)
    finally:
        reader.real.close()
    assert a["register_number"].value == "12" and CELL_INK not in a["register_number"].messages
    f = b["register_number"]
    assert (f.value, f.status) == ("13", "uncertain") and CELL_INK in f.messages
    assert b["mother_name"].value == "" and CELL_INK not in b["mother_name"].messages
    # without a reader, as before: not found
    _, b = extract_entries(lay, REG, image=img)
    assert b["register_number"].value == "" and b["register_number"].messages == ("not found on the page",)


def _frames(text: str, chars: list[str]) -> np.ndarray:
    """CTC frames (blank = 0) whose best path spells ``text``: each character then a blank."""
    p = np.full((2 * len(text) + 1, len(chars)), 0.002)
    p[:, 0] = 0.9
    for i, ch in enumerate(text):
        p[2 * i + 1] = 0.002
        p[2 * i + 1, chars.index(ch)] = 0.9
    return p / p.sum(axis=1, keepdims=True)


def test_a_value_over_lines_is_weighed_with_its_words_cut_where_each_lines_ink_ends():
    """A register's narrow column: the value's first line read "xã Tị Quận,huyệnPhù" (three words
    as read, five of a candidate: its spaces lost), the second "Mình ửnh Phú Thọ". A candidate is
    weighed with its words cut between the lines where their ink is: close to the lines' own
    readings for a reading two letters off, not ~100 nats below as with the cut at the third word."""
    from scanner_station.extraction.reread import _Weights
    from scanner_station.ocr.base import LineRead

    lines = ["xã Tị Quận,huyệnPhù", "Mình ửnh Phú Thọ"]
    cand = "xã Trị Quận, huyện Phù Ninh tỉnh Phú Thọ"
    chars = ["<b>"] + sorted(set("".join(lines) + cand + " "))
    w = _Weights([(LineRead(t, 0.5), _frames(t, chars), chars) for t in lines])
    assert w.as_read() - w.weigh(cand) < 40


@pytest.mark.parametrize("written", ["Nữ", "Nam"])
def test_a_list_value_read_as_none_on_a_line_across_the_row_is_read_again_on_its_cells_ink(written):
    """A hand's "Nữ" in a register's row read, on a line across the whole row, as "N" (its mark
    read into the next cell): the ink is weighed among the list's values on the cell's whole ink,
    not on the word's narrow box (which cannot tell "Nam" from "Nữ") — the value written shown, a question, "N" kept as read."""
    from PIL import Image, ImageDraw, ImageFont

    from scanner_station.extraction.reread import CropReader
    from scanner_station.synth.pages import cursive_fonts

    row = [list(cell) for cell in ENTRY_2]
    row[4] = ["N"]
    lines = grid_page([ENTRY_1, row], HEADERS)
    lay = PageLayout(2480, 3508, (Block(tuple(lines), BBox(0, 0, 2480, 3508)),), "test")
    pil = Image.fromarray(ruled())
    ImageDraw.Draw(pil).text((XS[4] + 14, YS[3] + 10), written, fill=20,
                             font=ImageFont.truetype(str(cursive_fonts()[0]), 80))
    reader = CropReader()
    try:
        _, b = extract_entries(lay, REG, image=np.array(pil), reader=reader)
    finally:
        reader.close()
    f = b["sex"]
    assert (f.normalized, f.status, f.second_reading) == (written, "uncertain", "N")
    assert f.bbox[2] - f.bbox[0] > 40  # the cell's ink, not the word's box
