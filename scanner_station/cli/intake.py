"""Commands that bring pages in: init, watch, ingest, process, retry, scan."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from ..domain.errors import ExitCode, StationError
from ..domain.text import nfc
from .common import _ws, _progress_printer


def cmd_init(args) -> int:
    from ..storage.workspace import Workspace, default_workspace

    root = Path(args.dir or args.workspace or default_workspace())
    ws = Workspace.init(root)
    print(f"Workspace ready: {ws.root}")
    print(f"  drop scans into {ws.inbox} (a subfolder per batch; batch.toml describes it)")
    return 0


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
            if event["event"] in ("page_failed", "page_retry") and not args.quiet:
                progress.console.print(f"✗ file #{event['file_id']} page {event['page']}: {event['reason']}")
        pipe = Pipeline(ws, engine=args.engine, workers=args.workers, on_progress=on_event)
        done = pipe.run()
    if pipe.waiting_for_space:
        from ..domain.errors import DiskFull
        raise DiskFull(f"the disk is full: {ws.store.pending_jobs()} page(s) wait (nothing was lost)",
                       path=str(ws.root), hint="free disk space, then run `scanner-station process` again")
    return done


def cmd_watch(args) -> int:
    from ..ingest.service import StationService
    from ..pipeline import Pipeline

    ws = _ws(args)
    ws.lock()
    ws.private_tmp()
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
        if res.status == "waiting":
            worst = max(worst, int(ExitCode.disk_full))
        print(line, flush=True)
    if not args.no_process:
        ws.lock()
        ws.private_tmp()
        _run_pipeline(ws, args)
    ws.close()
    return worst


def cmd_process(args) -> int:
    ws = _ws(args)
    ws.lock()
    ws.private_tmp()
    n = _run_pipeline(ws, args)
    print(f"{n} page(s) processed")
    ws.close()
    return 0


def cmd_retry(args) -> int:
    ws = _ws(args)
    n = ws.store.retry_failed()
    print(f"{n} failed page job(s) queued again; run `scanner-station process`")
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
