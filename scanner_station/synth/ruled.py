"""What a styled form prints ruled: a register's grid of cells and a comb of digit boxes,
with what is written in them."""

from __future__ import annotations

import random

from PIL import ImageDraw

from .ink import cramped
from .pages import _font


def draw_comb(draw: ImageDraw.ImageDraw, rng: random.Random, w, box: tuple[int, int, int], dy: int,
          ink: tuple, hand: bool) -> None:
    """A comb of printed boxes (``box``: width, top and bottom from the word's y, sized by the
    form, not the hand), one per digit of ``w.word``, each digit written in its box (by hand:
    a little off its centre, now and then touching a side)."""
    cell, top, bottom = box
    _l, t, _r, b = w.font.getbbox("0")
    for i, ch in enumerate(w.word):
        x0 = int(w.x) + i * cell
        draw.rectangle((x0, w.y + top, x0 + cell, w.y + bottom), outline=(40, 40, 40), width=2)
        jx = rng.uniform(-0.15, 0.15) * cell if hand else 0.0
        jy = rng.uniform(-0.1, 0.1) * (b - t) + dy if hand else 0
        cx = x0 + (cell - draw.textlength(ch, font=w.font)) / 2 + jx
        cy = w.y + (top + bottom) / 2 - (t + b) / 2 + jy
        draw.text((cx, cy), ch, font=w.font, fill=ink)



def draw_grid(draw: ImageDraw.ImageDraw, line: tuple, span: tuple[int, int], y: int, fonts: tuple,
               ink: tuple, gap: int, word_gap: float = 1.0) -> int:
    """A ruled register grid: header cells (wrapped, small print), an optional row of column
    numbers, one row per entry (values wrapped inside their cell), ``blank`` empty rows."""
    _, headers, shares, rows, numbered, blank = line
    _, _, label_path, value_path, size = fonts
    hf, cf = _font(label_path, int(size * 0.72)), _font(value_path, int(size * 0.8))
    x0, x1 = span
    xs = [x0]
    for share in shares:
        xs.append(xs[-1] + int((x1 - x0) * share / sum(shares)))
    xs[-1] = x1
    line_h = int(gap * 0.8)

    def wrap(text: str, font, width: float) -> list[str]:
        out: list[str] = []
        for word in text.split():
            if out and draw.textlength(out[-1] + " " + word, font=font) <= width:
                out[-1] += " " + word
            else:
                out.append(word)
        return out

    def band(cells: list[str], font, fill, centred: bool) -> int:
        nonlocal y
        top = y
        wrapped = [wrap(t, font, xs[i + 1] - xs[i] - 24) for i, t in enumerate(cells)]
        height = max(1, max(len(w) for w in wrapped)) * line_h + int(size * 0.9)
        for i, lines in enumerate(wrapped):
            for k, text in enumerate(lines):
                tw = draw.textlength(text, font=font)
                tx = (xs[i] + xs[i + 1] - tw) / 2 if centred else xs[i] + 12
                ty = top + int(size * 0.35) + k * line_h
                if font is hf or word_gap == 1.0:
                    draw.text((tx, ty), text, font=font, fill=fill)
                else:  # a cramped hand: the words closer than the font sets them
                    cramped(draw, (tx, ty), text, font, fill, word_gap)
        y = top + height
        draw.line((x0, y, x1, y), fill=(40, 40, 40), width=3)
        return y

    top = y
    draw.line((x0, y, x1, y), fill=(40, 40, 40), width=3)
    band(headers, hf, (20, 20, 20), True)
    if numbered:
        band([f"({i + 1})" for i in range(len(headers))], hf, (20, 20, 20), True)
    for cells in rows:
        band(cells, cf, ink, False)
    for _ in range(blank):
        band([""] * len(headers), cf, ink, False)
    for x in xs:
        draw.line((x, top, x, y), fill=(40, 40, 40), width=3)
    return y + gap
