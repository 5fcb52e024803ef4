"""How far apart the ink puts a form's label and a misspelled one: what ``ocr.labels.SLACK``,
``APART`` and ``UNSURE`` are set from, on development hands only.

usage: python bench/labels_bench.py [--hands DIR] [--seed 1] [--per-font 10] [--markdown F]

Labels of ``domain.labels`` are drawn at random in each font — the installed printed fonts and
development hands, and the training's hands where ``--hands`` names their folder
(``ocr_models/training/hands.py``), never the bench's held-out hand — each with an item's mark
before it at random (``2.``, ``c)``), its colon, and a value after it (a date, a number, a unit's
name) — and a fifth as many recipients' lines written word for word (``Nơi nhận: Như trên;
Lưu: VT.``, ``labels.recipients``). Beside each, the same line with its label (a recipients'
line: its items) misspelled as a book might write it (one syllable's tone mark, one letter, or
its last word changed). Each line is read by AsterOCR and
weighed (``labels.candidates`` under ``headings.weigh``):

- a true label misread (the line's reading is not the line): taken where its cost a changed
  letter is at most the slack, it is ``apart`` nats likelier than the next label and AsterOCR was
  unsure — the more taken, the better;
- a misspelled label: taken likewise — a line mended to the list, against the rule that the book
  prevails: none that AsterOCR had read as written may be.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import NamedTuple

import this_code  # noqa: E402,F401  (first: the copy of the code this bench measures)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from headings_bench import development_fonts, misspelled, write  # noqa: E402

from scanner_station.domain.adminunits import unit_names  # noqa: E402
from scanner_station.domain.labels import ENUMERATORS, known_labels, label_spellings  # noqa: E402
from scanner_station.ocr.aster import AsterRecognizer  # noqa: E402
from scanner_station.ocr.calibration import calibrate  # noqa: E402
from scanner_station.ocr.headings import weigh  # noqa: E402
from scanner_station.ocr.labels import APART, RULE, SLACK, UNSURE, _recipient_lines, candidates  # noqa: E402
from scanner_station.synth.metrics import levenshtein  # noqa: E402
from scanner_station.synth.pages import line_crop  # noqa: E402

SLACKS = (1.0, 2.0, 3.0, 4.0)
SURE = (0.5, 0.65, 0.75, 0.85)
APARTS = (3.0, 6.0, 10.0)


class Line(NamedTuple):
    """One drawn line weighed: the best label's cost a changed letter and its lead over the next,
    whether taking it is right (a true label: fewer characters wrong than as read — the value
    stays as read, misread or not; a misspelled one: AsterOCR had read it as written and the weighing
    would change it), and the
    characters wrong before and after."""
    cost: float
    apart: float
    right: bool
    sure: float  # AsterOCR's calibrated confidence in its own reading
    font: str
    written: str
    read: str
    mended: str
    before: int
    after: int


def value(rng: random.Random, places: list[str]) -> str:
    kind = rng.choice(("date", "number", "place", "year"))
    if kind == "date":
        return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1930, 2024)}"
    if kind == "number":
        return str(rng.randint(1, 99999))
    if kind == "year":
        return str(rng.randint(1900, 2024))
    return rng.choice(places)


def weighed_lines(fonts: list[Path], per_font: int, rng: random.Random) -> tuple[list[Line], list[Line], dict]:
    aster = AsterRecognizer()
    true, false = [], []
    counts = {"read right by AsterOCR alone": 0, "misspelled read as a label by AsterOCR itself": 0,
              "lines near no label": 0}
    labels = known_labels()
    places = [u for u in unit_names() if u.split()[0] in ("Xã", "Phường", "Huyện", "Tỉnh")]
    seqs = [s for *_, forms in _recipient_lines() for s in forms[:1]]  # ``Nơi nhận: Như trên; Lưu: VT.``
    for font in fonts:
        drawn = rng.sample(labels, min(per_font, len(labels))) + [None] * max(1, per_font // 5)
        for label in drawn:
            size = rng.randint(40, 60)
            if label is None:  # a recipients' line (``labels.recipients``), one item's word misspelled
                spelling, mark, tail = rng.choice(seqs), "", ""
                head, _, items = spelling.partition(": ")
                wrong = f"{head}: {misspelled(items, rng)}"
                label = "Nơi nhận"
            else:
                spelling = rng.choice(label_spellings(label))
                mark = rng.choice(ENUMERATORS) + " " if rng.random() < 0.3 else ""
                rest = "" if ":" in spelling else ":"
                tail = f"{rest} {value(rng, places)}"
                wrong = misspelled(spelling, rng)
            for word in ("ĐẦU TƯ", "MỚI", "TẠM THỜI", "GIA ĐÌNH"):  # a label's words are small
                wrong = wrong.replace(word, word.lower())
            for text, truth in ((mark + spelling + tail, True), (mark + wrong + tail, False)):
                crop = line_crop(text, font, size, page_size=(2400, 3 * size), margin=size // 2)
                read = aster.read([crop])[0].text
                if truth and read == text:
                    counts["read right by AsterOCR alone"] += 1
                    continue
                if not truth and (read == spelling if label == "Nơi nhận" and not tail
                                  else any(read == mark + f + tail for f in label_spellings(label))):
                    counts["misspelled read as a label by AsterOCR itself"] += 1
                    continue
                w = weigh(read, crop, aster, candidates, RULE)
                if w is None:
                    counts["lines near no label"] += 1
                    continue
                line = Line(w.cost, w.apart,
                            levenshtein(text, w.spelling) < levenshtein(text, read) if truth
                            else read == text != w.spelling,
                            calibrate("aster", w.confidence), font.stem, text, read, w.spelling,
                            levenshtein(text, read), levenshtein(text, w.spelling))
                (true if truth else false).append(line)
    aster.close()
    return true, false, counts


def report(true: list[Line], false: list[Line], grid: tuple[tuple, tuple, tuple], shipped: tuple[float, float, float],
           what: str) -> list[str]:
    """The bench's table: for every setting of ``grid`` (slacks, aparts, confidence bars), the
    misread lines taken and the misspelled ones mended; then the lines the ``shipped`` setting
    mends or takes wrongly, and the misspelled lines read as written cheapest to mend. ``what``
    names the lines (``labels``, ``places``)."""
    out = ["| slack (nats a letter) | apart (nats) | AsterOCR's confidence below | misread " + what + " taken | "
           "of them right | misspelled taken | of them read right before (must be 0) | characters wrong, "
           "all lines weighed (before → after) |",
           "|---|---|---|---|---|---|---|---|"]

    def taken(lines: list[Line], slack: float, apart: float, sure: float) -> list[Line]:
        return [t for t in lines if t.cost <= slack and t.apart >= apart and t.sure < sure]

    before = sum(t.before for t in true + false)
    slacks, aparts, sures = (sorted(set(g + (s,))) for g, s in zip(grid, shipped))
    for setting in ((slack, apart, sure) for slack in slacks for apart in aparts for sure in sures):
        right, wrong = taken(true, *setting), taken(false, *setting)
        after = before - sum(t.before - t.after for t in right + wrong)
        mark = " (shipped)" if setting == shipped else ""
        out.append(f"| {setting[0]}{mark} | {setting[1]} | {setting[2]:.2f} | {len(right)}/{len(true)} | "
                   f"{sum(t.right for t in right)} | {len(wrong)}/{len(false)} | "
                   f"{sum(f.right for f in wrong)} | {before} → {after} |")
    mended = [f for f in taken(false, *shipped) if f.right]
    out += ["", f"Misspelled lines read as written and mended at the shipped setting ({len(mended)}):"]
    out += [f"- {f.cost:.2f} {f.font}: `{f.written}` → `{f.mended}` (AsterOCR's confidence {f.sure:.2f})"
            for f in mended]
    wrong_taken = [t for t in taken(true, *shipped) if not t.right]
    out += ["", f"Misread {what} taken wrongly at the shipped setting ({len(wrong_taken)}):"]
    out += [f"- {t.cost:.2f} {t.font}: `{t.written}` → `{t.read}` → `{t.mended}`" for t in wrong_taken[:12]]
    out += ["", "Misspelled lines read as written, cheapest to mend (cost, apart, font, as written → mended):"]
    out += [f"- {f.cost:.2f} {f.apart:.1f} {f.font}: `{f.written}` → `{f.mended}` (confidence {f.sure:.2f})"
            for f in sorted(f for f in false if f.right)[:10]]
    return out


def main() -> None:
    args, fonts = development_fonts("labels", 10, "labels.md")
    true, false, counts = weighed_lines(fonts, args.per_font, random.Random(args.seed))
    out = [f"Fonts: {len(fonts)} (held-out hand left out); lines drawn: {len(fonts) * args.per_font}, each "
           "beside its label misspelled; " + "; ".join(f"{k}: {v}" for k, v in counts.items()) + ".", ""]
    write(out + report(true, false, (SLACKS, APARTS, SURE), (SLACK, APART, UNSURE), "labels"), args.markdown)


if __name__ == "__main__":
    main()
