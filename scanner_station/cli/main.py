"""``scanner-station``: the command line (after OCRmyPDF: distinct exit codes, a fix hint,
never a traceback for a user error).

Commands: init, watch, ingest, process, retry, ocr, extract, records, person, templates, search,
status, models, engines.
Every workspace command takes ``--workspace DIR`` (default: the user's data
folder, or SCANNER_STATION_WORKSPACE).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path

from .. import __version__
from ..domain.errors import ExitCode, StationError
from ..domain.text import nfc


def _ws(args, create: bool = True):
    from ..storage.workspace import Workspace, default_workspace

    root = Path(args.workspace) if args.workspace else default_workspace()
    return Workspace.open(root, create=create)


def cmd_init(args) -> int:
    from ..storage.workspace import Workspace, default_workspace

    root = Path(args.dir or args.workspace or default_workspace())
    ws = Workspace.init(root)
    print(f"Workspace ready: {ws.root}")
    print(f"  drop scans into {ws.inbox} (a subfolder per batch; batch.toml describes it)")
    return 0


def _progress_printer(quiet: bool):
    from rich.console import Console

    console = Console(stderr=True)

    def show(event):
        if quiet:
            return
        kind = event["event"]
        if kind == "page_done":
            console.print(f"[green]✓[/] file #{event['file_id']} page {event['page']}")
        elif kind in ("page_failed", "page_retry"):
            word = "failed" if kind == "page_failed" else "will retry"
            console.print(f"[red]✗[/] file #{event['file_id']} page {event['page']} {word}: {event['reason']}")
    return show


def _run_pipeline(ws, args) -> int:
    """Process the queue with a progress bar (pages) and a line per failure."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..pipeline import Pipeline

    total = ws.store.pending_jobs()
    with Progress(TextColumn("OCR"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  disable=args.quiet or total == 0, transient=True) as progress:
        task = progress.add_task("pages", total=total)

        def on_event(event):
            if event["event"] in ("page_done", "page_failed"):
                progress.advance(task)
            if event["event"] != "page_done" and not args.quiet:
                progress.console.print(f"✗ file #{event['file_id']} page {event['page']}: {event['reason']}")
        return Pipeline(ws, engine=args.engine, workers=args.workers, on_progress=on_event).run()


def cmd_watch(args) -> int:
    from ..ingest.service import StationService
    from ..pipeline import Pipeline

    ws = _ws(args)
    ws.lock()
    cfg = ws.config

    def show(res) -> None:
        if not args.quiet:
            print(f"{res.status}: {nfc(Path(res.path).name)}"
                  + (f" ({res.reason_code}: {res.message})" if res.reason_code else ""), flush=True)

    poll = args.poll if args.poll is not None else cfg.poll_seconds
    service = StationService(ws.root, Pipeline, engine=args.engine, workers=args.workers, poll_seconds=poll,
                             on_intake=show, on_progress=_progress_printer(args.quiet))

    def on_signal(*_):
        service.stop_event.set()
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"Watching {ws.inbox} ({'polling every %gs' % poll if poll else 'native events'}); "
          "Ctrl+C stops.", flush=True)
    try:
        service.run()
    finally:
        ws.close()
    return 0


def cmd_ingest(args) -> int:
    from ..domain.records import BatchInfo
    from ..ingest.intake import intake

    ws = _ws(args)
    batch = None
    if args.batch:
        batch = BatchInfo(args.batch, book_type=args.book_type or "unknown",
                          volume=args.volume or "unknown", year=args.year or "unknown",
                          office=args.office or "unknown", split_mode=args.split)
    worst = 0
    for name in args.files:
        path = Path(name)
        if not path.exists():
            print(f"not found: {name}", file=sys.stderr)
            worst = max(worst, int(ExitCode.input_file))
            continue
        res = intake(ws, path, batch=batch, remove_source=args.move)
        line = f"{res.status}: {nfc(path.name)}"
        if res.status == "quarantined":
            line += f" ({res.reason_code}: {res.message}) → see {ws.quarantine}"
            worst = max(worst, int(ExitCode.input_file))
        elif res.message:
            line += f" ({res.message})"
        print(line, flush=True)
    if not args.no_process:
        ws.lock()
        _run_pipeline(ws, args)
    ws.close()
    return worst


