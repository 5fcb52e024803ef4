"""A line starting with a form's label read with the label where the line's ink supports it —
the label's spelling and the item's mark the ink shows, the value as read and where it was read
— and every other line left as read."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import line_crop, page_of, read_with_and_without, smeared
from scanner_station.domain.labels import ENUMERATORS, known_labels, label_spellings
from scanner_station.domain.text import nfc
from scanner_station.ocr.aster import AsterRecognizer
from scanner_station.ocr.calibration import calibrate
from scanner_station.ocr.headings import weigh
from scanner_station.ocr.labels import RULE, UNSURE, as_labelled, candidates
from scanner_station.synth.pages import cursive_fonts, printed_fonts


def _font(name: str):
    return next(f for f in printed_fonts() + cursive_fonts() if f.name.startswith(name))


def test_the_labels_are_the_forms_own_nfc_and_long_enough_to_weigh():
    labels = known_labels()
    assert all(x == nfc(x) for x in labels)
    assert len({x[:1].upper() + x[1:] for x in labels}) == len(labels)  # once each
    # the templates' field labels and the sub-labels of values they do not read
    assert {"Họ, chữ đệm, tên", "Họ và tên", "Nơi sinh", "Số vào sổ cấp GCN", "ghi bằng chữ",
            "Người sử dụng đất: Ông/Bà"} <= set(labels)
    assert "Địa chỉ" in labels and "c) Địa chỉ" not in labels  # the mark is weighed as a mark
    assert not {"Số", "Ông", "Bà", "ỦY BAN NHÂN DÂN", "sinh năm"} & set(labels)
    assert label_spellings("ghi bằng chữ") == ("ghi bằng chữ", "Ghi bằng chữ")
    assert "đ)" in ENUMERATORS and "f)" not in ENUMERATORS  # the Vietnamese alphabet's order


@pytest.mark.parametrize("read, label, expected", [
    ("Mơi sinh: Trà my tế xã Sa Tũ", "Nơi sinh", "Nơi sinh: Trà my tế xã Sa Tũ"),  # the value as read
    ("Nămsinh: 1927", "Năm sinh", "Năm sinh: 1927"),
    ("0) Địa chi: phường Bến Thành", "Địa chỉ", "c) Địa chỉ: phường Bến Thành"),  # a mark one edit away
    ("2 Thửa đất số; 12", "Thửa đất số", "2. Thửa đất số: 12"),  # its colon read as a semicolon
    ("e)Mục đích sử dụng: LUC", "Mục đích sử dụng", "e) Mục đích sử dụng: LUC"),
    ("1. gười sử dụng đất: Ông /Bà Phan Đức Lộc", "Người sử dụng đất: Ông/Bà",
     "1. Người sử dụng đất: Ông/Bà Phan Đức Lộc"),
])
def test_a_line_near_a_label_is_weighed_with_it_and_its_value_as_read(read, label, expected):
    assert expected in candidates(read)[label]


@pytest.mark.parametrize("read", [
    "Nơi sinh: Hà Nội",  # a label as written
    "c) Địa chỉ: phường Bến Thành",
    "Địa chỉ thường trú: xã Yên Lãng",  # as written, though it starts with another label
    "Họ tên người mẹ: Lý Thu Liễu",
    "GHẤY CHỨNG NHÂN",  # a title in capitals: the headings' (``ocr.headings``)
    "Nam sinh viên trường Luật",  # no colon after what starts like a label: not one
    "xã Nghĩa Đô, huyện Hương Thủy",
    "",
])
def test_a_line_with_no_label_to_mend_is_not_weighed(read):
    assert candidates(read) == {}


def test_a_label_never_takes_the_value_after_its_colon():
    # ``LUC`` is no misread ``đất``: the value after the colon is never the label's
    readings = [t for ts in candidates("e)Mục đích sử dụng: LUC").values() for t in ts]
    assert readings and all(t.endswith(": LUC") for t in readings)


@pytest.mark.parametrize("read, expected", [
    ("Số: 113/QĐ GUBND", "Số: 113/QĐ-UBND"),  # a kind's abbreviation and the issuer's, the number as read
    ("Số: 130 /QD-UBMNĐ", "Số: 130/QĐ-UBND"),
    ("Số: 5/2024/QD-UBND", "Số: 5/2024/QĐ-UBND"),
])
def test_a_document_number_is_weighed_with_the_symbols_near_its_reading(read, expected):
    assert expected in candidates(read)["QĐ-UBND"]


@pytest.mark.parametrize("read", [
    "Số: 12/QĐ-UBND",  # as written
    "Số: 12/UBND-XNTTHN",  # a letter's drafting unit after the issuer: not the list's
    "Số: 86/QĐ -GEBYD",  # nothing near enough
    "Số: 53/TLKS Quyển số: 02/1943",  # a register's number and its book, not a document's
])
def test_a_document_number_with_no_symbol_near_is_left_as_read(read):
    assert candidates(read) == {}


def test_a_dossier_code_is_weighed_with_its_groups_apart_and_its_digits_as_read():
    assert candidates("Mã hồ sơ: 696.9702H96-190121-7941") == {"dossier": ["Mã hồ sơ: 696.97.02.H96-190121-7941"]}
    assert candidates("Mã hồ sơ: 4011739H87-210913-7092") == {"dossier": ["Mã hồ sơ: 401.17.39.H87-210913-7092"]}
    assert candidates("Mã hồ sơ: 633.62.67.H67-191110-1870") == {}  # as written
    assert candidates("Mã hồ sơ: 63362.6H67-191110-1870") == {}  # six digits: not an office code


def _read_surely_and_weighed(aster, written: str, misread: str, clear: str) -> None:
    """``written`` in a smeared cursive hand is read surely as ``misread``, and known_reading
    weighs it back to ``written`` (a "label" step, the reading kept); ``clear``, printed, is read
    as written and not weighed: the ink keeps what it shows."""
    from scanner_station.ocr.labels import known_reading

    crop = smeared(written, next(f for f in cursive_fonts() if "Dancing" in f.name), 2.0)
    first = aster.read([crop])[0]
    score = calibrate("aster", first.confidence)
    assert first.text == misread and score >= UNSURE  # read surely, misread
    [(kind, read)] = known_reading([first], crop, aster, score)
    assert (kind, read.text, read.extra["label"]) == ("label", written, first.text)
    assert known_reading([first], crop, aster, score, labels=False) == []
    crop = line_crop(clear, _font("DejaVuSans"))
    first = aster.read([crop])[0]
    assert first.text == clear
    assert known_reading([first], crop, aster, calibrate("aster", first.confidence)) == []


def test_a_registry_numbers_letters_none_of_the_circulars_are_weighed_with_them_however_sure(aster):
    """"Số vào sổ cấp GCN: CS 61405" read surely as "C8 61405" (the held-out hand reads "OS" on
    eleven certificates of fifty pages): letters none of CH, CS, CT (TT 23/2014/TT-BTNMT) are no
    reading of a registry number, however sure — the ink chooses among the three, the digits as
    read; letters a registry number has, or a clear hand's other letters (an older book's), stay
    as read."""
    from scanner_station.ocr.labels import registry

    assert set(registry("Số vào sổ cấp GCN: OS 61405")) == {"CH", "CS", "CT"}
    assert registry("Số vào sổ cấp GCN: QH25282")["CH"] == ["Số vào sổ cấp GCN: CH 25282"]
    assert registry("Số vào sổ cấp GCN: C8 61405")["CS"] == ["Số vào sổ cấp GCN: CS 61405"]
    assert registry("Số vào sổ cấp GCN: CT 61405") == registry("Số phát hành: OS 87159090") == {}
    _read_surely_and_weighed(aster, "Số vào sổ cấp GCN: CS 61405", "Số vào sổ cấp GCN: C8 61405",
                             "Số vào sổ cấp GCN: QH 50562")


def test_a_document_symbol_no_kind_and_issuer_has_is_weighed_with_theirs_however_sure(aster):
    """"Số: 318/TB-UBND" read surely as "TB-UBNĐ" (the held-out hand's "QĐ-VBND", at 0.77 and
    0.82): a symbol no kind's and issuer's (ND 30/2020/NĐ-CP) is weighed with the ones near it
    however sure the line — the number as read; a symbol as written is not weighed."""
    from scanner_station.ocr.labels import structured

    assert "TB-UBND" in structured("Số: 318/TB-UBNĐ") and structured("Số: 318/TB-UBND") == {}
    _read_surely_and_weighed(aster, "Số: 318/TB-UBND", "Số: 318/TB-UBNĐ", "Số: 318/TB-UBND")


def test_a_lines_next_numbered_item_is_weighed_with_its_label_the_rest_as_read():
    got = candidates("a) Thửa đất số: 352,: 6) Tỡ bản đồ số: 7;")
    assert "a) Thửa đất số: 352,: b) Tờ bản đồ số: 7;" in got["Tờ bản đồ số"]
    assert all(t.startswith("a) Thửa đất số: 352,: ") for t in got["Tờ bản đồ số"])
    assert candidates("a) Thửa đất số: 749; b) Tờ bản đồ số: 37;") == {}  # as written
    # a leader's dots before a sub-label are no item's mark: the line stays as read
    assert candidates("Ngày, tháng, năm sinh:.222... phi bằng chữ: ngày mười bảy") == {}
    assert candidates("Năm sinh: 1956 Dân tộc: Kinh") == {}


def test_a_recipients_line_is_weighed_with_the_items_written_word_for_word(aster):
    """``Nơi nhận: Như trên; Lưu: VT.`` (Decree 30/2020, annex I): the items near the line's
    reading, each with its full stop or none; a line naming an office, or read as written, not."""
    got = candidates("Mơi nhận: Nưtrên: Lau: UT")
    assert got["Như trên; Lưu: VT"] == ["Nơi nhận: Như trên; Lưu: VT.", "Nơi nhận: Như trên; Lưu: VT",
                                        "nơi nhận: Như trên; Lưu: VT.", "nơi nhận: Như trên; Lưu: VT"]
    # another item near too: the ink tells them apart, or the line stays as read
    assert "Như Điều 3; Lưu: VT" in candidates("Nơi nhận: Nuưtrên: Lau: UT")
    assert candidates("Nơi nhận: Như trên; Lưu: VT.") == {}
    assert "Như trên; Lưu: VT" not in candidates("Nơi nhận: UBND huyện Đông Anh; Lưu: VT")
    crop = smeared("Nơi nhận: Như trên; Lưu: VT.", _font("DejaVuSans"), 3.2)
    first = aster.read([crop])[0]
    assert first.text == "Nơi nhận: Như trên: Lưu: VT."  # its semicolon read as a colon
    assert as_labelled([first], crop, aster).text == "Nơi nhận: Như trên; Lưu: VT."


@pytest.mark.parametrize("written, sigma, labelled", [
    ("c) Địa chỉ: xã Tân Phú", 3.2, "c) Địa chỉ: xã Tân Phu"),  # the value as read, misread or not
    ("Nơi sinh: Bệnh viện Bạch Mai", 3.2, "Nơi sinh: Đệnh viện Bạch Mai"),
    ("Dân tộc: Kinh", 2.8, "Dân tộc: Kinh"),
])
def test_a_misread_label_is_read_as_the_ink_shows_it_the_value_as_it_was(aster, written, sigma, labelled):
    crop = smeared(written, _font("DancingScript"), sigma)
    first = aster.read([crop])[0]
    assert first.text != written and not first.text.startswith(labelled.split(":")[0])  # misread
    read = as_labelled([first], crop, aster)
    assert read is not None and read.text == labelled
    assert read.extra["label"] == first.text  # the line as read, kept
    # the value's words are the recogniser's, where it read them; the label's within the line
    value = labelled.split(": ", 1)[1].split()
    assert [w for w in read.words if w[0] in value] == [w for w in first.words if w[0] in value]
    assert all(0 <= w[1] < w[2] <= crop.shape[1] for w in read.words)
    assert calibrate("aster", min(w[3] for w in read.words)) < UNSURE  # flagged: as unsure as the ink


@pytest.mark.parametrize("written, font", [
    ("Dân tọc: Kinh", "Roboto"),  # a changed mark costs more than the slack where the ink is clear
    ("Quê quản: tỉnh Nghệ An", "DejaVuSans"),
    ("Ngày sình: 12/05/1987", "DancingScript"),
])
def test_a_label_misspelled_and_read_as_written_stays_as_written(aster, written, font):
    crop = line_crop(written, _font(font))
    first = aster.read([crop])[0]
    assert first.text == written
    weighed = weigh(first.text, crop, aster, candidates, RULE)
    assert weighed is not None and weighed.spelling != written  # the list's label is near
    assert as_labelled([first], crop, aster) is None


def test_the_default_engine_reads_a_misread_label_on_a_page_and_says_so():
    """On a page, a label smeared in a hand is read with the label (the layout counts it and keeps
    the line as read); a printed line under it is read as before; without the step, as read."""
    page = page_of("Nơi cư trú: xã Tân Phú", _font("Pacifico"), 3.0)
    layout, plain = read_with_and_without(page, labels=False)
    first, second = layout.text.splitlines()
    assert first == "Nơi cư trú: xã Tân Phú" and second == "Họ và tên: Nguyễn Văn An"
    assert layout.meta["line_choices"]["label"] == 1
    [kept] = layout.meta["labels"]
    assert kept["label"] == first and kept["read"] == plain.text.splitlines()[0]
    assert not plain.text.startswith("Nơi cư trú: ")
    assert first.split(": ", 1)[1] == plain.text.splitlines()[0].split(": ", 1)[1]  # the value as read


def test_a_line_read_is_weighed_on_the_frames_it_was_read_with():
    """AsterOCR keeps the frames of the lines it read last: weighing a line read a moment ago
    runs no network again, and its frames are those a fresh reading computes."""
    crop = smeared("Nơi cư trú: xã Tân Phú", _font("DancingScript"), 2.6)
    fresh, rec = AsterRecognizer(), AsterRecognizer()
    try:
        want = fresh.read_frames(crop)
        rec.read([crop])
        runs = []
        session = rec._session

        class Counting:
            def run(self, *a, **k):
                runs.append(1)
                return session.run(*a, **k)

        rec._session = Counting()
        got = rec.read_frames(crop)
        assert runs == []
        assert got[0].text == want[0].text and np.array_equal(got[1], want[1])
        rec.read_frames(crop[:, : crop.shape[1] // 2])  # a crop not read before: read now
        assert runs
    finally:
        fresh.close()
        rec.close()
