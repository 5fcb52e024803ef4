"""Scanning through the real SANE library against SANE's `test` backend (private SANE_CONFIG_DIR
from installer/sane-test, set in conftest): devices, ADF batches, book sessions with rescans,
inserts and marks, a cancelled scan and a scanner that disappears mid-batch."""

from __future__ import annotations

import os
import threading

import pytest
from PIL import Image

from scanner_station.ingest.intake import intake
from scanner_station.ingest.scanning import (Book, BookSession, ScanCancelled, Scanner, ScannerError, list_devices,
                                             load_profiles)

BOOK = "office=UBND xã Tân Phú;type=khai sinh;volume=03;year=1999;pages=1-12"

# SANE's `test` backend itself hangs now and then (Debian's sane-backends 1.2.1: its reader
# thread is cancelled asynchronously by sanei_thread at each page's end): seen in CI about once
# in several full runs, at any page, never in thousands of pages scanned alone. The station
# survives it — the scan stops with "the scanner stopped responding" and keeps its pages (see
# test_a_backend_stuck_in_c_is_ended_and_reported) — but the test's page counts cannot. A test
# that failed with exactly that message (or a scan subprocess that hung, its stacks printed by
# run_watched) runs again, at most twice; any other failure fails at once.
pytestmark = pytest.mark.flaky(reruns=2, only_rerun=["the scanner stopped responding", r"hung for \d+ s"])


def cli(ws, *args):
    from conftest import BIN, run_watched
    return run_watched([str(BIN / "scanner-station"), "-w", str(ws.root), "scan", *args])


def test_devices_and_profiles(ws):
    names = [d.name for d in list_devices()]
    assert names == ["test:0", "test:1"]
    profiles = load_profiles(ws)
    assert {"register-book", "certificate", "bulk-results"} <= set(profiles)
    assert profiles["register-book"].warnings() == []
    (ws.root / "scan_profiles.toml").write_text('[profile.draft]\nlabel = "nháp"\nmode = "Gray"\nresolution = 150\n')
    draft = load_profiles(ws)["draft"]
    assert len(draft.warnings()) == 2  # grey and below 200 dpi
    res = cli(ws, "--profile", "draft", "--book", BOOK, "--device", "test:0")
    assert res.returncode != 0 and "200 dpi" in res.stderr and "--force" in res.stderr
    assert not list((ws.inbox).rglob("*.png"))  # warned before scanning anything


def test_adf_batch_book_session_and_provenance(ws):
    res = cli(ws, "--profile", "bulk-results", "--book", BOOK, "--device", "test:0", "--operator", "lan")
    assert res.returncode == 0, res.stderr
    assert "10 scanned of 12 expected" in res.stdout and "not yet scanned: 11-12" in res.stdout
    folder = next(p for p in ws.inbox.iterdir() if p.is_dir())
    files = sorted(folder.glob("*.png"))
    assert len(files) == 10 and (folder / "batch.toml").exists()
    with Image.open(files[0]) as im:  # lossless, colour, the settings inside the file
        assert im.mode == "RGB" and round(im.info["dpi"][0]) == 200 and im.info["scanner_station.page"] == "1"
    for f in files:
        assert intake(ws, f).status == "accepted"
    row = ws.store._conn.execute("SELECT sha256, batch_id FROM files ORDER BY id LIMIT 1").fetchone()
    prov = ws.store.scan_provenance(row["sha256"])
    assert prov["page_no"] == 1 and prov["volume"] == "03" and prov["operator"] == "lan"
    assert prov["device"] == "test:0" and prov["settings"]["resolution"] == 200.0
    assert ws.store.batch(row["batch_id"]).volume == "03"  # the batch carries the book


