"""A number read on its line with its label lost a digit ("149/TLKT" read "19": a hand's thin 1
beside the label's colon) that AsterOCR reads on the field's own crop: that reading is shown, a
question, the page reading kept. A book volume that is no volume as read ("07/979") is read again
on its own crop like any value that does not fit its field."""

from __future__ import annotations

import numpy as np
import pytest
from test_forms import TEMPLATES_BY_ID, BandReader, FakeReader, _layout

from scanner_station.extraction.extract import extract
from scanner_station.extraction.valid_parts import DIGIT_LOST, lost_from, valid_start


def _read(lines, template, key, band, engine="aster"):
    layout = _layout(lines, engine=engine)
    image = np.full((layout.height, 1200), 255, np.uint8)
    return extract(layout, TEMPLATES_BY_ID[template], image=image, reader=BandReader("", band))[key]


@pytest.mark.parametrize("line,band,want", [
    ("Số: 19/TLKT", ":149/TLKT", "149"),       # a 1 lost between the first digit and the next
    ("Số: 2/TLKS", ": 92/TLKS", "92"),         # the first digit lost beside the colon
    ("Số: 19/TLKT", ":191/TLKT", "191"),
    ("Số: 19/TLKT", ":1149/TLKT", "19"),       # two digits more: another reading, as read
    ("Số: 90/TLKT", "99/KT", "90"),            # a digit read as another: not a lost one, as read
    ("Số: 19/TLKT", "19/TLKT", "19"),          # the crop reads the same
    # a digit before a zero that pads the number to two digits: the colon read as a 1, as read
    ("Số: 02/TLKT", ":102/TLKT", "02"),
])
def test_an_entry_number_that_lost_a_digit_is_read_on_its_own_crop(line, band, want):
    f = _read([("TRÍCH LỤC KHAI TỬ", 0.99), (line, 0.99)], "civil.death_extract", "register_number", band)
    assert f.normalized == want
    as_read = line.split()[1].split("/")[0]
    assert (DIGIT_LOST in f.messages) is (want != as_read)
    if want != as_read:
        assert f.status == "uncertain" and f.engine == "aster-band" and f.second_reading == as_read


@pytest.mark.parametrize("line,band,want", [
    ("Đã chết vào lúc: 7 giờ 49 phút", ": 17 giờ 49 phút, n", "17 giờ 49 phút"),  # the crop reaches the next label
    ("Đã chết vào lúc: 5 gi 00", "15 giờ 00 phút", "15 giờ 00 phút"),
    ("Đã chết vào lúc: 7 giờ 49 phút", "17 giờ 94 phút", "7 giờ 49 phút"),  # digits in another order
    ("Đã chết vào lúc: 7 giờ 49 phút", "77 giờ 49 phút", "7 giờ 49 phút"),  # no time of day
])
def test_a_time_that_lost_a_digit_is_read_on_its_own_crop(line, band, want):
    f = _read([("TRÍCH LỤC KHAI TỬ", 0.99), (line, 0.99)], "civil.death_extract", "time_of_death", band)
    assert f.normalized == want and f.status == "uncertain"
    assert (DIGIT_LOST in f.messages) is (want.split()[0] != line.split(": ")[1].split()[0])


@pytest.mark.parametrize("band,want", [
    ("01/1979", "01/1979"),  # the line read no volume: its own crop reads one
    ("07/979", "07/979"),    # the crop no better: as read
])
def test_a_book_volume_read_as_no_volume_is_read_again_on_its_own_crop(band, want):
    f = _read([("TRÍCH LỤC KHAI TỬ", 0.99), ("Số: 12/TLKT Quyển số: 07/979", 0.99)], "civil.death_extract",
              "book_volume", band)
    assert f.normalized == want and f.status == "uncertain"
    if want != "07/979":
        assert f.second_reading == "07/979" and f.engine == "aster-band"


