"""Commands that read pages without a workspace, and the reading setup: ocr, extract, models,
templates, engines."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..domain.errors import ExitCode, StationError
from ..domain.text import nfc
from .common import _ws, _Inputs


def cmd_ocr(args) -> int:
    from rich.progress import Progress

    from ..domain.layout import DocumentLayout
    from ..ocr import DEFAULT_ENGINE, create_engine
    from ..ocr.orientation import read_upright

    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise StationError(f"--jobs must be 1 or more (got {jobs})", hint="e.g. --jobs 2")
    name = args.engine or DEFAULT_ENGINE
    if jobs > 1:  # worker processes, each loading the engine once
        from .ocr_jobs import PagePool
        engine = PagePool(name, jobs)
    else:
        engine = create_engine(name)
    inputs = _Inputs(args.files)
    with Progress(transient=True, disable=args.quiet) as progress:
        for path, info in inputs:
            task = progress.add_task(nfc(path.name), total=info.page_count)
            if jobs > 1:
                pages = engine.read_file(path, info, args.split,
                                         lambda n, task=task: progress.update(task, completed=n))
            else:
                pages = []
                for i, cp in _Inputs.cleaned_pages(path, info, args.split):
                    pages.append(read_upright(engine, cp.image, cp.orientation_confidence)[0])
                    progress.update(task, completed=i + 1)
            doc = DocumentLayout(tuple(pages))
            stem = nfc(path.stem)
            (out_dir / f"{stem}.txt").write_text(doc.text + "\n", "utf-8")
            (out_dir / f"{stem}.json").write_text(
                json.dumps(doc.to_dict(), ensure_ascii=False, indent=1), "utf-8")
            if not args.quiet:
                print(f"{nfc(path.name)}: {len(pages)} page(s) → {out_dir / (stem + '.txt')}")
    engine.close()
    return inputs.status


def cmd_models(args) -> int:
    from ..ocr.models import check_all, prepared_dir

    bad = 0
    for model, result in check_all():
        mark = "ok " if result == "ok" else "BAD"
        print(f"[{mark}] {model.name} {model.version} ({model.licence}, {model.source})")
        if result != "ok":
            bad += 1
            print("      " + result.replace("\n", "\n      "))
    if bad:
        return int(ExitCode.model_error)
    if args.prepare:
        prepared_dir("ppocrv4_det", "paddle-det")
    return 0


def cmd_extract(args) -> int:
    """`extract FILE… --json` (no workspace) or `extract [--batch NAME]` (the workspace's records)."""
    if args.files:
        return _extract_files(args)
    return _extract_workspace(args)


def _extract_files(args) -> int:
    from ..extraction.extract import analyse_page, group_pages
    from ..extraction.reread import CropReader
    from ..extraction.templates import load_all
    from ..ocr import DEFAULT_ENGINE, create_engine
    from ..ocr.orientation import read_upright

    templates = load_all()
    by_id = {t.id: t for t in templates}
    engine = create_engine(args.engine or DEFAULT_ENGINE)
    reader = CropReader()
    docs = []
    inputs = _Inputs(args.files)
    for path, info in inputs:
        analyses = []
        for page_no, (_, cp) in enumerate(_Inputs.cleaned_pages(path, info), 1):
            if cp.blank:
                analyses.append(None)
                continue
            layout, image, _ = read_upright(engine, cp.image, cp.orientation_confidence)
            analyses.append(analyse_page(layout, templates, page_no, image, reader))
        for d in group_pages(analyses, by_id):
            for e_i, fields in enumerate(d.entries or [{}]):
                docs.append({"file": nfc(path.name), "pages": [i + 1 for i in d.pages],
                             "entry": e_i + 1 if len(d.entries) > 1 else None,
                             "template": d.template_id or "unclassified",
                             "template_confidence": round(d.score, 3), "reason": d.reason,
                             "fields": {k: f.as_json() for k, f in fields.items()}})
    reader.close()
    engine.close()
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=1))
    else:
        for d in docs:
            entry = f" entry {d['entry']}" if d["entry"] else ""
            print(f"{d['file']} p.{','.join(map(str, d['pages']))}{entry}: {d['template']} "
                  f"({d['template_confidence']:.2f}) {d['reason']}")
            for k, f in d["fields"].items():
                print(f"  {k:22s} [{f['status']:9s}] {f['value']}")
    return inputs.status


def _extract_workspace(args) -> int:
    """Re-read the workspace's processed pages (after a template change with --reanalyse) and
    rebuild their records; records a person already worked on are left as they are."""
    import cv2

    from ..domain.layout import PageLayout
    from ..pipeline.runner import analyse

    ws = _ws(args, create=False)
    built = kept = 0
    for f in ws.store.files_done(args.batch):
        if args.reanalyse:
            for p in ws.store.pages(f["id"]):
                if p["blank"] or not p["ocr_json"]:
                    continue
                image = cv2.imread(str(ws.root / p["image_path"]), cv2.IMREAD_GRAYSCALE)
                if image is None:
                    print(f"warning: page image missing: {p['image_path']} (run `process` again)",
                          file=sys.stderr)
                    continue
                layout = PageLayout.from_dict(json.loads(p["ocr_json"]))
                out_dir = (ws.root / p["image_path"]).parent
                a = analyse(ws.root, layout, image, out_dir, Path(p["image_path"]).stem)
                ws.store.set_page_analysis(p["id"], json.dumps(a.as_json(), ensure_ascii=False))
        n = ws.store.rebuild_records(f["id"])
        if n is None:
            kept += 1
        else:
            built += n
    print(f"{built} record(s) built; {kept} file(s) kept as clerks left them")
    return 0


def cmd_templates(args) -> int:
    from ..extraction.templates import load_all, load_template

    if args.action == "list":
        for t in load_all():
            print(f"{t.id} v{t.version} [{t.family}] {t.title} — {len(t.fields)} field(s)")
        return 0
    if not args.file:
        print("templates check needs a FILE", file=sys.stderr)
        return int(ExitCode.bad_args)
    t = load_template(Path(args.file))
    print(f"ok: {t.id} v{t.version}, {len(t.fields)} field(s): {', '.join(f.key for f in t.fields)}")
    return 0


def cmd_engines(args) -> int:
    from ..ocr import DEFAULT_ENGINE, engine_names

    for n in engine_names():
        print(n + ("  (default)" if n == DEFAULT_ENGINE else ""))
    return 0
