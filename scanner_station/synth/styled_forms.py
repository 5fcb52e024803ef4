"""The forms as other offices print and fill them: the builders for the styled layout families
(``styles.LAYOUTS`` other than ``classic``).

Same records and truth keys as the classic builders in ``forms``; the wording, order and
placement follow the form versions (TT 04/2020/TT-BTP extracts, pre-2016 Giấy khai sinh,
GCN 2009/2014 and TT 10/2024, NĐ 30/2020 administrative documents). Values the forms write
twice are written twice; the truth is always the value as a person reads it.

Longer than most modules (about 570 lines): one builder a template, and the one renderer they
share (a form's type size, gaps, combs, leaders and notes are decided together, and drawn again
smaller where a form would run past the page).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageDraw

from . import admin, texts
from .forms import _Form, _dmy, _iso, _parcel, date_row, death_draw, death_rows, register_entry, result_draw
from .ink import HAND_FILLS, _seal, _signature, gap_share, hand_fonts
from .notes import Notes
from .pages import A4_300, _font, held_out_cursive_fonts, held_out_fonts, printed_fonts
from .ruled import draw_comb, draw_grid
from .styles import GRID_COLUMNS, HOLDERS, Style
from .texts import make_person, margin_note, number_words

SERIES = {"birth": ["TLKS-BS", "TLKS", "KS"], "death": ["TLKT-BS", "TLKT", "KT"],
          "marriage": ["TLKH-BS", "TLKH", "KH"]}
#: the land-use purposes as the certificates write them, with the code the truth keeps
PURPOSE_WORDS = {"ONT": "Đất ở tại nông thôn", "ODT": "Đất ở tại đô thị", "LUC": "Đất chuyên trồng lúa nước",
                 "CLN": "Đất trồng cây lâu năm", "BHK": "Đất bằng trồng cây hàng năm khác",
                 "NTS": "Đất nuôi trồng thủy sản"}


def _place(rng: random.Random) -> str:
    """A real commune, district and province (``admin``): places a reader can look up."""
    return admin.place(rng)


def _office(rng: random.Random) -> str:
    return f"Ủy ban nhân dân {admin.place(rng)}"


def _short(commune: str) -> str:
    """The commune's name without its unit word, as a document's place-date line writes it."""
    for kind in ("thị trấn ", "phường ", "xã "):
        if commune.startswith(kind):
            return commune[len(kind):]
    return commune


def _number(f: _Form, kind: str, num: str) -> str:
    """The register number as written, with its book series where the family writes one."""
    if not f.style.series:
        return num
    series = f.srng.choice(SERIES[kind])
    f.truth[-1]["register_series"] = series
    return f"{num}/{series}"


def _header(f: _Form, rng: random.Random, number: str | None, title: str, volume: str | None,
            key: str = "register_number", norm: str | None = None) -> None:
    """The document's head: NĐ 30/2020 two columns, or the older centred titles."""
    commune = admin.commune(rng)
    if f.style.header == "two_column":
        f.two([("ỦY BAN NHÂN DÂN", False)], [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False)])
        f.two([(commune.upper(), False)], [("Độc lập - Tự do - Hạnh phúc", False)])
        if number is not None:
            f.truth[-1][key] = norm if norm is not None else number
            f.two([("Số: ", False), (number, True)],
                  [(f"{_short(commune)}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} "
                    f"năm {rng.randint(2016, 2025)}", False)])
        f.title(title)
        if volume is not None:
            f.row(("Quyển số", "book_volume", volume, volume))
        return
    f.title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    f.title("Độc lập - Tự do - Hạnh phúc")
    f.title(title)
    items = []
    if number is not None:
        items.append(("Số", key, number, norm if norm is not None else number))
    if volume is not None:
        items.append(("Quyển số", "book_volume", volume, volume))
    if items:
        f.row(*items)


def _parent(f: _Form, rng: random.Random, key: str, default: str, p) -> None:
    f.row((f.label(key, default), key, p.full_name, p.full_name))
    if f.style.wording == "current":
        f.row(("Năm sinh", None, str(p.birth_year), ""), ("Dân tộc", None, p.ethnicity, ""),
              ("Quốc tịch", None, "Việt Nam", ""))
        f.row(("Nơi cư trú", None, _place(rng), ""))


