"""Filled synthetic forms for every template, with field-level ground truth.

Each form is printed labels plus filled-in values, either printed in another
typeface or handwriting-like (cursive font, blue ink), at a random offset and
scale, with a red round seal and a signature scrawl, then degraded like a real
scan (``pages.VARIANTS`` minus spreads). ``truth`` gives, per record (register
pages have several), the normalised value the extractor should propose for each
field key. Everything is invented; ID numbers have a valid format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from . import texts
from .ink import Seg, render_form
from .pages import faded_book, phone_photo, scanner_degrade
from .styles import LABELS, LAYOUTS, Style
from .texts import COMMUNES, DISTRICTS, PROVINCES, Person, cause_of_death, date_in_words, make_person, margin_note

TEMPLATES = ("civil.birth_extract", "civil.birth_register_page", "civil.marriage_extract",
             "civil.death_extract", "land.gcn", "land.gcn_2024", "procedure.result")
FORM_VARIANTS = ("clean", "scanner", "phone", "faded")
#: "cramped": a hand that writes its words close together (gaps a third to two thirds of its
#: font's space; lost word spaces are the commonest misreading of real hands); "blockhand": a
#: hand printing its letters unjoined, as many clerks fill a form (its own font, Indie Flower)
FILLS = ("printed", "handwriting", "cramped", "blockhand")

@dataclass
class FormSample:
    image: np.ndarray  # RGB
    template_id: str
    variant: str
    fill: str
    truth: list[dict[str, str]]
    lines: list = field(default_factory=list)
    dpi: int = 300
    layout: str = "classic"

    @property
    def text(self) -> str:
        def segs(line) -> str:
            if isinstance(line, tuple) and line[0] == "grid":  # headers, shares, rows, …
                return "\n".join("    ".join(cells) for cells in [line[1], *line[3]])
            if isinstance(line, tuple):  # ("two"|"side"|"cells", a, b) or ("foot", segs)
                return "    ".join("".join(t for t, _ in part) for part in line[1:])
            return "".join(t for t, _ in line)
        return "\n".join(segs(line) for line in self.lines)


def _office(rng: random.Random) -> str:
    return f"Ủy ban nhân dân {rng.choice(COMMUNES)}, {rng.choice(DISTRICTS)}, tỉnh {rng.choice(PROVINCES)[1]}"


def _place(rng: random.Random) -> str:
    return texts.place(rng)


def _dmy(d: int, m: int, y: int) -> str:
    return f"{d:02d}/{m:02d}/{y}"


def _iso(d: int, m: int, y: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


class _Form:
    """Collects lines and the truth of the current record while a form is written.

    A line is a list of segments, or for styled layouts ``("two", left, right)`` (a two-column
    header row), ``("side", left, right)`` (two columns side by side), ``("cells", label, value)`` (a ruled table row), ``("foot", segs)`` (text at
    the foot of the page) or ``("grid", headers, widths, rows, numbered, blank_rows)`` (a
    register page printed as a ruled grid, one entry per row). ``style`` (``styles.LAYOUTS``) decides wording and placement; its
    random choices come from ``srng`` so the classic layout's drawings never change."""

    def __init__(self, style: Style = LAYOUTS["classic"], srng: random.Random | None = None) -> None:
        self.lines: list = []
        self.truth: list[dict[str, str]] = [{}]
        self.style = style
        self.srng = srng or random.Random(0)

    @property
    def classic(self) -> bool:
        return self.style.name == "classic"

    def label(self, key: str, default: str) -> str:
        """The label of ``key`` in this form version's wording (classic: ``default``)."""
        variants = LABELS.get(key, {}).get(self.style.wording)
        return default if self.classic or not variants else self.srng.choice(variants)

    def title(self, text: str) -> None:
        self.lines.append([(text, False)])

    def row(self, *items) -> None:
        """items: (label, key, written, normalised) or a plain string."""
        for item in items:
            if not isinstance(item, str) and item[1]:
                self.truth[-1][item[1]] = item[3]
        if not self.classic:
            fields = [it for it in items if not isinstance(it, str)]
            if self.style.table and fields:
                for label, _key, written, _ in fields:
                    self.lines.append(("cells", [(label, False)], [(written, True)]))
                return
            if len(fields) > 1 and not self.style.pairs:
                for it in fields:
                    self.row(it)
                return
            if len(items) == 1 and fields and self.srng.random() < self.style.below:
                label, _key, written, _ = fields[0]
                self.lines.append([(label + ":", False)])
                self.lines.append([("      ", False), (written, True)])
                return
        segs: list[Seg] = []
        for item in items:
            if isinstance(item, str):
                segs.append((item, False))
                continue
            label, key, written, norm = item
            if segs:
                segs.append(("    ", False))
            segs.append((label + ": ", False))
            segs.append((written, True))
        self.lines.append(segs)

    def words(self, label: str, text: str, paren: bool = False) -> None:
        """The value just written, again in words, on the same line (or in the same cell)."""
        extra = f" ({label}: {text})" if paren else f" {label}: {text}"
        last = self.lines[-1]
        if isinstance(last, tuple):  # a table cell
            last[2].append((extra, False))
        else:
            last.append((extra, False))

    def two(self, left: list[Seg], right: list[Seg]) -> None:
        self.lines.append(("two", left, right))

    def side(self, left: list[Seg], right: list[Seg]) -> None:
        """Two columns side by side, each written from its own left edge (the marriage
        certificate's two people)."""
        self.lines.append(("side", left, right))

    def foot(self, key: str, written: str, norm: str) -> None:
        self.lines.append(("foot", [(written, True)]))
        self.truth[-1][key] = norm

    def new_record(self, shared: dict[str, str]) -> None:
        if set(self.truth[-1]) - set(shared):
            self.truth.append(dict(shared))
        else:
            self.truth[-1].update(shared)


