"""A known text's marks the reading lost (a heading's comma, a label's, a dossier code's stops, a
symbol's dash), read where AsterOCR's frames nearly support them — and never a mark the reading
has, nor one the ink does not show."""

from __future__ import annotations

import pytest

from conftest import line_crop, page_of, read_with_and_without, smeared
from scanner_station.ocr.base import LineRead
from scanner_station.ocr.marks import AREA_SLACK, SLACK, as_marked, candidates, change, weigh
from scanner_station.synth.pages import block_hand_fonts, cursive_fonts, printed_fonts

TITLE = "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"
MOTHER = "Họ, chữ đệm, tên người mẹ: Bùi Thu Vy"


def _font(name: str):
    return next(f for f in list(printed_fonts()) + list(cursive_fonts()) + list(block_hand_fonts())
                if f.name.startswith(name))


def _read(text: str) -> LineRead:
    words, x = [], 0
    for w in text.split():
        words.append((w, x, x + 10 * len(w), 0.9))
        x += 10 * len(w) + 10
    return LineRead(text, 0.9, tuple(words), "aster")


def test_the_candidates_add_only_the_marks_the_reading_lacks():
    assert candidates(TITLE.replace(",", "")) == {"heading": [TITLE]}
    assert candidates("Ngày tháng, năm sinh: 01/10/1939") == {
        "Ngày, tháng, năm sinh": ["Ngày, tháng, năm sinh: 01/10/1939"]}
    assert candidates("Mã hồ sơ: 669.4712.H49-221027-1591") == {
        "dossier": ["Mã hồ sơ: 669.47.12.H49-221027-1591"]}
    assert candidates("Số: 78/QĐUBND") == {"QĐ-UBND": ["Số: 78/QĐ-UBND"]}
    # as written: nothing to add
    assert candidates(TITLE) == {} and candidates("Số: 78/QĐ-UBND") == {}


def test_a_place_s_units_are_weighed_with_the_commas_that_part_them():
    assert candidates("Nơi sinh: xã Nghĩa Đô, huyện Krông Pắc tỉnh Hồ Chí Minh") == {
        "place": ["Nơi sinh: xã Nghĩa Đô, huyện Krông Pắc, tỉnh Hồ Chí Minh"]}
    assert candidates("Địa chỉ: phường 7 quận 3 thành phố Hồ Chí Minh")["place"] == [
        "Địa chỉ: phường 7, quận 3 thành phố Hồ Chí Minh", "Địa chỉ: phường 7 quận 3, thành phố Hồ Chí Minh",
        "Địa chỉ: phường 7, quận 3, thành phố Hồ Chí Minh"]
    # a unit word inside a name (a hospital's), one in capitals (an office's), one read twice
    for text in ("Nơi sinh: Bệnh viện đa khoa huyện Đông Anh", "ỦY BAN NHÂN DÂN XÃ BA VÌ HUYỆN ĐÔNG ANH",
                 "Nơi cư trú: xã Yên Lặng, huyện Đông tỉnh tỉnh Nam Định", "xã Tân Phú, huyện Krông Pắc, tỉnh Lạng Sơn"):
        assert "place" not in candidates(text)


def test_an_area_is_weighed_with_its_decimal_comma_before_its_last_digit():
    """A parcel's area is in square metres to one decimal: the comma before the last digit."""
    assert candidates("d) Diện tích: 5799 m2") == {"area": ["d) Diện tích: 579,9 m2"]}
    assert candidates("Diện tích: 684 m²") == {"area": ["Diện tích: 68,4 m²"]}
    assert candidates("Diện tích: 5799m2, sàn 120 m2")["area"] == [
        "Diện tích: 579,9m2, sàn 120 m2", "Diện tích: 5799m2, sàn 12,0 m2", "Diện tích: 579,9m2, sàn 12,0 m2"]
    # a mark read already (a comma, a dot as the decimal or thousands mark), one digit, no unit,
    # a unit that is not square metres, digits run into a word
    for text in ("Diện tích: 579,9 m2", "Diện tích: 1.250 m2", "Diện tích: 251.6 m2", "Diện tích: 7 m2",
                 "Diện tích: 5799", "Thửa đất số: 5799 mét", "Diện tích: 5799 m3", "Diện tích: 5799 m2x"):
        assert "area" not in candidates(text), text


@pytest.mark.parametrize("text", [
    "Nơi nhận: Như trên: Lưu: VT.",        # a mark read as another (``;`` as ``:``)
    "QUYỀN SỬ DỤNG ĐẤT. QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
    "Mã hồ sơ: 669,47.12.H49-221027-1591",  # a comma where the code has a stop
    "QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN CIỀN VỚI ĐẤT",  # a letter misread
    "Quyền sử dụng đất quyền sở hữu nhà ở và tài sản khác gắn liền với đất",  # another case
])
def test_a_mark_read_as_another_or_other_letters_are_never_weighed(text):
    assert candidates(text) == {}


def test_every_mark_change_is_there_for_the_bench_only():
    assert candidates("Nơi nhận: Như trên: Lưu: VT.", every=True)
    assert change("a: b", "a; b") == "replaced"
    assert change("a, b.", "a, b") == "dropped"
    assert change("a b c", "a, b - c") == "added"


