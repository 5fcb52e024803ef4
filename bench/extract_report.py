"""Markdown tables from ``extract_bench.py`` reports (for bench/RESULTS.md).

    .venv/bin/python bench/extract_report.py bench/out/dev.json bench/out/heldout.json

Per layout family and fill: classification, field exact match per variant, fields proposed and
wrong proposals; then exact match per field type, development families vs held-out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _pct(v) -> str:
    return f"{100 * v[0]:.1f} % ({v[1]})" if v else "–"


def main(paths: list[str]) -> int:
    reports = [json.loads(Path(p).read_text("utf-8")) for p in paths]
    exact: dict[str, list] = {}
    for r in reports:
        exact.update(r["exact_match"])
    print("| layout | fill | field exact match | classification |")
    print("|---|---|---|---|")
    for r in reports:
        ex = r["exact_match"]
        for lay in sorted(k.split(":")[1] for k in ex if k.startswith("layout:") and "/" not in k):
            for fill in ("printed", "handwriting"):
                if f"layout:{lay}/fill:{fill}" in ex:
                    print(f"| {lay} | {fill} | {_pct(ex[f'layout:{lay}/fill:{fill}'])} | "
                          f"{100 * r['classification'].get(f'layout:{lay}', 0):.1f} % |")
    print()
    print("| report | group | fill | clean | scanner | all | classification | proposed | wrong proposed |")
    print("|---|---|---|---|---|---|---|---|---|")
    for p, r in zip(paths, reports):
        ex = r["exact_match"]
        for group in ("dev", "held-out"):
            for fill in ("printed", "handwriting"):
                if f"{group}/fill:{fill}" not in ex:
                    continue
                print(f"| {Path(p).name} | {group} | {fill} | {_pct(ex.get(f'{group}/variant:clean/fill:{fill}'))} | "
                      f"{_pct(ex.get(f'{group}/variant:scanner/fill:{fill}'))} | {_pct(ex[f'{group}/fill:{fill}'])} | "
                      f"{100 * r['classification'].get(group, 0):.1f} % | {r['proposed_fields']} | "
                      f"{r['wrong_proposed']} |")
    print()
    types = sorted({k.split("/")[1] for k in exact if k.count("/") == 2 and "/type:" in k})
    print("| field type | dev printed | dev hand-filled | held-out printed | held-out hand-filled |")
    print("|---|---|---|---|---|")
    for t in types:
        row = [_pct(exact.get(f"{g}/{t}/fill:{f}")) for g in ("dev", "held-out") for f in ("printed", "handwriting")]
        print(f"| {t.split(':')[1]} | " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
