"""Render Vietnamese administrative pages with ground truth, and degrade them like
real scans: scanner (skew, blur, noise, JPEG), phone photo (perspective, shading,
~150 dpi), faded old book, open-book spread, handwriting-like (cursive fonts).

Used by the tests, ``bench/`` and the GUI's demo batch. Fonts come from the
``fontpkg-*`` packages (full Vietnamese coverage checked) and Debian's DejaVu.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from . import texts

A4_300 = (2480, 3508)
VARIANTS = ("clean", "scanner", "phone", "faded", "spread", "handwriting", "showthrough")


def _fontpkg_file(module: str, filename: str) -> Path | None:
    try:
        mod = __import__(module)
    except ImportError:
        return None
    path = Path(mod.__file__).parent / "files" / filename
    return path if path.exists() else None


def _installed(candidates: list[Path | None], missing: str) -> tuple[Path, ...]:
    """The candidate fonts that are installed; ``missing`` (what to install) raised where none is."""
    found = tuple(p for p in candidates if p and p.exists())
    if not found:
        raise RuntimeError(missing)
    return found


@lru_cache(maxsize=None)
def printed_fonts() -> tuple[Path, ...]:
    candidates = [
        _fontpkg_file("fontpkg_be_vietnam_pro", "BeVietnamPro-Regular.ttf"),
        _fontpkg_file("fontpkg_noto_serif", "NotoSerif[wdth,wght].ttf"),
        _fontpkg_file("fontpkg_roboto", "Roboto[wdth,wght].ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ]
    return _installed(candidates, "no Vietnamese-capable font found: install the project's extras "
                                  "(fontpkg-*) or Debian's fonts-dejavu-core")


@lru_cache(maxsize=None)
def held_out_fonts() -> tuple[Path, ...]:
    """Printed fonts never used while rules are developed: only the bench's held-out layout
    family draws them (installed with the test extras; full Vietnamese coverage checked)."""
    candidates = [
        _fontpkg_file("fontpkg_lora", "Lora[wght].ttf"),
        _fontpkg_file("fontpkg_source_serif_4", "SourceSerif4[opsz,wght].ttf"),
        _fontpkg_file("fontpkg_arimo", "Arimo[wght].ttf"),
    ]
    return _installed(candidates, "no held-out font: install the test extras (fontpkg-lora, "
                                  "fontpkg-source-serif-4, fontpkg-arimo)")


@lru_cache(maxsize=None)
def cursive_fonts() -> tuple[Path, ...]:
    candidates = [
        _fontpkg_file("fontpkg_dancing_script", "DancingScript[wght].ttf"),
        _fontpkg_file("fontpkg_pacifico", "Pacifico-Regular.ttf"),
    ]
    return _installed(candidates, "no cursive font: install fontpkg-dancing-script / fontpkg-pacifico")


@lru_cache(maxsize=None)
def block_hand_fonts() -> tuple[Path, ...]:
    """A hand printing its letters one by one, unjoined (Indie Flower, OFL: full Vietnamese
    coverage): how many clerks fill a form; a development hand beside the cursive ones."""
    return _installed([_fontpkg_file("fontpkg_indie_flower", "IndieFlower-Regular.ttf")],
                      "no block-letter hand font: install fontpkg-indie-flower")


@lru_cache(maxsize=None)
def held_out_cursive_fonts() -> tuple[Path, ...]:
    """A handwriting-like font never used while the decoder is developed (Great Vibes: full
    Vietnamese coverage); the bench's held-out handwriting figures are read on it."""
    return _installed([_fontpkg_file("fontpkg_great_vibes", "GreatVibes-Regular.ttf")],
                      "no held-out cursive font: install the test extras (fontpkg-great-vibes)")


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


@dataclass
class SynthPage:
    """A rendered page and its ground truth (one string per text line, reading order)."""

    image: np.ndarray  # RGB uint8
    lines: list[str]
    variant: str
    kind: str
    font: str
    dpi: int = 300
    #: for spreads, the ground truth of each half (left, right)
    halves: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def png_bytes(self) -> bytes:
        buf = io.BytesIO()
        Image.fromarray(self.image).save(buf, format="PNG", dpi=(self.dpi, self.dpi))
        return buf.getvalue()

    def save(self, path: Path, fmt: str | None = None, quality: int = 90) -> Path:
        im = Image.fromarray(self.image)
        fmt = fmt or {".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}.get(
            path.suffix.lower(), "PNG")
        kw = {"dpi": (self.dpi, self.dpi)}
        if fmt == "JPEG":
            kw["quality"] = quality
        im.save(path, format=fmt, **kw)
        return path


