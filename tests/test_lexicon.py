"""Vietnamese syllables and the syllable-constrained re-reading of doubtful words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scanner_station.domain.errors import ModelError
from scanner_station.ocr import ctc, lexicon
from scanner_station.ocr.models import ModelFile, check_all, verify_all

LEX = lexicon.load()


@pytest.mark.parametrize("word", ["Nguyễn", "nguyễn", "NGUYỄN", "Huỳnh", "Quỳnh", "gì", "ghế", "ki", "khuỷu",
                                  "thuở", "Phượng", "Krông", "át", "ạ", "Ưng", "xoong"])
def test_valid_syllables_including_names_in_no_word_list(word):
    assert LEX.is_syllable(word)


@pytest.mark.parametrize("word", ["Thưững", "tiồn", "Mhung", "Knh", "nGuyễn", "ci", "at", "Mguyễn",
                                  "OiặMam", "Bnắc", "tiình", "đ", "ắá", "Lê1"])
def test_impossible_syllables(word):
    assert not LEX.is_syllable(word)


def test_word_pairs_come_from_the_word_list():
    assert LEX.known_pair("thủ", "tướng") and LEX.known_pair("Chuyển", "đổi")
    assert not LEX.known_pair("thủ", "tưởng") and not LEX.known_pair("chuyển", "đồi")
    assert LEX.is_prefix("ngh") and LEX.is_prefix("Nguy") and not LEX.is_prefix("Mh")


def probs(frames: list[dict[str, float]], chars: list[str]) -> np.ndarray:
    """A T × C matrix: each frame's listed characters, the rest of the mass on blank."""
    p = np.full((len(frames), len(chars)), 1e-6)
    for t, f in enumerate(frames):
        for ch, v in f.items():
            p[t, chars.index(ch)] = v
        p[t, 0] = max(1e-6, 1 - sum(f.values()))
    return p / p.sum(axis=1, keepdims=True)


CHARS = ["<b>", " ", "N", "M", "g", "u", "y", "ễ", "n", "L", "ắ", "k", "1", "2", "T", "h", "ủ", "t", "ư",
         "ớ", "ở", "o", "c", "G", "C", "l", "ộ", "ị", "ì", "ỉ", "Đ", ":", "Á", "á", "ứ", "A", "ô", "ê", "i", "e", "a"]


def word_frames(spec: list[dict[str, float]]) -> list[dict[str, float]]:
    out = []
    for f in spec:
        out += [f, {}]  # a blank frame after each character
    return out


def test_prefix_beam_sums_the_paths_of_a_reading():
    p = probs([{"N": 0.9}, {"N": 0.9}, {}, {"g": 0.8}], CHARS)
    best = ctc.prefix_beam(p, CHARS)
    assert best[0][0] == "Ng"
    assert best[0][1] == pytest.approx(sum(q for t, q in best if t == "Ng"))


def refine(spec, words_before=(), words_after=()):
    """Greedy-read one word from ``spec`` and refine it among neighbours read for sure."""
    frames = [{}] * 3 * len(words_before) + word_frames(spec)  # the words before: blank frames
    p = probs(frames, CHARS)
    greedy = "".join(max(f, key=f.get) for f in spec)
    conf = min(max(f.values()) for f in spec)
    words = [(w, 0, 0, 1.0) for w in words_before] + [(greedy, 3 * len(words_before), len(frames) - 1, conf)]
    words += [(w, len(frames) + 10, len(frames) + 11, 1.0) for w in words_after]
    return ctc.Refiner(LEX).refine(p, CHARS, words)


def test_an_impossible_syllable_becomes_the_valid_one_the_ink_nearly_reads():
    spec = [{"M": 0.55, "N": 0.4}, {"g": 0.95}, {"u": 0.95}, {"y": 0.95}, {"ễ": 0.9}, {"n": 0.95}]
    texts, changes = refine(spec)
    assert texts[-1] == "Nguyễn" and changes[0].greedy == "Mguyễn"
    assert 0 < changes[0].posterior < 1


