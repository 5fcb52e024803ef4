"""What runs on the farm's Dask workers: judging an archive file, and reading one page.

A worker plugin loads the models once per worker process (``setup``) and holds the
worker's database connection; the tasks are the station's own stages — the intake
checks (``inspect_data``), then ``process_page`` (codes, cleanup, OCR, classification and
field reading), writing the cleaned page images under the farm's output folder with the
same deterministic names a workspace uses (a re-run overwrites the same files) — and store
the result idempotently (``FarmDB.store_page``). Nothing here logs page contents.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

from ..domain.errors import InputFileError, StationError
from ..imaging.sources import inspect_data
from ..ingest.intake import quarantine_name
from ..ingest.safe_read import printable_name, read_regular
from .archive import is_local, join, local_path
from .db import FarmDB

log = logging.getLogger(__name__)

PLUGIN_NAME = "scanner-station-farm"

try:  # distributed is a dependency; the import is guarded so that `farm` is importable without it
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover
    WorkerPlugin = object  # type: ignore[misc,assignment]


class FarmPlugin(WorkerPlugin):
    """Per worker process: the OCR engine and re-reader loaded once, one database connection."""

    name = PLUGIN_NAME

    def __init__(self, db_url: str, out: str, engine: str, render_dpi: int = 300,
                 max_pixels: int = 150_000_000, max_input_mib: int = 2048) -> None:
        self.db_url = db_url
        self.out = out
        self.engine = engine
        self.render_dpi = render_dpi
        self.max_pixels = max_pixels
        self.max_bytes = max_input_mib * 2**20
        self.worker_name = ""
        self._local = None

    def setup(self, worker=None) -> None:
        from ..ocr.models import verify_all
        from ..ocr.base import one_thread
        from ..pipeline.runner import warm

        one_thread()
        if self.engine != "faulty":
            verify_all()
            warm(self.engine)
        self.worker_name = str(getattr(worker, "name", "") or getattr(worker, "address", "") or os.getpid())
        _quieten(worker)
        self.db.close()  # checks the database now (a wrong URL fails at start, not per page)

    @property
    def db(self) -> FarmDB:
        """This task thread's connection, opened again after the database restarted."""
        import threading

        if self._local is None:
            self._local = threading.local()
        db = getattr(self._local, "db", None)
        if db is None or db.conn.closed or db.conn.broken:
            db = self._local.db = FarmDB(self.db_url)
        return db

    def teardown(self, worker=None) -> None:
        db = getattr(self._local, "db", None) if self._local is not None else None
        if db is not None:
            db.close()

    def __getstate__(self):  # sent to the workers without a connection
        d = dict(self.__dict__)
        d["_local"] = None
        return d


#: a worker's housekeeping, slowed down: its event loop thread otherwise wakes every 10–20 ms
#: (statistical profiler, event-loop tick) and takes the GIL from the page being read —
#: measured on 2 cores: 49.5 → 54 pages/min with 2 workers (bench/farm_bench.py)
QUIET_MS = {"tick": 1000, "monitor": 2000, "memory_monitor": 1000}
STOPPED = ("profile", "profile-cycle")


def _quieten(worker) -> None:
    callbacks = getattr(worker, "periodic_callbacks", None) or {}
    for name, ms in QUIET_MS.items():
        if name in callbacks:
            callbacks[name].callback_time = ms
    for name in STOPPED:
        if name in callbacks:
            callbacks[name].stop()


def _plugin() -> FarmPlugin:
    from distributed import get_worker

    return get_worker().plugins[PLUGIN_NAME]


def read_bytes(url: str, max_bytes: int) -> bytes:
    """A file's bytes: locally by the inbox's reader (one descriptor, never following a link
    or blocking on a pipe; hard links allowed in an archive), else through fsspec; never more
    than ``max_bytes``."""
    if is_local(url):
        return read_regular(local_path(url), max_bytes, allow_hard_links=True)[0]
    import fsspec

    fs, p = fsspec.core.url_to_fs(url)
    size = fs.size(p)
    if size is not None and size > max_bytes:
        raise InputFileError("too_large", f"the file has {size / 2**20:.0f} MiB", path=url)
    return fs.cat_file(p)


