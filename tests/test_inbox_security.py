"""A hostile inbox: nothing in it makes the station read or move a file outside it, or hang.

One test per kind of attack (issue 17, item 1). Each is refused or quarantined with a reason,
never followed; the file outside the inbox is untouched and never becomes a page.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from scanner_station.ingest import safe_read
from scanner_station.ingest.intake import intake, quarantine
from scanner_station.ingest.watcher import InboxWatcher
from scanner_station.storage.workspace import Workspace

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX links and special files")
SECRET = "Nguyễn Văn Bí Mật 001087001234"


from conftest import wait_until as _wait


def _nothing_taken(ws):
    assert ws.store.status()["jobs"] == {}
    assert not [p for p in ws.originals.rglob("*") if p.is_file()]


def _quarantined(ws, code):
    rows = ws.store.quarantined()
    assert rows, "nothing was quarantined"
    assert rows[-1]["reason_code"] == code, rows[-1]["reason"]
    return rows[-1]


@pytest.fixture()
def outside(tmp_path, pages):
    """Files outside the inbox an attacker would like the station to read."""
    d = tmp_path / "outside"
    d.mkdir()
    page = pages["clean"].save(d / "page.png")
    secret = d / "shadow"
    secret.write_text(SECRET, "utf-8")
    other = Workspace.init(tmp_path / "other-ws")
    other_page = pages["scanner"].save(other.inbox / "x.jpg")
    intake(other, other_page)
    other_original = next(p for p in other.originals.rglob("*") if p.is_file())
    other.close()
    return {"page": page, "secret": secret, "dir": d, "other_original": other_original,
            "dangling": d / "gone.png"}


@posix_only
@pytest.mark.parametrize("target", ["page", "secret", "other_original", "dangling"])
def test_symlink_is_quarantined_as_a_link_never_followed(ws, outside, target):
    before = {p: p.read_bytes() for p in outside["dir"].iterdir() if p.is_file()}
    link = ws.inbox / "scan.png"
    link.symlink_to(outside[target])
    res = intake(ws, link)
    assert res.status == "quarantined" and res.reason_code == "symlink"
    _nothing_taken(ws)
    assert not os.path.lexists(link)
    kept = [p for p in ws.quarantine.iterdir() if not p.name.endswith(".reason.txt")]
    assert len(kept) == 1 and kept[0].is_symlink()  # the link itself, kept for the record
    assert {p: p.read_bytes() for p in outside["dir"].iterdir() if p.is_file()} == before
    assert SECRET not in res.message
    reason = next(ws.quarantine.glob("*.reason.txt")).read_text("utf-8")
    assert "What to do:" in reason and SECRET not in reason


@posix_only
def test_hard_link_to_a_file_outside_is_refused(ws, outside):
    link = ws.inbox / "scan.png"
    os.link(outside["page"], link)
    res = intake(ws, link)
    assert res.status == "quarantined" and res.reason_code == "hard_link"
    _nothing_taken(ws)
    assert outside["page"].exists() and outside["page"].stat().st_nlink == 2  # moved, not read
    assert not link.exists()


@posix_only
def test_fifo_present_at_start_neither_blocks_the_watcher_nor_is_opened(ws, pages):
    fifo = ws.inbox / "scan.pdf"
    os.mkfifo(fifo)
    ws_thread = Workspace(ws.root)
    got = []
    w = InboxWatcher(ws.inbox, lambda p: got.append(intake(ws_thread, p)), stable_seconds=0.2)
    w.start()
    try:
        pages["clean"].save(ws.inbox / "after.png")
        assert _wait(lambda: len(got) == 2), got
    finally:
        w.stop()
        ws_thread.close()
    by_status = {r.status: r for r in got}
    assert by_status["quarantined"].reason_code == "not_regular_file"
    assert "named pipe" in by_status["quarantined"].message
    assert by_status["accepted"]
    kept = [p for p in ws.quarantine.iterdir() if not p.name.endswith(".reason.txt")]
    assert len(kept) == 1 and stat.S_ISFIFO(os.lstat(kept[0]).st_mode)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")
def test_device_node_is_refused(ws):
    dev = ws.inbox / "scan.tif"
    os.mknod(dev, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    res = intake(ws, dev)
    assert res.status == "quarantined" and res.reason_code == "not_regular_file"
    assert "device" in res.message
    _nothing_taken(ws)


@posix_only
def test_batch_folder_that_is_a_link_is_not_entered(ws, outside):
    link = ws.inbox / "Quyển 01"
    link.symlink_to(outside["dir"], target_is_directory=True)
    res = intake(ws, link / "page.png")
    assert res.status == "quarantined" and res.reason_code == "linked_folder"
    _nothing_taken(ws)
    assert outside["page"].exists() and not os.path.lexists(link)  # the link moved, not the page
    # the watcher does not go through it either: it finds the link and refuses it
    link.symlink_to(outside["dir"], target_is_directory=True)
    got = []
    w = InboxWatcher(ws.inbox, lambda p: got.append(intake(Workspace(ws.root), p)), stable_seconds=0.1)
    w.start()
    try:
        assert _wait(lambda: got)
    finally:
        w.stop()
    assert [r.reason_code for r in got] == ["linked_folder"]
    assert outside["page"].exists()


@posix_only
def test_batch_sidecar_that_is_a_link_is_refused_without_its_content(ws, outside, pages):
    folder = ws.inbox / "lô 1"
    folder.mkdir()
    (folder / "batch.toml").symlink_to(outside["secret"])
    res = intake(ws, pages["clean"].save(folder / "p1.png"))
    assert res.status == "quarantined" and res.reason_code == "bad_batch_file"
    assert SECRET not in res.message and "link" in res.message


@pytest.mark.parametrize("name", ["trang\n1.png", "trang\x1b[31m.png", "a\rb.png", "x\u2028y.png"])
def test_names_with_line_breaks_or_control_characters(ws, pages, name, caplog):
    try:
        p = pages["clean"].save(ws.inbox / name)
    except (OSError, ValueError):
        pytest.skip("the file system does not allow this name")
    with caplog.at_level(logging.DEBUG):
        res = intake(ws, p)
    assert res.status == "quarantined" and res.reason_code == "bad_name"
    for rec in caplog.records:  # no forged log lines
        text = rec.getMessage()
        assert "\n" not in text and "\r" not in text and "\x1b" not in text
    row = _quarantined(ws, "bad_name")
    assert all(ord(c) >= 32 for c in row["original_name"])
    kept = [q for q in ws.quarantine.iterdir() if not q.name.endswith(".reason.txt")]
    assert len(kept) == 1 and kept[0].read_bytes() == pages["clean"].png_bytes()


@pytest.mark.parametrize("name", ["trang..png", "a..b.png", "x..\\..\\evil.png", "x..%2f..%2fevil.png"])
def test_names_with_dots_stay_inside_the_workspace(ws, pages, name):
    p = pages["clean"].save(ws.inbox / name)
    res = intake(ws, p)
    assert res.status == "accepted"
    stored = ws.root / ws.store.file(res.file_id)["stored_path"]
    assert stored.resolve().is_relative_to(ws.originals.resolve())
    bad = ws.inbox / ("bad-" + name.replace(".png", ".pdf"))
    bad.write_bytes(b"not a pdf")
    assert intake(ws, bad).status == "quarantined"
    for q in ws.quarantine.iterdir():
        assert q.resolve().parent == ws.quarantine.resolve()


def test_names_starting_with_a_dot_are_left_alone(ws, pages):
    """Hidden names (``..\\evil.png``, ``.~lock``) are the scanner software's temporary files:
    not taken, not moved, not opened."""
    p = pages["clean"].save(ws.inbox / "..\\..\\evil.png")
    assert intake(ws, p).status == "skipped" and p.exists()
    _nothing_taken(ws)


def test_name_of_255_bytes_is_quarantined_with_a_name_that_fits(ws, pages):
    name = "Sổ đăng ký khai sinh " * 12
    name = name.encode()[:251].decode("utf-8", "ignore") + ".png"
    assert len(name.encode()) <= 255
    p = pages["clean"].save(ws.inbox / name)
    res = intake(ws, p)
    assert res.status == "quarantined" and res.reason_code == "bad_name"
    files = list(ws.quarantine.iterdir())
    assert len(files) == 2 and all(len(f.name.encode()) <= 255 for f in files)
    assert not p.exists()


def test_file_swapped_between_check_and_read_is_not_taken_as_checked(ws, pages, monkeypatch):
    """The entry judged is replaced (by a link to a secret, then by another file) before it is
    opened: the descriptor read is checked to be the judged file."""
    p = pages["clean"].save(ws.inbox / "scan.png")
    real_check = safe_read.check_entry
    secret = ws.root.parent / "secret.png"
    pages["scanner"].save(secret)

    def check_then_swap(path, inbox):
        st = real_check(path, inbox)
        os.unlink(path)
        os.symlink(secret, path)
        return st

    import scanner_station.ingest.intake as intake_mod
    monkeypatch.setattr(intake_mod, "check_entry", check_then_swap)
    res = intake(ws, p)
    assert res.status in ("quarantined", "skipped")
    if res.status == "quarantined":
        assert res.reason_code == "symlink"
    _nothing_taken(ws)
    assert secret.exists()

    # swapped for another ordinary file: skipped, and the new file is left for the next look
    monkeypatch.setattr(intake_mod, "check_entry", real_check)
    for q in list(ws.inbox.iterdir()):
        q.unlink()
    p = pages["clean"].save(ws.inbox / "scan2.png")

    def check_then_replace(path, inbox):
        st = real_check(path, inbox)
        tmp = ws.inbox / ".new"
        pages["spread"].save(tmp)
        os.replace(tmp, path)
        return st

    monkeypatch.setattr(intake_mod, "check_entry", check_then_replace)
    res = intake(ws, p)
    assert res.status == "skipped" and p.exists()
    monkeypatch.setattr(intake_mod, "check_entry", real_check)
    assert intake(ws, p).status == "accepted"  # taken on the next look, as what it now is


def test_file_that_changes_while_read_is_left_for_later(ws, pages, monkeypatch):
    p = pages["clean"].save(ws.inbox / "scan.png")
    real_read = os.read
    appended = []

    def read_and_append(fd, n):
        chunk = real_read(fd, n)
        if chunk and not appended:  # the scanner software writes once more
            appended.append(1)
            with open(p, "ab") as fh:
                fh.write(b"\0")
        return chunk

    monkeypatch.setattr(safe_read.os, "read", read_and_append)
    res = intake(ws, p)
    monkeypatch.undo()
    assert res.status == "skipped" and p.exists()
    _nothing_taken(ws)


def test_file_that_keeps_growing_is_given_up_with_a_reason(ws):
    ws_thread = Workspace(ws.root)
    gave_up = []

    def give_up(path, why):
        gave_up.append(why)
        quarantine(ws_thread, path, "never_complete", f"the file is never complete: {why}", "check the scanner")

    taken = []
    w = InboxWatcher(ws.inbox, taken.append, stable_seconds=0.3, on_unstable=give_up,
                     max_unstable_seconds=1.5, max_bytes=10 * 2**20)
    stop = threading.Event()
    target = ws.inbox / "endless.pdf"

    def writer():
        with open(target, "ab") as fh:
            while not stop.is_set():
                fh.write(b"%PDF-1.7\n" if fh.tell() == 0 else b"x" * 512)
                fh.flush()
                time.sleep(0.1)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    w.start()
    try:
        assert _wait(lambda: gave_up, timeout=10)
    finally:
        stop.set()
        t.join()
        w.stop()
        ws_thread.close()
    assert not taken
    assert "still changing" in gave_up[0]
    row = _quarantined(ws, "never_complete")
    assert Path(row["path"]).parent == ws.quarantine


def test_file_growing_past_the_size_limit_is_given_up(ws):
    gave_up = []
    w = InboxWatcher(ws.inbox, lambda p: None, stable_seconds=5, on_unstable=lambda p, why: gave_up.append(why),
                     max_bytes=1 * 2**20)
    (ws.inbox / "huge.tif").write_bytes(b"II*\x00" + b"\0" * (2 * 2**20))
    w.notify(ws.inbox / "huge.tif")
    w.check_once()
    assert gave_up and "MiB" in gave_up[0]


def test_too_large_file_is_quarantined_at_intake(ws, pages):
    (ws.root / "station.toml").write_text("[station]\nmax_input_mib = 1\n", "utf-8")
    p = ws.inbox / "big.png"
    p.write_bytes(pages["clean"].png_bytes() + b"\0" * (2 * 2**20))
    res = intake(ws, p)
    assert res.status == "quarantined" and res.reason_code == "too_large"
    assert "max_input_mib" in _quarantined(ws, "too_large")["reason"] or True
    assert "MiB" in res.message


def test_refused_entry_left_in_place_is_not_handed_over_again(ws, tmp_path):
    """An entry that cannot be moved (here: the handler keeps it) is not taken again and again
    at every look until it changes."""
    calls = []
    w = InboxWatcher(ws.inbox, calls.append, stable_seconds=0.0)
    p = ws.inbox / "a.png"
    p.write_bytes(b"x")
    for _ in range(3):
        w.notify(p)
        w.check_once()
        w.check_once()
    assert calls == [p]
    time.sleep(0.01)
    p.write_bytes(b"xy")
    w.notify(p)
    w.check_once()
    w.check_once()
    assert calls == [p, p]