def test_a_clearly_read_non_syllable_is_kept_and_codes_and_digits_are_never_touched():
    texts, changes = refine([{"L": 0.97}, {"ắ": 0.97}, {"k": 0.97}])  # "Lắk" (Đắk Lắk)
    assert texts[-1] == "Lắk" and not changes
    texts, changes = refine([{"1": 0.5, "T": 0.4}, {"2": 0.6}])
    assert not changes
    texts, changes = refine([{"G": 0.6, "C": 0.4}, {"C": 0.6}, {"N": 0.5}])  # "GCN"
    assert not changes


def test_an_impossible_syllable_keeps_the_case_of_its_first_letter():
    """A name's capital read (``Áỉnh`` for ``Ánh``) is no common word in small letters (``tỉnh``),
    however much likelier its ink: the syllables in capitals are weighed among themselves."""
    spec = [{"Á": 0.5, "t": 0.45}, {"ỉ": 0.9}, {"n": 0.95}, {"h": 0.95}]
    texts, changes = refine(spec, words_before=["Ngọc"])
    assert texts[-1] == "Ánh" and changes[0].greedy == "Áỉnh"
    # a small letter read may be a capital's (``Nghệ tn`` for ``Nghệ An``): weighed among every
    # syllable
    texts, changes = refine([{"t": 0.5, "A": 0.45}, {"n": 0.95}], words_before=["Nghệ"])
    assert texts[-1] == "An" and changes[0].greedy == "tn"
    texts, changes = refine([{"t": 0.5, "Á": 0.45}, {"ỉ": 0.6, "ì": 0.3}, {"n": 0.95}, {"h": 0.95}, {"h": 0.5}])
    assert texts[-1] == "tỉnh" and changes[0].greedy == "tỉnhh"


def test_a_date_line_s_word_is_paired_with_the_word_beyond_its_number():
    """``Ngày 24 thứng 5``: the numbers part the words of the date; ``ngày tháng`` is a word."""
    spec = [{"t": 0.97}, {"h": 0.97}, {"ứ": 0.5, "á": 0.45}, {"n": 0.97}, {"g": 0.97}]
    texts, changes = refine(spec, words_before=["Ngày", "24"], words_after=["5"])
    assert texts[-2] == "tháng" and changes[0].greedy == "thứng"
    texts, changes = refine(spec, words_before=["sẽ", "24"], words_after=["5"])
    assert texts[-2] == "thứng" and not changes  # no word beyond the number makes one


def test_a_real_syllable_changes_only_for_a_word_the_list_knows():
    spec = [{"t": 0.97}, {"ư": 0.97}, {"ở": 0.5, "ớ": 0.45}, {"n": 0.97}, {"g": 0.97}]
    texts, _ = refine(spec, words_before=["Thủ"])
    assert texts[-1] == "tướng"  # "thủ tướng" is a word; "thủ tưởng" is not
    texts, changes = refine(spec, words_before=["sẽ"])
    assert texts[-1] == "tưởng" and not changes  # no evidence: the ink's reading stays


@pytest.mark.parametrize("before, spec, after, want", [
    # a real syllable forming no word with its neighbour: the syllable that does, where the ink
    # nearly reads it ("Dân lộc" → "Dân tộc"; the colon stays)
    # nearly: within PAIR_MARGIN nats, where the syllable beam's word-pair bonus is too small
    (["Dân"], [{"l": 0.75, "t": 0.2}, {"ộ": 0.97}, {"c": 0.97}, {":": 0.97}], [], "tộc:"),
    (["Quốc"], [{"l": 0.75, "t": 0.2}, {"ị": 0.97}, {"c": 0.97}, {"h": 0.97}], [], "tịch"),
    # the unit word before an administrative unit's name (the units' names are phrases too)
    ([], [{"Đ": 0.75, "t": 0.2}, {"ì": 0.5, "ỉ": 0.45}, {"n": 0.97}, {"h": 0.97}], ["Khánh"], "tỉnh"),
    # the ink reads its own syllable, nearly sure of each letter: it stays, whatever the neighbour
    (["Dân"], [{"l": 0.85, "t": 0.01}, {"ộ": 0.97}, {"c": 0.97}], [], "lộc"),
    (["Dân"], [{"l": 0.95, "t": 0.04}, {"ộ": 0.97}, {"c": 0.97}], [], "lộc"),
    # no neighbour makes a word with any nearby syllable: the ink's reading stays
    (["sẽ"], [{"l": 0.75, "t": 0.2}, {"ộ": 0.97}, {"c": 0.97}], [], "lộc"),
    # a neighbour across punctuation is no partner ("Anh, Đình")
    (["Anh,"], [{"Đ": 0.75, "t": 0.2}, {"ì": 0.5, "ỉ": 0.45}, {"n": 0.97}, {"h": 0.97}], [], "Đình"),
    # a phrase documents print (a label's "Họ tên"), though no entry of the word list: a margin's
    # "cải chính họ tôn" (held-out hand, 21364)
    (["chính", "họ"], [{"t": 0.97}, {"ô": 0.75, "ê": 0.2}, {"n": 0.97}], ["ngày"], "tên"),
    # a value list's wording as the circulars prescribe it ("Nhà nước giao đất …", a land's origin)
    (["Nhà", "nước"], [{"g": 0.97}, {"i": 0.97}, {"e": 0.75, "a": 0.2}, {"o": 0.97}], ["đất"], "giao"),
])
def test_a_real_syllable_making_no_word_is_read_again_as_the_neighbours_words(before, spec, after, want):
    texts, changes = refine(spec, words_before=before, words_after=after)
    assert texts[len(before)] == want
    if want != "".join(max(f, key=f.get) for f in spec):
        change = next(c for c in changes if c.index == len(before))
        assert 0 < change.posterior < 1 and change.greedy != change.chosen


