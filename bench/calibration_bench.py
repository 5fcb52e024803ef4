"""Confidence calibration fitted on one page set and measured on another (issue 13 item 5).

usage: python bench/calibration_bench.py --fit DIR --eval DIR [--write] [--markdown FILE]

Both folders come from ``bench/make_pages.py`` with different seeds (for instance ``--seed 3000``
to fit and ``--seed 5000`` to measure). Every detected line of a page is read by *each*
recogniser of the default engine (Tesseract line mode and AsterOCR, ``HybridEngine.every_reading``:
no cascade, raw confidences), and plain Tesseract page mode reads the page; each word is right
when a word alignment of its line with the closest ground-truth line matches it exactly. Pages in
the held-out hand (``handwriting_heldout-*``) are never used to fit. AsterOCR's table is fitted
on the lines the cascade asks it to read (Tesseract line mode's score below the accept bar);
its words on the other lines are reported apart ("not asked").

The tables are fitted on ``--fit`` only; on ``--eval`` the bench reports, per recogniser and page
group, the expected calibration error and Brier score of the identity, of the table in use
(``scanner_station/ocr/calibration.json``) and of the newly fitted one, and what the decisions
built on the scores would see: of the words scored ≥ 0.9 (the cascade's "accept") and ≥ 0.95
(a field may be proposed), how many there are and how many are right. ``--write`` replaces
``calibration.json`` with the new tables.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from PIL import Image

from scanner_station.imaging.cleanup import clean_page
from scanner_station.ocr import create_engine
from scanner_station.ocr.calibration import TABLE, apply, calibration_error, fit
from scanner_station.synth.metrics import normalise

ENGINES = ("tess-line", "aster", "aster (not asked)", "tesseract")
ACCEPT = 0.9  # HybridEngine's accept: below it the next recogniser reads the line
THRESHOLDS = (0.9, 0.95)


def group(stem: str) -> str:
    variant = stem.rsplit("-", 1)[0]
    if variant == "handwriting_heldout":
        return "held-out hand"
    return "handwriting" if variant == "handwriting" else "print"


def right_words(words: list[str], gt_lines: list[list[str]]) -> list[bool]:
    """Which of a line's words a word alignment with its closest ground-truth line matches."""
    best: list[bool] = [False] * len(words)
    best_n = 0
    for ref in gt_lines:
        sm = SequenceMatcher(None, words, ref, autojunk=False)
        blocks = sm.get_matching_blocks()
        n = sum(b.size for b in blocks)
        if n > best_n:
            best_n = n
            best = [False] * len(words)
            for b in blocks:
                for k in range(b.a, b.a + b.size):
                    best[k] = True
    return best


def samples(pages: Path, fit_only: bool) -> list[tuple[str, str, float, bool, float]]:
    """(engine, group, raw confidence, right, Tesseract line mode's raw confidence of the same
    line) for every word every recogniser read on the pages."""
    hybrid = create_engine("onnx-hybrid")
    tess = create_engine("tesseract")
    out = []
    for gt_path in sorted(pages.glob("*.gt.txt")):
        stem = gt_path.name[:-len(".gt.txt")]
        grp = group(stem)
        if fit_only and grp == "held-out hand":
            continue
        img_path = next(p for p in pages.glob(stem + ".*") if not p.name.endswith(".gt.txt"))
        gt_lines = [normalise(x).split() for x in gt_path.read_text("utf-8").splitlines() if x.strip()]
        t = time.perf_counter()
        for cleaned in (cp.image for cp in clean_page(np.asarray(Image.open(img_path).convert("RGB")))):
            for reads in hybrid.every_reading(cleaned):
                first = reads[0].confidence  # the cascade asks AsterOCR when this is low
                for read in reads:
                    words = [(normalise(w[0]), w[3]) for w in read.words if normalise(w[0])]
                    ok = right_words([w for w, _ in words], gt_lines)
                    out.extend((read.engine, grp, c, r, first) for (_, c), r in zip(words, ok))
            for line in tess.read_page(cleaned).lines():
                words = [(normalise(w.text), w.confidence) for w in line.words if normalise(w.text)]
                ok = right_words([w for w, _ in words], gt_lines)
                out.extend(("tesseract", grp, c, r, 0.0) for (_, c), r in zip(words, ok))
        print(f"{stem:24s} {time.perf_counter() - t:5.1f}s", flush=True)
    hybrid.close()
    tess.close()
    return out


