"""``farm run|package|status`` (the province's cluster) and ``open`` (a work package at a
commune's station)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.errors import ExitCode, StationError
from .common import _ws


def add_farm_parsers(sub, signer_opts) -> None:
    s = sub.add_parser("farm", help="read whole archives on a Dask cluster; work packages for communes")
    fsub = s.add_subparsers(dest="farm_command", required=True)
    r = fsub.add_parser("run", help="read every page of an archive (one folder per book) not read yet")
    r.add_argument("archive", help="the archive folder (a path every worker sees, or an fsspec URL)")
    r.add_argument("--db", required=True, help="postgresql://USER@HOST/DATABASE (results, resume)")
    r.add_argument("--out", required=True, help="folder every worker can write (cleaned pages, quarantine)")
    where = r.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://HOST:8786)")
    where.add_argument("--local", type=int, metavar="N", help="start N local worker processes (default: 2)")
    r.add_argument("--engine", default="onnx-hybrid", help="OCR engine (see `scanner-station engines`)")
    r.add_argument("--reread", action="store_true", help="also read again the pages read with another "
                   "engine or other model files (after a model update); packages made afterwards carry "
                   "the new readings")
    r.add_argument("--wait-workers", type=float, default=120.0, metavar="SECONDS",
                   help="how long to wait for a first worker before giving up (default: 120)")
    r.add_argument("--window", type=int, help="tasks in flight at once (default: 3 per worker thread)")
    r.add_argument("--dashboard", action="store_true", help="show the Dask dashboard's address (--local: "
                   "serve it on :8787; needs bokeh)")
    r.add_argument("--quiet", "-q", action="store_true")
    r.set_defaults(func=cmd_farm_run)

    p = fsub.add_parser("package", help="one signed work package per finished book, for the commune")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True, help="folder for the packages")
    p.add_argument("--book", help="this book only (default: every finished book)")
    p.add_argument("--pages-from", help="the farm's output folder (default: the latest run's --out)")
    signer_opts(p, default="required: --p12 or a token")
    p.set_defaults(func=cmd_farm_package)

    st = fsub.add_parser("status", help="books, files and pages in the farm database")
    st.add_argument("--db", required=True)
    st.set_defaults(func=cmd_farm_status)

    o = sub.add_parser("open", help="load a work package (a book read on the farm) as a batch to verify")
    o.add_argument("package")
    o.add_argument("--trust", required=True, help="trust store: the province's CA certificate (PEM)")
    o.add_argument("--operator", default="", help="who opened it (for the record)")
    o.set_defaults(func=cmd_open)


def _show(stats) -> None:
    s = stats
    print(f"pages {s.pages_done + s.pages_already}/{s.pages_total} stored ({s.pages_already} earlier) · "
          f"{s.pages_per_minute:.1f} pages/min · files judged {s.files_inspected} · quarantined {s.quarantined}"
          f" · duplicates {s.duplicates} · failed {s.failures}", file=sys.stderr, flush=True)


def cmd_farm_run(args) -> int:
    from ..farm.run import connect, run_farm

    if args.dashboard:
        import importlib.util
        if importlib.util.find_spec("bokeh") is None:
            raise StationError("the Dask dashboard needs bokeh", hint="install it into the station's "
                               "environment (.venv/bin/pip install 'bokeh>=3.1'), or run without --dashboard")
    import logging

    if not getattr(args, "verbose", False):  # Dask's own reconnect tracebacks: our message says it
        logging.getLogger("distributed").setLevel(logging.WARNING)
        for name in ("distributed.client", "distributed.comm", "distributed.core", "distributed.batched",
                     "distributed.utils", "distributed.scheduler", "distributed.nanny", "distributed.worker"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    client, cluster = connect(args.scheduler, args.local or (None if args.scheduler else 2), args.dashboard)
    try:
        if not args.quiet and client.dashboard_link and args.dashboard:
            print(f"Dask dashboard: {client.dashboard_link}", file=sys.stderr)
        stats = run_farm(client, args.archive, args.db, args.out, engine=args.engine, window=args.window,
                         wait_workers=args.wait_workers, reread=args.reread,
                         on_progress=None if args.quiet else _show)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(f"run {stats.run_id}: {stats.pages_done} page(s) read, {stats.pages_already} read earlier, "
          f"{stats.quarantined} file(s) quarantined, {stats.duplicates} duplicate(s), {stats.failures} failed")
    return 0 if not stats.failures else int(ExitCode.ocr_failed)


def cmd_farm_package(args) -> int:
    from ..farm.db import FarmDB
    from ..farm.package import write_work_packages
    from .exchange import load_signer

    signer = load_signer(args, None)
    db = FarmDB(args.db)
    try:
        pages_from = args.pages_from or db.last_out()
        if not pages_from:
            raise StationError("the farm database has no run yet", hint="run `farm run` first")
        results = write_work_packages(db, Path(pages_from), Path(args.out), signer, args.book)
    finally:
        db.close()
    for book, path, why in results:
        print(f"{book}: {path}" if path else f"{book}: not packaged ({why})")
    return 0


def cmd_farm_status(args) -> int:
    from ..farm.db import FarmDB

    db = FarmDB(args.db)
    try:
        c = db.counts()
        print(f"books {c['books']} · files {c['files']} · pages {c['pages_done']}/{c['pages_total']} read · "
              f"quarantined {c['quarantined']} · duplicates {c['duplicates']} · not judged {c['unjudged']}")
        for b in db.books():
            p = db.book_progress(b["name"])
            print(f"  {b['name']}: {p['pages_done']}/{p['pages_expected']} pages"
                  + (f", {p['unjudged']} file(s) not judged" if p["unjudged"] else "")
                  + ("" if b["meta_source"] == "batch.toml" else f" [metadata: {b['meta_source']}]"))
    finally:
        db.close()
    return 0


def cmd_open(args) -> int:
    from ..farm.package import open_work_package

    ws = _ws(args, create=False)
    res = open_work_package(ws, Path(args.package), Path(args.trust), args.operator or "")
    print(f"batch '{res['batch']}': {res['files']} file(s), {res['pages']} page(s), {res['records']} record(s) "
          "to verify" + (f"; {res['files_kept']} file(s) kept as the clerks left them" if res["files_kept"] else "")
          + (f"; {res['not_read']} file(s) the farm could not read (see the package)" if res["not_read"] else ""))
    return 0
