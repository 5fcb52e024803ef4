"""How far the ink puts a word as read from the word the word list pairs with its neighbour: what
``ocr.ctc.PAIR_MARGIN`` is set from, on development hands only.

usage: python bench/pairs_bench.py [--hands DIR] [--seed 1] [--per-font 12] [--markdown F]

Lines of the page generator's texts (``synth.texts.page_lines``: register entries, land
certificates, decisions — names, places, dates and prose) are drawn in each font: the installed
printed fonts and development hands, and the training's hands where ``--hands`` names their
folder (``ocr_models/training/hands.py``), never the bench's held-out hand. Beside each, the same
line with one syllable misspelled as a book might have it (its tone mark or one letter changed, the
result still a Vietnamese syllable: ``Suy tim`` → ``Suy tin``). Each line is read by AsterOCR with
the word list's re-reading allowed at any distance (the margins set very wide), and every word the
re-reading changed is counted with the nats by which the ink preferred the word as read
(``Change.gap``):

- a word misread on a true line: taking the change is right where it gives the word as written;
- a word of the misspelled line that AsterOCR read as written: taking the change mends the book,
  against the rule that the book prevails — none may be taken.

The table gives, for each margin, the changes taken, right, wrong (a true word changed into another
or a misread one into a third) and the misspellings mended.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple

import this_code  # noqa: E402,F401  (first: the copy of the code this bench measures)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from headings_bench import TONES, development_fonts, write  # noqa: E402

from scanner_station.domain.text import fold  # noqa: E402
from scanner_station.ocr import ctc  # noqa: E402
from scanner_station.ocr.aster import AsterRecognizer  # noqa: E402
from scanner_station.ocr.base import word_core  # noqa: E402
from scanner_station.ocr.lexicon import load  # noqa: E402
from scanner_station.synth import texts  # noqa: E402
from scanner_station.synth.pages import line_crop  # noqa: E402

MARGINS = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0)
#: AsterOCR's certainty in the word as read below which it is weighed (``ctc.SURE`` ships)
SURES = (0.5, 0.6, 0.7, 0.8, 0.92)
#: the margin the station ships (read before ``weighed`` opens it)
SHIPPED = ctc.PAIR_MARGIN


class Taken(NamedTuple):
    """One word the re-reading of pairs changed: how far the ink was from it, and what it did."""
    gap: float
    sure: float  # AsterOCR's certainty in the word as read (its least sure character)
    #: "right" (a misread word given as written), "broke" (a word read as written changed), "other"
    #: (a misread word changed into another misreading), "mended" (a misspelling read as written,
    #: changed)
    kind: str
    font: str
    written: str
    read: str
    chosen: str


def misspelled_syllable(line: str, rng: random.Random, lex) -> tuple[str, int] | None:
    """``line`` with one lower-case word's tone or one letter changed, the new word still a
    Vietnamese syllable unattested beside its neighbours (a book's slip the word list would not
    write); the word's index, or None where no such change is found."""
    words = line.split(" ")
    order = list(range(len(words)))
    rng.shuffle(order)
    for i in order:
        core = word_core(words[i])
        if not core.isalpha() or not core.islower() or len(core) < 2:
            continue
        for _ in range(8):
            if rng.random() < 0.5:
                vowels = [k for k, c in enumerate(core) if unicodedata.normalize("NFD", c)[0] in "aeiouy"]
                k = rng.choice(vowels) if vowels else 0
                base = unicodedata.normalize("NFD", core[k])
                tone = next((c for c in base[1:] if c in TONES), "")
                marks = "".join(c for c in base[1:] if c not in TONES)
                new = unicodedata.normalize("NFC", base[0] + marks + rng.choice([t for t in TONES if t != tone]))
            else:
                k = rng.randrange(len(core))
                new = rng.choice("mnuvtlhkcgiy")
            cand = core[:k] + new + core[k + 1:]
            if cand == core or not lex.is_syllable(cand):
                continue
            prev = word_core(words[i - 1]).lower() if i else ""
            nxt = word_core(words[i + 1]).lower() if i + 1 < len(words) else ""
            if (prev and lex.known_pair(prev, cand)) or (nxt and lex.known_pair(cand, nxt)):
                continue
            return " ".join(words[:i] + [words[i].replace(core, cand, 1)] + words[i + 1:]), i
    return None