def birth_extract(rng: random.Random, f: _Form) -> None:
    p = make_person(rng, (1950, 2023))
    father = make_person(rng, (p.birth_year - 45, p.birth_year - 20), male=True)
    mother = make_person(rng, (p.birth_year - 40, p.birth_year - 18), male=False)
    reg = (rng.randint(1, 28), rng.randint(1, 12), min(2024, p.birth_year + rng.randint(0, 1)))
    num = str(rng.randint(1, 350))
    old = f.style.wording == "old"
    vol = f"{rng.randint(1, 9):02d}/{reg[2]}" if old or f.srng.random() < 0.5 else None
    written = _number(f, "birth", num)
    _header(f, rng, written, "GIẤY KHAI SINH" if old else "TRÍCH LỤC KHAI SINH", vol, norm=num)
    sex = "Nam" if p.male else "Nữ"
    f.row((f.label("full_name", "Họ, chữ đệm, tên"), "full_name", p.full_name, p.full_name))
    dob = (p.birth_day, p.birth_month, p.birth_year)
    if old:
        f.row(("Giới tính", "sex", sex, sex))
        date_row(f, f.label("date_of_birth", "Sinh ngày"), "date_of_birth", dob)
    else:
        date_row(f, "Ngày, tháng, năm sinh", "date_of_birth", dob)
    pob = f"{f.srng.choice(['Trạm y tế', 'Bệnh viện đa khoa', 'Nhà hộ sinh'])} {_place(rng)}"
    items = [("Dân tộc", "ethnicity", p.ethnicity, p.ethnicity), ("Quốc tịch", "nationality", "Việt Nam", "Việt Nam")]
    f.row(*(items if old else [("Giới tính", "sex", sex, sex)] + items))
    f.row(("Nơi sinh", "place_of_birth", pob, pob))
    home = _place(rng)
    f.row(("Quê quán", "hometown", home, home))
    if not old:
        f.row(("Số định danh cá nhân", "personal_id", p.personal_id, p.personal_id))
    _parent(f, rng, "mother_name", "Họ, chữ đệm, tên người mẹ", mother)
    _parent(f, rng, "father_name", "Họ, chữ đệm, tên người cha", father)
    office = _office(rng)
    f.row(("Nơi đăng ký khai sinh", "registration_office", office, office))
    f.row((f.label("registration_date", "Ngày đăng ký"), "registration_date", _dmy(*reg), _iso(*reg)))
    if old:
        f.title("Phần ghi chú:")


def _grid_page(rng: random.Random, f: _Form, year: int, shared: dict[str, str]) -> None:
    """A register page as the books print it: column headers, one entry per ruled row (the
    last rows of the page may still be empty), a row of column numbers under the headers."""
    cols = [(key, f.srng.choice(names), share) for key, names, share in GRID_COLUMNS]
    if f.srng.random() < 0.4:  # some books have no ethnicity column
        cols = [c for c in cols if c[0] != "ethnicity"]
    rows = []
    first = rng.randint(1, 300)
    for k in range(rng.randint(3, 5)):
        p, mother, father, reg, dob, sex = register_entry(rng, f, year, shared)
        values = {"register_number": (str(first + k),) * 2,
                  "registration_date": (_dmy(*reg), _iso(*reg)), "full_name": (p.full_name,) * 2,
                  "date_of_birth": (_dmy(*dob), _iso(*dob)), "sex": (sex,) * 2,
                  "ethnicity": (p.ethnicity,) * 2, "place_of_birth": (_place(rng),) * 2,
                  "mother_name": (mother.full_name,) * 2, "father_name": (father.full_name,) * 2}
        for key, _, _ in cols:
            f.truth[-1][key] = values[key][1]
        rows.append([values[key][0] for key, _, _ in cols])
    f.lines.append(("grid", [c[1] for c in cols], [c[2] for c in cols], rows,
                    f.srng.random() < 0.5, f.srng.randint(0, 2)))


