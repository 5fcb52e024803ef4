"""Footnote markers after labels (``Dân tộc⁽⁴⁾:``) whitened before the page is read."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanner_station.imaging.cleanup import CleanupOptions, clean_page
from scanner_station.imaging.markers import find_markers, remove_markers
from scanner_station.synth.forms import TEMPLATES, make_form
from scanner_station.synth.pages import held_out_fonts, printed_fonts

SIZE = 40  # the body's type at 300 dpi (as the styled forms set it)


def _page(font_path):
    """Lines with raised markers (before and after a colon) and brackets that are not markers:
    a value's ``(bằng chữ)`` and a note's ``(1)`` on the line's foot, tone marks, a full stop."""
    img = Image.new("L", (1800, 700), 255)
    d = ImageDraw.Draw(img)
    body, small = ImageFont.truetype(str(font_path), SIZE), ImageFont.truetype(str(font_path), int(SIZE * 0.6))
    lift = int(SIZE * 0.4)
    placed = []

    def text(x, y, s, font=body):
        d.text((x, y), s, font=font, fill=20)
        return x + d.textlength(s, font=font)

    y = 60
    x = text(80, y, "8. Dân tộc")
    mark_x = x + 2
    x = text(mark_x, y - lift, "(4)", small)
    placed.append((mark_x, x))
    text(x + 2, y, ": Kinh")
    y += 110
    x = text(80, y, "10. Nơi sinh: ")
    placed.append((x, text(x, y - lift, "(12)", small)))
    text(placed[-1][1] + 12, y, "xã Yên Sở, huyện Hoài Đức")
    y += 110
    text(80, y, "Ngày sinh (bằng chữ): Mười hai tháng ba năm hai nghìn (2000).")
    y += 110
    text(80, y, "(1) Ghi đúng như giấy tờ đã được cấp.", small)
    y += 80
    text(80, y, "Họ, chữ đệm, tên: Nguyễn Thị Hằng (Hoà) ừ ự ỹ")
    # a register's header cell: the column's number beside the table's rules
    d.line([(1300, 20), (1300, 300)], fill=20, width=4)
    d.line([(1300, 100), (1700, 100)], fill=20, width=4)
    text(1330, 40, "(3)", small)
    return np.array(img), placed


@pytest.mark.parametrize("font", [printed_fonts()[0], held_out_fonts()[0]])
def test_raised_markers_are_found_and_brackets_on_the_line_are_not(font):
    gray, placed = _page(font)
    boxes = sorted(find_markers(gray))
    assert len(boxes) == len(placed), boxes
    for (x0, _, x1, _), (px0, px1) in zip(boxes, sorted(placed)):
        assert abs(x0 - px0) < 8 and abs(x1 - px1) < 8
    cleaned, taken = remove_markers(gray)
    assert taken == find_markers(gray)
    # only the markers' boxes changed: every other pixel is the page's own
    changed = np.argwhere(cleaned != gray)
    for y, x in changed:
        assert any(x0 - 1 <= x <= x1 and y0 - 1 <= y <= y1 for x0, y0, x1, y1 in taken)
    # nothing found: the page itself, untouched
    plain = gray.copy()
    for x0, y0, x1, y1 in taken:
        plain[y0 - 2:y1 + 2, x0 - 2:x1 + 2] = 255
    same, none = remove_markers(plain)
    assert none == [] and same is plain


def _markers_on(layout, fill, seed, k):
    sample = make_form(seed + k, TEMPLATES[k], "scanner" if k % 2 else "clean", fill, layout)
    page = clean_page(sample.image, CleanupOptions(markers=False))[0]
    return find_markers(page.image)


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["classic", "official", "old", "ruled", "table", "dotted_ho"])
def test_forms_that_print_no_markers_have_none_found(layout):
    """Brackets and tone marks of printed and hand-filled forms, rules of a table's cells and a
    hand's strokes are not taken for markers."""
    for fill in ("printed", "handwriting"):
        for k in (0, 1, 3):
            # 14400: a register grid's column numbers, (1), beside a rule
            assert _markers_on(layout, fill, 14400, k) == [], (layout, fill, k)


@pytest.mark.slow
def test_a_declaration_forms_markers_are_whitened_in_cleanup():
    sample = make_form(14301, TEMPLATES[1], "scanner", "printed", "boxed")
    page = clean_page(sample.image)[0]
    assert page.steps.get("note_markers", 0) >= 10
    assert find_markers(page.image) == []
    assert "note_markers" not in clean_page(sample.image, CleanupOptions(markers=False))[0].steps


def test_the_pages_labelling_is_shared_by_its_steps_for_that_page_only():
    """Leaders and markers label the same page's ink once: the very same array gets the kept
    labelling, a copy or another page (a new array) its own, and none is kept after cleanup."""
    from scanner_station.imaging import ink

    gray, _ = _page(printed_fonts()[0])
    first = ink.components(gray)
    assert ink.components(gray) is first
    other = gray.copy()
    other[:40, :40] = 0
    assert ink.components(other) is not first and ink.components(other)[0] == first[0] + 1
    assert ink.components(gray) is not first and ink.components(gray)[0] == first[0]
    ink.forget()
    clean_page(np.dstack([gray] * 3))
    assert getattr(ink._last, "value", None) is None
