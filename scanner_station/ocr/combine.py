"""Two recognisers' readings of one line combined word by word (ROVER-style): the more confident
reading, with the other's word where only the other's is a syllable the word list attests.
"""

from __future__ import annotations


from .base import VOWEL_BASES, LineRead, word_core


def combine_words(best: LineRead, other: LineRead, lex) -> LineRead:
    """The more confident reading of a line, where the other recogniser read a word differently
    and only the other's word is a syllable attested in the word list (and fits its neighbours
    as word-list pairs do), with the other's word (ROVER-style, per aligned word). Both are
    readings of the same ink; the word list only arbitrates between them, and a word where the
    two disagree keeps the lower of their confidences. Only words of the same length are swapped
    (letters or marks read differently), in the best reading's case; words with digits, words
    without a vowel (abbreviations such as 'VT', 'UBND'), and words that do not align one to one
    stay as the best reading has them."""
    from difflib import SequenceMatcher

    from ..domain.text import fold

    bw, ow = list(best.words), list(other.words)
    if not bw or not ow:
        return best
    key = lambda w: fold(word_core(w[0])).lower()  # noqa: E731 - marks differ, the alignment holds
    ops = SequenceMatcher(None, [key(w) for w in bw], [key(w) for w in ow], autojunk=False).get_opcodes()
    out = list(bw)
    changed = False

    def score(core: str, i: int) -> int:
        prev = word_core(out[i - 1][0]) if i > 0 else ""
        nxt = word_core(bw[i + 1][0]) if i + 1 < len(bw) else ""
        before = bool(prev) and lex.known_pair(prev, core)
        after = bool(nxt) and lex.known_pair(core, nxt)
        # a word in no word list that forms a known pair with a neighbour is attested there:
        # a minority-language unit name ("xã Ea Tu") against a common syllable ("an")
        return 2 * (lex.attested(core) or before or after) + before + after

    for tag, i1, i2, j1, j2 in ops:
        if tag not in ("equal", "replace") or i2 - i1 != j2 - j1:
            continue
        for i, j in zip(range(i1, i2), range(j1, j2)):
            b, o = bw[i], ow[j]
            bc, oc = word_core(b[0]), word_core(o[0])
            if bc == oc or not bc or not oc or any(ch.isdigit() for ch in bc + oc):
                continue
            if len(bc) != len(oc) or not any(ch in VOWEL_BASES for ch in fold(bc).lower()):
                continue  # only letters or marks read differently; an abbreviation ('VT') stays
            oc = oc.upper() if bc.isupper() else (oc[:1].upper() + oc[1:].lower() if bc[:1].isupper()
                                                  else oc.lower())  # the best reading's case
            if oc != bc and score(oc, i) > score(bc, i):
                out[i] = (b[0].replace(bc, oc, 1), b[1], b[2], min(b[3], o[3]))
                changed = True
    if not changed:
        return best
    text = " ".join(w[0] for w in out)
    return LineRead(text, best.confidence, tuple(out), best.engine, dict(best.extra, combined=other.engine))


#: a line's engine names the recogniser some of its words were taken from with this suffix
#: ("aster-words+tess-line"): a field read there is checked by both recognisers
COMBINED_SUFFIX = "-words"
