"""Ink on the synthetic page: the classic form's drawing, and the signature scrawl and red seal
every layout family puts under its text."""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw

from .pages import A4_300, _font, block_hand_fonts, cursive_fonts, printed_fonts

#: a segment: (text, is_value)
Seg = tuple[str, bool]


#: the fills written by hand ("cramped": a hand writing its words close together; "blockhand":
#: a hand printing its letters unjoined)
HAND_FILLS = ("handwriting", "cramped", "blockhand")


def hand_fonts(fill: str):
    """The development hands a hand-written ``fill`` draws from."""
    return block_hand_fonts() if fill == "blockhand" else cursive_fonts()


def gap_share(rng: random.Random, fill: str) -> float:
    """A hand's word gap as a share of its font's space: a third to two thirds for a cramped
    hand (drawn from ``rng`` only for one), the font's own elsewhere."""
    return rng.uniform(0.3, 0.65) if fill == "cramped" else 1.0


def render_form(lines: list[list[Seg]], rng: random.Random, fill: str) -> np.ndarray:
    w, h = A4_300
    im = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(im)
    label_font = rng.choice(printed_fonts())
    hand = fill in HAND_FILLS
    if hand:
        value_font, ink, vsize = rng.choice(hand_fonts(fill)), (35, 45, 120), 1.15
    else:
        value_font, ink, vsize = rng.choice(printed_fonts()), (25, 25, 25), 1.0
    size = rng.randint(38, 46)
    share = gap_share(rng, fill)
    margin_x = rng.randint(170, 260)
    y = rng.randint(170, 260)
    gap = size * rng.uniform(1.75, 2.0)
    for segs in lines:
        s = size
        while True:
            lf, vf = _font(label_font, s), _font(value_font, int(s * vsize))
            width = sum(draw.textlength(t, font=vf if v else lf) for t, v in segs)
            if width <= w - 2 * margin_x + 60 or s <= 22:
                break
            s -= 2
        x = margin_x + rng.randint(-6, 6)
        for t, is_value in segs:
            font = vf if is_value else lf
            dy = -int(s * 0.12) if is_value and hand else 0
            if is_value and fill == "cramped":  # a hand writing its words close together
                x = cramped(draw, (x, y + dy), t, font, ink, share)
                continue
            draw.text((x, y + dy), t, font=font, fill=ink if is_value else (20, 20, 20))
            x += draw.textlength(t, font=font)
        y += int(gap * (s / size))
        if y > h - 300:
            break
    # signature block under the text: the signer's title, a scrawl, the seal over the scrawl
    sig_y = min(h - 480, int(y + size * 0.5))
    draw.text((w - margin_x - 700, sig_y), "TM. ỦY BAN NHÂN DÂN", font=_font(label_font, size), fill=(20, 20, 20))
    _signature(draw, rng, w - margin_x - 620, sig_y + 90)
    out = np.asarray(im)
    return _seal(out, rng, w - margin_x - 560 + rng.randint(-40, 40), sig_y + 200)


def cramped(draw: ImageDraw.ImageDraw, at: tuple[float, float], text: str, font, ink: tuple,
            share: float) -> float:
    """``text`` drawn word by word, each gap ``share`` of the font's space; the x after it."""
    x, y = at
    space = draw.textlength(" ", font=font)
    x += draw.textlength(text[:len(text) - len(text.lstrip())], font=font)
    for word in text.split():
        draw.text((x, y), word, font=font, fill=ink)
        x += draw.textlength(word, font=font) + space * share
    return x - space * share + (space if text[-1:].isspace() else 0)


def _signature(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, y: int) -> None:
    pts = []
    for i in range(60):
        t = i / 59
        pts.append((x + 380 * t + 30 * math.sin(t * 19 + rng.random()),
                    y + 60 + 40 * math.sin(t * 11) * (1 - t)))
    draw.line(pts, fill=(30, 40, 110), width=4)


def _seal(img: np.ndarray, rng: random.Random, cx: int, cy: int) -> np.ndarray:
    """A red round seal (two rings, a star, ring text) blended over the page like ink."""
    size = 380
    seal = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(seal)
    d.ellipse((8, 8, size - 8, size - 8), outline=255, width=9)
    d.ellipse((70, 70, size - 70, size - 70), outline=255, width=5)
    r = 30
    star = [(size / 2 + (r if k % 2 == 0 else r / 2.3) * math.sin(k * math.pi / 5),
             size / 2 - (r if k % 2 == 0 else r / 2.3) * math.cos(k * math.pi / 5)) for k in range(10)]
    d.polygon(star, fill=255)
    font = _font(printed_fonts()[0], 30)
    text = "ỦY BAN NHÂN DÂN * "
    for k, ch in enumerate(text * 2):
        ang = 2 * math.pi * k / (2 * len(text)) - math.pi / 2
        gx, gy = size / 2 + 150 * math.cos(ang), size / 2 + 150 * math.sin(ang)
        d.text((gx - 10, gy - 15), ch, font=font, fill=255)
    mask = np.asarray(seal.rotate(rng.uniform(-30, 30))).astype(np.float32) / 255 * rng.uniform(0.55, 0.85)
    out = img.astype(np.float32)
    h, w = out.shape[:2]
    x0, y0 = max(0, cx - size // 2), max(0, cy - size // 2)
    x1, y1 = min(w, x0 + size), min(h, y0 + size)
    m = mask[: y1 - y0, : x1 - x0, None]
    red = np.array([200, 30, 35], np.float32)
    region = out[y0:y1, x0:x1]
    out[y0:y1, x0:x1] = region * (1 - m) + np.minimum(region, red) * m
    return out.astype(np.uint8)
