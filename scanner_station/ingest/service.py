"""The station's background work in one object: the inbox watcher feeding intake, and the
page pipeline, until stopped. Used by ``scanner-station watch`` and by the desktop app.

The caller passes the pipeline class (``pipeline`` sits beside ``ingest`` in the layers, so
it is handed in rather than imported). Holding the workspace's processing lock is the
caller's business: one process processes a workspace.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

from ..storage.workspace import Workspace
from .intake import IntakeResult, intake, quarantine
from .watcher import InboxWatcher


class StationService:
    def __init__(self, root: Path, pipeline_factory: Callable[..., Any], *, engine: str | None = None,
                 workers: int | None = None, poll_seconds: float | None = None,
                 on_intake: Callable[[IntakeResult], None] | None = None,
                 on_progress: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.root = Path(root)
        self.pipeline_factory = pipeline_factory
        self.engine, self.workers, self.poll_seconds = engine, workers, poll_seconds
        self.on_intake, self.on_progress = on_intake, on_progress
        self.stop_event = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Watch and process until ``stop()`` (blocking; each part with its own DB connection)."""
        ws_intake = Workspace(self.root)
        ws_pipe = Workspace(self.root)
        cfg = ws_pipe.config

        def take(path: Path) -> bool:
            with self._lock:
                res = intake(ws_intake, path)
            if self.on_intake:
                self.on_intake(res)
            return res.status not in ("skipped", "waiting")

        def give_up(path: Path, why: str) -> None:
            with self._lock:
                res = quarantine(ws_intake, path, "never_complete", f"the file is never complete: {why}",
                                 "check the scanner software writing it; put the finished scan into "
                                 "the inbox again")
            if self.on_intake:
                self.on_intake(res)

        poll = self.poll_seconds if self.poll_seconds is not None else cfg.poll_seconds
        watcher = InboxWatcher(ws_pipe.inbox, take, stable_seconds=cfg.stable_seconds, poll_seconds=poll,
                               on_unstable=give_up, max_unstable_seconds=cfg.max_unstable_minutes * 60,
                               max_bytes=cfg.max_input_mib * 2**20)
        watcher.start()
        pipe = self.pipeline_factory(ws_pipe, engine=self.engine, workers=self.workers,
                                     on_progress=self.on_progress)
        try:
            pipe.run(stop=self.stop_event.is_set, idle_exit=False)
        finally:
            watcher.stop()
            ws_intake.close()
            ws_pipe.close()

    def start(self) -> None:
        """Run in a background thread; after a stop this starts it again."""
        if self._thread is not None and self._thread.is_alive():
            if not self.stopped:
                return
            self._thread.join()  # resumed right after a stop request: let that run finish first
        self.stop_event.clear()
        self._thread = threading.Thread(target=self.run, name="station-service", daemon=True)
        self._thread.start()

    @property
    def stopped(self) -> bool:
        return self.stop_event.is_set()

    def request_stop(self) -> None:
        """Ask the run to end (pages in flight finish) without waiting for it."""
        self.stop_event.set()

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
