import unicodedata

import pytest

from scanner_station.domain.text import fold, nfc, safe_filename


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn Văn Đức", "nguyen van duc"),
    ("ĐẶNG THỊ THỦY", "dang thi thuy"),
    ("  Lê   Hữu\tPhúc ", "le huu phuc"),
    ("H'Mông", "h'mong"),
])
def test_fold(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


def test_nfc_composes():
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    assert nfd != "Nguyễn"
    assert nfc(nfd) == "Nguyễn"


def test_safe_filename_keeps_vietnamese_drops_separators():
    assert safe_filename(unicodedata.normalize("NFD", "Sổ/khai:sinh.pdf")) == "Sổ_khai_sinh.pdf"