def test_a_heading_s_comma_the_reading_lost_is_read_where_the_ink_shows_it(aster):
    crop = line_crop(TITLE, _font("DancingScript"))
    first = aster.read([crop])[0]
    assert first.text == TITLE.replace(",", "")  # the comma lost, every letter read
    read = as_marked([first], crop, aster)
    assert read is not None and read.text == TITLE
    assert read.extra["mark"] == first.text
    # the other words as placed and as sure as read; the comma's word no surer than AsterOCR's line
    changed = [(a, b) for a, b in zip(first.words, read.words) if a != b]
    assert [(a[0], b[0]) for a, b in changed] == [("ĐẤT", "ĐẤT,")]
    (a, b), = changed
    assert b[1:3] == a[1:3] and b[3] <= a[3]
    _, cost = weigh(first.text, [TITLE], aster.read_frames(crop))
    assert 0 < cost <= SLACK  # the ink supports it nearly, not better


def test_a_label_s_comma_the_reading_lost_is_read_where_the_ink_shows_it(aster):
    crop = smeared(MOTHER, _font("DancingScript"), 1.6)
    first = aster.read([crop])[0]
    assert first.text == "Họ, chữ đệm tên người mẹ: Bùi Thu Vy"
    read = as_marked([first], crop, aster)
    assert read is not None and read.text == MOTHER


@pytest.mark.parametrize("text, font", [
    ("QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", "DancingScript"),
    ("QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", "Roboto"),
    ("Họ, chữ đệm tên người mẹ: Bùi Thu Vy", "DancingScript"),
    ("Số: 78/QĐUBND", "IndieFlower"),
])
def test_a_mark_the_book_left_out_stays_out(aster, text, font):
    """The book prevails: written without the list's mark, read as written, kept so."""
    crop = line_crop(text, _font(font))
    first = aster.read([crop])[0]
    assert first.text == text
    assert as_marked([first], crop, aster) is None


def test_an_area_s_decimal_comma_the_reading_lost_is_read_where_the_ink_shows_it(aster):
    written = "d) Diện tích: 579,9 m2"
    crop = smeared(written, _font("IndieFlower"), 1.6)
    first = aster.read([crop])[0]
    assert first.text == "d) Diện tích: 5799 m2"  # the comma lost, every digit read
    read = as_marked([first], crop, aster)
    assert read is not None and read.text == written and read.extra["mark"] == first.text
    # fainter: the ink supports it less, within an area's slack and beyond the other marks'
    crop = smeared(written, _font("IndieFlower"), 2.4)
    first = aster.read([crop])[0]
    assert first.text == "d) Diện tích: 5799 m2"
    _, cost = weigh(first.text, candidates(first.text)["area"], aster.read_frames(crop))
    assert SLACK < cost <= AREA_SLACK
    assert as_marked([first], crop, aster).text == written


@pytest.mark.parametrize("font", ["IndieFlower", "DancingScript", "Pacifico", "Roboto"])
def test_an_area_written_with_no_decimal_comma_stays_so(aster, font):
    """The book prevails: an area written ``5799 m2`` is read so; the comma its rule would give
    costs far beyond an area's slack where the ink has none."""
    written = "d) Diện tích: 5799 m2"
    crop = line_crop(written, _font(font))
    first = aster.read([crop])[0]
    assert first.text == written
    assert as_marked([first], crop, aster) is None
    _, cost = weigh(written, candidates(written)["area"], aster.read_frames(crop))
    assert cost > 2 * AREA_SLACK


def test_a_reading_the_frames_cannot_spell_is_left_as_read(aster):
    """A character AsterOCR has no letter for (Tesseract's ``€``) makes every reading impossible
    under its frames: nothing to weigh, nothing taken."""
    crop = line_crop(MOTHER, _font("DancingScript"))
    text = "Họ, chữ đệm tên người mẹ: Bùi Thu Vy €"
    assert candidates(text)
    assert as_marked([_read(text)], crop, aster) is None


def test_a_line_no_known_text_has_asks_for_no_frames():
    class NoFrames:
        def read_frames(self, crop):
            raise AssertionError("weighed")

    assert as_marked([_read("Họ và tên: Nguyễn Văn An")], None, NoFrames()) is None
    assert as_marked([LineRead("", 0.0, (), "aster")], None, NoFrames()) is None


def test_the_default_engine_reads_a_label_s_lost_comma_on_a_page():
    page = page_of(MOTHER, _font("DancingScript"), 2.0)
    layout, plain = read_with_and_without(page, marks=False)
    lost = "Họ, chữ đệm tên người mẹ: Bùi Thu Vy"
    assert plain.text.splitlines() == [lost, "Họ và tên: Nguyễn Văn An"]
    assert layout.text.splitlines() == [MOTHER, "Họ và tên: Nguyễn Văn An"]
    assert layout.meta["line_choices"]["mark"] == 1
    [kept] = layout.meta["marks"]
    assert kept == {"read": lost, "mark": MOTHER, "box": kept["box"]}
    assert "marks" not in plain.meta and "mark" not in plain.meta["line_choices"]
