"""A line that starts with a form's label (``domain.labels``: ``Nơi sinh``, ``Ngày, tháng, năm
sinh``, an item's mark and its label ``c) Địa chỉ``), read with that label where the line's ink
supports it.

A hand's labels read like its other words (``Mơi sinh``, ``CNăm sinh``, ``2 Thửa đất``, ``0) Địa
chi``), and they are known text: a line whose start is near a label (at most ``NEAR`` edits a
letter, compared folded, without spaces and punctuation), followed by its colon (or ending the
line), is weighed as the headings are (``headings.weigh``): the label, then the rest of the line
as read — the value is never taken from a list. A line starting with a short word that is not a
mark (``1.``, ``a)``: ``domain.labels.ENUMERATORS``) is weighed with the marks one edit from it
(``0)`` → ``a)`` … ``i)``), the one as read kept where none is. A line holding more than one
numbered item (``a) Thửa đất số: 749; b) Tờ bản đồ số: 37;``) has its next items' labels weighed
so too, after the first (``items``). The recipients' line written word for word (``Nơi nhận: Như
trên; Lưu: VT.``, ``domain.labels.RECIPIENTS``) is weighed whole (``recipients``).

The ink chooses the label's spelling (its first letter in capitals or not) and the mark; the label
is read only where AsterOCR was unsure of its own reading of the line and the label is ``APART``
nats likelier than any other (``Nơi sinh`` or ``Năm sinh``). The value's words keep their places
and confidences; the label's words take AsterOCR's confidence in the line (as unsure as the ink
was), and the line as read is kept (``extra["label"]``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..domain.labels import (DOCUMENT_ISSUERS, DOCUMENT_KINDS, ENUMERATORS, RECIPIENTS, REGISTRY_PREFIXES,
                             WITHOUT_COLON, known_labels, label_spellings)
from ..domain.text import distances_to_starts, fold, letters_key, levenshtein
from .base import LineRead
from .headings import HEADINGS_RULE, SURE_RULE, Rule, as_heading, heading_candidates, keyed_letters, weighed_steps
from .places import RULE as PLACES_RULE
from .places import as_placed
from .spacing import changed_span, in_capitals, replaced_words, split_spaced

#: a line's start is weighed against a label at most this many edits a letter from it
NEAR = 0.35
#: the ink may support the label this much less than the line's own reading (nats a letter it
#: changes; set on development hands: ``bench/labels_bench.py``, the most misread labels taken with
#: no misspelled label AsterOCR read as written mended on two seeds — 3 nats until session 42, when
#: the bench's draws with the recipients' lines mended a misspelled heading at 2.89)
SLACK = 2.0
#: and must support it this much more than any other label (nats)
APART = 3.0
#: and AsterOCR's own reading of the line this unsure (calibrated, below)
UNSURE = 0.65

RULE = Rule(SLACK, APART, UNSURE)

#: marks a label's colon is misread as: the colon is weighed in its place too
_COLON_LIKE = ";.,"


@lru_cache(maxsize=1)
def _known() -> tuple[tuple[str, str, Counter, tuple[str, ...]], ...]:
    return tuple((lab, letters_key(lab), Counter(letters_key(lab)), label_spellings(lab)) for lab in known_labels())


def _marks(first: str) -> list[str]:
    """The marks a line's first word may be: itself where it is one, else those one edit from it
    — two where it is longer than a mark and has a mark's stop or bracket (``h)/)``) — or none
    (the word as read)."""
    if first in ENUMERATORS:
        return [first]
    edits = 2 if len(first) > 2 and any(c in first for c in ".)") else 1
    near = [e for e in ENUMERATORS if levenshtein(first, e) <= edits]
    return near or [first]


def _tails(label: str, tail: str) -> list[str]:
    """The rest of a line after its label, as read and with a colon-like mark first read as the
    colon; none where the label is followed by neither a colon nor the end of the line (a word
    that starts like a label is not one: ``Họ tên`` in ``Họ tên người mẹ: …``)."""
    rest = tail.lstrip()
    if label in WITHOUT_COLON:  # its value after it, a space between (``Vềviệc cấp`` → ``Về việc cấp``)
        return [tail] if tail[:1] == " " and rest[:1].isalpha() else []
    if ":" in label or not rest or rest[0] == ":":
        return [tail]
    if rest[0] in _COLON_LIKE:
        return [tail, ":" + rest[1:]]
    return []


def _bodies(text: str) -> tuple[list[str], str]:
    """(marks, body): where the line's first word is short and a mark or one edit from marks
    (``_marks``), those marks and the rest of the line; else no mark and the whole line."""
    first, sep, rest = text.partition(" ")
    if sep and rest.strip() and len(first) <= 4:
        marks = _marks(first)
        if marks != [first] or first in ENUMERATORS:
            return marks, rest.lstrip()
    if first[1:2] in ".)" and first[2:3].isalpha():  # ``e)Mục đích``: the mark, the label
        return _marks(first[:2]), text[2:]
    return [""], text


def _as_written(marks: list[str], first: str, body: str) -> bool:
    """The line starts with a label as listed, followed by its colon or nothing, after a mark as
    written or none."""
    if marks not in ([""], [first]):
        return False
    return any(body.startswith(f) and _tails(label, body[len(f):]) == [body[len(f):]]
               for label, _, _, forms in _known() for f in forms)


#: a document's number and symbol after its label (``Số: 113/QĐ-UBND``, ``Số: 45/2024/QĐ-UBND``):
#: the symbol is the rest of the line, a word or two
_NUMBERED = re.compile(r"(Số\s*[:;.,]?\s*)(\d{1,5})\s*/\s*((?:\d{4}\s*/\s*)?)([^\s:]+(?: [^\s:]+)?)")


def symbols(text: str) -> dict[str, list[str]]:
    """A document's number line read with each symbol near its reading — a kind's abbreviation and
    the issuer's (``DOCUMENT_KINDS``, ``DOCUMENT_ISSUERS``: ``QĐ GUBND`` → ``QĐ-UBND``) — by
    symbol; the number as read. None where the symbol is read as one already, or none is near (a
    letter's drafting unit after the issuer, ``UBND-XNTTHN``, stays as read)."""
    m = _NUMBERED.fullmatch(text.strip())
    if m is None:
        return {}
    read = fold(re.sub(r"[\s-]", "", m[4])).upper()
    known = [f"{k}-{i}" for k in DOCUMENT_KINDS for i in DOCUMENT_ISSUERS]
    if m[4] in known:
        return {}
    heads = dict.fromkeys((m[1].rstrip() + " ", "Số: "))
    out = {}
    for symbol in known:
        kind, issuer = (fold(x).upper() for x in symbol.split("-"))
        # the kind one letter off at most, the issuer two (its letters as read after the kind's)
        if (levenshtein(read[:len(kind)], kind) <= 1 and levenshtein(read[len(kind):], issuer) <= 2
                and levenshtein(read, kind + issuer) <= 2):
            out[symbol] = [f"{h}{m[2]}/{m[3].replace(' ', '')}{symbol}" for h in heads]
    return out


#: a certificate's registry number after its label (``Số vào sổ cấp GCN: CS 61405``): its letters, or
#: a letter and a digit read for one (``C8``) apart from its digits, then its digits
_REGISTRY = re.compile(r"(Số vào sổ cấp (?:GCN|GCNQSDĐ|[Gg]iấy chứng nhận)\s*:?\s*)"
                       r"(?:([A-ZĐ]{1,3})\s*[-.]?\s*|([A-ZĐ]\d|\d[A-ZĐ])\s+)(\d{3,6})")
#: the rule a code's shape is read by (``structured``: a registry number's letters, a document's
#: symbol, a dossier code's stops): the labels', however sure the line was read — a code shaped
#: otherwise than its decree or circular shapes it is no reading of one, however clear
CODE_RULE = Rule(SLACK, APART, float("inf"))


def registry(text: str) -> dict[str, list[str]]:
    """A certificate's registry number line read with its letters none of those a registry number
    has (TT 23/2014/TT-BTNMT: CH, CS, CT — ``OS 61405``, ``QH25282``, ``C8 61405``), with each of
    them, the digits as read — by letters; none where its letters are one of them or the line is
    none (an older book's other letters read clearly are weighed and stay: the ink decides)."""
    m = _REGISTRY.fullmatch(text.strip())
    if m is None or m[2] in REGISTRY_PREFIXES:
        return {}
    return {p: [f"{m[1].rstrip()} {p} {m[4]}"] for p in REGISTRY_PREFIXES}


#: a dossier's code after its label, its groups' stops lost or read as other marks
#: (``Mã hồ sơ: 696.9702H96-190121-7941``): the code is the rest of the line
_DOSSIER = re.compile(r"((?:Mã|Mã số) hồ sơ\s*[:;.,]?\s*)([\d.,\s]+)([A-Z]\d{2})\s*-\s*(\d{6})\s*-\s*(\d{4})\.?")


def dossier(text: str) -> dict[str, list[str]]:
    """A dossier code's line read with its office code's groups apart (Circular 01/2018/TT-VPCP,
    art. 19: ``V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX``), every digit as read; none where it reads
    so already or its digits are not the office code's seven."""
    m = _DOSSIER.fullmatch(text.strip())
    if m is None:
        return {}
    digits = re.sub(r"\D", "", m[2])
    if len(digits) != 7:
        return {}
    code = f"{digits[:3]}.{digits[3:5]}.{digits[5:]}.{m[3]}-{m[4]}-{m[5]}"
    line = f"{m[1].rstrip()} {code}"
    return {} if line == text.strip() else {"dossier": [line]}


@lru_cache(maxsize=1)
def _recipient_lines() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The recipients' lines written word for word (``domain.labels.RECIPIENTS``): ``Nơi nhận:``,
    an item naming who carries it out or the office's copy or both, the copy last — (key, folded
    letters, spellings: the items apart by ``;``, with a full stop at the end or none)."""
    firsts = [r for r in RECIPIENTS if not r.startswith("Lưu")]
    copies = [r for r in RECIPIENTS if r.startswith("Lưu")]
    seqs = [[f] for f in firsts] + [[f, c] for f in firsts for c in copies] + [[c] for c in copies]
    out = []
    for seq in seqs:
        items = "; ".join(seq)
        forms = tuple(f"{label}: {items}{end}" for label in label_spellings("Nơi nhận") for end in (".", ""))
        out.append((items, letters_key(forms[0]), forms))
    return tuple(out)


def recipients(text: str) -> dict[str, list[str]]:
    """The recipients' line read as the items written word for word near it (``Nơi nhận: Như
    trên; Lưu: VT.``), by items; none where it reads as one already or none is near (an item
    naming an office is a value, read as written)."""
    key = letters_key(text)
    if levenshtein(key[:7], letters_key("Nơi nhận")) > 2:  # the line starts with the part's label, misread or not
        return {}
    out = {}
    for items, lkey, forms in _recipient_lines():
        if text.strip() in forms:
            return {}
        if levenshtein(key, lkey) <= NEAR * len(lkey):
            out[items] = list(forms)
    return out


#: where a numbered item may start inside a line, after the one before it (``a) Thửa đất số: 749;
#: b) Tờ bản đồ số: 37;``, its ``;`` read as another mark) and a space: a mark, or a short word one
#: edit from one
_ITEM = re.compile(r"[;:,.]\s+(?=\S{1,3}\s)")


def items(text: str) -> dict[str, list[str]]:
    """The line read with the label of its first numbered item after the line's start that is near
    one (``a) … 749: 6) Tõ bản đồ số: 37;`` → ``… 749: b) Tờ bản đồ số: 37;``), the rest as read;
    none where every item's label reads as written."""
    for m in _ITEM.finditer(text):
        start = m.end()
        marks, _ = _bodies(text[start:])
        if start < 4 or marks == [""] or not any(c.isalnum() for c in text[start:].split(" ", 1)[0]):
            continue  # an item has its mark (a leader's dot left before a sub-label is none)
        found = _labelled(text[start:])
        if found:
            return {label: [text[:start] + t for t in texts] for label, texts in found.items()}
    return {}