def register_entry(rng: random.Random, f: _Form, year: int, shared: dict[str, str]):
    """One entry of a birth register (a new record): the child, mother and father, the
    registration and birth dates and the sex, drawn in the order every register layout uses."""
    p = make_person(rng, (year - 1, year))
    mother = make_person(rng, (year - 40, year - 18), male=False)
    father = make_person(rng, (year - 45, year - 20), male=True)
    f.new_record(shared)
    reg = (rng.randint(1, 28), rng.randint(1, 12), year)
    dob = (p.birth_day, p.birth_month, p.birth_year)
    return p, mother, father, reg, dob, "Nam" if p.male else "Nữ"


def _birth_extract(rng: random.Random, f: _Form) -> None:
    p = make_person(rng, (1950, 2023))
    father = make_person(rng, (p.birth_year - 45, p.birth_year - 20), male=True)
    mother = make_person(rng, (p.birth_year - 40, p.birth_year - 18), male=False)
    reg = (rng.randint(1, 28), rng.randint(1, 12), min(2024, p.birth_year + rng.randint(0, 1)))
    num, vol = f"{rng.randint(1, 350)}", f"{rng.randint(1, 9):02d}/{reg[2]}"
    sex = "Nam" if p.male else "Nữ"
    pob = f"Trạm y tế {_place(rng)}"
    office = _office(rng)
    f.title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    f.title("Độc lập - Tự do - Hạnh phúc")
    f.title("TRÍCH LỤC KHAI SINH")
    f.row(("Số", "register_number", num, num), ("Quyển số", "book_volume", vol, vol))
    f.row(("Họ, chữ đệm, tên", "full_name", p.full_name, p.full_name))
    dob = (p.birth_day, p.birth_month, p.birth_year)
    f.row(("Ngày, tháng, năm sinh", "date_of_birth", _dmy(*dob), _iso(*dob)))
    f.row(("ghi bằng chữ", None, date_in_words(*dob), ""))
    f.row(("Giới tính", "sex", sex, sex), ("Dân tộc", "ethnicity", p.ethnicity, p.ethnicity),
          ("Quốc tịch", "nationality", "Việt Nam", "Việt Nam"))
    f.row(("Nơi sinh", "place_of_birth", pob, pob))
    f.row(("Số định danh cá nhân", "personal_id", p.personal_id, p.personal_id))
    f.row(("Họ, chữ đệm, tên người mẹ", "mother_name", mother.full_name, mother.full_name))
    f.row(("Họ, chữ đệm, tên người cha", "father_name", father.full_name, father.full_name))
    f.row(("Nơi đăng ký khai sinh", "registration_office", office, office))
    f.row(("Ngày đăng ký", "registration_date", _dmy(*reg), _iso(*reg)))


