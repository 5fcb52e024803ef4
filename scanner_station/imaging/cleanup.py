"""Page cleanup before OCR (OpenCV): orientation, deskew, border crop, spread split,
blank-page detection and contrast normalisation.

``clean_page`` takes one source image and returns one or two cleaned pages
(two when an open-book spread is split). Each result carries the parameters
of every step so the GUI can show and undo them; the original image is never
modified. A blank page is *flagged* (``blank=True``), never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from .combs import remove_combs
from .leaders import find_leaders
from .ink import forget
from .markers import remove_markers

#: Work on a copy scaled to about this many pixels on the long side for analysis.
ANALYSIS_LONG_SIDE = 1200


@dataclass(frozen=True, slots=True)
class CleanupOptions:
    split_mode: str = "auto"  # auto | on | off
    deskew: bool = True
    max_skew_deg: float = 15.0
    orientation: bool = True
    crop: bool = True
    normalise: bool = True
    #: on a page whose light greys form a bump (the reverse page showing through, stains:
    #: ``faint_level()``), grey from the bump's lower edge (at most this) is whitened and the
    #: darker ink stretched back to full contrast; 0 = off
    faint_level: int = 220
    #: Share of page area covered by ink below which a page is flagged blank.
    blank_ink_ratio: float = 0.0015
    #: boxes (x0, y0, x1, y1, source pixels) left out when judging orientation and skew: the
    #: bars of a barcode look like a column of text turned 90°; the image itself keeps them
    ignore_boxes: tuple[tuple[int, int, int, int], ...] = ()
    #: a blank form's dotted leaders (``Họ và tên: ......``) whitened where they stand alone
    #: (``leaders.find_leaders``): read, they come back as full stops between the words
    leaders: bool = True
    #: combs of printed boxes, one digit to a box (``Số định danh cá nhân: |0|0|1|…``), whitened
    #: (``combs.remove_combs``): read, their sides come back as 1s and bars between the digits
    combs: bool = True
    #: small raised footnote markers after labels (``Nơi cư trú⁽²⁾:``) whitened
    #: (``markers.remove_markers``): read, they come back as quotes and numbers that garble the
    #: label or run into a value
    markers: bool = True


@dataclass(frozen=True, slots=True)
class CleanPage:
    image: np.ndarray  # H×W uint8 grey, ready for OCR
    part: int  # 0 whole page, 1 left half of a spread, 2 right half
    blank: bool
    steps: dict[str, Any] = field(default_factory=dict)

    @property
    def orientation_confidence(self) -> float:
        """How sure cleanup was that the page is upright (1.0 when it did not look)."""
        return float(self.steps.get("orientation", {}).get("confidence", 1.0))


def to_gray(img: np.ndarray) -> np.ndarray:
    if img.ndim == 2:
        return img
    if img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_RGBA2RGB)
    return cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)


def clean_page(img: np.ndarray, opts: CleanupOptions = CleanupOptions()) -> list[CleanPage]:
    """Clean one source page; returns one page, or two for a split spread."""
    gray = to_gray(img)
    steps: dict[str, Any] = {"source_size": [int(gray.shape[1]), int(gray.shape[0])]}

    boxes = list(opts.ignore_boxes)
    if opts.crop:
        gray, box = crop_dark_border(gray)
        steps["border_crop"] = box
        boxes = [(x0 - box[0], y0 - box[1], x1 - box[0], y1 - box[1]) for x0, y0, x1, y1 in boxes]

    parts: list[tuple[int, np.ndarray, dict[str, Any]]]
    split_x = None
    if opts.split_mode != "off":
        split_x = find_spread_gutter(gray, force=opts.split_mode == "on")
    if split_x is not None:
        steps["split"] = {"x": int(split_x), "mode": opts.split_mode}
        parts = [(1, gray[:, :split_x], {}), (2, gray[:, split_x:], {})]
    else:
        parts = [(0, gray, {})]

    out = []
    for part, image, part_steps in parts:
        dx = split_x if part == 2 else 0
        image, part_steps = _clean_single(image, opts, [(x0 - dx, y0, x1 - dx, y1) for x0, y0, x1, y1 in boxes])
        merged = dict(steps)
        merged.update(part_steps)
        ink, glyphs = ink_stats(image)
        # Blank only when there is almost no ink AND nothing shaped like letters:
        # a page holding one short line ("Ghi chú: không") is not blank.
        blank = ink < opts.blank_ink_ratio and glyphs < 8
        merged["ink_ratio"] = round(float(ink), 5)
        merged["glyph_like"] = int(glyphs)
        merged["blank"] = bool(blank)
        out.append(CleanPage(image, part, bool(blank), merged))
    return out


def _clean_single(gray: np.ndarray, opts: CleanupOptions,
                  ignore: list[tuple[int, int, int, int]] = ()) -> tuple[np.ndarray, dict[str, Any]]:
    steps: dict[str, Any] = {}
    if opts.normalise:
        gray = normalise_contrast(gray)
        steps["normalise"] = "background-divide+stretch"
        if opts.faint_level:
            level = faint_level(gray, opts.faint_level)
            if level:
                gray, share = suppress_faint(gray, level)
                steps["faint_whitened"] = {"from_grey": level, "share": round(share, 4)}
    if opts.orientation or opts.deskew:
        judged = gray
        if ignore:
            judged = gray.copy()
            h, w = judged.shape[:2]
            for x0, y0, x1, y1 in ignore:
                judged[max(0, y0 - 8):max(0, min(h, y1 + 8)), max(0, x0 - 8):max(0, min(w, x1 + 8))] = 255
        rot, angle, conf = estimate_orientation_and_skew(judged, opts.max_skew_deg,
                                                         orientation=opts.orientation)
        if rot:
            gray = rotate90(gray, rot)
        steps["orientation"] = {"rotated_ccw": rot, "confidence": round(conf, 3)}
        if opts.deskew and abs(angle) >= 0.1:
            gray = rotate_bound(gray, angle)
            steps["deskew_deg"] = round(float(angle), 2)
        else:
            steps["deskew_deg"] = 0.0
    if opts.crop:
        gray, box = crop_dark_border(gray)
        steps["post_crop"] = box
    if opts.combs:
        gray, combs = remove_combs(gray)
        if combs:
            steps["comb_boxes"] = len(combs)
            # each box's inside on the cleaned page: what is written in one is one digit
            steps["comb_cells"] = [[list(box) for box in comb] for comb in combs]
    if opts.leaders:
        gray, dots, doubts, lines = find_leaders(gray)
        if dots:
            steps["leader_dots"] = dots
            # where they ran: a dot below a word written over one and a leader's dot look the same
            steps["leader_lines"] = [list(line) for line in dict.fromkeys(lines)]
        if doubts:  # taken from under a letter's body: a tone mark's dot below looks the same
            steps["leader_doubts"] = [list(d) for d in doubts]
    if opts.markers:
        gray, marks = remove_markers(gray)
        if marks:
            steps["note_markers"] = len(marks)
    forget()  # the page's shared labelling (``ink.components``)
    return gray, steps


def faint_level(gray: np.ndarray, most: int = 215, least: int = 170) -> int:
    """The grey from which pixels are not ink, or 0 when the page shows nothing through. Ink's
    anti-aliased edges spread thinly over the greys; the reverse page showing through (or a
    stain) is a bump of light grey. The bump's lower edge — the first 10-grey band from
    ``least`` up to ``most`` holding four times the edges' usual count — is the level. Without
    a bump nothing is whitened: the light greys are then the thin strokes of tone marks."""
    h = histogram(gray).astype(np.float64)
    base = max(1000.0, float(np.median([h[a:a + 10].sum() for a in range(120, 170, 10)])))
    for a in range(least, most, 10):
        if h[a:a + 10].sum() > 4 * base:
            return a
    return 0


def suppress_faint(gray: np.ndarray, level: int = 200) -> tuple[np.ndarray, float]:
    """Whiten grey at or above ``level`` (show-through of the leaf's other side, stains, paper
    texture) and stretch the rest back to 0..255, so real ink keeps its contrast. Returns the
    image and the share of pixels that were faint grey (not paper, not ink)."""
    lut = np.clip(np.arange(256, dtype=np.float32) * 255.0 / level, 0, 255)
    lut[level:] = 255
    faint = float(np.count_nonzero((gray >= level) & (gray < 245))) / max(1, gray.size)
    return cv2.LUT(gray, lut.astype(np.uint8)), faint


# --- contrast --------------------------------------------------------------------------------

def histogram(values: np.ndarray) -> np.ndarray:
    """How many of the uint8 ``values`` hold each grey 0..255 (``np.bincount``), by OpenCV — six
    times faster on a page; its float32 counts are exact below 2**24 values (a bigger image is
    counted by numpy)."""
    if values.size < 2**24:
        column = np.ascontiguousarray(values).reshape(-1, 1)
        return cv2.calcHist([column], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    return np.bincount(values.ravel(), minlength=256)


def percentile_0_255(values: np.ndarray, q: float) -> float:
    """``np.percentile(values, q)`` (linear interpolation) of values in [0, 255], the same number
    in half the time on a page: a histogram of the integer parts finds the one or two bins that
    hold the order statistics, and only those values are sorted."""
    flat = values.ravel()
    n = flat.size
    if n == 0:
        return float("nan")
    idx = (n - 1) * q / 100.0
    k0 = int(np.floor(idx))
    k1 = min(k0 + 1, n - 1)
    whole = flat.astype(np.uint8)
    cum = np.cumsum(histogram(whole))
    b0 = int(np.searchsorted(cum, k0, side="right"))
    b1 = int(np.searchsorted(cum, k1, side="right"))
    below = int(cum[b0 - 1]) if b0 > 0 else 0
    held = np.sort(flat[(whole >= b0) & (whole <= b1)])
    v0, v1 = float(held[k0 - below]), float(held[k1 - below])
    return v0 + (v1 - v0) * (idx - k0)


def normalise_contrast(gray: np.ndarray) -> np.ndarray:
    """Flatten uneven lighting (phone shading, yellowed paper) and stretch ink to black.

    Background is estimated by a large median on a reduced copy; the page is
    divided by it, then percentiles are stretched. Faint ink stays visible.
    """
    h, w = gray.shape
    scale = min(1.0, 600 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA)
    k = max(3, int(31 * scale / 0.25 * 0.25) | 1)
    k = min(k, 51)
    bg_small = cv2.medianBlur(cv2.dilate(small, np.ones((5, 5), np.uint8)), k | 1)
    # the background at full size, at least 1 (as whole numbers: the same as flooring it at 1.0
    # after converting); the page divided by it in place (a page is 9 Mpixels: every temporary
    # array of floats costs tens of milliseconds)
    bg = np.maximum(cv2.resize(bg_small, (w, h), interpolation=cv2.INTER_LINEAR), 1).astype(np.float32)
    norm = gray.astype(np.float32)
    np.divide(norm, bg, out=norm)
    np.multiply(norm, 255.0, out=norm)
    np.minimum(norm, 255, out=norm)  # never below 0: ink over a positive background
    lo = percentile_0_255(norm, 0.5)
    if lo > 200:
        # almost nothing dark: a blank page (keep it as is, do not amplify noise), or a faded
        # page with little writing (a certificate's first page in pale ink), whose darkest
        # 0.05 % lie far below the paper's grain (blank paper's lie 3.3 of its spreads below
        # its median, a faded page's 14 and more): they are the ink, stretched to black
        lo, mid, grain = (percentile_0_255(norm, q) for q in (0.05, 50, 16))
        if mid - lo < 8 * max(1.0, mid - grain):
            return norm.astype(np.uint8)
    hi = 255.0
    np.subtract(norm, lo, out=norm)
    np.multiply(norm, 255.0 / max(1.0, hi - lo), out=norm)
    return np.clip(norm, 0, 255, out=norm).astype(np.uint8)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink) by Otsu, guarded against blank pages."""
    thr, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if thr > 235 or thr < 40:  # nothing like text: fixed threshold
        _, mask = cv2.threshold(gray, 160, 255, cv2.THRESH_BINARY_INV)
    return mask


