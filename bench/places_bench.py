"""How far apart the ink puts a unit's name and a misspelled one: what ``ocr.places.SLACK``,
``APART`` and ``UNSURE`` are set from, on development hands only.

usage: python bench/places_bench.py [--hands DIR] [--seed 1] [--per-font 10] [--markdown F]

Places are drawn from the administrative units (``domain.adminunits``: a commune's, a district's
and a province's name, each after its unit word, as a record's address writes them, with a label
before them at random; and a third as many letterheads' office lines, ``ỦY BAN NHÂN DÂN PHƯỜNG
VĨNH NINH``) in each font — the installed printed fonts and development hands, and the
training's hands where ``--hands`` names their folder, never the bench's held-out hand. Beside
each, the same line with one name misspelled as a book might write it (one syllable's tone mark or
one letter changed) into a name no unit has — a hamlet's or a rare place's name the list does not
know. Each line is read by AsterOCR and weighed (``places.candidates`` under ``headings.weigh``):

- a true place misread (the line's reading is not the line): taken where its cost a changed
  letter is at most the slack, it is ``apart`` nats likelier than the next name and AsterOCR was
  unsure — the more taken, the better;
- a misspelled place: taken likewise — a name mended to the list, against the rule that the book
  prevails: none that AsterOCR had read as written may be.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import this_code  # noqa: E402,F401  (first: the copy of the code this bench measures)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from headings_bench import development_fonts, misspelled, write  # noqa: E402
from labels_bench import Line, report  # noqa: E402

from scanner_station.domain.adminunits import admin_rows  # noqa: E402
from scanner_station.ocr.aster import AsterRecognizer  # noqa: E402
from scanner_station.ocr.calibration import calibrate  # noqa: E402
from scanner_station.ocr.headings import weigh  # noqa: E402
from scanner_station.ocr.places import APART, RULE, SLACK, UNSURE, _names, _offices, candidates  # noqa: E402
from scanner_station.synth.metrics import levenshtein  # noqa: E402
from scanner_station.synth.pages import line_crop  # noqa: E402

SLACKS = (1.0, 2.0, 3.0, 4.0)
SURE = (0.5, 0.65, 0.75, 0.85)
APARTS = (3.0, 6.0, 10.0)
LABELS = ("Nơi cư trú: ", "Địa chỉ: ", "Nơi sinh: ", "Quê quán: ", "", "c) Địa chỉ: ")


def _lower_unit(name: str) -> str:
    """``Huyện Bảo Thắng`` as a value writes it: ``huyện Bảo Thắng``."""
    return name[:1].lower() + name[1:]


def addresses(rng: random.Random, n: int) -> list[tuple[str, list[str]]]:
    """``n`` addresses (commune, district, province) from the units before 2025, each as its
    names' parts: (line, [names in it])."""
    rows = admin_rows("SELECT province, district, ward FROM admin_units_legacy WHERE ward IS NOT NULL")
    out = []
    for province, district, ward in rng.sample(rows, n):
        parts = [_lower_unit(x) for x in (ward, district, province)]
        out.append((", ".join(parts), parts))
    return out


def misspelled_place(line: str, rng: random.Random) -> str | None:
    """``line`` with one unit's name misspelled into no unit's name (None where none came out)."""
    known, _ = _names()
    parts = line.split(", ")
    for _ in range(10):
        i = rng.randrange(len(parts))
        unit_word, _, name = parts[i].partition(" ")
        # ``thành phố Huế``: the name after the two words
        if name and f"{unit_word} {name.split()[0]}".lower() in ("thành phố", "thị xã", "thị trấn"):
            unit_word, name = f"{unit_word} {name.split()[0]}", " ".join(name.split()[1:])
        if not name or not any(c.isalpha() for c in name):
            continue
        wrong = misspelled(name, rng)
        if wrong != name and wrong.lower() not in known:
            return ", ".join(parts[:i] + [f"{unit_word} {wrong}"] + parts[i + 1:])
    return None


def weighed_lines(fonts: list[Path], per_font: int, rng: random.Random) -> tuple[list[Line], list[Line], dict]:
    aster = AsterRecognizer()
    true, false = [], []
    counts = {"read right by AsterOCR alone": 0, "misspelled read as a unit's name by AsterOCR itself": 0,
              "lines with no name to weigh": 0}
    offices = sorted(_offices()[0])
    for font in fonts:
        drawn = [(rng.choice(LABELS), place, misspelled_place(place, rng)) for place, _ in addresses(rng, per_font)]
        for _ in range(max(1, per_font // 3)):  # a letterhead's office line, in capitals
            name = rng.choice(offices)
            unit, _, rest = name.partition(" ")
            if unit in ("THÀNH", "THỊ"):
                unit, _, rest = name.partition(" ")[2].partition(" ")
                unit = name.split()[0] + " " + unit
            if not any(c.isalpha() for c in rest):
                continue  # ``PHƯỜNG 7``: a number, nothing to misspell
            wrong = f"{unit} {misspelled(rest, rng)}"
            drawn.append(("ỦY BAN NHÂN DÂN ", name, None if wrong in offices else wrong))
        for label, place, wrong in drawn:
            size = rng.randint(40, 60)
            if wrong is None:
                continue
            for text, truth in ((label + place, True), (label + wrong, False)):
                crop = line_crop(text, font, size, page_size=(2600, 3 * size), margin=size // 2)
                read = aster.read([crop])[0].text
                if truth and read == text:
                    counts["read right by AsterOCR alone"] += 1
                    continue
                if not truth and read == label + place:
                    counts["misspelled read as a unit's name by AsterOCR itself"] += 1
                    continue
                w = weigh(read, crop, aster, candidates, RULE, own=False)
                if w is None:
                    counts["lines with no name to weigh"] += 1
                    continue
                line = Line(w.cost, w.apart,
                            levenshtein(text, w.spelling) < levenshtein(text, read) if truth
                            else read == text != w.spelling,
                            calibrate("aster", w.confidence), font.stem, text, read, w.spelling,
                            levenshtein(text, read), levenshtein(text, w.spelling))
                (true if truth else false).append(line)
    aster.close()
    return true, false, counts


def main() -> None:
    args, fonts = development_fonts("places", 10, "places.md")
    true, false, counts = weighed_lines(fonts, args.per_font, random.Random(args.seed))
    out = [f"Fonts: {len(fonts)} (held-out hand left out); addresses drawn: {len(fonts) * args.per_font} and "
           f"office lines {len(fonts) * max(1, args.per_font // 3)}, each beside one name misspelled; "
           + "; ".join(f"{k}: {v}" for k, v in counts.items()) + ".", "",
           "One name is weighed a line (the first one no unit has). 'Right': fewer characters wrong than as "
           "read.", ""]
    write(out + report(true, false, (SLACKS, APARTS, SURE), (SLACK, APART, UNSURE), "places"), args.markdown)


if __name__ == "__main__":
    main()
