"""A page cleanup was unsure about is read both ways up when it reads badly; the image the
words were read on is the one returned."""

from __future__ import annotations

import numpy as np

from scanner_station.domain.layout import BBox, Block, Line, PageLayout, Word
from scanner_station.ocr.orientation import read_upright, vietnamese_score


def layout(text: str, conf: float) -> PageLayout:
    words = tuple(Word(w, BBox(10 * i, 0, 10 * i + 9, 10), conf) for i, w in enumerate(text.split()))
    line = Line(words, BBox.enclosing(w.bbox for w in words), conf, "fake")
    return PageLayout(100, 100, (Block((line,), line.bbox),), "fake")


class UpsideDownAware:
    """Reads well only when the marker pixel is at the top left (the page is upright)."""

    def __init__(self) -> None:
        self.reads = 0

    def read_page(self, gray):
        self.reads += 1
        if gray[0, 0] == 0:
            return layout("Họ, chữ đệm, tên: Nguyễn Văn An", 0.95)
        return layout("uẹqu ẹo quếp qUịP 9S NVỀĂN", 0.4)


def page(upright: bool) -> np.ndarray:
    g = np.full((50, 40), 255, np.uint8)
    g[0, 0] = 0
    return g if upright else np.ascontiguousarray(g[::-1, ::-1])


def test_an_unsure_upside_down_page_is_read_the_right_way_up():
    eng = UpsideDownAware()
    lay, image, turned = read_upright(eng, page(False), 0.3)
    assert turned and image[0, 0] == 0 and "Nguyễn" in lay.text and eng.reads == 2


def test_a_sure_or_readable_page_is_read_once():
    eng = UpsideDownAware()
    assert read_upright(eng, page(False), 0.95)[2] is False and eng.reads == 1  # cleanup was sure
    eng = UpsideDownAware()
    lay, image, turned = read_upright(eng, page(True), 0.3)
    assert not turned and eng.reads == 1 and image[0, 0] == 0


def test_the_vietnamese_score_prefers_syllables_and_confidence():
    assert vietnamese_score(layout("Họ, chữ đệm, tên: Nguyễn Văn An", 0.95)) > 0.9
    assert vietnamese_score(layout("uẹqu ẹo quếp qUịP NVỀĂN", 0.9)) < 0.5
    assert vietnamese_score(PageLayout(10, 10, (), "fake")) == 0.0
