"""A label-less date written as a phrase ("…, ngày 09 tháng 12 năm 2019") that its pattern finds
nowhere because the hand was misread — the year's last digit past the end of the detected line,
the month's or year's word a letter off — is found by a looser form of the phrase, read again
from its crop, and shown as a question; nothing like it on the page stays "not found"."""

from __future__ import annotations

import numpy as np
import pytest
from test_forms import TEMPLATES_BY_ID, FakeReader, _layout

from scanner_station.extraction.extract import extract
from scanner_station.extraction.reading import DATE_LOOSE

TITLE = [("ỦY BAN NHÂN DÂN", 0.99), ("XÃ TÂN PHÚ", 0.99)]
BODY = [("QUYẾT ĐỊNH", 0.99), ("Ông/Bà: Đỗ Thu Yến", 0.99),
        ("Sinh ngày 03/06/1973 (bằng chữ: ngày ba tháng sáu năm một nghìn chín trăm bảy mươi ba)", 0.99)]


@pytest.mark.parametrize("line,found,date", [
    ("Tân Phú, ngày 09 tháng 12 năm 201", "ngày 09 tháng 12 năm 201", ""),   # the year's last digit lost
    ("Tiên Hệ ngày 20 kháng 08 năm 2024", "ngày 20 kháng 08 năm 2024", ""),  # the month's word misread
    # the year's word misread: found loosely, its digits give the date (a question still)
    ("ngày 13 tháng 02 năn 2023", "ngày 13 tháng 02 năn 2023", "2023-02-13"),
])
def test_a_date_phrase_misread_past_its_pattern_is_found_by_a_looser_form(line, found, date):
    t = TEMPLATES_BY_ID["procedure.result"]
    f = extract(_layout([*TITLE, (line, 0.99), *BODY]), t)["issue_date"]
    assert (f.value, f.normalized, f.status) == (found, date, "uncertain") and DATE_LOOSE in f.messages


def test_a_date_phrase_found_loosely_is_read_again_from_its_crop():
    t = TEMPLATES_BY_ID["procedure.result"]
    layout = _layout([*TITLE, ("Tân Phú, ngày 09 tháng 12 năm 201", 0.99), *BODY])
    image = np.full((layout.height, 1200), 255, np.uint8)
    f = extract(layout, t, image=image, reader=FakeReader({"next": "ngày 09 tháng 12 năm 2019"}))["issue_date"]
    assert (f.normalized, f.status, f.second_reading) == ("2019-12-09", "uncertain", "ngày 09 tháng 12 năm 201")
    assert DATE_LOOSE in f.messages


def test_a_date_phrase_read_as_written_needs_no_looser_form_and_none_is_not_found():
    t = TEMPLATES_BY_ID["procedure.result"]
    f = extract(_layout([*TITLE, ("Tân Phú, ngày 09 tháng 12 năm 2019", 0.99), *BODY]), t)["issue_date"]
    assert f.normalized == "2019-12-09" and DATE_LOOSE not in f.messages
    # the birth date in words is no issue date, nor is a line with no year's digits
    f = extract(_layout([*TITLE, ("Tân Phú, ngày tháng năm", 0.99), *BODY]), t)["issue_date"]
    assert f.value == "" and f.messages == ("not found on the page",)