def _register_page(rng: random.Random, f: _Form) -> None:
    year = rng.randint(1975, 2015)
    vol = f"{rng.randint(1, 5):02d}/{year}"
    office = _office(rng)
    f.title("SỔ ĐĂNG KÝ KHAI SINH")
    f.row(("Quyển số", "book_volume", vol, vol))
    f.row(("Nơi đăng ký", "registration_office", office, office))
    shared = {"book_volume": vol, "registration_office": office}
    first = rng.randint(1, 300)
    for k in range(3):
        p, mother, father, reg, dob, sex = register_entry(rng, f, year, shared)
        pob = _place(rng)
        num = str(first + k)
        f.row(("Số", "register_number", num, num), ("Ngày đăng ký", "registration_date", _dmy(*reg), _iso(*reg)))
        f.row(("Họ, chữ đệm, tên", "full_name", p.full_name, p.full_name))
        f.row(("Ngày, tháng, năm sinh", "date_of_birth", _dmy(*dob), _iso(*dob)))
        f.row(("Giới tính", "sex", sex, sex), ("Dân tộc", "ethnicity", p.ethnicity, p.ethnicity),
              ("Quốc tịch", "nationality", "Việt Nam", "Việt Nam"))
        f.row(("Nơi sinh", "place_of_birth", pob, pob))
        f.row(("Số định danh cá nhân", "personal_id", p.personal_id, p.personal_id))
        f.row(("Họ, chữ đệm, tên người mẹ", "mother_name", mother.full_name, mother.full_name))
        f.row(("Họ, chữ đệm, tên người cha", "father_name", father.full_name, father.full_name))
        # a margin note of its own, drawn apart so that the page's other values stay as they were
        note = rng.choice(["không", ""]) or margin_note(random.Random(p.personal_id), year)
        f.row(("Ghi chú", "notes", note, note))


def _marriage(rng: random.Random, f: _Form) -> None:
    h = make_person(rng, (1950, 2000), male=True)
    w = make_person(rng, (h.birth_year - 5, min(2004, h.birth_year + 8)), male=False)
    year = max(h.birth_year, w.birth_year) + rng.randint(20, 30)
    year = min(year, 2024)
    reg = (rng.randint(1, 28), rng.randint(1, 12), year)
    num, vol = str(rng.randint(1, 200)), f"{rng.randint(1, 3):02d}/{year}"
    office = _office(rng)
    f.title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    f.title("Độc lập - Tự do - Hạnh phúc")
    f.title("TRÍCH LỤC KẾT HÔN")
    f.row(("Số", "register_number", num, num), ("Quyển số", "book_volume", vol, vol))
    for who, p, head in (("husband", h, "Thông tin người chồng"), ("wife", w, "Thông tin người vợ")):
        f.title(head)
        dob = (p.birth_day, p.birth_month, p.birth_year)
        res = _place(rng)
        f.row(("Họ, chữ đệm, tên", f"{who}_name", p.full_name, p.full_name))
        f.row(("Ngày, tháng, năm sinh", f"{who}_date_of_birth", _dmy(*dob), _iso(*dob)))
        f.row(("Dân tộc", f"{who}_ethnicity", p.ethnicity, p.ethnicity),
              ("Quốc tịch", f"{who}_nationality", "Việt Nam", "Việt Nam"))
        f.row(("Nơi cư trú", f"{who}_residence", res, res))
        f.row(("Số định danh cá nhân", f"{who}_personal_id", p.personal_id, p.personal_id))
    f.row(("Nơi đăng ký kết hôn", "registration_office", office, office))
    f.row(("Ngày đăng ký", "registration_date", _dmy(*reg), _iso(*reg)))


