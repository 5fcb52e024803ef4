"""Pages of `scanner-station ocr` read in worker processes (`--jobs N`): each worker loads the
engine once, pages are read in parallel and written back in input order."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_WORKER: dict = {}


def _init(engine_name: str, worker: bool = False) -> None:
    from ..ocr import create_engine

    if worker:
        from ..ocr.base import one_thread

        one_thread()
    _WORKER["engine"] = create_engine(engine_name)


def read_source_page(path: str, kind: str, index: int, split: str, save_dir: str | None = None) -> list[dict]:
    """Clean one source page and read it (both halves of a spread), in order: each a dict with
    the layout, and with ``save_dir`` the cleaned image saved there (for a searchable PDF) and
    the source's resolution."""
    import cv2

    from ..imaging.sources import load_page
    from ..ocr.orientation import read_upright

    out = []
    from ..imaging.codes import clean_around, read_codes

    source = load_page(Path(path), kind, index)
    for cp in clean_around(source.image, read_codes(source.image), split):
        layout, image, _ = read_upright(_WORKER["engine"], cp.image, cp.orientation_confidence)
        item = {"layout": layout.to_dict(), "image": None, "dpi": source.dpi or 300.0}
        if save_dir is not None:
            target = Path(save_dir) / f"{index:05d}-{cp.part}.png"
            cv2.imwrite(str(target), image)
            item["image"] = str(target)
        out.append(item)
    return out


class PagePool:
    """``jobs`` worker processes, each with its own engine (spawned: no model state is shared);
    with ``jobs`` 1 the pages are read in this process."""

    def __init__(self, engine_name: str, jobs: int) -> None:
        if jobs <= 1:
            _init(engine_name)
            self._pool = _InProcess()
            return
        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init,
                                         initargs=(engine_name, True))

    def submit_file(self, path: Path, info, split: str, save_dir: Path | None = None) -> list:
        """Queue every page of one inspected file; returns the pages' futures in order (each
        gives the list ``read_source_page`` returns). Files queued one after another are read
        in parallel across files, not only within one."""
        return [self._pool.submit(read_source_page, str(path), info.kind, i, split,
                                  str(save_dir) if save_dir else None)
                for i in range(info.page_count)]

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
        if isinstance(self._pool, _InProcess) and "engine" in _WORKER:
            _WORKER.pop("engine").close()


class _InProcess:
    """The executor interface, run at once in this process (``--jobs 1``)."""

    def submit(self, fn, *args):
        from concurrent.futures import Future

        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller like a pool would
            fut.set_exception(exc)
        return fut

    def shutdown(self, cancel_futures: bool = False) -> None:
        pass
