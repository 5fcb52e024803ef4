"""The labels official forms print before their values, as known text a reader may weigh a line's
start against (``ocr.labels``): the shipped templates' field labels and parts' headings
(``form_templates/*.toml``, with their real variants: ``Họ, chữ đệm, tên``, ``Họ và tên``, ``Họ
tên``), the labels of values the templates do not read (``data/sub_labels.txt``: ``ghi bằng
chữ``, ``Năm sinh``, …), an administrative document's recipients (``Nơi nhận``), and the marks
that number a form's items (``1.``, ``a)``, ``đ)``: the Vietnamese alphabet, which has
no ``f``, orders them).

A label is printed text on a form and written word for word by a hand copying one into a book;
which of its spellings a line carries (its first letter in capitals or not) is the ink's choice.
A workspace's own templates are not read here: their labels are a clerk's, not the forms'.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from .. import data
from .text import letters_key, nfc

#: the marks that number a form's items: ``1.`` … ``9.``, ``a)`` … ``i)`` (``đ)`` after ``d)``)
ENUMERATORS = tuple(f"{d}." for d in range(1, 10)) + tuple(f"{c})" for c in "abcdđeghi")

#: a label with fewer letters than this is not weighed (``Số``, ``Ông``, ``Bà``: every line
#: starting with a short word would be near one)
SHORTEST = 6

#: the parts every administrative document prints before what it lists (Decree 30/2020/NĐ-CP,
#: annex I: the recipients, ``Nơi nhận: Như trên; Lưu: VT``)
DOCUMENT_PARTS = ("Nơi nhận",)

#: the recipients' items written word for word (Decree 30/2020/NĐ-CP, annex I: ``- Như Điều 3;``
#: where an article names who carries it out, ``- Như trên;`` where the heading's ``Kính gửi``
#: does, the office's own copy last, ``- Lưu: VT``: its records office, văn thư); the others
#: name an office and are a value, read as written
RECIPIENTS = ("Như trên", "Như Điều 2", "Như Điều 3", "Như Điều 4", "Lưu: VT")

#: the abbreviations of the kinds of administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục
#: III: nghị quyết NQ, quyết định QĐ, chỉ thị CT … phiếu báo PB) and of the results a procedure
#: gives (giấy xác nhận GXN, giấy phép GP, giấy chứng nhận GCN), in capitals as a number writes them
DOCUMENT_KINDS = ("NQ", "QĐ", "CT", "QC", "QYĐ", "TC", "TB", "HD", "KH", "PA", "ĐA", "DA", "BC", "BB",
                  "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "GXN", "GP", "GCN")
#: the issuer a commune's, district's or province's document is numbered under: its People's
#: Committee (a letter, công văn, puts the drafting unit after it: UBND-VP)
DOCUMENT_ISSUERS = ("UBND",)

#: the letters of a "Số vào sổ cấp GCN" (TT 23/2014/TT-BTNMT): issued by the district (CH), the
#: province (CT), the land registration office (CS)
REGISTRY_PREFIXES = ("CH", "CS", "CT")

#: labels written without a colon, their value after them (a decision's summary, ``Về việc cấp
#: giấy …``: Decree 30/2020/NĐ-CP, annex I)
WITHOUT_COLON = ("Về việc",)

#: labels of the templates that are not a label at a line's start: the letterhead's lead
#: (``domain.headings``) and phrases inside a sentence
NOT_AT_START = ("ỦY BAN NHÂN DÂN", "có giá trị sử dụng", "có giá trị đến", "sinh năm")


@lru_cache(maxsize=1)
def known_labels() -> tuple[str, ...]:
    """Every label of the shipped templates and ``sub_labels.txt``, once each (NFC), without the
    short ones (``SHORTEST``) and those not at a line's start (``NOT_AT_START``); an unreadable
    template file is skipped here (``templates check`` and the extraction say what is wrong)."""
    found: list[str] = []
    for path in sorted(data.templates_dir().glob("*.toml")):
        try:
            template = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for spec in template.get("field", []):
            found.extend(x for x in spec.get("labels", []) if isinstance(x, str))
        for part in template.get("section", []):  # a part's heading (``2. Thửa đất:``), its colon weighed apart
            found.extend(x.rstrip(" :") for x in part.get("headings", []) if isinstance(x, str))
    found.extend(data.lines("sub_labels.txt"))
    found.extend(DOCUMENT_PARTS)
    skip = {nfc(x) for x in NOT_AT_START}
    out: dict[str, str] = {}  # by the label with its first letter in capitals
    for x in found:
        x = nfc(x)
        first, _, rest = x.partition(" ")
        if first in ENUMERATORS and rest:  # ``c) Địa chỉ``: its mark is weighed as a mark
            x = rest
        if len(letters_key(x)) >= SHORTEST and x not in skip:
            out.setdefault(x[:1].upper() + x[1:], x)
    return tuple(out.values())


@lru_cache(maxsize=None)
def label_spellings(label: str) -> tuple[str, ...]:
    """The ways a label starts a line: as listed, with its first letter in capitals and small
    (``ghi bằng chữ``, ``Ghi bằng chữ``) — as listed first."""
    base = nfc(label)
    return tuple(dict.fromkeys((base, base[:1].upper() + base[1:], base[:1].lower() + base[1:])))