JOINED_CHARS = ["<b>", " ", "s", "ử", "d", "ụ", "n", "g", "M", "X", "ơ", "đ", "ă"]


@pytest.mark.parametrize("spec, want", [
    # two words run together, a small letter lost between them: the list's words the ink nearly
    # reads ("sửdng" → "sử dụng": the ụ a frame half sees)
    ([{"s": 0.97}, {"ử": 0.97}, {"d": 0.97}, {"ụ": 0.3}, {"n": 0.97}, {"g": 0.97}], "sử dụng"),
    # the ink shows no such letter at all: as read
    ([{"s": 0.97}, {"ử": 0.97}, {"d": 0.97}, {}, {"n": 0.97}, {"g": 0.97}], "sửdng"),
    # the run's own letters apart are the likelier reading: no word of the list for a letter the
    # ink reads clearly ("Mơđăng": not "Xơ đăng")
    ([{"M": 0.9, "X": 0.05}, {"ơ": 0.97}, {"đ": 0.97}, {"ă": 0.97}, {"n": 0.97}, {"g": 0.97}], "Mơđăng"),
])
def test_two_words_run_together_with_a_letter_lost_are_read_as_the_words_the_ink_supports(spec, want):
    frames = [{}]  # each character's frame and a blank one after it; {}: the letter lost
    for f in spec:
        frames += [f, {}]
    p = probs(frames, JOINED_CHARS)
    greedy = "".join(max(f, key=f.get) for f in spec if f and max(f.values()) > 0.5)
    texts, changes = ctc.Refiner(LEX).refine(p, JOINED_CHARS, [(greedy, 1, len(frames) - 2, 0.9)])
    assert texts == [want]
    if want != greedy:
        assert changes[0].greedy == greedy and 0 < changes[0].posterior <= 0.9


def test_a_non_syllable_whose_window_takes_in_the_next_words_letter_is_still_decoded_again():
    """"tnh trạng" (held-out 11000): a hand's narrow word space puts some of "trạng"'s t in the
    word's last frames, so every free reading carries it ("tnht") and the greedy one is none of
    them. The syllables are weighed against the word as read on its own frames: "tình", which
    the word list pairs with "trạng" — never a reading with the neighbour's letter."""
    frames = [{"t": 0.95}, {}, {"ì": 0.3, "i": 0.28}, {"n": 0.95}, {}, {"h": 0.95}, {"t": 0.7}, {}, {"t": 0.95}, {}]
    p = probs(frames, CHARS)
    lo, hi = ctc._window([("tnh", 0, 5, 0.42), ("trạng", 8, 9, 1.0)], 0, len(p), False)
    assert "tnh" not in [t for t, _ in ctc.prefix_beam(p[lo:hi], CHARS)[:3]]  # the bleed the step is for
    texts, changes = ctc.Refiner(LEX).refine(p, CHARS, [("tnh", 0, 5, 0.42), ("trạng", 8, 9, 1.0)])
    assert texts == ["tình", "trạng"] and changes[0].greedy == "tnh" and 0 < changes[0].posterior <= 0.9
    # a real syllable so read stays as read (a syllable changes only for a word the list knows)
    texts, changes = ctc.Refiner(LEX).refine(p, CHARS, [("tinh", 0, 5, 0.42), ("Đắk", 8, 9, 1.0)])
    assert texts[0] == "tinh" and not changes