def candidates(text: str) -> dict[str, list[str]]:
    """What ``text`` may be read as, by label: a mark where it has one, the label's spellings,
    then the rest of the line as read after each start nearest the label — none where it starts
    with a label (and a mark) as written; then the same for the line's next numbered item
    (``items``)."""
    coded = symbols(text) or dossier(text) or recipients(text) or registry(text)
    if coded:
        return coded
    return _labelled(text) or items(text)


def _labelled(text: str) -> dict[str, list[str]]:
    """``candidates`` for the label ``text`` starts with."""
    marks, body = _bodies(text)
    key, at = keyed_letters(body)
    if not key or key[0].isdigit() or in_capitals(body) or _as_written(marks, text.partition(" ")[0], body):
        return {}  # nothing to weigh, a line in capitals (a title), or a label as written
    out: dict[str, list[str]] = {}
    for label, lkey, lletters, forms in _known():
        most = NEAR * len(lkey)
        if len(key) < len(lkey) - most:
            continue
        # the letters one has and the other lacks (a cheap bound first, loose by the length)
        if sum((lletters - Counter(key[:len(lkey)])).values()) > 2 * most:
            continue
        # the line's first letter is the label's, read right or not: a label never drops what the
        # line starts with (``2.0%(Bằng chữ: …``: a value's misread digits, then a sub-label)
        rest = distances_to_starts(lkey[1:], key[1:len(lkey) + int(most) + 1])
        prev = [len(lkey)] + [d + (key[0] != lkey[0]) for d in rest]
        best = min(prev[1:], default=len(lkey))
        if best > most:
            continue
        texts = []
        for m in range(1, len(prev)):
            cut = at[m - 1] + 1
            # never past the label's colon: the value is not the label's to take
            if prev[m] <= best + 1 and body[:cut].count(":") <= label.count(":"):
                for tail in _tails(label, body[cut:]):
                    texts.extend(f"{mark} {f}{tail}".lstrip() for mark in marks for f in forms)
        if texts:
            out[label] = list(dict.fromkeys(texts))
    return out


