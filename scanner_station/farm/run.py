"""``farm run``: the client that walks an archive and feeds its pages to a Dask cluster.

The client holds no state a restart would need: the database says which entries were
judged and which pages are stored, so a new run (after the client, a worker or the
scheduler died) submits only what is missing. Work is streamed: at most ``window`` tasks
are in flight, so an archive of millions of pages never sits in the scheduler at once, and
a book's pages follow its inspection (books finish one after another, ready to package).
"""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

from ..domain.errors import StationError
from .archive import is_local, join, local_path, walk
from .db import FarmDB
from .tasks import FarmPlugin, inspect_entry, quarantine_note, read_page

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    run_id: str = ""
    books: int = 0
    files_inspected: int = 0
    quarantined: int = 0
    duplicates: int = 0
    pages_total: int = 0  # pages of the judged files (grows as files are judged)
    pages_already: int = 0  # stored by earlier runs
    pages_done: int = 0  # stored by this run
    pages_repeated: int = 0  # a task that ran again found its page stored: nothing written
    failures: int = 0
    seconds: float = 0.0
    page_seconds: float = 0.0  # summed over the pages this run stored (a mean, not a list: millions of pages)

    @property
    def pages_per_minute(self) -> float:
        return 60.0 * self.pages_done / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "page_seconds"}
        d["pages_per_minute"] = round(self.pages_per_minute, 1)
        if self.pages_done:
            d["mean_page_seconds"] = round(self.page_seconds / self.pages_done, 3)
        return d


def model_versions(engine: str) -> list[dict[str, str]]:
    """The model files the station reads with (the manifest's names, versions and hashes): the
    provenance of every reading in a run, whichever of them ``engine`` combines."""
    from ..ocr.models import load_manifest

    return [{"name": m.name, "version": m.version, "sha256": m.sha256[:16]} for m in load_manifest()]


#: Dask settings for a farm on few cores (also for `dask scheduler`/`dask worker` started by hand:
#: the same keys as DASK_DISTRIBUTED__… environment variables, docs/scale.md)
QUIET_CONFIG = {"distributed.admin.tick.interval": "1000ms", "distributed.worker.profile.enabled": False,
                "distributed.admin.system-monitor.interval": "2000ms",
                "distributed.worker.memory.monitor-interval": "1000ms"}


def connect(scheduler: str | None, local: int | None, dashboard: bool = False):
    """A Dask client: to the scheduler at ``scheduler``, or a LocalCluster of ``local`` worker
    processes (one thread each: OCR is CPU-bound and the engines are not thread-safe)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="15s"), None
        except (OSError, TimeoutError) as exc:
            raise StationError(f"cannot reach the Dask scheduler at {scheduler}",
                               hint="start it (`dask scheduler`) and its workers (`dask worker "
                                    f"{scheduler}`), or check the address and the firewall") from exc
    import dask

    # the scheduler runs in this process: its housekeeping slowed down like the workers' (tasks.QUIET_MS)
    with dask.config.set(QUIET_CONFIG):
        cluster = LocalCluster(n_workers=max(1, local or 1), threads_per_worker=1, processes=True,
                               dashboard_address=":8787" if dashboard else None)
    return Client(cluster), cluster


def _wait_for_workers(client, timeout: float) -> None:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        addr = getattr(client.scheduler, "address", "the scheduler")
        raise StationError(f"no Dask worker is connected to {addr} (waited {timeout:.0f} s)",
                           hint=f"start workers on the farm's machines: `dask worker {addr}` (with "
                                "OMP_NUM_THREADS=1 and this project installed), then run again") from None


def _scheduler_lost(client, exc: BaseException) -> bool:
    """Whether a task's error means the scheduler went away (not that the page is bad)."""
    import asyncio
    import concurrent.futures

    if client.status not in ("running", "connecting"):
        return True
    # distributed's FutureCancelledError is a concurrent.futures.CancelledError
    return isinstance(exc, (asyncio.CancelledError, concurrent.futures.CancelledError)) or \
        "scheduler-connection-lost" in str(exc)


