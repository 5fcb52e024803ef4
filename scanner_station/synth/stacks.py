"""Scanned stacks with cover and separator sheets, and pages carrying other codes, with known
truth: which page is which, where each document starts. For tests and ``bench/sheets_bench.py``."""

from __future__ import annotations

import random

import cv2
import numpy as np

from ..imaging.sheets import DPI, cover_sheet, qr_image, separator_sheet
from .pages import faded_book, phone_photo, rotate_rgb, scanner_degrade

SHEET_VARIANTS = ("clean", "skewed", "photocopy85", "low_contrast", "phone", "rotated180", "faded")


def sheet_rgb(kind: str, doc_type: str = "", cover: dict | None = None) -> np.ndarray:
    """A sheet as printed and scanned at 300 dpi (RGB)."""
    if kind == "cover":
        c = cover or {}
        im = cover_sheet(c.get("batch", "Khai sinh 1995"), c.get("office", "UBND xã Tân Phú"),
                         c.get("office_code", "01001"), c.get("family", "civil_status"),
                         c.get("book_type", "khai sinh"), c.get("volume", "01"), c.get("year", "1995"))
    else:
        im = separator_sheet(doc_type)
    a = np.array(im.convert("RGB"))
    return cv2.resize(a, None, fx=300 / DPI, fy=300 / DPI, interpolation=cv2.INTER_LINEAR)


def degrade_sheet(img: np.ndarray, variant: str, rng: random.Random) -> np.ndarray:
    """The ways a sheet arrives: skewed in the feeder, photocopied at 85 %, faint toner, a phone
    photo, fed upside down, an old yellowed copy."""
    if variant == "clean":
        return img
    if variant == "skewed":
        return scanner_degrade(img, rng, max_skew=8.0)
    if variant == "photocopy85":
        h, w = img.shape[:2]
        small = cv2.resize(img, None, fx=0.85, fy=0.85, interpolation=cv2.INTER_AREA)
        out = np.full_like(img, 255)
        y, x = (h - small.shape[0]) // 2, (w - small.shape[1]) // 2
        out[y:y + small.shape[0], x:x + small.shape[1]] = small
        return scanner_degrade(out, rng, max_skew=1.5, noise=12.0)
    if variant == "low_contrast":
        f = img.astype(np.float32)
        out = 255 - (255 - f) * rng.uniform(0.28, 0.35)  # ink at ~30 % of its darkness
        return scanner_degrade(np.clip(out, 0, 255).astype(np.uint8), rng, max_skew=2.0)
    if variant == "phone":
        return phone_photo(img, rng)
    if variant == "rotated180":
        return scanner_degrade(rotate_rgb(img, 180.0), rng, max_skew=1.0)
    if variant == "faded":
        return faded_book(img, rng)
    raise ValueError(f"unknown sheet variant {variant!r}")


def with_foreign_code(page: np.ndarray, rng: random.Random, kind: str = "qr") -> np.ndarray:
    """An ordinary page that carries someone else's code (a dossier QR, a URL, an EAN barcode)."""
    out = page.copy()
    h, w = out.shape[:2]
    if kind == "qr":
        text = rng.choice([f"https://dichvucong.gov.vn/hs/{rng.randint(10**9, 10**10)}",
                           f"HS-{rng.randint(100000, 999999)}-{rng.randint(2015, 2025)}",
                           "000.00.07.H56-" + str(rng.randint(100000, 999999))])
        q = np.array(qr_image(text, 260).convert("RGB"))
    else:
        q = _code128_like(rng)
    # where offices print them: a foot corner (over the text nothing could be read anyway)
    y = h - q.shape[0] - rng.randint(30, 80)
    x = rng.choice([rng.randint(30, 90), w - q.shape[1] - rng.randint(30, 90)])
    out[y:y + q.shape[0], x:x + q.shape[1]] = q
    return out


def _code128_like(rng: random.Random) -> np.ndarray:
    """A real Code 128 barcode image (zxing-cpp writes it)."""
    import zxingcpp

    data = f"{rng.randint(10**11, 10**12)}"
    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.Code128)
    a = np.array(zxingcpp.write_barcode_to_image(code, scale=4))
    a = cv2.resize(a, (a.shape[1], 140), interpolation=cv2.INTER_NEAREST)
    if a.ndim == 2:
        a = np.stack([a] * 3, axis=-1)
    return np.pad(a, ((20, 20), (20, 20), (0, 0)), constant_values=255)


def damage(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Both QR codes of a 300-dpi sheet torn or smudged: the middle half of each covered."""
    from ..imaging.sheets import A4, QR_MM

    out = img.copy()
    k = out.shape[1] / A4[0]
    side = int(round(QR_MM / 25.4 * DPI) * k)
    margin = int(round(15 / 25.4 * DPI) * k)
    x0 = (out.shape[1] - side) // 2
    for y0 in (margin, out.shape[0] - margin - side):
        out[y0 + side // 4:y0 + 3 * side // 4, x0:x0 + side] = 255 if rng.random() < 0.5 else 30
    return out