def register_page(rng: random.Random, f: _Form) -> None:
    year = rng.randint(1975, 2015)
    vol = f"{rng.randint(1, 5):02d}/{year}"
    office = _office(rng)
    f.title("SỔ ĐĂNG KÝ KHAI SINH")
    shared = {"book_volume": vol, "registration_office": office}
    if f.style.grid:
        f.lines.append([("Quyển số: ", False), (vol, True)])
        f.lines.append([("Nơi đăng ký: ", False), (office, True)])
        f.truth[-1].update(shared)
        _grid_page(rng, f, year, shared)
        return
    f.row(("Quyển số", "book_volume", vol, vol))
    f.row(("Nơi đăng ký", "registration_office", office, office))
    first = rng.randint(1, 300)
    for k in range(3):
        p, mother, father, reg, dob, sex = register_entry(rng, f, year, shared)
        pob = _place(rng)
        num = str(first + k)
        f.row(("Số", "register_number", num, num),
              (f.label("registration_date", "Ngày đăng ký"), "registration_date", _dmy(*reg), _iso(*reg)))
        f.row((f.label("full_name", "Họ, chữ đệm, tên"), "full_name", p.full_name, p.full_name))
        f.row((f.label("date_of_birth", "Ngày, tháng, năm sinh"), "date_of_birth", _dmy(*dob), _iso(*dob)))
        f.row(("Giới tính", "sex", sex, sex), ("Dân tộc", "ethnicity", p.ethnicity, p.ethnicity),
              ("Quốc tịch", "nationality", "Việt Nam", "Việt Nam"))
        f.row(("Nơi sinh", "place_of_birth", pob, pob))
        if f.style.wording == "current":
            f.row(("Số định danh cá nhân", "personal_id", p.personal_id, p.personal_id))
        f.row((f.label("mother_name", "Họ, chữ đệm, tên người mẹ"), "mother_name", mother.full_name,
               mother.full_name))
        f.row((f.label("father_name", "Họ, chữ đệm, tên người cha"), "father_name", father.full_name,
               father.full_name))
        # a margin note of its own, drawn apart so that the page's other values stay as they were
        note = rng.choice(["không", ""]) or margin_note(random.Random(p.personal_id), year)
        f.row((f.srng.choice(["Ghi chú", "Phần ghi chú"]), "notes", note, note))


def marriage(rng: random.Random, f: _Form) -> None:
    h = make_person(rng, (1950, 2000), male=True)
    w = make_person(rng, (h.birth_year - 5, min(2004, h.birth_year + 8)), male=False)
    year = min(max(h.birth_year, w.birth_year) + rng.randint(20, 30), 2024)
    reg = (rng.randint(1, 28), rng.randint(1, 12), year)
    num, vol = str(rng.randint(1, 200)), f"{rng.randint(1, 3):02d}/{year}"
    old = f.style.wording == "old"
    side = f.style.couple > 0 and not f.style.table and f.srng.random() < f.style.couple
    _header(f, rng, _number(f, "marriage", num),
            "GIẤY CHỨNG NHẬN KẾT HÔN" if old or side else "TRÍCH LỤC KẾT HÔN", vol, norm=num)
    if side:
        _side_by_side(rng, f, h, w)
    else:
        for who, p, head in (("husband", h, "Thông tin người chồng"), ("wife", w, "Thông tin người vợ")):
            f.title(head)
            dob = (p.birth_day, p.birth_month, p.birth_year)
            res = _place(rng)
            f.row((f.label("full_name", "Họ, chữ đệm, tên"), f"{who}_name", p.full_name, p.full_name))
            date_row(f, f.label("date_of_birth", "Ngày, tháng, năm sinh"), f"{who}_date_of_birth", dob)
            f.row(("Dân tộc", f"{who}_ethnicity", p.ethnicity, p.ethnicity),
                  ("Quốc tịch", f"{who}_nationality", "Việt Nam", "Việt Nam"))
            f.row(("Nơi cư trú", f"{who}_residence", res, res))
            f.row(("Số định danh cá nhân", f"{who}_personal_id", p.personal_id, p.personal_id))
    office = _office(rng)
    f.row(("Nơi đăng ký kết hôn", "registration_office", office, office))
    f.row((f.label("registration_date", "Ngày đăng ký"), "registration_date", _dmy(*reg), _iso(*reg)))


