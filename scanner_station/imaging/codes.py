"""Read QR codes and barcodes on a page (zxing-cpp: QR, Data Matrix, Code 128/39, EAN…).

One pass on a grey copy scaled to ``WORK_SIDE`` pixels on its long side (a printed QR of a few
centimetres keeps 3+ pixels a module there), with zxing's rotation, inversion and local
binarisation — enough for skewed, photocopied, faded and photographed sheets; ~15–30 ms a
page. A code seen but not decodable is reported as ``damaged`` (the page is then processed
as an ordinary page, with a message).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..domain.sheets import CodeInfo, parse_code
from .cleanup import CleanPage, CleanupOptions, clean_page, to_gray

WORK_SIDE = 1600


@dataclass(frozen=True)
class PageCode:
    info: CodeInfo
    format: str
    bbox: tuple[int, int, int, int]  # in the page's pixels

    def as_json(self) -> dict:
        return self.info.as_json() | {"format": self.format, "bbox": list(self.bbox)}


def read_codes(image: np.ndarray) -> list[PageCode]:
    """Every code found on ``image`` (RGB or grey), largest first."""
    import zxingcpp

    grey = to_gray(image)
    h, w = grey.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    small = np.ascontiguousarray(small)
    found = zxingcpp.read_barcodes(small, return_errors=True)
    out = []
    for b in found:
        p = b.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        bbox = (int(min(xs) / scale), int(min(ys) / scale), int(max(xs) / scale), int(max(ys) / scale))
        fmt = str(b.format).split(".")[-1]
        if b.valid:
            info = parse_code(b.text)
        elif fmt != "QR Code":
            continue  # a failed Data Matrix / Micro QR guess on text or a photo: not a code at all
        else:
            info = CodeInfo("damaged", "", message=f"a {fmt} code was found but cannot be read "
                            f"({str(b.error)[:80]}); the page is processed as an ordinary page")
        out.append(PageCode(info, fmt, bbox))
    out.sort(key=lambda c: -(c.bbox[2] - c.bbox[0]) * (c.bbox[3] - c.bbox[1]))
    return out


#: the sheets' printed titles, folded: a page that says it is a sheet but whose codes could not
#: be read is reported (it is processed as an ordinary page)
SHEET_TITLES = ("to phan cach tai lieu", "to bia lo ho so")


def sheet_title_without_code(text_folded: str, codes: list[PageCode]) -> str:
    """A message when the page's text is a sheet's title but no sheet code was read, else ""."""
    if sheet_of(codes) is not None:
        return ""
    if any(t in text_folded for t in SHEET_TITLES):
        return ("the page looks like a Scanner Station cover or separator sheet but its QR codes "
                "cannot be read: it is kept as an ordinary page and splits nothing; print a new sheet")
    return ""


def clean_around(image: np.ndarray, codes: list[PageCode], split_mode: str = "auto") -> list[CleanPage]:
    """``clean_page`` with the codes' boxes left out of the orientation judgement (a barcode's
    bars look like a column of text turned 90°); the cleaned image keeps them."""
    return clean_page(image, CleanupOptions(split_mode=split_mode, ignore_boxes=tuple(c.bbox for c in codes)))


def sheet_of(codes: list[PageCode]) -> PageCode | None:
    """The cover or separator code on a page, if the page is one of our sheets."""
    for c in codes:
        if c.info.kind in ("cover", "separator"):
            return c
    return None