def test_a_lost_digit_is_one_or_two_left_out_in_order():
    assert lost_from("19", "149") and lost_from("5", "15") and lost_from("500", "1500")
    assert not lost_from("19", "19") and not lost_from("19", "91") and not lost_from("9", "149")
    assert valid_start("time", "17 giờ 49 phút, nơi chết") == "17 giờ 49 phút"
    assert valid_start("int", "abc") == ""
    assert valid_start("date", "1: 1985", lead=1) == "1985" and valid_start("date", "1: 1985") == ""
    assert valid_start("date", "12: 1985", lead=1) == ""


@pytest.mark.parametrize("band,want", [
    ("y 14/07/1982", "1982-07-14"),    # a stroke before the value read as a letter: the date after it
    ("14/07/1982, n", "1982-07-14"),   # the crop reaches the next label
    ("yy 14/07/1982", ""),             # two letters before it: not a stray stroke
])
def test_a_second_reading_of_a_date_is_cut_to_the_date_it_holds(band, want):
    f = _read([("TRÍCH LỤC KHAI TỬ", 0.99), ("Ngày đăng ký: 14/07/982", 0.99)], "civil.death_extract",
              "registration_date", band)
    assert f.normalized == want and f.status == "uncertain"


class RegistryReader(BandReader):
    """AsterOCR reads the crop as ``band``; the ink supports ``best`` among candidates."""

    def __init__(self, band: str, best: str) -> None:
        super().__init__("", band)
        self.best, self.asked = best, []

    def constrained(self, crop, value, cands, **how):
        self.asked.append(list(cands))
        return (self.best, -1.0) if self.best in cands else ("", 0.0)


