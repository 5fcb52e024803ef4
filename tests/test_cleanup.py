"""Page cleanup on rendered Vietnamese pages with known geometry."""

import numpy as np
import pytest

from scanner_station.imaging.cleanup import (CleanupOptions, clean_page, estimate_orientation_and_skew,
                                             rotate90, rotate_bound, to_gray)
from scanner_station.synth.pages import make_page


@pytest.fixture(scope="module")
def gray_pages():
    return [to_gray(make_page(seed, "clean").image) for seed in (1, 2)]


@pytest.mark.parametrize("rot", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [-8.0, 0.0, 5.0, 12.0])
def test_orientation_and_skew_recovered(gray_pages, rot, skew):
    for g in gray_pages:
        turned = rotate90(rotate_bound(g, skew), rot)
        r, angle, _ = estimate_orientation_and_skew(turned)
        assert (r + rot) % 360 == 0, f"rotation {rot} answered {r}"
        assert abs(angle + skew) < 0.3, f"skew {skew} answered {angle}"


def test_clean_page_levels_a_skewed_scan():
    page = make_page(4, "scanner")
    out = clean_page(page.image)
    assert len(out) == 1
    steps = out[0].steps
    assert steps["orientation"]["rotated_ccw"] == 0
    # the re-measured skew of the cleaned page is ~0
    _, residual, _ = estimate_orientation_and_skew(out[0].image, orientation=False)
    assert abs(residual) < 0.3
    assert not out[0].blank


def test_upside_down_page_is_turned_back():
    page = make_page(5, "clean")
    out = clean_page(np.ascontiguousarray(page.image[::-1, ::-1]))
    assert out[0].steps["orientation"]["rotated_ccw"] == 180


def test_spread_is_split_in_auto_mode_and_not_when_off():
    page = make_page(7, "spread")
    auto = clean_page(page.image, CleanupOptions(split_mode="auto"))
    assert [p.part for p in auto] == [1, 2]
    x = auto[0].steps["split"]["x"]
    w = page.image.shape[1]
    assert 0.45 * w < x < 0.55 * w
    off = clean_page(page.image, CleanupOptions(split_mode="off"))
    assert [p.part for p in off] == [0]


def test_single_portrait_page_is_not_split():
    page = make_page(8, "clean")
    assert [p.part for p in clean_page(page.image)] == [0]


def test_blank_page_flagged_and_kept():
    rng = np.random.default_rng(0)
    blank = np.clip(rng.normal(240, 6, (3508, 2480, 3)), 0, 255).astype(np.uint8)  # noisy paper
    out = clean_page(blank)
    assert len(out) == 1 and out[0].blank is True
    assert out[0].image.shape[0] > 3000  # the page is still there


def test_page_with_one_short_line_is_not_blank():
    from scanner_station.synth.pages import printed_fonts, render_lines
    img = render_lines(["Ghi chú: không"], printed_fonts()[0])
    out = clean_page(img)
    assert out[0].blank is False


def test_a_faded_page_with_little_writing_is_read_not_flagged_blank():
    """Pale ink on a page with few lines: its darkest pixels are under 0.5 % of the page, so
    they once looked like a blank page's grain; left unstretched, the faint-grey step then
    whitened the writing itself and the page was flagged blank with nothing to read."""
    from scanner_station.synth.pages import printed_fonts, render_lines
    img = render_lines(["Số định danh cá nhân: 001087012345", "Họ và tên: Nguyễn Thị Lan"], printed_fonts()[0])
    pale = (255 - (255 - img.astype(np.float32)) * 0.28).astype(np.uint8)  # ink at about 185
    out = clean_page(pale)[0]
    assert out.blank is False
    assert (out.image < 128).sum() > 0.6 * (img.min(axis=2) < 128).sum()


def test_dark_scanner_border_is_cropped():
    page = make_page(9, "clean").image.copy()
    framed = np.zeros((page.shape[0] + 200, page.shape[1] + 200, 3), np.uint8)
    framed[100:-100, 100:-100] = page
    out = clean_page(framed)
    x0, y0, x1, y1 = out[0].steps["border_crop"]
    assert 95 <= x0 <= 110 and 95 <= y0 <= 110
    assert framed.shape[1] - 110 <= x1 and framed.shape[0] - 110 <= y1