def death_draw(rng: random.Random, place):
    """What a death record says, drawn in the order every death layout uses; ``place(rng)``
    draws the place of death (invented names, or real units)."""
    p = make_person(rng, (1920, 1990))
    d = (rng.randint(1, 28), rng.randint(1, 12), rng.randint(max(p.birth_year + 20, 1990), 2024))
    reg = (min(28, d[0] + rng.randint(0, 3)), d[1], d[2])
    num, vol = str(rng.randint(1, 150)), f"{rng.randint(1, 3):02d}/{d[2]}"
    sex = "Nam" if p.male else "Nữ"
    dob = (p.birth_day, p.birth_month, p.birth_year)
    hm = f"{rng.randint(0, 23)} giờ {rng.randint(0, 59):02d} phút"
    pod = rng.choice(["tại nhà, ", "Bệnh viện đa khoa "]) + place(rng)
    # the cause is drawn apart (``cause_of_death``); the draw the first three causes took is still
    # made, so that the record's later values stay as they were
    rng.choice(["Bệnh già", "Tai biến mạch máu não", "Suy tim"])
    cause = cause_of_death(random.Random(p.personal_id))
    notice = f"{rng.randint(1, 999)}/GBT"
    declarant = make_person(rng, (1950, 2000))
    return p, d, reg, num, vol, sex, dob, hm, pod, cause, notice, declarant


def date_row(f: _Form, label: str, key: str, dmy: tuple[int, int, int]) -> None:
    """A date, and again in words on the same line where the family writes it so."""
    f.row((label, key, _dmy(*dmy), _iso(*dmy)))
    if f.style.words:
        f.words("ghi bằng chữ" if f.style.wording == "current" else "bằng chữ", date_in_words(*dmy),
                paren=f.style.wording == "old")


def death_rows(f: _Form, p, d, sex, dob, hm, pod, cause, notice, declarant) -> None:
    """The deceased, the death and the declarant, in the family's wording (classic: the first
    generator's labels); the date of birth also in words where the family writes it."""
    f.row((f.label("full_name", "Họ, chữ đệm, tên"), "full_name", p.full_name, p.full_name))
    date_row(f, f.label("date_of_birth", "Ngày, tháng, năm sinh"), "date_of_birth", dob)
    f.row(("Giới tính", "sex", sex, sex), ("Dân tộc", "ethnicity", p.ethnicity, p.ethnicity),
          ("Quốc tịch", "nationality", "Việt Nam", "Việt Nam"))
    f.row(("Số định danh cá nhân", "personal_id", p.personal_id, p.personal_id))
    f.lines.append([("Đã chết vào lúc: ", False), (f"{hm}, ngày {_dmy(*d)}", True)])
    f.truth[-1]["time_of_death"] = hm
    f.truth[-1]["date_of_death"] = _iso(*d)
    f.row(("Nơi chết", "place_of_death", pod, pod))
    f.row(("Nguyên nhân chết", "cause_of_death", cause, cause))
    f.row(("Giấy báo tử số", "death_notice", notice, notice))
    f.row((f.label("declarant_name", "Họ, chữ đệm, tên người đi khai tử"), "declarant_name",
           declarant.full_name, declarant.full_name))


def _death(rng: random.Random, f: _Form) -> None:
    p, d, reg, num, vol, sex, dob, hm, pod, cause, notice, declarant = death_draw(rng, _place)
    office = _office(rng)
    f.title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    f.title("Độc lập - Tự do - Hạnh phúc")
    f.title("TRÍCH LỤC KHAI TỬ")
    f.row(("Số", "register_number", num, num), ("Quyển số", "book_volume", vol, vol))
    death_rows(f, p, d, sex, dob, hm, pod, cause, notice, declarant)
    f.row(("Nơi đăng ký khai tử", "registration_office", office, office))
    f.row(("Ngày đăng ký", "registration_date", _dmy(*reg), _iso(*reg)))


def _area(rng: random.Random) -> tuple[str, str]:
    whole, dec = rng.randint(40, 900), rng.randint(0, 9)
    return f"{whole},{dec} m²", f"{whole}.{dec}"


@dataclass(frozen=True)
class _Parcel:
    area: str
    area_n: str
    number: str
    sheet: str
    address: str
    owner_address: str
    purpose: str


def _parcel(rng: random.Random) -> _Parcel:
    """A land parcel for both GCN forms (the draws in the order both forms always made them)."""
    area, area_n = _area(rng)
    number, sheet = str(rng.randint(1, 999)), str(rng.randint(1, 60))
    address, owner_address = _place(rng), _place(rng)
    return _Parcel(area, area_n, number, sheet, address, owner_address, rng.choice(texts.PURPOSES))


