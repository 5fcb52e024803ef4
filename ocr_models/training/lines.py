"""Synthetic training lines for AsterOCR's reading head: Vietnamese text in the development hands
and printed fonts, cropped and degraded like the station's line crops.

Texts are drawn from maintained data only: the Viet74K word list (underthesea, Apache-2.0), the
name syllables the station checks names with, and the administrative units
(``vietnamadminunits``), plus dates, numbers and codes in the shapes the forms hold, with
``forms`` the labels of the station's own templates and the 54 ethnic groups' names, and with
``documents`` those texts set as administrative documents set their lines (list markers,
capitals, slashes, dossier codes; ND 30/2020's conventions). No bench or test page and none of the
bench's held-out fonts is used (``check_fonts``).
"""

from __future__ import annotations

import random
import unicodedata

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scanner_station.domain.adminunits import unit_names
from scanner_station.extraction.templates import load_all
from scanner_station.extraction.validators import ethnic_names, name_syllables
from scanner_station.ocr import lexicon
from scanner_station.ocr.models import load_manifest
from scanner_station.synth import pages

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lâm", "Mai", "Trịnh", "Hà", "Tạ")
CODE_LETTERS = ("AA", "BK", "CS", "CH", "AD", "BD", "CT", "DA")


class Texts:
    """What a line says: words, a name, places, or a date, number or code; with ``forms``, that
    share of the lines is a form's label and its value ("Giới tính: Nữ", two to a line at times),
    the labels the station's templates know and values such as the ethnic groups' names
    ("H'Mông", "Khơ-me")."""

    def __init__(self, forms: float = 0.0, documents: float = 0.0, headings: bool = False) -> None:
        self.forms, self.documents, self.headings = forms, documents, headings
        #: the kind of the last line drawn ("labelled", "document" or "plain")
        self.kind = "plain"
        if forms or documents:
            self.labels = template_labels()
            self.ethnic = [n for names in ethnic_names() for n in names]
        lex = lexicon.load()
        path = next(m for m in load_manifest() if m.name == "viet74k").resolve()
        words = (unicodedata.normalize("NFC", w.strip()) for w in path.read_text("utf-8").splitlines())
        self.words = [w for w in words if w and len(w) < 25 and all(c.isalpha() or c == " " for c in w)]
        self.syllables = sorted({s.lower() for w in self.words for s in w.split()
                                 if lex.is_syllable(s.lower())})
        self.names = sorted(name_syllables())
        self.units = sorted(unit_names())
        if headings:  # the titles the templates know, read only where head lines are drawn
            self.titles = sorted({cue for t in load_all() for cue in t.cues + t.title_cues
                                  if cue.isupper() and " " in cue} | set(TITLES))

    def __call__(self, rng: random.Random) -> str:
        """A line's text; ``self.kind`` then says which kind it is ("labelled", "document",
        "plain")."""
        k = rng.random()
        self.kind = "labelled" if k < self.forms else "document" if k < self.forms + self.documents else "plain"
        return {"labelled": self._labelled, "document": self._document, "plain": self._plain}[self.kind](rng)

    def _document(self, rng: random.Random) -> str:
        """A line as administrative documents set them (ND 30/2020's conventions): an item of a
        list after its marker ("1.", "đ)", "-"), a title or an office's name in capitals, words
        with a slash between alternatives ("Ông/Bà"), a dossier's code, or clauses ended by a
        semicolon or a full stop."""
        k = rng.random()
        if k < 0.4:
            body = self._labelled(rng) if rng.random() < 0.4 else self._plain(rng)
            return f"{rng.choice(MARKERS)} {body}"
        if k < 0.5 or (k < 0.6 and not self.headings):
            return " ".join(rng.choice(self.words) for _ in range(rng.randint(2, 6))).upper()
        if k < 0.6:
            return self._heading(rng)
        if k < 0.72:
            pair = rng.choice(SLASHED)
            pair = pair if rng.random() < 0.5 else pair.lower()
            rest = self._plain(rng) if rng.random() < 0.7 else ""
            return f"{pair}: {rest}".rstrip() if rest and rng.random() < 0.6 else f"{pair} {rest}".rstrip()
        if k < 0.84:
            return _dossier(rng) if rng.random() < 0.6 else _document_number(rng, rng.randint(1990, 2025))
        clauses = [self._words(rng).rstrip(",.:;") for _ in range(rng.randint(1, 3))]
        return rng.choice(("; ", ", ")).join(clauses) + rng.choice((".", ";", ":", ""))

    def _heading(self, rng: random.Random) -> str:
        """A document's head line as ND 30/2020 sets it: the issuing office's name in capitals (the
        people's committee of an administrative unit, or one of its offices), the national name
        and motto, or a title the station's templates know, in either spelling of the tone's
        place ("ỦY"/"UỶ", "HÒA"/"HOÀ")."""
        k = rng.random()
        if k < 0.45:
            text = f"{rng.choice(HEAD_OFFICES[:3])} {rng.choice(self.units)}".upper()
        elif k < 0.55:
            text = rng.choice(HEAD_OFFICES[3:])
        elif k < 0.75:
            text = rng.choice(("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"))
        else:
            text = rng.choice(self.titles)
        if rng.random() < 0.3:
            text = text.replace("ỦY", "UỶ").replace("HÒA", "HOÀ")
        return text

    def _labelled(self, rng: random.Random) -> str:
        pairs = []
        for _ in range(1 if rng.random() < 0.7 else 2):
            k = rng.random()
            value = (rng.choice(self.ethnic) if k < 0.15 else rng.choice(("Nam", "Nữ")) if k < 0.25
                     else "" if k < 0.3 else self._plain(rng))
            pairs.append(f"{rng.choice(self.labels)}: {value}".rstrip())
        return (" " * rng.randint(1, 3)).join(pairs)

    def _plain(self, rng: random.Random) -> str:
        k = rng.random()
        if k < 0.35:
            return self._words(rng)
        if k < 0.55:
            name = [rng.choice(SURNAMES)] + [
                rng.choice(self.names) if rng.random() < 0.8 else _cap(rng.choice(self.syllables))
                for _ in range(rng.randint(1, 3))]
            text = " ".join(name)
            return text.upper() if rng.random() < 0.15 else text
        if k < 0.75:
            units = [rng.choice(self.units) for _ in range(rng.randint(1, 3))]
            return ", ".join(u[:1].lower() + u[1:] if rng.random() < 0.6 else u for u in units)
        return _number(rng)

    def _words(self, rng: random.Random) -> str:
        text = " ".join(rng.choice(self.words) for _ in range(rng.randint(1, 5)))
        r = rng.random()
        if r < 0.25:
            text = " ".join(_cap(w) for w in text.split())
        elif r < 0.32:
            text = text.upper()
        elif r < 0.6:
            text = _cap(text)
        if rng.random() < 0.2:
            text += rng.choice([",", ".", ":", ";"])
        return text


