"""A form no shipped template knows, for teaching tests and the teaching benchmark: the
certificate of marital status (Giấy xác nhận tình trạng hôn nhân, TT 04/2020/TT-BTP form),
laid out as communes print it — the NĐ 30 two-column head with the number under the issuer,
the title, then label: value rows, three on one row (sex, ethnicity, nationality).

Every value's box on the page is known (``UnknownForm.boxes``), so a test can drag a box
around it as a supervisor would. ``shift`` moves the whole printed page (a sheet fed askew
into the scanner by centimetres); ``variant`` ``scanner`` adds skew, blur, noise and JPEG.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from .admin import commune, place
from .pages import A4_300, _font, cursive_fonts, printed_fonts, scanner_degrade
from .texts import make_person

TITLE = "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"
MARITAL = ("Chưa đăng ký kết hôn với ai.", "Đã đăng ký kết hôn, nay đã ly hôn.",
           "Đã đăng ký kết hôn, vợ/chồng đã chết.")
PURPOSES = ("Đăng ký kết hôn", "Bổ sung hồ sơ vay vốn", "Mua bán nhà đất", "Bổ túc hồ sơ xin việc")


@dataclass
class UnknownForm:
    image: np.ndarray  # RGB
    #: field key → value as written (the extractor should read exactly this)
    truth: dict[str, str]
    #: field key → the value's box on the page (before any scanner degradation)
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    #: printed label → its box
    labels: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)


def make_unknown(seed: int, variant: str = "clean", fill: str = "printed",
                 shift: tuple[int, int] = (0, 0)) -> UnknownForm:
    rng = random.Random(seed)
    w, h = A4_300
    im = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(im)
    size = rng.randint(40, 46)
    lf = _font(rng.choice(printed_fonts()), size)
    bold = _font(rng.choice(printed_fonts()), size + 4)
    if fill == "handwriting":
        vf, ink = _font(rng.choice(cursive_fonts()), int(size * 1.15)), (35, 45, 120)
    else:
        vf, ink = _font(rng.choice(printed_fonts()), size), (25, 25, 25)
    x0 = rng.randint(190, 240) + shift[0]
    y = rng.randint(170, 230) + shift[1]
    gap = int(size * rng.uniform(1.8, 2.05))
    out = UnknownForm(np.zeros(1), {})

    def text(x: int, yy: int, t: str, font=lf, value_key: str = "", label: bool = False) -> int:
        draw.text((x, yy), t, font=font, fill=ink if value_key else (20, 20, 20))
        box = tuple(int(v) for v in draw.textbbox((x, yy), t, font=font))
        if value_key:
            out.truth[value_key] = t
            out.boxes[value_key] = box
        elif label:
            out.labels[t.rstrip(": ")] = box
        return box[2]

    com = commune(rng)
    p = make_person(rng, (1960, 2002))
    # the NĐ 30 head: issuer and number left, motto and date right
    right = x0 + 1120
    text(x0 + 60, y, "ỦY BAN NHÂN DÂN")
    text(right, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold)
    y += gap
    text(x0, y, com.upper(), value_key="registration_office")
    text(right + 170, y, "Độc lập - Tự do - Hạnh phúc")
    y += int(gap * 1.3)
    end = text(x0, y, "Số:", label=True)
    text(end + 14, y, f"{rng.randint(1, 399)}/UBND-XNTTHN", value_key="document_number")
    d, m, yr = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2016, 2024)
    end = text(right + 60, y, f"{com.split(' ', 1)[1]},")
    text(end + 14, y, f"ngày {d:02d} tháng {m:02d} năm {yr}", value_key="issue_date")
    y += gap * 2
    tw = draw.textlength(TITLE, font=bold)
    text(int((w - tw) / 2) + shift[0] // 2, y, TITLE, bold)
    y += gap * 2
    requester = make_person(rng, (1950, 2000))
    rows = [
        [("Xét đề nghị của ông/bà:", "requester_name", requester.full_name)],
        ["Về việc xác nhận tình trạng hôn nhân cho người có tên dưới đây,"],
        [("Họ, chữ đệm, tên:", "full_name", p.full_name)],
        [("Ngày, tháng, năm sinh:", "date_of_birth",
          f"{p.birth_day:02d}/{p.birth_month:02d}/{p.birth_year}")],
        [("Giới tính:", "sex", "Nam" if p.male else "Nữ"), ("Dân tộc:", "ethnicity", p.ethnicity),
         ("Quốc tịch:", "nationality", "Việt Nam")],
        [("Số định danh cá nhân:", "personal_id", p.personal_id)],
        [("Nơi cư trú:", "residence", place(rng))],
        [("Tình trạng hôn nhân:", "marital_status", rng.choice(MARITAL))],
        [("Giấy này được cấp để:", "purpose", rng.choice(PURPOSES))],
    ]
    for row in rows:
        x = x0
        for item in row:
            if isinstance(item, str):
                text(x, y, item)
                continue
            label, key, value = item
            x = text(x, y, label, label=True) + 16
            x = text(x, y - (int(size * 0.12) if fill == "handwriting" else 0), value, vf, key) + 90
        y += gap
    # what the extractor should propose: dates normalised, everything else as written
    out.truth["date_of_birth"] = f"{p.birth_year:04d}-{p.birth_month:02d}-{p.birth_day:02d}"
    out.truth["issue_date"] = f"{yr:04d}-{m:02d}-{d:02d}"
    text(right + 100, y + gap, "TM. ỦY BAN NHÂN DÂN")
    img = np.asarray(im).copy()
    if variant == "scanner":
        img = scanner_degrade(img, rng, max_skew=2.0)
    out.image = img
    return out


#: how each field of the form reads (key → field type), for teaching and the benchmark
FIELD_TYPES = {"registration_office": "text", "document_number": "document_number", "issue_date": "date",
               "requester_name": "name", "full_name": "name", "date_of_birth": "date", "sex": "sex",
               "ethnicity": "ethnicity", "nationality": "text", "personal_id": "personal_id",
               "residence": "place", "marital_status": "text", "purpose": "text"}
