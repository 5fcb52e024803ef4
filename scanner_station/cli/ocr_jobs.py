"""Pages of `scanner-station ocr` read in worker processes (`--jobs N`): each worker loads the
engine once, pages are read in parallel and written back in input order."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_WORKER: dict = {}


def _init(engine_name: str) -> None:
    from ..ocr import create_engine

    _WORKER["engine"] = create_engine(engine_name)


def read_source_page(path: str, kind: str, index: int, split: str) -> list[dict]:
    """Clean one source page and read it (both halves of a spread): layout dicts, in order."""
    from ..imaging.cleanup import CleanupOptions, clean_page
    from ..imaging.sources import load_page
    from ..ocr.orientation import read_upright

    out = []
    for cp in clean_page(load_page(Path(path), kind, index).image, CleanupOptions(split_mode=split)):
        out.append(read_upright(_WORKER["engine"], cp.image, cp.orientation_confidence)[0].to_dict())
    return out


class PagePool:
    """``jobs`` worker processes, each with its own engine (spawned: no model state is shared)."""

    def __init__(self, engine_name: str, jobs: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init,
                                         initargs=(engine_name,))

    def read_file(self, path: Path, info, split: str, done=None) -> list:
        """Every page of one inspected file, read in parallel, as layouts in page order."""
        from ..domain.layout import PageLayout

        futures = [self._pool.submit(read_source_page, str(path), info.kind, i, split)
                   for i in range(info.page_count)]
        pages = []
        for i, fut in enumerate(futures):
            pages.extend(PageLayout.from_dict(d) for d in fut.result())
            if done is not None:
                done(i + 1)
        return pages

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
