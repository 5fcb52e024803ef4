"""A full disk (issue 17, item 6), on a real small file system (tmpfs, mounted as root).

During intake, OCR, export and a clerk's save: a clear message, nothing half-written taken as
done, the original never lost, and the work goes on once space is back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scanner_station.domain.errors import DiskFull
from scanner_station.ingest.intake import intake
from scanner_station.pipeline import Pipeline
from scanner_station.storage.review import Review
from scanner_station.storage.workspace import Workspace


@pytest.fixture()
def small_disk(tmp_path):
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    mnt = tmp_path / "small"
    mnt.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", str(mnt)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


class Ballast:
    """Fills the file system up to ``leave`` free bytes; ``free()`` gives the space back."""

    def __init__(self, mnt: Path) -> None:
        self.path = mnt / "ballast"

    def fill(self, leave: int = 0) -> None:
        free = shutil.disk_usage(self.path.parent).free
        with open(self.path, "ab") as fh:
            todo = max(0, free - leave)
            block = b"\0" * (1 << 20)
            while todo > 0:
                try:
                    fh.write(block[:min(todo, len(block))])
                    fh.flush()
                except OSError:
                    break
                todo -= min(todo, len(block))

    def free(self) -> None:
        self.path.unlink(missing_ok=True)


def _ws(mnt: Path, min_free_mib: int = 0) -> Workspace:
    ws = Workspace.init(mnt / "ws")
    (ws.root / "station.toml").write_text(f"[station]\nmin_free_mib = {min_free_mib}\nworkers = 0\n", "utf-8")
    return ws


def _checkpoint(ws):
    ws.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the next write needs new space


@pytest.mark.parametrize("reserve", [0, 8], ids=["write-fails", "reserve-reached"])
def test_intake_waits_with_the_file_left_in_the_inbox(small_disk, pages, reserve):
    ws = _ws(small_disk, reserve)
    p = pages["scanner"].save(ws.inbox / "trang-1.jpg")
    data = p.read_bytes()
    _checkpoint(ws)
    ballast = Ballast(small_disk)
    ballast.fill(leave=len(data) // 3)
    res = intake(ws, p)
    assert res.status == "waiting" and "disk is full" in res.message
    assert p.read_bytes() == data  # the original is still where the scanner put it
    assert not [f for f in ws.originals.rglob("*") if f.is_file()]  # nothing half-written
    assert not list(ws.quarantine.iterdir()) and ws.store.status()["jobs"] == {}
    ballast.free()
    res = intake(ws, p)
    assert res.status == "accepted" and not p.exists()
    stored = ws.root / ws.store.file(res.file_id)["stored_path"]
    assert stored.read_bytes() == data
    ws.close()


@pytest.mark.parametrize("leave", [0, 96_000], ids=["claim-fails", "page-image-fails"])
def test_processing_waits_and_resumes_when_space_is_back(small_disk, pages, leave):
    ws = _ws(small_disk)
    for i, v in enumerate(("clean", "scanner")):
        assert intake(ws, pages[v].save(ws.inbox / f"t{i}.png")).status == "accepted"
    _checkpoint(ws)
    ballast = Ballast(small_disk)
    ballast.fill(leave=leave)
    events = []
    pipe = Pipeline(ws, workers=0, on_progress=events.append)
    done = pipe.run()
    assert done == 0 and pipe.waiting_for_space
    assert {"event": "disk_full"} in events
    status = ws.store.status()["jobs"]
    assert "failed" not in status and "done" not in status  # not failed, not taken as done
    assert not [f for f in ws.derived.rglob("*.png") if f.is_file()]  # no truncated page image
    assert not [f for f in ws.derived.rglob("*.tmp") if f.is_file()]
    ballast.free()
    pipe = Pipeline(ws, workers=0)
    assert pipe.run() == 2 and not pipe.waiting_for_space
    assert ws.store.status()["jobs"] == {"done": 2}
    assert len(ws.store.records()) >= 1
    ws.close()


def test_export_on_a_full_disk_leaves_nothing_and_marks_nothing(small_disk, tmp_path):
    from scanner_station.export import keys
    from scanner_station.export.package import export_package
    from test_export import OPTS, add_records
    ws = _ws(small_disk)
    add_records(ws)
    paths = keys.demo(tmp_path / "k", password="pw")
    signer = keys.load_p12(paths["p12"], "pw")
    _checkpoint(ws)
    ballast = Ballast(small_disk)
    ballast.fill(leave=20_000)
    with pytest.raises(DiskFull) as exc:
        export_package(ws.store, ws.exports, signer, OPTS, pages_root=ws.root)
    assert "no package was written" in exc.value.message and "--out" in exc.value.hint
    assert list(ws.exports.iterdir()) == []  # no .part, no staging folder
    assert {r["exported_package"] for r in ws.store.overview()["records"]} == {None}
    ballast.free()
    pkg = export_package(ws.store, ws.exports, signer, OPTS, pages_root=ws.root)
    assert pkg.exists()
    ws.close()


def test_clerk_save_on_a_full_disk_is_refused_clearly_and_kept_for_later(small_disk):
    from test_export import add_records
    ws = _ws(small_disk)
    add_records(ws)
    rv = Review(ws.store)
    admin = rv.create_user("admin", "Quản trị", "admin", "admin-pass-1")
    clerk = rv.create_user("lan", "Nguyễn Thị Lan", "clerk", "clerk-pass-1", by=admin)
    rid = ws.store.records()[0]["id"]
    before = ws.store.record(rid)
    _checkpoint(ws)
    ballast = Ballast(small_disk)
    ballast.fill(leave=0)
    with pytest.raises(DiskFull) as exc:
        rv.set_field(clerk, rid, "full_name", before["version"], value="Nguyễn Văn Đúc")
    assert "not saved" in exc.value.message and "nothing was lost" in exc.value.hint
    ballast.free()
    after = ws.store.record(rid)
    assert after["version"] == before["version"]
    assert after["fields"]["full_name"]["value"] == before["fields"]["full_name"]["value"]
    rv.set_field(clerk, rid, "full_name", before["version"], value="Nguyễn Văn Đúc")  # the same save, later
    assert ws.store.record(rid)["fields"]["full_name"]["value"] == "Nguyễn Văn Đúc"
    ok, _, _ = rv.verify_audit()
    assert ok
    ws.close()