@pytest.mark.parametrize("line,band,want", [
    ("Số vào sổ cấp GCN: 08:78", "OS45708", "CS 45708"),  # no registry number as read: the crop's letters
    ("Số vào sổ cấp GCN: 08:78", "08:78", ""),            # the crop reads no better
])
def test_a_registry_number_read_as_none_is_read_again_with_the_crops_reading(line, band, want):
    layout = _layout([("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 0.99), (line, 0.99)], engine="aster")
    image = np.full((layout.height, 1200), 255, np.uint8)
    reader = RegistryReader(band, "CS 45708")
    f = extract(layout, TEMPLATES_BY_ID["land.gcn"], image=image, reader=reader)["registry_number"]
    assert f.normalized == want and f.status == "uncertain"
    assert any("CS 45708" in c for c in reader.asked) is bool(want)


class ApartReader(BandReader):
    """The ink supports ``best`` among the candidates only where they are told apart."""

    def __init__(self, best: str) -> None:
        super().__init__("", "")
        self.best, self.how = best, None

    def constrained(self, crop, value, cands, **how):
        self.how = how
        return (self.best, 0.0) if how.get("apart") and self.best in cands else (self.best, -22.0)


def test_a_registry_numbers_letters_the_ink_tells_apart_from_the_others_are_shown():
    """"8.20816" (a hand's CS read as a digit and a dot): CS 11 nats below the ink's own reading,
    CH and CT far below it — shown, a question (the page reading kept)."""
    f = _apart([("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 0.99), ("Số vào sổ cấp Giấy chứng nhận: 8.20816", 0.99)],
               "land.gcn", "registry_number", "CS 20816")
    assert f.normalized == "CS 20816" and f.status == "uncertain" and f.second_reading == "8.20816"


def _apart(lines, template: str, key: str, best: str):
    """The field ``key`` read where the ink tells ``best`` apart from the others (asked so)."""
    layout = _layout(lines, engine="aster")
    reader = ApartReader(best)
    f = extract(layout, TEMPLATES_BY_ID[template], image=np.full((layout.height, 1200), 255, np.uint8),
                reader=reader)[key]
    assert reader.how and reader.how.get("apart") == 10.0
    return f


def test_a_prescribed_wording_the_ink_tells_apart_from_the_others_is_shown():
    """"QUUỄTDINH": the ink far below its own reading for every wording, but for one far above the
    others — that one is shown, a question (the page reading kept)."""
    f = _apart([("ỦY BAN NHÂN DÂN", 0.99), ("XÃ TÂN PHÚ", 0.99), ("QUUỄTDINH", 0.99), ("Ông/Bà: Đỗ Thu Yến", 0.99)],
               "procedure.result", "document_type", "QUYẾT ĐỊNH")
    assert f.value == "QUYẾT ĐỊNH" and f.status == "uncertain" and f.second_reading == "QUUỄTDINH"


@pytest.mark.parametrize("band,want", [
    ("10 gờ 26 phút, n", "10 giờ 26 phút"),  # its hour and minute read, its word not: a time, a doubt
    ("gờ 26 phút, n", ""),                   # no hour in it: no time
])
def test_a_time_read_as_none_is_read_on_its_own_crop_whatever_its_words_read(band, want):
    f = _read([("TRÍCH LỤC KHAI TỬ", 0.99), ("Đã chết vào lúc: 1o giờ 26 phút", 0.99)], "civil.death_extract",
              "time_of_death", band)
    assert f.normalized == want and f.status == "uncertain"
    if want:
        assert f.second_reading == "1o giờ 26 phút" and f.engine == "aster-band"


def test_a_number_a_second_recogniser_read_alike_is_not_read_again():
    """A printed entry number both recognisers read alike is about to be proposed: no third read."""
    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), ("Số: 19/TLKT", 0.99)], engine="aster")
    image = np.full((layout.height, 1200), 255, np.uint8)
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=image,
                reader=BandReader("19/TLKT", ":149/TLKT"))["register_number"]
    assert f.normalized == "19" and DIGIT_LOST not in f.messages


def test_an_area_is_not_cut_from_a_second_reading_where_its_words_give_it():
    """"23227 ( Bằng": a second reading cut to a number would be an area without its decimal mark
    and stand in the way of the value the words give."""
    layout = _layout([("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 0.99),
                      ("c) Diện tích: 22%% (Bằng chữ: Hai trăm ba mươi hai phẩy chín mét vuông)", 0.99)],
                     engine="aster")
    image = np.full((layout.height, 1200), 255, np.uint8)
    f = extract(layout, TEMPLATES_BY_ID["land.gcn"], image=image,
                reader=BandReader("| 23227 ( Bằng (", ""))["area_m2"]
    assert f.normalized == "232.9" and f.status == "uncertain"


def _inked(layout, glyphs):
    """The page with a block of ink per glyph (x0, x1) on the second line's rows."""
    image = np.full((layout.height, 1200), 255, np.uint8)
    for a, b in glyphs:
        image[66:84, a:b] = 0
    return image


#: "49/TLKT"'s box is x 58–142 on the second line (y 60–90): its own ink, a glyph to a letter
VALUE_INK = [(58, 64), (68, 74), (78, 84), (90, 96), (102, 108), (114, 120), (126, 132)]


@pytest.mark.parametrize("beside,band,want,flag", [
    ([(49, 55)], ":149/TLKT", "149", False),  # a 1 beside it, a letter's gap away: read on its crop
    ([(49, 55)], ":49/TLKT", "49", True),     # the crop reads no more: as read, a question
    ([(47, 50), (51, 54)], ":149/TLKT", "49", False),  # too small to be a digit (a colon's dots, specks)
    ([(40, 46)], ":149/TLKT", "49", False),   # a space away: the label's, not the value's
    ([], ":149/TLKT", "49", False),           # nothing beside it: not read again
])
def test_a_number_both_recognisers_read_alike_is_read_again_where_writing_beside_it_was_not_read(
        beside, band, want, flag):
    """"196" read "6" by both recognisers (its 1 and 9 split from the 6 where the form's dotted
    line was taken off, and left out of the line's words): about to be proposed, it is read again
    on its own crop only where whole glyphs stand beside it, a letter's gap away, in none of its
    words — and stays a question where that reading holds no more."""
    from scanner_station.extraction.crops import unread_beside
    from scanner_station.extraction.number_steps import INK_UNREAD

    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), ("Số: 49/TLKT", 0.99)], engine="aster")
    small = [(a, b) for a, b in beside if b - a < 6]
    image = _inked(layout, VALUE_INK + beside)
    if small:  # a colon's dots: short as well as narrow
        image[66:84, 40:56] = 255
        for a, b in small:
            image[72:76, a:b] = 0
    assert unread_beside(image, (58, 60, 142, 90)) is (want != "49" or flag)
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=image,
                reader=BandReader("49/TLKT", band))["register_number"]
    assert f.normalized == want and (DIGIT_LOST in f.messages) is (want != "49")
    assert (INK_UNREAD in f.messages) is flag
    assert f.status == ("uncertain" if want != "49" or flag else "proposed")


