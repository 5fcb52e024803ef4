"""Layout families for the synthetic forms: how offices print and fill the same form.

A family fixes the conventions of a set of real forms: the wording of the form version
(current forms under TT 04/2020/TT-BTP, TT 10/2024/TT-BTNMT; older pre-2016 civil-status forms
and the 2009/2014 land certificates), the header (centred titles, or NĐ 30/2020's two columns),
where values go (same line, next line, a ruled table cell), whether fields share a line,
whether dates and areas are also written in words, whether the GCN serial is printed without
a label at the foot, whether register numbers carry a book series, and which fonts are used.

``HELD_OUT`` families and ``pages.held_out_fonts()`` are never looked at while reading rules
are developed; the bench reports them apart. Label wording is drawn per field from
``LABELS`` (the versions' texts; the first variant is the current form's).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    name: str
    #: "current" or "old" (pre-2016 civil-status wording, 2009 GCN wording)
    wording: str = "current"
    #: "centred" titles, or "two_column": issuer and number left, motto and date right
    header: str = "centred"
    #: probability that a one-field row puts its value on the line below its label
    below: float = 0.0
    #: two or three short fields share a line where the form allows it
    pairs: bool = True
    #: dates and areas written again in words on the same line
    words: bool = False
    #: ruled two-column table: label cell | value cell
    table: bool = False
    #: long values wrap onto the next line (instead of a smaller font)
    wrap: bool = False
    #: the GCN serial printed without a label at the foot of page 1
    serial_foot: bool = False
    #: register numbers with their book series ("191/TLKS-BS")
    series: bool = False
    #: "dev" fonts, or "held_out" fonts never seen while developing
    fonts: str = "dev"
    #: register pages as the books print them: a ruled grid, one entry per row
    grid: bool = False
    #: the blank form printed with dotted leaders after each label and the value written over
    #: them (``Họ và tên: ....Nguyễn Văn An..........``): the hand-filled forms' convention
    dots: bool = False
    #: the personal ID number written one digit to a box, in a comb of 12 printed boxes
    #: (``Số định danh cá nhân: |0|0|1|0|8|7|…``), as declaration forms print it
    comb: bool = False
    #: probability that a marriage form is the certificate with the husband and wife side by
    #: side, a column each under its heading, the same labels on both sides
    couple: float = 0.0
    #: items numbered (``1. Họ, chữ đệm và tên``) and footnote markers after some labels, the
    #: notes at the foot (``synth/notes.py``), as declaration forms print them
    notes: bool = False


LAYOUTS = {
    "classic": Style("classic"),
    "official": Style("official", header="two_column", words=True, wrap=True, serial_foot=True,
                      series=True, couple=0.5),
    "old": Style("old", wording="old", below=0.35, words=True, wrap=True, serial_foot=True, grid=True),
    "ruled": Style("ruled", wording="old", pairs=False, words=True, table=True, wrap=True, grid=True),
    "table": Style("table", header="two_column", pairs=False, words=True, table=True, wrap=True,
                   serial_foot=True, series=True, fonts="held_out", grid=True),
    # blank forms with dotted leaders, filled over the dots: the development family in the old
    # wording and centred titles, the held-out one in the current wording, NĐ 30/2020's two
    # columns and the held-out fonts and hand
    "dotted": Style("dotted", wording="old", below=0.2, words=True, wrap=True, dots=True, couple=0.5),
    "dotted_ho": Style("dotted_ho", header="two_column", words=True, wrap=True, serial_foot=True,
                       series=True, fonts="held_out", dots=True, couple=0.5),
    # the ID number one digit to a printed box: the development family on dotted forms in the
    # current wording, the held-out one without leaders, in two columns and the held-out fonts
    "boxed": Style("boxed", below=0.2, words=True, wrap=True, dots=True, comb=True, notes=True),
    "boxed_ho": Style("boxed_ho", header="two_column", pairs=False, words=True, wrap=True, series=True,
                      fonts="held_out", comb=True, couple=0.5, notes=True),
}
#: families kept out of development: figures on them are the held-out figures
HELD_OUT = ("table", "dotted_ho", "boxed_ho")

#: field key → wording → label variants (the first is the most common)
LABELS: dict[str, dict[str, list[str]]] = {
    "full_name": {"current": ["Họ, chữ đệm, tên", "Họ, chữ đệm và tên"], "old": ["Họ và tên", "Họ tên"]},
    "date_of_birth": {"current": ["Ngày, tháng, năm sinh"], "old": ["Sinh ngày", "Ngày, tháng, năm sinh"]},
    "mother_name": {"current": ["Họ, chữ đệm, tên người mẹ", "Họ, chữ đệm và tên người mẹ"],
                    "old": ["Họ và tên mẹ", "Họ và tên người mẹ"]},
    "father_name": {"current": ["Họ, chữ đệm, tên người cha", "Họ, chữ đệm và tên người cha"],
                    "old": ["Họ và tên cha", "Họ và tên người cha"]},
    "registration_date": {"current": ["Ngày đăng ký", "Ngày, tháng, năm đăng ký"],
                          "old": ["Đăng ký ngày", "Ngày đăng ký"]},
    "declarant_name": {"current": ["Họ, chữ đệm, tên người đi khai tử"],
                       "old": ["Họ và tên người đi khai tử"]},
    "owner_birth_year": {"current": ["Năm sinh"], "old": ["sinh năm", "năm sinh"]},
    "owner_address": {"current": ["Địa chỉ"], "old": ["Địa chỉ thường trú", "Hộ khẩu thường trú"]},
    "land_use_purpose": {"current": ["Mục đích sử dụng đất", "Loại đất"], "old": ["Mục đích sử dụng"]},
    "land_use_form": {"current": ["Hình thức sử dụng đất", "Hình thức sử dụng"], "old": ["Hình thức sử dụng"]},
    "land_use_term": {"current": ["Thời hạn sử dụng đất", "Thời hạn sử dụng"], "old": ["Thời hạn sử dụng"]},
    "land_use_origin": {"current": ["Nguồn gốc sử dụng đất", "Nguồn gốc sử dụng"], "old": ["Nguồn gốc sử dụng"]},
    "registry_number": {"current": ["Số vào sổ cấp Giấy chứng nhận", "Số vào sổ cấp GCN"],
                        "old": ["Số vào sổ cấp GCN", "Số vào sổ cấp giấy chứng nhận"]},
    "procedure_full_name": {"current": ["Họ, chữ đệm, tên", "Ông/Bà"], "old": ["Xác nhận ông/bà", "Họ và tên"]},
    "procedure_date_of_birth": {"current": ["Ngày, tháng, năm sinh", "Ngày sinh"], "old": ["Sinh ngày"]},
}
#: land-holder line openings (Ông (Bà), Hộ ông …) of the GCN forms
HOLDERS = {"current": ["Ông/Bà", "Ông", "Bà"], "old": ["Ông (Bà)", "Ông", "Bà", "Hộ ông", "Hộ bà"]}

#: the columns of a register book page printed as a grid (sổ đăng ký khai sinh, pre-2016 books
#: and later ones): field key, header variants, share of the grid's width
GRID_COLUMNS: list[tuple[str, list[str], float]] = [
    ("register_number", ["Số thứ tự", "Số TT", "STT"], 0.06),
    ("registration_date", ["Ngày, tháng, năm đăng ký", "Ngày đăng ký"], 0.11),
    ("full_name", ["Họ và tên người được khai sinh", "Họ và tên", "Họ, chữ đệm, tên"], 0.15),
    ("date_of_birth", ["Ngày, tháng, năm sinh", "Sinh ngày"], 0.11),
    ("sex", ["Giới tính", "Nam/Nữ"], 0.07),
    ("ethnicity", ["Dân tộc"], 0.08),
    ("place_of_birth", ["Nơi sinh"], 0.16),
    ("mother_name", ["Họ và tên mẹ", "Họ tên mẹ", "Họ và tên người mẹ"], 0.13),
    ("father_name", ["Họ và tên cha", "Họ tên cha", "Họ và tên người cha"], 0.13),
]
