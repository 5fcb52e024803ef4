"""Realistic Vietnamese administrative text for synthetic pages (tests, bench, demo).

Everything is invented: names are drawn from common family, middle and given
names; ID numbers have a valid format (province code, century/sex digit, birth
year) but are random. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trương", "Quách", "Tạ", "Đoàn"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Quốc", "Minh", "Thành", "Công", "Xuân", "Đình", "Ngọc", "Trọng"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Diệu", "Phương", "Bích", "Hồng"]
GIVEN_M = ["Đức", "Hùng", "Dũng", "Tuấn", "Quang", "Khải", "Phúc", "Lộc", "Thắng", "Vượng",
           "Nghĩa", "Trường", "Hiếu", "Toản", "Khôi", "Sơn", "Cường", "Bảo", "Hưng", "Tiến"]
GIVEN_F = ["Hương", "Lan", "Huệ", "Nguyệt", "Thủy", "Ánh", "Hằng", "Trinh", "Yến", "Ngân",
           "Thảo", "Duyên", "Nhung", "Diễm", "Oanh", "Quỳnh", "Liễu", "Hạnh", "Tuyết", "Vy"]
ETHNIC = ["Kinh", "Kinh", "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông"]
COMMUNES = ["xã Tân Phú", "phường Bến Thành", "xã Đông Hòa", "xã Yên Lãng", "phường Quảng An",
            "xã Hòa Khánh", "thị trấn Phố Lu", "xã Nghĩa Đô", "phường Trường Thi", "xã Ea Tu",
            "xã Mường Hoa", "phường Vĩnh Ninh", "xã Thủy Xuân", "xã Cẩm Lệ", "phường Hưng Dũng"]
DISTRICTS = ["huyện Đông Anh", "quận Hoàn Kiếm", "huyện Thạch Thất", "thành phố Huế",
             "huyện Bảo Thắng", "huyện Krông Pắc", "thị xã Sa Pa", "huyện Hương Thủy"]
PROVINCES = [("001", "Hà Nội"), ("010", "Lào Cai"), ("046", "Thừa Thiên Huế"), ("066", "Đắk Lắk"),
             ("079", "Hồ Chí Minh"), ("040", "Nghệ An"), ("020", "Lạng Sơn"), ("048", "Đà Nẵng"),
             ("036", "Nam Định"), ("092", "Cần Thơ"), ("056", "Khánh Hòa"), ("024", "Bắc Giang")]
DIGITS_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
MONTH_WORDS = ["một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
               "mười một", "mười hai"]
PURPOSES = ["ONT", "ODT", "LUC", "CLN", "BHK", "NTS"]
DOC_TYPES = ["Quyết định", "Giấy phép xây dựng", "Giấy xác nhận", "Thông báo"]


@dataclass(frozen=True)
class Person:
    full_name: str
    male: bool
    birth_year: int
    birth_month: int
    birth_day: int
    province_code: str
    province: str
    personal_id: str
    ethnicity: str


def number_words(n: int) -> str:
    """Vietnamese reading of 1 ≤ n ≤ 9999 as used in registers ("một nghìn chín trăm tám mươi bảy")."""
    if n < 10:
        return DIGITS_WORDS[n]
    if n < 20:
        unit = n % 10
        return "mười" + ("" if unit == 0 else " " + ("lăm" if unit == 5 else DIGITS_WORDS[unit]))
    if n < 100:
        tens, unit = divmod(n, 10)
        s = DIGITS_WORDS[tens] + " mươi"
        if unit == 1:
            s += " mốt"
        elif unit == 4:
            s += " tư"
        elif unit == 5:
            s += " lăm"
        elif unit:
            s += " " + DIGITS_WORDS[unit]
        return s
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        s = DIGITS_WORDS[hundreds] + " trăm"
        if rest == 0:
            return s
        if rest < 10:
            return s + " linh " + DIGITS_WORDS[rest]
        return s + " " + number_words(rest)
    thousands, rest = divmod(n, 1000)
    s = DIGITS_WORDS[thousands] + " nghìn"
    if rest == 0:
        return s
    if rest < 100:
        return s + " không trăm " + (("linh " + DIGITS_WORDS[rest]) if rest < 10 else number_words(rest))
    return s + " " + number_words(rest)


def date_in_words(day: int, month: int, year: int) -> str:
    return (f"ngày {number_words(day)} tháng {MONTH_WORDS[month - 1]} "
            f"năm {number_words(year)}")


#: causes of death as death records write them: old age, the commonest diseases and accidents
CAUSES_OF_DEATH = ("Bệnh già", "Già yếu", "Tai biến mạch máu não", "Đột quỵ", "Suy tim", "Nhồi máu cơ tim",
                   "Ung thư gan", "Ung thư phổi", "Ung thư dạ dày", "Xơ gan", "Viêm phổi", "Suy thận",
                   "Đái tháo đường", "Tai nạn giao thông", "Đuối nước", "Lao phổi", "Bệnh tim",
                   "Cao huyết áp", "Không rõ nguyên nhân")


def cause_of_death(rng: random.Random) -> str:
    """A cause of death as a record writes it, in the writer's case (``Suy tim``, ``suy tim``)."""
    cause = rng.choice(CAUSES_OF_DEATH)
    return cause if rng.random() < 0.75 else cause[:1].lower() + cause[1:]