def test_a_lost_digit_beside_unread_writing_may_be_two():
    assert lost_from("6", "196", 2) and not lost_from("6", "196") and not lost_from("6", "1196", 2)


@pytest.mark.parametrize("line,key,band,want", [
    # a certificate's code, a text field written in digits alone
    ("Mã Giấy chứng nhận: 8966186446", "certificate_code", "18966186446", "18966186446"),
    ("Mã Giấy chứng nhận: 8966186446", "certificate_code", "1896618644", "8966186446"),  # not one more
    ("Số phát hành: AA 5362968", "certificate_serial", "AA 53629618", "AA 53629618"),  # a serial's digits
    ("Số vào sổ cấp GCN: CS 9495", "registry_number", "CS 90495", "CS 90495"),
    ("Thửa đất số: 49", "parcel_number", "149b)", "149"),  # run into the next label's letters
])
def test_a_code_that_lost_a_digit_is_read_on_its_own_crop(line, key, band, want):
    f = _read([("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 0.99), ("Thông tin thửa đất", 0.99), (line, 0.8)],
              "land.gcn_2024", key, band)
    assert f.normalized == want and f.status == "uncertain"
    assert (DIGIT_LOST in f.messages) is (want != line.split(": ")[1])


@pytest.mark.parametrize("volume,supported,want", [
    ("042008", "04/2008", "04/2008"),  # its slash lost: read again with it
    ("42008", "4/2008", "4/2008"),
    ("042008", "", "042008"),          # the ink does not support it: as read
    ("048808", "04/8808", "048808"),   # no year in it: no reading offered
])
def test_a_book_volume_read_without_its_slash_is_read_again_with_it(volume, supported, want):
    from test_forms import ListReader

    from scanner_station.extraction.number_steps import SLASH_LOST

    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), (f"Số: 12/TLKT Quyển số: {volume}", 0.99)])
    reader = ListReader(supported)
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=np.full((layout.height, 1200), 255, np.uint8),
                reader=reader)["book_volume"]
    assert f.value == want and (SLASH_LOST in f.messages) is (want != volume) and f.status == "uncertain"
    assert ([volume[:-4] + "/" + volume[-4:]] in reader.offered) is (volume != "048808")


class InkWeigher(BandReader):
    """Both recognisers read ``second``; the field's ink weighs texts by ``weights`` (others far
    below)."""

    def __init__(self, second: str, weights: dict[str, float]) -> None:
        super().__init__(second, second)
        self.weights = weights

    def weigher(self, crop):
        return lambda text: self.weights.get(text, -100.0)


@pytest.mark.parametrize("weights,want,why", [
    ({"08/2014": -5.0, "03/2014": -2.0}, "03/2014", "preferred"),  # the ink supports another digit better
    ({"08/2014": -5.0, "03/2014": -6.0}, "08/2014", "close"),      # hardly told apart: a question
    ({"08/2014": -0.1, "03/2014": -4.3}, "08/2014", "close"),      # 4.2 apart: a hand's 3 read 8 (22292)
    ({"08/2014": -0.1, "03/2014": -4.6}, "08/2014", None),         # 4.5: as correct values of hands stand
    ({"08/2014": -5.0, "03/2014": -12.0}, "08/2014", None),        # told apart: proposed
])
def test_a_value_both_recognisers_read_alike_is_weighed_against_one_digit_otherwise(weights, want, why):
    """A hand's 3 read as 8 by both recognisers ("08/2014" for 03/2014): about to be proposed,
    the value is weighed on its crop's ink against each valid reading with one digit otherwise."""
    from scanner_station.extraction.number_steps import DIGIT_CLOSE, DIGIT_PREFERRED

    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), ("Số: 12/TLKT Quyển số: 08/2014", 0.99)])
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=np.full((layout.height, 1200), 255, np.uint8),
                reader=InkWeigher("08/2014", weights))["book_volume"]
    assert f.value == want and (DIGIT_PREFERRED in f.messages) is (why == "preferred")
    assert (DIGIT_CLOSE in f.messages) is (why == "close")
    assert f.status == ("proposed" if why is None else "uncertain")
    if why == "preferred":
        assert f.second_reading == "08/2014" and f.engine == "aster-digit"