def render_lines(lines: list[str], font_path: Path, size_px: int = 46,
                 page_size: tuple[int, int] = A4_300, margin: int = 220,
                 line_gap: float = 1.9, ink: int = 20, rng: random.Random | None = None,
                 lean: float = 0.0) -> np.ndarray:
    """Render ``lines`` left-aligned on a white page. Long lines shrink to fit the width.
    ``lean``: degrees every line leans further to the right (a hand's own slant; < 0: left)."""
    rng = rng or random.Random(0)
    w, h = page_size
    im = Image.new("L", page_size, 255)
    draw = ImageDraw.Draw(im)
    y = margin
    for line in lines:
        size = size_px
        font = _font(font_path, size)
        while draw.textlength(line, font=font) > w - 2 * margin and size > 20:
            size -= 2
            font = _font(font_path, size)
        x = margin + rng.randint(-8, 8)
        if lean:
            _draw_leaning(im, (x, y), line, font, ink, lean, size_px)
        else:
            draw.text((x, y), line, font=font, fill=ink)
        y += int(size_px * line_gap)
        if y > h - margin:
            break
    return np.asarray(im.convert("RGB"))


def line_crop(text: str, font_path: Path, size_px: int = 54, page_size: tuple[int, int] = (1600, 160),
              margin: int = 30) -> np.ndarray:
    """``text`` in ``font_path`` as a gray line crop, padded like a detected line's (12 % of its
    ink's height)."""
    g = render_lines([text], font_path, size_px=size_px, page_size=page_size, margin=margin)[:, :, 0]
    ys, xs = np.nonzero(g < 128)
    pad = int((ys.max() - ys.min()) * 0.12)
    return g[max(0, ys.min() - pad):ys.max() + pad, max(0, xs.min() - pad):xs.max() + pad]


