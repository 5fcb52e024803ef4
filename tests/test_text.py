import functools
import random
import unicodedata

import pytest

from scanner_station.domain.text import fold, letters_key, levenshtein, nfc, safe_filename


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn Văn Đức", "nguyen van duc"),
    ("ĐẶNG THỊ THỦY", "dang thi thuy"),
    ("  Lê   Hữu\tPhúc ", "le huu phuc"),
    ("H'Mông", "h'mong"),
])
def test_fold(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


@pytest.mark.parametrize("text, key", [
    ("Họ, chữ đệm, tên:", "hochudemten"),
    ("ĐẶNG THỊ  THỦY", "dangthithuy"),
    ("Số: 12/2024", "so122024"),
    ("H'Mông", "hmong"),
])
def test_letters_key_keeps_folded_letters_and_digits_only(text, key):
    assert letters_key(text) == key
    assert letters_key(unicodedata.normalize("NFD", text)) == key


def test_nfc_composes():
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    assert nfd != "Nguyễn"
    assert nfc(nfd) == "Nguyễn"


def test_safe_filename_keeps_vietnamese_drops_separators():
    assert safe_filename(unicodedata.normalize("NFD", "Sổ/khai:sinh.pdf")) == "Sổ_khai_sinh.pdf"


def test_edit_distance_is_its_definition():
    def table(a: str, b: str) -> int:  # the definition, every pair of prefixes, nothing skipped
        @functools.cache
        def d(i: int, j: int) -> int:
            if not i or not j:
                return i + j
            return min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] != b[j - 1]))
        return d(len(a), len(b))

    rng = random.Random(3)
    pairs = [("", ""), ("", "xã"), ("tỉnh", ""), ("tỉnh", "tỉnh"), ("aa", "a"), ("aba", "aa"),
             ("abcabc", "abc"), ("tỉnh", "tình"), ("thị trấn", "thị xã")]
    for _ in range(3000):
        a = "".join(rng.choice("aăbđ ") for _ in range(rng.randint(0, 7)))
        b = "".join(rng.choice("aăbđ ") for _ in range(rng.randint(0, 7)))
        pairs += [(a, b), (a, a + b), (b + a, a)]
    for a, b in pairs:
        assert levenshtein(a, b) == table(a, b), (a, b)
