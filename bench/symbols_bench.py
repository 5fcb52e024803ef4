"""How far apart the ink puts a document's symbol and one written with a letter changed: whether a
symbol could be weighed however sure its line's reading (``ocr.labels.RULE``'s bar lifted for the
closed list of symbols), on development hands only. It could not: on seed 3, two symbols written
with a letter changed (``IB-UBND``, ``GXN-VBND``) were taken below 0.75 (``bench/RESULTS.md``,
session 51); the station keeps the labels' bar.

usage: python bench/symbols_bench.py [--hands DIR] [--seed 1] [--per-font 6] [--markdown F]

In each font — the installed printed fonts and development hands, and the training's hands where
``--hands`` names their folder, never the bench's held-out hand — a document's number and symbol
is drawn (``Số: 241/QĐ-UBND``: a kind of ``domain.labels.DOCUMENT_KINDS``, the issuer), and beside
it the same line with one letter of its symbol changed, as a book might write it. Each is read by
AsterOCR and weighed (``labels.symbols`` under ``headings.weigh``):

- a symbol misread: taken where its cost a changed letter is at most the slack, it is ``apart``
  nats likelier than the next symbol and AsterOCR's confidence in its reading is below the bar —
  the more taken, the better;
- a symbol written with a letter changed and read as written: taken likewise — a code mended to
  the list, against the rule that the book prevails: none may be.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import this_code  # noqa: E402,F401  (first: the copy of the code this bench measures)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from headings_bench import development_fonts, write  # noqa: E402

from scanner_station.domain.labels import DOCUMENT_KINDS  # noqa: E402
from scanner_station.ocr.aster import AsterRecognizer  # noqa: E402
from scanner_station.ocr.calibration import calibrate  # noqa: E402
from scanner_station.ocr.headings import weigh  # noqa: E402
from scanner_station.ocr.labels import RULE, symbols  # noqa: E402
from scanner_station.synth.metrics import levenshtein  # noqa: E402
from scanner_station.synth.pages import line_crop  # noqa: E402

BARS = (0.65, 0.75, 0.85, 0.95, 2.0)
SLACKS = (1.0, 2.0)
CAPITALS = "ABCDEGHIKLMNOPQRSTUVXY"


def main() -> None:
    args, fonts = development_fonts("symbols", 6, "symbols.md")
    rng = random.Random(args.seed)
    aster = AsterRecognizer()
    rows = []  # (true, cost, apart, confidence, written, read, weighed, font)
    for font in fonts:
        for _ in range(args.per_font):
            symbol = f"{rng.choice(DOCUMENT_KINDS)}-UBND"
            at = rng.choice([j for j, c in enumerate(symbol) if c.isalpha()])
            wrong = symbol[:at] + rng.choice([c for c in CAPITALS if c != symbol[at]]) + symbol[at + 1:]
            number, size = rng.randint(1, 999), rng.randint(40, 60)
            for written, truth in ((symbol, True), (wrong, False)):
                text = f"Số: {number}/{written}"
                crop = line_crop(text, font, size, page_size=(1800, 3 * size), margin=size // 2)
                framed = aster.read_frames(crop)
                if framed is None or (framed[0].text == text) == truth:
                    continue  # a true symbol read right, or a changed one not read as written
                w = weigh(framed[0].text, crop, aster, symbols, RULE, own=False, framed=framed)
                if w is not None:
                    rows.append((truth, w.cost, w.apart, calibrate("aster", w.confidence), text, framed[0].text,
                                 w.spelling, font.stem))
    aster.close()
    true, false = [r for r in rows if r[0]], [r for r in rows if not r[0]]
    out = [f"Fonts: {len(fonts)} (held-out hand left out); symbols drawn: {len(fonts) * args.per_font}, each "
           f"beside itself with a letter changed; misread and weighed: {len(true)}; written with a letter "
           f"changed, read as written and weighed: {len(false)}.", "",
           "| slack (nats a letter) | AsterOCR's confidence below | misread symbols taken | of them right | "
           "written otherwise and read so, taken (must be 0) |", "|---|---|---|---|---|"]
    for slack in SLACKS:
        for bar in BARS:
            def taken(lines, slack=slack, bar=bar):
                return [r for r in lines if r[1] <= slack and r[2] >= RULE.apart and r[3] < bar]
            right = sum(levenshtein(r[4], r[6]) < levenshtein(r[4], r[5]) for r in taken(true))
            shipped = " (shipped)" if (slack, bar) == (RULE.slack, RULE.unsure) else ""
            out.append(f"| {slack} | {bar}{shipped} | {len(taken(true))}/{len(true)} | {right} | "
                       f"{len(taken(false))}/{len(false)} |")
    out += ["", "Written otherwise, cheapest to mend (cost, apart, font, as written → weighed):"]
    out += [f"- {r[1]:.2f} {r[2]:.1f} {r[7]}: `{r[4]}` → `{r[6]}`" for r in sorted(false, key=lambda r: r[1])[:8]]
    write(out, args.markdown)


if __name__ == "__main__":
    main()
