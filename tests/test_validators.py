"""Parsers and validators (issue 4): table-driven, including the generator's round trip."""

import random
from datetime import date

import pytest

from scanner_station.extraction import validators as v
from scanner_station.synth.texts import date_in_words, make_person, number_words

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("raw, sex, year, ok, normalized, msg", [
    ("020093001656", "Nam", 1993, True, "020093001656", None),
    ("020 093 001 656", None, None, True, "020093001656", None),
    ("001305012345", "Nữ", 2005, True, "001305012345", None),
    ("020093001656", "Nữ", 1993, False, "020093001656", "sex digit"),
    ("020093001656", "Nam", 1994, False, "020093001656", "birth year"),
    ("020193001656", "Nam", 1893, False, "020193001656", "birth year"),
    ("003093001656", None, None, False, "003093001656", "unknown province code 003"),
    ("12345678", None, None, False, "", "not 12 digits"),
    ("123456789", None, None, False, "", "CMND"),
    ("02009300165O", None, None, False, "", "not 12 digits"),  # letter O, not zero: never "fixed"
])
def test_personal_id(raw, sex, year, ok, normalized, msg):
    p = v.parse_personal_id(raw, sex=sex, birth_year=year)
    assert p.ok is ok and p.normalized == normalized and p.value == raw
    if msg:
        assert any(msg in m for m in p.messages)
    assert "001656" not in " ".join(p.messages)  # messages never echo the number


def test_generated_ids_validate_against_their_person():
    rng = random.Random(3)
    for _ in range(200):
        person = make_person(rng)
        p = v.parse_personal_id(person.personal_id, sex="Nam" if person.male else "Nữ",
                                birth_year=person.birth_year)
        assert p.ok, p.messages
        assert v.id_birth_year_and_sex(person.personal_id)[0] == person.birth_year


def test_province_table_is_the_63_codes():
    codes = v.province_codes()
    assert len(codes) == 63 and codes["020"] == "Lạng Sơn" and codes["001"] == "Hà Nội"


@pytest.mark.parametrize("raw, normalized, ok", [
    ("15/3/1987", "1987-03-15", True),
    ("15-03-1987", "1987-03-15", True),
    ("15.03.1987", "1987-03-15", True),
    ("03/1987", "1987-03", True),
    ("1987", "1987", True),
    ("ngày 15 tháng 3 năm 1987", "1987-03-15", True),
    ("tháng 3 năm 1987", "1987-03", True),
    ("15 tháng 3 năm 1987", "1987-03-15", True),  # "ngày" outside the box a clerk drew
    ("năm 1987", "1987", True),
    ("ngày mười lăm tháng ba năm một nghìn chín trăm tám mươi bảy", "1987-03-15", True),
    ("ngày năm tháng năm năm hai nghìn không trăm linh năm", "2005-05-05", True),
    ("tháng giêng năm một nghìn chín trăm năm mươi", "1950-01", True),
    ("ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi", "2020-04-24", True),
    ("31/02/1990", "", False),
    ("15/13/1990", "", False),
    ("01/01/2030", "", False),
    ("1650", "", False),
    ("mười lăm", "", False),
    ("", "", False),
])
def test_dates(raw, normalized, ok):
    p = v.parse_date(raw, today=TODAY)
    assert (p.normalized, p.ok) == (normalized, ok), p.messages
    assert p.value == raw.strip()


def test_number_and_date_words_round_trip():
    assert all(v.words_to_number(number_words(n).split()) == n for n in range(1, 2100))
    rng = random.Random(0)
    for _ in range(300):
        y, m, d = rng.randint(1900, 2024), rng.randint(1, 12), rng.randint(1, 28)
        assert v.parse_date(date_in_words(d, m, y), today=TODAY).normalized == f"{y:04d}-{m:02d}-{d:02d}"


def test_tens_read_as_ten_after_a_digit_are_its_tens():
    """"mười" after a digit of two to nine is no number ("hai mười" is not twenty-ten): it is the
    tens' "mươi" with another mark, as the held-out hand's is read."""
    assert v.words_to_number("một nghìn chín trăm bốn mười hai".split()) == 1942
    assert v.words_to_number("hai mười tám".split()) == 28
    assert v.words_to_number("mười tám".split()) == 18  # ten itself, no digit before it
    assert v.words_to_number("hai nghìn không trăm mười".split()) == 2010
    assert v.words_to_number("một trăm mười".split()) == 110
    assert v.parse_date("ngày hai mười tám tháng hai năm một nghìn chín trăm sáu mười hai",
                        today=TODAY).normalized == "1962-02-28"