def _gcn_titles(f: _Form, v2024: bool = False) -> None:
    f.title("GIẤY CHỨNG NHẬN")
    # the 2009/2014 forms name "nhà ở và tài sản khác"; the 2024 form does not
    f.title("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT" if v2024
            else "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT")


def _gcn(rng: random.Random, f: _Form) -> None:
    o = make_person(rng, (1940, 2000))
    serial = f"{rng.choice(['AA', 'BĐ', 'CS', 'DE'])} {rng.randint(0, 999999):06d}{rng.randint(0, 99):02d}"
    p = _parcel(rng)
    term = rng.choice(["Lâu dài", "đến ngày 15/10/2063"])
    reg = f"{rng.choice(['CH', 'CS'])} {rng.randint(0, 99999):05d}"
    _gcn_titles(f)
    f.row(("Số phát hành", "certificate_serial", serial, serial))
    f.row(("1. Người sử dụng đất: Ông/Bà", "owner_name", o.full_name, o.full_name),
          ("sinh năm", "owner_birth_year", str(o.birth_year), str(o.birth_year)))
    f.row(("Số định danh cá nhân", "owner_id", o.personal_id, o.personal_id))
    f.row(("Địa chỉ thường trú", "owner_address", p.owner_address, p.owner_address))
    f.title("2. Thửa đất:")
    f.row(("a) Thửa đất số", "parcel_number", p.number, p.number), ("b) Tờ bản đồ số", "map_sheet", p.sheet, p.sheet))
    f.row(("c) Địa chỉ", "parcel_address", p.address, p.address))
    f.row(("d) Diện tích", "area_m2", p.area, p.area_n))
    f.row(("đ) Hình thức sử dụng", "land_use_form", "Sử dụng riêng", "Sử dụng riêng"))
    f.row(("e) Mục đích sử dụng", "land_use_purpose", p.purpose, p.purpose))
    f.row(("g) Thời hạn sử dụng", "land_use_term", term, term))
    origin = "Nhà nước công nhận quyền sử dụng đất"
    f.row(("h) Nguồn gốc sử dụng", "land_use_origin", origin, origin))
    f.row(("Số vào sổ cấp GCN", "registry_number", reg, reg))


def _gcn_2024(rng: random.Random, f: _Form) -> None:
    o = make_person(rng, (1940, 2000))
    code = f"{rng.randint(10, 99)}{rng.randint(0, 999999999):09d}"
    serial = f"{rng.choice(['AA', 'AB', 'AC'])} {rng.randint(0, 99999999):08d}"
    p = _parcel(rng)
    reg = f"{rng.choice(['CH', 'CS'])} {rng.randint(0, 99999):05d}"
    _gcn_titles(f, v2024=True)
    f.row(("Mã Giấy chứng nhận", "certificate_code", code, code))
    f.row(("Số phát hành", "certificate_serial", serial, serial))
    f.title("1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:")
    f.row(("Ông/Bà", "owner_name", o.full_name, o.full_name),
          ("Năm sinh", "owner_birth_year", str(o.birth_year), str(o.birth_year)))
    f.row(("Số định danh cá nhân", "owner_id", o.personal_id, o.personal_id))
    f.row(("Địa chỉ", "owner_address", p.owner_address, p.owner_address))
    f.title("2. Thông tin thửa đất:")
    f.row(("Thửa đất số", "parcel_number", p.number, p.number), ("Tờ bản đồ số", "map_sheet", p.sheet, p.sheet))
    f.row(("Diện tích", "area_m2", p.area, p.area_n))
    f.row(("Địa chỉ", "parcel_address", p.address, p.address))
    f.row(("Loại đất", "land_use_purpose", p.purpose, p.purpose))
    f.row(("Hình thức sử dụng", "land_use_form", "Sử dụng riêng", "Sử dụng riêng"))
    f.row(("Thời hạn sử dụng", "land_use_term", "Lâu dài", "Lâu dài"))
    origin = "Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất"
    f.row(("Nguồn gốc sử dụng", "land_use_origin", origin, origin))
    f.row(("Số vào sổ cấp Giấy chứng nhận", "registry_number", reg, reg))


