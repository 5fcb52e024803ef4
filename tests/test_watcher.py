"""The watched inbox with a real watchdog observer on a temp dir."""

import time
import unicodedata
from pathlib import Path

import pytest

from scanner_station.ingest.intake import intake
from scanner_station.ingest.watcher import InboxWatcher, open_for_writing
from scanner_station.storage.workspace import Workspace


from conftest import wait_until as _wait


def test_open_for_writing_sees_a_writer(tmp_path):
    p = tmp_path / "f.bin"
    with open(p, "wb") as fh:
        fh.write(b"x")
        fh.flush()
        assert open_for_writing(p)
    assert not open_for_writing(p)
    with open(p, "rb"):
        assert not open_for_writing(p)  # readers do not count


@pytest.mark.parametrize("poll", [0.0, 0.3])
def test_file_written_slowly_is_taken_once_complete(ws, pages, poll):
    """A scanner writing in bursts, pausing longer than the stability window while it holds the
    file open: nothing is taken before it closes it, then the whole file is."""
    data = pages["clean"].png_bytes()
    taken = []
    ws_thread = Workspace(ws.root)

    def take(path: Path):
        taken.append((path.name, path.stat().st_size))
        intake(ws_thread, path)

    w = InboxWatcher(ws.inbox, take, stable_seconds=0.5, poll_seconds=poll)
    w.start()
    try:
        target = ws.inbox / "trang 1.png"
        with open(target, "wb") as fh:
            for i in range(0, len(data), len(data) // 4 + 1):
                fh.write(data[i:i + len(data) // 4 + 1])
                fh.flush()
                time.sleep(0.9)  # longer than stable_seconds, but the file is still open
                assert not taken, "taken while still being written"
        t_closed = time.monotonic()
        assert _wait(lambda: taken)
        latency = time.monotonic() - t_closed
        assert taken == [("trang 1.png", len(data))]
        assert latency < 2.0 + poll
        assert _wait(lambda: ws.store.status()["jobs"].get("queued") == 1)
    finally:
        w.stop()
        ws_thread.close()


def test_files_present_at_start_are_taken_and_nfd_names_work(ws, pages):
    nfd = unicodedata.normalize("NFD", "Trích lục khai tử.png")
    pages["clean"].save(ws.inbox / nfd)
    sub = ws.inbox / "Quyển 02"
    sub.mkdir()
    pages["scanner"].save(sub / "a.jpg")
    (sub / "batch.toml").write_text('[batch]\nbook_type = "khai tử"\n', "utf-8")
    (ws.inbox / "~$lock.tmp").write_bytes(b"x")
    got = []
    ws_thread = Workspace(ws.root)
    w = InboxWatcher(ws.inbox, lambda p: got.append(intake(ws_thread, p)), stable_seconds=0.2)
    w.start()
    try:
        assert _wait(lambda: len(got) == 2)
        time.sleep(0.5)
        assert len(got) == 2  # the temp file is never taken
    finally:
        w.stop()
        ws_thread.close()
    names = sorted(ws.store.file(r.file_id)["original_name"] for r in got)
    assert names == ["Trích lục khai tử.png", "a.jpg"]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_a_failing_take_does_not_stop_the_watcher(ws, pages):
    calls = []

    def take(path):
        calls.append(path.name)
        if path.name == "boom.png":
            raise RuntimeError("disk full")

    w = InboxWatcher(ws.inbox, take, stable_seconds=0.2)
    w.start()
    try:
        pages["clean"].save(ws.inbox / "boom.png")
        assert _wait(lambda: "boom.png" in calls)
        pages["clean"].save(ws.inbox / "ok.png")
        assert _wait(lambda: "ok.png" in calls)
    finally:
        w.stop()