class CellReader(BandReader):
    """AsterOCR reads whatever band it is given as ``text`` (and says which crops it was given)."""

    def __init__(self, text: str) -> None:
        super().__init__("", text)
        self.crops = []

    def band_reading(self, crop):
        from scanner_station.ocr.base import LineRead

        self.crops.append(crop.shape)
        return LineRead(self.band, 0.8, ((self.band, 0, crop.shape[1], 0.8),), "aster")


def _ruled_row(digit: bool) -> np.ndarray:
    """The third row of ``_layout`` (y 110–140) in a ruled table: a rule under the row and one
    between the label's cell and the value's, and (``digit``) a hand's digit written low in the
    value's cell, touching the rule."""
    image = np.full((260, 1200), 255, np.uint8)
    image[142:145, :] = 0       # the row's rule
    image[95:160, 300:303] = 0  # the cells' rule
    if digit:
        image[114:143, 400:404] = 0   # a "7": its stroke down to the rule
        image[114:118, 388:410] = 0
    return image


@pytest.mark.parametrize("digit,text,key,want", [
    (True, "-7", "map_sheet", "7"),      # the digit no line was detected for: read from its ink
    (False, "-7", "map_sheet", ""),      # the value's cell empty but for its rules: empty
    (True, "7e", "map_sheet", ""),       # the ink read as no number: empty
])
def test_a_value_no_line_was_detected_for_is_read_from_its_ink_after_the_label(digit, text, key, want):
    layout = _layout([("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 0.99), ("a) Thửa đất số: 244", 0.99),
                      ("b) Tờ bản đồ số", 0.99), ("c) Diện tích: 120 m²", 0.99)], engine="aster")
    reader = CellReader(text)
    f = extract(layout, TEMPLATES_BY_ID["land.gcn"], image=_ruled_row(digit), reader=reader)[key]
    assert f.normalized == want
    if want:
        assert f.status == "uncertain" and any("writing in its cell" in m for m in f.messages)
        assert 380 <= f.bbox[0] and f.bbox[2] <= 420  # the digit's box, not the rules'
    else:
        assert f.messages == ("empty",)
    assert bool(reader.crops) is digit


def test_writing_after_a_label_leaves_the_rules_out():
    from scanner_station.extraction.crops import writing_after

    assert writing_after(_ruled_row(False), (240, 100, 1190, 152), 30) is None
    box = writing_after(_ruled_row(True), (240, 100, 1190, 152), 30)
    assert box is not None and 385 <= box[0] <= 390 and 402 <= box[2] <= 412


class MisreadBand:
    """The real crop reader, whose AsterOCR reading of a band is ``text`` (a held-out hand's "Nữ"
    read "Chữ"); its weighing of the ink among candidates is its own."""

    def __new__(cls, text: str):
        from scanner_station.extraction.reread import CropReader
        from scanner_station.ocr.base import LineRead

        class _Reader(CropReader):
            def band_reading(self, crop):
                return LineRead(text, 0.56, ((text, 0, crop.shape[1], 0.56),), "aster")

        return _Reader()