def test_name_split_and_normalise_without_changing_the_written_value():
    p, parts = v.parse_name("nguyễn  văn   đức")
    assert p.value == "nguyễn  văn   đức"  # as written
    assert p.normalized == "Nguyễn Văn Đức"
    assert parts == v.NameParts("Nguyễn", "Văn", "Đức")
    p, parts = v.parse_name("Tôn Nữ Thị Minh Khai")
    assert parts.chu_dem == "Nữ Thị Minh"
    assert not v.parse_name("Lê")[0].ok
    assert not v.parse_name("Nguyễn V4n A")[0].ok


@pytest.mark.parametrize("fn, raw, normalized, ok", [
    (v.parse_area, "125,5 m²", "125.5", True),
    (v.parse_area, "1.250,5 m2", "1250.5", True),
    (v.parse_area, "251.6 m²", "251.6", True),  # a dot before the last digit: no thousands group
    (v.parse_area, "1.250 m2", "1250", True),
    (v.parse_area, "80 m²", "80", True),
    (v.parse_area, "12a m²", "", False),
    (v.parse_land_use_purpose, "ONT", "ONT", True),
    (v.parse_land_use_purpose, "ONT+CLN", "ONT+CLN", True),
    (v.parse_land_use_purpose, "XYZ", "XYZ", False),
    (v.parse_gcn_serial, "AA 01234567", "AA 01234567", True),
    (v.parse_gcn_serial, "BĐ 123456", "BĐ 123456", True),
    (v.parse_gcn_serial, "A 123", "", False),
    (v.parse_gcn_serial, "BĐ..22383986", "BĐ 22383986", True),  # a leader's dots between
    (v.parse_gcn_serial, "AB.93713987", "AB 93713987", True), (v.parse_gcn_serial, "AB.9371-3987", "", False),
    (v.parse_registry_number, "CH 00123", "CH 00123", True),
    (v.parse_registry_number, "CS04567", "CS 04567", True),
    (v.parse_document_number, "123/QĐ-UBND", "123/QĐ-UBND", True),
    (v.parse_document_number, "45/2024/QĐ-UBND", "45/2024/QĐ-UBND", True),
    (v.parse_document_number, "QĐ-UBND", "", False),
    (v.parse_cmnd, "012345678", "012345678", True),
    (v.parse_cmnd, "0123456789", "", False),
])
def test_land_and_document_values(fn, raw, normalized, ok):
    p = fn(raw)
    assert (p.normalized, p.ok) == (normalized, ok), p.messages


def test_parcel_numbers():
    assert v.parse_positive_int("29;", "parcel number").normalized == "29"
    assert not v.parse_positive_int("0", "parcel number").ok
    assert not v.parse_positive_int("2b", "map sheet").ok


@pytest.mark.parametrize("raw,ok", [("Kinh", True), ("H'Mông", True), ("Hmông", True), ("Khơ-me", True),
                                    ("Khơ me", True), ("Ê Đê", True), ("Bru - Vân Kiều", True),
                                    ("HMông", False), ("Thói", False), ("Nùi", False), ("Tùng", False)])
def test_ethnicity_is_one_of_the_54_groups_as_spelled(raw, ok):
    from scanner_station.extraction.validators import ethnic_groups, parse_ethnicity
    p = parse_ethnicity(raw)
    assert p.ok is ok and p.value == raw  # never rewritten
    assert len(set(ethnic_groups().values())) == 54
    if raw == "HMông":
        assert "perhaps Mông" in p.messages[0]


@pytest.mark.parametrize("raw,ok", [("Lâu dài", True), ("lâu dài", True), ("đến ngày 15/10/2063", True),
                                    ("Đến năm 2063", True), ("50 năm kể từ ngày cấp", True),
                                    ("Câu dài", False), ("đến ngày", False), ("Lâu dải", False),
                                    # a date no term ends on: a year misread, no calendar date
                                    ("đến ngày 15/10/5063", False), ("đến năm 1063", False),
                                    ("đến ngày 31/02/2063", False), ("đến ngày 29/02/2064", True)])
def test_land_use_term(raw, ok):
    from scanner_station.extraction.validators import parse_land_use_term
    assert parse_land_use_term(raw).ok is ok


def test_a_terms_year_no_term_ends_in_is_read_again_with_a_digit_as_another():
    from scanner_station.extraction.doubt import year_readings
    cands = year_readings("land_use_term", "đến ngày 15/10/5063")
    assert "đến ngày 15/10/2063" in cands and all(c.endswith(("063",)) for c in cands)
    assert year_readings("land_use_term", "đến ngày 15/10/2063") == []


