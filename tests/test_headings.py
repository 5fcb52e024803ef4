"""Known headings (the national name and motto, the forms' titles) read as the heading where the
line's ink supports it — in the spelling the ink shows, never the list's — and every other line
left as read."""

from __future__ import annotations

import pytest

from conftest import line_crop, page_of, read_with_and_without, smeared
from scanner_station.domain.headings import HEADINGS, spellings
from scanner_station.domain.text import nfc
from scanner_station.ocr.calibration import calibrate
from scanner_station.ocr.labels import known_reading
from scanner_station.ocr.headings import APART, SLACK, SURE_RULE, UNSURE, as_heading, led, near, weigh
from scanner_station.synth.pages import block_hand_fonts, cursive_fonts, printed_fonts


def _dancing():
    return next(f for f in cursive_fonts() if "Dancing" in f.name)


def test_every_heading_is_nfc_and_spelled_as_written():
    assert len(set(HEADINGS)) == len(HEADINGS)
    assert all(h == nfc(h) for h in HEADINGS)
    motto = spellings("Độc lập - Tự do - Hạnh phúc")
    assert motto[0] == "Độc lập - Tự do - Hạnh phúc"
    assert {"Độc lập Tự do Hạnh phúc", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"} <= set(motto)
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in spellings("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    title = spellings("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT")
    assert "QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT" in title


def test_the_document_titles_are_the_kinds_an_office_issues_none_a_letter_from_another():
    from scanner_station.domain.headings import DOCUMENTS

    assert {"QUYẾT ĐỊNH", "THÔNG BÁO", "GIẤY PHÉP XÂY DỰNG", "GIẤY PHÉP", "BIÊN BẢN", "TỜ TRÌNH"} <= set(DOCUMENTS)
    assert near("GHẤY PHÉPXÂY DỤNG") == ["GIẤY PHÉP XÂY DỰNG"]
    # a title one letter from another leaves both as read where the ink is weak: none such listed
    keys = ["".join(c for c in h if c.isalnum()) for h in HEADINGS]
    assert all(a == b or sum(x != y for x, y in zip(a, b)) > 1 or len(a) != len(b) for a in keys for b in keys)


def test_a_lead_is_read_before_the_office_name_as_read():
    readings = led("ỦY BANN HÂN DÂNX E SU")["ỦY BAN NHÂN DÂN"]
    assert {"ỦY BAN NHÂN DÂN X E SU", "ỦY BAN NHÂN DÂN E SU", "UỶ BAN NHÂN DÂN X E SU"} <= set(readings)
    assert all(r.endswith("E SU") for r in readings)  # the office's name stays as read
    assert led("ỦY BAN NHÂN DÂN XÃ EA TU") == {}  # read as written
    assert led("Ủy ban nhân dân xã Thủy Xuân") == {}
    # a value in a table's cell, not a letterhead: its misread lead stays as read (a field's)
    assert led("Ny ban nhân dân xã Tấn Phú, thị xã Long Mỹ, tỉnh Hậu Giang") == {}
    assert led("UBND XÃ TÂN PHÚ") == {}  # another way to write it, not a misreading of it
    assert led("Nơi đăng ký khai sinh: Ủy ban nhân dân xã Thủy Xuân") == {}  # not the line's start
    assert led("ỦY BAN NHÂN DAN") == {}  # the lead alone: a heading of its own
    assert near("ỦY BAN NHÂN DAN") == ["ỦY BAN NHÂN DÂN"]
    assert near("ỦY BAN NHÂN DÂN XÃ EA TU") == []


def test_an_office_line_misread_is_read_with_its_lead(aster):
    crop = smeared("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", _dancing(), 3.6)
    first = aster.read([crop])[0]
    assert not first.text.startswith("ỦY BAN NHÂN DÂN")
    read = as_heading([first], crop, aster)
    assert read is not None and read.text.startswith("ỦY BAN NHÂN DÂN ")
    assert read.text.endswith(first.text.split(maxsplit=4)[-1])  # the name as read


def test_only_lines_read_near_a_heading_are_weighed():
    assert near("ĐỘNG HÒC XĨ HỘICHOỦNGHHACU LỆ TOAO") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "QUYẾT ĐỊNH" in near("QUYẾTDIN H")
    assert near("TRÍCH LỤC KHAI SINH") == []  # read as it is written: nothing to weigh
    assert near("Họ, chữ đệm, tên: Phan Kim Nhung") == []
    assert near("") == []


@pytest.mark.parametrize("written, heading", [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),  # the older spelling, as written
    ("Độc lập Tự do Hạnh phúc", "Độc lập Tự do Hạnh phúc"),  # no dashes written: none read
    ("TRÍCH LỤC KHAI SINH", "TRÍCH LỤC KHAI SINH"),
])
def test_a_misread_heading_is_read_in_the_spelling_its_ink_shows(aster, written, heading):
    crop = smeared(written, _dancing())
    first = aster.read([crop])[0]
    assert first.text != written  # misread: what the step is for
    read = as_heading([first], crop, aster)
    assert read is not None
    assert read.text == heading
    assert read.extra["heading"] == first.text
    assert [w[0] for w in read.words] == heading.split()
    assert all(0 <= w[1] < w[2] <= crop.shape[1] for w in read.words)
    assert calibrate("aster", read.confidence) < UNSURE  # as unsure as the ink: flagged


@pytest.mark.parametrize("written, font, sigma", [
    ("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT", "IndieFlower", 3.8),
    ("Độc lập - Tự do - Hạnh phúc", "DancingScript", 3.4),
    ("ĐỘC LẬP - TỰ DO - HẠNH PHÚC", "DancingScript", 3.8),
])
def test_a_headings_commas_and_dashes_the_ink_nearly_supports_are_read(aster, written, font, sigma):
    """The reading lost the marks, and the ink supports the heading with them within a full stop's
    slack (``stops.SLACK``) though a little less than without: read with them — the smallest marks
    a hand makes, weighed as a line's last full stop is."""
    from scanner_station.ocr.ctc import log_likelihood
    from scanner_station.ocr.headings import unmarked
    from scanner_station.ocr.stops import SLACK as MARK_SLACK

    path = next(f for f in cursive_fonts() + block_hand_fonts() if f.name.startswith(font))
    crop = smeared(written, path, sigma)
    read, p, chars = aster.read_frames(crop)
    assert "," not in read.text and " - " not in read.text
    lost = log_likelihood(p, written, chars, loose_spaces=True) - log_likelihood(p, unmarked(written), chars,
                                                                                 loose_spaces=True)
    assert -MARK_SLACK <= lost < 0  # likelier without them: the marks only by the slack
    got = as_heading([read], crop, aster)
    assert got is not None and got.text == written


def test_a_line_read_as_a_heading_without_its_marks_is_weighed_for_them_alone():
    assert near("QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT") == [
        "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT"]
    assert near("Độc lập Tự do Hạnh phúc") == ["Độc lập - Tự do - Hạnh phúc"]
    assert near("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT") == []  # as listed


@pytest.mark.parametrize("written, sigma", [
    ("THÔNG TIN", 3.2),  # near "THÔNG BÁO", and not it
    ("GIẤY CHỨNG NHẬN ĐẦU TƯ", 3.2),  # a title the list does not hold
    ("GIẤY CHỨNG NHÂN", 2.6),  # misspelled, read unsurely as written: a changed mark costs too much
])
def test_a_line_the_ink_does_not_support_as_a_heading_is_left_as_read(aster, written, sigma):
    crop = smeared(written, _dancing(), sigma)
    assert as_heading([aster.read([crop])[0]], crop, aster) is None


@pytest.mark.parametrize("written, font, heading", [
    ("CỘNC HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Roboto", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TRÍCH LỤC KỂT HÔN", "DejaVuSans", "TRÍCH LỤC KẾT HÔN"),
    ("VIÊT NAM DÂN CHỦ CỘNG HOÀ", "DancingScript", "VIỆT NAM DÂN CHỦ CỘNG HOÀ"),
    ("SỔ ĐĂMG KÝ KHAI TỬ", "Pacifico", "SỔ ĐĂNG KÝ KHAI TỬ"),
])
def test_a_heading_misspelled_in_a_clear_hand_stays_as_written(aster, written, font, heading):
    """The ink barely tells the misspelling from the heading (within the slack), but AsterOCR
    reads the line surely as written: the book prevails."""
    path = next(f for f in printed_fonts() + cursive_fonts() + block_hand_fonts() if f.name.startswith(font + "-")
                or f.name.startswith(font + "[") or f.name == font + ".ttf")
    crop = line_crop(written, path)
    first = aster.read([crop])[0]
    assert first.text == written
    weighed = weigh(first.text, crop, aster)
    assert weighed is not None and weighed.spelling == heading
    assert weighed.cost <= SLACK and weighed.apart >= APART  # only the reading's sureness keeps it
    assert as_heading([first], crop, aster) is None
    # read surely, it is weighed as a sure line is: the ink supports the misspelling better
    assert weighed.cost > SURE_RULE.slack
    assert as_heading([first], crop, aster, rule=SURE_RULE) is None
    assert known_reading([first], crop, aster, calibrate("aster", first.confidence)) == []


def test_a_heading_read_surely_but_misread_is_read_where_the_ink_supports_it_better(aster):
    """AsterOCR reads the line surely with a space lost (``ĐƠN ĐỀNGHỊ``): the heading is weighed
    all the same, and read where the ink supports it at least as well as the greedy reading."""
    path = next(f for f in cursive_fonts() if f.name.startswith("Pacifico"))
    crop = smeared("ĐƠN ĐỀ NGHỊ", path, 3.2)
    first = aster.read([crop])[0]
    score = calibrate("aster", first.confidence)
    assert first.text == "ĐƠN ĐỀNGHỊ" and score >= UNSURE  # read surely, misread
    assert as_heading([first], crop, aster) is None  # the unsure lines' rule: not weighed
    weighed = weigh(first.text, crop, aster, rule=SURE_RULE)
    assert weighed.cost <= SURE_RULE.slack and weighed.taken
    [(kind, read)] = known_reading([first], crop, aster, score)
    assert (kind, read.text, read.extra["heading"]) == ("heading", "ĐƠN ĐỀ NGHỊ", "ĐƠN ĐỀNGHỊ")
    assert known_reading([first], crop, aster, score, headings=False) == []  # the step off: as read


def test_the_default_engine_reads_a_misread_heading_on_a_page_and_says_so():
    """On a page, the national name smeared in a hand is read as the heading (the page's layout
    counts it); the line under it is read as before."""
    page = page_of("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _dancing(), 4.4)
    layout, plain = read_with_and_without(page, headings=False)
    assert layout.text.splitlines() == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Họ và tên: Nguyễn Văn An"]
    assert layout.meta["line_choices"]["heading"] == 1
    [kept] = layout.meta["headings"]
    assert kept["heading"] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert kept["read"] == plain.text.splitlines()[0]  # the line as read, kept beside it
    assert plain.text.splitlines()[0] != "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert plain.text.splitlines()[1] == "Họ và tên: Nguyễn Văn An"