def cmd_process(args) -> int:
    ws = _ws(args)
    ws.lock()
    n = _run_pipeline(ws, args)
    print(f"{n} page(s) processed")
    ws.close()
    return 0


def cmd_retry(args) -> int:
    ws = _ws(args)
    n = ws.store.retry_failed()
    print(f"{n} failed page job(s) queued again; run `scanner-station process`")
    return 0


class _Inputs:
    """Files named on the command line, for the workspace-free commands (`ocr`, `extract`):
    bad ones are reported with their hint and raise the exit status; the rest are yielded."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.status = 0

    def __iter__(self):
        from ..imaging.sources import inspect_file

        for name in self.names:
            path = Path(name)
            try:
                info = inspect_file(path)
            except StationError as exc:
                print(str(exc), file=sys.stderr)
                self.status = max(self.status, int(exc.exit_code))
                continue
            yield path, info

    @staticmethod
    def cleaned_pages(path: Path, info, split: str = "auto"):
        """(source page index, cleaned page) for every page of an inspected file."""
        from ..imaging.cleanup import CleanupOptions, clean_page
        from ..imaging.sources import load_page

        for i in range(info.page_count):
            for cp in clean_page(load_page(path, info.kind, i).image, CleanupOptions(split_mode=split)):
                yield i, cp


def _orientation(cp) -> float:
    """How sure cleanup was that the page is upright (1.0 when it did not say)."""
    return float(cp.steps.get("orientation", {}).get("confidence", 1.0))


def read_upright(engine, gray, confidence):
    from ..ocr.orientation import read_upright as read
    return read(engine, gray, confidence)


def cmd_ocr(args) -> int:
    from rich.progress import Progress

    from ..domain.layout import DocumentLayout
    from ..ocr import DEFAULT_ENGINE, create_engine

    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(args.engine or DEFAULT_ENGINE)
    inputs = _Inputs(args.files)
    with Progress(transient=True, disable=args.quiet) as progress:
        for path, info in inputs:
            task = progress.add_task(nfc(path.name), total=info.page_count)
            pages = []
            for i, cp in _Inputs.cleaned_pages(path, info, args.split):
                pages.append(read_upright(engine, cp.image, _orientation(cp))[0])
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


def cmd_search(args) -> int:
    ws = _ws(args, create=False)
    hits = ws.store.search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=1))
        return 0 if hits else int(ExitCode.not_found)
    if not hits:
        print("no match")
        return int(ExitCode.not_found)
    for h in hits:
        part = {0: "", 1: " (left)", 2: " (right)"}[h["part"]]
        print(f"{'=' if h['exact'] else '~'} {h['batch']} / {h['file']} p.{h['page']}{part}: {h['snippet']}")
    return 0


def cmd_status(args) -> int:
    ws = _ws(args)
    st = ws.store.status()
    if args.json:
        print(json.dumps(st, ensure_ascii=False, indent=1))
        return 0
    print(f"Workspace: {ws.root}")
    print("Files:  " + (", ".join(f"{k} {v}" for k, v in sorted(st["files"].items())) or "none"))
    print("Pages:  " + (", ".join(f"{k} {v}" for k, v in sorted(st["jobs"].items())) or "none")
          + f"; stored {st['pages']} (blank {st['blank_pages']})")
    print(f"Quarantined: {st['quarantined']}   Duplicates skipped: {st['duplicates']}")
    for b in st["batches"]:
        print(f"  batch {b['name']}: {b['files']} file(s), {b['pages']} page(s), {b['done'] or 0} file(s) done"
              f" [{b['book_type']}, quyển {b['volume']}, {b['year']}]")
    return 0


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
            layout, image, _ = read_upright(engine, cp.image, _orientation(cp))
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


def cmd_records(args) -> int:
    ws = _ws(args, create=False)
    if args.id:
        r = ws.store.record(args.id)
        if args.json:
            print(json.dumps(r, ensure_ascii=False, indent=1))
        else:
            print(f"record #{r['id']} {r['template_id'] or 'unclassified'} [{r['state']}] "
                  f"pages {r['page_ids']} {r['reason']}")
            for k, f in r["fields"].items():
                flag = "; ".join(f["messages"])
                print(f"  {k:22s} [{f['status']:9s}] {f['value']}" + (f"   ⚠ {flag}" if flag else ""))
        return 0
    rows = ws.store.records(args.batch, args.state)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"#{r['id']:<5d} {r['batch']:20s} {r['original_name'][:30]:30s} "
                  f"{r['template_id'] or 'unclassified':28s} {r['state']}")
    return 0


def cmd_person(args) -> int:
    ws = _ws(args, create=False)
    if not args.query.isdigit() or len(args.query) != 12:
        hits = ws.store.find_people(args.query)
        if args.json:
            print(json.dumps(hits, ensure_ascii=False, indent=1))
        else:
            for h in hits:
                print(f"{h['personal_id']}  {h['name']:30s} {h['birth']:10s} record #{h['record_id']} ({h['role']})")
        return 0 if hits else int(ExitCode.not_found)
    info = ws.store.person(args.query)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
    else:
        for r in info["records"]:
            print(f"record #{r['record_id']} {r['template_id']}: {r['name']} {r['birth']} {r['sex']} ({r['role']})")
        for c in info["conflicts"]:
            print(f"CONFLICT {c['field']}: records {c['records'][0]} and {c['records'][1]} say "
                  f"{c['values'][0]!r} and {c['values'][1]!r}")
    return 0 if info["records"] else int(ExitCode.not_found)


def cmd_keys(args) -> int:
    from ..export import keys

    directory = Path(args.dir) if args.dir else _ws(args).root / "keys"
    paths = keys.demo(directory, office=args.office, password=args.password)
    print(f"demo CA and station certificate (NOT for production) in {directory}")
    print(f"  signing key: {paths['p12']} (PKCS#12, password '{args.password}')")
    print(f"  trust store: {paths['trust']}")
    return 0


def _password(args) -> str:
    pw = args.password if args.password is not None else os.environ.get("SCANNER_STATION_KEY_PASSWORD")
    if pw is None:
        raise StationError("no password for the signing key",
                           hint="pass --password or set SCANNER_STATION_KEY_PASSWORD")
    return pw


def cmd_export(args) -> int:
    from ..export.keys import Pkcs11Ref, load_p12, load_pkcs11
    from ..export.package import ExportOptions, export_package

    ws = _ws(args, create=False)
    if args.pkcs11_lib:
        if not (args.token_label and args.key_label):
            raise StationError("signing with a token needs --token-label and --key-label",
                               hint="list the token's objects with `pkcs11-tool --module LIB -O`")
        pin = args.pin if args.pin is not None else os.environ.get("SCANNER_STATION_TOKEN_PIN")
        if pin is None:
            raise StationError("no PIN for the signing token", hint="pass --pin or set SCANNER_STATION_TOKEN_PIN")
        signer = load_pkcs11(Pkcs11Ref(args.pkcs11_lib, args.token_label, pin, args.key_label),
                             chain=Path(args.chain) if args.chain else None)
    else:
        signer = load_p12(Path(args.p12) if args.p12 else ws.root / "keys" / "station.p12", _password(args))
    opts = ExportOptions(office_code=args.office_code, office_name=args.office_name,
                         station_id=args.station_id or os.environ.get("HOSTNAME", "station"),
                         operator=args.operator, batch=args.batch, period=args.period or "",
                         states=tuple(args.states.split(",")), with_pdfs=not args.no_pdfs)
    path = export_package(ws.store, Path(args.out) if args.out else ws.root / "exports", signer, opts,
                          pages_root=ws.root)
    print(path)
    return 0


def _print_report(report) -> None:
    for name, ok, detail in report.checks:
        print(f"  {'✓' if ok else '✗'} {name}" + (f": {detail}" if detail else ""))
    if report.signer:
        print(f"  signer: {report.signer}")


def cmd_verify(args) -> int:
    from ..export.package import verify_package

    report = verify_package(Path(args.package), Path(args.trust))
    print(f"{'VALID' if report.ok else 'REJECTED'}: {args.package}")
    _print_report(report)
    return int(report.exit_code)


def cmd_import(args) -> int:
    from ..export.package import verify_package
    from ..storage.province import ProvinceDB

    report = verify_package(Path(args.package), Path(args.trust))
    if not report.ok:
        print(f"REJECTED, nothing imported: {args.package}", file=sys.stderr)
        _print_report(report)
        return int(report.exit_code)
    db = ProvinceDB(args.db)

    def progress(done: int, total: int) -> None:
        if args.progress:
            print(f"importing {done}/{total}", file=sys.stderr, flush=True)

    try:
        counts = db.import_document(report.document, report.signer,
                                    checks=[[n, ok, d] for n, ok, d in report.checks], progress=progress)
    finally:
        db.close()
    if counts["already_imported"]:
        print("this package was imported before: nothing added")
    else:
        print(f"imported: {counts['added']} added, {counts['unchanged']} unchanged, "
              f"{counts['conflicts']} conflict(s) stored for review")
    return 0


def cmd_audit(args) -> int:
    from ..storage.review import Review

    ws = _ws(args, create=False)
    rv = Review(ws.store)
    if args.action == "verify":
        ok, broken, n = rv.verify_audit()
        if ok:
            print(f"audit chain intact: {n} entries")
            return 0
        print(f"audit chain BROKEN at entry #{broken} (entry {n} of the chain): the store was changed "
              "outside Scanner Station from there on", file=sys.stderr)
        print(f"broken at #{broken}")
        return int(ExitCode.audit_broken)
    rows = rv.audit(args.record)
    for r in rows:
        print(f"#{r['id']} {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(r['at']))} {r['user']} "
              f"{r['action']} record={r['record_id'] or '-'} {r['field']}: {r['old']!r} → {r['new']!r}"
              + (f" ({r['reason']})" if r["reason"] else ""))
    return 0


def cmd_users(args) -> int:
    import getpass

    from ..storage.review import Review

    ws = _ws(args, create=False)
    rv = Review(ws.store)
    if args.action == "list":
        for u in rv.users():
            print(f"{u.name}\t{u.role}\t{u.display_name}")
        return 0
    password = os.environ.get("SCANNER_STATION_NEW_PASSWORD") or getpass.getpass("new password: ")
    by = None
    if rv.has_users():
        admin_pw = os.environ.get("SCANNER_STATION_ADMIN_PASSWORD") or getpass.getpass(f"password of {args.admin}: ")
        by = rv.login(args.admin, admin_pw)
    u = rv.create_user(args.name, args.display_name or args.name, args.role, password, by=by)
    print(f"created {u.name} ({u.role})")
    return 0


def cmd_scan(args) -> int:
    import getpass

    from ..ingest.scanning import Book, BookSession, Scanner, ScannerError, list_devices, load_profiles

    ws = _ws(args)
    profiles = load_profiles(ws)
    if args.list:
        for d in list_devices():
            print(f"device  {d.name}\t{d.vendor} {d.model} ({d.kind})")
        for p in profiles.values():
            print(f"profile {p.name}\t{p.label} [{p.mode}, {p.resolution} dpi, {p.source}]")
        return 0
    operator = args.operator or getpass.getuser()
    needs_session = [o for o, v in (("--mark", args.mark), ("--rescan", args.rescan), ("--insert", args.insert),
                                    ("--status", args.status or None)) if v is not None]
    if needs_session and not args.session:
        raise StationError(f"{needs_session[0]} works on an existing session",
                           hint="add --session ID (the number printed when the session started)")
    if args.session:
        session = BookSession(ws, args.session)
        profile_name = args.profile or session.info["profile"]
    else:
        if not args.book or not args.profile:
            raise StationError("a new session needs --profile and --book",
                               hint='e.g. --profile register-book --book "office=UBND xã Tân Phú;type=khai sinh;'
                                    'volume=01;year=1999;pages=1-200" (or --session ID to continue)')
        profile_name = args.profile
    if profile_name not in profiles:
        raise StationError(f"no scan profile '{profile_name}'", hint="list them with `scanner-station scan --list`")
    profile = profiles[profile_name]
    if args.mark is not None:
        session.mark(args.mark, args.mark_as, operator, args.note or "")
        print(f"page {args.mark} marked {args.mark_as}")
        return _print_session(session)
    if args.status:
        return _print_session(session)
    for w in profile.warnings():
        print(f"warning: {w}", file=sys.stderr)
    if profile.warnings() and not args.force:
        raise StationError("this profile breaks the scanning rules (colour, at least 200 dpi)",
                           hint="choose another profile, or pass --force to scan anyway")
    device = args.device or (session.info["device"] if args.session else None)
    if not device:
        found = list_devices()
        if not found:
            raise ScannerError("no scanner found", hint="check the cable and power; `scanner-station scan --list`")
        device = found[0].name
    if not args.session:
        session = BookSession.start(ws, Book.parse(args.book), profile, device, operator)
        print(f"session {session.id}: batch {session.info['batch']}")
    scanner = Scanner(device)
    code = 0
    try:
        show = lambda n, name: print(f"page {n}: {name}", flush=True)  # noqa: E731
        if args.rescan is not None:
            session.rescan(scanner, profile, operator, args.rescan)
        elif args.insert is not None:
            session.insert(scanner, profile, operator, args.insert)
        else:
            session.scan(scanner, profile, operator, count=args.count, on_page=show)
    except ScannerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = int(exc.exit_code)
    finally:
        scanner.close()
    _print_session(session)
    return code


def _print_session(session) -> int:
    st = session.status()
    print(f"session {session.id}: {st.scanned} scanned of {st.expected} expected, {st.missing_marked} marked "
          f"missing, {st.damaged} damaged, {st.superseded} superseded"
          + (f"; not yet scanned: {_ranges(st.gaps)}" if st.gaps else "") + f"; next page {st.next_page}")
    return 0


def _ranges(nums: list[int]) -> str:
    out, start = [], None
    for i, n in enumerate(nums):
        if start is None:
            start = n
        if i + 1 == len(nums) or nums[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)


def cmd_gui(args) -> int:
    from ..gui.app import run_gui

    return run_gui(args)


def cmd_lookup(args) -> int:
    from ..storage.province import ProvinceDB

    db = ProvinceDB(args.db)
    try:
        info = db.lookup(args.personal_id)
    finally:
        db.close()
    print(json.dumps(info, ensure_ascii=False, indent=1))
    return 0 if info["records"] else int(ExitCode.not_found)


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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scanner-station",
                                description="Digitise Vietnamese administrative paper records.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--workspace", "-w", help="workspace folder (default: the user's data folder)")
    p.add_argument("--verbose", "-v", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("init", help="create a workspace")
    s.add_argument("dir", nargs="?")
    s.set_defaults(func=cmd_init)

    def engine_opts(s):
        s.add_argument("--engine", help="OCR engine (see `scanner-station engines`)")
        s.add_argument("--workers", type=int, help="worker processes (0: in this process)")
        s.add_argument("--quiet", "-q", action="store_true")

    s = sub.add_parser("watch", help="watch the inbox and process what arrives")
    s.add_argument("--poll", type=float, help="poll every N seconds (network shares)")
    engine_opts(s)
    s.set_defaults(func=cmd_watch)

    s = sub.add_parser("ingest", help="take files once (copies; the files stay where they are)")
    s.add_argument("files", nargs="+")
    s.add_argument("--batch", help="batch name (default: from the inbox subfolder, or 'chưa phân lô')")
    s.add_argument("--book-type")
    s.add_argument("--volume")
    s.add_argument("--year")
    s.add_argument("--office")
    s.add_argument("--split", choices=["auto", "on", "off"], default="auto",
                   help="open-book spread splitting for this batch")
    s.add_argument("--move", action="store_true", help="remove the files once taken")
    s.add_argument("--no-process", action="store_true", help="only queue, do not OCR now")
    engine_opts(s)
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("process", help="process queued pages and exit")
    engine_opts(s)
    s.set_defaults(func=cmd_process)

    s = sub.add_parser("retry", help="queue failed pages again")
    s.set_defaults(func=cmd_retry)

    s = sub.add_parser("ocr", help="OCR files without a workspace: <stem>.txt and <stem>.json")
    s.add_argument("files", nargs="+")
    s.add_argument("--output-dir", "-o", required=True)
    s.add_argument("--engine")
    s.add_argument("--split", choices=["auto", "on", "off"], default="auto")
    s.add_argument("--quiet", "-q", action="store_true")
    s.set_defaults(func=cmd_ocr)

    s = sub.add_parser("search", help="find pages (accents optional: 'nguyen van duc')")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("status", help="counts per state and per batch")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("models", help="check every OCR model file against the manifest")
    s.add_argument("action", choices=["check"])
    s.add_argument("--prepare", action="store_true", help="also build local model folders")
    s.set_defaults(func=cmd_models)

    s = sub.add_parser("extract", help="read form fields: from FILEs (no workspace), or rebuild the "
                                       "workspace's records")
    s.add_argument("files", nargs="*")
    s.add_argument("--json", action="store_true")
    s.add_argument("--engine")
    s.add_argument("--batch", help="workspace mode: only this batch")
    s.add_argument("--reanalyse", action="store_true",
                   help="workspace mode: classify and read stored pages again (after a template change)")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("records", help="list extracted records, or show one")
    s.add_argument("id", nargs="?", type=int)
    s.add_argument("--batch")
    s.add_argument("--state", help="extracted | unclassified | …")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_records)

    s = sub.add_parser("person", help="a person's linked records and conflicts, by ID number; or find "
                                      "people by name (accents optional)")
    s.add_argument("query")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_person)

    s = sub.add_parser("keys", help="keys demo: a demo CA, station certificate and trust store")
    s.add_argument("action", choices=["demo"])
    s.add_argument("--dir", help="where to write them (default: WORKSPACE/keys)")
    s.add_argument("--office", default="UBND xã Tân Phú (demo)")
    s.add_argument("--password", default="demo")
    s.set_defaults(func=cmd_keys)

    s = sub.add_parser("export", help="write a signed package of records into exports/")
    s.add_argument("--batch")
    s.add_argument("--office-code", required=True, help="code of the digitising office")
    s.add_argument("--office-name", required=True)
    s.add_argument("--operator", required=True)
    s.add_argument("--station-id")
    s.add_argument("--period", help="e.g. 2026-11")
    s.add_argument("--states", default="extracted,corrected,verified",
                   help="record states to export (comma-separated)")
    s.add_argument("--p12", help="signing key (default: WORKSPACE/keys/station.p12)")
    s.add_argument("--password", help="its password (or SCANNER_STATION_KEY_PASSWORD)")
    s.add_argument("--pkcs11-lib", help="sign with a PKCS#11 token: path of its library (.so/.dll)")
    s.add_argument("--token-label")
    s.add_argument("--key-label", help="label of the key and its certificate on the token")
    s.add_argument("--pin", help="token PIN (or SCANNER_STATION_TOKEN_PIN)")
    s.add_argument("--chain", help="PEM file of the CA certificates above the signer")
    s.add_argument("--no-pdfs", action="store_true", help="records only, without the per-document PDFs")
    s.add_argument("--out", help="folder (default: WORKSPACE/exports)")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("verify", help="check a package: archive safety, signature, checksums, schema")
    s.add_argument("package")
    s.add_argument("--trust", required=True, help="trust store: a PEM file or a folder of them")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("import", help="verify a package and import it into the provincial database")
    s.add_argument("package")
    s.add_argument("--trust", required=True)
    s.add_argument("--db", default="sqlite:///province.db", help="sqlite:///path or postgresql://…")
    s.add_argument("--progress", action="store_true", help="report records imported so far on stderr")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("lookup", help="a person's reusable records in the provincial database")
    s.add_argument("personal_id")
    s.add_argument("--db", default="sqlite:///province.db")
    s.set_defaults(func=cmd_lookup)

    s = sub.add_parser("audit", help="show the audit trail, or verify its hash chain")
    s.add_argument("action", choices=["verify", "show"])
    s.add_argument("--record", type=int, help="only this record's entries (show)")
    s.set_defaults(func=cmd_audit)

    s = sub.add_parser("users", help="list accounts or add one (the first must be the admin)")
    s.add_argument("action", choices=["list", "add"])
    s.add_argument("--name")
    s.add_argument("--display-name")
    s.add_argument("--role", choices=["clerk", "supervisor", "admin"], default="clerk")
    s.add_argument("--admin", default="admin", help="the admin who creates the account")
    s.set_defaults(func=cmd_users)

    s = sub.add_parser("scan", help="scan through SANE into the inbox, in book sessions")
    s.add_argument("--list", action="store_true", help="list scanners and scan profiles")
    s.add_argument("--profile", help="scan profile (see --list)")
    s.add_argument("--book", help='"office=…;type=…;volume=…;year=…;pages=1-200" (starts a session)')
    s.add_argument("--session", type=int, help="continue this session")
    s.add_argument("--device", help="SANE device name (default: the session's, else the first found)")
    s.add_argument("--count", type=int, help="pages to take from the feeder (default: until it is empty)")
    s.add_argument("--rescan", type=int, metavar="PAGE", help="scan this page again (the old scan is kept)")
    s.add_argument("--insert", type=int, metavar="PAGE", help="scan a missed page here (later pages move up)")
    s.add_argument("--mark", type=int, metavar="PAGE", help="mark a page of the book missing or damaged")
    s.add_argument("--as", dest="mark_as", choices=["missing", "damaged"], default="missing")
    s.add_argument("--note")
    s.add_argument("--status", action="store_true", help="show the session's pages scanned vs expected")
    s.add_argument("--operator", help="who scans (default: the logged-in OS user)")
    s.add_argument("--force", action="store_true", help="scan even though the profile breaks the rules")
    s.set_defaults(func=cmd_scan)

    s = sub.add_parser("gui", help="open the desktop app (clerks and supervisors)")
    s.add_argument("--lang", choices=["vi", "en"], help="interface language (default: Vietnamese)")
    s.add_argument("--demo", action="store_true", help="add the demo batch at start if the workspace is empty")
    s.add_argument("--no-processing", action="store_true", help="do not run the inbox and pipeline here")
    s.set_defaults(func=cmd_gui)

    s = sub.add_parser("templates", help="list form templates, or check a template file")
    s.add_argument("action", choices=["list", "check"])
    s.add_argument("file", nargs="?")
    s.set_defaults(func=cmd_templates)

    s = sub.add_parser("engines", help="list OCR engines")
    s.set_defaults(func=cmd_engines)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except StationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.interrupted)


if __name__ == "__main__":
    sys.exit(main())
