"""How far apart the ink puts a known heading and a misspelled one: what ``ocr.headings.SLACK``
is set from, on development hands only.

usage: python bench/headings_bench.py [--hands DIR] [--seed 1] [--per-font 12] [--markdown F]

Every heading of ``domain.headings`` is drawn (a spelling of it at random) in each font, and a
lead (``ỦY BAN NHÂN DÂN``) with an office's name from the administrative units after it — the
installed printed fonts and development hands, and the training's hands where ``--hands`` names
their folder (``ocr_models/training/hands.py``) — never the bench's held-out hand. Beside each,
the same heading misspelled as a book might write it: one syllable's tone mark changed, a letter
changed, or a word the list does not have put in place of its last. Each line is read by
AsterOCR and weighed (``headings.weigh``), and the cost a changed letter (nats) is counted:

- a true heading misread (the recogniser's reading is not the heading): taken where its cost is
  at most the slack — the more taken, the better;
- a misspelled heading: taken where the cost of the nearest heading is at most the slack — a
  line mended to the list, against the rule that the book prevails: none may be.
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from pathlib import Path
from typing import NamedTuple

import this_code  # noqa: E402,F401  (first: the copy of the code this bench measures)

from scanner_station.domain.adminunits import unit_names  # noqa: E402
from scanner_station.domain.headings import HEADINGS, LEADS, spellings  # noqa: E402
from scanner_station.ocr.aster import AsterRecognizer  # noqa: E402
from scanner_station.ocr.calibration import calibrate  # noqa: E402
from scanner_station.ocr.headings import APART, SLACK, UNSURE, unmarked, weigh  # noqa: E402
from scanner_station.synth.metrics import levenshtein  # noqa: E402
from scanner_station.synth.pages import block_hand_fonts, cursive_fonts, line_crop, printed_fonts  # noqa: E402

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
HELD_OUT = ("GreatVibes", "Great_Vibes")
SLACKS = (2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
SURE = (0.5, 0.6, 0.65, 0.7)


def misspelled(text: str, rng: random.Random) -> str:
    """``text`` with one change a writer could make: a syllable's tone, a letter, or its last word."""
    kind = rng.choice(("tone", "letter", "word"))
    words = text.split()
    if kind == "word" and len(words) >= 2:
        return " ".join(words[:-1] + [rng.choice(["ĐẦU TƯ", "MỚI", "TẠM THỜI", "GIA ĐÌNH"])])
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if kind == "tone":
        vowels = [i for i in letters if unicodedata.normalize("NFD", text[i].lower())[0] in "aeiouy"]
        i = rng.choice(vowels)
        base = unicodedata.normalize("NFD", text[i])
        marks = "".join(c for c in base[1:] if c not in TONES)
        tone = next((c for c in base[1:] if c in TONES), "")
        new = rng.choice([t for t in TONES if t != tone])
        return text[:i] + unicodedata.normalize("NFC", base[0] + marks + new) + text[i + 1:]
    i = rng.choice(letters)
    swap = {"N": "M", "M": "N", "C": "G", "G": "C", "T": "L", "L": "T", "H": "K", "I": "Y", "Y": "I"}
    c = text[i].upper()
    new = swap.get(c, "N")
    return text[:i] + (new if text[i].isupper() else new.lower()) + text[i + 1:]


class Line(NamedTuple):
    """One drawn line weighed: the nearest heading's cost a changed letter (inf where another
    heading is as likely), whether taking it is right (a true heading: spelled as written; a
    misspelled one: AsterOCR had read it as written), and the characters wrong before and after."""
    cost: float
    right: bool
    sure: float  # AsterOCR's calibrated confidence in its own reading
    font: str
    written: str
    read: str
    heading: str
    before: int
    after: int