@pytest.mark.parametrize("raw,norm,ok", [
    ("01/2015", "01/2015", True), ("3", "3", True), ("05 / 1975", "05/1975", True), ("01/2015.", "01/2015", True),
    ("O1/1994", "O1/1994", False),          # a letter O: kept as read, for a digits-only look or a person
    ("01/2150", "01/2150", False), ("Quyển 1", "Quyển 1", False), ("", "", False),
])
def test_book_volume(raw, norm, ok):
    p = v.parse_book_volume(raw)
    assert (p.normalized, p.ok) == (norm, ok)
    assert ok or p.messages


@pytest.mark.parametrize("read,normal,doubt", [
    ("19 giờ 55 phút", "19 giờ 55 phút", False),
    ("9 giờ 05 phút,", "9 giờ 05 phút", False),
    ("07 giờ 5", "7 giờ 05 phút", False),
    ("9h05", "9 giờ 05 phút", False),
    ("14:30", "14 giờ 30 phút", False),
    # the words read otherwise: the hour and minute kept, a doubt
    ("5 gờ 37 phút", "5 giờ 37 phút", True),
    ("22giờ27phư", "22 giờ 27 phút", True),
    # no time of day
    ("a gi 43 phút", "", True),
    ("25 giờ 10 phút", "", True),
    ("9 giờ 61 phút", "", True),
])
def test_a_time_of_day_is_read_as_its_hour_and_minute(read, normal, doubt):
    p = v.parse_time(read)
    assert (p.normalized, bool(p.messages), p.value) == (normal, doubt, read.strip())


@pytest.mark.parametrize("read,normal,ok", [
    ("000.00.31.H26-230915-0001", "000.00.31.H26-230915-0001", True),
    ("000.00.31.H26 - 230915 - 0001", "000.00.31.H26-230915-0001", True),  # spaces read into it
    ("000.00.31.726-230915-0001", "", False),  # a digit where the office code's letter belongs
    ("000.00.31.H26-231315-0001", "000.00.31.H26-231315-0001", False),  # month 13: no day received
    ("000.00.31.H26-230915", "", False),
])
def test_a_dossier_code_is_checked_against_the_portals_layout(read, normal, ok):
    p = v.parse_dossier_code(read)
    assert (p.normalized, p.ok, bool(p.messages)) == (normal, ok, not ok)


def test_a_registry_numbers_letters_are_those_of_the_circular():
    from scanner_station.extraction.code_readings import registry_readings
    for ok in ("CH 00123", "CS 04567", "CT 12345"):
        assert not v.parse_registry_number(ok).messages and registry_readings(ok) == []
    p = v.parse_registry_number("QH 50562")
    assert p.normalized == "QH 50562" and p.messages == (v.REGISTRY_PREFIX_MESSAGE,)
    assert registry_readings("QH 50562") == ["CH 50562", "CS 50562", "CT 50562"]
    # six digits read where five are written: one may be a stray stroke at either end
    assert {"CH 35559", "CH 63555"} <= set(registry_readings("QH 635559"))
    # its letters read as a digit or a mark, apart from its digits (a hand's "CS" read "8.")
    for misread in ("8.20816", "6S 20816", "8 . 20816"):
        assert registry_readings(misread) == ["CH 20816", "CS 20816", "CT 20816"], misread
    for other in ("20816", "820816", "1.2.3", "CS 20816"):  # no letters apart from digits: none
        assert registry_readings(other) == [], other


@pytest.mark.parametrize("raw,normal", [
    ("Đất ở tại đô thị", "ODT"), ("đất ở tại đô thị.", "ODT"),   # by its name alone, as written
    ("Đất ở tại đô thị; Đất trồng cây lâu năm", "ODT+CLN"),
    ("Đất ở tại đô thi", ""), ("Đất ở", ""),                     # no purpose's name as written
    ("Đất ở tại đô thị (ODT)", "ODT"),
])
def test_a_land_use_purpose_written_by_its_name_alone_has_its_code(raw, normal):
    from scanner_station.extraction.validators import parse_land_use_purpose
    p = parse_land_use_purpose(raw)
    assert (p.normalized, p.ok, p.value) == (normal, bool(normal), raw)


def test_a_dates_year_word_read_with_its_last_letter_otherwise_still_gives_the_date():
    """"ngày 16 tháng 06 năn 2019": the year's word misread as "năn" — the digits still give the
    date (the words around them are read as written)."""
    from scanner_station.extraction.validators import parse_date

    assert parse_date("ngày 16 tháng 06 năn 2019", today=date(2025, 1, 1)).normalized == "2019-06-16"