def _side_by_side(rng: random.Random, f: _Form, h, w) -> None:
    """The marriage certificate's layout: the two people side by side, a column each under its
    heading (either one on the left), the same labels on both sides, row for row."""
    heads = f.srng.choice([("Thông tin người chồng", "Thông tin người vợ"), ("Bên chồng", "Bên vợ")])
    people = [("husband", h, heads[0]), ("wife", w, heads[1])]
    if f.srng.random() < 0.5:
        people.reverse()
    name_label = f.label("full_name", "Họ, chữ đệm, tên")
    dob_label = f.label("date_of_birth", "Ngày, tháng, năm sinh")
    rows: list[list[list[tuple[str, str | None, str, str]]]] = [[], [], [], [], []]
    for who, p, _ in people:
        dob = (p.birth_day, p.birth_month, p.birth_year)
        rows[0].append([(name_label, f"{who}_name", p.full_name, p.full_name)])
        rows[1].append([(dob_label, f"{who}_date_of_birth", _dmy(*dob), _iso(*dob))])
        rows[2].append([("Dân tộc", f"{who}_ethnicity", p.ethnicity, p.ethnicity),
                        ("Quốc tịch", f"{who}_nationality", "Việt Nam", "Việt Nam")])
        res = _place(rng)
        rows[3].append([("Nơi cư trú", f"{who}_residence", res, res)])
        rows[4].append([("Số định danh cá nhân", f"{who}_personal_id", p.personal_id, p.personal_id)])
    if not f.style.pairs:  # one field a row: ethnicity and nationality on rows of their own
        rows[2:3] = [[[items[0]] for items in rows[2]], [[items[1]] for items in rows[2]]]
    f.side([(people[0][2], False)], [(people[1][2], False)])
    for row in rows:
        cols = []
        for items in row:
            segs: list = []
            for label, key, written, norm in items:
                f.truth[-1][key] = norm
                segs += [("    ", False)] if segs else []
                segs += [(label + ": ", False), (written, True)]
            cols.append(segs)
        f.side(cols[0], cols[1])


def death(rng: random.Random, f: _Form) -> None:
    p, d, reg, num, vol, sex, dob, hm, pod, cause, notice, declarant = death_draw(rng, _place)
    _header(f, rng, _number(f, "death", num), "TRÍCH LỤC KHAI TỬ", vol, norm=num)
    death_rows(f, p, d, sex, dob, hm, pod, cause, notice, declarant)
    office = _office(rng)
    f.row(("Nơi đăng ký khai tử", "registration_office", office, office))
    f.row((f.label("registration_date", "Ngày đăng ký"), "registration_date", _dmy(*reg), _iso(*reg)))


def _area_words(area_n: str) -> str:
    whole, _, dec = area_n.partition(".")
    out = number_words(int(whole))
    if dec:
        out += " phẩy " + " ".join(texts.DIGITS_WORDS[int(c)] for c in dec)
    return (out + " mét vuông")[:1].upper() + (out + " mét vuông")[1:]


def _holder(f: _Form, o, year_label_key: str) -> None:
    opening = f.srng.choice(HOLDERS[f.style.wording])
    year_label = f.label(year_label_key, "Năm sinh")
    f.row((opening, "owner_name", o.full_name, o.full_name),
          (year_label, "owner_birth_year", str(o.birth_year), str(o.birth_year)))