def current_tables() -> dict[str, list[tuple[float, float]]]:
    try:
        return {k: [tuple(p) for p in v] for k, v in json.loads(TABLE.read_text("utf-8"))["engines"].items()}
    except (FileNotFoundError, ValueError, KeyError):
        return {}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--cache", default=str(Path(__file__).parent / "out" / "calibration_samples.json"))
    ap.add_argument("--markdown", default=str(Path(__file__).parent / "out" / "calibration.md"))
    args = ap.parse_args()
    cache = Path(args.cache)
    key = f"{Path(args.fit).resolve()}|{Path(args.eval).resolve()}"
    data = json.loads(cache.read_text("utf-8")) if cache.exists() else {}
    if data.get("key") != key:
        data = {"key": key, "fit": samples(Path(args.fit), True), "eval": samples(Path(args.eval), False)}
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data), "utf-8")
    fit_by = defaultdict(list)
    for eng, _, conf, right, _ in data["fit"]:
        fit_by[eng].append((conf, bool(right)))
    new = {eng: fit(pairs) for eng, pairs in fit_by.items() if len(pairs) > 50}
    # AsterOCR is asked only where Tesseract line mode is unsure: its table is fitted on those
    # lines (on every line, print it reads well would set the scores of the handwriting it is for)
    asked = [(c, bool(r)) for e, _, c, r, first in data["fit"] if e == "aster" and apply(new["tess-line"], first) < ACCEPT]
    new["aster"] = fit(asked)
    old = current_tables()
    ev = defaultdict(list)
    for eng, grp, conf, right, first in data["eval"]:
        if eng == "aster" and apply(new["tess-line"], first) >= ACCEPT:
            eng = "aster (not asked)"
        ev[(eng, grp)].append((conf, bool(right)))
        ev[(eng, "all")].append((conf, bool(right)))
    out = ["| recogniser | pages | words | right | table | ECE | Brier | ≥ 0.9: words, right | ≥ 0.95: words, right |",
           "|---|---|---|---|---|---|---|---|---|"]
    for eng in ENGINES:
        for grp in ("all", "print", "handwriting", "held-out hand"):
            pairs = ev.get((eng, grp), [])
            if not pairs:
                continue
            share = sum(r for _, r in pairs) / len(pairs)
            base = eng.split(" ")[0]
            for name, table in (("identity", None), ("in use", old.get(base)), ("new", new.get(base))):
                scored = [(apply(table, c), r) for c, r in pairs]
                ece, brier = calibration_error(scored)
                cells = []
                for t in THRESHOLDS:
                    sel = [r for p, r in scored if p >= t]
                    cells.append(f"{len(sel)}, {sum(sel) / len(sel) * 100:.1f} %" if sel else "0")
                out.append(f"| {eng} | {grp} | {len(pairs)} | {share * 100:.1f} % | {name} | {ece:.3f} | "
                           f"{brier:.3f} | {cells[0]} | {cells[1]} |")
    text = "\n".join(out)
    print(text)
    Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
    Path(args.markdown).write_text(text + "\n", "utf-8")
    if args.write:
        TABLE.write_text(json.dumps({"source": f"bench/calibration_bench.py --fit {args.fit} (fitted there, "
                                               f"measured on {args.eval})", "engines": new},
                                    indent=1) + "\n", "utf-8")
        print(f"calibration written for {sorted(new)} to {TABLE}")


if __name__ == "__main__":
    main()