def as_labelled(reads: list[LineRead], crop, aster, framed=None) -> LineRead | None:
    """The line read with the labels its ink supports — its first, then its next numbered items'
    (``items``) — (one ``LineRead`` in place of ``reads``, the line's chosen readings left to
    right), or None where it has none, the ink does not support one, or ``aster`` (an
    ``AsterRecognizer``) cannot weigh the crop (``framed``: see ``headings.weigh``)."""
    return weighed_steps(reads, crop, aster, candidates, RULE, "label", 3, _placed, framed)


def _placed(words: list[tuple], text: str, new: str, confidence: float) -> list[tuple] | None:
    """A label at the line's start (``_at_start``) or an item's inside it (``replaced_words``):
    the words around kept as placed."""
    start, _ = changed_span(text, new)
    return (_at_start(words, text, new, confidence) if start <= len(words[0][0])
            else replaced_words(words, text, new, confidence))


def _at_start(words: list[tuple], text: str, new: str, confidence: float) -> list[tuple] | None:
    """``words`` (reading ``text``) with the label ``new`` starts with placed anew at
    ``confidence``, the value's words after it kept as placed."""
    # the longest end the new reading shares with the line as read: the value, kept as placed
    shared = 0
    while shared < min(len(new), len(text)) and new[-1 - shared] == text[-1 - shared]:
        shared += 1
    cut = len(text) - shared
    head: list[tuple] = []
    kept: list[tuple] = []
    at = 0
    for w in words:
        (head if at < cut else kept).append(w)
        at += len(w[0]) + 1
    # a kept word the new reading joins to the label's (``Ông /Bà`` read ``Ông/Bà``) is the label's
    while kept and not new.endswith(" " + " ".join(w[0] for w in kept)):
        head.append(kept.pop(0))
    if not head:
        return None
    # the head's words (the last of them may hold the value's first letters) placed anew
    head_text = new[:len(new) - len(" ".join(w[0] for w in kept)) - 1] if kept else new
    out = split_spaced([(head_text, head[0][1], head[-1][2], confidence)]) + kept
    return out if " ".join(w[0] for w in out) == new else None


