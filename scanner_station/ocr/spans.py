"""A line read surely but for a few words, read again only around them (``onnx-hybrid-spans``):
AsterOCR's time is per pixel of a line's width (issue 15)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .base import LineRead

#: a word of a line read again (one word was doubtful) is read again too when the first reading
#: is less sure of it than this: a word read wrong is often read sure (``nhộn`` for ``nhận``
#: at 0.975), and a line read whole would have mended it
SPAN_DOUBT = 0.97
#: a span wider than this share of its line is read whole: little is saved, and the line's
#: other words are its context
SPAN_SHARE = 0.6


def doubt_span(read: LineRead, crop: np.ndarray, doubtful) -> tuple | None:
    """A line read surely but for a few words, cut around them: (the words before as a reading,
    the span's words as a reading, the words after, the span's x range in the crop). The span
    runs from the word before the first doubtful word to the word after the last (a word's
    neighbours are its context) and is cut midway in the gaps beside it. None when every word
    or none is doubtful, or the span is most of the line: the line is read whole."""
    ws = list(read.words)
    bad = [j for j, wd in enumerate(ws) if doubtful(wd, read.engine)]
    if not bad or len(bad) == len(ws):
        return None
    a, b = max(0, bad[0] - 1), min(len(ws) - 1, bad[-1] + 1)
    width = crop.shape[1]
    x0 = 0 if a == 0 else (ws[a - 1][2] + ws[a][1]) // 2
    x1 = width if b == len(ws) - 1 else (ws[b][2] + ws[b + 1][1]) // 2
    if x1 - x0 >= SPAN_SHARE * width or x1 <= x0:
        return None

    def part(words) -> LineRead | None:
        if not words:
            return None
        return LineRead(" ".join(wd[0] for wd in words), min(wd[3] for wd in words), tuple(words),
                        read.engine, dict(read.extra))
    return part(ws[:a]), part(ws[a:b + 1]), part(ws[b + 1:]), (int(x0), int(x1))


def shifted_read(read: LineRead, dx: int) -> LineRead:
    """A reading of a span ``dx`` pixels into its line, its words placed in the line's crop."""
    if not dx:
        return read
    return replace(read, words=tuple((t, x0 + dx, x1 + dx, c) for t, x0, x1, c in read.words))
