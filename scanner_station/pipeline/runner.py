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

from ..domain.errors import StationError, is_disk_full
from ..domain.text import fold
from ..imaging.codes import clean_around, read_codes, sheet_of, sheet_title_without_code
from ..imaging.sources import load_page
from ..ocr import create_engine
from ..ocr.base import one_thread
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


def warm(engine: str) -> None:
    """Load the OCR engine and the field re-reader now (a worker process loads its models once,
    before its first page, never per file)."""
    field_reader(_engine(engine))


def field_reader(engine=None):
    """The process's field re-reader, with the page engine's recognisers where there is one
    (not a second copy of the same models)."""
    from ..extraction.reread import CropReader

    if "reader" not in _EXTRACTION:
        _EXTRACTION["reader"] = CropReader(engine.line_recognizers() if engine is not None else None)
    return _EXTRACTION["reader"]


def _worker_init() -> None:
    one_thread()
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


def _write_png(target: Path, image) -> None:
    """Encode in memory, write through a temporary name: a full disk raises (ENOSPC) instead of
    leaving a truncated image in place (``cv2.imwrite`` only returns False)."""
    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("the page image could not be encoded")
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(buf.tobytes())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def process_page(task: PageTask) -> list[dict[str, Any]]:
    """Clean and OCR one source page; returns the rows for the store. Runs in a worker."""
    root = Path(task.root)
    src = load_page(root / task.stored_path, task.kind, task.source_index, task.render_dpi)
    out_dir = root / "derived" / task.sha256[:2] / task.sha256
    out_dir.mkdir(parents=True, exist_ok=True)
    # codes are read on the page as scanned (cleanup's contrast steps can flatten a faint code)
    codes = read_codes(src.image)
    for c in codes:
        if c.info.kind == "damaged":
            log.warning("file #%d page %d: %s", task.file_id, task.source_index + 1, c.info.message)
    sheet = sheet_of(codes)
    if sheet is not None:  # a cover or separator sheet: recorded and kept, never read as text
        target = out_dir / f"p{task.source_index + 1:04d}.png"
        _write_png(target, src.image[:, :, ::-1])
        return [{"part": 0, "image_path": str(target.relative_to(root)),
                 "width": int(src.image.shape[1]), "height": int(src.image.shape[0]), "blank": False,
                 "steps": {"source": {"how": src.how, "dpi": round(src.dpi, 1)}, "sheet": sheet.info.kind,
                           "codes": [c.as_json() for c in codes]},
                 "engine": task.engine, "state": sheet.info.kind, "ocr_text": "", "ocr_json": None,
                 "mean_confidence": None}]
    cleaned = clean_around(src.image, codes, task.split_mode)
    rows = []
    for cp in cleaned:
        suffix = {0: "", 1: "-L", 2: "-R"}[cp.part]
        name = f"p{task.source_index + 1:04d}{suffix}.png"
        target = out_dir / name
        steps = dict(cp.steps)
        steps["source"] = {"how": src.how, "dpi": round(src.dpi, 1)}
        image, layout = cp.image, None
        if codes:  # evidence kept with the page (an ID card's QR, a dossier code)
            steps["codes"] = [c.as_json() for c in codes]
        if not cp.blank:
            t0 = time.perf_counter()
            # a page cleanup was unsure about is also read upside down when it reads badly
            layout, image, turned = read_upright(_engine(task.engine), cp.image, cp.orientation_confidence)
            if turned:
                steps["turned_180_by_reading"] = True
            from ..extraction.page_marks import note_cleanup  # the fields' reading: only for a page read

            note_cleanup(layout, cp.steps, turned)  # kept with the reading (ocr_json), for reanalysis too
            layout.meta["seconds"] = round(time.perf_counter() - t0, 3)
            if layout.meta.get("show_through"):  # lines left out of the text: the page says so
                steps["show_through_lines"] = len(layout.meta["show_through"])
            unread = sheet_title_without_code(fold(layout.text), codes)
            if unread:
                steps["sheet_unreadable"] = unread
                log.warning("file #%d page %d: %s", task.file_id, task.source_index + 1, unread)
        _write_png(target, image)
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
            row["analysis"] = json.dumps(analyse(root, layout, image, out_dir, name[:-4],
                                                 field_reader(_engine(task.engine))).as_json(),
                                         ensure_ascii=False)
        rows.append(row)
    return rows