def gcn(rng: random.Random, f: _Form, v2024: bool = False) -> None:
    """GCN page 1 and 2 content: 2009/2014 forms, or (``v2024``) the TT 10/2024 form."""
    o = make_person(rng, (1940, 2000))
    if v2024:
        code = f"{rng.randint(10, 99)}{rng.randint(0, 999999999):09d}"
        serial = f"{rng.choice(['AA', 'AB', 'AC'])} {rng.randint(0, 99999999):08d}"
    else:
        serial = f"{rng.choice(['AA', 'BĐ', 'CS', 'DE'])} {rng.randint(0, 999999):06d}{rng.randint(0, 99):02d}"
    p = _parcel(rng)
    p = replace(p, address=_place(rng), owner_address=_place(rng))  # real places
    reg = f"{rng.choice(['CH', 'CS'])} {rng.randint(0, 99999):05d}"
    f.title("GIẤY CHỨNG NHẬN")
    f.title("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT" if v2024
            else "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT")
    if v2024:
        f.row(("Mã Giấy chứng nhận", "certificate_code", code, code))
    if f.style.serial_foot:
        f.foot("certificate_serial", serial, serial)
    else:
        f.row(("Số phát hành", "certificate_serial", serial, serial))
    f.title("1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:" if v2024
            else "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất")
    _holder(f, o, "owner_birth_year")
    f.row(("Số định danh cá nhân", "owner_id", o.personal_id, o.personal_id))
    f.row((f.label("owner_address", "Địa chỉ") if not v2024 else "Địa chỉ", "owner_address",
           p.owner_address, p.owner_address))
    f.title("2. Thông tin thửa đất:" if v2024 else "II. Thửa đất, nhà ở và tài sản khác gắn liền với đất")
    words_purpose = f.srng.random() < 0.5
    purpose = f"{PURPOSE_WORDS[p.purpose]} ({p.purpose})" if words_purpose else p.purpose
    if v2024 or f.style.wording == "current":
        f.row(("a) Thửa đất số", "parcel_number", p.number, p.number), ("b) Tờ bản đồ số", "map_sheet", p.sheet, p.sheet))
        f.row(("c) Diện tích", "area_m2", p.area, p.area_n))
        if f.style.words:
            f.words("Bằng chữ", _area_words(p.area_n), paren=True)
        f.row(("d) Hình thức sử dụng", "land_use_form", "Sử dụng riêng", "Sử dụng riêng"))
        # "Loại đất" is the 2024 form's wording; the 2014 form says "Mục đích sử dụng"
        purpose_label = f.label("land_use_purpose", "Loại đất") if v2024 else f.srng.choice(
            ["Mục đích sử dụng", "Mục đích sử dụng đất"])
        f.row((f"đ) {purpose_label}", "land_use_purpose", purpose, p.purpose))
        f.row((f"e) {f.label('land_use_term', 'Thời hạn sử dụng')}", "land_use_term", "Lâu dài", "Lâu dài"))
        origin = "Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất"
        f.row((f"g) {f.label('land_use_origin', 'Nguồn gốc sử dụng')}", "land_use_origin", origin, origin))
        f.row(("h) Địa chỉ thửa đất", "parcel_address", p.address, p.address))
    else:
        f.title("1. Thửa đất:")
        f.row(("a) Thửa đất số", "parcel_number", p.number, p.number), ("b) Tờ bản đồ số", "map_sheet", p.sheet, p.sheet))
        f.row(("c) Địa chỉ", "parcel_address", p.address, p.address))
        f.row(("d) Diện tích", "area_m2", p.area, p.area_n))
        if f.style.words:
            f.words("Bằng chữ", _area_words(p.area_n), paren=True)
        f.row(("đ) Hình thức sử dụng", "land_use_form", "Riêng", "Riêng"))
        f.row(("e) Mục đích sử dụng", "land_use_purpose", purpose, p.purpose))
        f.row(("g) Thời hạn sử dụng", "land_use_term", "Lâu dài", "Lâu dài"))
        origin = "Nhà nước công nhận quyền sử dụng đất"
        f.row(("h) Nguồn gốc sử dụng", "land_use_origin", origin, origin))
    f.row((f.label("registry_number", "Số vào sổ cấp GCN"), "registry_number", reg, reg))


