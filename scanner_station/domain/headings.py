"""Headings every administrative document of a kind carries word for word: the national name and
motto at the top of every page the state issues (and of every application a citizen writes by
hand), and the titles the circulars give their forms.

A heading is known text, not a value: a reader may weigh a line's ink against it (``ocr.headings``)
where the hand is hard to read — the national name written in a hand's swash capitals — and keeps
what the ink supports. Each heading is listed once; the spellings it is written in (``HÒA`` or the
older ``HOÀ``, a dash or none, in capitals or not) are ``spellings``, and the ink chooses among
them: a page is transcribed as written.

Sources: the national name and motto (Constitution 2013, art. 1 and 13; before 1976 in the North,
``VIỆT NAM DÂN CHỦ CỘNG HÒA``); civil status: Circular 04/2020/TT-BTP and its forms (trích lục,
giấy khai sinh, giấy chứng nhận kết hôn, tờ khai, sổ đăng ký), with the older book titles; land:
the certificates of Circulars 17/2009/TT-BTNMT and 23/2014/TT-BTNMT (``… NHÀ Ở VÀ TÀI SẢN KHÁC
GẮN LIỀN VỚI ĐẤT``), 10/2024/TT-BTNMT (``… TÀI SẢN GẮN LIỀN VỚI ĐẤT``) and the land-use-right
certificate before 2009; the kinds of document an office issues (Decree 30/2020/NĐ-CP, annex III).
"""

from __future__ import annotations

from functools import lru_cache

from .text import nfc

#: the national name and motto
NATIONAL = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "VIỆT NAM DÂN CHỦ CỘNG HÒA",
    "Độc lập - Tự do - Hạnh phúc",
)

#: titles of civil-status forms and books
CIVIL_STATUS = (
    "TRÍCH LỤC KHAI SINH",
    "GIẤY KHAI SINH",
    "TRÍCH LỤC KẾT HÔN",
    "GIẤY CHỨNG NHẬN KẾT HÔN",
    "TRÍCH LỤC KHAI TỬ",
    "GIẤY CHỨNG TỬ",
    "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "TRÍCH LỤC THAY ĐỔI HỘ TỊCH",
    "TRÍCH LỤC CẢI CHÍNH HỘ TỊCH",
    "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
    "TỜ KHAI ĐĂNG KÝ KHAI TỬ",
    "SỔ ĐĂNG KÝ KHAI SINH",
    "SỔ ĐĂNG KÝ KẾT HÔN",
    "SỔ ĐĂNG KÝ KHAI TỬ",
)

#: titles of land-use-right certificates (the name on its own line, the rights on the next)
LAND = (
    "GIẤY CHỨNG NHẬN",
    "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
    "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
    "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT",
)

#: the kinds of document an office issues, as their titles: those of Decree 30/2020/NĐ-CP's annex
#: III (their abbreviations are ``domain.labels.DOCUMENT_KINDS``) a commune's or district's People's
#: Committee issues to a citizen or files in a procedure's dossier, its permits, and the citizen's
#: request and its receipt. Not the kinds one letter from these that such an archive hardly holds
#: (``THÔNG CÁO``, a press communiqué, beside ``THÔNG BÁO``; ``QUY ĐỊNH`` beside ``QUYẾT ĐỊNH``):
#: where the ink is weak, two titles that near each other leave both as read (``ocr.headings.APART``)
DOCUMENTS = (
    "QUYẾT ĐỊNH",
    "THÔNG BÁO",
    "GIẤY XÁC NHẬN",
    "GIẤY MỜI",
    "GIẤY GIỚI THIỆU",
    "GIẤY ỦY QUYỀN",
    "BIÊN BẢN",
    "TỜ TRÌNH",
    "BÁO CÁO",
    "KẾ HOẠCH",
    "HỢP ĐỒNG",
    # the construction permit (Decree 15/2021/NĐ-CP, annex II), and a permit of another kind
    "GIẤY PHÉP XÂY DỰNG",
    "GIẤY PHÉP",
    "GIẤY ĐỀ NGHỊ",
    "ĐƠN ĐỀ NGHỊ",
    "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
)

#: the words a heading starts with, the office's own name after them: the issuing authority's line
#: of every document a commune's or district's people's committee issues, in capitals (``ỦY BAN
#: NHÂN DÂN XÃ TÂN PHÚ``, or the name on the next line; Decree 30/2020/NĐ-CP, annex I) — not the
#: same words in a value (``Nơi đăng ký: Ủy ban nhân dân xã Tân Phú``), which is read as written
LEADS = ("ỦY BAN NHÂN DÂN",)

HEADINGS = NATIONAL + CIVIL_STATUS + LAND + DOCUMENTS + LEADS

#: older spellings of the same word (the tone mark on the other vowel)
_OLD_TONES = {"HÒA": "HOÀ", "Hòa": "Hoà", "hòa": "hoà", "ỦY": "UỶ"}


@lru_cache(maxsize=None)
def spellings(heading: str) -> tuple[str, ...]:
    """The ways ``heading`` is written: as listed, the tone mark placed as older pages place it,
    without its dashes and commas (a hand may leave them out), and in capitals (the motto is
    written so too) — as listed first."""
    base = nfc(heading)
    forms = [base]
    for new, old in _OLD_TONES.items():
        forms += [f.replace(new, old) for f in forms if new in f]
    forms += [" ".join(f.replace(" - ", " ").replace(",", "").split()) for f in forms]
    forms += [f.upper() for f in forms]
    return tuple(dict.fromkeys(nfc(f) for f in forms))
