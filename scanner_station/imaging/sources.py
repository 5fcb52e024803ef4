"""Open scanner inputs (PDF, multi-page TIFF, JPEG, PNG) and hand out their pages.

``inspect_file`` decides whether a file can be taken at all and raises
``InputFileError`` with a quarantine reason code when it cannot; it reads the
file but never changes it. ``load_page`` returns one page as an RGB array:
for image-only PDFs the embedded image at its native resolution where the page
is a single full-page image, otherwise the page rendered at ``render_dpi``.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence

from ..domain.errors import InputFileError

#: Default ceiling on pixels per page (decompression-bomb guard): A3 at 600 dpi is ~70 MP.
DEFAULT_MAX_PIXELS = 150_000_000
RENDER_DPI = 300

KINDS = ("pdf", "tiff", "jpeg", "png")
EXTENSIONS = {".pdf": "pdf", ".tif": "tiff", ".tiff": "tiff", ".jpg": "jpeg", ".jpeg": "jpeg",
              ".png": "png"}


@dataclass(frozen=True, slots=True)
class SourceInfo:
    kind: str
    page_count: int


@dataclass(frozen=True, slots=True)
class SourcePage:
    image: np.ndarray  # H×W×3 uint8, RGB
    dpi: float
    how: str  # "embedded-image", "rendered", "raster"


def sniff(head: bytes) -> str | None:
    """The file kind from its first bytes, or None when it is none we take."""
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024]):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    return None


def inspect_file(path: Path, max_pixels: int = DEFAULT_MAX_PIXELS, decode: bool = True) -> SourceInfo:
    """Check that ``path`` is a complete, readable input; return its kind and page count.
    ``decode=False`` (a caller that reads every page at once anyway: `ocr`) checks an image's
    headers and size only; a page whose data is cut short then fails in ``load_page`` with the
    same message."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputFileError("unreadable", f"cannot read the file ({exc.strerror})", path=str(path),
                             hint="check the file's permissions; the station needs read access") from exc
    return inspect_data(data, str(path), max_pixels, decode)


def inspect_data(data: bytes, name: str, max_pixels: int = DEFAULT_MAX_PIXELS,
                 decode: bool = True) -> SourceInfo:
    """``inspect_file`` on bytes already read (the inbox reads a file once, through one
    descriptor, so what is checked is exactly what is kept). ``name`` is for messages only."""
    hint_rescan = "scan or export the document again and drop the new file into the inbox"
    if not data:
        raise InputFileError("empty", "the file is empty (0 bytes)", path=name, hint=hint_rescan)
    kind = sniff(data[:2048])
    if kind is None:
        raise InputFileError(
            "not_an_image",
            f"the content is not a PDF, TIFF, JPEG or PNG (extension {Path(name).suffix or 'none'})",
            path=name, hint="save the scan as PDF, TIFF, JPEG or PNG")
    if kind == "pdf":
        return SourceInfo("pdf", _inspect_pdf(data, name, max_pixels))
    return SourceInfo(kind, _inspect_raster(data, name, max_pixels, decode))


def _inspect_pdf(data: bytes, name: str, max_pixels: int) -> int:
    import pikepdf

    if b"%%EOF" not in data[-2048:]:
        raise InputFileError("truncated", "the PDF is incomplete (no end-of-file marker)",
                             path=name, hint="the file was probably copied before it was finished; "
                                             "copy or scan it again")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count == 0:
                raise InputFileError("damaged", "the PDF has no pages", path=name,
                                     hint="export the scan again")
            for index, page in enumerate(pdf.pages):
                w_pt, h_pt = _page_size_pt(page)
                pixels = (w_pt / 72 * RENDER_DPI) * (h_pt / 72 * RENDER_DPI)
                for img in _page_images(page):
                    pixels = max(pixels, int(img.get("/Width", 0)) * int(img.get("/Height", 0)))
                if pixels > max_pixels:
                    raise InputFileError(
                        "too_many_pixels",
                        f"page {index + 1} would need {pixels / 1e6:.0f} megapixels "
                        f"(limit {max_pixels / 1e6:.0f})", path=name,
                        hint="scan at 300 dpi, or raise max_pixels in the station config "
                             "if this really is a very large sheet")
            return count
    except pikepdf.PasswordError as exc:
        raise InputFileError("encrypted", "the PDF is encrypted with a password", path=name,
                             hint="save the document again without a password") from exc
    except InputFileError:
        raise
    except Exception as exc:  # pikepdf.PdfError and friends
        raise InputFileError("damaged", f"the PDF cannot be read ({type(exc).__name__})", path=name,
                             hint="open it in a PDF viewer; if it fails there too, scan again") from exc