def _draw_leaning(im: Image.Image, at: tuple[int, int], line: str, font, ink: int, lean: float,
                  size_px: int) -> None:
    """``line`` drawn at ``at`` leaning ``lean`` degrees more, sheared about its ink's middle row.
    The band it is drawn in holds the whole line as the font draws it: a font with a tall ascent
    puts its descenders and the dots below (``dụng``, ``Diện``) lower than 1.6 sizes from the
    top, and a band of that height cut them off (the bench's leaning pages before session 40)."""
    pad = int(size_px * 0.2)
    _, ink_top, _, ink_bottom = ImageDraw.Draw(im).textbbox((0, 0), line, font=font)
    band_h = max(int(size_px * 1.6), ink_bottom + 2 * pad)
    strip = Image.new("L", (im.width, band_h), 255)
    ImageDraw.Draw(strip).text((at[0], pad), line, font=font, fill=ink)
    s = float(np.tan(np.radians(lean)))
    middle = pad + (ink_top + ink_bottom) / 2.0
    # x' = x - s * (y - middle): rows above the middle move right, rows below it left
    m = np.float32([[1, -s, s * middle], [0, 1, 0]])
    leaned = cv2.warpAffine(np.asarray(strip), m, (im.width, band_h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    top = at[1] - pad
    region = np.asarray(im.crop((0, top, im.width, top + band_h)))
    im.paste(Image.fromarray(np.minimum(region, leaned[:region.shape[0]])), (0, top))


def render_with_layout(lines: list[str], page_size: tuple[int, int] = (1240, 1754), size_px: int = 30,
                       margin: int = 110) -> tuple[np.ndarray, dict]:
    """Render ``lines`` and return the image with a layout (``PageLayout.to_dict`` shape) holding
    every word's true box: an OCR result with known geometry, for export and viewer tests."""
    w, h = page_size
    im = Image.new("L", page_size, 255)
    draw = ImageDraw.Draw(im)
    font = _font(printed_fonts()[0], size_px)
    blocks, y = [], margin
    for line in lines:
        x, words = margin, []
        for word in line.split():
            x0, y0, x1, y1 = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, font=font, fill=20)
            words.append({"text": word, "bbox": [x0, y0, x1, y1], "confidence": 0.99})
            x = x1 + int(draw.textlength(" ", font=font))
        if words:
            box = [words[0]["bbox"][0], min(v["bbox"][1] for v in words), words[-1]["bbox"][2],
                   max(v["bbox"][3] for v in words)]
            blocks.append({"bbox": box, "lines": [{"bbox": box, "confidence": 0.99, "engine": "synth",
                                                    "angle": 0.0, "text": line, "words": words}]})
        y += int(size_px * 1.8)
    return np.asarray(im.convert("RGB")), {"type": "page", "width": w, "height": h, "engine": "synth",
                                           "meta": {}, "blocks": blocks}


def make_page(seed: int, variant: str = "clean", kind: str | None = None,
              held_out: bool = False, lean: float = 0.0) -> SynthPage:
    """One synthetic page of ``variant`` (see ``VARIANTS``), reproducible from ``seed``;
    ``held_out``: handwriting in the font kept out of development; ``lean``: handwriting
    leaning that many degrees more than the font does (hands slant differently)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    rng = random.Random(seed)
    kind = kind or rng.choice(sorted(texts.KINDS))
    if variant == "spread":
        left = texts.page_lines(rng, kind)
        right = texts.page_lines(rng, kind)
        font = rng.choice(printed_fonts())
        size = (1754, 2480)  # A5 pages of a register at 300 dpi
        lp = render_lines(left, font, 34, size, margin=150, rng=rng)
        rp = render_lines(right, font, 34, size, margin=150, rng=rng)
        img = _spread(lp, rp, rng)
        img = scanner_degrade(img, rng, max_skew=1.0)
        return SynthPage(img, left + right, variant, kind, font.name, halves=[left, right])
    lines = texts.page_lines(rng, kind)
    if variant == "handwriting":
        font = rng.choice(held_out_cursive_fonts() if held_out else cursive_fonts())
        img = render_lines(lines, font, 54, line_gap=1.9, ink=rng.randint(20, 70), rng=rng, lean=lean)
        img = _tint(img, (40, 50, 120))
        img = scanner_degrade(img, rng, max_skew=1.5, noise=4)
        return SynthPage(img, lines, variant, kind, font.name)
    font = rng.choice(printed_fonts())
    img = render_lines(lines, font, 46, rng=rng)
    if variant == "showthrough":
        # the leaf's other side: a real second page of the book, seen mirrored through the paper
        verso_rng = random.Random(seed * 7 + 3)
        verso = render_lines(texts.page_lines(verso_rng, kind), rng.choice(printed_fonts()), 46, rng=verso_rng)
        return SynthPage(old_leaf(img, verso, rng), lines, variant, kind, font.name)
    if variant == "scanner":
        img = scanner_degrade(img, rng)
    elif variant == "phone":
        img = phone_photo(img, rng)
        return SynthPage(img, lines, variant, kind, font.name, dpi=150)
    elif variant == "faded":
        img = faded_book(img, rng)
    return SynthPage(img, lines, variant, kind, font.name)


# --- degradations --------------------------------------------------------------------------------

def _tint(img: np.ndarray, ink_rgb: tuple[int, int, int]) -> np.ndarray:
    g = img[:, :, 0].astype(np.float32) / 255.0
    out = np.empty_like(img)
    for c in range(3):
        out[:, :, c] = (g * 255 + (1 - g) * ink_rgb[c]).astype(np.uint8)
    return out


def rotate_rgb(img: np.ndarray, angle: float, fill=(255, 255, 255)) -> np.ndarray:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, enc = cv2.imencode(".jpg", img[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(enc, cv2.IMREAD_COLOR)[:, :, ::-1].copy()


def scanner_degrade(img: np.ndarray, rng: random.Random, max_skew: float = 4.0,
                    noise: float = 8.0) -> np.ndarray:
    """Flatbed scan: small skew, slight blur, sensor noise, off-white paper, JPEG."""
    angle = rng.uniform(-max_skew, max_skew)
    out = rotate_rgb(img, angle)
    out = cv2.GaussianBlur(out, (3, 3), rng.uniform(0.3, 0.8))
    paper = np.array([rng.randint(235, 250), rng.randint(232, 248), rng.randint(220, 240)],
                     dtype=np.float32)
    f = out.astype(np.float32) / 255.0
    out = f * paper
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    out += nrng.normal(0, noise, out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    return jpeg(out, rng.randint(70, 88))


def phone_photo(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A phone photo of the page: perspective, uneven light, ~150 dpi, JPEG."""
    h, w = img.shape[:2]
    pad = int(0.06 * w)
    canvas = np.full((h + 2 * pad, w + 2 * pad, 3), 90, np.uint8)  # table under the page
    canvas[pad:pad + h, pad:pad + w] = img
    H, W = canvas.shape[:2]
    j = lambda: rng.uniform(-0.025, 0.025) * W  # noqa: E731
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    dst = np.float32([[j(), j()], [W + j(), j()], [W + j(), H + j()], [j(), H + j()]])
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(canvas, m, (W, H), borderMode=cv2.BORDER_CONSTANT,
                                 borderValue=(80, 80, 80))
    # lighting gradient
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    cx, cy = rng.uniform(0, W), rng.uniform(0, H)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.hypot(W, H)
    light = (1.0 - 0.35 * dist)[:, :, None]
    out = np.clip(warped.astype(np.float32) * light, 0, 255).astype(np.uint8)
    out = cv2.resize(out, (W // 2, H // 2), interpolation=cv2.INTER_AREA)
    out = cv2.GaussianBlur(out, (3, 3), 0.6)
    return jpeg(out, rng.randint(75, 90))


def faded_book(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Old register: yellowed paper, faded brownish ink, stains, slight skew."""
    g = img[:, :, 0].astype(np.float32) / 255.0  # 1 paper, 0 ink
    fade = rng.uniform(0.45, 0.6)
    paper = np.array([222, 205, 160], np.float32)
    ink = np.array([110, 85, 60], np.float32)
    ink = paper - (paper - ink) * fade
    out = g[:, :, None] * paper + (1 - g[:, :, None]) * ink
    h, w = g.shape
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    for _ in range(rng.randint(2, 5)):  # stains
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(80, 300)
        yy, xx = np.ogrid[0:h, 0:w]
        mask = np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r)))
        out = out * (1 - 0.12 * mask[:, :, None])
    out += nrng.normal(0, 6, out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    out = rotate_rgb(out, rng.uniform(-2, 2), fill=(222, 205, 160))
    return jpeg(out, 85)


def old_leaf(img: np.ndarray, verso: np.ndarray, rng: random.Random) -> np.ndarray:
    """An old book's leaf: yellowed paper, the reverse page's writing showing through mirrored
    and blurred, coffee and damp stains in colour, brownish ink; scanned slightly skewed."""
    h, w = img.shape[:2]
    g = img[:, :, 0].astype(np.float32) / 255.0  # 1 paper, 0 ink
    back = np.asarray(Image.fromarray(verso[:, ::-1, 0]).resize((w, h))).astype(np.float32) / 255.0
    back = cv2.GaussianBlur(back, (0, 0), rng.uniform(1.2, 2.5))
    strength = rng.uniform(0.25, 0.45)
    paper = np.array([226, 210, 168], np.float32)
    ink = np.array([rng.randint(40, 80), rng.randint(35, 60), rng.randint(30, 50)], np.float32)
    through = paper - (paper - np.array([120, 105, 80], np.float32)) * strength
    base = back[:, :, None] * paper + (1 - back[:, :, None]) * through
    out = g[:, :, None] * base + (1 - g[:, :, None]) * ink
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    yy, xx = np.ogrid[0:h, 0:w]
    for _ in range(rng.randint(2, 4)):  # stains: a brownish blot with a darker rim
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(120, 380)
        d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / r
        blot = np.exp(-d ** 2 * 1.5) * 0.10 + np.exp(-((d - 1) ** 2) * 60) * 0.12
        tint = np.array(rng.choice([(0.85, 0.75, 0.55), (0.9, 0.85, 0.7), (0.8, 0.8, 0.75)]), np.float32)
        out = out * (1 - blot[:, :, None] * (1 - tint) * 3)
    out += nrng.normal(0, 5, out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    out = rotate_rgb(out, rng.uniform(-1.5, 1.5), fill=(226, 210, 168))
    return jpeg(out, 85)


def _spread(left: np.ndarray, right: np.ndarray, rng: random.Random) -> np.ndarray:
    """Two pages side by side with a darkened fold between them, on a dark background."""
    h, w = left.shape[:2]
    gutter = 40
    img = np.full((h + 120, 2 * w + gutter + 120, 3), 50, np.uint8)
    img[60:60 + h, 60:60 + w] = left
    img[60:60 + h, 60 + w + gutter:60 + 2 * w + gutter] = right
    x0 = 60 + w - 60
    x1 = 60 + w + gutter + 60
    fold = img[60:60 + h, x0:x1].astype(np.float32)
    prof = np.abs(np.linspace(-1, 1, x1 - x0))[None, :, None]
    fold = fold * (0.45 + 0.55 * prof)
    img[60:60 + h, x0:x1] = fold.astype(np.uint8)
    img[60:60 + h, 60 + w:60 + w + gutter] = 70
    return img


def to_pdf_bytes(pages: list[np.ndarray], dpi: int = 300, jpeg_quality: int = 85) -> bytes:
    """An image-only PDF of ``pages`` (one JPEG image per page), as a scanner writes it."""
    ims = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    ims[0].save(buf, format="PDF", save_all=True, append_images=ims[1:], resolution=dpi,
                quality=jpeg_quality)
    return buf.getvalue()


def to_tiff_bytes(pages: list[np.ndarray], dpi: int = 300) -> bytes:
    ims = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    ims[0].save(buf, format="TIFF", save_all=True, append_images=ims[1:], dpi=(dpi, dpi),
                compression="tiff_lzw")
    return buf.getvalue()