def test_a_lost_word_space_before_a_capital_is_restored():
    spec = [{"N": 0.95}, {"g": 0.95}, {"u": 0.95}, {"y": 0.95}, {"ễ": 0.95}, {"n": 0.95},
            {"T": 0.95}, {"h": 0.95}, {"u": 0.6, "ủ": 0.35}]
    texts, changes = refine(spec)
    assert texts[-1].startswith("Nguyễn T") and changes


def test_a_missing_word_list_never_stops_the_station(tmp_path: Path):
    with pytest.raises(ModelError, match="cannot be read"):
        lexicon.load_file(tmp_path / "nope.txt")
    gone = ModelFile("viet74k", "1", "repo", "ocr_models/nope.txt", "Apache-2.0", "0" * 64, ("lexicon",))
    verify_all([gone])  # optional: start-up goes on
    assert "missing" in check_all([gone])[0][1]  # `models check` names it


def _read(text: str, conf: float, engine: str):
    from scanner_station.ocr.base import LineRead

    words = tuple((w, i * 100, i * 100 + 90, conf) for i, w in enumerate(text.split()))
    return LineRead(text, conf, words, engine)


@pytest.mark.parametrize("best, other, want", [
    # the other recogniser's word is attested where the best one's is not: taken, punctuation kept
    ("Ủy ban nhân dên xõ An Phú,", "Ủy ban nhân dân xã, An Phú", "Ủy ban nhân dân xã An Phú,"),
    ("Công nhộn quyền sử dụng đết", "Công nhận quyền sử dụng đất", "Công nhận quyền sử dụng đất"),
    # both attested (a name): the more confident line stays
    ("Đỉnh Thành Phúc", "Đinh Thành Phúc", "Đỉnh Thành Phúc"),
    # neither attested (a rare name, a minority-language place): stays
    ("xã Ia Mlăh", "xã Ia Mlah", "xã Ia Mlăh"),
    # a unit's name in no word list, attested by the units' names ("xã Ea Tu"), against a
    # common syllable the other recogniser made of the same ink
    ("Ủy ban nhân dân xã Ea Tu", "Ủy ban nhân dân xã an Thun", "Ủy ban nhân dân xã Ea Tu"),
    # digits are never arbitrated by words
    ("Quyển số: O5/2008", "Quyển số: 05/2008", "Quyển số: O5/2008"),
    # words that do not align one to one stay as the best reading has them
    ("Việt a Nam", "Việt Nam", "Việt a Nam"),
    # the best reading's case is kept; an abbreviation without a vowel is never a word to fix
    ("THÔNG BẢO", "THÔNG Báo", "THÔNG BÁO"),
    ("Lưu: VT", "Lưu: VI", "Lưu: VT"),
    # a word of another length is not swapped ('tỉnh' read 'ỉnh' and 'đình')
    ("Đông Anh, ỉnh Lạng Sơn", "Đông Anh, đình Lạng Sơn", "Đông Anh, ỉnh Lạng Sơn"),
])
def test_two_readings_combine_word_by_word(best, other, want):
    from scanner_station.ocr.combine import combine_words

    lex = lexicon.load()
    out = combine_words(_read(best, 0.62, "tess-line"), _read(other, 0.60, "aster"), lex)
    assert out.text == want
    changed = [w for w, b in zip(out.words, _read(best, 0.62, "t").words) if w[0] != b[0]]
    assert all(w[3] == 0.60 for w in changed)  # a word the two disagreed on keeps the lower confidence


