"""Field extraction benchmark: classification accuracy, field exact match, wrong proposals.

Renders filled forms for every template (``scanner_station.synth.forms``) in each
degradation and fill style, runs cleanup → OCR → classification → field reading
(with the second-opinion re-reads) exactly as the pipeline does, and compares
every field's normalised value with the ground truth (a place's truth put in the place's normal
form first: its unit words in small letters, its parts apart by ", ").

    .venv/bin/python bench/extract_bench.py --per-cell 2 --out bench/out/extract.json

Layout families (``scanner_station.synth.styles.LAYOUTS``): ``classic`` (our first generator),
``official`` and ``old`` (the current and pre-2016 form versions' wording and placement) are the
development families; ``table`` (ruled label | value cells, fonts never used in development)
is held out: reading rules and thresholds were never tuned on it. Every figure is reported
per layout and as ``dev`` vs ``held-out``.

Fills (``synth.forms.FILLS``): ``printed``, ``handwriting`` (cursive hands; the held-out
family in its own held-out hand) and ``cramped`` (the same hands writing their words closer
than their font sets them, a third to two thirds of its space: lost word spaces are the
commonest misreading of real hands) and ``blockhand`` (a hand printing its letters unjoined, as
many clerks fill a form; the held-out families still in their held-out hand).

Reports: classification accuracy per variant and layout; field exact match per layout, per
variant, per field type and per template; the number of fields that disagree with the truth
yet were *proposed* (high confidence, validators passed, second opinion agreed) — the goal is
0; seconds per page.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from this_code import CODE  # the copy of the code this bench measures (first)
from scanner_station.extraction.extract import analyse_page
from scanner_station.extraction.page_marks import note_cleanup
from scanner_station.extraction.parsing import parse
from scanner_station.extraction.reread import CropReader
from scanner_station.extraction.templates import load_all
from scanner_station.imaging.cleanup import clean_page
from scanner_station.ocr.orientation import read_upright
from scanner_station.ocr import DEFAULT_ENGINE, create_engine
from scanner_station.synth.forms import FORM_VARIANTS, TEMPLATES, make_form
from scanner_station.synth.styles import HELD_OUT, LAYOUTS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-cell", type=int, default=2, help="forms per template × variant × fill")
    ap.add_argument("--variants", default=",".join(FORM_VARIANTS))
    ap.add_argument("--fills", default="printed,handwriting", help="printed, handwriting, cramped, blockhand")
    ap.add_argument("--templates", default=",".join(TEMPLATES))
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    ap.add_argument("--seed", type=int, default=0, help="first seed (another set of forms)")
    ap.add_argument("--engine", default=DEFAULT_ENGINE)
    ap.add_argument("--no-second-opinion", action="store_true")
    ap.add_argument("--out", type=Path, default=Path("bench/out/extract.json"))
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)

    templates = load_all()
    types = {t.id: {f.key: f.type for f in t.fields} | {f.series: "series" for f in t.fields if f.series}
             for t in templates}
    engine = create_engine(args.engine)
    reader = None if args.no_second_opinion else CropReader()
    cls = defaultdict(lambda: [0, 0])
    exact = defaultdict(lambda: [0, 0])
    wrong_proposed = []
    proposed = [0, 0]  # proposed fields, of which correct
    seconds = []
    errors = []
    seed = args.seed
    cells = [(tid, layout, variant, fill) for layout in args.layouts.split(",")
             for tid in args.templates.split(",") for variant in args.variants.split(",")
             for fill in args.fills.split(",")]
    for tid, layout, variant, fill in cells:
        group = "held-out" if layout in HELD_OUT else "dev"
        for _ in range(args.per_cell):
            seed += 1
            sample = make_form(seed, tid, variant, fill, layout)
            t0 = time.perf_counter()
            page = clean_page(sample.image)[0]
            ocr, image, turned = read_upright(engine, page.image, page.orientation_confidence)
            a = analyse_page(note_cleanup(ocr, page.steps, turned), templates, image=image, reader=reader)
            seconds.append(time.perf_counter() - t0)
            ok = a.template_id == tid
            for k in (variant, f"fill:{fill}", "all", f"layout:{layout}", group):
                cls[k][0] += ok
                cls[k][1] += 1
            if not ok:
                errors.append({"seed": seed, "template": tid, "layout": layout, "got": a.template_id,
                               "ranking": a.ranking, "reason": a.reason})
                for truth in sample.truth:
                    for key in truth:
                        _count(exact, tid, variant, fill, types[tid][key], False, layout)
                continue
            anchor = next((t.entry_anchor for t in templates if t.id == tid), "")
            pairs = pair_entries(sample.truth, a.entries, anchor)
            for i, truth in enumerate(sample.truth):
                fields = a.entries[pairs[i]] if pairs[i] is not None else {}
                for key, want in truth.items():
                    f = fields.get(key)
                    got = f.normalized if f else None
                    if types[tid][key] == "place":
                        # a place's truth as written ("Phường 5, quận …" opening an address) in the
                        # normal form the station gives it (unit words in small letters, ", ")
                        want = parse("place", want).normalized
                    good = got == want
                    _count(exact, tid, variant, fill, types[tid][key], good, layout)
                    if f is not None and f.status == "proposed":
                        proposed[0] += 1
                        proposed[1] += good
                        if not good:
                            wrong_proposed.append({"seed": seed, "template": tid, "variant": variant,
                                                   "layout": layout, "fill": fill, "field": key,
                                                   "want": want, "got": got})
                    if not good and args.show_errors:
                        print(f"  {tid} {layout} {variant}/{fill} #{seed} {key}: want {want!r} got {got!r} "
                              f"[{f.status if f else '-'}] {f.messages if f else ''}", file=sys.stderr)
            print(f"{tid:28s} {layout:8s} {variant:8s} {fill:11s} seed {seed:3d} {seconds[-1]:5.1f}s "
                  f"class {'ok' if ok else 'WRONG'}", file=sys.stderr)
    engine.close()
    report = {
        "code": CODE, "engine": args.engine, "second_opinion": reader is not None, "pages": len(seconds),
        "seconds_per_page": round(sum(seconds) / max(1, len(seconds)), 2),
        "classification": {k: round(v[0] / v[1], 4) for k, v in sorted(cls.items())},
        "exact_match": {k: [round(v[0] / v[1], 4), v[1]] for k, v in sorted(exact.items())},
        "proposed_fields": proposed[0], "proposed_correct": proposed[1],
        "wrong_proposed": len(wrong_proposed), "wrong_proposed_detail": wrong_proposed,
        "classification_errors": errors,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps({k: v for k, v in report.items() if not k.endswith("detail")},
                     ensure_ascii=False, indent=1))
    return 0


def pair_entries(truths: list[dict], entries: list[dict], anchor: str) -> list[int | None]:
    """For each truth entry, the index of the read entry it is compared with (None: lost).

    A form has one entry each: index to index. On a register page an entry read into the one
    before it (its number line garbled) would shift every later entry by one if pairing went by
    order, and the next entry's own values would be counted as wrong proposals of the lost one.
    So entries are paired by their number (the template's ``entry_anchor``) where the read
    number equals the truth's; the truths left are paired in order with the entries left
    between the same paired neighbours, only where as many are left on both sides (else lost).
    """
    if not anchor or len(truths) <= 1:
        return [i if i < len(entries) else None for i in range(len(truths))]

    def number(fields: dict) -> str | None:
        f = fields.get(anchor)
        return f.normalized if f is not None else None

    pairs: list[int | None] = [None] * len(truths)
    used: set[int] = set()
    for i, truth in enumerate(truths):
        hits = [j for j, e in enumerate(entries) if j not in used and number(e) == truth.get(anchor)]
        if len(hits) == 1:
            pairs[i] = hits[0]
            used.add(hits[0])
    # the gaps between paired truths: their truths and entries in order, where the counts agree
    i = 0
    while i < len(truths):
        if pairs[i] is not None:
            i += 1
            continue
        k = i
        while k < len(truths) and pairs[k] is None:
            k += 1
        lo = max((p for p in pairs[:i] if p is not None), default=-1)
        hi = next((p for p in pairs[k:] if p is not None), len(entries))
        free = [j for j in range(lo + 1, hi) if j not in used]
        if len(free) == k - i:
            for n, j in enumerate(free):
                pairs[i + n] = j
        i = k
    return pairs


def _count(exact, tid, variant, fill, ftype, good: bool, layout: str) -> None:
    group = "held-out" if layout in HELD_OUT else "dev"
    for k in ("all", f"variant:{variant}", f"fill:{fill}", f"type:{ftype}", f"template:{tid}",
              f"variant:{variant}/fill:{fill}", f"layout:{layout}", f"{group}", f"{group}/fill:{fill}",
              f"{group}/variant:{variant}/fill:{fill}", f"{group}/type:{ftype}/fill:{fill}",
              f"layout:{layout}/fill:{fill}"):
        exact[k][0] += good
        exact[k][1] += 1


if __name__ == "__main__":
    sys.exit(main())