def margin_note(rng: random.Random, year: int) -> str:
    """A register entry's margin note ("Ghi chú") of a later change, as a register records one:
    a correction, change or addition of civil-status details or a re-determined ethnicity (Luật
    Hộ tịch 2014, art. 3), a re-registration or a late one (NĐ 123/2015/NĐ-CP), a parent
    recognised (TT 04/2020/TT-BTP) — with the decision's or extract's number and date, in the
    writer's own way (a capital or not, ``05/03/2001`` or ``5/3/2001``)."""
    later = rng.randint(year + 1, max(year + 1, 2024))
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    date = f"{day:02d}/{month:02d}/{later}" if rng.random() < 0.7 else f"{day}/{month}/{later}"
    n = rng.randint(1, 250)
    note = rng.choice([
        f"cải chính họ tên ngày {date}",
        f"cải chính họ, chữ đệm, tên ngày {date}",
        f"cải chính ngày sinh theo QĐ số {n}/QĐ-UBND ngày {date}",
        f"thay đổi tên theo TL số {n}/TLTĐHT ngày {date}",
        f"bổ sung quê quán ngày {date}",
        f"xác định lại dân tộc: {rng.choice([e for e in ETHNIC if e != 'Kinh'])}",
        "đăng ký lại",
        f"đăng ký lại ngày {date}",
        "đăng ký khai sinh quá hạn",
        f"nhận cha con theo TL số {n}/TLNCMC ngày {date}",
    ])
    return note[:1].upper() + note[1:] if rng.random() < 0.6 else note


def make_person(rng: random.Random, year_range=(1930, 2020), male: bool | None = None) -> Person:
    drawn = rng.random() < 0.5
    male = drawn if male is None else male
    name = " ".join([rng.choice(SURNAMES), rng.choice(MIDDLE_M if male else MIDDLE_F),
                     rng.choice(GIVEN_M if male else GIVEN_F)])
    year = rng.randint(*year_range)
    code, prov = rng.choice(PROVINCES)
    century = (year // 100) - 19
    g = century * 2 + (0 if male else 1)
    pid = f"{code}{g}{year % 100:02d}{rng.randint(0, 999999):06d}"
    return Person(name, male, year, rng.randint(1, 12), rng.randint(1, 28), code, prov, pid,
                  rng.choice(ETHNIC))


def place(rng: random.Random) -> str:
    return f"{rng.choice(COMMUNES)}, {rng.choice(DISTRICTS)}, tỉnh {rng.choice(PROVINCES)[1]}"


def birth_register_lines(rng: random.Random) -> list[str]:
    p = make_person(rng)
    father = make_person(rng, (p.birth_year - 45, p.birth_year - 20), male=True)
    mother = make_person(rng, (p.birth_year - 40, p.birth_year - 18), male=False)
    reg_year = min(2024, p.birth_year + rng.randint(0, 1))
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TRÍCH LỤC KHAI SINH",
        f"Số: {rng.randint(1, 350)}/TLKS    Quyển số: {rng.randint(1, 9):02d}/{reg_year}",
        f"Họ, chữ đệm, tên: {p.full_name}",
        f"Ngày, tháng, năm sinh: {p.birth_day:02d}/{p.birth_month:02d}/{p.birth_year}",
        f"ghi bằng chữ: {date_in_words(p.birth_day, p.birth_month, p.birth_year)}",
        f"Giới tính: {'Nam' if p.male else 'Nữ'}    Dân tộc: {p.ethnicity}    Quốc tịch: Việt Nam",
        f"Nơi sinh: Trạm y tế {place(rng)}",
        f"Quê quán: tỉnh {p.province}",
        f"Số định danh cá nhân: {p.personal_id}",
        f"Họ, chữ đệm, tên người mẹ: {mother.full_name}",
        f"Năm sinh: {mother.birth_year}    Dân tộc: {mother.ethnicity}",
        f"Nơi cư trú: {place(rng)}",
        f"Họ, chữ đệm, tên người cha: {father.full_name}",
        f"Năm sinh: {father.birth_year}    Dân tộc: {father.ethnicity}",
        f"Nơi đăng ký khai sinh: Ủy ban nhân dân {rng.choice(COMMUNES)}",
        f"Ngày đăng ký: {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{reg_year}",
        "Ghi chú: không",
    ]