def test_scanning_does_not_corrupt_the_interpreter():
    """python-sane 2.9.2's snap() without a progress callback drops a reference to None per line
    read; a station scanning a book would die with "deallocating None". The SANE process passes
    one; and SANE runs only there, so the station's own SIGPIPE stays ignored (the test backend
    resets it to the default after each page: a broken pipe later would kill the station)."""
    import sys
    before_here = sys.getrefcount(None)
    sc = Scanner("test:0")
    try:
        sc.apply(load_profiles()["bulk-results"])
        assert len(list(sc.pages(True, count=1))) == 1  # the first page loads what reading needs
        before = sc._worker.call("none_refs")
        assert len(list(sc.pages(True, count=5))) == 5
        assert abs(sc._worker.call("none_refs") - before) < 50  # was about -880 for 5 pages
        assert _sigpipe_ignored()
    finally:
        sc.close()
    assert _sigpipe_ignored() and abs(sys.getrefcount(None) - before_here) < 200


def test_a_backend_stuck_in_c_is_ended_and_reported(monkeypatch):
    """A backend that never returns (here: its process stopped) cannot hang the station: the page
    deadline passes, the cancel is not answered within the grace, the SANE process is ended."""
    import signal
    import time

    from scanner_station.ingest import sane_worker

    monkeypatch.setattr(sane_worker, "CANCEL_GRACE", 1.0)
    sc = Scanner("faulty:test:0?stall_after=99&deadline=2")
    try:
        sc.apply(load_profiles()["bulk-results"])
        assert len(list(sc.pages(True, count=1))) == 1
        os.kill(sc._worker._proc.pid, signal.SIGSTOP)
        t0 = time.monotonic()
        with pytest.raises(ScannerError) as exc:
            list(sc.pages(True, count=1))
        assert "stopped responding" in str(exc.value) and time.monotonic() - t0 < 10
        assert not sc._worker._proc.is_alive()
        with pytest.raises(ScannerError) as exc:  # nothing more is asked of it
            sc.options()
        assert "stopped responding" in str(exc.value)
    finally:
        sc.close()


def test_a_backend_that_crashes_is_reported():
    import signal

    sc = Scanner("test:0")
    try:
        os.kill(sc._worker._proc.pid, signal.SIGKILL)
        with pytest.raises(ScannerError) as exc:
            sc.apply(load_profiles()["bulk-results"])
        assert "stopped unexpectedly" in str(exc.value) and "pages scanned so far are kept" in exc.value.hint
    finally:
        sc.close()


def _sigpipe_ignored() -> bool:
    for line in open("/proc/self/status"):
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << 12))
    return False


def test_rescan_supersedes_insert_shifts_and_marks(ws):
    profiles = load_profiles(ws)
    session = BookSession.start(ws, Book.parse(BOOK), profiles["register-book"], "test:0", "lan")
    sc = Scanner("test:0")
    try:
        for _ in range(4):
            session.scan(sc, profiles["register-book"], "lan")  # flatbed: one page each
        old = {p["page_no"]: p for p in ws.store.scan_pages(session.id)}
        session.rescan(sc, profiles["register-book"], "lan", 3)
        session.insert(sc, profiles["register-book"], "lan", 2)  # page 2 was skipped in the book
    finally:
        sc.close()
    session.mark(7, "missing", "lan", "trang bị xé")
    pages = ws.store.scan_pages(session.id)
    superseded = [p for p in pages if p["status"] == "superseded"]
    assert len(superseded) == 1 and superseded[0]["sha256"] == old[3]["sha256"]
    assert (ws.inbox / session.info["batch"] / superseded[0]["file_name"]).exists()  # kept, never deleted
    active = {p["page_no"]: p for p in pages if p["status"] != "superseded"}
    assert sorted(active) == [1, 2, 3, 4, 5, 7]  # old 2,3,4 moved up to 3,4,5
    assert active[3]["sha256"] == old[2]["sha256"] and active[4]["sha256"] != old[3]["sha256"]
    st = session.status()
    assert (st.scanned, st.missing_marked, st.superseded, st.next_page) == (5, 1, 1, 8)
    assert st.gaps == [6, 8, 9, 10, 11, 12]