def test_show_through_and_stains_are_whitened_and_ink_keeps_its_contrast():
    """The reverse page seen through the paper (light grey) is not ink; real ink stays dark."""
    from scanner_station.imaging.cleanup import suppress_faint
    g = np.full((100, 100), 255, np.uint8)
    g[10:20, 10:90] = 40    # ink
    g[40:50, 10:90] = 225   # show-through
    g[70:80, 10:90] = 150   # faded ink
    out, share = suppress_faint(g, 215)
    assert out[15, 50] < 60 and out[45, 50] == 255 and out[75, 50] < 190
    assert share > 0.05


def test_an_old_leaf_with_show_through_reads_without_the_reverse_page():
    from scanner_station.synth.pages import make_page
    page = make_page(2001, "showthrough")
    cleaned = clean_page(page.image)[0]
    assert cleaned.steps["faint_whitened"]["share"] > 0
    # the mirrored verso fills the right part of the page where most recto lines have ended:
    # after cleanup only the recto's few long lines are left there
    h, w = cleaned.image.shape
    right = cleaned.image[int(h * 0.1): h // 3, int(w * 0.75):]
    plain = clean_page(page.image, CleanupOptions(faint_level=0))[0].image[int(h * 0.1): h // 3, int(w * 0.75):]
    assert (plain < 230).mean() > 0.03  # without the step: grey verso writing
    assert (right < 230).mean() < 0.15 * (plain < 230).mean()
    # a page with nothing showing through is left as it is (thin tone marks are light grey)
    assert "faint_whitened" not in clean_page(make_page(2001, "scanner").image)[0].steps


@pytest.mark.parametrize("q", [0.0, 0.5, 1.0, 37.5, 50.0, 99.9, 100.0])
def test_the_page_percentile_is_numpys(q):
    from scanner_station.imaging.cleanup import percentile_0_255
    rng = np.random.default_rng(int(q * 10))
    for values in (np.clip(rng.normal(220, 50, (300, 200)), 0, 255).astype(np.float32),
                   rng.integers(0, 256, (50, 70)).astype(np.float32), np.full((4, 4), 255.0, np.float32),
                   np.array([[3.5]], np.float32)):
        assert percentile_0_255(values, q) == pytest.approx(float(np.percentile(values, q)), abs=1e-4)


def test_the_grey_histogram_is_numpys():
    from scanner_station.imaging.cleanup import histogram
    rng = np.random.default_rng(7)
    page = rng.integers(0, 256, (700, 500)).astype(np.uint8)
    for values in (page, page[:, 3:401], page.T, np.full((1, 1), 255, np.uint8)):  # strided too
        assert np.array_equal(histogram(values), np.bincount(values.ravel(), minlength=256))


# --- a blank form's dotted leaders -------------------------------------------------------------

def _form_line(draw, font, y, label, value, lead_to=2300):
    """``label: ......value......`` as a form prints its leader and a person writes over it;
    returns the x range of the value."""
    x = 200 + draw.textlength(label + ": ", font=font)
    draw.text((200, y), label + ":", font=font, fill=0)
    dot = draw.textlength(".", font=font)
    draw.text((x, y), "." * int((lead_to - x) // dot), font=font, fill=0)
    vx = x + 4 * dot
    # the value over the dots: its own white box only where its letters are (the dots between
    # its words stay, as under a real hand)
    for word in value.split():
        draw.text((vx, y - 6), word, font=font, fill=0)
        vx += draw.textlength(word + "  ", font=font)
    return x, vx


def test_dotted_leaders_are_whitened_and_the_writing_kept():
    from PIL import Image, ImageDraw

    from scanner_station.imaging.leaders import find_leaders
    from scanner_station.synth.pages import _font, printed_fonts

    im = Image.new("L", (2480, 900), 255)
    d = ImageDraw.Draw(im)
    font = _font(printed_fonts()[0], 40)
    starts = [_form_line(d, font, 150, "Họ và tên", "Phạm Thị Ngọc")[0],
              _form_line(d, font, 300, "Nơi sinh", "xã Tân Phú")[0]]
    d.text((200, 450), "Ghi chú: số 12. Đã cấp bản sao.", font=font, fill=0)  # a full stop, no leader
    d.text((200, 600), "ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ", font=font, fill=0)  # dots below letters, in a row
    before = np.asarray(im)
    out, n, _, _ = find_leaders(before)
    assert n > 250  # two lines of leaders, the dots between the written words too
    # nothing dark is left on the leaders' lines beyond the written words, and the labels'
    # colons keep both dots
    assert (out[170:205, 900:2300] < 128).sum() == 0 and (out[320:355, 700:2300] < 128).sum() == 0
    for y, x in zip((150, 300), starts):
        label = np.s_[y:y + 50, 200:int(x) - 2]
        assert ((out[label] < 128) == (before[label] < 128)).all()
    # a full stop in text, a row of dots below letters: untouched
    assert (out[430:900] == before[430:900]).all()
    # a page with no leaders comes back as it was
    page = to_gray(make_page(3, "clean").image)
    same, none, doubts, _ = find_leaders(page)
    assert none == 0 and same is page and doubts == []


def test_a_leader_a_typed_value_covers_most_of_is_whitened_too():
    """A value typed over the dotted line from its start ("Nơi đăng ký: Ủy ban nhân dân xã …",
    most of the line): a letter stands over most of the leader's dots, but the leader runs on
    clear past the value's end, as no row of tone marks does — left on the page, its dots are
    read as full stops between the words, and a crop of the value is read on its dots' row."""
    from PIL import Image, ImageDraw

    from scanner_station.imaging.leaders import find_leaders
    from scanner_station.synth.pages import _font, printed_fonts

    im = Image.new("L", (2480, 700), 255)
    d = ImageDraw.Draw(im)
    font = _font(printed_fonts()[0], 40)
    value = "Ủy ban nhân dân xã Gia Mô, huyện Tân Lạc, tỉnh Hòa Bình"
    # the leader runs on past the value's end (``_form_line``: four dots before it) by 25 dots
    dot = d.textlength(".", font=font)
    end = 200 + d.textlength("Nơi đăng ký: ", font=font) + 4 * dot \
        + sum(d.textlength(w + "  ", font=font) for w in value.split())
    x0, x1 = _form_line(d, font, 150, "Nơi đăng ký", value, lead_to=end + 25 * dot)
    d.text((200, 450), "ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ ạ", font=font, fill=0)  # dots below letters
    before = np.asarray(im)
    out, n, _, lines = find_leaders(before)
    assert n > 100 and lines
    # the dots past the value's end are gone; the row of tone marks stays as it was
    assert (out[170:205, int(x1) + 10:2480] < 128).sum() == 0, n
    assert (out[400:700] == before[400:700]).all()


def test_the_leaders_lines_are_kept_and_a_value_written_over_one_is_told():
    from PIL import Image, ImageDraw

    from scanner_station.extraction.page_marks import over_leader
    from scanner_station.imaging.leaders import find_leaders
    from scanner_station.synth.pages import _font, printed_fonts

    im = Image.new("L", (2480, 700), 255)
    d = ImageDraw.Draw(im)
    font = _font(printed_fonts()[0], 40)
    x0, x1 = _form_line(d, font, 150, "Họ và tên", "Phạm Thị Ngọc")
    d.text((200, 450), "Ghi chú: số 12. Đã cấp bản sao.", font=font, fill=0)
    found = find_leaders(np.asarray(im))
    assert found.dots > 100 and found.lines
    # the leader's line runs from after the label to the line's end, at the dots' height
    lx0, ly0, lx1, ly1 = max(found.lines, key=lambda ln: ln[2] - ln[0])
    assert lx0 < x0 + 60 and lx1 > 2100 and all(170 <= y <= 200 for y in (ly0, ly1)), (found.lines, x0)
    # the value's words (their box: from the top of its letters to their baseline) stand over it;
    # the note's line, two lines below, does not; nor a box over the leader's line by a line
    value = (int(x0) + 40, 148, int(x1), 190)
    assert over_leader(value, found.lines)
    assert not over_leader((200, 450, 900, 495), found.lines)
    assert not over_leader((int(x0) + 40, 60, int(x1), 102), found.lines)
    # a page without leaders has no lines
    assert find_leaders(to_gray(make_page(3, "clean").image)).lines == []


def test_leaders_are_found_where_they_hold_most_of_the_ink():
    """A register page dense with leaders and filled in a thin hand: the dots hold most of the
    page's ink, and the letters' height (``ink.letters``) must still be the letters', not the
    dots' (else no dot is small beside the letters, and no leader is found)."""
    import cv2
    from PIL import Image, ImageDraw

    from scanner_station.imaging.ink import components, letters
    from scanner_station.imaging.leaders import find_leaders
    from scanner_station.synth.pages import _font, printed_fonts

    im = Image.new("L", (2480, 1900), 255)
    d = ImageDraw.Draw(im)
    font = _font(printed_fonts()[0], 40)
    for k in range(12):
        _form_line(d, font, 100 + 150 * k, "Số", "")
    page = np.asarray(im)
    stats = components(page)[2]
    dots = (stats[1:, cv2.CC_STAT_HEIGHT] <= 12) & (stats[1:, cv2.CC_STAT_WIDTH] <= 12)
    assert stats[1:, cv2.CC_STAT_AREA][dots].sum() > 0.6 * stats[1:, cv2.CC_STAT_AREA].sum()  # the premise
    height = letters(stats)[1]
    assert 20 <= height <= 40  # the print's letters (40 px type), not its dots (about 8 px)
    out, n, _, _ = find_leaders(page)
    assert n > 12 * 150
    assert (out[130:170, 400:2300] < 128).sum() == 0


def test_a_hyphen_on_a_leaders_line_at_its_pitch_stays():
    """A value printed over the dotted line ("494/TB-UBND"): its hyphen stands on the leader's
    line at its pitch, a dot's height but twice its width — not a dot."""
    import cv2

    from scanner_station.imaging.leaders import find_leaders

    page = np.full((300, 2400), 255, np.uint8)
    cv2.putText(page, "Dia chi thuong tru", (100, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 4)
    xs = list(range(700, 2300, 16))
    # 5 px dots 16 px apart; where the value's letters stand (here left blank) none shows, so
    # its hyphen is alone on the line between two runs
    shown = [x for i, x in enumerate(xs) if not 34 <= i <= 46]
    for x in shown:
        cv2.rectangle(page, (x, 150), (x + 4, 154), 0, -1)
    hyphen = xs[40]
    cv2.rectangle(page, (hyphen - 3, 150), (hyphen + 6, 154), 0, -1)  # 10 px wide, on the line
    out, n, _, _ = find_leaders(page)
    assert n == len(shown)
    assert (out[150:155, hyphen - 3:hyphen + 7] == 0).all()  # the hyphen stays whole
    assert (out[140:160, 690:hyphen - 8] < 128).sum() == 0  # every dot before it is gone


def test_cleanup_records_the_leader_dots_it_took_off():
    from scanner_station.synth.forms import make_form

    form = make_form(7, "civil.birth_extract", "scanner", "handwriting", "dotted")
    steps = clean_page(form.image)[0].steps
    assert steps["leader_dots"] > 500 and len(steps["leader_lines"]) >= 8  # a line a field, at least
    assert "leader_dots" not in clean_page(form.image, CleanupOptions(leaders=False))[0].steps
    plain = make_form(7, "civil.birth_extract", "scanner", "handwriting", "official")
    assert "leader_dots" not in clean_page(plain.image)[0].steps


# --- combs of digit boxes ----------------------------------------------------------------------

def _comb(draw, font, x, y, digits, cell=52, rule=2, runs_on=0):
    """A comb of printed boxes at (x, y) with a digit written in each; ``runs_on``: the rules
    go on this far past the last box (a table's rules, not a comb). Returns the boxes' x0s."""
    top, bottom = y, y + int(cell * 1.1)
    xs = [x + i * cell for i in range(len(digits))]
    draw.line((x, top, x + len(digits) * cell + runs_on, top), fill=0, width=rule)
    draw.line((x, bottom, x + len(digits) * cell + runs_on, bottom), fill=0, width=rule)
    for i, ch in enumerate(digits):
        draw.line((xs[i], top, xs[i], bottom), fill=0, width=rule)
        draw.text((xs[i] + cell / 2, (top + bottom) / 2), ch, font=font, fill=0, anchor="mm")
    draw.line((x + len(digits) * cell, top, x + len(digits) * cell, bottom), fill=0, width=rule)
    return xs


def test_a_comb_of_digit_boxes_is_whitened_and_its_digits_kept():
    from PIL import Image, ImageDraw

    from scanner_station.imaging.combs import remove_combs
    from scanner_station.synth.pages import _font, printed_fonts

    im = Image.new("L", (2480, 1200), 255)
    d = ImageDraw.Draw(im)
    font = _font(printed_fonts()[0], 40)
    d.text((200, 160), "Số định danh cá nhân:", font=font, fill=0)
    xs = _comb(d, font, 700, 150, "001087012345")
    # not combs: a table's two cells, a register's ruled columns of many widths, a comb's
    # rules running on past its boxes, a row of five boxes
    d.rectangle((200, 400, 2200, 470), outline=0, width=2)
    d.line((900, 400, 900, 470), fill=0, width=2)
    for x in (200, 330, 700, 760, 1100, 1400, 1500, 1900, 2200):
        d.line((x, 600, x, 680), fill=0, width=2)
    d.line((200, 600, 2200, 600), fill=0, width=2)
    d.line((200, 680, 2200, 680), fill=0, width=2)
    _comb(d, font, 200, 800, "0123456789", runs_on=600)
    _comb(d, font, 200, 1000, "12345")
    before = np.asarray(im)
    out, combs = remove_combs(before)
    assert len(combs) == 1 and len(combs[0]) == 12
    # each box's inside, left to right: its digit's ink whole inside it
    for (x0, y0, x1, y1), x in zip(combs[0], xs):
        assert x < x0 <= x + 4 and x + 52 - 4 <= x1 < x + 52 and 150 < y0 <= 156 and 150 + 57 - 6 <= y1 < 150 + 57
        ink = before[y0:y1, x0:x1] < 128
        assert ink.sum() == (before[150:207, x + 2:x + 50] < 128).sum() - (before[150:207, x + 2:x + 50][[0, 1, -2, -1]] < 128).sum()
    # the boxes' rules and sides are gone: inside the comb's band only the digits' ink is left
    # (each box's middle keeps its digit, nothing is left on a side's column)
    band = out[140:215, 690:700 + 12 * 52 + 10]
    for i, x in enumerate(xs):
        inner = np.s_[160:205, x + 10:x + 42]
        assert (out[inner] < 128).sum() == (before[inner] < 128).sum() > 20, i
        assert (out[150:208, x - 1:x + 2] < 128).sum() == 0
    assert (band[:4] < 128).sum() == 0 and (band[-6:] < 128).sum() == 0
    # the label and everything that is not a comb: untouched
    assert (out[:, :690] == before[:, :690]).all() and (out[300:] == before[300:]).all()
    # a page with no comb comes back as it was
    page = to_gray(make_page(3, "clean").image)
    same, none = remove_combs(page)
    assert none == [] and same is page


def test_cleanup_records_the_combs_it_took_off():
    from scanner_station.synth.forms import make_form

    for variant in ("clean", "scanner", "phone"):
        form = make_form(7, "civil.birth_extract", variant, "handwriting", "boxed")
        steps = clean_page(form.image)[0].steps
        assert steps.get("comb_boxes") == 1 and len(steps["comb_cells"][0]) == 12, variant
    assert "comb_boxes" not in clean_page(form.image, CleanupOptions(combs=False))[0].steps
    for layout in ("table", "dotted"):  # ruled cells, dotted leaders: no comb
        plain = make_form(7, "civil.birth_extract", "scanner", "handwriting", layout)
        assert "comb_boxes" not in clean_page(plain.image)[0].steps


def test_a_leader_dot_taken_from_under_a_letter_is_a_doubt():
    """``Hạnh`` written over a leader with the dot below its ``ạ`` on the leader's line at its
    pitch: a tone mark's dot and a leader's under a written ``ư`` are one shape in one place.
    Kept, a leader's dot made ``Hưng`` read ``Hựng``; taken, ``Hạnh`` read ``Hanh`` (both were
    proposed): it is taken, and its box is given back as a doubt."""
    import cv2
    from PIL import Image, ImageDraw

    from scanner_station.imaging.leaders import find_leaders
    from scanner_station.synth.pages import _font, printed_fonts

    font = _font(printed_fonts()[0], 40)

    def lowest_part(text):  # the centre of the lowest component of ``text`` drawn at (50, 50)
        im = Image.new("L", (200, 200), 255)
        ImageDraw.Draw(im).text((50, 50), text, font=font, fill=0)
        n, _, st, cen = cv2.connectedComponentsWithStats((np.asarray(im) < 128).astype(np.uint8))
        k = 1 + int(np.argmax(st[1:, cv2.CC_STAT_TOP]))
        return cen[k][0] - 50, cen[k][1] - 50

    im = Image.new("L", (2480, 400), 255)
    d = ImageDraw.Draw(im)
    d.text((200, 150), "Họ và tên mẹ:", font=font, fill=0)
    x0, pitch = 520, d.textlength(".", font=font)
    d.text((x0, 150), "." * 120, font=font, fill=0)
    (dx, dy), (ax, ay) = lowest_part("."), lowest_part("ạ")
    cx, cy = x0 + 40 * pitch + dx, 150 + dy  # the 41st leader dot's centre
    d.text((cx - ax - 2 * d.textlength("H", font=font), cy - ay), "H", font=font, fill=0)
    d.text((cx - ax, cy - ay), "ạnh", font=font, fill=0)
    before = np.asarray(im)
    out, n, doubts, _ = find_leaders(before)
    assert n > 80 and (out[170:215, int(cx) + 150:2400] < 128).sum() == 0  # the leader is taken
    # the dot under the ạ is one of the doubts; the dots past the word, under no letter, are not
    assert any(x <= cx <= x + w and y <= cy <= y + h for x, y, w, h in doubts)
    assert all(x < cx + 150 for x, _, _, _ in doubts)
