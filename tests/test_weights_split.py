"""A value read over several pieces (a place over a register column's lines) is weighed with its
words split among the pieces near where each piece's reading ends: the best split found piece by
piece is the best of every split, in a few weighings a piece, not one per combination."""

from __future__ import annotations

import itertools
import random

from scanner_station.extraction.reread import SHIFTS, _Weights


def _stub(pieces: int, anchors: list[int], rng: random.Random):
    w = _Weights.__new__(_Weights)
    w.pieces, w._anchors = [None] * pieces, anchors
    table: dict = {}
    calls = []

    def part(k, text, edges, loose):
        calls.append((k, text))
        if (k, text) not in table:
            table[(k, text)] = float("-inf") if rng.random() < 0.05 else -rng.random() * 10
        return table[(k, text)]
    w._part = part
    return w, calls


def _every_split(w, text: str) -> float:
    words, best = text.split(), float("-inf")
    for shifts in itertools.product(SHIFTS, repeat=len(w._anchors)):
        cuts = [0] + [a + d for a, d in zip(w._anchors, shifts)] + [len(words)]
        if all(b > a for a, b in zip(cuts[:-1], cuts[1:])):
            best = max(best, sum(w._part(k, " ".join(words[a:b]), True, "")
                                 for k, (a, b) in enumerate(zip(cuts[:-1], cuts[1:]))))
    return best


def test_the_best_split_piece_by_piece_is_the_best_of_every_split():
    rng = random.Random(7)
    for _ in range(400):
        pieces, n = rng.randint(2, 5), rng.randint(1, 12)
        w, _ = _stub(pieces, sorted(rng.randint(0, n + 1) for _ in range(pieces - 1)), rng)
        text = " ".join(f"w{i}" for i in range(n))
        assert w.weigh(text) == _every_split(w, text)


def test_a_value_over_many_pieces_takes_a_few_weighings_a_piece():
    w, calls = _stub(9, [3 * k for k in range(1, 9)], random.Random(3))
    w.weigh(" ".join(f"w{i}" for i in range(27)))
    assert len(calls) <= 9 * len(SHIFTS) ** 2  # every combination would be 5**8 = 390,625 splits