def test_cancelled_scan_keeps_the_pages_before(ws):
    profiles = load_profiles(ws)
    session = BookSession.start(ws, Book.parse(BOOK), profiles["bulk-results"], "test:1", "lan")
    sc = Scanner("test:1")
    sc.set_option("read_delay", True)  # slow pages, so a cancel lands mid-page
    sc.set_option("read_delay_duration", 200000)

    def on_page(n, name):
        if n == 2:  # the clerk presses Cancel while page 3 is being read
            threading.Thread(target=sc.cancel).start()
    try:
        with pytest.raises(ScanCancelled):
            session.scan(sc, profiles["bulk-results"], "lan", on_page=on_page)
    finally:
        sc.close()
    kept = [p["page_no"] for p in ws.store.scan_pages(session.id)]
    assert kept == [1, 2]
    assert len(list((ws.inbox / session.info["batch"]).glob("*.png"))) == 2
    assert not list((ws.inbox / session.info["batch"]).glob(".*.part"))  # no half page left behind


def test_a_scan_cancelled_at_the_scanner_itself_is_a_cancel():
    # the scanner's own Cancel button: the backend answers a read with SANE_STATUS_CANCELLED
    sc = Scanner("test:0")
    try:
        sc.apply(load_profiles()["bulk-results"])
        assert len(list(sc.pages(True, count=1))) == 1
        sc.set_option("read_return_value", "SANE_STATUS_CANCELLED")
        with pytest.raises(ScanCancelled) as exc:
            list(sc.pages(True, count=1))
        assert "pages scanned before the cancel are kept" in exc.value.hint
    finally:
        sc.close()


def test_scanner_disappearing_mid_batch(ws):
    res = cli(ws, "--profile", "bulk-results", "--book", BOOK, "--device", "faulty:test:0?fail_after=3")
    assert res.returncode != 0
    assert "the scanner stopped" in res.stderr and "pages scanned so far are kept" in res.stderr
    assert "3 scanned of 12 expected" in res.stdout
    # the session continues where it stopped, on a working scanner
    sid = res.stdout.split("session ")[1].split(":")[0]
    res = cli(ws, "--profile", "bulk-results", "--book", BOOK, "--mark", "5")  # no session named
    assert res.returncode != 0 and "--mark works on an existing session" in res.stderr
    res = cli(ws, "--session", sid, "--device", "test:0", "--count", "2")
    assert res.returncode == 0 and "page 4:" in res.stdout and "5 scanned of 12" in res.stdout


def test_a_scanner_that_stops_responding_mid_page_is_reported_and_the_batch_kept(ws):
    # the device hangs on page 3 (its data trickling a byte at a time): the page deadline ends
    # the scan with a clear message, the two pages before it kept, the part read of the third not.
    # The short deadline is the stalled page's only: a page before it once took over 3 s on a
    # loaded machine (a fresh root's full test run)
    res = cli(ws, "--profile", "bulk-results", "--book", BOOK, "--device",
              "faulty:test:0?stall_after=2&stall_deadline=3")
    assert res.returncode != 0
    assert "stopped responding" in res.stderr and "pages scanned so far are kept" in res.stderr
    assert "2 scanned of 12 expected" in res.stdout
    sid = res.stdout.split("session ")[1].split(":")[0]
    res = cli(ws, "--session", sid, "--device", "test:0", "--count", "1")
    assert res.returncode == 0 and "page 3:" in res.stdout and "3 scanned of 12" in res.stdout


def test_book_description_is_checked():
    book = Book.parse("office=UBND xã Tân Phú;type=GCN;year=2010;pages=5-9;family=land")
    assert (book.first_page, book.last_page, book.family, book.volume) == (5, 9, "land", "")
    for bad in ("type=khai sinh", "office=X;type=Y;pages=a-b", "office=X;type=Y;family=other"):
        with pytest.raises(Exception) as exc:
            Book.parse(bad)
        assert "book description" in str(exc.value)