@dataclass(frozen=True)
class _ResultDraw:
    """What a procedure result is about, drawn in the order every result layout uses."""

    person: Person
    year: int
    date: tuple[int, int, int]
    commune: str
    number: int
    doc_type: str
    dossier: str
    procedure: str = "cấp giấy xác nhận tình trạng hôn nhân"

    @property
    def dob(self) -> tuple[int, int, int]:
        return (self.person.birth_day, self.person.birth_month, self.person.birth_year)


def result_draw(rng: random.Random, commune) -> _ResultDraw:
    """``commune(rng)`` draws the issuing commune (invented names, or real units)."""
    p = make_person(rng, (1950, 2004))
    year = rng.randint(2015, 2025)
    d = (rng.randint(1, 28), rng.randint(1, 12), year)
    where = commune(rng)
    number = rng.randint(1, 999)
    dtype = rng.choice(["QUYẾT ĐỊNH", "GIẤY XÁC NHẬN", "THÔNG BÁO"])
    dossier = (f"{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}.{rng.randint(0, 99):02d}."
               f"H{rng.randint(10, 99)}-{year % 100:02d}{d[1]:02d}{d[0]:02d}-{rng.randint(0, 9999):04d}")
    return _ResultDraw(p, year, d, where, number, dtype, dossier)


def _result(rng: random.Random, f: _Form) -> None:
    r = result_draw(rng, lambda g: g.choice(COMMUNES))
    p, year, d, commune, dtype, dossier, proc, dob = (r.person, r.year, r.date, r.commune, r.doc_type,
                                                       r.dossier, r.procedure, r.dob)
    issuer = commune.upper()
    number = f"{r.number}/QĐ-UBND"
    f.row(("ỦY BAN NHÂN DÂN", "issuer", issuer, issuer))
    f.row(("Số", "document_number", number, number))
    f.lines.append([(f"{commune.split(' ', 1)[1]}, ", False),
                    (f"ngày {d[0]} tháng {d[1]} năm {year}", True)])
    f.truth[-1]["issue_date"] = _iso(*d)
    f.lines.append([(dtype, True)])
    f.truth[-1]["document_type"] = dtype
    f.row(("Về việc", "procedure_name", proc, proc))
    f.row(("Mã hồ sơ", "dossier_code", dossier, dossier))
    f.row(("Xác nhận ông/bà", "full_name", p.full_name, p.full_name))
    f.row(("Ngày sinh", "date_of_birth", _dmy(*dob), _iso(*dob)))
    f.row(("Số định danh cá nhân", "personal_id", p.personal_id, p.personal_id))
    f.row(("Nơi cư trú", None, _place(rng), ""))
    f.row(("Giấy này có giá trị sử dụng", "validity", "06 tháng kể từ ngày cấp", "06 tháng kể từ ngày cấp"))


BUILDERS = {"civil.birth_extract": _birth_extract, "civil.birth_register_page": _register_page,
            "civil.marriage_extract": _marriage, "civil.death_extract": _death, "land.gcn": _gcn,
            "land.gcn_2024": _gcn_2024, "procedure.result": _result}


def make_form(seed: int, template_id: str | None = None, variant: str = "clean",
              fill: str = "printed", layout: str = "classic") -> FormSample:
    """A filled form, reproducible from ``seed``, in a layout family (``styles.LAYOUTS``)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    if variant not in FORM_VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(FORM_VARIANTS)}")
    if fill not in FILLS:
        raise ValueError(f"unknown fill {fill!r}; choose from {', '.join(FILLS)}")
    rng = random.Random(seed)
    template_id = template_id or rng.choice(TEMPLATES)
    if layout == "classic":
        f = _Form()
        BUILDERS[template_id](rng, f)
        img = render_form(f.lines, rng, fill)
    else:
        from . import styled_forms
        f = _Form(LAYOUTS[layout], random.Random(seed * 7919 + 17))
        styled_forms.BUILDERS[template_id](rng, f)
        img = styled_forms.render_styled(f.lines, rng, fill, f.style)
    dpi = 300
    if variant == "scanner":
        img = scanner_degrade(img, rng, max_skew=2.5)
    elif variant == "phone":
        img, dpi = phone_photo(img, rng), 150
    elif variant == "faded":
        img = faded_book(img, rng)
    return FormSample(img, template_id, variant, fill, f.truth, f.lines, dpi, layout)