@contextlib.contextmanager
def _as_local(url: str, tmp_dir: Path) -> Iterator[Path]:
    """A path the page loader can open: the file itself, or a private copy of a remote one."""
    if is_local(url):
        yield local_path(url)
        return
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="farm-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(read_bytes(url, 2**40))
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def quarantine_note(out: Path, book: str, rel: str, code: str, reason: str, sha256: str | None,
                    data: bytes | None = None) -> None:
    """The station's quarantine, for an archive that is never changed: a reason file (and the
    bytes as read, when they were) under ``OUT/quarantine/<book>/``."""
    folder = out / "quarantine" / quarantine_name(book)
    folder.mkdir(parents=True, exist_ok=True)
    stem = quarantine_name(rel.replace("/", "__"))  # the station's names: fit in 255 bytes
    if data is not None:
        (folder / stem).write_bytes(data)
    (folder / f"{stem}.reason.txt").write_text(
        f"book: {book}\nfile: {rel}\nreason: {code}: {reason}\nsha256: {sha256 or '-'}\n"
        "the archive itself was not changed\n", "utf-8")


def inspect_entry(book: str, folder: str, rel: str, size: int, run_id: str) -> dict[str, Any]:
    """Judge one archive entry (complete, readable, a real PDF/TIFF/JPEG/PNG) and record it."""
    p = _plugin()
    url = join(folder, rel)
    data = sha = None
    try:
        data = read_bytes(url, p.max_bytes)
        sha = hashlib.sha256(data).hexdigest()
        info = inspect_data(data, printable_name(rel), max_pixels=p.max_pixels)
    except InputFileError as exc:
        quarantine_note(Path(p.out), book, rel, exc.reason_code, exc.message, sha, data)
        state = p.db.judge_entry(book, rel, run_id, sha256=sha, size=size, reason_code=exc.reason_code,
                                 reason=exc.message)
        log.warning("quarantined %s/%s: %s", printable_name(book), printable_name(rel), exc.reason_code)
        return {"state": state, "sha256": sha, "reason_code": exc.reason_code, "reason": exc.message}
    state = p.db.judge_entry(book, rel, run_id, sha256=sha, kind=info.kind, page_count=info.page_count,
                             size=len(data))
    return {"state": state, "sha256": sha, "kind": info.kind, "page_count": info.page_count}


def read_page(sha256: str, url: str, kind: str, index: int, split_mode: str, run_id: str,
              judged: tuple[int, int] | None = None) -> dict[str, Any]:
    """Read one source page with the station's stages and store it once. A page that cannot be
    read is recorded as failed (the next run tries it again); a database error raises, so Dask
    retries the task. ``judged``: the file's (size, mtime_ns) when it was hashed — a file
    changed since is not read under the old hash (the next run judges it again)."""
    from ..pipeline.runner import PageTask, process_page

    p = _plugin()
    out = Path(p.out)
    t0 = time.perf_counter()
    try:
        if judged is not None and is_local(url):
            st = os.stat(local_path(url))
            if (st.st_size, st.st_mtime_ns) != tuple(judged):
                raise StationError("the file changed in the archive since it was judged",
                                   hint="run `farm run` again: it judges the file anew")
        with _as_local(url, out / "tmp") as path:
            rows = process_page(PageTask(str(out), 0, sha256, str(path), kind, index, split_mode,
                                         p.engine, p.render_dpi))
    except (StationError, ValueError, OSError, RuntimeError) as exc:
        reason = exc.message if isinstance(exc, StationError) else f"{type(exc).__name__}: {str(exc)[:200]}"
        p.db.record_failure(sha256, index, run_id, reason)
        return {"stored": False, "failed": reason, "seconds": time.perf_counter() - t0}
    seconds = time.perf_counter() - t0
    stored = p.db.store_page(sha256, index, rows, run_id, p.worker_name, seconds)
    return {"stored": stored, "parts": len(rows), "seconds": seconds, "worker": p.worker_name}
