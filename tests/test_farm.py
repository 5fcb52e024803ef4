"""The farm (issue 19): an archive read on a Dask LocalCluster into a throwaway PostgreSQL,
surviving a killed client and a killed worker, packaged per book, opened at a station,
corrected, exported and imported at the province with its provenance."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from conftest import BIN, wait_until

from scanner_station.domain.errors import StationError
from scanner_station.farm.archive import ROOT_BOOK, meta_from_name, walk
from scanner_station.farm.db import FarmDB
from scanner_station.storage.workspace import Workspace
from scanner_station.synth.archive import make_archive


def test_archive_walk_judges_entries_without_following_links(tmp_path):
    arch = tmp_path / "archive"
    (arch / "Sổ KS 1987 quyển 3").mkdir(parents=True)
    book = arch / "Sổ KS 1987 quyển 3"
    (book / "a.pdf").write_bytes(b"%PDF-1.4")
    (book / "sub").mkdir()
    (book / "sub" / "b.png").write_bytes(b"\x89PNG")
    (book / ".hidden.pdf").write_bytes(b"x")
    (book / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    (tmp_path / "elsewhere").mkdir()
    (book / "linked-folder").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(book / "pipe.pdf")
    (arch / "Hộ tịch").mkdir()
    (arch / "Hộ tịch" / "batch.toml").write_text('[batch]\nrecord_family = "civil_status"\nyear = "1990"\n')
    (arch / "loose.jpg").write_bytes(b"\xff\xd8\xff")
    books = {b.name: b for b in walk(str(arch))}
    assert set(books) == {ROOT_BOOK, "Sổ KS 1987 quyển 3", "Hộ tịch"}
    b = books["Sổ KS 1987 quyển 3"]
    assert [e[0] for e in b.entries] == ["a.pdf", "sub/b.png"]
    assert {r[0]: r[3] for r in b.refused} == {"link.pdf": "symlink", "linked-folder": "symlink",
                                                "pipe.pdf": "not_regular_file"}
    assert (b.meta.year, b.meta.volume, b.meta_source) == ("1987", "3", "folder name")
    h = books["Hộ tịch"]
    assert (h.meta.record_family, h.meta.year, h.meta_source) == ("civil_status", "1990", "batch.toml")
    assert meta_from_name("KS-Q02-2001").volume == "2"


def test_unreachable_scheduler_names_the_address():
    from scanner_station.farm.run import connect

    with pytest.raises(StationError) as e:
        connect("tcp://127.0.0.1:9", None)
    assert "tcp://127.0.0.1:9" in str(e.value) and e.value.hint


def test_a_page_is_stored_once_whoever_stores_it(pg_db):
    db = FarmDB(pg_db)
    other = FarmDB(pg_db)  # a second worker, a retried task or a second client
    row = {"part": 0, "image_path": "derived/ab/x/p0001.png", "width": 10, "height": 10, "blank": False,
           "steps": {}, "engine": "e", "state": "ocr_done", "ocr_text": "Nguyễn", "ocr_json": None,
           "mean_confidence": 0.9, "analysis": None}
    db.start_run("run1", "/a", "/o", "e", [], "t", "h")
    db.start_run("run2", "/a", "/o", "e", [], "t", "h")
    assert db.store_page("ab" * 32, 0, [row], "run1", "w1", 1.0) is True
    assert other.store_page("ab" * 32, 0, [dict(row, ocr_text="other")], "run2", "w2", 1.0) is False
    assert db.done_pages(["ab" * 32]) == {("ab" * 32, 0)}
    pages = db.file_pages("ab" * 32)
    assert len(pages) == 1 and pages[0]["ocr_text"] == "Nguyễn"
    db.close()
    other.close()


def test_a_page_read_with_other_models_is_replaced_once(pg_db):
    """`farm run --reread` after a model update: the old reading is replaced, and two workers
    re-reading the same page still store it once."""
    db = FarmDB(pg_db)
    db.start_run("old", "/a", "/o", "onnx-hybrid", [{"name": "aster", "version": "1"}], "t", "h")
    db.start_run("new", "/a", "/o", "onnx-hybrid", [{"name": "aster", "version": "2"}], "t", "h")
    row = {"part": 0, "image_path": "p.png", "width": 1, "height": 1, "blank": False, "steps": {},
           "state": "ocr_done", "ocr_text": "cũ"}
    sha = "cd" * 32
    assert db.store_page(sha, 0, [row], "old", "w1", 1.0)
    assert db.done_pages([sha]) == {(sha, 0)}
    assert db.done_pages([sha], read_as="new") == set()  # to be read again with the new models
    assert db.store_page(sha, 0, [dict(row, ocr_text="mới")], "new", "w1", 1.0) is True
    assert db.store_page(sha, 0, [dict(row, ocr_text="lần hai")], "new", "w2", 1.0) is False
    assert [p["ocr_text"] for p in db.file_pages(sha)] == ["mới"]
    assert db.page_runs(sha) == {0: "new"} and db.done_pages([sha], read_as="new") == {(sha, 0)}
    db.close()


def test_farm_package_needs_postgresql():
    with pytest.raises(StationError) as e:
        FarmDB("sqlite:///x.db")
    assert "PostgreSQL" in e.value.message


def _stored(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as c:
        if not c.execute("SELECT to_regclass('farm_page_done')").fetchone()[0]:
            return 0  # the run has not created its tables yet
        return c.execute("SELECT COUNT(*) FROM farm_page_done").fetchone()[0]


@pytest.mark.slow
def test_farm_kills_package_open_correct_export_import(tmp_path, pg_db):
    from distributed import Client, LocalCluster

    from scanner_station.export.keys import demo, load_p12
    from scanner_station.export.package import ExportOptions, export_package, verify_package
    from scanner_station.farm.package import AlreadyOpened, open_work_package, write_work_packages
    from scanner_station.farm.run import run_farm
    from scanner_station.storage.province import ProvinceDB
    from scanner_station.storage.review import Review

    truth = make_archive(tmp_path / "archive", pages_per_book=6)
    expected = sum(truth.pages.values())
    out = tmp_path / "farm-out"

    # 1. the client (with its local workers) is killed mid-run: what it stored stays stored
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.Popen([str(BIN / "scanner-station"), "farm", "run", str(tmp_path / "archive"),
                             "--db", pg_db, "--out", str(out), "--local", "2", "--quiet"],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_until(lambda: _stored(pg_db) >= 3 or proc.poll() is not None, 240), "no page stored"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    before = _stored(pg_db)
    assert 3 <= before < expected, proc.stderr.read().decode()[-2000:]
    import psycopg
    with psycopg.connect(pg_db) as c:
        first_runs = dict(((r[0], r[1]), r[2]) for r in c.execute(
            "SELECT sha256, source_index, run_id FROM farm_page_done").fetchall())

    # 2. a new run goes on; one worker process is killed mid-run (the nanny starts another)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    killed = []

    def kill_one(stats):
        if not killed and stats.pages_done >= 2:
            pids = client.run(os.getpid)
            pid = sorted(pids.values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    try:
        stats = run_farm(client, str(tmp_path / "archive"), pg_db, str(out), on_progress=kill_one,
                         progress_every=0.2)
        assert killed, "the worker was not killed mid-run"
        again = run_farm(client, str(tmp_path / "archive"), pg_db, str(out))  # nothing left: nothing redone
    finally:
        client.close()
        cluster.close()
    assert stats.pages_already == before and stats.failures == 0
    assert stats.pages_done + before == expected
    assert again.pages_done == 0 and again.pages_already == expected and again.files_inspected == 0
    db = FarmDB(pg_db)
    counts = db.counts()
    assert counts["pages_done"] == expected == counts["page_rows"]  # each page stored exactly once
    assert counts["quarantined"] == 1
    with psycopg.connect(pg_db) as c:
        for key, run in first_runs.items():  # what the killed client stored was not read again
            assert c.execute("SELECT run_id FROM farm_page_done WHERE sha256 = %s AND source_index = %s",
                             key).fetchone()[0] == run
        bad = c.execute("SELECT book, rel_path, reason_code FROM farm_entries WHERE state = 'quarantined'").fetchall()
    assert [(f"{b}/{r}", code) for b, r, code in bad] == list(truth.bad.items())
    assert list((out / "quarantine").rglob("*.reason.txt"))
    for book, n in truth.pages.items():
        assert db.book_progress(book) == {"unjudged": 0, "pages_expected": n, "pages_done": n}

    # 3. one signed work package per book
    keys = demo(tmp_path / "keys")
    signer = load_p12(keys["p12"], "demo")
    made = write_work_packages(db, out, tmp_path / "packages", signer)
    db.close()
    assert [p is not None for _, p, _ in made] == [True] * 3
    book = "KS-1998-Q02"
    pkg = next(p for b, p, _ in made if b == book)
    with zipfile.ZipFile(pkg) as z:
        doc = json.loads(z.read(next(n for n in z.namelist() if n.endswith("data/workpackage.json"))))
        assert any(n.startswith("data/derived/") and n.endswith(".png") for n in z.namelist())
    assert doc["book"]["meta"]["record_family"] == "civil_status" and doc["book"]["meta_source"] == "batch.toml"
    assert [n["reason_code"] for n in doc["not_read"]] == ["truncated"]
    assert doc["records"] and doc["runs"] and all(r["models"] for r in doc["runs"])

    report = verify_package(pkg, keys["trust"])
    assert report.ok and report.work_package and report.document is None
    from scanner_station.cli.main import main as cli
    assert cli(["import", str(pkg), "--trust", str(keys["trust"]), "--db", "sqlite:///" + str(tmp_path / "p.db")]) == 2

    # 4. opened at the commune's station: pages already read, no OCR queued
    ws = Workspace.init(tmp_path / "ws")
    t0 = time.perf_counter()
    res = open_work_package(ws, pkg, keys["trust"], "clerk1")
    assert time.perf_counter() - t0 < 30
    assert res["pages"] == truth.pages[book] and res["records"] == len(doc["records"])
    assert ws.store.pending_jobs() == 0
    for p in ws.store.pages():
        assert (ws.root / p["image_path"]).is_file() and p["image_path"].endswith(".jpg")
    with pytest.raises(AlreadyOpened):
        open_work_package(ws, pkg, keys["trust"], "clerk1")
    # a tampered package is refused and loads nothing
    bad_pkg = tmp_path / "tampered.zip"
    with zipfile.ZipFile(pkg) as zin, zipfile.ZipFile(bad_pkg, "w") as zout:
        for i in zin.infolist():
            data = zin.read(i)
            if i.filename.endswith("workpackage.json"):
                data = data.replace(b'"ocr_done"', b'"ocr_dona"', 1)
            zout.writestr(i, data)
    other = Workspace.init(tmp_path / "ws2")
    with pytest.raises(StationError):
        open_work_package(other, bad_pkg, keys["trust"], "clerk1")
    assert other.store.pages() == []

    # 5. a clerk corrects one field and confirms; the export goes to the province's import
    rv = Review(ws.store)
    clerk = rv.create_user("admin", "Quản trị", "admin", "mật-khẩu-dài")
    rec_row = next(r for r in ws.store.records() if r["template_id"] == "civil.birth_extract")
    rec = ws.store.record(rec_row["id"])
    version = rec["version"]
    key = "full_name" if "full_name" in rec["fields"] else sorted(rec["fields"])[0]
    version = rv.set_field(clerk, rec_row["id"], key, version, value="Nguyễn Văn Sửa", status="confirmed",
                           as_written=True)
    for k, fl in ws.store.record(rec_row["id"])["fields"].items():
        if fl["status"] not in ("confirmed", "illegible"):
            version = rv.set_field(clerk, rec_row["id"], k, version, status="confirmed", as_written=True)
    rv.confirm_record(clerk, rec_row["id"], version)
    opts = ExportOptions(office_code="X01", office_name="UBND xã Tân Phú", station_id="st1", operator="admin",
                         with_pdfs=False)
    exported = export_package(ws.store, tmp_path / "exports", signer, opts, pages_root=ws.root)
    report = verify_package(exported, keys["trust"])
    assert report.ok, report.checks
    ProvinceDB(pg_db).import_document(report.document, report.signer)
    with psycopg.connect(pg_db) as c:
        rows = [json.loads(r[0]) for r in c.execute("SELECT record FROM person_records").fetchall()]
    assert len(rows) == 1
    got = rows[0]
    assert got["fields"][key]["value"] == "Nguyễn Văn Sửa" and got["fields"][key]["set_by"] == "admin"
    read_by = got["provenance"]["read_by"]
    assert read_by["work_package"] == doc["package"]["id"]
    assert {r["id"] for r in read_by["farm_runs"]} <= {r["id"] for r in doc["runs"]}
    assert read_by["farm_runs"][0]["models"]
    ws.close()
    other.close()


@pytest.mark.slow
def test_newer_package_replaces_only_untouched_files(tmp_path, pg_db):
    """A book read again (a newer farm run) re-opened: files a clerk has worked on are kept."""
    from scanner_station.export.keys import demo, load_p12
    from scanner_station.farm.package import open_work_package, write_work_packages
    from scanner_station.farm.run import connect, run_farm
    from scanner_station.storage.review import Review

    make_archive(tmp_path / "archive", pages_per_book=3, truncated=False, books=1, seed=9)
    client, cluster = connect(None, 1)
    try:
        run_farm(client, str(tmp_path / "archive"), pg_db, str(tmp_path / "out"))
    finally:
        client.close()
        cluster.close()
    keys = demo(tmp_path / "keys")
    signer = load_p12(keys["p12"], "demo")
    db = FarmDB(pg_db)
    (_, first, _), = write_work_packages(db, tmp_path / "out", tmp_path / "p1", signer)
    (_, second, _), = write_work_packages(db, tmp_path / "out", tmp_path / "p2", signer)
    db.close()
    ws = Workspace.init(tmp_path / "ws")
    open_work_package(ws, first, keys["trust"], "clerk1")
    files = ws.store.files_done()
    rv = Review(ws.store)
    admin = rv.create_user("admin", "Quản trị", "admin", "mật-khẩu-dài")
    touched_file = files[0]["id"]
    rid = ws.store.records_of_file(touched_file)[0]
    rec = ws.store.record(rid)
    key = sorted(rec["fields"])[0]
    rv.set_field(admin, rid, key, rec["version"], value="Giá trị của cán bộ", as_written=True)
    res = open_work_package(ws, second, keys["trust"], "clerk1")
    assert res["files_kept"] == 1 and res["files_replaced"] == len(files) - 1
    assert ws.store.record(rid)["fields"][key]["value"] == "Giá trị của cán bộ"
    ws.close()


def test_farm_cli_without_database_says_what_to_do(tmp_path):
    r = subprocess.run([sys.executable, "-m", "scanner_station.cli.main", "farm", "status", "--db",
                        "postgresql://nobody@127.0.0.1:9/x"], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "cannot connect" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_scheduler_restart_then_the_same_run_goes_on(tmp_path, pg_db):
    """A real `dask scheduler` killed mid-run: the client stops with a clear message; with the
    scheduler started again (workers restarted by their supervisor) the same command finishes,
    and every page is stored once."""
    import socket

    make_archive(tmp_path / "archive", pages_per_book=5, truncated=False, seed=3)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    addr = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    log = open(tmp_path / "dask.log", "wb")

    def scheduler():
        return subprocess.Popen([str(BIN / "dask"), "scheduler", "--port", str(port), "--no-dashboard"],
                                stdout=log, stderr=log, env=env, start_new_session=True)

    # the workers' supervisor (systemd, a job queue): starts `dask worker` again whenever it exits
    supervisor = subprocess.Popen(
        # (bounded by this test process: a killed test run leaves no loop behind)
        ["bash", "-c", f"while kill -0 {os.getpid()} 2>/dev/null; do '{BIN / 'dask'}' worker {addr} --nworkers 2 --nthreads 1 "
                       "--no-dashboard --death-timeout 120; sleep 1; done"],
        stdout=log, stderr=log, env=env, start_new_session=True)
    sched = scheduler()
    cmd = [str(BIN / "scanner-station"), "farm", "run", str(tmp_path / "archive"), "--db", pg_db,
           "--out", str(tmp_path / "out"), "--scheduler", addr, "--quiet"]
    try:
        client = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert wait_until(lambda: _stored(pg_db) >= 2 or client.poll() is not None, 240)
        os.killpg(sched.pid, signal.SIGKILL)
        sched.wait()
        _, err = client.communicate(timeout=120)
        assert client.returncode != 0 and "scheduler" in err and "Traceback" not in err, err[-1500:]
        before = _stored(pg_db)
        assert 2 <= before < 15
        sched = scheduler()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=400)
        assert done.returncode == 0, done.stderr[-1500:]
        import re
        read, earlier = map(int, re.search(r"(\d+) page\(s\) read, (\d+) read earlier", done.stdout).groups())
        # a worker may finish its page after the scheduler died: stored once, counted as earlier
        assert earlier >= before and read + earlier == 15
    finally:
        for p in (sched, supervisor):
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        subprocess.run(["pkill", "-9", "-f", f"dask worker {addr}"], capture_output=True)
        log.close()
    db = FarmDB(pg_db)
    counts = db.counts()
    db.close()
    assert counts["pages_done"] == counts["page_rows"] == counts["pages_total"] == 15


def test_archive_through_fsspec(tmp_path):
    """An object store in place of the shared file system: the walk and the reads go through
    fsspec (here its in-memory file system)."""
    import fsspec

    from scanner_station.farm.tasks import read_bytes

    fs = fsspec.filesystem("memory")
    fs.pipe("/arch/Quyển 2 - 1999/batch.toml", b'[batch]\nyear = "1999"\n')
    fs.pipe("/arch/Quyển 2 - 1999/a.pdf", b"%PDF-1.4 ...")
    fs.pipe("/arch/Quyển 2 - 1999/sub/b.png", b"\x89PNG....")
    books = list(walk("memory://arch"))
    assert [b.name for b in books] == ["Quyển 2 - 1999"]
    b = books[0]
    assert b.meta.year == "1999" and b.meta_source == "batch.toml"
    assert [e[0] for e in b.entries] == ["a.pdf", "sub/b.png"]
    assert read_bytes(b.folder + "/a.pdf", 1000) == b"%PDF-1.4 ..."
    with pytest.raises(StationError):
        read_bytes(b.folder + "/a.pdf", 4)  # too large


def work_package_from(src_ws, out_dir, signer, book: str = "so-ks-1987"):
    """A work package built from a workspace's read pages (what a farm would send), without a
    cluster: for the app's tests."""
    import shutil
    import uuid

    from scanner_station.export.package import bag_sign_zip

    store = src_ws.store
    files = []
    for f in store.files_done():
        pages = []
        for p in store.pages(f["id"]):
            d = {k: p[k] for k in ("source_index", "part", "image_path", "width", "height", "blank", "state",
                                   "engine", "ocr_text", "ocr_json", "mean_confidence", "analysis")}
            d["steps"] = json.loads(p["steps"])
            pages.append(d)
        files.append({"sha256": f["sha256"], "name": f["original_name"], "size": f["size"], "kind": f["kind"],
                      "page_count": f["page_count"], "pages": pages})
    b = store.batch(store.files_done()[0]["batch_id"])
    doc = {"work_package_version": 1,
           "package": {"id": str(uuid.uuid4()), "kind": "scanner-station work package",
                       "created_at": "2026-12-02T00:00:00+00:00", "software_version": "test", "book": book,
                       "file_count": len(files), "page_count": sum(len(f["pages"]) for f in files)},
           "book": {"name": book, "meta": b.as_dict(), "meta_source": "batch.toml", "folder": book},
           "runs": [{"id": "run-test", "engine": "onnx-hybrid", "software_version": "test", "state": "finished",
                     "models": [{"name": "m", "version": "1", "sha256": "ab" * 8}]}],
           "files": files, "not_read": [], "records": []}

    def fill(bag_dir):
        (bag_dir / "workpackage.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        for f in files:
            for p in f["pages"]:
                (bag_dir / p["image_path"]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src_ws.root / p["image_path"], bag_dir / p["image_path"])

    return bag_sign_zip(out_dir, f"{book}-wp", {"Package-Id": doc["package"]["id"]}, signer, fill), doc


@pytest.mark.gui
def test_a_clerk_opens_a_work_package_from_the_app(tmp_path, qtbot):
    from test_export import add_records
    from test_gui import admin_window

    from scanner_station.export.keys import demo, load_p12

    src = Workspace.init(tmp_path / "farm-side")
    add_records(src)
    keys = demo(tmp_path / "keys")
    pkg, doc = work_package_from(src, tmp_path / "pk", load_p12(keys["p12"], "demo"))
    src.close()
    ws = Workspace.init(tmp_path / "ws")
    app, win = admin_window(qtbot, ws)
    try:
        win._open_package(str(tmp_path / "nothing.zip"), str(keys["trust"]))  # not a package
        qtbot.waitUntil(lambda: "Không mở được gói" in win.statusBar().currentMessage(), timeout=10000)
        win._open_package(str(pkg), str(keys["trust"]))  # File → Open a work package…
        qtbot.waitUntil(lambda: "Đã mở lô 'so-ks-1987'" in win.statusBar().currentMessage(), timeout=20000)
        assert "3 hồ sơ cần kiểm tra" in win.statusBar().currentMessage()
        qtbot.waitUntil(lambda: win.batch_table.rowCount() >= 1, timeout=10000)
        win._open_package(str(pkg), str(keys["trust"]))  # the same package again: refused
        qtbot.waitUntil(lambda: "already opened" in win.statusBar().currentMessage(), timeout=10000)
    finally:
        app.shutdown()
    with ws.store.transaction() as c:
        assert c.execute("SELECT COUNT(*) FROM files WHERE work_package = ?", (doc["package"]["id"],)).fetchone()[0] == 3
    ws.close()


def test_pages_in_black_ink_travel_grey_a_red_seal_keeps_colour():
    import numpy as np

    from scanner_station.farm.package import has_colour

    page = np.full((800, 600, 3), 245, np.uint8)
    page[100:110, 50:500] = 20  # black text
    page[300:302, 50:500] = (120, 118, 121)  # grey noise, JPEG tints
    assert not has_colour(page)
    page[600:700, 400:500] = (40, 40, 200)  # a red seal (BGR)
    assert has_colour(page)


def test_archive_reads_allow_hard_links_and_quarantine_names_fit(tmp_path):
    """A deduplicated archive holds hard links (an inbox refuses them, an archive reads them);
    a long Vietnamese name still gets a reason file (names cut to the byte budget)."""
    from scanner_station.farm.tasks import quarantine_note, read_bytes

    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 x")
    os.link(tmp_path / "a.pdf", tmp_path / "b.pdf")
    assert read_bytes(str(tmp_path / "b.pdf"), 100) == b"%PDF-1.4 x"
    os.mkfifo(tmp_path / "pipe.pdf")
    with pytest.raises(StationError):
        read_bytes(str(tmp_path / "pipe.pdf"), 100)  # never blocks on a pipe
    long = "Trích lục khai sinh Nguyễn Thị Hường " * 6 + ".pdf"
    quarantine_note(tmp_path / "out", "Sổ đăng ký khai sinh quyển 3 năm 1987 " * 3, "sub/" + long,
                    "truncated", "the PDF is incomplete", None, b"%PDF")
    reasons = list((tmp_path / "out" / "quarantine").rglob("*.reason.txt"))
    assert len(reasons) == 1 and all(len(p.name.encode()) <= 255 for p in reasons[0].parents if p.name)
