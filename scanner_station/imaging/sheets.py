"""Printable cover and separator sheets (A4 PDF): a QR code — twice, at the top and the foot, so
a sheet fed skewed or with a torn corner still reads — and the same content in plain Vietnamese
for the person holding the paper."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..domain.sheets import cover_payload, separator_payload

DPI = 200
A4 = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
QR_MM = 55

FAMILY_VI = {"civil_status": "hộ tịch", "land": "đất đai", "procedure_result": "kết quả thủ tục hành chính",
             "unknown": "chưa rõ"}


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    candidates = []
    try:
        import fontpkg_be_vietnam_pro as f
        base = Path(f.__file__).parent / "files"
        candidates += [base / ("BeVietnamPro-Bold.ttf" if bold else "BeVietnamPro-Regular.ttf"),
                       base / "BeVietnamPro-Regular.ttf"]
    except ImportError:
        pass
    candidates += [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf" if bold else
                        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                   Path("C:/Windows/Fonts/arialbd.ttf" if bold else "C:/Windows/Fonts/arial.ttf")]
    for c in candidates:
        if c.exists():
            return ImageFont.truetype(str(c), size)
    return ImageFont.load_default(size)


def qr_image(payload: str, side_px: int) -> Image.Image:
    import segno

    qr = segno.make(payload, error="q", micro=False)
    matrix = np.array([[0 if v else 255 for v in row] for row in qr.matrix], dtype=np.uint8)
    module = max(1, side_px // matrix.shape[0])
    return Image.fromarray(np.kron(matrix, np.ones((module, module), dtype=np.uint8)))


def render_sheet(payload: str, title: str, lines: list[str]) -> Image.Image:
    page = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(page)
    w, h = A4
    qr = qr_image(payload, round(QR_MM / 25.4 * DPI))
    margin = round(15 / 25.4 * DPI)
    page.paste(qr, ((w - qr.width) // 2, margin))
    page.paste(qr, ((w - qr.width) // 2, h - margin - qr.height))
    y = margin + qr.height + 50
    big = _font(64, bold=True)
    tw = draw.textlength(title, font=big)
    draw.text(((w - tw) / 2, y), title, font=big, fill=0)
    y += 110
    body = _font(40)
    for line in lines:
        draw.text((margin + 40, y), line, font=body, fill=0)
        y += 62
    return page


def cover_sheet(batch: str, office: str, office_code: str, family: str, book_type: str, volume: str,
                year: str) -> Image.Image:
    payload = cover_payload(batch, office, office_code, family, book_type, volume, year)
    return render_sheet(payload, "TỜ BÌA LÔ HỒ SƠ", [
        f"Lô: {batch}", f"Cơ quan: {office} (mã {office_code})",
        f"Lĩnh vực: {FAMILY_VI.get(family, family)}", f"Loại sổ: {book_type}",
        f"Quyển số: {volume}        Năm: {year}", "",
        "Đặt tờ này lên đầu xấp giấy trước khi quét.",
        "Trạm số hóa ghi các thông tin trên cho lô này.",
    ])


def separator_sheet(doc_type: str = "") -> Image.Image:
    lines = ["Đặt tờ này giữa hai tài liệu khi quét cả xấp.",
             "Trang này được lưu cùng bản gốc nhưng không thuộc tài liệu nào."]
    if doc_type:
        lines = [f"Tài liệu tiếp theo: {doc_type}", ""] + lines
    return render_sheet(separator_payload(doc_type), "TỜ PHÂN CÁCH TÀI LIỆU", lines)


def save_pdf(images: list[Image.Image], out: Path) -> Path:
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    Path(out).write_bytes(buf.getvalue())
    return Path(out)


def write_sheets(kind: str, values: dict[str, str], out: Path, copies: int = 1) -> Path:
    """The PDF of a cover sheet (``values``: batch, office, office_code, family, book_type,
    volume, year) or of ``copies`` separator sheets (``values``: an optional doc_type)."""
    if kind == "cover":
        pages = [cover_sheet(values["batch"], values["office"], values["office_code"], values["family"],
                             values.get("book_type") or "", values.get("volume") or "", values["year"])]
    else:
        pages = [separator_sheet(values.get("doc_type") or "")] * max(1, copies)
    return save_pdf(pages, out)