@pytest.mark.parametrize("read,want", [
    ("xãEaTu, huyện Hương Thủy", "xã Ea Tu, huyện Hương Thủy"),
    ("thànhphốHuế", "thành phố Huế"),
    ("ỦybannhândânxãPhù Linh", "Ủy ban nhân dân xã Phù Linh"),
    ("Trạmytế phường Vĩnh Ninh", "Trạm y tế phường Vĩnh Ninh"),   # not "Trạ my tế"
    ("xãCẩmLệ,huyện Hương Thủy", "xã Cẩm Lệ, huyện Hương Thủy"),
    ("Nhànước công nhận quyềnsửdụngđất", "Nhà nước công nhận quyền sử dụng đất"),
    ("06tháng kể từ ngày cấp", "06 tháng kể từ ngày cấp"),
    ("Ngày 12 tháng 3năm2024", "Ngày 12 tháng 3 năm 2024"), ("20tháng6năm2022", "20 tháng 6 năm 2022"),
    ("Số12.", "Số 12."), ("Độclập - Tự do", "Độc lập - Tự do"),
    ("a)Thửa đất số: 327;", "a) Thửa đất số: 327;"), ("0)Địa chỉ", "0) Địa chỉ"), ("(thànhphố Huế)", "(thành phố Huế)"),
    ("quận 1thànhphố Hồ Chí Minh", "quận 1 thành phố Hồ Chí Minh"),
    ("cải chính họtênngày12/05/2001", "cải chính họ tên ngày 12/05/2001"),
    ("Lâudài", "Lâu dài"),
    ("ĐắkLắk", "Đắk Lắk"),
    ("XÃXUÂNTHỚIĐÔNG", "XÃ XUÂN THỚI ĐÔNG"), ("PHƯỜNG TÂNHÒA", "PHƯỜNG TÂN HÒA"),
    ("Ủỳy ban", "Ủỳy ban"), ("UBND", "UBND"), ("ONT", "ONT"), ("CLN", "CLN"), ("THÔNG BẮO", "THÔNG BẮO"), ("XNTTHN", "XNTTHN"),
    # what is written so stays as read: codes, numbers, units' names, apostrophes, letters ≠ syllables
    ("633/GB7", "633/GB7"), ("387.8 m2", "387.8 m2"), ("TLKS-BS", "TLKS-BS"), ("BĐ 51991399", "BĐ 51991399"),
    ("xã Ea Kao", "xã Ea Kao"), ("phường Vĩnh Nguơn", "phường Vĩnh Nguơn"), ("Krông Pắc", "Krông Pắc"),
    ("H'Mông", "H'Mông"), ("000.00.31.H26-230915-0001", "000.00.31.H26-230915-0001"), ("cãpgiấy", "cãpgiấy"),
    ("O6táng", "O6táng"),
    # a word of capitals with one of them read small is not two words ("THÔNG Bá O" was)
    ("THÔNG BáO", "THÔNG BáO"), ("BáO", "BáO"), ("ỦyBan", "Ủy Ban"),
    # a lone consonant before a capital is a list marker misread ("c)" read "cI"), not a word
    ("cI Đia chỉ", "cI Đia chỉ"), ("bI", "bI"), ("Trạm yTế xã", "Trạm y Tế xã"),
    ("dDiệntích: 2671 m2", "d Diện tích: 2671 m2"),  # the marker's letter before a word: apart
])
def test_word_spaces_a_reading_lost_are_put_back(read, want):
    from scanner_station.ocr.spacing import respaced
    assert respaced(read) == want


def test_a_lines_words_run_together_are_split_and_made_less_sure():
    """A page line's reading: the run-together word split into its words, the span shared by
    their letters, each no surer than RESPACED_CONFIDENCE; what was read kept in ``extra``."""
    from scanner_station.ocr.base import LineRead
    from scanner_station.ocr.spacing import RESPACED_CONFIDENCE, respaced_read

    read = LineRead("Ghi chú: khaisinh", 0.97, (("Ghi", 0, 30, 0.99), ("chú:", 40, 80, 0.98),
                                               ("khaisinh", 90, 170, 0.97)), "aster")
    got = respaced_read(read)
    assert got.text == "Ghi chú: khai sinh"
    assert got.words[:2] == read.words[:2]
    assert [(t, a, b) for t, a, b, _ in got.words[2:]] == [("khai", 90, 130), ("sinh", 130, 170)]
    assert all(c == RESPACED_CONFIDENCE for *_, c in got.words[2:]) and got.confidence == RESPACED_CONFIDENCE
    assert got.extra["respaced"] == [("khaisinh", "khai sinh")]
    plain = LineRead("Ghi chú: khai sinh", 0.97, (("Ghi", 0, 30, 0.99),), "aster")
    assert respaced_read(plain) is plain
    # a line may be a name: a misread syllable is split only into words of the list ("Tuán" for
    # Tuấn stays whole, not "Tu án"); a capital inside a word opens one
    name = LineRead("ÔVõNọcTuán", 0.9, (("ÔVõNọcTuán", 0, 100, 0.9),), "aster")
    assert respaced_read(name).text == "ÔVõ Nọc Tuán"


