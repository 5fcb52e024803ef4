"""What cleanup found on a page that its fields are read by, kept with the page's reading
(``PageLayout.meta``): the boxes of its combs (one digit written in each) and the leader dots
it took from under a letter (a tone mark's dot below looks the same)."""

from __future__ import annotations

from ..domain.layout import PageLayout


def note_cleanup(layout: PageLayout, steps: dict, turned: bool = False) -> PageLayout:
    """What cleanup found on the page that fields are read by, kept with its reading: the
    boxes of its combs (``steps["comb_cells"]``: one digit written in each) and of the leader
    dots it took from under a letter (``steps["leader_doubts"]``: a dot below, ``ạ``, looks
    the same) — not where the page was read turned by 180° (the boxes are where cleanup left
    the page)."""
    if turned:
        return layout
    for key in ("comb_cells", "leader_doubts"):
        if steps.get(key):
            layout.meta[key] = steps[key]
    return layout


#: a leader's dot was taken off from under the value's letters (the GUI catalogue translates it)
LEADER_DOT_BELOW = ("a dot under this value was taken off as the form's dotted line: a mark below a letter "
                    "(ạ, ọ, ự) may be lost or read where there is none")


def under(dot: list, box: tuple) -> bool:
    """A dot (x, y, w, h) under a value's box (x0, y0, x1, y1): among its letters or just below
    them."""
    cx, cy = dot[0] + dot[2] / 2, dot[1] + dot[3] / 2
    x0, y0, x1, y1 = box
    return x0 <= cx <= x1 and y0 <= cy <= y1 + 0.5 * (y1 - y0)
