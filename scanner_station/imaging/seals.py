"""An office's red round seal dropped from the grey page, the black and blue ink under it kept.

Every extract, certificate and decision is signed and sealed: a red ring (the office's name around
it, a star inside) pressed over the signer's title and name, and on a full page over the last
lines of text too (a register's note, the date). Turned to grey as luminance, its red is as dark as
a pencil, so the ring crosses the letters it covers and its own letters come back as lines of
garbage. Scanners have a "red dropout" for this; a page's red cannot all be dropped, though: a
land certificate prints its serial in red ink (``Số phát hành`` at the foot of page 1).

So only a seal is dropped: the page's red pixels (red well above green and blue) are gathered at a
coarse scale, and a gathering about as wide as high and at least ``MIN_SIDE`` of the page's width
across (a round seal; a red serial is a long low line, a red heading wider than high) is a seal.
Inside its box each red pixel takes its red channel as its grey, scaled so that the seal's own
ink is the paper's grey: black or blue ink under or over the seal, and the edges of its strokes
blended with the seal, have a dark red channel and stay dark.
Nothing outside a seal's box changes, and a page with no red is left exactly as converted.
"""

from __future__ import annotations

import cv2
import numpy as np

#: a pixel is the seal's red where its red channel exceeds both others by this much (0–255)
REDNESS = 40
#: and its red channel is at least this light (a dark brown stain is no seal's ink)
RED_LIGHT = 110
#: a seal is at least this share of the page's width across (a commune's seal: 35–42 mm of a
#: 210 mm page, 0.17–0.20; a personal stamp is smaller and not round)
MIN_SIDE = 0.08
#: and at most this (a red border or a coloured photo is no seal)
MAX_SIDE = 0.35
#: its box's width over its height within these (round, or an oval a little squashed)
ROUNDNESS = (0.7, 1.4)
#: the seal's red pixels fill at most this share of its box (rings and letters, not a red block)
MAX_FILL = 0.6


def red_mask(img: np.ndarray) -> np.ndarray:
    """The pixels of ``img`` (H×W×3 RGB) drawn in red ink, as a boolean mask."""
    rgb = img[..., :3].astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r - np.maximum(g, b) >= REDNESS) & (r >= RED_LIGHT)


def find_seals(img: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1, pixels of ``img``) of the round red seals on the page; none for
    a grey page."""
    if img.ndim != 3 or img.shape[2] < 3:
        return []
    mask = red_mask(img)
    if not mask.any():
        return []
    h, w = mask.shape
    # a seal's rings and letters gathered at a coarse scale (an eighth of a seal's width joins them)
    scale = 4
    small = cv2.resize(mask.astype(np.uint8) * 255, (max(1, w // scale), max(1, h // scale)),
                       interpolation=cv2.INTER_AREA)
    joined = cv2.dilate((small > 0).astype(np.uint8), np.ones((7, 7), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, bw, bh, _ = stats[k]
        x0, y0 = x * scale, y * scale
        x1, y1 = min(w, (x + bw) * scale), min(h, (y + bh) * scale)
        side = max(x1 - x0, y1 - y0)
        if not (MIN_SIDE * w <= side <= MAX_SIDE * w):
            continue
        if not ROUNDNESS[0] <= (x1 - x0) / max(1, y1 - y0) <= ROUNDNESS[1]:
            continue
        if mask[y0:y1, x0:x1].mean() > MAX_FILL:
            continue
        out.append((int(x0), int(y0), int(x1), int(y1)))
    return out


def drop_seals(img: np.ndarray, gray: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """``gray`` (``img`` converted to grey) with each round red seal's red ink made paper, and
    the seals' boxes; ``gray`` itself where there is none."""
    seals = find_seals(img)
    if not seals:
        return gray, []
    out = gray.copy()
    for x0, y0, x1, y1 in seals:
        part = img[y0:y1, x0:x1]
        red = red_mask(part)
        # the ring's soft edge too: red a little less strong, next to the seal's ink
        edge = cv2.dilate(red.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        rgb = part[..., :3].astype(np.int16)
        reddish = edge & (rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) >= REDNESS // 2)
        region = out[y0:y1, x0:x1]
        # the red channel scaled so that the seal's own ink (its typical red) is the paper's grey
        # (most of the box is paper): a black stroke's edge blended with the seal keeps its
        # darkness, as its red channel is dark
        paper = float(np.percentile(region, 90))
        seal_red = max(1.0, float(np.median(rgb[..., 0][red])))
        region[reddish] = np.clip(rgb[..., 0][reddish] * (paper / seal_red), 0, paper).astype(np.uint8)
    return out, seals
