"""Kill the station with SIGKILL mid-batch, several times: every page ends up stored exactly once."""

import os
import random
import signal
import subprocess
import time

import pytest

from conftest import BIN, write_pdf
from scanner_station.storage.workspace import Workspace


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals (not on Windows)")
def test_sigkill_mid_batch_then_resume_exactly_once(tmp_path, pages):
    ws = Workspace.init(tmp_path / "ws")
    ws.close()
    imgs = [pages["clean"].image, pages["scanner"].image, pages["spread"].image]
    for i in range(4):  # four different files (page order differs): no duplicates
        write_pdf(ws.inbox / f"quyen-{i}.pdf", imgs[i % 3:] + imgs[:i % 3] + ([imgs[0]] if i == 3 else []))
    expected_pages = 4 * 4 + 1  # the spread splits in two; file 3 has an extra page
    env = dict(os.environ, SCANNER_STATION_WORKSPACE=str(ws.root))
    cmd = [str(BIN / "scanner-station"), "watch", "--engine", "tesseract", "--workers", "2", "-q"]
    errlog = open(tmp_path / "stderr.log", "wb")
    rng = random.Random(1)
    kills = 0
    for _ in range(5):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errlog,
                                start_new_session=True)
        time.sleep(rng.uniform(2.5, 5.0))
        os.killpg(proc.pid, signal.SIGKILL)  # the station and its workers, no clean-up
        proc.wait()
        kills += 1
        w = Workspace.open(ws.root)
        left = w.store.pending_jobs()
        w.close()
        # (killed before the watcher took a file in — a slow start on a loaded machine — no job is
        # pending yet either: the batch is over only when the inbox is empty too)
        if left == 0 and not list(ws.inbox.glob("*.pdf")):
            break
    assert kills >= 2
    # final run to completion
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errlog,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            w = Workspace.open(ws.root)
            done = w.store.status()["jobs"].get("done", 0)
            w.close()
            if done == 13:
                break
            time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    errlog.close()
    w = Workspace.open(ws.root)
    st = w.store.status()
    assert st["files"] == {"done": 4}, (st, (tmp_path / "stderr.log").read_text()[-3000:])
    assert st["jobs"] == {"done": 13}
    rows = w.store.pages()
    keys = [(r["file_id"], r["source_index"], r["part"]) for r in rows]
    assert len(keys) == len(set(keys)) == expected_pages
    fts = w.store._conn.execute("SELECT COUNT(*) FROM pages_fts").fetchone()[0]
    assert fts == expected_pages  # the search index holds each page once too
    assert not list(ws.inbox.glob("*.pdf"))  # every file taken
    assert len(list(ws.originals.rglob("*.pdf"))) == 4
    w.close()


def test_second_processor_on_a_workspace_is_refused(ws):
    other = Workspace(ws.root)
    ws.lock()
    from scanner_station.domain.errors import WorkspaceLocked
    with pytest.raises(WorkspaceLocked) as exc:
        other.lock()
    assert "another" in exc.value.message
    ws.unlock()
    other.lock()
    other.unlock()
