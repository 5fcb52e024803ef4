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
    import tempfile
    from collections import deque

    from rich.progress import Progress

    from ..domain.layout import DocumentLayout, PageLayout
    from ..ocr import DEFAULT_ENGINE
    from .ocr_jobs import PagePool

    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise StationError(f"--jobs must be 1 or more (got {jobs})", hint="e.g. --jobs 2")
    # worker processes each load the engine once; --jobs 1 reads in this process
    engine = PagePool(args.engine or DEFAULT_ENGINE, jobs)
    # the workers decode every page anyway: a page cut short is reported from there, per file
    inputs = _Inputs(args.files, decode=False)
    # files are queued ahead (up to a few pages per worker) so the workers are never idle
    # between files; outputs are written in input order
    ahead: deque = deque()
    queued = 0

    def finish(progress) -> None:
        nonlocal queued
        path, futures, tmp, task = ahead.popleft()
        pages = []
        queued -= len(futures)
        try:
            for i, fut in enumerate(futures):
                pages.extend(fut.result())
                progress.update(task, completed=i + 1)
        except StationError as exc:  # nothing is written for a file that cannot be read whole
            inputs.failed(exc)
            if tmp is not None:
                tmp.cleanup()
            progress.remove_task(task)
            return
        layouts = [PageLayout.from_dict(p["layout"]) for p in pages]
        doc = DocumentLayout(tuple(layouts))
        stem = nfc(path.stem)
        (out_dir / f"{stem}.txt").write_text(doc.text + "\n", "utf-8")
        (out_dir / f"{stem}.json").write_text(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1), "utf-8")
        written = [f"{stem}.txt"]
        if tmp is not None:
            _searchable_pdf(pages, out_dir / f"{stem}.pdf", stem)
            written.append(f"{stem}.pdf")
            tmp.cleanup()
        progress.remove_task(task)
        if not args.quiet:
            print(f"{nfc(path.name)}: {len(layouts)} page(s) → " + ", ".join(str(out_dir / w) for w in written))

    try:
        with Progress(transient=True, disable=args.quiet) as progress:
            for path, info in inputs:
                tmp = tempfile.TemporaryDirectory(prefix="ss-ocr-") if args.pdf else None
                task = progress.add_task(nfc(path.name), total=info.page_count)
                futures = engine.submit_file(path, info, args.split, Path(tmp.name) if tmp else None)
                ahead.append((path, futures, tmp, task))
                queued += len(futures)
                while ahead and queued > 2 * jobs:
                    finish(progress)
            while ahead:
                finish(progress)
    finally:
        for _, _, tmp, _ in ahead:
            if tmp is not None:
                tmp.cleanup()
        engine.close()
    return inputs.status


def _searchable_pdf(pages: list[dict], target: Path, title: str) -> None:
    """The cleaned pages with their OCR text invisible over them, as PDF/A-2b (the layer export
    builds), written atomically."""
    from ..export.pdfa import PdfPage, build_pdfa

    part = target.with_name(f".{target.name}.part")
    build_pdfa([PdfPage(Path(p["image"]), p["layout"], p["dpi"]) for p in pages], part, title=title)
    os.replace(part, target)


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
    from ..extraction.documents import group_pages
    from ..extraction.extract import analyse_page
    from ..extraction.page_marks import note_cleanup
    from ..extraction.reread import CropReader
    from ..extraction.templates import load_all
    from ..ocr import DEFAULT_ENGINE, create_engine
    from ..ocr.orientation import read_upright

    templates = load_all(workspace=_workspace_root(args))
    by_id = {t.id: t for t in templates}
    engine = create_engine(args.engine or DEFAULT_ENGINE)
    reader = CropReader(engine.line_recognizers())
    docs = []
    inputs = _Inputs(args.files)
    for path, info in inputs:
        analyses = []
        for page_no, (_, cp) in enumerate(_Inputs.cleaned_pages(path, info), 1):
            if cp.blank:
                analyses.append(None)
                continue
            layout, image, turned = read_upright(engine, cp.image, cp.orientation_confidence)
            analyses.append(analyse_page(note_cleanup(layout, cp.steps, turned), templates, page_no, image, reader))
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
    from ..pipeline.reanalyse import reanalyse

    ws = _ws(args, create=False)
    files = [f["id"] for f in ws.store.files_done(args.batch)]
    if args.reanalyse:
        counts = reanalyse(ws, files)
    else:
        counts = {"built": 0, "kept": 0}
        for f in files:
            n = ws.store.rebuild_records(f)
            counts["kept" if n is None else "built"] += 1 if n is None else n
    print(f"{counts['built']} record(s) built; {counts['kept']} file(s) kept as clerks left them")
    if args.reanalyse:
        print(f"unclassified documents: {counts['unclassified_before']} before, {counts['unclassified_after']} now")
    return 0


def _workspace_root(args) -> Path | None:
    """The workspace whose own templates join the shipped ones: the one named with
    --workspace, else the default one when it exists (never created by a read)."""
    from ..storage.workspace import default_workspace

    root = Path(args.workspace) if getattr(args, "workspace", None) else default_workspace()
    return root if (root / "station.db").exists() else None


def cmd_templates(args) -> int:
    from ..extraction.templates import load_all, load_template

    if args.action == "list":
        root = _workspace_root(args)
        for t in load_all(workspace=root):
            where = "shipped" if t.shipped else f"workspace {Path(t.path).name}" + (
                ", replaces the shipped one" if t.overrides else "")
            who = f", taught by {t.author} {t.created}" if t.author else ""
            print(f"{t.id} v{t.version} [{t.family}] {t.title} — {len(t.fields)} field(s) ({where}{who})")
        return 0
    if args.action == "learn":
        return _learn(args)
    if not args.file:
        print(f"templates {args.action} needs a FILE", file=sys.stderr)
        return int(ExitCode.bad_args)
    if args.action == "import":
        return _import(args)
    if args.action == "sign":
        return _sign(args)
    t = load_template(Path(args.file))
    print(f"ok: {t.id} v{t.version}, {len(t.fields)} field(s): {', '.join(f.key for f in t.fields)}")
    return 0


