"""How far apart the ink puts a known text's marks and other marks: what ``ocr.marks.SLACK`` is
checked on, on development hands only.

usage: python bench/marks_bench.py [--hands DIR] [--seed 1] [--per-font 8] [--every] [--kind K] [--markdown F]

In each font — the installed printed fonts and development hands, and the training's hands where
``--hands`` names their folder, never the bench's held-out hand — known texts with marks are drawn
at random: a heading with its commas or dashes, the recipients' line (``Nơi nhận: Như trên; Lưu:
VT.``), a label with its colon (and commas: ``Ngày, tháng, năm sinh:``) and a value after it, a
document's number and symbol (``Số: 113/QĐ-UBND``), a dossier's code (``Mã hồ sơ:
696.97.02.H96-190121-7941``), a place's units parted by commas (``Nơi cư trú: xã …, huyện …,
tỉnh …``) and an area with its decimal comma (``d) Diện tích: 579,9 m2``); ``--kind`` draws one
kind only. Beside each, the same line with one of its marks written otherwise
(``;`` as ``:``, a comma or stop left out, a colon as a semicolon …). Each line is read by AsterOCR
and weighed (``marks.candidates``, ``marks.weigh``):

- a known text whose marks were misread (the reading has its letters, not its marks): taken where
  the cost a changed mark is at most the slack — the more, the better;
- a line with a mark written otherwise and read as written: taken likewise — a mark mended to the
  list, against the rule that the book prevails: none may be.

The station weighs only the marks a reading lacks (``marks.candidates``); ``--every`` weighs a
mark read as another, or read where the known text has none, too — what shows why those are not
weighed (``bench/RESULTS.md``, session 51).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import NamedTuple

import this_code  # noqa: E402,F401  (first: the copy of the code this bench measures)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from headings_bench import development_fonts, write  # noqa: E402

from scanner_station.domain.adminunits import unit_names  # noqa: E402
from scanner_station.domain.headings import HEADINGS, spellings  # noqa: E402
from scanner_station.domain.labels import DOCUMENT_KINDS, known_labels, label_spellings  # noqa: E402
from scanner_station.ocr.aster import AsterRecognizer  # noqa: E402
from scanner_station.ocr.labels import _recipient_lines  # noqa: E402
from scanner_station.ocr.marks import AREA_SLACK, SLACK, candidates, change, weigh  # noqa: E402
from scanner_station.synth.metrics import levenshtein  # noqa: E402
from scanner_station.synth.pages import line_crop  # noqa: E402

SLACKS = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
#: a mark and what a book may write in its place
OTHERWISE = {",": ("", "."), ";": (":", ","), ":": (";", ""), ".": ("", ","), "-": ("",), "/": ("",)}


class Line(NamedTuple):
    cost: float
    kind: str  # ``marks.change``: what the weighed spelling changes
    right: bool  # a known text: fewer characters wrong taken; written otherwise: read as written (must stay)
    font: str
    written: str
    read: str
    mended: str
    before: int
    after: int
    shipped: float = SLACK  # the slack the station weighs this spelling at (an area's comma: ``AREA_SLACK``)


KINDS = ("heading", "recipients", "label", "symbol", "dossier", "place", "area")


def known_text(rng: random.Random, places: list[str], kinds: tuple[str, ...] = KINDS) -> str:
    """A known text with marks, as a page writes it."""
    kind = rng.choice(kinds)
    if kind == "area":  # square metres to one decimal (``marks._decimal``), its unit as a hand writes it
        area = f"{rng.randint(1, 9999)},{rng.randint(0, 9)}"
        return f"{rng.choice(('d) Diện tích:', 'Diện tích:', 'Diện tích sử dụng:', 'Diện tích xây dựng:'))} {area} m2"
    if kind == "place":  # a place's units parted by commas (``marks._separated``)
        units = []
        for word in ("Xã", "Huyện", "Tỉnh"):
            name = rng.choice([u for u in places if u.startswith(word + " ")])
            units.append(word.lower() + name[len(word):])
        return f"{rng.choice(('Nơi cư trú', 'Nơi sinh', 'Địa chỉ'))}: {', '.join(units)}"
    if kind == "heading":
        return spellings(rng.choice([h for h in HEADINGS if "," in h or " - " in h]))[0]
    if kind == "recipients":
        return rng.choice([forms[0] for *_, forms in _recipient_lines()])
    if kind == "symbol":
        return f"Số: {rng.randint(1, 999)}/{rng.choice(DOCUMENT_KINDS)}-UBND"
    if kind == "dossier":
        d = "".join(str(rng.randint(0, 9)) for _ in range(7))
        return (f"Mã hồ sơ: {d[:3]}.{d[3:5]}.{d[5:]}.H{rng.randint(10, 99)}-{rng.randint(18, 24)}"
                f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-{rng.randint(0, 9999):04d}")
    label = rng.choice([lab for lab in known_labels() if lab[:1].isalpha()])
    spelling = rng.choice(label_spellings(label))
    value = rng.choice((f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1930, 2024)}",
                        str(rng.randint(1, 9999)), rng.choice(places)))
    return f"{spelling}{'' if ':' in spelling else ':'} {value}"


def otherwise(text: str, rng: random.Random) -> str | None:
    """``text`` with one of its marks written otherwise (None where it has none)."""
    at = [i for i, c in enumerate(text) if c in OTHERWISE]
    if not at:
        return None
    i = rng.choice(at)
    new = text[:i] + rng.choice(OTHERWISE[text[i]]) + text[i + 1:]
    return " ".join(new.split())


def weighed_lines(fonts: list[Path], per_font: int, rng: random.Random,
                  every: bool = False, kinds: tuple[str, ...] = KINDS) -> tuple[list[Line], list[Line], dict]:
    aster = AsterRecognizer()
    true, false = [], []
    counts = {"read right by AsterOCR alone": 0, "letters misread (not weighed)": 0,
              "written otherwise, read otherwise than written": 0}
    places = [u for u in unit_names() if u.split()[0] in ("Xã", "Phường", "Huyện", "Tỉnh")]
    for font in fonts:
        for _ in range(per_font):
            text = known_text(rng, places, kinds)
            wrong = otherwise(text, rng)
            size = rng.randint(40, 60)
            for written, truth in ((text, True), (wrong, False)):
                if written is None:
                    continue
                crop = line_crop(written, font, size, page_size=(2600, 3 * size), margin=size // 2)
                framed = aster.read_frames(crop)
                if framed is None:
                    continue
                read = framed[0].text
                if truth and read == written:
                    counts["read right by AsterOCR alone"] += 1
                    continue
                if not truth and read != written:
                    counts["written otherwise, read otherwise than written"] += 1
                    continue
                found = candidates(read, every)
                cands = [t for texts in found.values() for t in texts]
                if not cands:
                    if truth:
                        counts["letters misread (not weighed)"] += 1
                    continue
                spelling, cost = weigh(read, cands, framed)
                before, after = levenshtein(written, read), levenshtein(written, spelling)
                line = Line(cost, change(read, spelling), after < before if truth else True, font.stem, written, read,
                            spelling, before, after, AREA_SLACK if spelling in found.get("area", ()) else SLACK)
                (true if truth else false).append(line)
    aster.close()
    return true, false, counts


def main() -> None:
    every = "--every" in sys.argv
    if every:
        sys.argv.remove("--every")
    kinds = KINDS
    if "--kind" in sys.argv:  # one kind only (the arguments' parser is ``headings_bench``'s)
        at = sys.argv.index("--kind")
        kinds = (sys.argv[at + 1],)
        del sys.argv[at:at + 2]
        if kinds[0] not in KINDS:
            raise SystemExit(f"--kind: one of {', '.join(KINDS)}")
    args, fonts = development_fonts("known texts", 8, "marks.md")
    true, false, counts = weighed_lines(fonts, args.per_font, random.Random(args.seed), every, kinds)
    out = [f"Fonts: {len(fonts)} (held-out hand left out); known texts drawn: {len(fonts) * args.per_font}, "
           "each beside itself with one mark written otherwise; "
           + "; ".join(f"{k}: {v}" for k, v in counts.items()) + ".", "",
           "| slack (nats a mark) | misread marks taken | of them right | written otherwise and read so, "
           "taken (must be 0) | characters wrong, all lines weighed (before → after) |",
           "|---|---|---|---|---|"]
    before = sum(t.before for t in true + false)
    for slack in sorted(set(SLACKS + (SLACK,))) + [None]:  # None: the shipped slacks, each line its own
        taken = [t for t in true if t.cost <= (t.shipped if slack is None else slack)]
        wrong = [f for f in false if f.cost <= (f.shipped if slack is None else slack)]
        after = before - sum(t.before - t.after for t in taken + wrong)
        mark = f"shipped: {SLACK}, an area's comma {AREA_SLACK}" if slack is None else slack
        out.append(f"| {mark} | {len(taken)}/{len(true)} | {sum(t.right for t in taken)} | "
                   f"{len(wrong)}/{len(false)} | {before} → {after} |")
    out += ["", "By what the weighed spelling changes (at the shipped slacks):", "",
            "| change | misread marks taken | written otherwise and read so, taken |", "|---|---|---|"]
    for kind in sorted({t.kind for t in true + false}):
        t_k = [t for t in true if t.kind == kind]
        f_k = [f for f in false if f.kind == kind]
        out.append(f"| {kind} | {sum(t.cost <= t.shipped for t in t_k)}/{len(t_k)} | "
                   f"{sum(f.cost <= f.shipped for f in f_k)}/{len(f_k)} |")
    out += ["", "Written otherwise, cheapest to mend (cost, font, as written → mended):"]
    out += [f"- {f.cost:.2f} {f.font}: `{f.written}` → `{f.mended}`" for f in sorted(false)[:10]]
    out += ["", "Misread marks not taken at the shipped slacks (cost, font, written → read → weighed):"]
    out += [f"- {t.cost:.2f} {t.font}: `{t.written}` → `{t.read}` → `{t.mended}`"
            for t in sorted(t for t in true if t.cost > t.shipped)[:10]]
    write(out, args.markdown)


if __name__ == "__main__":
    main()
