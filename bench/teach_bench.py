"""Teaching benchmark: a form no shipped template knows, taught from its first page, then read on
further pages of that layout.

The certificate of marital status (``scanner_station.synth.unknown_forms``) is taught from one
clean printed sample exactly as the teach dialog does it — per field: choose the key, click the
label (one click takes the label up to its colon) or drag a box around the value, add — and the
actions are counted (a key whose type the templates do not suggest costs one more: its type). The template is
saved with ``teach.save`` (the same validation as any file), then 20 further pages (other
values, shifted by up to 3 cm, half of them scanned: skew, blur, noise, JPEG) are read with the
shipped templates and the taught one, as the pipeline does (second-opinion re-reads included).

Reports: actions to teach, classification, field exact match per variant and per way taught
(label / box), proposed values that are wrong (goal 0), and the same figures for hand-filled
pages. Compare the exact match with a shipped template's on the same variant
(``extract_bench.py``, classic/official printed clean and scanner).

    .venv/bin/python bench/teach_bench.py --pages 20 --out bench/out/teach.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from scanner_station.domain.layout import BBox
from scanner_station.extraction import teach
from scanner_station.extraction.extract import analyse_page
from scanner_station.extraction.reread import CropReader
from scanner_station.extraction.templates import load_all
from scanner_station.imaging.cleanup import clean_page
from scanner_station.ocr import DEFAULT_ENGINE, create_engine
from scanner_station.ocr.orientation import read_upright
from scanner_station.synth.unknown_forms import FIELD_TYPES, make_unknown

CM = 118
#: ten fields: eight by their printed label, two by a box around the value
BY_LABEL = {"requester_name": "Xét đề nghị của ông/bà", "full_name": "Họ, chữ đệm, tên",
            "date_of_birth": "Ngày, tháng, năm sinh", "sex": "Giới tính", "ethnicity": "Dân tộc",
            "personal_id": "Số định danh cá nhân", "residence": "Nơi cư trú",
            "marital_status": "Tình trạng hôn nhân"}
BY_BOX = ("document_number", "issue_date")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--seed", type=int, default=100)
    ap.add_argument("--out", type=Path, default=Path("bench/out/teach.json"))
    args = ap.parse_args(argv)

    engine = create_engine(DEFAULT_ENGINE)
    reader = CropReader()

    def read(rgb):
        cp = clean_page(rgb)[0]
        layout, image, _ = read_upright(engine, cp.image, cp.orientation_confidence)
        return layout, image

    shipped = load_all()
    # a key whose type the templates do not suggest costs one more action: choosing its type
    known = [k for fam in teach.FAMILY_PREFIX for k in teach.catalogue(fam, shipped)]
    sample = make_unknown(1)
    layout, _ = read(sample.image)
    picks = []
    for key, label in BY_LABEL.items():
        x0, y0, x1, y1 = sample.labels[label]
        line, word = teach.word_at(layout, x0 + 0.3 * (x1 - x0), (y0 + y1) / 2)
        picks.append((key, FIELD_TYPES[key], teach.label_text(layout, teach.label_words(line, word))))
    picks += [(key, FIELD_TYPES[key], BBox(*sample.boxes[key])) for key in BY_BOX]
    actions = sum(3 + (teach.guess_type(key, known) != kind) for key, kind, _ in picks)
    with tempfile.TemporaryDirectory() as d:
        text = teach.compose(layout, "civil_status", "Giấy xác nhận tình trạng hôn nhân",
                             [teach.likely_title(teach.title_lines(layout))], picks, shipped, Path(d),
                             author="bench")
        _, taught = teach.save(Path(d), text)
    templates = shipped + [taught]
    how = {f.key: ("box" if f.box else "label") for f in taught.fields}

    exact = defaultdict(lambda: [0, 0])
    cls = defaultdict(lambda: [0, 0])
    proposed = wrong = 0
    wrong_detail, seconds = [], []
    for fill in ("printed", "handwriting"):
        for i in range(args.pages):
            seed = args.seed + i
            variant = "scanner" if i % 2 else "clean"
            shift = ((i % 3) * CM, (i % 4) * CM)
            page = make_unknown(seed, variant, fill, shift)
            t0 = time.perf_counter()
            lay, img = read(page.image)
            a = analyse_page(lay, templates, image=img, reader=reader)
            seconds.append(time.perf_counter() - t0)
            ok = a.template_id == taught.id
            cls[f"{fill}/{variant}"][0] += ok
            cls[f"{fill}/{variant}"][1] += 1
            entry = a.entries[0] if ok and a.entries else {}
            for key in how:
                f = entry.get(key)
                good = f is not None and f.normalized == page.truth[key]
                for k in (f"{fill}/{variant}", f"{fill}/all", f"{fill}/{how[key]}", f"{fill}/field:{key}"):
                    exact[k][0] += good
                    exact[k][1] += 1
                if f is not None and f.status == "proposed":
                    proposed += 1
                    if not good:
                        wrong += 1
                        wrong_detail.append({"seed": seed, "field": key, "want": page.truth[key],
                                             "got": f.normalized})
            print(f"{fill:11s} {variant:8s} seed {seed} shift {shift} {a.template_id} {seconds[-1]:.1f}s")
    reader.close()
    engine.close()
    out = {"actions": actions, "fields": len(taught.fields), "actions_per_field": round(actions / len(picks), 2),
           "classification": {k: [round(v[0] / v[1], 4), v[1]] for k, v in sorted(cls.items())},
           "exact_match": {k: [round(v[0] / v[1], 4), v[1]] for k, v in sorted(exact.items())},
           "proposed": proposed, "wrong_proposed": wrong, "wrong_proposed_detail": wrong_detail,
           "seconds_per_page": round(sum(seconds) / len(seconds), 2), "template": text}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps({k: v for k, v in out.items() if k not in ("template", "wrong_proposed_detail")},
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
