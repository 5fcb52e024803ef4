"""A register page's entry numbers held to their sequence.

A civil-status register numbers its entries one after another, so on a page the entries read
as 196, 197, 198, 199 are followed by 200. An entry number that follows neither the entry
before it nor precedes the one after it ("53" between 152 and 154, a digit lost at a rule;
"2⁄4" for 214) is a question for a person, never a proposal. Where the other entries agree on
the sequence and the number's crop can be read again, the number the sequence gives is weighed
on its ink (AsterOCR's frames, ``reread.CropReader.constrained``) and shown when the ink supports
it nearly as well as its own reading (``LIST_MARGIN``) — the page reading kept, a question
either way: a book may skip or repeat a number, and then its ink says so.

Where no two entries agree (237, 239 for 238, 222 for 239: two of three hand-written numbers
misread), each number read proposes a sequence, and the one the most entries' ink supports —
their own reading or within ``LIST_MARGIN`` of it, at least two entries and more than any other
sequence — is the page's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import numpy as np

from .crops import supported
from .doubt import LIST_MARGIN

#: the messages (the GUI catalogue translates them)
NOT_A_NUMBER = "an entry number read without its digits"
NOT_LIKE_OTHERS = "not a number like the page's other entries"
SEQUENCE_CONSTRAINED = "read again as the number the page's sequence gives: the ink supports it nearly as well"


def out_of_sequence(base: int | None) -> str:
    return (f"out of sequence: the page's other entries are numbered from {base}" if base is not None
            else "out of sequence with the other entries of the page")


def check(entries: list[dict], key: str, image: np.ndarray | None = None, reader=None) -> list[dict]:
    """``entries`` (one dict of ``extract.ExtractedField`` per entry) with each entry number
    (``key``) out of the page's sequence made a question, and read again as the sequence's."""
    nums = []
    for e in entries:
        f = e.get(key)
        v = f.normalized if f is not None else ""
        nums.append(int(v) if v.isdigit() else None)
    bases = Counter(n - i for i, n in enumerate(nums) if n is not None)
    if sum(bases.values()) < 2:
        # too few numbers read to follow: an entry number read without any digit ("m" for a
        # hand's "111") is still a question
        for e in entries:
            f = e.get(key)
            if f is not None and f.normalized and not re.search(r"\d", f.normalized):
                e[key] = f.questioned(NOT_A_NUMBER)
        return entries
    base, votes = bases.most_common(1)[0]
    if votes < 2:
        # no two entries agree: the sequence their ink supports, or none (each is a question)
        base = _supported_base(entries, key, nums, image, reader)
    for i, e in enumerate(entries):
        f, n = e.get(key), nums[i]
        if f is None or not f.normalized or (n is not None and base is not None and n - i == base):
            continue
        # "2%" among 295 and 297: a digit read as a sign
        f = f.questioned(NOT_LIKE_OTHERS if n is None else out_of_sequence(base))
        if base is not None and base + i > 0:
            f = _read_again(f, str(base + i), image, reader)
        e[key] = f
    return entries


def _supported_base(entries: list[dict], key: str, nums: list[int | None], image, reader) -> int | None:
    """The first number of the sequence (entry ``i`` numbered ``base + i``) that the most entries'
    ink supports, where at least two do and no other sequence as many; None otherwise."""
    if image is None or reader is None:
        return None
    support: dict[int, int] = {}
    for b in {n - i for i, n in enumerate(nums) if n is not None and n - i > 0}:
        count = 0
        for i, e in enumerate(entries):
            f = e.get(key)
            if f is not None and f.normalized and (nums[i] == b + i or _supports(f, str(b + i), image, reader)):
                count += 1
        support[b] = count
    ranked = sorted(support.values(), reverse=True)
    if not ranked or ranked[0] < 2 or (len(ranked) > 1 and ranked[1] == ranked[0]):
        return None
    return max(support, key=support.get)


def _supports(f, expected: str, image: np.ndarray | None, reader) -> bool:
    """The ink of ``f``'s crop supports ``expected`` nearly as well as its own reading."""
    return supported(f, [expected], image, reader, LIST_MARGIN) == expected


def _read_again(f, expected: str, image: np.ndarray | None, reader):
    """``f`` shown as ``expected`` where its crop's ink supports that nearly as well as its own
    reading, the page reading kept; ``f`` as it is otherwise."""
    if not _supports(f, expected, image, reader):
        return f
    return replace(f, value=expected, normalized=expected, second_reading=f.value, engine="aster-sequence",
                   messages=f.messages + (SEQUENCE_CONSTRAINED,))
