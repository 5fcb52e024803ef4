"""Backups while the station runs, their verification, restore (issue 17, item 5)."""

from __future__ import annotations

import json
import subprocess
import threading

import pytest

from conftest import BIN
from scanner_station.domain.errors import ExitCode
from scanner_station.storage import backup as bk
from scanner_station.storage.review import Review
from scanner_station.storage.workspace import Workspace
from test_export import add_records


def _cli(*a):
    return subprocess.run([str(BIN / "scanner-station"), *map(str, a)], capture_output=True, text=True)


def _fill(ws, pages):
    """Records with an audit trail, an original, a key and a workspace template."""
    add_records(ws)
    rv = Review(ws.store)
    admin = rv.create_user("admin", "Quản trị", "admin", "admin-pass-1")
    clerk = rv.create_user("lan", "Nguyễn Thị Lan", "clerk", "clerk-pass-1", by=admin)
    r = ws.store.records()[0]
    rv.set_field(clerk, r["id"], "full_name", ws.store.record(r["id"])["version"], value="Nguyễn Văn Đúc")
    from scanner_station.ingest.intake import intake
    assert intake(ws, pages["clean"].save(ws.inbox / "p.png")).status == "accepted"
    (ws.root / "keys").mkdir(exist_ok=True)
    (ws.root / "keys" / "station.p12").write_bytes(b"secret key")
    (ws.root / "templates").mkdir(exist_ok=True)
    (ws.root / "templates" / "x.toml").write_text("# taught\n", "utf-8")
    return rv, clerk


def _snapshot(root):
    ws = Workspace.open(root)
    try:
        recs = [(r["id"], r["state"], json.dumps(ws.store.record(r["id"])["fields"], sort_keys=True,
                                                   default=str)) for r in ws.store.records()]
        ok, _, n = Review(ws.store).verify_audit()
        return recs, ok, n
    finally:
        ws.close()


def test_backup_while_writing_then_verify_and_restore(ws, pages, tmp_path):
    rv, clerk = _fill(ws, pages)
    dest = tmp_path / "usb" / "backup"
    # the station keeps writing (a clerk correcting) while the backup runs
    stop = threading.Event()
    wrote = []

    def clerk_works():
        w = Workspace(ws.root)
        r2 = Review(w.store)
        rid = w.store.records()[1]["id"]
        i = 0
        while not stop.is_set() and i < 200:
            v = w.store.record(rid)["version"]
            r2.set_field(clerk, rid, "sex", v, value="Nam" if i % 2 else "Nữ")
            wrote.append(i)
            i += 1
        w.close()

    t = threading.Thread(target=clerk_works)
    t.start()
    try:
        first = bk.backup(ws, dest)
    finally:
        stop.set()
        t.join()
    assert wrote, "nothing was written during the backup"
    assert first.copied >= 6 and not (dest / "keys").exists()  # keys only when asked
    manifest = json.loads((dest / bk.MANIFEST).read_text("utf-8"))
    paths = {e["path"] for e in manifest["files"]}
    assert {"station.db", "station.toml", "templates/x.toml"} <= paths
    assert any(p.startswith("originals/") for p in paths) and any(p.startswith("derived/") for p in paths)
    assert bk.verify(dest).problems == []

    # restored: a workspace whose audit chain verifies, records and originals as backed up
    target = tmp_path / "restored"
    res = _cli("restore", dest, target)
    assert res.returncode == 0 and "intact" in res.stdout, res.stdout + res.stderr
    recs, ok, n = _snapshot(target)
    assert ok and n >= 2 and len(recs) == 3
    for e in manifest["files"]:
        if e["path"].startswith("originals/"):
            assert (target / e["path"]).read_bytes() == (ws.root / e["path"]).read_bytes()
    # a quiet moment: backup again, restore again, identical to the live workspace
    second = bk.backup(ws, dest)
    assert second.copied == 0 and second.reused == first.copied + first.reused  # incremental
    target2 = tmp_path / "restored2"
    bk.restore(dest, target2)
    assert _snapshot(target2) == _snapshot(ws.root)
    assert bk.backup_age_days(ws.root) < 0.01

    # a new page: only it is copied
    from scanner_station.ingest.intake import intake
    assert intake(ws, pages["scanner"].save(ws.inbox / "q.jpg")).status == "accepted"
    third = bk.backup(ws, dest)
    assert third.copied == 1


def test_verify_finds_damage_and_restore_refuses_it(ws, pages, tmp_path):
    _fill(ws, pages)
    dest = tmp_path / "b"
    res = _cli("-w", ws.root, "backup", dest, "--with-keys")
    assert res.returncode == 0 and "copied" in res.stdout, res.stderr
    assert (dest / "keys" / "station.p12").read_bytes() == b"secret key"
    assert _cli("backup", "--verify", dest).returncode == 0
    orig = next(p for p in (dest / "originals").rglob("*") if p.is_file())
    orig.chmod(0o600)
    orig.write_bytes(orig.read_bytes()[:-10])  # a bad sector
    res = _cli("backup", "--verify", dest)
    assert res.returncode == ExitCode.verification_failed and "changed: originals/" in res.stdout
    target = tmp_path / "r"
    res = _cli("restore", dest, target)
    assert res.returncode == ExitCode.verification_failed and "does not match" in res.stderr
    assert not target.exists()  # nothing half-restored
    # refusals: a non-empty target, a folder inside the workspace, another workspace's backup
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    assert "not empty" in _cli("restore", dest, busy).stderr
    assert "inside the workspace" in _cli("-w", ws.root, "backup", ws.root / "exports" / "b").stderr
    other = Workspace.init(tmp_path / "other")
    other.close()
    res = _cli("-w", other.root, "backup", dest)
    assert res.returncode != 0 and "another workspace" in res.stderr
    assert "no backup here" in _cli("backup", "--verify", tmp_path).stderr


@pytest.mark.gui
def test_admin_is_reminded_to_back_up(ws, qtbot, tmp_path):
    from test_gui import admin_window
    add_records(ws)
    app, win = admin_window(qtbot, ws)
    try:
        qtbot.waitUntil(lambda: "Chưa sao lưu" in win.backup_label.text(), timeout=10000)
        win._backup(str(tmp_path / "usb"))  # File → Back up…, the folder chosen
        qtbot.waitUntil(lambda: win.backup_label.text() == "", timeout=20000)
        assert "Đã sao lưu" in win.statusBar().currentMessage()
        assert bk.verify(tmp_path / "usb").problems == []
        win._show_backup_state((9.5, 3))
        assert "9 ngày" in win.backup_label.text()
    finally:
        app.shutdown()