def ink_ratio(gray: np.ndarray) -> float:
    """Share of the page (margins excluded) covered by text-sized ink components."""
    return ink_stats(gray)[0]


def ink_stats(gray: np.ndarray) -> tuple[float, int]:
    """(ink ratio, number of glyph-like components) of the page, margins excluded."""
    h, w = gray.shape
    if h < 10 or w < 10:
        return 0.0, 0
    my, mx = int(h * 0.03), int(w * 0.03)
    core = gray[my:h - my, mx:w - mx]
    _, mask = cv2.threshold(core, 128, 255, cv2.THRESH_BINARY_INV)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return 0.0, 0
    areas = stats[1:, cv2.CC_STAT_AREA]
    hh = stats[1:, cv2.CC_STAT_HEIGHT]
    ww = stats[1:, cv2.CC_STAT_WIDTH]
    min_area = max(4, int(h * w * 2e-7))
    # Specks, and long thin lines (ruling, fold marks), are not content.
    keep = (areas >= min_area) & ~((ww > w * 0.5) & (hh < h * 0.01)) & ~((hh > h * 0.5) & (ww < w * 0.01))
    glyph = keep & (hh >= max(6, h * 0.003)) & (hh <= h * 0.06) & (ww <= w * 0.1) & \
        (areas >= 0.15 * hh * ww * 0.2)
    return float(areas[keep].sum()) / float(core.size), int(glyph.sum())


