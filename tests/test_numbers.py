"""A number written in words read by its grammar where the reading breaks it: the tens after a
digit are "mươi" (``sáu mưi`` → ``sáu mươi``) where the line's ink supports that, whatever the
rest of the line; every other line, and a number written so clearly, left as read."""

from __future__ import annotations

from conftest import line_crop, page_of, read_with_and_without, smeared
from scanner_station.ocr.numbers import as_counted, candidate
from scanner_station.synth.pages import cursive_fonts, printed_fonts


def test_only_a_word_near_the_tens_after_a_digit_is_read_again():
    read = "ghi bằng chữ: ngày hai mưới lăm tháng hai năm một nghìn chín trăm ba mười tám"
    assert candidate(read) == "ghi bằng chữ: ngày hai mươi lăm tháng hai năm một nghìn chín trăm ba mươi tám"
    assert candidate("năm một nghìn chín trăm tám mưi") == "năm một nghìn chín trăm tám mươi"
    assert candidate("HAI MƯỜI") == "HAI MƯƠI"
    for as_read in ("tháng mười năm hai nghìn", "ngày mười tám", "chín trăm bốn mươi hai", "hai, mười",
                    "tháng hai năm một nghìn", "hai người", ""):
        assert candidate(as_read) == "", as_read  # the grammar holds, or no digit before it


def test_the_tens_misread_are_read_where_the_ink_supports_them(aster):
    crop = smeared("chín trăm sáu mươi lăm", next(f for f in cursive_fonts() if f.name.startswith("Pacifico")), 3.2)
    first = aster.read([crop])[0]
    assert first.text == "hín trăm sáu mưi tăm"  # the tens misread (and two letters the step leaves)
    read = as_counted([first], crop, aster)
    assert read is not None and read.text == "hín trăm sáu mươi tăm" and read.extra["number"] == first.text
    assert [w[0] for w in read.words] == read.text.split()
    assert read.words[3][3] <= first.confidence  # the changed word as unsure as the reading


def test_a_number_written_against_the_grammar_in_a_clear_hand_stays_as_written(aster):
    crop = line_crop("chín trăm sáu mười lăm", next(f for f in printed_fonts() if f.name.startswith("DejaVuSans")))
    first = aster.read([crop])[0]
    assert first.text == "chín trăm sáu mười lăm" and candidate(first.text)
    assert as_counted([first], crop, aster) is None  # the ink says "mười" more than SLACK a letter


def test_the_default_engine_reads_the_tens_on_a_page_and_says_so():
    page = page_of("ngày hai mươi tám tháng hai", next(f for f in cursive_fonts() if "Dancing" in f.name), 3.2)
    layout, plain = read_with_and_without(page, numbers=False)
    first = plain.text.splitlines()[0]
    assert "mươi" not in first and layout.text.splitlines()[0] == candidate(first)
    [kept] = layout.meta["numbers"]
    assert kept["read"] == first and kept["number"] == candidate(first)
    assert layout.text.splitlines()[1] == plain.text.splitlines()[1] == "Họ và tên: Nguyễn Văn An"