def analyse(root: Path, layout, image, out_dir: Path, stem: str, reader):
    """Classify the page, read its fields (with second-opinion re-reads by ``reader``, a
    ``CropReader``) and save each field's crop beside the page image for the correction
    screen."""
    from dataclasses import replace

    from ..extraction.extract import analyse_page, field_crop
    from ..extraction.templates import load_all

    # the shipped templates and the workspace's own (cached per file version: a template taught
    # while the pipeline runs is used from the next page on)
    a = analyse_page(layout, load_all(workspace=root), 1, image, reader)
    crops = out_dir / "crops"
    entries = []
    for e_i, entry in enumerate(a.entries):
        new = {}
        for key, f in entry.items():
            if f.bbox:
                crops.mkdir(exist_ok=True)
                target = crops / f"{stem}-e{e_i}-{key}.png"
                _write_png(target, field_crop(image, f.bbox))
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
        self.min_free_mib = cfg.min_free_mib
        self.page_timeout = page_timeout
        self.on_progress = on_progress
        self._pool: ProcessPoolExecutor | None = None
        self._held: list[Job] = []  # pages stopped by a full disk, queued again when there is room
        self._rebuild_pending: set[int] = set()  # files whose records wait for room
        self._retry_at = 0.0
        self._full = False

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
                self._rebuild(job.file_id)
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
        try:
            store.requeue_interrupted()
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            self._note_full()
        done = 0
        if self.workers <= 0:
            while not stop():
                if self._paused_for_space():
                    if idle_exit:
                        break
                    time.sleep(idle_wait)
                    continue
                jobs = self._claim(1)
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
                    self._failed(job, exc)
            self._release_held()
            return done
        running: dict[Future, tuple[Job, float]] = {}
        try:
            while True:
                if stop():
                    break
                room = self.workers * 2 - len(running)
                if room > 0 and not self._paused_for_space():
                    for job in self._claim(room):
                        fut = self._get_pool().submit(process_page, self._task(job))
                        running[fut] = (job, time.monotonic())
                if not running:
                    if idle_exit:
                        break
                    time.sleep(idle_wait)
                    continue
                finished, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in finished:
                    if fut not in running:  # in flight when the pool broke: already queued again
                        continue
                    job, _ = running.pop(fut)
                    try:
                        self._done(job, fut.result(), None)
                        done += 1
                    except Exception as exc:
                        self._failed(job, exc)
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
            self._release_held()
        return done

    def _release_held(self) -> None:
        for job in list(self._held):  # best effort; a later start requeues them anyway
            try:
                self.ws.store.requeue_job(job.id)
                self._held.remove(job)
            except Exception:
                pass

    FULL_RETRY_SECONDS = 5.0

    def _note_full(self, failed_write: bool = True) -> None:
        """Processing waits for space: after a write that failed for want of it, a moment before
        trying again; either way, said once per episode."""
        if failed_write:
            self._retry_at = time.monotonic() + self.FULL_RETRY_SECONDS
        if not self._full:
            self._full = True
            log.warning("the disk is %s: processing waits until space is freed",
                        "full" if failed_write else "nearly full")
            if self.on_progress:
                self.on_progress({"event": "disk_full"})

    def _claim(self, n: int) -> list[Job]:
        try:
            return self.ws.store.claim_jobs(n)
        except Exception as exc:  # claiming is a write too
            if not is_disk_full(exc):
                raise
            self._note_full()
            return []

    @property
    def waiting_for_space(self) -> bool:
        """Whether pages (or records) are waiting for disk space."""
        return self._full or bool(self._held) or bool(self._rebuild_pending)

    def _rebuild(self, file_id: int) -> None:
        try:
            n = self.ws.store.rebuild_records(file_id)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            self._rebuild_pending.add(file_id)  # the pages are stored; the records follow with room
            self._note_full()
            return
        self._rebuild_pending.discard(file_id)
        if self.on_progress:
            self.on_progress({"event": "records", "file_id": file_id, "records": n})

    def _failed(self, job: Job, exc: BaseException) -> None:
        """A page that failed for want of disk space is not a failed page: it is held and put
        back in the queue when there is room (no attempt counted); others are recorded."""
        try:
            if not is_disk_full(exc):
                self._done(job, None, exc)
                return
        except Exception as exc2:  # recording the failure needed space too
            if not is_disk_full(exc2):
                raise
        self._held.append(job)
        self._note_full()

    def _paused_for_space(self) -> bool:
        """Whether to take no new page now (the disk is below its free-space reserve); when there
        is room again, the held pages go back to the queue first."""
        if time.monotonic() < self._retry_at:
            return True  # a write just failed for want of space: give it a moment
        if not self.ws.space_ok(min_free_mib=self.min_free_mib):
            self._note_full(failed_write=False)
            return True
        if self._held or self._rebuild_pending:
            try:
                for job in list(self._held):
                    self.ws.store.requeue_job(job.id)
                    self._held.remove(job)
            except Exception as exc:
                if is_disk_full(exc):
                    return True
                raise
            for file_id in list(self._rebuild_pending):
                self._rebuild(file_id)
            if self._rebuild_pending:
                return True
        if self._full:
            self._full = False
            log.warning("disk space is back: processing goes on")
            if self.on_progress:
                self.on_progress({"event": "disk_ok"})
        return False

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