def land_certificate_lines(rng: random.Random) -> list[str]:
    owner = make_person(rng, (1940, 2000))
    area = f"{rng.randint(40, 900)},{rng.randint(0, 9)}"
    return [
        "GIẤY CHỨNG NHẬN",  # the 2009/2014 form (TT 23/2014): its title names "nhà ở"
        "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
        f"Số phát hành: {rng.choice(['AA', 'BĐ', 'CS', 'DE'])} {rng.randint(0, 99999999):08d}",
        f"1. Người sử dụng đất: Ông/Bà {owner.full_name}, sinh năm {owner.birth_year}",
        f"Số định danh cá nhân: {owner.personal_id}",
        f"Địa chỉ thường trú: {place(rng)}",
        "2. Thửa đất:",
        f"a) Thửa đất số: {rng.randint(1, 999)};   b) Tờ bản đồ số: {rng.randint(1, 60)};",
        f"c) Địa chỉ: {place(rng)}",
        f"d) Diện tích: {area} m²",
        "đ) Hình thức sử dụng: Sử dụng riêng",
        f"e) Mục đích sử dụng: {rng.choice(PURPOSES)}",
        f"g) Thời hạn sử dụng: {rng.choice(['Lâu dài', 'đến ngày 15/10/2063'])}",
        "h) Nguồn gốc sử dụng: Nhà nước công nhận quyền sử dụng đất",
        f"Số vào sổ cấp GCN: {rng.choice(['CH', 'CS'])} {rng.randint(0, 99999):05d}",
    ]


def decision_lines(rng: random.Random) -> list[str]:
    p = make_person(rng, (1950, 2004))
    num = rng.randint(1, 999)
    year = rng.randint(2015, 2025)
    return [
        f"ỦY BAN NHÂN DÂN {rng.choice(COMMUNES).upper()}",
        f"Số: {num}/QĐ-UBND",
        f"Ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}",
        f"{rng.choice(DOC_TYPES).upper()}",
        "Về việc cấp giấy xác nhận tình trạng hôn nhân",
        f"Mã hồ sơ: {rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}.{rng.randint(0, 99):02d}."
        f"H{rng.randint(10, 99)}-{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-"
        f"{rng.randint(0, 9999):04d}",
        f"Xác nhận ông/bà: {p.full_name}",
        f"Ngày sinh: {p.birth_day:02d}/{p.birth_month:02d}/{p.birth_year}",
        f"Số định danh cá nhân: {p.personal_id}",
        f"Nơi cư trú: {place(rng)}",
        "Giấy này có giá trị sử dụng trong thời hạn 06 tháng kể từ ngày cấp.",
        "Nơi nhận: Như trên; Lưu: VT.",
    ]


KINDS = {"birth": birth_register_lines, "land": land_certificate_lines, "decision": decision_lines}


def page_lines(rng: random.Random, kind: str | None = None) -> list[str]:
    kind = kind or rng.choice(sorted(KINDS))
    return KINDS[kind](rng)