def result(rng: random.Random, f: _Form) -> None:
    """A procedure result laid out as NĐ 30/2020 prescribes (or the older centred layout)."""
    r = result_draw(rng, admin.commune)
    p, year, d, commune, dtype, dossier, proc, dob = (r.person, r.year, r.date, r.commune, r.doc_type,
                                                       r.dossier, r.procedure, r.dob)
    issuer = commune.upper()
    number = f"{r.number}/{f.srng.choice(['QĐ-UBND', 'UBND-XNTTHN', 'GXN-UBND', 'TB-UBND'])}"
    dated = f"ngày {d[0]:02d} tháng {d[1]:02d} năm {year}"
    f.truth[-1]["issuer"] = issuer
    f.truth[-1]["document_number"] = number
    f.truth[-1]["issue_date"] = _iso(*d)
    if f.style.header == "two_column":
        f.two([("ỦY BAN NHÂN DÂN", False)], [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False)])
        f.two([(issuer, True)], [("Độc lập - Tự do - Hạnh phúc", False)])
        f.two([("Số: ", False), (number, True)], [(f"{_short(commune)}, ", False), (dated, True)])
    else:
        f.title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        f.title("Độc lập - Tự do - Hạnh phúc")
        f.lines.append([("ỦY BAN NHÂN DÂN", False)])
        f.lines.append([(issuer, True)])
        f.lines.append([("Số: ", False), (number, True)])
        f.lines.append([(f"{_short(commune)}, ", False), (dated, True)])
    f.lines.append([(dtype, True)])
    f.truth[-1]["document_type"] = dtype
    f.row(("Về việc", "procedure_name", proc, proc))
    f.row(("Mã hồ sơ", "dossier_code", dossier, dossier))
    f.row((f.label("procedure_full_name", "Họ, chữ đệm, tên"), "full_name", p.full_name, p.full_name))
    date_row(f, f.label("procedure_date_of_birth", "Ngày, tháng, năm sinh"), "date_of_birth", dob)
    f.row(("Số định danh cá nhân", "personal_id", p.personal_id, p.personal_id))
    f.row(("Nơi cư trú", None, _place(rng), ""))
    f.row(("Giấy này có giá trị sử dụng", "validity", "06 tháng kể từ ngày cấp", "06 tháng kể từ ngày cấp"))


BUILDERS = {"civil.birth_extract": birth_extract, "civil.birth_register_page": register_page,
            "civil.marriage_extract": marriage, "civil.death_extract": death, "land.gcn": gcn,
            "land.gcn_2024": lambda rng, f: gcn(rng, f, v2024=True), "procedure.result": result}


class _Placed(NamedTuple):
    """A word of a styled form's line where ``render_styled`` draws it."""
    seg: int  # the index of its segment in the line
    word: str
    x: float
    y: int
    font: object
    is_value: bool
    boxed: bool = False  # an ID number written one digit to a printed box
    lift: int = 0  # drawn this far above the line (a footnote marker)


def _marked(draw, out: list, k: int, word: str, x: float, y: int, fonts, mark: tuple[str, bool]) -> float:
    """A label's last word with its footnote marker in small raised type, before the colon
    (``trú⁽²⁾:``) or after it (``trú: ⁽²⁾``); the x after them."""
    font, small, lift = fonts
    text, before = mark
    head = word[:-1] if before else word
    out.append(_Placed(k, head, x, y, font, False))
    x += draw.textlength(head, font=font) + (2 if before else draw.textlength(" ", font=font))
    out.append(_Placed(k, text, x, y, small, False, lift=lift))
    x += draw.textlength(text, font=small) + 2
    if before:
        out.append(_Placed(k, ":", x, y, font, False))
        x += draw.textlength(":", font=font)
    return x


def render_styled(lines: list, rng: random.Random, fill: str, style: Style) -> np.ndarray:
    """Draw a styled form: long values wrap onto the next line (at the margin, or inside their
    table cell), two-column header rows, ruled label | value cells, text at the page's foot.
    Every line is on the page (the truth holds each of its values): a form that would run past
    the page's foot is drawn again in smaller type, from the same random state."""
    state = rng.getstate()
    for scale in SCALES:
        rng.setstate(state)
        image, complete = _render_styled(lines, rng, fill, style, scale)
        if complete:
            break
    return image