def run_farm(client, archive: str, db_url: str, out: str, *, engine: str = "onnx-hybrid",
             render_dpi: int = 300, window: int | None = None, retries: int = 2,
             on_progress: Callable[[RunStats], None] | None = None, progress_every: float = 2.0,
             stop: Callable[[], bool] = lambda: False, wait_workers: float = 120.0,
             reread: bool = False) -> RunStats:
    """Read every page of ``archive`` that the database does not have yet (``reread``: also the
    pages read with another engine or other model files — after a model improvement)."""
    from pathlib import Path

    from distributed import as_completed

    from .. import __version__

    out = str(Path(out).resolve())  # as the workers see it
    Path(out).mkdir(parents=True, exist_ok=True)
    if is_local(archive):  # workers elsewhere see the same absolute path, never our working folder
        archive = str(local_path(archive).resolve())
    db = FarmDB(db_url)
    stats = RunStats(run_id=uuid.uuid4().hex[:16])
    db.start_run(stats.run_id, archive, out, engine, model_versions(engine), __version__, socket.gethostname())
    client.register_plugin(FarmPlugin(db_url, out, engine, render_dpi), name=FarmPlugin.name)
    _wait_for_workers(client, wait_workers)
    nthreads = sum(client.nthreads().values()) or 1
    window = window or max(4, 3 * nthreads)
    t0 = time.monotonic()
    last = 0.0
    ac = as_completed()
    page_queue: deque = deque()  # pages of judged files, in order: submitted before more files are judged
    todo: deque = deque()  # files to judge
    meta: dict[Any, tuple] = {}
    books = walk(archive)
    walking = True
    state = "finished"

    def queue_pages(book, folder: str, rel: str, sha: str, kind: str, pages: int,
                    judged: tuple[int, int] | None = None) -> None:
        done = db.done_pages([sha], read_as=stats.run_id if reread else None)
        stats.pages_total += pages
        for i in range(pages):
            if (sha, i) in done:
                stats.pages_already += 1
            else:
                page_queue.append(("page", (sha, join(folder, rel), kind, i, book.meta.split_mode, stats.run_id,
                                            judged)))

    def next_book() -> bool:
        nonlocal walking
        try:
            book = next(books)
        except StopIteration:
            walking = False
            return False
        stats.books += 1
        rows = db.list_book(book.name, book.folder, book.meta.as_dict(), book.meta_source,
                            book.entries + [(r, s, m) for r, s, m, _, _ in book.refused])
        for rel, size, _, code, reason in book.refused:
            if rows[rel]["state"] == "listed":
                quarantine_note(Path(out), book.name, rel, code, reason, None)
                db.judge_entry(book.name, rel, stats.run_id, sha256=None, size=size, reason_code=code, reason=reason)
                stats.quarantined += 1
        for rel, size, mtime in book.entries:
            row = rows[rel]
            if row["state"] == "listed":
                todo.append(("inspect", (book.name, book.folder, rel, size, stats.run_id), book, (size, mtime)))
            elif row["state"] == "ok":
                queue_pages(book, book.folder, rel, row["sha256"], row["kind"], row["page_count"], (size, mtime))
        return True

    try:
        while True:
            if stop():
                state = "stopped"
                break
            while ac.count() < window and (page_queue or todo or walking):
                if not page_queue and not todo:
                    next_book()
                    continue
                kind, args, *rest = (page_queue or todo).popleft()
                if kind == "inspect":
                    fut = client.submit(inspect_entry, *args, pure=False, retries=retries,
                                        key=f"inspect-{uuid.uuid4().hex[:12]}")
                    meta[fut.key] = ("inspect", args, rest)
                else:
                    fut = client.submit(read_page, *args, pure=False, retries=retries,
                                        key=f"page-{args[0][:12]}-{args[3] + 1}-{uuid.uuid4().hex[:6]}")
                    meta[fut.key] = ("page", args, None)
                ac.add(fut)
            if ac.is_empty():
                break
            for fut in ac.next_batch(block=True):
                kind, args, extra = meta.pop(fut.key)
                try:
                    res = fut.result()
                except Exception as exc:  # a task that failed every retry (KilledWorker, DB errors)
                    if _scheduler_lost(client, exc):
                        raise OSError("the scheduler connection was lost") from exc
                    stats.failures += 1
                    log.warning("farm task failed: %s (%s)", type(exc).__name__, fut.key)
                    if kind == "page":
                        try:
                            db.record_failure(args[0], args[3], stats.run_id, f"{type(exc).__name__}: {exc}"[:300])
                        except Exception:
                            pass
                    continue
                finally:
                    fut.release()
                if kind == "inspect":
                    stats.files_inspected += 1
                    book, judged = extra
                    if res["state"] == "ok":
                        queue_pages(book, book.folder, args[2], res["sha256"], res["kind"], res["page_count"], judged)
                    elif res["state"] == "duplicate":
                        stats.duplicates += 1
                    else:
                        stats.quarantined += 1
                elif res.get("failed"):
                    stats.failures += 1
                elif res["stored"]:
                    stats.pages_done += 1
                    stats.page_seconds += res["seconds"]
                else:
                    stats.pages_repeated += 1
            now = time.monotonic()
            stats.seconds = now - t0
            if on_progress and now - last >= progress_every:
                last = now
                on_progress(stats)
    except KeyboardInterrupt:
        state = "interrupted"
        raise
    except OSError as exc:  # the scheduler went away
        state = "lost scheduler"
        raise StationError("the connection to the Dask scheduler was lost",
                           hint="start it again and run the same `farm run`: it goes on where the "
                                "database says it stopped") from exc
    finally:
        stats.seconds = time.monotonic() - t0
        try:
            db.finish_run(stats.run_id, state)
        finally:
            db.close()
    if on_progress:
        on_progress(stats)
    return stats