def _aligned(read: list[str], written: list[str]) -> dict[int, int]:
    """Index of each read word in the written line's words, where the two align one to one."""
    key = lambda w: fold(word_core(w)).lower()  # noqa: E731 - marks differ, the alignment holds
    out = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, [key(w) for w in read], [key(w) for w in written],
                                                autojunk=False).get_opcodes():
        if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
            out.update(zip(range(i1, i2), range(j1, j2)))
    return out


def weighed(fonts: list[Path], per_font: int, rng: random.Random) -> tuple[list[Taken], dict]:
    lex = load()
    # every change the ink allows at all, with its gap (a run of letters read as two words too:
    # its neighbours' pairs are weighed beside it)
    ctc.PAIR_MARGIN = ctc.JOINED_MARGIN = 40.0
    aster = AsterRecognizer()
    refiner = aster._refiner
    seen: list = []
    counts = {"lines": 0, "misspelled lines": 0}
    out: list[Taken] = []
    pair = refiner._pair_reread

    def record(fn):
        def wrapped(*a, **k):
            change = fn(*a, **k)
            if change is not None:
                seen.append((change, a[2][a[4]][3]))
            return change
        return wrapped

    refiner._pair_reread = record(pair)
    pool = [ln for _ in range(40) for ln in texts.page_lines(rng) if len(ln.split()) >= 3]
    for font in fonts:
        for line in rng.sample(pool, min(per_font, len(pool))):
            size = rng.randint(40, 60)
            slip = misspelled_syllable(line, rng, lex)
            for text, at in ((line, None),) + ((slip,) if slip else ()):
                counts["misspelled lines" if at is not None else "lines"] += 1
                crop = line_crop(text, font, size, page_size=(2600, 3 * size), margin=size // 2)
                seen.clear()
                read = aster.read([crop])[0]
                greedy = read.extra.get("greedy", read.text).split(" ")
                written = text.split(" ")
                where = _aligned(greedy, written)
                for change, sure in seen:
                    j = where.get(change.index)
                    if j is None or " " in word_core(change.chosen):
                        continue  # an unaligned word or one read as two: not counted
                    truth = word_core(written[j])
                    got, was = word_core(change.chosen), word_core(change.greedy)
                    if at == j and was == truth:
                        kind = "mended" if got != truth else "right"
                    else:
                        kind = "right" if got == truth else "broke" if was == truth else "other"
                    out.append(Taken(change.gap, sure, kind, font.stem, text,
                                     change.greedy, change.chosen))
    aster.close()
    return out, counts


def report(taken: list[Taken], counts: dict) -> list[str]:
    out = [f"Lines: {counts['lines']} as written, {counts['misspelled lines']} with a syllable misspelled.", "",
           "| margin (nats) | certainty below | changes taken | right | broke a right word | a misreading for "
           "another | misspellings read as written, mended |",
           "|---|---|---|---|---|---|---|"]
    for m in sorted(set(MARGINS) | {SHIPPED}):
        for bar in SURES:
            t = [x for x in taken if x.gap <= m and x.sure < bar]
            mark = " (shipped)" if (m, bar) == (SHIPPED, ctc.SURE) else ""
            out.append(f"| {m}{mark} | {bar} | {len(t)} | " + " | ".join(
                str(sum(x.kind == k for x in t)) for k in ("right", "broke", "other", "mended")) + " |")
    out += ["", "Changes that broke or mended, nearest first (gap, certainty, font, as read → chosen, in the line):"]
    out += [f"- {x.gap:.2f} ({x.sure:.2f}) {x.kind} {x.font}: `{x.read}` → `{x.chosen}` in `{x.written}`"
            for x in sorted(x for x in taken if x.kind in ("broke", "mended"))[:20]]
    out += ["", "Right changes dearest to take:"]
    out += [f"- {x.gap:.2f} ({x.sure:.2f}) {x.font}: `{x.read}` → `{x.chosen}`"
            for x in sorted((x for x in taken if x.kind == "right"), reverse=True)[:10]]
    return out



def main() -> None:
    args, fonts = development_fonts("pairs", 12, "pairs.md")
    taken, counts = weighed(fonts, args.per_font, random.Random(args.seed))
    write([f"Fonts: {len(fonts)} (held-out hand left out)."] + report(taken, counts), args.markdown)


if __name__ == "__main__":
    main()
