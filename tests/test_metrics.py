"""The benches' error kinds (``synth.metrics.error_classes``): every edit counted once, by the
reference character it touches."""

import random

from scanner_station.synth.metrics import ERROR_CLASSES, error_classes, levenshtein, normalise


def test_each_kind_of_misreading_is_told_apart():
    c = error_classes("Nguyễn Văn 12/05", "Mguyên van 12 05x")
    # N→M a capital misread, ễ→ê and ă→a marks, V→v its case, / read as a space, x read extra
    assert c == {"mark": 2, "case": 1, "capital": 1, "capitals": 0, "letter": 0, "digit": 0,
                 "punctuation": 1, "space": 0, "inserted": 1}
    # a capital of a word written in capitals is counted apart from a word's first capital
    assert error_classes("ỦY BAN Nam", "CỦY BANN Mam") == dict.fromkeys(ERROR_CLASSES, 0) | {
        "inserted": 2, "capital": 1}
    assert error_classes("ỦY BAN", "ỦY BẠN")["capitals"] == 0  # a mark is a mark
    assert error_classes("UBND", "UBMND")["inserted"] == 1 and error_classes("UBND", "UBMD")["capitals"] == 1
    assert error_classes("Lê Ngọc Nhung", "LNgọc Nhưng") == dict.fromkeys(ERROR_CLASSES, 0) | {
        "letter": 1, "space": 1, "mark": 1}
    assert error_classes("7 giờ", "1 giờ")["digit"] == 1
    assert sum(error_classes("same text", "same  text").values()) == 0  # spacing runs are layout


def test_the_kinds_add_up_to_the_edit_distance():
    rng = random.Random(1)
    alphabet = "aăâbdđeêiơuưyAĐỹ 12/."
    for _ in range(300):
        ref = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        hyp = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert sum(error_classes(ref, hyp).values()) == levenshtein(normalise(ref), normalise(hyp))
