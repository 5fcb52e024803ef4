"""Numbered items and footnote markers, as declaration forms print them.

Forms such as the citizen-identity declaration (CC01) and the civil-status declarations number
their items (``1. Họ, chữ đệm và tên``) and put a footnote marker after some labels, in small
raised type, before or after the colon (``Nơi cư trú⁽²⁾: …``, ``Họ, chữ đệm, tên: ⁽¹⁾ …``); the
notes themselves are printed at the foot of the page (``(2) Ghi theo nơi đăng ký thường trú;
…``), in words that repeat the labels'. ``Notes`` makes those choices for one page with the
page's own random draws.
"""

from __future__ import annotations

import random

from ..domain.text import fold

#: a note's text by the start of its label (folded); the last is any other label's
LEGEND = (
    ("ho", "Ghi đầy đủ họ, chữ đệm, tên bằng chữ in hoa, có dấu, theo giấy khai sinh."),
    ("ngay", "Ghi ngày, tháng, năm sinh theo giấy khai sinh."),
    ("sinh", "Ghi ngày, tháng, năm sinh theo giấy khai sinh."),
    ("noi cu tru", "Ghi theo nơi đăng ký thường trú; nếu không có nơi thường trú thì ghi theo nơi "
                   "đăng ký tạm trú."),
    ("so dinh danh", "Ghi số định danh cá nhân đã được cấp (12 chữ số)."),
    ("dan toc", "Ghi dân tộc theo giấy khai sinh."),
    ("noi sinh", "Ghi đủ tên đơn vị hành chính cấp xã, cấp huyện, cấp tỉnh nơi sinh."),
    ("", "Ghi đúng như giấy tờ đã được cấp."),
)
#: share of a page's labels followed by a value that carry a marker
MARKED = 0.45
#: share of markers printed before the label's colon (the rest after it)
BEFORE_COLON = 0.6


class Notes:
    """One page's item numbers and footnote markers (``on``: the family prints them)."""

    def __init__(self, rng: random.Random, on: bool) -> None:
        self.rng, self.on = rng, on
        self.items = 0
        self.notes: list[str] = []

    def numbered(self, label: str) -> str:
        """The first label of a line with its item's number (``1. Họ, chữ đệm, tên: ``)."""
        if not self.on:
            return label
        self.items += 1
        return f"{self.items}. {label}"

    def marker(self, label: str) -> tuple[str, bool] | None:
        """A footnote marker for ``label`` (``"(2)"``, and whether it goes before the colon), or
        None; the note is kept for the page's foot."""
        if not self.on or self.rng.random() >= MARKED:
            return None
        core = fold(label.split(". ", 1)[-1]).lower().strip(" :")
        text = next(t for start, t in LEGEND if core.startswith(start))
        self.notes.append(text)
        return f"({len(self.notes)})", self.rng.random() < BEFORE_COLON

    def legend(self) -> list[str]:
        """The notes as the page's foot prints them, in their markers' order."""
        return [f"({i}) {t}" for i, t in enumerate(self.notes, 1)]
