"""A file's pages grouped into documents: a form and its continuation pages, blank pages
accounted for in the document they fall in, separator sheets ending one."""

from __future__ import annotations

from dataclasses import dataclass, field

from .extract import ExtractedField, PageAnalysis
from .templates import Template


@dataclass
class DocumentDraft:
    """Pages grouped into one document (0-based page indexes into the file's pages)."""

    template_id: str | None
    score: float
    pages: list[int] = field(default_factory=list)
    entries: list[dict[str, ExtractedField]] = field(default_factory=list)
    reason: str = ""


def group_pages(analyses: list[PageAnalysis | None], templates: dict[str, Template],
                breaks: frozenset[int] | set[int] = frozenset()) -> list[DocumentDraft]:
    """Group a file's pages into documents. ``None`` marks a blank or unreadable page: it joins
    the current document (accounted for, never dropped). A page that continues the current
    document (a continuation cue, or an unclassified page after a form with annexes) joins it
    up to the form's ``max_pages``; any other page starts a new document. A page in ``breaks``
    (a separator or cover sheet; a blank page where the batch says blanks separate) belongs
    to no document and ends the current one; a break at the end makes no empty document."""
    docs: list[DocumentDraft] = []
    closed = True
    for i, a in enumerate(analyses):
        if i in breaks:
            closed = True
            continue
        cur = None if closed else (docs[-1] if docs else None)
        closed = False
        t = templates.get(cur.template_id) if cur and cur.template_id else None
        if a is None:
            if cur is None:
                docs.append(DocumentDraft(None, 0.0, [i], reason="blank page"))
            else:
                cur.pages.append(i)
            continue
        room = t is not None and len(cur.pages) < t.max_pages
        cue = t is not None and any(c in t.continuation_cues for c in a.continuation)
        joins = room and (cue or (a.template_id is None and t.annexes))
        if joins:
            cur.pages.append(i)
            if a.template_id == cur.template_id:
                for e in a.entries:  # a continuation page may carry fields page 1 lacked
                    if cur.entries:
                        _fill(cur.entries[0], e)
                    else:
                        cur.entries.append(e)
            continue
        if cur is not None and cur.template_id is None and cur.reason == "blank page":
            cur.template_id, cur.score, cur.reason = a.template_id, a.score, a.reason
            cur.pages.append(i)
            cur.entries = list(a.entries)
            continue
        docs.append(DocumentDraft(a.template_id, a.score, [i], list(a.entries), a.reason))
    return docs


def _fill(base: dict[str, ExtractedField], more: dict[str, ExtractedField]) -> None:
    for k, f in more.items():
        if k in base and not base[k].value and f.value:
            base[k] = f