@pytest.mark.parametrize("written,band,want", [
    ("Nữ", "Chữ", "Nữ"),   # read as none of the two: the ink tells "Nữ" apart
    ("Nam", "Mam", "Nam"),
    ("Lan", "Lan", ""),    # other writing: neither is supported, nothing is shown
])
def test_a_list_value_no_line_was_detected_for_and_read_as_none_is_read_among_the_list(written, band, want):
    """A sex written after its label, on no detected line, read by AsterOCR as neither value: the
    ink weighed among the list's values shows the one it tells apart — a question."""
    import cv2

    from conftest import line_crop
    from scanner_station.synth.pages import cursive_fonts

    layout = _layout([("TRÍCH LỤC KHAI SINH", 0.99), ("Họ, chữ đệm, tên: Nguyễn Thị Lan", 0.99),
                      ("Giới tính:", 0.99)], engine="aster")
    image = np.full((layout.height, 1200), 255, np.uint8)
    ink = line_crop(written, cursive_fonts()[0], width=400)
    cols = np.where((ink < 128).any(axis=0))[0]
    rows = np.where((ink < 128).any(axis=1))[0]
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    ink = cv2.resize(ink, (int(ink.shape[1] * 36 / ink.shape[0]), 36), interpolation=cv2.INTER_AREA)
    image[112:148, 170:170 + ink.shape[1]] = ink  # after "Giới tính:" (y 110–140, x 10–142)
    reader = MisreadBand(band)
    try:
        f = extract(layout, TEMPLATES_BY_ID["civil.birth_extract"], image=image, reader=reader)["sex"]
    finally:
        reader.close()
    assert f.normalized == want
    if want:
        assert f.status == "uncertain" and f.second_reading == band
        assert any("writing in its cell" in m for m in f.messages)
    else:
        assert f.messages == ("empty",)


@pytest.mark.parametrize("written,want", [
    ("06 tháng kể từ ngày cấp", "06 tháng kể từ ngày cấp"),  # its 0 lost in the reading: read again with it
    ("6 tháng kể từ ngày cấp", "6 tháng kể từ ngày cấp"),    # written so: as read
])
def test_a_wordings_number_read_without_its_zero_is_read_again_with_it(written, want):
    """"Giấy này có giá trị sử dụng: 6 tháng kể từ ngày cấp" where the page prints "06": the
    ink, weighed with the number padded and as read, tells the zero — shown, a question."""
    from PIL import Image, ImageDraw, ImageFont

    from scanner_station.extraction.doubt import NUMBER_PADDED
    from scanner_station.extraction.reread import CropReader
    from scanner_station.synth.pages import printed_fonts

    layout = _layout([("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", 0.99),
                      ("Giấy này có giá trị sử dụng: 6 tháng kể từ ngày cấp", 0.99)], engine="aster")
    line = layout.blocks[0].lines[1]
    value = [w for w in line.words if w.text in ("6", "tháng", "kể", "từ", "ngày", "cấp")]
    x0, y0, width = value[0].bbox.x0, value[0].bbox.y0, value[-1].bbox.x1 - value[0].bbox.x0
    pil = Image.new("L", (1200, layout.height), 255)
    draw = ImageDraw.Draw(pil)
    size = next(s for s in range(28, 12, -1)  # the words within their boxes, as read
                if draw.textlength("06 tháng kể từ ngày cấp", font=ImageFont.truetype(str(printed_fonts()[0]), s)) < width)
    draw.text((x0, y0 + 2), written, fill=0, font=ImageFont.truetype(str(printed_fonts()[0]), size))
    reader = CropReader()
    try:
        f = extract(layout, TEMPLATES_BY_ID["procedure.result"], image=np.array(pil), reader=reader)["validity"]
    finally:
        reader.close()
    assert f.value == want
    if want != "6 tháng kể từ ngày cấp":
        assert f.status == "uncertain" and f.second_reading == "6 tháng kể từ ngày cấp" and NUMBER_PADDED in f.messages
    else:
        assert NUMBER_PADDED not in f.messages


def test_a_digits_only_reading_with_fewer_digits_than_the_page_reading_is_not_taken():
    """"76Z" (a hand's 7 read "Z"): Tesseract's digits-only reading "7" lost two digits — the
    page reading is kept for its look-alike digits to be weighed, not replaced by it."""
    layout = _layout([("GIẤY CHỨNG NHẬN", 0.99), ("QUYỀN SỬ DỤNG ĐẤT", 0.99), ("a) Thửa đất số: 76Z", 0.99)])
    image = np.full((layout.height, 1200), 255, np.uint8)
    f = extract(layout, TEMPLATES_BY_ID["land.gcn"], image=image, reader=FakeReader(digits="7"))["parcel_number"]
    assert f.value == "76Z" and f.status == "uncertain"
    f = extract(layout, TEMPLATES_BY_ID["land.gcn"], image=image, reader=FakeReader(digits="767"))["parcel_number"]
    assert f.value == "767"  # as many digits: taken, as before