def _inspect_raster(data: bytes, name: str, max_pixels: int, decode: bool = True) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                count = 0
                for frame in ImageSequence.Iterator(im):
                    w, h = frame.size
                    if w * h > max_pixels:
                        raise InputFileError(
                            "too_many_pixels",
                            f"page {count + 1} has {w * h / 1e6:.0f} megapixels "
                            f"(limit {max_pixels / 1e6:.0f})", path=name,
                            hint="scan at 300 dpi, or raise max_pixels in the station config")
                    if decode:
                        frame.load()  # decodes: truncated data fails here
                    count += 1
                if count == 0:
                    raise InputFileError("damaged", "the image has no frames", path=name,
                                         hint="scan again")
                return count
    except InputFileError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputFileError("too_many_pixels", "the image is larger than the pixel limit",
                             path=name, hint="scan at 300 dpi") from exc
    except Exception as exc:
        raise _undecodable(exc, name) from exc


def _undecodable(exc: Exception, name: str) -> InputFileError:
    """The error for image data that cannot be decoded (cut short, or damaged)."""
    if isinstance(exc, OSError):
        text = str(exc).lower()
        code = "truncated" if ("truncat" in text or "broken data" in text) else "damaged"
        msg = "the image data is incomplete" if code == "truncated" else "the image cannot be decoded"
        return InputFileError(code, msg, path=name,
                              hint="the file was probably copied before it was finished; "
                                   "copy or scan it again")
    return InputFileError("damaged", f"the image cannot be decoded ({type(exc).__name__})",
                          path=name, hint="scan again")


def _page_size_pt(page) -> tuple[float, float]:
    box = [float(v) for v in page.mediabox]
    w, h = abs(box[2] - box[0]), abs(box[3] - box[1])
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    return (h, w) if rotate in (90, 270) else (w, h)


def _page_images(page) -> list:
    try:
        resources = page.resources
        xobjects = resources.get("/XObject", {})
        return [xobjects[k] for k in xobjects.keys() if xobjects[k].get("/Subtype") == "/Image"]
    except Exception:
        return []


def load_page(path: Path, kind: str, index: int, render_dpi: int = RENDER_DPI) -> SourcePage:
    """Page ``index`` (0-based) of an inspected file, as RGB."""
    if kind == "pdf":
        return _load_pdf_page(path, index, render_dpi)
    with Image.open(path) as im:
        try:
            im.seek(index)
            dpi = im.info.get("dpi", (0, 0))[0] or 0
            frame = np.asarray(_to_rgb(im))  # decoded here, while the file is open
        except Exception as exc:  # a file inspected without decoding (`ocr`), or changed since
            err = _undecodable(exc, str(path))
            err.page = index + 1
            raise err from exc
    return SourcePage(np.asarray(frame), float(dpi) or 0.0, "raster")


def _to_rgb(im: Image.Image) -> Image.Image | np.ndarray:
    if im.mode == "RGB":  # a PDF's page image most often: no copy made here (PIL's convert copies)
        return im
    if im.mode == "L":  # a grey scan (most are): one channel copied three times, without PIL's convert
        import cv2

        return cv2.cvtColor(np.asarray(im), cv2.COLOR_GRAY2RGB)
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, im).convert("RGB")
    if im.mode == "I;16" or im.mode == "I":
        arr = np.asarray(im, dtype=np.float32)
        arr = (arr / max(1.0, float(arr.max())) * 255).astype(np.uint8)
        return Image.fromarray(arr).convert("RGB")
    return im.convert("RGB")


def _load_pdf_page(path: Path, index: int, render_dpi: int) -> SourcePage:
    import pikepdf

    with pikepdf.open(path) as pdf:
        page = pdf.pages[index]
        images = _page_images(page)
        has_text = _page_has_text(page)
        rotate = int(page.obj.get("/Rotate", 0)) % 360
        if len(images) == 1 and not has_text:
            try:
                pim = pikepdf.PdfImage(images[0])
                w_pt, h_pt = _page_size_pt(page)
                pil = pim.as_pil_image()
                iw, ih = pil.size
                if rotate in (90, 270):
                    iw, ih = ih, iw
                # Accept only an image that fills the page (same aspect ratio within 3 %).
                if abs((iw / ih) / (w_pt / h_pt) - 1) < 0.03:
                    if rotate:
                        pil = pil.rotate(-rotate, expand=True)
                    dpi = iw / (w_pt / 72)
                    return SourcePage(np.asarray(_to_rgb(pil)), dpi, "embedded-image")
            except Exception:  # unsupported filter or colour space: render instead
                pass
    from pdf2image import convert_from_path

    pages = convert_from_path(str(path), dpi=render_dpi, first_page=index + 1, last_page=index + 1)
    if not pages:
        raise InputFileError("damaged", "the page could not be rendered", path=str(path),
                             page=index + 1, hint="open it in a PDF viewer; scan again if it fails")
    return SourcePage(np.asarray(pages[0].convert("RGB")), float(render_dpi), "rendered")


def _page_has_text(page) -> bool:
    try:
        fonts = page.resources.get("/Font", {})
        return len(list(fonts.keys())) > 0
    except Exception:
        return False


def read_image_any(data: bytes) -> np.ndarray:
    """Decode image bytes (PNG/JPEG/TIFF first frame) to RGB; for tests and tools."""
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(_to_rgb(im))


def kind_from_extension(path: Path) -> str | None:
    return EXTENSIONS.get(os.path.splitext(path.name)[1].lower())
