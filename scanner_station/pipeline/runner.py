"""The page pipeline: durable jobs from the store → cleanup → OCR → store.

Each source page is one job. A worker loads the page from the original bytes,
cleans it (one or two output pages), writes the cleaned images atomically under
``derived/`` (deterministic names, so a re-run overwrites), OCRs them and hands
the result back; the main process stores the result and marks the job done in
one transaction. Killed at any moment, the next start re-queues jobs left
running and every page ends up stored exactly once.

Heavy work runs in worker processes (one engine per process); a page that hangs
longer than ``page_timeout`` gets its worker killed and the job retried, up to
``MAX_ATTEMPTS``, then it is 'failed' with its reason (never silently dropped).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import cv2

from ..domain.errors import StationError
from ..imaging.cleanup import CleanupOptions, clean_page
from ..imaging.sources import load_page
from ..ocr import create_engine
from ..ocr.orientation import read_upright
from ..storage.store import Job
from ..storage.workspace import Workspace

log = logging.getLogger(__name__)

_ENGINES: dict[str, Any] = {}
_EXTRACTION: dict[str, Any] = {}


@dataclass(frozen=True)
class PageTask:
    root: str
    file_id: int
    sha256: str
    stored_path: str
    kind: str
    source_index: int
    split_mode: str
    engine: str
    render_dpi: int = 300


def _engine(name: str):
    if name not in _ENGINES:
        _ENGINES[name] = create_engine(name)
    return _ENGINES[name]


def _worker_init() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    cv2.setNumThreads(1)
    _lower_priority()


def _lower_priority() -> None:
    """OCR workers yield the CPU to the clerk's window and keyboard: on a 2-core commune PC two
    busy workers at normal priority delay the UI thread by up to a second."""
    try:
        if os.name == "nt":
            import psutil
            psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
        else:
            os.nice(10)
    except (OSError, ImportError, AttributeError):
        pass


def process_page(task: PageTask) -> list[dict[str, Any]]:
    """Clean and OCR one source page; returns the rows for the store. Runs in a worker."""
    root = Path(task.root)
    src = load_page(root / task.stored_path, task.kind, task.source_index, task.render_dpi)
    cleaned = clean_page(src.image, CleanupOptions(split_mode=task.split_mode))
    out_dir = root / "derived" / task.sha256[:2] / task.sha256
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for cp in cleaned:
        suffix = {0: "", 1: "-L", 2: "-R"}[cp.part]
        name = f"p{task.source_index + 1:04d}{suffix}.png"
        target = out_dir / name
        steps = dict(cp.steps)
        steps["source"] = {"how": src.how, "dpi": round(src.dpi, 1)}
        image, layout = cp.image, None
        if not cp.blank:
            t0 = time.perf_counter()
            # a page cleanup was unsure about is also read upside down when it reads badly
            layout, image, turned = read_upright(_engine(task.engine), cp.image, cp.orientation_confidence)
            if turned:
                steps["turned_180_by_reading"] = True
            layout.meta["seconds"] = round(time.perf_counter() - t0, 3)
        tmp = out_dir / (name + f".{os.getpid()}.tmp.png")
        cv2.imwrite(str(tmp), image)
        os.replace(tmp, target)
        row: dict[str, Any] = {
            "part": cp.part, "image_path": str(target.relative_to(root)),
            "width": int(image.shape[1]), "height": int(image.shape[0]),
            "blank": cp.blank, "steps": steps, "engine": task.engine,
        }
        if layout is None:
            row.update(state="blank", ocr_text="", ocr_json=None, mean_confidence=None)
        else:
            row.update(state="ocr_done", ocr_text=layout.text,
                       ocr_json=json.dumps(layout.to_dict(), ensure_ascii=False),
                       mean_confidence=round(layout.mean_confidence, 4))
            row["analysis"] = json.dumps(analyse(root, layout, image, out_dir, name[:-4]).as_json(),
                                         ensure_ascii=False)
        rows.append(row)
    return rows


def analyse(root: Path, layout, image, out_dir: Path, stem: str):
    """Classify the page, read its fields (with second-opinion re-reads) and save each field's
    crop beside the page image for the correction screen."""
    from dataclasses import replace

    from ..extraction.extract import analyse_page, field_crop
    from ..extraction.reread import CropReader
    from ..extraction.templates import load_all

    if "reader" not in _EXTRACTION:
        _EXTRACTION["reader"] = CropReader()
    # the shipped templates and the workspace's own (cached per file version: a template taught
    # while the pipeline runs is used from the next page on)
    a = analyse_page(layout, load_all(workspace=root), 1, image, _EXTRACTION["reader"])
    crops = out_dir / "crops"
    entries = []
    for e_i, entry in enumerate(a.entries):
        new = {}
        for key, f in entry.items():
            if f.bbox:
                crops.mkdir(exist_ok=True)
                target = crops / f"{stem}-e{e_i}-{key}.png"
                tmp = crops / f"{target.name}.{os.getpid()}.tmp.png"
                cv2.imwrite(str(tmp), field_crop(image, f.bbox))
                os.replace(tmp, target)
                f = replace(f, crop=str(target.relative_to(root)))
            new[key] = f
        entries.append(new)
    return replace(a, entries=tuple(entries))


class Pipeline:
    """Runs queued page jobs of a workspace. ``workers=0`` runs in this process."""

    def __init__(self, ws: Workspace, engine: str | None = None, workers: int | None = None,
                 page_timeout: float = 300.0,
                 on_progress: Callable[[dict[str, Any]], None] | None = None) -> None:
        cfg = ws.config
        self.ws = ws
        self.engine = engine or cfg.engine
        self.workers = cfg.workers if workers is None else workers
        self.render_dpi = cfg.render_dpi
        self.page_timeout = page_timeout
        self.on_progress = on_progress
        self._pool: ProcessPoolExecutor | None = None

    def _task(self, job: Job) -> PageTask:
        f = self.ws.store.file(job.file_id)
        batch = self.ws.store.batch(f["batch_id"])
        return PageTask(str(self.ws.root), job.file_id, f["sha256"], f["stored_path"], f["kind"],
                        job.source_index, batch.split_mode, self.engine, self.render_dpi)

    def _done(self, job: Job, rows: list[dict[str, Any]] | None, error: BaseException | None) -> None:
        store = self.ws.store
        if error is None:
            store.complete_page_job(job, rows or [])
            event = {"event": "page_done", "file_id": job.file_id, "page": job.source_index + 1}
            if store.file(job.file_id)["state"] == "done":
                n = store.rebuild_records(job.file_id)
                if self.on_progress:
                    self.on_progress({"event": "records", "file_id": job.file_id, "records": n})
        else:
            if isinstance(error, StationError):
                reason = error.message
            else:
                reason = f"{type(error).__name__}: {str(error)[:200]}"
            state = store.fail_job(job, reason)
            log.warning("page job failed (file #%d page %d, attempt %d): %s", job.file_id,
                        job.source_index + 1, job.attempts, type(error).__name__)
            event = {"event": "page_failed" if state == "failed" else "page_retry",
                     "file_id": job.file_id, "page": job.source_index + 1, "reason": reason}
        if self.on_progress:
            self.on_progress(event)

    def run(self, stop: Callable[[], bool] = lambda: False, idle_exit: bool = True,
            idle_wait: float = 0.5) -> int:
        """Process jobs until none are left (``idle_exit``) or ``stop()``; returns pages done."""
        from ..ocr.models import verify_all

        if self.engine != "faulty":
            verify_all()  # a missing or altered model stops here with its fix, not page by page
        store = self.ws.store
        store.requeue_interrupted()
        done = 0
        if self.workers <= 0:
            while not stop():
                jobs = store.claim_jobs(1)
                if not jobs:
                    if idle_exit:
                        break
                    time.sleep(idle_wait)
                    continue
                job = jobs[0]
                try:
                    rows = process_page(self._task(job))
                    self._done(job, rows, None)
                    done += 1
                except Exception as exc:  # recorded per job, the loop goes on
                    self._done(job, None, exc)
            return done
        running: dict[Future, tuple[Job, float]] = {}
        try:
            while True:
                if stop():
                    break
                room = self.workers * 2 - len(running)
                if room > 0:
                    for job in store.claim_jobs(room):
                        fut = self._get_pool().submit(process_page, self._task(job))
                        running[fut] = (job, time.monotonic())
                if not running:
                    if idle_exit:
                        break
                    time.sleep(idle_wait)
                    continue
                finished, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in finished:
                    job, _ = running.pop(fut)
                    try:
                        self._done(job, fut.result(), None)
                        done += 1
                    except Exception as exc:
                        self._done(job, None, exc)
                        if "BrokenProcessPool" in type(exc).__name__:
                            self._reset_pool(running)
                now = time.monotonic()
                hung = [f for f, (_, t) in running.items() if now - t > self.page_timeout]
                if hung:
                    for f in hung:
                        job, _ = running.pop(f)
                        self._done(job, None, TimeoutError(f"page took longer than {self.page_timeout:.0f} s"))
                    self._reset_pool(running)
        finally:
            self.close()
        return done

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent may hold OCR runtimes with threads (fork would copy
            # their locks mid-use); spawn is also what Windows does.
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_init,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def _reset_pool(self, running: dict[Future, tuple[Job, float]]) -> None:
        """Kill the workers (a hung or crashed page); other in-flight jobs go back to the queue."""
        pool = self._pool
        self._pool = None
        if pool is not None:
            for p in list(getattr(pool, "_processes", {}).values()):
                try:
                    p.kill()
                except Exception:
                    pass
            pool.shutdown(wait=False, cancel_futures=True)
        for job, _ in running.values():
            self.ws.store.requeue_job(job.id)
        running.clear()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
