"""The book prevails: a word the page's reading took from the word list instead of the ink's own
reading is kept with the page (its box, the ink's reading), and a field showing it says so."""

from types import SimpleNamespace

from scanner_station.domain.layout import BBox, Block, Line, PageLayout, Word
from scanner_station.extraction.extract import extract
from scanner_station.extraction.page_marks import WORD_LIST_SHOWN, ink_reading
from scanner_station.extraction.templates import load_all
from scanner_station.ocr.aster import AsterRecognizer
from scanner_station.ocr.base import DetectedLine, LineRead
from scanner_station.ocr.ctc import listed_words
from scanner_station.ocr.hybrid import _words_from_read


def _read(words, changed):
    words = tuple(words)
    return LineRead(" ".join(w[0] for w in words), 0.8, words, "aster", {"changed": changed})


def test_the_words_the_word_list_chose_are_found_where_they_stand():
    read = _read([("Nguyên", 0, 90, 0.9), ("nhân", 100, 150, 0.99), ("chết:", 160, 220, 0.9),
                  ("Suy", 230, 280, 0.98), ("tim", 290, 330, 0.6)], [("tin", "tim", 0.6, 4)])
    assert listed_words(read) == {4: "tin"}
    # another recogniser's word taken after the change: no longer the list's
    other = _read(read.words[:4] + (("tin", 290, 330, 0.7),), [("tin", "tim", 0.6, 4)])
    assert listed_words(other) == {}
    # a run of letters read as two words ("sửdng" → "sử dụng"): both words are the list's
    joined = _read([("mục", 0, 50, 0.9), ("đích", 60, 110, 0.9), ("sử", 120, 150, 0.5),
                    ("dụng", 150, 200, 0.5)], [("sửdng", "sử dụng", 0.5, 2)])
    assert listed_words(joined) == {2: "sửdng", 3: "sửdng"}
    # words only put apart where the hand left no space: every letter is the ink's
    apart = _read([("tử", 0, 50, 0.9), ("Đờ", 50, 100, 0.9)], [("tửĐờ", "tử Đờ", 0.9, 0)])
    assert listed_words(apart) == {}
    assert listed_words(LineRead("Suy tin", 0.8, (("Suy", 0, 40, 0.9), ("tin", 50, 90, 0.8)), "aster")) == {}


def test_the_words_a_units_name_gave_a_line_are_the_lists_too():
    # places.as_placed: the line as read kept in extra["place"]
    words = (("Nơi", 0, 40, 0.9), ("sinh:", 50, 100, 0.9), ("xã", 110, 140, 0.9), ("Cẩm", 150, 200, 0.5),
             ("Lệ,", 210, 250, 0.5), ("tỉnh", 260, 300, 0.9), ("Hà", 310, 340, 0.9), ("Nam", 350, 400, 0.9))
    read = LineRead(" ".join(w[0] for w in words), 0.5, words, "aster",
                    {"place": "Nơi sinh: xã Cẩn Lộ, tỉnh Hà Nam"})
    assert listed_words(read) == {3: "Cẩn Lộ,", 4: "Cẩn Lộ,"}
    same = LineRead(read.text, 0.5, words, "aster", {"place": read.text})
    assert listed_words(same) == {}


def test_a_long_lines_pieces_keep_their_changes_at_the_whole_lines_word_indices():
    a = _read([("Nguyên", 0, 90, 0.9), ("nhân", 100, 150, 0.99)], [])
    b = _read([("Suy", 0, 50, 0.98), ("tim", 60, 100, 0.6)], [("tin", "tim", 0.6, 1)])
    whole = AsterRecognizer._joined(SimpleNamespace(name="aster"), [a, b], [0, 400])
    assert whole.extra["changed"] == [("tin", "tim", 0.6, 3)]
    assert listed_words(whole) == {3: "tin"}


def test_the_page_keeps_each_listed_word_with_its_box():
    det = DetectedLine(((100.0, 50.0), (1100.0, 50.0), (1100.0, 90.0), (100.0, 90.0)), 0.9)
    read = _read([("Suy", 0, 400, 0.98), ("tim", 500, 1000, 0.6)], [("tin", "tim", 0.6, 1)])
    listed: list[dict] = []
    words = _words_from_read(read, det, 1000, 0, listed)
    assert [w.text for w in words] == ["Suy", "tim"]
    assert listed == [{"read": "tin", "shown": "tim", "box": words[1].bbox.as_list()}]
    assert _words_from_read(read, det, 1000, 0) == words  # without the list: the same words


def test_the_inks_own_reading_of_a_value():
    box = (100, 100, 600, 140)
    wl = [{"read": "tin", "shown": "tim", "box": [300, 105, 340, 135]}]
    assert ink_reading("Suy tim", [box], wl) == "Suy tin"
    assert ink_reading("Suy tim", [(700, 100, 900, 140)], wl) == ""  # another value's word
    assert ink_reading("Suy thận", [box], wl) == ""  # the value read otherwise
    two = [{"read": "sửdng,", "shown": "sử", "box": [300, 105, 330, 135]},
           {"read": "sửdng,", "shown": "dụng,", "box": [330, 105, 380, 135]}]
    assert ink_reading("Mục đích sử dụng, lâu dài", [box], two) == "Mục đích sửdng, lâu dài"


def test_a_field_shown_with_the_word_lists_word_is_a_question_with_the_inks_reading():
    template = next(t for t in load_all() if t.id == "civil.death_extract")
    rows = ["TRÍCH LỤC KHAI TỬ", "Họ, chữ đệm, tên: Nguyễn Văn Đức", "Nguyên nhân chết: Suy tim"]
    lines, y = [], 0
    for text in rows:
        ws = tuple(Word(w, BBox(i * 120, y, i * 120 + 100, y + 40), 0.99) for i, w in enumerate(text.split()))
        lines.append(Line(ws, BBox.enclosing(w.bbox for w in ws), 0.99))
        y += 80
    cause = lines[-1].words[-1]
    page = PageLayout(2000, 400, (Block(tuple(lines), BBox(0, 0, 2000, 400)),), "test",
                      {"word_list": [{"read": "tin", "shown": "tim", "box": cause.bbox.as_list()}]})
    f = extract(page, template)["cause_of_death"]
    assert f.value == "Suy tim" and f.status == "uncertain"
    assert f"{WORD_LIST_SHOWN} Suy tin" in f.messages
    plain = PageLayout(2000, 400, page.blocks, "test", {})
    assert not any(m.startswith(WORD_LIST_SHOWN) for m in extract(plain, template)["cause_of_death"].messages)


def test_the_message_reads_in_vietnamese_with_the_inks_reading_after_it():
    from scanner_station.gui import i18n
    from scanner_station.gui.i18n import set_language, tr_field_message

    before = i18n._lang
    set_language("vi")
    try:
        shown = tr_field_message(f"{WORD_LIST_SHOWN} Suy tin")
        assert shown.startswith("có chữ được hiển thị theo danh sách từ hoặc tên đơn vị") and shown.endswith(": Suy tin")
    finally:
        set_language(before)