def structured(text: str) -> dict[str, list[str]]:
    """A code whose shape a decree or circular fixes, read otherwise however surely: a registry
    number with letters none of its own (``registry``), a document's symbol that is no kind's and
    issuer's (``symbols``: ``Số: 241/QĐ-VBND`` — a hand's U read V, surely), a dossier code
    without its office code's stops where the ink shows them (``dossier``)."""
    return registry(text) or symbols(text) or dossier(text)


def known_reading(reads: list[LineRead], crop, aster, score: float, headings: bool = True,
                  labels: bool = True, places: bool = True) -> list[tuple[str, LineRead]]:
    """The line read as the known text its ink supports, step by step: a heading
    (``headings.as_heading``) or a form's label (``as_labelled``), then the units' names of its
    places (``places.as_placed``) — ``[(kind, reading)]``, each step's reading the next one's
    line, ``kind`` one of ``heading``, ``label``, ``place``; empty where none. A line whose chosen
    reading is unsure (``score``, calibrated, below the step's ``unsure``) is weighed, on AsterOCR's
    frames of the line computed once for every step; a line read surely only where it is near a
    heading (``headings.SURE_RULE``: the ink supporting the heading at least as well) or is a
    code read otherwise than its circular shapes it (``structured``, ``CODE_RULE``)."""
    heading, label = headings and score < HEADINGS_RULE.unsure, labels and score < RULE.unsure
    place = places and score < PLACES_RULE.unsure
    text = " ".join(r.text for r in reads if r.text)
    # a line read surely and near a heading is weighed too, under ``headings.SURE_RULE``; and a
    # code read otherwise than its circular shapes it (``structured``)
    sure_heading = headings and not heading and bool(heading_candidates(text))
    coded = labels and not label and bool(structured(text))
    framed = aster.read_frames(crop) if heading or label or place or sure_heading or coded else None
    if framed is None:
        return []
    steps: list[tuple[str, LineRead]] = []
    if (heading or sure_heading) and (read := as_heading(reads, crop, aster, framed,
                                                        HEADINGS_RULE if heading else SURE_RULE)) is not None:
        steps.append(("heading", read))
    elif label and (read := as_labelled(reads, crop, aster, framed)) is not None:
        steps.append(("label", read))
    elif coded and (read := weighed_steps(reads, crop, aster, structured, CODE_RULE, "label", 1, _placed,
                                          framed)) is not None:
        steps.append(("label", read))
    if place and (read := as_placed([steps[-1][1]] if steps else reads, crop, aster, framed)) is not None:
        steps.append(("place", read))
    return steps
