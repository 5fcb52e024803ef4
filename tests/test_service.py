"""The background service (watcher + pipeline) that the app stops and resumes."""

from __future__ import annotations

from functools import partial

from conftest import wait_until
from scanner_station.ingest.service import StationService
from scanner_station.pipeline import Pipeline

_wait = partial(wait_until, timeout=30.0)


def test_stop_request_then_resume_takes_files_again(ws):
    taken = []
    svc = StationService(ws.root, Pipeline, engine="faulty", workers=0, poll_seconds=0.2,
                         on_intake=lambda res: taken.append(res.status))
    svc.start()
    svc.request_stop()
    assert svc.stopped
    svc.start()  # resumed at once: the earlier run ends first, then a new one starts
    assert not svc.stopped
    (ws.inbox / "hong.pdf").write_bytes(b"%PDF-1.4 truncated")
    try:
        assert _wait(lambda: taken == ["quarantined"]), taken
    finally:
        svc.stop()
    assert svc.stopped