def weighed_lines(fonts: list[Path], per_font: int, rng: random.Random) -> tuple[list[Line], list[Line], dict]:
    """The misread true headings and the misspelled ones, weighed; and the lines not weighed."""
    aster = AsterRecognizer()
    true, false = [], []
    counts = {"read right by AsterOCR alone": 0,
              "of them written without a spelling's marks, given marks (must be 0)": 0,
              "of them written without a spelling's marks, left as written": 0,
              "misspelled read as the list's spelling by AsterOCR itself": 0, "lines near no heading": 0}
    offices = [u for u in unit_names() if u.split()[0] in ("Xã", "Phường", "Huyện", "Thị")]
    for font in fonts:
        drawn = rng.sample(HEADINGS, min(per_font, len(HEADINGS))) + [rng.choice(LEADS) for _ in range(per_font // 3)]
        for heading in drawn:
            size = rng.randint(40, 60)
            spelling = rng.choice(spellings(heading))
            # a lead is followed by its office's name (in capitals, as a letterhead writes it)
            office = " " + rng.choice(offices).upper() if heading in LEADS and rng.random() < 0.7 else ""
            for text, truth in ((spelling + office, True), (misspelled(spelling, rng) + office, False)):
                crop = line_crop(text, font, size, page_size=(2400, 3 * size), margin=size // 2)
                read = aster.read([crop])[0].text
                if truth and read == text:
                    counts["read right by AsterOCR alone"] += 1
                    if any(f != text and unmarked(f) == text for f in spellings(heading)):
                        # written without the commas or dashes a spelling has: weighed for them
                        w = weigh(read, crop, aster)
                        marked = w is not None and w.taken and w.spelling != text
                        counts["of them written without a spelling's marks, given marks (must be 0)"] += marked
                        counts["of them written without a spelling's marks, left as written"] += not marked
                    continue
                if not truth and read in (f + office for f in spellings(heading)):
                    counts["misspelled read as the list's spelling by AsterOCR itself"] += 1
                    continue
                w = weigh(read, crop, aster)
                if w is None:
                    counts["lines near no heading"] += 1
                    continue
                line = Line(w.cost if w.apart >= APART else float("inf"),
                            w.spelling == text if truth else read == text, calibrate("aster", w.confidence),
                            font.stem, text, read, w.spelling, levenshtein(text, read), levenshtein(text, w.spelling))
                (true if truth else false).append(line)
    aster.close()
    return true, false, counts


def development_fonts(what: str, per_font: int, markdown: str) -> tuple[argparse.Namespace, list[Path]]:
    """The bench's arguments, and the fonts it draws in: the installed printed fonts and
    development hands, and the training's hands where ``--hands`` names their folder — never the
    bench's held-out hand."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--hands", help="the training's hands (a folder of font folders)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-font", type=int, default=per_font, help=f"{what} drawn in each font")
    ap.add_argument("--markdown", default=str(Path(__file__).parent / "out" / markdown))
    args = ap.parse_args()
    fonts = list(printed_fonts()) + list(cursive_fonts()) + list(block_hand_fonts())
    if args.hands:
        fonts += sorted(p for p in Path(args.hands).rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".woff"))
    return args, [f for f in fonts if not any(h in str(f) for h in HELD_OUT)]


def main() -> None:
    args, fonts = development_fonts("headings", 12, "headings.md")
    true, false, counts = weighed_lines(fonts, args.per_font, random.Random(args.seed))
    out = [f"Fonts: {len(fonts)} (held-out hand left out); headings drawn: {len(fonts) * args.per_font}; "
           + "; ".join(f"{k}: {v}" for k, v in counts.items()) + ".", "",
           "| slack (nats a letter) | AsterOCR's confidence below | misread headings taken | of them right | "
           "misspelled taken | of them read right before (must be 0) | characters wrong, all lines weighed "
           "(before → after) |",
           "|---|---|---|---|---|---|---|"]
    before = sum(t.before for t in true + false)
    for slack in sorted(set(SLACKS + (SLACK,))):
        for sure in sorted(set(SURE + (UNSURE,))):
            taken = [t for t in true if t.cost <= slack and t.sure < sure]
            wrong = [f for f in false if f.cost <= slack and f.sure < sure]
            after = before - sum(t.before - t.after for t in taken + wrong)
            mark = " (shipped)" if (slack, sure) == (SLACK, UNSURE) else ""
            out.append(f"| {slack}{mark} | {sure:.2f} | {len(taken)}/{len(true)} | {sum(t.right for t in taken)} | "
                       f"{len(wrong)}/{len(false)} | {sum(f.right for f in wrong)} | {before} → {after} |")
    out += ["", "Misspelled lines cheapest to mend (cost, font, as written → read → nearest heading):"]
    out += [f"- {f.cost:.2f} {f.font}: `{f.written}` → `{f.read}` → `{f.heading}`" for f in sorted(false)[:8]]
    out += ["", "Misspelled lines read as written, cheapest to mend (cost, font, as written → heading):"]
    out += [f"- {f.cost:.2f} {f.font}: `{f.written}` → `{f.heading}` (AsterOCR's confidence {f.sure:.2f})"
            for f in sorted(f for f in false if f.right)[:8]]
    harm = [f for f in false if f.right and f.cost <= SLACK and f.sure < UNSURE]
    out += ["", f"Misspelled lines read as written and mended at the shipped slack ({len(harm)}):"]
    out += [f"- {f.cost:.2f} {f.font}: `{f.written}` → `{f.heading}` (AsterOCR's confidence {f.sure:.2f})"
            for f in harm]
    lost = [t for t in true if t.read == unmarked(t.written) and t.read != t.written]
    out += ["", f"Written with commas or dashes, read without them ({len(lost)}): the marks read back at the "
            f"shipped slack {sum(t.cost <= SLACK and t.sure < UNSURE and t.heading == t.written for t in lost)}, "
            f"weighed but left without them {sum(t.cost <= SLACK and t.sure < UNSURE and t.heading != t.written for t in lost)}, "
            f"not weighed (sure or dear) {sum(not (t.cost <= SLACK and t.sure < UNSURE) for t in lost)}."]
    out += ["", "Misread headings dearest to take (cost, font, as written → read):"]
    out += [f"- {t.cost:.2f} {t.font}: `{t.written}` → `{t.read}`"
            for t in sorted((t for t in true if t.cost < float("inf")), key=lambda t: -t.cost)[:8]]
    write(out, args.markdown)


def write(out: list[str], markdown: str) -> None:
    """The report's lines to ``markdown`` and to the terminal."""
    text = "\n".join(out) + "\n"
    Path(markdown).parent.mkdir(parents=True, exist_ok=True)
    Path(markdown).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
