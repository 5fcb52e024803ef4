"""A free text written over a form's dotted line, read again with the dots below its letters that
cleanup took off with the line's (a dot taken from under the value: ``page_marks.under``): where the word list pairs the
dotted word with its neighbour and pairs the word as read with neither ("đăng ký lai" → "đăng ký
lại", "Cải chính ho tên" → "họ tên", "nhân cha con" → "nhận cha con").

The ink cannot tell these apart there — the dot was whitened with the line's, or a line's dot
left under a letter — so the word list's pairs are the only evidence, and they only propose: the
reading is shown, the page reading kept beside it, the field a question. A word the list pairs
with a neighbour as read, a word that carries another tone (a dot below is the nặng tone, the
only one a word can take in its place) stay as read; where the list writes the dotted word with
its tone on either vowel ("quỵ", "qụy"), the way it writes it most often is shown."""

from __future__ import annotations

import unicodedata

from ..domain.text import nfc
from ..ocr.ctc import cased, word_parts
from ..ocr.lexicon import available, split_tone
from .rereading import Reading
from .templates import FieldSpec

#: shown where a free text's words are read with the dots below the dotted line took off (the
#: GUI catalogue translates it)
DOTS_PAIRED = ("a word is shown with the dot below that the form's dotted line took off, where the word list "
               "pairs it with the word beside it")

_DOT = "\u0323"


def _dotted_forms(word: str, lex) -> list[str]:
    """``word`` (lower case, no tone mark) with the nặng tone on one of its vowels, as the word
    list writes a syllable (its tone placement), in the list."""
    split = split_tone(word)
    if split is None or split[1]:
        return []
    out = []
    for i, ch in enumerate(word):
        if ch in "aăâeêioôơuưy":
            cand = nfc(word[:i] + unicodedata.normalize("NFC", ch + _DOT) + word[i + 1:])
            if cand in lex.syllables and lex.is_syllable(cand):
                out.append(cand)
    return list(dict.fromkeys(out))


def dotted_words(value: str) -> str:
    """``value`` with each word read without a dot below that the word list pairs dotted, and not
    as read, with a word beside it; "" where none is or the word list is not at hand."""
    lex = available()
    if lex is None:
        return ""
    words = value.split()
    parts = [word_parts(w) for w in words]
    out = list(words)
    for i, (lead, core, trail) in enumerate(parts):
        low = core.lower()
        if not low.isalpha() or not lex.is_syllable(core):
            continue
        # a neighbour across punctuation is no partner ("lai, ngày")
        prev = parts[i - 1][1].lower() if i and not parts[i - 1][2] and not lead else ""
        nxt = parts[i + 1][1].lower() if i + 1 < len(parts) and not trail and not parts[i + 1][0] else ""
        if (prev and lex.known_pair(prev, low)) or (nxt and lex.known_pair(low, nxt)):
            continue
        paired = [f for f in _dotted_forms(low, lex) if (prev and lex.known_pair(prev, f)) or (nxt and lex.known_pair(f, nxt))]
        if paired:
            # the forms are one syllable, its tone on one vowel or another ("quỵ", "qụy"): the
            # way the list writes it most often
            best = max(paired, key=lambda f: (len(lex.followers(f)) + len(lex.leaders(f)), f))
            out[i] = lead + cased(best, core) + trail
    text = " ".join(out)
    return text if text != " ".join(words) else ""


def dots_restored(r: Reading, spec: FieldSpec) -> None:
    """A free text (``text``, without listed values) whose dots below the dotted line may have
    taken off: shown with the words the word list pairs dotted (``dotted_words``)."""
    if spec.type != "text" or spec.values:
        return
    text = dotted_words(r.value)
    if text:
        r.show(spec.type, text, DOTS_PAIRED, r.engine)