def _supervisor(args, ws):
    """The supervisor teaching or importing (None on a station without accounts yet)."""
    import getpass

    from ..storage.review import Review

    rv = Review(ws.store)
    if not rv.has_users():
        return rv, None
    name = args.user or getpass.getuser()
    password = os.environ.get("SCANNER_STATION_PASSWORD") or getpass.getpass(f"password of {name}: ")
    return rv, rv.login(name, password)


def _learn(args) -> int:
    """`templates learn PAGE --family F --name N --title-cue T --field KEY=LABEL --field KEY@x0,y0,x1,y1`"""
    import hashlib

    from ..domain.layout import BBox
    from ..extraction import teach
    from ..extraction.templates import FIELD_TYPES, WORKSPACE_DIR, load_all
    from ..ocr import DEFAULT_ENGINE, create_engine
    from ..ocr.orientation import read_upright

    if not args.file or not args.family or not args.name or not args.field:
        raise StationError("templates learn needs a sample page, --family, --name and at least one --field",
                           hint='e.g. templates learn mau.png --family civil_status --name "Giấy xác nhận" '
                                '--title-cue "GIẤY XÁC NHẬN" --field "full_name=Họ và tên"')
    ws = _ws(args, create=False)
    rv, user = _supervisor(args, ws)
    shipped = load_all(workspace=ws.root)
    known = {k.key: k for k in teach.catalogue(args.family, shipped)}
    types = dict(t.split("=", 1) for t in args.type or [])
    for key, kind in types.items():
        if kind not in FIELD_TYPES:
            raise StationError(f"unknown field type '{kind}' for {key}", hint=f"one of: {', '.join(FIELD_TYPES)}")
    path = Path(args.file)
    inputs = _Inputs([str(path)])
    sample = next(iter(inputs), None)
    if sample is None:
        return inputs.status
    _, cp = next(_Inputs.cleaned_pages(path, sample[1]))
    engine = create_engine(args.engine or DEFAULT_ENGINE)
    layout = read_upright(engine, cp.image, cp.orientation_confidence)[0]
    engine.close()
    picks = []
    for spec in args.field:
        by_box = "@" in spec and ("=" not in spec or spec.index("@") < spec.index("="))
        key, _, rest = spec.partition("@" if by_box else "=")
        key = key.strip()
        kind = types.get(key) or (known[key].type if key in known else "text")
        if by_box:
            try:
                x0, y0, x1, y1 = (int(float(v)) for v in rest.split(","))
                picks.append((key, kind, BBox(x0, y0, x1, y1)))
            except ValueError as exc:
                raise StationError(f"--field {spec}: a box is KEY@left,top,right,bottom in the page's pixels",
                                   hint="e.g. --field document_number@270,390,680,435") from exc
        else:
            label = nfc(rest.strip().rstrip(":").strip())
            if not label:
                raise StationError(f"--field {spec}: no label given", hint='e.g. --field "full_name=Họ và tên"')
            picks.append((key, kind, label))
    # without --title-cue, the title the app would tick (not the motto every document carries)
    cues = args.title_cue or [t for t in [teach.likely_title(teach.title_lines(layout))] if t]
    directory = ws.root / WORKSPACE_DIR
    text = teach.compose(layout, args.family, nfc(args.name), [nfc(c) for c in cues], picks, shipped, directory,
                         author=user.name if user else os.environ.get("USER", "station"),
                         taught_from=hashlib.sha256(path.read_bytes()).hexdigest(), overrides=args.overrides)
    saved, t = rv.save_template(user, directory, text)
    print(f"saved {t.id} v{t.version} → {saved} ({len(t.fields)} field(s); title cues: {'; '.join(t.title_cues)})")
    return 0


def _import(args) -> int:
    """`templates import FILE`: a template handed over by another station or the province; a
    signed one (FILE.p7s beside it) only when its signature checks against --trust."""
    from ..export.provenance import check_template_signature
    from ..extraction.templates import WORKSPACE_DIR, load_template

    src = Path(args.file)
    load_template(src)  # refused with file, line and key before anything is written
    ok, signer, why = check_template_signature(src, Path(args.trust) if args.trust else None)
    if ok is False:
        raise StationError(f"the template's signature is not valid: {why}", path=str(src),
                           hint="ask the sender for the file as signed, or the right trust store")
    ws = _ws(args, create=False)
    rv, user = _supervisor(args, ws)
    saved, t = rv.save_template(user, ws.root / WORKSPACE_DIR, src.read_text("utf-8"),
                                "template_imported" if ok is None else "template_imported_signed")
    print(f"imported {t.id} v{t.version} → {saved}" + (f" (signed by {signer})" if ok else " (unsigned)"))
    return 0


def _sign(args) -> int:
    """`templates sign FILE`: a detached signature beside the file, for handing it to others."""
    from ..export.keys import load_p12
    from ..export.provenance import sign_template
    from ..extraction.templates import load_template
    from .common import _password

    load_template(Path(args.file))
    p12 = Path(args.p12) if args.p12 else _ws(args, create=False).root / "keys" / "station.p12"
    print(sign_template(Path(args.file), load_p12(p12, _password(args))))
    return 0


def cmd_engines(args) -> int:
    from ..ocr import DEFAULT_ENGINE, engine_names

    for n in engine_names():
        print(n + ("  (default)" if n == DEFAULT_ENGINE else ""))
    return 0
