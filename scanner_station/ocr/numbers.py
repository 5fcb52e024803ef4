"""A number written in words read by the words' grammar where the reading breaks it and the line's
ink supports the grammar's word: the tens after a digit (``hai mươi``, ``bốn mươi``), however
sure the line's reading is.

A date or year written in words (``ghi bằng chữ: ngày hai mươi tám tháng hai năm một nghìn chín
trăm bốn mươi hai``) says its tens with "mươi" after the digit (twenty: ``hai mươi``) and ten
alone with "mười" (``mười tám``). The two differ by one mark, and a hand's reads as the other
(``bốn mười hai``, ``hai mưới lăm``, ``tám mưi``: four held-out pages of fifty). A word within two
edits of "mươi" straight after a digit of two to nine is weighed as "mươi" on AsterOCR's frames,
and read so where that costs at most ``SLACK`` nats for each letter it changes — the number the
words can only be; the other words as read. "mươi" with no digit before it is left as read (a
tenth month, ``tháng mười``, is written without a digit word; which was meant, the ink alone
cannot say where the grammar does not).

The words changed take AsterOCR's confidence in its own reading of the line where that is lower;
the line as read is kept (``extra["number"]``; the page layout's ``numbers``).
"""

from __future__ import annotations

from ..domain.text import levenshtein
from .base import LineRead
from .ctc import cased, log_likelihood
from .marks import SLACK as MARK_SLACK

#: the digits' words that say how many tens follow (two to nine; "năm" is five here too: a year
#: is written "năm một nghìn …", never "năm mười")
TENS_DIGITS = frozenset({"hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín"})
TENS = "mươi"
#: the grammar's word is read where the ink supports it at most this many nats less than the
#: reading, a letter it changes: a known text's lost marks' (``marks.SLACK``) — what it changes is
#: a tone mark or a vowel's (held-out hands, seeds 8600–17000: the four such lines cost 1.2 to 2.5)
SLACK = MARK_SLACK


def _core(word: str) -> tuple[str, str, str]:
    """(what precedes the word's letters, its letters, what follows): ``"mười,"`` → ``("", "mười", ",")``."""
    start = 0
    while start < len(word) and not word[start].isalpha():
        start += 1
    end = len(word)
    while end > start and not word[end - 1].isalpha():
        end -= 1
    return word[:start], word[start:end], word[end:]


def candidate(text: str) -> str:
    """``text`` with each word near "mươi" straight after a digit of two to nine read "mươi" (in
    its case), the rest as read; "" where none is."""
    words = text.split(" ")
    out = list(words)
    for i in range(1, len(words)):
        lead, core, trail = _core(words[i])
        _, prev, prev_trail = _core(words[i - 1])
        low = core.lower()
        if (prev.lower() in TENS_DIGITS and not prev_trail and not lead and low != TENS and low
                and levenshtein(low, TENS) <= 2 and low[:1] == "m"):
            out[i] = cased(TENS, core) + trail
    new = " ".join(out)
    return new if new != text else ""


def as_counted(reads: list[LineRead], crop, aster, framed=None) -> LineRead | None:
    """The line (``reads``, its chosen readings left to right) read with its tens by the grammar
    where the ink supports them within ``SLACK`` a letter, or None: none breaks it, the ink does
    not support the grammar's word, or ``aster`` cannot weigh the crop."""
    text = " ".join(r.text for r in reads if r.text)
    words = [w for r in reads for w in r.words if w[0]]
    new = candidate(text)
    if not new or not words or text != " ".join(w[0] for w in words) or len(new.split(" ")) != len(words):
        return None  # the common case, with no AsterOCR pass
    framed = framed or aster.read_frames(crop)
    if framed is None:
        return None
    own_read, p, chars = framed
    own = max(log_likelihood(p, t, chars, loose_spaces=True) for t in {text, own_read.text})
    cost = (own - log_likelihood(p, new, chars, loose_spaces=True)) / max(1, levenshtein(text, new))
    if not cost <= SLACK:  # NaN too: a character AsterOCR cannot write
        return None
    conf = own_read.confidence
    placed = [w if n == w[0] else (n, w[1], w[2], min(w[3], conf)) for w, n in zip(words, new.split(" "))]
    engine = max(reads, key=lambda r: len(r.words)).engine
    return LineRead(new, min(w[3] for w in placed), tuple(placed), engine, {"number": text})