#: list markers as documents number their items (ND 30/2020: 1., 2.; a), b), … đ), e) …; dashes)
MARKERS = tuple(f"{n}." for n in range(1, 13)) + tuple(f"{c})" for c in "abcdđeghiklmn") + ("-", "+")
#: offices whose names head a document above the unit's (the committee, or one of its offices)
HEAD_OFFICES = ("ỦY BAN NHÂN DÂN", "CÔNG AN", "HỘI ĐỒNG NHÂN DÂN", "PHÒNG TƯ PHÁP",
                "VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "SỞ TƯ PHÁP")
#: documents' titles beside the templates' own (TT 04/2020/TT-BTP's forms, ND 30/2020's kinds)
TITLES = ("QUYẾT ĐỊNH", "THÔNG BÁO", "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", "TỜ KHAI ĐĂNG KÝ KHAI SINH",
          "GIẤY CHỨNG NHẬN KẾT HÔN", "TỜ KHAI ĐĂNG KÝ KẾT HÔN", "TRÍCH LỤC KẾT HÔN")
#: alternatives a form writes with a slash between them
SLASHED = ("Ông/Bà", "Anh/Chị", "Nam/Nữ", "Xã/Phường", "Tỉnh/Thành phố", "Quận/Huyện", "Cha/Mẹ")


def _dossier(rng: random.Random) -> str:
    """A dossier's code as the public service portal writes it (the office's code, the day's date,
    a sequence number: 000.00.00.H00-YYMMDD-NNNN)."""
    return (f"{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}.{rng.randint(0, 99):02d}."
            f"H{rng.randint(1, 99):02d}-{rng.randint(15, 25):02d}{rng.randint(1, 12):02d}"
            f"{rng.randint(1, 28):02d}-{rng.randint(0, 9999):04d}")


def template_labels() -> tuple[str, ...]:
    """The labels the station's form templates know: the circulars' wording and its variants."""
    return tuple(sorted({unicodedata.normalize("NFC", label)
                         for t in load_all() for spec in t.fields for label in spec.labels}))


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _number(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 31), rng.randint(1, 12), rng.randint(1930, 2025)
    shapes = [f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"ngày {d} tháng {m} năm {y}",
              "".join(rng.choice("0123456789") for _ in range(12)),
              f"{rng.randint(1, 999)}/{y}", f"Số: {rng.randint(1, 9999)}",
              f"{rng.choice(CODE_LETTERS)} {rng.randint(0, 999999):06d}", str(rng.randint(1, 999)),
              f"{rng.randint(0, 23)} giờ {rng.randint(0, 59)} phút", f"{m:02d}/{y}",
              f"Quyển số {rng.randint(1, 20):02d}/{y}", _document_number(rng, y)]
    return rng.choice(shapes)


#: document kinds and issuers' abbreviations as numbers write them (ND 30/2020/NĐ-CP, Phụ lục III)
KINDS = ("QĐ", "GXN", "TB", "CV", "BC", "KH", "TTr", "GCN", "GP", "HD")
ISSUERS = ("UBND", "UBND-VP", "STNMT", "VPĐKĐĐ", "UBND-TP", "SYT", "BCA", "HĐND")


def _document_number(rng: random.Random, year: int) -> str:
    n = rng.randint(1, 2999)
    if rng.random() < 0.5:
        return f"{n}/{rng.choice(KINDS)}-{rng.choice(ISSUERS)}"
    return f"Số: {n}/{year}/{rng.choice(KINDS)}-{rng.choice(ISSUERS)}"


def fonts() -> tuple[tuple, tuple]:
    """(hands, printed): the development fonts, never a held-out one."""
    hands = pages.cursive_fonts() + pages.block_hand_fonts()
    printed = pages.printed_fonts()
    check_fonts(hands + printed)
    return hands, printed


def check_fonts(paths) -> None:
    held_out = set()
    for kind in (pages.held_out_fonts, pages.held_out_cursive_fonts):
        try:
            held_out |= set(kind())
        except RuntimeError:  # not installed: cannot be used either
            pass
    if held_out & set(paths):
        raise SystemExit("a held-out font is among the training fonts")


def render(rng: random.Random, text: str, path, hand: bool, varied: bool = False,
           fit: bool = False) -> np.ndarray | None:
    """``text`` as a gray line crop: a hand's own lean, stroke width, a slight turn, the
    detector's margins, paper tone, blur, noise and a lower-resolution scan, each at random; with
    ``varied``, also the font's weight and width (where it has such axes), letter shapes bent and a
    baseline that wanders, narrower or wider writing and more lean. With ``fit``, the canvas grows
    where a tall hand's marks would be cut off (off by default: the version-1 head was trained
    without it, and its lines stay the same)."""
    size = rng.randint(34, 60)
    font = _varied(rng, path, size) if varied else pages._font(path, size)
    w, h = int(font.getlength(text)) + 2 * size, int(size * 2.2)
    baseline = int(size * 1.45)
    _, top, _, bottom = font.getbbox(text, anchor="ls")
    if fit and (top < -baseline or bottom > h - baseline):  # a tall hand's marks would be cut off
        baseline = max(baseline, -top + 4)
        h = max(h, baseline + bottom + 4)
    im = Image.new("L", (w, h), 255)
    ImageDraw.Draw(im).text((size, baseline), text, font=font, anchor="ls",
                            fill=rng.randint(0, 90 if hand else 60))
    a = np.asarray(im).copy()
    if rng.random() < 0.35:
        _leader_left(rng, a, baseline, size)
    if varied and rng.random() < (0.7 if hand else 0.2):
        a = _bent(rng, a, size, 1.0 if hand else 0.4)
    if varied and rng.random() < (0.5 if hand else 0.3):
        f = rng.uniform(0.72, 1.3) if hand else rng.uniform(0.85, 1.15)
        a = cv2.resize(a, (max(8, int(a.shape[1] * f)), h), interpolation=cv2.INTER_AREA)
        w = a.shape[1]
    if hand and rng.random() < 0.8:
        s = np.tan(np.radians(rng.uniform(-10, 25) if varied else rng.uniform(-8, 22)))
        a = cv2.warpAffine(a, np.float32([[1, -s, s * h / 2], [0, 1, 0]]), (w, h), borderValue=255)
    if rng.random() < 0.3:
        k = np.ones((2, 2), np.uint8)
        a = cv2.erode(a, k) if rng.random() < 0.6 else cv2.dilate(a, k)
    if rng.random() < 0.4:
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-1.5, 1.5), 1)
        a = cv2.warpAffine(a, turn, (w, h), borderValue=255)
    ys, xs = np.where(a < 160)
    if len(ys) == 0:
        return None
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    bh = y1 - y0
    top, foot = int(bh * rng.uniform(0.05, 0.2)), int(bh * rng.uniform(0.05, 0.2))
    left, right = rng.randint(2, int(bh * 0.4) + 3), rng.randint(2, int(bh * 0.4) + 3)
    a = a[max(0, y0 - top):y1 + foot, max(0, x0 - left):x1 + right].astype(np.float32)
    paper = rng.uniform(215, 255)
    a = paper - (255 - a) * (paper / 255)
    if rng.random() < 0.5:
        a = cv2.GaussianBlur(a, (0, 0), rng.uniform(0.3, 1.2))
    if rng.random() < 0.5:
        a += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(2, 12), a.shape)
    if rng.random() < 0.3:
        f = rng.uniform(0.45, 0.8)
        small = cv2.resize(a, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        a = cv2.resize(small, (a.shape[1], a.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.clip(a, 0, 255).astype(np.uint8)


#: axis name -> the part of its range a form's writing uses
AXES = {b"Weight": (300, 750), b"Width": (75, 100)}


def _varied(rng: random.Random, path, size: int):
    """The font at ``size``, a variable font at a random weight and width within ``AXES``."""
    font = pages._font(path, size)
    try:
        axes = font.get_variation_axes()
    except OSError:  # not a variable font
        return font
    if rng.random() < 0.3:
        return font
    font = ImageFont.truetype(str(path), size)  # its own object: the cached one stays at default
    values = []
    for axis in axes:
        lo, hi = AXES.get(axis.get("name"), (axis["default"], axis["default"]))
        values.append(rng.uniform(max(lo, axis["minimum"]), min(hi, axis["maximum"])))
    font.set_variation_by_axes(values)
    return font


def _bent(rng: random.Random, a: np.ndarray, size: int, strength: float) -> np.ndarray:
    """Letter shapes bent by a smooth random displacement (as hands differ from one another and
    from line to line) and a baseline that wanders."""
    h, w = a.shape
    g = np.random.default_rng(rng.randint(0, 1 << 30))

    def shift(sigma: float, most: float) -> np.ndarray:
        d = cv2.GaussianBlur(g.uniform(-1, 1, (h, w)).astype(np.float32), (0, 0), sigma)
        return d * (strength * most / (np.abs(d).max() + 1e-6))

    dx, dy = (shift(size * rng.uniform(0.25, 0.6), size * rng.uniform(0.03, 0.09)) for _ in range(2))
    wave = np.sin(np.arange(w) * 2 * np.pi / (size * rng.uniform(4, 12)) + rng.uniform(0, 6.3))
    dy += (wave * size * rng.uniform(0, 0.06) * strength).astype(np.float32)[None, :]
    mx, my = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(a, mx + dx, my + dy, cv2.INTER_LINEAR, borderValue=255)


def _leader_left(rng: random.Random, a: np.ndarray, baseline: int, size: int) -> None:
    """What a form's dotted line leaves once the station has taken it off: its dots under and
    beside the letters (where they touch the ink) and a few elsewhere, at the writing's foot."""
    step = rng.uniform(0.12, 0.3) * size
    y = baseline + int(rng.uniform(-0.05, 0.25) * size)
    r = max(1, int(rng.uniform(0.03, 0.06) * size))
    gray = rng.randint(20, 110)
    ink = a < 160
    x = rng.uniform(0, step)
    while x < a.shape[1] - r:
        xi = int(x)
        near = ink[max(0, y - 3 * r):y + 3 * r + 1, max(0, xi - 2 * r):xi + 2 * r + 1].any()
        if rng.random() < (0.7 if near else 0.12):
            cv2.circle(a, (xi, y), r, gray, -1)
        x += step


def sample(rng: random.Random, texts: Texts, hands, printed, hand_share: float = 0.7,
           varied: bool = False, fit: bool = False, hand_documents: bool = False):
    """(gray line crop, its text). With ``hand_documents`` a document's line is always drawn in a
    hand, and ``hand_share`` is the share of the other lines."""
    while True:
        text = texts(rng)
        hand = (hand_documents and texts.kind == "document") or rng.random() < hand_share
        img = render(rng, text, rng.choice(hands if hand else printed), hand, varied, fit)
        if img is not None:
            return img, text