# --- geometry --------------------------------------------------------------------------------

def crop_dark_border(gray: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Trim dark scanner borders (rows/columns mostly dark at the edges). Text is never cut:
    only rows/columns where at least 60 % of pixels are dark are removed, from the edge in."""
    h, w = gray.shape
    dark = gray < 80
    row_dark = dark.mean(axis=1)
    col_dark = dark.mean(axis=0)

    def trim(profile: np.ndarray, n: int) -> tuple[int, int]:
        a, b = 0, n
        limit = int(n * 0.15)
        while a < limit and profile[a] > 0.6:
            a += 1
        while b > n - limit and profile[b - 1] > 0.6:
            b -= 1
        return a, b

    y0, y1 = trim(row_dark, h)
    x0, x1 = trim(col_dark, w)
    if (y0, y1, x0, x1) != (0, h, 0, w):
        # a few pixels more to drop the border's soft edge
        pad = 4
        y0 = min(h - 1, y0 + (pad if y0 else 0))
        x0 = min(w - 1, x0 + (pad if x0 else 0))
        y1 = max(y0 + 1, y1 - (pad if y1 < h else 0))
        x1 = max(x0 + 1, x1 - (pad if x1 < w else 0))
    return gray[y0:y1, x0:x1], [int(x0), int(y0), int(x1), int(y1)]


def rotate90(gray: np.ndarray, ccw_degrees: int) -> np.ndarray:
    """Rotate by 90/180/270 degrees counter-clockwise."""
    k = (ccw_degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(gray, k))


def rotate_bound(gray: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate counter-clockwise by ``angle_deg`` keeping the whole page; new area is white."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _ink_points(gray: np.ndarray, max_points: int = 60000) -> tuple[np.ndarray, np.ndarray]:
    h, w = gray.shape
    scale = min(1.0, ANALYSIS_LONG_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else gray
    mask = binarize(small)
    # drop big blobs (photos, stamps, dark borders) and specks: keep text-sized components
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n > 1:
        sh, sw = small.shape
        hh = stats[:, cv2.CC_STAT_HEIGHT]
        ww = stats[:, cv2.CC_STAT_WIDTH]
        area = stats[:, cv2.CC_STAT_AREA]
        good = (hh < sh * 0.08) & (ww < sw * 0.3) & (area >= 3)
        good[0] = False
        mask = np.where(good[labels], 255, 0).astype(np.uint8)
    ys, xs = np.nonzero(mask)
    rng = np.random.default_rng(0)
    if len(xs) > max_points:
        idx = rng.choice(len(xs), max_points, replace=False)
        xs, ys = xs[idx], ys[idx]
    jitter = rng.random((2, len(xs)), dtype=np.float32)
    return xs.astype(np.float32) + jitter[0], ys.astype(np.float32) + jitter[1]


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle_deg: float, bin_px: float = 1.5) -> float:
    """Sharpness of the projection profile of ink points onto the direction ``angle_deg``.

    Bins have a fixed width in analysis pixels (coordinates carry sub-pixel jitter),
    so the score does not favour the axis-aligned angle by aliasing.
    """
    t = np.deg2rad(angle_deg)
    proj = ys * np.cos(t) - xs * np.sin(t)
    idx = ((proj - proj.min()) / bin_px).astype(np.int64)
    hist = np.bincount(idx).astype(np.float64)
    return float(np.sum(np.diff(hist) ** 2))


def _best_angle(xs, ys, lo, hi, step) -> tuple[float, float]:
    best, best_s = 0.0, -1.0
    for a in np.arange(lo, hi + 1e-9, step):
        s = _profile_score(xs, ys, float(a))
        if s > best_s:
            best, best_s = float(a), s
    return best, best_s


def estimate_orientation_and_skew(gray: np.ndarray, max_skew: float = 15.0,
                                  orientation: bool = True) -> tuple[int, float, float]:
    """Return (ccw rotation in {0,90,180,270}, residual skew in degrees ccw, confidence).

    Text lines give a sharp horizontal projection profile at the right angle;
    comparing the sharpest profile near 0° with the one near 90° finds portrait vs
    landscape text, and the asymmetry of Vietnamese lines (tone marks and ascenders
    above the x-height band outweigh descenders and dots below) tells upright from
    upside down. The skew is the text's slope in image coordinates (y down): a line
    running down to the right looks turned clockwise and is levelled by turning the
    image counter-clockwise by the same angle.
    """
    xs, ys = _ink_points(gray)
    if len(xs) < 200:
        return 0, 0.0, 0.0
    a0, s0 = _best_angle(xs, ys, -max_skew, max_skew, 0.5)
    rot = 0
    conf = 1.0
    if orientation:
        # Swapping the axes scores the page as if turned by 90° (mirrored, which the score ignores).
        a90, s90 = _best_angle(ys, xs, -max_skew, max_skew, 0.5)
        conf = abs(s0 - s90) / max(s0, s90, 1.0)
        if s90 > s0 * 1.3:
            rot = 90
            xs, ys = _ink_points(rotate90(gray, 90))
            a0, _ = _best_angle(xs, ys, -max_skew, max_skew, 0.5)
    fine, _ = _best_angle(xs, ys, a0 - 0.5, a0 + 0.5, 0.05)
    if orientation:
        up = _upright_score(xs, ys, fine)
        if up < -0.08:
            rot = (rot + 180) % 360
        conf = min(conf, abs(up) * 4)
    return rot, fine, float(min(1.0, conf))


def _upright_score(xs: np.ndarray, ys: np.ndarray, angle_deg: float) -> float:
    """Positive when more ink sits above each line's core band than below it (upright text).

    The levelled profile is cut into lines at its empty gaps; in each line the core
    (x-height) band is where the profile exceeds half the line's peak. Vietnamese
    tone marks, circumflexes and ascenders put ink above the core; descenders and
    dots below put less below it. Lines vote with their ink.
    """
    t = np.deg2rad(angle_deg)
    proj = ys * np.cos(t) - xs * np.sin(t)
    idx = (proj - proj.min()).astype(np.int64)
    hist = np.bincount(idx).astype(np.float64)
    if hist.sum() == 0:
        return 0.0
    empty = hist <= max(1.0, 0.02 * hist.max())
    above = below = 0.0
    n = len(hist)
    i = 0
    while i < n:
        if empty[i]:
            i += 1
            continue
        j = i
        while j < n and not empty[j]:
            j += 1
        seg = hist[i:j]
        if len(seg) >= 4:
            core = np.nonzero(seg >= 0.5 * seg.max())[0]
            c0, c1 = int(core[0]), int(core[-1]) + 1
            above += seg[:c0].sum()
            below += seg[c1:].sum()
        i = j
    total = above + below
    return 0.0 if total == 0 else float((above - below) / total)


def find_spread_gutter(gray: np.ndarray, force: bool = False) -> int | None:
    """Column of the fold of an open-book spread, or None when the image is a single page.

    In auto mode a spread must be landscape (width ≥ 1.15 × height) and have a clear
    low-ink valley (or a dark fold shadow) in the middle fifth with text on both sides.
    ``force`` splits every page (at the best valley, else the centre).
    """
    h, w = gray.shape
    if not force and w < h * 1.15:
        return None
    scale = min(1.0, 800 / w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    mask = binarize(small)
    cols = mask.mean(axis=0) / 255.0
    # dark fold shadow: a narrow band much darker than the paper
    col_mean = small.mean(axis=0)
    lo_c, hi_c = int(sw * 0.4), int(sw * 0.6)
    band = np.convolve(cols, np.ones(9) / 9, mode="same")
    centre = band[lo_c:hi_c]
    valley = lo_c + int(np.argmin(centre))
    left_ink = band[int(sw * 0.1):int(sw * 0.4)].mean()
    right_ink = band[int(sw * 0.6):int(sw * 0.9)].mean()
    shadow = lo_c + int(np.argmin(col_mean[lo_c:hi_c]))
    paper = float(np.median(col_mean))
    if paper - col_mean[shadow] > 60:
        x = shadow
    elif band[valley] < 0.25 * min(left_ink, right_ink) and min(left_ink, right_ink) > 0.005:
        x = valley
    elif force:
        x = valley if band[valley] < 0.5 * max(left_ink, right_ink, 1e-6) else sw // 2
    else:
        return None
    return int(round(x / scale))
