"""What cleanup found on a page that its fields are read by, kept with the page's reading
(``PageLayout.meta``): the boxes of its combs (one digit written in each) and the leader dots
it took from under a letter (a tone mark's dot below looks the same)."""

from __future__ import annotations

from ..domain.layout import PageLayout
from ..ocr.base import WORD_PUNCT, word_core


def note_cleanup(layout: PageLayout, steps: dict, turned: bool = False) -> PageLayout:
    """What cleanup found on the page that fields are read by, kept with its reading: the
    boxes of its combs (``steps["comb_cells"]``: one digit written in each), of the leader
    dots it took from under a letter (``steps["leader_doubts"]``: a dot below, ``ạ``, looks
    the same) and the leaders' lines (``steps["leader_lines"]``) — not where the page was read
    turned by 180° (the boxes are where cleanup left the page)."""
    if turned:
        return layout
    for key in ("comb_cells", "leader_doubts", "leader_lines"):
        if steps.get(key):
            layout.meta[key] = steps[key]
    return layout


def over_leader(box: tuple, lines: list) -> bool:
    """A value's box (x0, y0, x1, y1) written over a leader's line (x0, y0, x1, y1; ``leader_lines``):
    the line runs under at least half the box's width, between the middle of its letters and
    half their height below them — where its dots fall under the words' letters."""
    bx0, by0, bx1, by1 = box
    h, w = by1 - by0, bx1 - bx0
    for x0, y0, x1, y1 in lines:
        a, b = max(bx0, x0), min(bx1, x1)
        if b - a < 0.5 * w:
            continue
        mid = (a + b) / 2
        y = y0 if x1 == x0 else y0 + (y1 - y0) * (mid - x0) / (x1 - x0)
        if by0 + 0.5 * h <= y <= by1 + 0.5 * h:
            return True
    return False


#: a leader's dot was taken off from under the value's letters (the GUI catalogue translates it)
LEADER_DOT_BELOW = ("a dot under this value was taken off as the form's dotted line: a mark below a letter "
                    "(ạ, ọ, ự) may be lost or read where there is none")


def under(dot: list, box: tuple) -> bool:
    """A dot (x, y, w, h) under a value's box (x0, y0, x1, y1): among its letters or just below
    them."""
    cx, cy = dot[0] + dot[2] / 2, dot[1] + dot[3] / 2
    x0, y0, x1, y1 = box
    return x0 <= cx <= x1 and y0 <= cy <= y1 + 0.5 * (y1 - y0)


#: words of the value shown as the word list pairs them with a neighbour or as a unit's name is
#: spelled, not as the ink reads them (the page's ``word_list``, ``ctc.listed_words``); the ink's
#: own reading follows the colon
WORD_LIST_SHOWN = "a word is shown as the word list or a unit's name has it; the ink alone reads:"


def ink_reading(value: str, boxes: list[tuple], word_list: list[dict]) -> str:
    """``value`` with the ink's own reading in place of each of its words that the page's reading
    took from the word list instead (``word_list``: the page's ``meta["word_list"]``, each word's
    box on the page; those with their centre in one of the value's ``boxes`` count); "" where no
    such word is in the value (the value read otherwise, or the word not in it). Words are
    compared as ``ctc.listed_words`` found them: without the punctuation around them
    (``ocr.base.word_core``)."""
    def core(w: str) -> str:
        return word_core(w).lower()

    # a run of letters read as two words ("sửdng" → "sử dụng") has one entry for each: one phrase
    phrases: list[tuple[str, list[str]]] = []
    for e in word_list:
        x0, y0, x1, y1 = e["box"]
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
            continue
        if phrases and phrases[-1][0] == e["read"]:
            phrases[-1][1].append(e["shown"])
        else:
            phrases.append((e["read"], [e["shown"]]))
    words = value.split()
    cores = [core(w) for w in words]
    changed = False
    for read, shown in phrases:
        want = [core(w) for w in shown]
        at = next((i for i in range(len(words) - len(want) + 1) if cores[i:i + len(want)] == want), None)
        if at is None:
            continue
        first, last = words[at], words[at + len(want) - 1]
        lead = first[:len(first) - len(first.lstrip(WORD_PUNCT))]
        trail = last[len(last.rstrip(WORD_PUNCT)):]
        words[at:at + len(want)] = [lead + word_core(read) + trail]
        cores[at:at + len(want)] = ["\0"]
        changed = True
    return " ".join(words) if changed else ""
