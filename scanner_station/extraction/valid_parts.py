"""The valid value a reading holds, and the digits a reading lost: a second reading of a field's
crop cut to the value in it (a stray stroke before it, the next label after it), and whether a
page reading is another reading's number with a digit left out (``rereading.misfit``,
``rereading.lost_digit``)."""

from __future__ import annotations

import re

from ..domain.text import fold, levenshtein
from .doubt import valid_reading
from .parsing import SEX_WORDS

#: a number the page reading lost a digit of, read whole on the field's own crop
DIGIT_LOST = "read again from the field's own line: the page reading lost a digit of it (a hand's 1 beside a label or a slash)"
#: of the value types, those made of numbers a reading can lose a digit of (``rereading.lost_digit``)
DIGIT_TYPES = ("int", "time", "book_volume")


def digits_of(text: str) -> str:
    """The digits of ``text``, in order."""
    return "".join(c for c in text if c.isdigit())


def valid_start(kind: str, text: str, lead: int = 0) -> str:
    """The longest run of ``text``'s first words that is a valid value ("17 giờ 49 phút," of
    "17 giờ 49 phút, n": the crop reaches the next label), or "". With ``lead``: its words may
    also start after a first word of up to that many characters ("y 01/04/1997": a stroke of the
    label or the rule before the value read as a letter), or of one more ending in a colon ("1:
    1985": the label's last letter and its colon)."""
    words = text.split()
    # a first word ending in a colon is the label's end ("1: 1985": its last letter and colon)
    label_end = len(words[0]) <= lead + 1 and words[0].endswith(":") if words else False
    starts = [0] + ([1] if lead and len(words) > 1 and (len(words[0]) <= lead or label_end) else [])
    for first in starts:
        for n in range(len(words), first, -1):
            cand = " ".join(words[first:n]).rstrip(",;:")
            if cand and valid_reading(kind, cand):
                return cand
    return ""


#: values of numbers and codes: a second reading of one may be cut to its valid part (``fitted``)
#: — not an area: one cut from "23227 ( Bằng" (232.9 m² read without its mark) is a valid number
#: that stands in the way of the value its words give (``written_twice``)
FITTED_TYPES = ("date", "personal_id", "cmnd", "int", "gcn_serial", "registry_number", "ethnicity",
                "document_number", "book_volume", "time", "dossier_code")


def fitted(kind: str, text: str, lead: int = 1) -> str:
    """A second reading of a checked value (a date, a number, a book volume) cut to the part of
    it that is a valid value, if any (the crop takes in the ink of what is beside the value);
    as read otherwise. ``lead``: as ``valid_start``'s."""
    if kind not in FITTED_TYPES or not text or valid_reading(kind, text):
        return text
    return valid_start(kind, text, lead=lead) or text


#: fields whose value is one word, and the words they are written with (folded)
ONE_WORD = {"sex": SEX_WORDS}
_FIRST_WORD = re.compile(r"[\W_]*([^\W_]+)")


def one_word_end(kind: str, text: str) -> int:
    """Where the value of a field written in one word (sex: Nam/Nữ) ends when the reading holds
    more words after it — the next label misread and taken in ("Nữ Bântộc: Nùng", "Nan I Dân
    tộc"): after its first word, where that word is one of the field's words or a letter off one
    (two letters or more); 0 where the value stays as read."""
    values = ONE_WORD.get(kind)
    m = _FIRST_WORD.match(text) if values else None
    if m is None or not text[m.end():].strip():
        return 0
    word = fold(m.group(1)).lower()
    return m.end() if len(word) >= 2 and any(levenshtein(word, v) <= 1 for v in values) else 0


def lost_from(mine: str, theirs: str, most: int = 1) -> bool:
    """``mine`` is ``theirs`` with one of its digits left out (up to ``most``)."""
    if not 1 <= len(theirs) - len(mine) <= most:
        return False
    it = iter(theirs)
    return all(c in it for c in mine)