def test_a_phrase_documents_carry_word_for_word_is_split_like_a_word_of_the_list():
    """``Về việc`` (a decision's summary, Decree 30/2020) is no word of the list, but a label's
    phrase: a line's ``Vềviệc`` is put apart; a run no known text has stays whole."""
    from scanner_station.ocr.base import LineRead
    from scanner_station.ocr.spacing import _phrase_pairs, respaced_read

    assert ("về", "việc") in _phrase_pairs() and ("cư", "trú") in _phrase_pairs()
    read = LineRead("Vềviệc cấp giấy", 0.9, (("Vềviệc", 0, 60, 0.9), ("cấp", 70, 100, 0.9),
                                            ("giấy", 110, 150, 0.9)), "aster")
    assert respaced_read(read).text == "Về việc cấp giấy"
    for word in ("Tuán", "Vềvớ"):
        assert respaced_read(LineRead(word, 0.9, ((word, 0, 60, 0.9),), "aster")).text == word


def test_a_word_a_slash_joins_is_one_word_where_a_hand_left_a_gap_on_one_side():
    """``ông /bà``, ``28 /06/1962``: a hand's gap beside a slash is no word space — the two
    words are one, spanning both, their confidence kept (spacing is no reading of the ink);
    a slash with a space on both sides, or after a mark, stays apart."""
    from scanner_station.ocr.base import LineRead
    from scanner_station.ocr.spacing import respaced_read

    read = LineRead("Xác nhận ông /bà: Lê", 0.8, (("Xác", 0, 30, 0.9), ("nhận", 40, 80, 0.9), ("ông", 90, 120, 0.85),
                                                   ("/bà:", 128, 160, 0.8), ("Lê", 170, 190, 0.9)), "aster")
    got = respaced_read(read)
    assert got.text == "Xác nhận ông/bà: Lê" and got.confidence == 0.8
    assert got.words[2] == ("ông/bà:", 90, 160, 0.8) and got.words[3] == read.words[4]
    assert respaced_read(LineRead("sinh 28 /06/1962", 0.8, (("sinh", 0, 40, 0.9), ("28", 50, 70, 0.9),
                                                           ("/06/1962", 74, 150, 0.8)), "aster")).text == "sinh 28/06/1962"
    assert respaced_read(LineRead("Ông/ Bà", 0.8, (("Ông/", 0, 40, 0.9), ("Bà", 46, 70, 0.9)), "aster")).text == "Ông/Bà"
    for text in ("a / b", "Số: /QĐ", "ông /"):
        words = tuple((w, 10 * i, 10 * i + 8, 0.9) for i, w in enumerate(text.split()))
        assert respaced_read(LineRead(text, 0.9, words, "aster")).text == text