#: the type sizes a form is drawn in, largest first, until all its lines fit the page
SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)


def _render_styled(lines: list, rng: random.Random, fill: str, style: Style,
                   scale: float) -> tuple[np.ndarray, bool]:
    """``render_styled`` in type ``scale`` times its drawn size; whether every line fit."""
    w, h = A4_300
    im = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(im)
    fonts = held_out_fonts() if style.fonts == "held_out" else printed_fonts()
    label_path = rng.choice(fonts)
    hand = fill in HAND_FILLS
    if hand:  # the held-out family is also filled in the held-out hand
        hands = held_out_cursive_fonts() if style.fonts == "held_out" else hand_fonts(fill)
        value_path, ink, vsize = rng.choice(hands), (35, 45, 120), 1.15
    else:
        value_path, ink, vsize = rng.choice(fonts), (25, 25, 25), 1.0
    word_gap = gap_share(rng, fill)  # the value's word gap, as a share of its font's space
    size = int(rng.randint(36, 44) * scale)
    lf, vf = _font(label_path, size), _font(value_path, int(size * vsize))
    margin_x = rng.randint(170, 260)
    right = w - margin_x
    y = rng.randint(170, 260)
    gap = int(size * rng.uniform(1.7, 1.95))
    dy = -int(size * 0.12) if hand else 0

    box = (0, 0, 0)  # a comb's box: width, top and bottom from the line's y (the printed form's)
    if style.comb:
        cell, (_l, t, _r, b) = int(size * rng.uniform(1.1, 1.5)), lf.getbbox("0")
        half = cell * rng.uniform(1.0, 1.2) / 2
        box = (cell, int((t + b) / 2 - half), int((t + b) / 2 + half))
    cell = box[0]

    notes = Notes(rng, style.notes)
    small = _font(label_path, int(size * 0.6))

    def place(segs, x0: int, x1: int, y: int) -> tuple[list[_Placed], int]:
        """Where each word of ``segs`` goes from x0, wrapping at x1 back to x0, and the y of the
        last visual line."""
        x, out = x0, []
        for k, (text, is_value) in enumerate(segs):
            font = vf if is_value else lf
            mark = None
            if not is_value and text.rstrip().endswith(":") and k + 1 < len(segs) and segs[k + 1][1]:
                text = notes.numbered(text) if k == 0 else text
                mark = notes.marker(text)
            space = draw.textlength(" ", font=font) * (word_gap if is_value else 1.0)
            lead = text[:len(text) - len(text.lstrip())]
            x += draw.textlength(lead, font=font)
            if is_value and style.comb and re.fullmatch(r"\d{12}", text.strip()):
                if x + 12 * cell > x1 and x > x0:
                    y += gap
                    x = x0
                x += draw.textlength(" ", font=lf)
                out.append(_Placed(k, text.strip(), x, y, font, True, boxed=True))
                x += 12 * cell + draw.textlength(" ", font=lf) * 2
                continue
            if is_value and style.dots:  # the hand starts a little way into the dots
                x += draw.textlength(".", font=lf) * rng.uniform(1, 5)
            words = text.split()
            for j, word in enumerate(words):
                wl = draw.textlength(word, font=font)
                if x + wl > x1 and x > x0:
                    y += gap
                    x = x0
                if mark is not None and j == len(words) - 1:  # the label's footnote marker
                    x = _marked(draw, out, k, word, x, y, (font, small, int(size * 0.4)), mark)
                    x += space
                    continue
                out.append(_Placed(k, word, x, y, font, is_value))
                x += wl + space
            if text and not text[-1].isspace():
                x -= space  # "Label:" + " " come as one segment; keep the natural spacing
                x += draw.textlength(" ", font=font) if text.endswith(":") else 0
            if is_value and style.dots:  # room after the value: the dots go on
                x += draw.textlength(".", font=lf) * rng.uniform(4, 14)
        return out, y

    def leaders(words: list[_Placed], x0: int, x1: int) -> None:
        """Dotted leaders under each value, from its label to the next label (or the line's
        end) on every visual line it takes, printed before the value is written over them."""
        dot = draw.textlength(".", font=lf)
        rows: dict[int, list[_Placed]] = {}
        for w in words:
            rows.setdefault(w.y, []).append(w)
        for y, row in rows.items():
            for i, w in enumerate(row):
                before = row[i - 1] if i > 0 else None
                if not w.is_value or w.boxed or (before is not None and before.seg == w.seg):
                    continue  # one run of dots per value and visual line
                start = x0 if before is None else before.x + draw.textlength(before.word, font=before.font) + 6
                nxt = next((v for v in row[i + 1:] if not v.is_value or v.boxed), None)
                end = (nxt.x - draw.textlength(" ", font=lf)) if nxt is not None else x1
                n = int((end - start) // dot)
                if n >= 3:
                    draw.text((start, y), "." * n, font=lf, fill=(20, 20, 20))

    def flow(segs, x0: int, x1: int, y: int) -> int:
        """Draw ``segs`` from x0, wrapping at x1 back to x0; the y of the last visual line."""
        words, y = place(segs, x0, x1, y)
        if style.dots and any(w.is_value for w in words):
            leaders(words, x0, x1)
        for w in words:
            if w.boxed:
                draw_comb(draw, rng, w, box, dy, ink, hand)
                continue
            draw.text((w.x, w.y + (dy if w.is_value else 0) - w.lift), w.word, font=w.font,
                      fill=ink if w.is_value else (20, 20, 20))
        return y

    complete = True
    for line in lines:
        if y > h - 420:
            complete = False
            break
        kind = line[0] if isinstance(line, tuple) else "line"
        if kind == "line":
            y = flow(line, margin_x + rng.randint(-6, 6), right, y) + gap
        elif kind == "two":
            for segs, (c0, c1) in ((line[1], (margin_x, w // 2 - 40)), (line[2], (w // 2 + 40, right))):
                width = sum(draw.textlength(t, font=vf if v else lf) for t, v in segs)
                flow(segs, int((c0 + c1) / 2 - min(width, c1 - c0) / 2), c1, y)
            y += gap
        elif kind == "side":  # two columns side by side, each from its own left edge
            mid = w // 2
            y = max(flow(line[1], margin_x, mid - 40, y), flow(line[2], mid + 40, right, y)) + gap
        elif kind == "cells":
            split = margin_x + int((right - margin_x) * 0.36)
            top = y - int(size * 0.45)
            end = max(flow(line[1], margin_x + 18, split - 12, y), flow(line[2], split + 18, right - 12, y))
            bottom = end + int(size * 1.35)
            draw.rectangle((margin_x, top, right, bottom), outline=(40, 40, 40), width=3)
            draw.line((split, top, split, bottom), fill=(40, 40, 40), width=3)
            y = bottom + int(size * 0.45) + 4
        elif kind == "grid":
            y = draw_grid(draw, line, (margin_x, right), y, (lf, vf, label_path, value_path, size), ink, gap,
                           word_gap)
        elif kind == "foot":
            red = _font(label_path, int(size * 1.1))
            draw.text((margin_x + 80, h - 250), line[1][0][0], font=red, fill=(200, 30, 35))
    note_font, step = _font(label_path, int(size * 0.72)), int(size * 0.95)
    for note in notes.legend():  # the notes, in small type below the form's items
        x = margin_x
        for word in note.split():
            wl = draw.textlength(word, font=note_font)
            if x + wl > right:
                x, y = margin_x + int(size * 0.8), y + step
            draw.text((x, y), word, font=note_font, fill=(20, 20, 20))
            x += wl + draw.textlength(" ", font=note_font)
        y += step
        if y > h - 600:
            break
    sig_y = min(h - 520, int(y + size * 0.5))
    draw.text((w - margin_x - 700, sig_y), "TM. ỦY BAN NHÂN DÂN", font=lf, fill=(20, 20, 20))
    _signature(draw, rng, w - margin_x - 620, sig_y + 90)
    out = np.asarray(im)
    return _seal(out, rng, w - margin_x - 560 + rng.randint(-40, 40), sig_y + 200), complete