class Constrained(BandReader):
    """The ink supports ``best`` among the candidates it is given, ``gain`` below its own reading;
    says which candidates it was given."""

    def __init__(self, best: str, gain: float) -> None:
        super().__init__("", "")
        self.best, self.gain, self.given = best, gain, []

    def constrained(self, crop, value, cands, **how):
        self.given.append(list(cands))
        return (self.best, self.gain) if self.best in cands else ("", 0.0)


def test_a_document_numbers_letter_among_its_digits_is_weighed_as_its_look_alike_digits():
    """"6z6/GBT" (a hand's crossed 7 read "z"): the number before its slash read again with the
    z as a 2 and as a 7 — the one the ink supports shown, a question; the code's letters kept."""
    from scanner_station.extraction.doubt import DIGIT_CONSTRAINED

    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), ("Giấy báo tử số: 6z6/GBT", 0.99)])
    reader = Constrained("676/GBT", -2.0)
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=np.full((layout.height, 1200), 255, np.uint8),
                reader=reader)["death_notice"]
    assert (f.value, f.status, f.second_reading) == ("676/GBT", "uncertain", "6z6/GBT")
    assert DIGIT_CONSTRAINED in f.messages and ["626/GBT", "676/GBT"] in reader.given


def test_a_times_minute_with_a_look_alike_letter_is_the_times_and_weighed_as_its_digit():
    """"9 giờ s0 phít" (a hand's 5 read "s"): the time is not cut to "9 giờ" — its minute is
    weighed on the ink with the s as a 5, shown where the ink supports it, a question."""
    from scanner_station.extraction.doubt import DIGIT_CONSTRAINED

    layout = _layout([("TRÍCH LỤC KHAI TỬ", 0.99), ("Đã chết vào lúc: 9 giờ s0 phít, ngày 03/10/2014", 0.99)])
    image = np.full((layout.height, 1200), 255, np.uint8)
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=image, reader=FakeReader())["time_of_death"]
    assert f.value == "9 giờ s0 phít"
    reader = Constrained("9 giờ 50 phít", -2.0)
    f = extract(layout, TEMPLATES_BY_ID["civil.death_extract"], image=image, reader=reader)["time_of_death"]
    assert (f.value, f.normalized, f.status) == ("9 giờ 50 phít", "9 giờ 50 phút", "uncertain")
    assert DIGIT_CONSTRAINED in f.messages


@pytest.mark.parametrize("digit,want", [(True, "7"), (False, "")])
def test_marks_read_in_the_value_cell_beside_its_rule_leave_the_digit_read_from_its_ink(digit, want):
    """A two-column table: "b) Tờ bản đồ số" in its cell, the value "7" in the next, just after
    the cells' rule — the page reading took the rule and the digit for marks ("`;", no value).
    The writing is looked for in the cell the marks were read in, not only up to it."""
    from scanner_station.domain.layout import BBox, Block, Line, PageLayout, Word

    base = _layout([("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 0.99), ("a) Thửa đất số: 244", 0.99)], engine="aster")
    words, x = [], 10
    for w in "b) Tờ bản đồ số".split():
        words.append(Word(w, BBox(x, 110, x + 12 * len(w), 140), 0.99))
        x += 12 * len(w) + 12
    words.append(Word("`;", BBox(296, 110, 412, 140), 0.61))  # the rule and the digit, misread
    row = Line(tuple(words), BBox(10, 110, 412, 140), 0.9, "aster")
    lines = (*base.blocks[0].lines, row)
    layout = PageLayout(1200, 260, (Block(lines, BBox(10, 10, 1190, 150)),), "test")
    reader = CellReader("7")
    f = extract(layout, TEMPLATES_BY_ID["land.gcn"], image=_ruled_row(digit), reader=reader)["map_sheet"]
    assert f.normalized == want
    if want:
        assert f.status == "uncertain" and any("writing in its cell" in m for m in f.messages)
        assert 380 <= f.bbox[0] and f.bbox[2] <= 420
    else:
        assert f.messages == ("empty",)
