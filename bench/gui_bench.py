"""Desktop app benchmark (run under Xvfb for real windows, or offscreen).

1. Open a document and show its first page: seconds from the request to the page on
   screen (``CorrectionView.opened``), over every record of a real processed batch.
2. UI-thread stalls while a batch of N pages (default 50) is ingested, cleaned, OCR'd and
   extracted in the background by the app itself: a 10 ms QTimer heartbeat; the longest gap
   beyond its period is the longest stall.
3. ``--screenshot PATH``: the correction view on a real rendered Vietnamese form.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python bench/gui_bench.py --pages 50 --screenshot docs/correction-view.png
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from scanner_station.gui.app import StationApp
from scanner_station.pipeline import Pipeline
from scanner_station.storage.review import Review
from scanner_station.storage.workspace import Workspace
from scanner_station.synth.forms import make_form

FORMS = ["civil.birth_extract", "civil.marriage_extract", "civil.death_extract", "land.gcn", "procedure.result"]


def wait(app: QApplication, cond, timeout: float = 600.0) -> None:
    """Run the Qt event loop (not a busy loop: it would compete with the OCR workers) until
    ``cond()``, checked every 20 ms."""
    if cond():
        return
    loop = QEventLoop()
    end = time.monotonic() + timeout
    failed = []

    def check() -> None:
        if cond():
            loop.quit()
        elif time.monotonic() > end:
            failed.append(True)
            loop.quit()
    t = QTimer()
    t.timeout.connect(check)
    t.start(20)
    loop.exec()
    t.stop()
    if failed:
        raise TimeoutError("condition not reached")


def write_forms(folder: Path, n: int, seed: int = 500) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        form = make_form(seed + i, FORMS[i % len(FORMS)], "scanner")
        tmp = folder / f".mau-{i:03d}.png.part"
        Image.fromarray(form.image).save(tmp, format="PNG", dpi=(300, 300))
        tmp.rename(folder / f"mau-{i:03d}.png")


def login(app: QApplication, station: StationApp, name: str, pw: str) -> None:
    wait(app, lambda: station.dialog is not None and hasattr(station.dialog, "password"))
    station.dialog.user.setText(name)
    station.dialog.password.setText(pw)
    station.dialog.submit()
    wait(app, lambda: station.window is not None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--open-pages", type=int, default=5, help="forms processed first, for the open timing")
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--trace-stalls", type=Path, help="write every thread's stack at each stall over 150 ms")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    result: dict = {}
    with tempfile.TemporaryDirectory() as d:
        ws = Workspace.init(Path(d) / "ws")
        rv = Review(ws.store)
        admin = rv.create_user("admin", "Quản trị", "admin", "admin-pass-1")
        rv.create_user("lan", "Nguyễn Thị Lan", "clerk", "clerk-pass-1", by=admin)
        # a processed batch for the open timing and the screenshot (pipeline in this process)
        write_forms(ws.inbox / "so-ho-tich-2024", args.open_pages, seed=900)
        from scanner_station.ingest.intake import intake
        for p in sorted((ws.inbox / "so-ho-tich-2024").glob("*.png")):
            intake(ws, p)
        Pipeline(ws, workers=2).run()
        ws.close()

        station = StationApp(Path(d) / "ws", processing=False)
        station.start()
        login(app, station, "lan", "clerk-pass-1")
        win = station.window
        win.resize(1500, 950)
        wait(app, lambda: win.record_table.rowCount() >= args.open_pages)
        times = []
        view = win.correction
        view.opened.connect(lambda rid, secs: times.append(secs))
        ids = [r["id"] for r in win.data["records"]]
        for rid in ids * 2:
            before = len(times)
            win.open_record(rid)
            wait(app, lambda b=before: len(times) > b and view.doc is not None)
            app.processEvents()
        result["open_document"] = {"opens": len(times), "median_ms": round(1000 * statistics.median(times)),
                                   "max_ms": round(1000 * max(times))}
        print(json.dumps(result), flush=True)
        if args.screenshot:
            win.open_record(ids[0])
            wait(app, lambda: view.doc is not None and view.doc["record"]["id"] == ids[0])
            for _ in range(30):
                app.processEvents()
                time.sleep(0.02)
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            win.grab().save(str(args.screenshot))
            result["screenshot"] = str(args.screenshot)
        station.shutdown()

        # stalls while the app itself processes a batch in the background
        if args.pages:
            station = StationApp(Path(d) / "ws", processing=True)
            station.start()
            login(app, station, "lan", "clerk-pass-1")
            wait(app, lambda: station.processing is not None, 30)
            gaps: list[float] = []
            last = [time.perf_counter()]

            trace = open(args.trace_stalls, "w") if args.trace_stalls else None

            def beat() -> None:
                if trace:  # every thread's stack, written by a C watchdog if this beat is 150 ms late
                    faulthandler.dump_traceback_later(0.15, repeat=False, file=trace)
                now = time.perf_counter()
                gaps.append(now - last[0])
                last[0] = now
            staging = Path(d) / "staging"
            write_forms(staging, args.pages, seed=2000)  # rendered before the clock starts
            hb = QTimer()
            hb.timeout.connect(beat)
            last[0] = time.perf_counter()
            hb.start(10)
            t0 = time.perf_counter()
            target = Path(d) / "ws" / "inbox" / "lo-50"
            target.mkdir()
            for p in sorted(staging.glob("*.png")):
                p.rename(target / p.name)
            check = Workspace(Path(d) / "ws")
            polled = [0.0, False]

            def finished() -> bool:  # the bench's own look at the store, once a second
                if time.monotonic() - polled[0] > 1.0:
                    polled[0] = time.monotonic()
                    o = check.store.overview()
                    polled[1] = o["queued_pages"] == 0 and len(
                        [r for r in o["records"] if r["batch"] == "lo-50"]) >= args.pages
                return polled[1]
            wait(app, finished, timeout=3600)
            secs = time.perf_counter() - t0
            hb.stop()
            if trace:
                faulthandler.cancel_dump_traceback_later()
                trace.close()
            check.close()
            gaps.sort()
            result["background_batch"] = {
                "pages": args.pages, "seconds": round(secs, 1), "pages_per_min": round(60 * args.pages / secs, 1),
                "heartbeats": len(gaps), "longest_stall_ms": round(1000 * (gaps[-1] - 0.010)),
                "p99_gap_ms": round(1000 * gaps[int(0.99 * (len(gaps) - 1))]),
                "stalls_over_100ms": sum(g - 0.010 > 0.100 for g in gaps)}
            station.shutdown()
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
