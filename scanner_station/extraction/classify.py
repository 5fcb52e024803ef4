"""Which form template a page is: each template's cues found on the page (folded, OCR-tolerant),
a title cue required where the template has one, another version's own items ruling it out; and,
between versions of one form whose cues score the same, the labels only one of them knows."""

from __future__ import annotations

import re

from ..domain.layout import PageLayout
from .labels import fold_chars, fuzzy_find, is_title
from .templates import Template


def has_cue(text_folded: str, cue: str) -> bool:
    """The cue is on the page (folded text), exactly or nearly as read."""
    return fuzzy_find(text_folded, fold_chars(cue)) is not None


def own_labels_found(text_folded: str, template: Template, rivals: list[Template]) -> int:
    """How many labels only this template knows (no rival lists them) are on the page: the
    tie-breaker between versions of one form whose cues score the same."""
    theirs = {fold_chars(lb) for t in rivals if t is not template for f in t.fields for lb in f.labels}
    own = {fold_chars(lb) for f in template.fields for lb in f.labels} - theirs
    return sum(1 for lb in own if re.search(rf"(?<!\w){re.escape(lb)}(?!\w)", text_folded))


def classify(layout: PageLayout, templates: list[Template]) -> list[tuple[Template, float]]:
    """Templates with their score (share of cues found; 0 without a title cue), best first."""
    text = fold_chars(layout.text)
    titles = fold_chars("\n".join(ln.text for ln in layout.lines() if is_title(ln.text)))
    scored = []
    for t in templates:
        if (t.title_cues and not any(has_cue(titles, c) for c in t.title_cues)) or any(
                re.search(rf"(?<!\w){re.escape(fold_chars(c))}", text) for c in t.not_cues):
            # another version's own item, read exactly ("cấp giấy chứng nhận" is not "Mã Giấy
            # chứng nhận"): a misread one leaves a tie, and a tie is unclassified
            scored.append((t, 0.0))
            continue
        found = sum(1 for cue in t.cues if has_cue(text, cue))
        scored.append((t, found / max(1, len(t.cues))))
    scored.sort(key=lambda x: x[1], reverse=True)
    return scored