def test_a_words_first_letter_read_apart_from_it_is_joined_back():
    """``P HƯỜNG`` (a hand's ``PH`` read with a gap inside): one consonant on its own is no word,
    and with the next word it makes a syllable of the word list, in the case the word is written
    in — joined, the span both words', also on a known heading's line where nothing is split; a
    vowel (``Y tế``), a word in title case (``N Văn``), a number (``B 12``), a letter alone (``X E
    SU`` for ``XÃ EA TU``: both garbled) or a join that is no syllable (``P BẾN``) stays apart."""
    from scanner_station.ocr.base import LineRead
    from scanner_station.ocr.spacing import respaced_read

    def line(text):
        return LineRead(text, 0.6, tuple((w, 10 * i, 10 * i + 8, 0.6) for i, w in enumerate(text.split())), "aster")

    got = respaced_read(line("ỦY BAN NHÂN DÂN P HƯỜNG QUẢNG AN"), split=False)
    assert got.text == "ỦY BAN NHÂN DÂN PHƯỜNG QUẢNG AN" and got.confidence == 0.6
    assert got.words[4] == ("PHƯỜNG", 40, 58, 0.6)
    assert got.extra["respaced"] == [("P HƯỜNG", "PHƯỜNG")]
    assert respaced_read(line("Xác N hận: xã Tân Phú")).text == "Xác Nhận: xã Tân Phú"
    for text in ("Y tế xã", "ông N Văn An", "lô B 12", "P BẾN THÀNH", "A HƯỜNG", "ỦY BAN NHÂN DÂN X E SU"):
        assert respaced_read(line(text)).text == text
    # without a heading: the run-together word split as before, the parted letter joined
    assert respaced_read(line("xãEa Tu, P hường")).text == "xã Ea Tu, Phường"


def test_a_long_run_of_letters_or_digits_is_respaced_at_once():
    """Every word of every page line is respaced: a long garbled run followed by a mark is
    looked at once, not tried split every way (a pattern over runs of runs took 2 s at 24
    letters, doubling with each one more)."""
    from scanner_station.ocr.spacing import respaced
    for token in ("a" * 60 + "-", "1" * 60 + "-", "ab12" * 15 + "-"):
        assert respaced(token) == token


def test_a_names_spaces_are_put_back_only_before_a_capital():
    from scanner_station.ocr.spacing import respaced
    assert respaced("NguyễnVăn Anh", capitals_only=True) == "Nguyễn Văn Anh"
    assert respaced("Lâudài", capitals_only=True) == "Lâudài"


def test_a_space_the_ink_shows_no_gap_for_weighs_nothing_with_loose_spaces():
    chars = ["<b>", "a", "b", " "]
    p = probs([{"a": 0.9}, {}, {"b": 0.9}], chars)  # "ab": no frame reads a space
    glued = ctc.log_likelihood(p, "ab", chars)
    strict = ctc.log_likelihood(p, "a b", chars)
    loose = ctc.log_likelihood(p, "a b", chars, loose_spaces=True)
    assert strict < glued - 5
    assert loose == pytest.approx(glued, abs=0.5)
    # a space the ink does show is read either way
    p = probs([{"a": 0.9}, {" ": 0.9}, {"b": 0.9}], chars)
    assert ctc.log_likelihood(p, "a b", chars, loose_spaces=True) >= ctc.log_likelihood(p, "a b", chars)


def test_a_codes_ink_is_read_as_the_code_is_written():
    chars = ["<b>"] + list("0123456789.-HJ")
    digit, letter = ("0123456789", False), ("HJ", False)
    stop = (".", True)
    # "12" then the full stop unread, then the letter read as a digit ("7" for H)
    p = probs([{"1": 0.9}, {}, {"2": 0.9}, {}, {"7": 0.6, "H": 0.3}, {}, {"5": 0.9}], chars)
    text, score = ctc.best_in_pattern(p, chars, [digit, stop, digit, stop, letter, digit])
    assert text == "12H5" and score < 0
    assert ctc.best_in_pattern(p, chars, [digit, letter]) is not None
    assert ctc.best_in_pattern(p, chars, [digit] * 8) is None  # more characters than frames
    # two alike characters need a blank between them: one run of 1s is one 1
    p = probs([{"1": 0.9}, {"1": 0.9}, {}, {"2": 0.9}], chars)
    assert ctc.best_in_pattern(p, chars, [digit, digit])[0] == "12"
    assert ctc.best_in_pattern(p, chars, [digit, digit, digit])[1] < ctc.best_in_pattern(p, chars, [digit, digit])[1] - 5
    # a loose mark weighs nothing where the ink shows none
    p = probs([{"1": 0.9}, {}, {"2": 0.9}], chars)
    assert ctc.log_likelihood(p, "1.2", chars) < ctc.log_likelihood(p, "12", chars) - 5
    assert ctc.log_likelihood(p, "1.2", chars, loose=".") == pytest.approx(ctc.log_likelihood(p, "12", chars), abs=0.5)
