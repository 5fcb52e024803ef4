"""Labels on a text line: where a template's labels (and the sub-labels that end values) stand,
found OCR-tolerantly.

Text is folded character by character (``fold_chars``: positions stay those of the original),
a label is found exactly or as a near match (``fuzzy_find``), and ``hits`` decides which of the
candidates are labels there: longer labels over the labels they contain, exact before near
matches, a label only at a word boundary, a short one only with its colon, one inside running
text only after a separator. ``reading.py`` reads the values between them. No I/O but the
sub-label list, read once.

Longer than most modules (about 520 lines): ``_label_hits``' rules each admit one misreading of
a label (its colon read as a letter, a letter off, glued to the word before) and are checked in
one order against one another; they are kept together so that order is read in one place.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import data
from ..domain.text import fold, letters_key, levenshtein
from .place_words import UNIT_WORDS
from .templates import FieldSpec, Template, field_values

#: sub-labels whose value is the preceding value written in words
WORDS_LABELS = ("ghi bằng chữ", "bằng chữ", "viết bằng chữ")
#: a list item's marker before its label: "a)", "đ)", "2.", "II."; a letter's marker read as two
#: letters ("gì)" for "g)") or read twice ("h) N)"); an item's number with its full stop lost and
#: a letter glued on ("8N Địa chỉ thửa đất": a hand's "8. c)")
_ENUM = re.compile(r"^(?:(?:(?:[a-zđ]|\d{1,2}|[ivx]{1,4})\s*[.)]|[a-zđ]{2}\s*\))\s*){1,2}$|^\d{1,2}[a-zđ]?$")
#: a footnote marker printed in small raised type after a label, as read (up to three pieces):
#: "(2)", "(2" right before the colon or a misread closing mark ("(3?"), "2)", quotes and a star
#: for type too small to read ("năm sinh"": …", "năm sinh" 3). …", "nhân"" 3: …"); then the
#: label's colon (or a semicolon or full stop read for it), if any
_NOTE_MARK = re.compile(r"""(?:\s?(?:\(\s*[\d*]{1,2}(?:\s*\)|(?=\s*[:;"'“”?]))|[\d*]{1,2}\)|["'“”‘’`^*?°]{1,3})){1,3}"""
                        r"""(?:\s?\d{1,2}(?=\s*[:;]))?(?:\s*([:;.]))?""")
#: …or after the colon, before the value: only as read in full ("(2)", "S)") or as quotes (an
#: open bracket before a number is no marker there: "sử dụng: ( 06 tháng …", a leader's dots),
#: a mark after it where a value follows ("(10), Lương Xuân Cường"; "6);" alone may be a value
#: misread)
_NOTE_AFTER = re.compile(r"""\s*:\s*(?:\(\s*[\d*]{1,2}\s*\)|["“”]{1,3}|[\dSsOoIl]\))(?:[,.;:](?=\s+\S)|(?=\s|$))""")


def is_title(text: str) -> bool:
    """A title line: its letters are mostly capitals (titles are printed in capitals)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@lru_cache(maxsize=1 << 14)
def fold_chars(text: str) -> str:
    """Fold each character on its own so positions in the folded text match the original (cached:
    every template asks about the same labels and lines)."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f[0] if f else " ")
    return "".join(out)


@lru_cache(maxsize=1)
def sub_labels() -> tuple[str, ...]:
    """Labels of values the templates do not read, which still end the value before them."""
    return tuple(data.lines("sub_labels.txt"))


#: how alike (``difflib`` ratio) a window of a line must be to a label to be a near match of it
NEAR = 0.86


@lru_cache(maxsize=1 << 16)
def fuzzy_find(hay: str, needle: str, threshold: float = NEAR) -> tuple[int, int, float] | None:
    """``needle`` in ``hay`` exactly, else with its spaces lost, else the best near match
    (OCR-tolerant) for needles of 6+.

    Windows of the needle's length ±1 slide along ``hay``; a window is compared in full
    (``difflib`` ratio) only when the letters it shares with the needle could reach the
    threshold — counted incrementally as the window slides (the bound difflib's quick_ratio
    computes, at O(1) per step). Results are cached: every template asks about the same lines."""
    i = hay.find(needle)
    if i >= 0:
        return i, i + len(needle), 1.0
    n = len(needle)
    if n < 6:
        return None
    squeezed = needle.replace(" ", "")
    i = hay.find(squeezed) if len(squeezed) >= 6 and squeezed != needle else -1
    if i >= 0:
        # its letters as they are, its spaces lost ("Nơicưtrú:": a small print label read with a
        # large hand's spacing) — a near match, however far below ``threshold`` its ratio falls
        return i, i + len(squeezed), max(threshold, difflib.SequenceMatcher(None, squeezed, needle).ratio())
    slashed = _slash_read(needle)
    for alt in slashed:
        i = hay.find(alt)
        if i >= 0:  # "Ông Bà" for "Ông/Bà": its letters as they are, its slash read otherwise
            return i, i + len(alt), max(threshold, difflib.SequenceMatcher(None, alt, needle).ratio())
    if slashed:
        # … or as any one mark with a space beside it ("Ôngb Bà:": a hand's line read by AsterOCR)
        a, b = needle.split("/")
        m = re.search(re.escape(a) + r"(?:\S | \S|\S)" + re.escape(b), hay)
        if m:
            return m.start(), m.end(), max(threshold, difflib.SequenceMatcher(None, m.group(), needle).ratio())
    best = None
    need: dict[str, int] = {}
    for ch in needle:
        need[ch] = need.get(ch, 0) + 1
    sm = difflib.SequenceMatcher(autojunk=False)
    sm.set_seq2(needle)
    for length in (n - 1, n, n + 1):
        if len(hay) < n - 1:
            break
        span = min(length, len(hay))
        win: dict[str, int] = {}
        shared = 0
        for ch in hay[:span]:
            if win.get(ch, 0) < need.get(ch, 0):
                shared += 1
            win[ch] = win.get(ch, 0) + 1
        for start in range(0, len(hay) - span + 1):
            if start:
                out, new = hay[start - 1], hay[start + span - 1]
                win[out] -= 1
                if win[out] < need.get(out, 0):
                    shared -= 1
                if win.get(new, 0) < need.get(new, 0):
                    shared += 1
                win[new] = win.get(new, 0) + 1
            if 2.0 * shared / (span + n) < threshold:
                continue
            sm.set_seq1(hay[start:start + span])
            r = sm.ratio()
            if r >= threshold and (best is None or r > best[2] or (r == best[2] and start < best[0])):
                best = (start, start + span, r)
    return best


#: what a slash between two words of a label is read as: a space, nothing, or a stroke's letter
_SLASH_READS = (" ", "", "l", "1", "i", "|")


def _slash_read(needle: str) -> tuple[str, ...]:
    """The needle with its slash (one, between letters: "ong/ba") read as each of ``_SLASH_READS``."""
    if needle.count("/") != 1 or not re.search(r"[^\W\d_]/[^\W\d_]", needle):
        return ()
    return tuple(needle.replace("/", r) for r in _SLASH_READS)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    #: the field key, or "" for a sub-label
    key: str
    #: the value after this sub-label is the previous value written in words
    words: bool = False


def _label_hits(folded: str, label: str, cell: bool = False,
                listed: tuple[str, ...] = (), name: bool = False,
                glued: frozenset[int] = frozenset()) -> list[tuple[int, int, float]]:
    """``glued``: where a capital follows a small letter in the text as read ("H'MôngQuốc tịch"):
    a word space lost there, so a label may start there."""
    lf = fold_chars(label)
    hit = fuzzy_find(folded, lf)
    if hit is None and _ENUM.match(lf.split(" ", 1)[0]) and " " in lf:
        # an item's label opening with its marker ("c) Địa chỉ"), the marker read as a lone
        # letter or two ("Q Địa chỉ …"): the rest of the label exactly, after that marker (a
        # number there is another item's: "3 Địa chỉ:" is the owner's, its full stop lost)
        rest = lf.split(" ", 1)[1]
        m = re.search(rf"(?:^|(?<=[^\w]))([^\W\d_]{{1,2}}[.)]?)\s+{re.escape(rest)}", folded)
        if m and len(rest.replace(" ", "")) >= 5:
            hit = (m.start(1), m.end(), NEAR)
    if hit is None and name and len(lf) <= 3:
        # a name's short label opening its line with a letter misread, its colon and a name after
        # it ("Bò: Đỗ Văn Phúc" for "Bà:")
        m = _SHORT_OPENING.match(folded)
        if m and levenshtein(m[1], lf) <= 1 and name_follows(folded[m.end():]):
            hit = (m.start(1), m.end(1), 0.9)
    if listed and (hit is None or (hit[2] < 1.0 and hit[0] > 0 and folded[hit[0] - 1].isalnum())):
        # none, or a near window inside a word ("an tộc" of "Ban tộc"): the label a letter off
        hit = _listed_label(folded, lf, listed) or hit
    if hit is None:
        return []
    start, end, score = hit
    letter = re.search(r"(?:^|[^\w])([^\W\d_]{1,2})$", folded[:start])
    if score < 1.0 and letter and not folded[start].isalnum() and _ENUM.match(lf.split(" ", 1)[0]):
        # "ở) Địa chi" for "c) Địa chỉ": the best window left the misread marker's letter out
        start = letter.start(1)
        hit = (start, end, score)
    elif score < 1.0 and lf[:1].isalnum():
        # a near match's window taken from the punctuation before the label ("6. Họ, … người
        # cha" a window wider than "… người nẹ" for the mother's): the label starts at a letter —
        # a label opening with a letter, past its item's number too ("3. Họ chữ đệm và tên người
        # mẹ" of "23.": the father's window from the 3 was longer than the mother's label)
        while start < end and not (folded[start].isalpha() if lf[0].isalpha() else folded[start].isalnum()):
            start += 1
        hit = (start, end, score)
    if score < 1.0 and any(p in folded[start:end] and p not in lf for p in ":,;"):
        return []  # "Nguồn gốc sử dụng: Nhà" is not a misread "Nguồn gốc sử dụng đất", nor the
                   # place and date of a document's head ("Đồng Kỳ, ngày 3 …") "Đăng ký ngày"
    if start > 0 and folded[start - 1].isalnum() and not _ITEM_GLUED.fullmatch(folded[:start]) \
            and start not in glued:
        if not _letter_glued(folded, start, end, lf, score):
            return []  # a label starts at a word boundary (or after its item's number: "1Số": 33")
        start -= 1  # the letter glued before it is the label's (no value's)
        hit = (start, end, score)
    if score < 1.0 and end < len(folded) and folded[end].isalnum() and lf[-1].isalnum():
        stop = end
        while stop < len(folded) and folded[stop].isalnum() and stop - end < 2:
            stop += 1
        if stop < len(folded) and folded[stop].isalnum():
            return []  # a fuzzy match must end at a word boundary too
        end = stop  # "…tên người chơ:" read one letter short: the label runs to its word's end
        hit = (start, end, score)
    # "Nơi cư trú(2):", "Quyển số"";", "năm sinh" 3). 11/12/1952": the label's footnote marker is
    # the label's, and so is the colon after it (read as a semicolon: still its colon)
    mark = _NOTE_MARK.match(folded, end)
    marked_colon = False
    if mark and (mark.end() == len(folded) or not folded[mark.end()].isalnum()):
        end, marked_colon = mark.end(), mark.group(1) in (":", ";")
        hit = (start, end, score)
    rest = folded[end:]
    # its colon read as a full stop or a semicolon before the digits of its value ("Ngày đăng ký.
    # 18/1/2004"), a long label's
    has_colon = (marked_colon or rest.lstrip().startswith(":") or (len(lf) >= 6 and bool(_STOP_DIGITS.match(rest)))
                 or (len(lf) >= 10 and bool(_DASH_COLON.match(rest))))
    opening_only = False  # its colon guessed from what follows it: only where it opens its line or item
    if end < len(folded) and folded[end].isalnum():
        glued = re.match(r"[^\W_]{1,2}\s?:", folded[end:])
        if glued and len(lf) >= 6:
            # "Thửa đất sối: …": a long label's last word read a letter or two long, its colon after
            end += glued.end() - 1  # up to its colon
            hit, has_colon, rest = (start, end, score), True, folded[end:]
        elif (len(lf) >= 10 or (name and name_follows(folded[end + 1:]))) and re.match(r"[il1j](?=\s)", folded[end:]):
            # … or its colon read as a letter like it glued to it, where the label opens its line
            # or its item ("b) Tờ bản đồ sối 11", "Nơi đăng ký khai tửi Ủy ban …"; checked below) —
            # a name's short label where a name follows ("Ông/Bài Đặng Xuân Trường")
            end, opening_only = end + 1, True
            hit, rest = (start, end, score), folded[end:]
            has_colon = has_colon or (name and len(lf) < 10)
        elif len(lf) >= 6 and lf[-1].isalpha() and folded[end].isdigit():
            # … or its colon and the space after it lost, the value's digits glued on, where the
            # label opens its line or its item ("7 c) Diện tích313,4 m2"; checked below)
            has_colon = opening_only = True
        elif score == 1.0 and len(lf) >= 6 and _PLACE_GLUED.match(folded[end:]):
            # … or a place's first word glued on, its colon and space lost ("22. Nơi sinhxã Ngọk
            # Bay, …"), a label as written opening its line or its item
            has_colon = opening_only = True
        elif score == 1.0 and len(lf) >= LONG_LABEL and re.match(r"[^\W\d_]{1,2}\s?\d", folded[end:]):
            # … or a code's letters and digits glued on ("10 Số vào sổ cấp GCNCH 18640"), a long
            # label as written opening its line or its item
            has_colon = opening_only = True
        else:
            return []  # "Số" inside "Sốt"
    before = folded[:start].rstrip()
    # (or opening an item inside the line, its marker before it: "… 705 b) Tờ bản đồ sối 11")
    opens = only_marker(before) or (bool(before.split()) and bool(re.fullmatch(r"[a-zđ]\)", before.split()[-1]))
                                    and len(lf) >= 6)
    if opening_only and not opens:
        return []  # its last word read long without its colon ("khai tửi Ủy ban": the colon read
                   # as a letter), or digits glued on: only opening its line or its item
    # a label alone in its table cell (``a) Thửa đất số`` | ``106``) needs no colon; so does
    # one ending its cell ("Giấy này có giá trị sử dụng" | "06 tháng …")
    alone = not rest.strip(" :.") and (opens or cell)
    # a label opening its segment, then a cell's rule or a colon misread ("Ông_ Quách Đình Đức")
    ruled = opens and rest.lstrip()[:1] in ("_", "|", ".") and rest.lstrip()[1:2] in (" ", "")
    colon = has_colon or alone or ruled
    if len(lf.replace(" ", "")) <= 3 and not (has_colon or ruled or (alone and cell and opens)) \
            and not (name and opens and name_follows(rest)) and not (opens and _NUMBER_AFTER_SO.match(rest)):
        return []  # short labels ("Số", "Ông") only with their colon, or alone in a cell
                   # with the value in the next one ("XÃ CHIỀNG SƠ" | motto: a name's last word),
                   # or a name's label opening its line before a name ("Ông Bùi Xuân Nghĩa"; not
                   # "Bà Rịa - Vũng Tàu"), or a number opening its line before the book's label
                   # or a slash and letters ("Số 143 Quyển số: 03/1975", "Số 283/QĐ-UBND": a
                   # hand's colon lost)
    if score < 1.0 and len(lf) < 10 and not has_colon \
            and not (name and opens and (name_follows(rest) or (alone and cell))) \
            and not (opens and (ruled or (alone and cell)) and folded[start:end] == lf[1:]) \
            and not (opens and " " in folded[start:end] and folded[start:end].replace(" ", "") == lf.replace(" ", "")):
        return []  # "Nam Định" is not a misread "năm sinh": a near match of a short label needs its colon
                   # — or, a name's, to open its line before a name ("Ông (Bò) Ngô Diệu Tuyết") or
                   # to be alone in its cell, the name in the next ("Ông (Bò)" | "Ngô Diệu Tuyết"),
                   # or to be the label as written but its first letter, lost at its cell's edge,
                   # opening its line before the cell's rule or alone in its cell ("uyển số | 01/2020"),
                   # or to open its line with the label's letters, a space read inside a word
                   # ("N gày sinh 03/04/1951": a held-out table's cells read as one line)
    # (a long label as written: every letter of it, its commas read or not, "Ngày tháng năm đăng ký")
    if not opens and not colon and before[-1] not in ",;(|" and not _listed_after(rest, listed) \
            and not (len(lf.replace(" ", "")) >= LONG_LABEL and _DIGITS_AFTER.match(rest)
                     and (score == 1.0 or letters_key(folded[start:end]) == letters_key(lf))):
        return []  # "cải chính họ tên ngày …": words inside a value; a label there has its colon
                   # or follows a separator ("…, sinh năm 1967") — or one of its field's listed
                   # values after it ("Dân tộc: Kinh Quốc tịch Vệt Nam": the colon lost), or it is
                   # a long label as written, the digits of its value after it ("Số: 285 Ngày,
                   # tháng, năm đăng ký 7/03/2002": a hand's colon lost; its commas too)
    m = re.match(r"\s+((?:[a-z]+\s+){0,2}[a-z]+)\s*:", rest)
    if m and not has_colon and not _listed_after(rest, listed):
        return []  # "Họ, chữ đệm, tên| người mẹ:": a longer label this one is the start of
    after = _NOTE_AFTER.match(folded, end)
    if after:  # "Nơi cư trú: (2) xã …": the marker after the colon is not the value's
        hit = (start, after.end(), score)
    return [hit]


def _letter_glued(folded: str, start: int, end: int, lf: str, score: float) -> bool:
    """One letter glued before a label found as written inside a line, its colon after it ("…
    Quỳnh hsinh năm: 1970": the space between the value before and the label lost, a stroke read
    as a letter) — a label of six letters or more; the letter is neither the value's nor the
    label's."""
    return (score == 1.0 and len(lf.replace(" ", "")) >= 6 and folded[start - 1].isalpha()
            and (start == 1 or not folded[start - 2].isalnum())
            and folded[end:].lstrip().startswith(":"))


def _listed_label(folded: str, lf: str, listed: tuple[str, ...]) -> tuple[int, int, float] | None:
    """A listed field's label (``lf``, folded; five letters or more) read a letter off, its words
    run together or not, before its colon and one of its field's listed values ("Bântộc: Nùng",
    "Ban tộc: Kinh" for "Dân tộc:") — too far from the label for a near match alone, which a
    colon and a value of its list make it."""
    squeezed, n = lf.replace(" ", ""), len(lf.split())
    if len(squeezed) < 5:
        return None
    for m in re.finditer(r"(?<![\w])((?:[^\W\d_]+ ){0,%d}[^\W\d_]+) ?:" % (n - 1), folded):
        words = m.group(1).split()
        for k in dict.fromkeys((1, n)):  # its words run together, or as many as the label's
            seen = "".join(words[-k:])
            if len(words) >= k and levenshtein(seen, squeezed) == 1 and _listed_after(folded[m.end():], listed):
                start = m.end(1) - len(" ".join(words[-k:]))
                return start, m.end(1), NEAR
    return None


#: a label of at least this many letters (spaces aside), found as written inside a line with the
#: digits of its value after it, needs no colon (a hand's colon is the first mark a reading loses)
LONG_LABEL = 10
_DIGITS_AFTER = re.compile(r"\s+\d")
#: how a place opens (folded): a unit word (``place_words.UNIT_WORDS``), an office's or an
#: institution's name
_PLACE_GLUED = re.compile(r"(?:" + "|".join(fold(w) for w in UNIT_WORDS)
                          + r"|uy ban|benh vien|tram y te|nha ho sinh|tai nha)\s")
#: what follows a "Số" opening its line (folded): an entry's number and the book's label after it,
#: or a document's number, its letters after a slash, all the segment holds ("Số 283/QĐ-UBND";
#: not a note's line "số 12/QĐ-UBND ngày 12/05/2001")
_NUMBER_AFTER_SO = re.compile(r"\s+\d{1,5}(?:\s+quyen so\b|/[^\W\d_][^\s]*\s*$)")
#: a word of up to three letters opening a line, its colon after it
_SHORT_OPENING = re.compile(r"\s*(\w{1,3})\s*:")
#: a long label's colon read as a dash glued to it ("ghi bằng chữ- ngày năm tháng hai …")
_DASH_COLON = re.compile(r"[-–]\s")
#: a colon read as a full stop or a semicolon, digits after it
_STOP_DIGITS = re.compile(r"\s?[.;]\s*\d")
#: how like one of its field's listed values (letters folded) the words after a label found
#: inside a line without its colon must be for it to be the label (``_listed_after``)
LISTED_AFTER = 0.8


def _listed_after(rest: str, listed: tuple[str, ...]) -> bool:
    """The folded text after a label opens with one of ``listed`` (folded values), nearly as read:
    its words, as many as the value has, at least ``LISTED_AFTER`` alike ("vet nam" for "viet
    nam") — a value of under four letters as it is (a short word is too easily near one)."""
    words = rest.split()
    for value in listed:
        n = len(value.split())
        if len(words) < n:
            continue
        if _alike(" ".join(words[:n]).strip(",.;"), value):
            return True
    return False


def _alike(seen: str, value: str) -> bool:
    """Words read after a label are ``value`` (folded), nearly as read: at least ``LISTED_AFTER``
    alike — a value of under four letters as it is (a short word is too easily near one)."""
    if len(value.replace(" ", "")) < 4:
        return seen == value
    return difflib.SequenceMatcher(None, seen, value, autojunk=False).ratio() >= LISTED_AFTER


def _listed_span(rest: str, listed: tuple[str, ...]) -> int:
    """How far into the folded text after a label one of ``listed`` (folded values) of three
    words or more runs, read nearly as written (its words, as many as the value has, at least
    ``LISTED_AFTER`` alike, after the label's colon); 0 where none does."""
    m = re.match(r"[\s:.;]*", rest)
    at = m.end()
    spans = [(w.start(), w.end()) for w in re.finditer(r"\S+", rest[at:])]
    words = [rest[at + a:at + b] for a, b in spans]
    best = 0
    for value in listed:
        n = len(value.split())
        if n < 3 or len(words) < n:
            continue
        if _alike(" ".join(words[:n]).strip(",.;").replace(":", ""), value):
            best = max(best, at + spans[n - 1][1])
    return best


@lru_cache(maxsize=1)
def _family_names() -> frozenset[str]:
    """The listed family names, folded."""
    from .validators import surnames
    return frozenset(fold_chars(s.lower()) for s in surnames())


def name_follows(rest: str) -> bool:
    """The folded text after a label is a person's name: a listed family name and a word more."""
    words = rest.split()
    return len(words) >= 2 and words[0] in _family_names() and words[1].isalpha()


@lru_cache(maxsize=256)
def _listed(name: str, kind: str = "") -> tuple[str, ...]:
    """A value list's values folded (``FieldSpec.values``; none for no list); an ethnicity's, the
    54 groups' names as written."""
    if kind == "ethnicity":
        from .validators import ethnic_names
        return tuple(dict.fromkeys(fold_chars(n.lower()) for names in ethnic_names() for n in names))
    return tuple(fold_chars(v) for v in field_values(name))


@lru_cache(maxsize=256)
def _stops(template: Template, section: str | None) -> tuple[tuple[str, str, bool, tuple[str, ...], bool], ...]:
    """(label, field key or "", is a words label, the field's listed values folded, names a
    person's name) for every label that can end a value; the labels of fields outside
    ``section`` (None: every section) end values but name no field."""
    def mine(spec: FieldSpec) -> bool:
        return section is None or not spec.section or spec.section == section
    out = [(lb, spec.key if mine(spec) else "", False, _listed(spec.values, spec.type), spec.type == "name")
           for spec in template.fields for lb in spec.labels]
    known = {fold(lb) for lb, _, _, _, _ in out}
    words = {fold(w) for w in WORDS_LABELS}
    out += [(lb, "", fold(lb) in words, (), False) for lb in sub_labels() if fold(lb) not in known]
    return tuple(out)


def hits(text: str, template: Template, section: str | None = None, cell: bool = False) -> list[Hit]:
    """Labels on one segment, left to right: longer over contained ones, exact before fuzzy,
    each field's label once (only fields of ``section`` and of no section name a field).
    ``cell``: another segment follows on the row (the next table cell may hold the value)."""
    folded = fold_chars(text)
    glued = frozenset(i for i in range(1, len(text)) if text[i].isupper() and text[i - 1].islower())
    cands = []
    lists: dict[str, tuple[str, ...]] = {}  # a field's listed values, by its key
    for label, key, words, listed, name in _stops(template, section):
        if key and listed:
            lists[key] = listed
        for start, end, score in _label_hits(folded, label, cell, listed, name, glued):
            # a near match's span ends at its last letter: a space it took in after it would make
            # it longer than a likelier label of the same words ("… tên ngườimẹ :" is nearer
            # "… tên người mẹ" than "… tên người cha ", one character longer)
            end = len(folded[:end].rstrip()) if score < 1.0 else end
            cands.append((start, end, key, words, score, label))
    # a near match of one of a field's labels that spans an exact match of another of its labels
    # is that label plus a neighbouring word ("…tên người đi khai tử| Lê" near "Họ, chữ đệm và
    # tên người đi khai tử"): the exact one stands. So does an exact label of any field that a
    # near match only pads with a few characters ("| Họ và tên người mẹ" near "Họ và tên người
    # cha": the mother's label, not the father's)
    # — unless what the near match adds is its own item's marker, read otherwise ("ở) Địa chi"
    # for the parcel's "c) Địa chỉ", not the owner's "Địa chỉ")
    # — nor where the near match is a longer label of the same field that opens with the exact
    # one, its last words misread ("Nơi đăng ký khơi sinh": "Nơi đăng ký khai sinh", not "Nơi
    # đăng ký" and a value "khơi sinh")
    exact = [(c[0], c[1], c[2], c[5]) for c in cands if c[4] == 1.0]
    cands = [c for c in cands if c[4] == 1.0 or not any(
        ((k == c[2] and not _tail_misread(folded, c, a, b, lab))
         or (k and (b - a) >= (c[1] - c[0]) - 3 and not _marker_pad(folded, c, a, b)))
        and c[0] <= a and b <= c[1] and (a, b) != (c[0], c[1]) for a, b, k, lab in exact)]
    # longer labels first (a misread "Ngòy, thóng, năm sinh" is still one label, not the
    # sub-label "năm sinh" inside it), exact before near matches of the same length
    cands.sort(key=lambda h: (-(h[1] - h[0]), h[4] < 1.0, -h[4], h[0], h[2] == ""))
    kept: list[tuple] = []
    for c in cands:
        same = [k for k in kept if (k[0], k[1]) == (c[0], c[1])]
        if same and c[2] and all(k[2] and k[2] != c[2] and k[4] == c[4] for k in same):
            kept.append(c)  # one label, two fields ("Đã chết vào lúc": the time and the date)
        elif all(c[1] <= k[0] or c[0] >= k[1] for k in kept) and (not c[2] or all(c[2] != k[2] for k in kept)):
            kept.append(c)
    kept.sort()
    # a label's words in small letters inside a free text's phrase are the text's ("Ghi chú: Xác
    # định lại dân tộc: Tày" is a note, no ethnicity; "… sinh năm: 1970" after a name stays a label)
    free = {f.key for f in template.fields if f.type == "text" and not f.values}
    kept = [k for i, k in enumerate(kept) if not (
        i and kept[i - 1][2] in free and text[k[0]].islower() and text[:k[0]].rstrip()[-1:].isalpha())]
    # a near match inside one of the value's listed values, as read after its field's label, is
    # words of the value ("Nguồn gốc sử dụng: Công nhận quyền sử: dung đất như …": not "Quyển số")
    for h in list(kept):
        if h in kept and lists.get(h[2]):
            reach = h[1] + _listed_span(folded[h[1]:], lists[h[2]])
            kept = [k for k in kept if not (h[1] < k[0] < reach and k[4] < 1.0)]
    return [Hit(s, e, k, w) for s, e, k, w, _, _ in kept]


def _tail_misread(folded: str, near: tuple, a: int, b: int, label: str) -> bool:
    """The near match ``near`` is a longer label of the same field that opens with the exact
    match ``label`` at ``a``:``b``, its further words misread in letters ("khơi sinh" for "khai
    sinh": like them by 3/4 at least) — not a value's first word after the shorter label
    ("Thời hạn sử dụng đến …" is no misread "… sử dụng đất")."""
    longer, short = fold_chars(near[5]), fold_chars(label)
    if a != near[0] or not longer.startswith(short + " "):
        return False
    tail = longer[len(short):].strip()
    return difflib.SequenceMatcher(None, tail, folded[b:near[1]].strip(), autojunk=False).ratio() >= 0.75


def _marker_pad(folded: str, near: tuple, a: int, b: int) -> bool:
    """The near match ``near`` of a label opening with an item's marker ("c) Địa chỉ") is the
    exact match at ``a``:``b`` of another label with that marker before it, read otherwise."""
    label = fold_chars(near[5])
    pad = folded[near[0]:a].strip()
    return (bool(pad) and bool(re.fullmatch(r"[^\W\d_]{1,2}[.)]?", pad))
            and not folded[b:near[1]].strip(" :") and bool(_ENUM.match(label.split(" ", 1)[0])))


_ITEM_GLUED = re.compile(r"\s*\d{1,2}")
_NOTE_ONLY = re.compile(r"""\(\s*[\d*]{1,2}\s*\)?|[\d*]{1,2}\)|["“”]{1,3}""")


_NOTE_LINE = re.compile(r"\s*\(\s*[\d*]{1,2}\s*\)\s+\S|\s*\(\s*[\d*]{0,2}\s*\)\s*[A-ZĐ][a-zđà-ỹ]"
                        r"|\s*\(\s*[\d*]{1,2}[^\s\d]\s+[A-ZĐ][a-zđà-ỹ]")


def note_line(text: str) -> bool:
    """The line opens with a footnote's marker ("(2) Ghi theo nơi đăng ký thường trú; …", its
    number lost or the space after it: "()Ghi đúng như …", or its closing bracket read as another
    mark: "(1U Ghi đúng như …"): one of the notes printed at a form's foot, never the line a
    value goes on to."""
    return bool(_NOTE_LINE.match(text))


def note_marker(text: str) -> bool:
    """The text is a footnote marker alone ("(2)"): read apart from its label (small raised
    type above the line), it is nobody's value."""
    return bool(_NOTE_ONLY.fullmatch(text.strip()))


def only_marker(before: str) -> bool:
    """Nothing but a list marker ("a)", "đ)", "2.") or a table rule read as "|" (folded text)."""
    before = before.strip(" |[")
    return not before or bool(_ENUM.match(before))


def opens_segment(text: str, hit: Hit) -> bool:
    """The label ``hit`` opens its segment: nothing before it but a list marker or a rule."""
    return only_marker(fold_chars(text[:hit.start]))
