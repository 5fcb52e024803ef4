"""End-to-end throughput: N pages through a real workspace (intake → cleanup → OCR → store)
with the station's worker pool, and the watcher's latency from "file stable" to "queued".

usage: python bench/pipeline_bench.py [--pages 40] [--engine onnx-hybrid] [--workers 2]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import psutil

from scanner_station.ingest.intake import intake
from scanner_station.ingest.watcher import InboxWatcher
from scanner_station.pipeline import Pipeline
from scanner_station.storage.workspace import Workspace
from scanner_station.synth.pages import make_page, to_pdf_bytes


class Sampler(threading.Thread):
    """Every 0.25 s: each worker process's resident memory, and how many pages are done (its own
    connection to the store), to tell the warm rate from the start-up."""

    def __init__(self, root: Path, workers: int) -> None:
        super().__init__(daemon=True)
        self.root, self.workers = root, workers
        self.peak_mb: dict[int, float] = {}
        self.done: list[tuple[float, int]] = []  # (monotonic time, pages done)
        self.stopping = threading.Event()

    def run(self) -> None:
        ws = Workspace(self.root)
        me = psutil.Process()
        try:
            while not self.stopping.is_set():
                for child in me.children(recursive=True):
                    try:
                        mb = child.memory_info().rss / 2**20
                    except psutil.Error:
                        continue
                    self.peak_mb[child.pid] = max(mb, self.peak_mb.get(child.pid, 0.0))
                jobs = ws.store.status()["jobs"]
                self.done.append((time.monotonic(), jobs.get("done", 0) + jobs.get("failed", 0)))
                self.stopping.wait(0.25)
        finally:
            ws.close()

    def warm_rate(self) -> float | None:
        """Pages a minute once every worker has finished its first page (models loaded)."""
        first = next((t for t, n in self.done if n >= self.workers), None)
        if first is None:
            return None
        start_n = next(n for t, n in self.done if t == first)
        end_t, end_n = self.done[-1]
        return (end_n - start_n) / (end_t - first) * 60 if end_t > first and end_n > start_n else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--engine", default="onnx-hybrid")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--variant", default="scanner")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.init(Path(tmp) / "ws")
        # watcher latency: time from the file's last write to its job being queued
        latencies = []
        ws_w = Workspace(ws.root)
        stamps: dict[str, float] = {}

        def take(p: Path):
            intake(ws_w, p)
            latencies.append(time.monotonic() - stamps[p.name] - 1.0)  # minus the 1 s stability window

        watcher = InboxWatcher(ws.inbox, take, stable_seconds=1.0)
        watcher.start()
        imgs = [make_page(2000 + i, args.variant).image for i in range(10)]
        per_file = 5
        n_files = max(1, args.pages // per_file)
        for i in range(n_files):
            data = to_pdf_bytes([imgs[(i + k) % 10] for k in range(per_file)]) + f"%{i}\n".encode()
            name = f"so-{i:03d}.pdf"
            (ws.inbox / name).write_bytes(data)
            stamps[name] = time.monotonic()
            time.sleep(0.05)
        deadline = time.monotonic() + 120
        while len(latencies) < n_files and time.monotonic() < deadline:
            time.sleep(0.05)
        watcher.stop()
        ws_w.close()
        total_pages = ws.store.status()["jobs"].get("queued", 0)
        sampler = Sampler(ws.root, args.workers)
        sampler.start()
        t0 = time.perf_counter()
        Pipeline(ws, engine=args.engine, workers=args.workers).run()
        wall = time.perf_counter() - t0
        time.sleep(0.3)
        sampler.stopping.set()
        sampler.join()
        st = ws.store.status()
        print(f"engine {args.engine}, {args.workers} workers, variant {args.variant}")
        print(f"pages: {total_pages} in {wall:.1f}s wall → {total_pages / wall * 60:.1f} pages/min "
              f"(cleanup + OCR + store, worker start-up and model loading included)")
        warm = sampler.warm_rate()
        if warm is not None:
            print(f"warm: {warm:.1f} pages/min once every worker had read its first page")
        print(f"jobs: {st['jobs']}")
        print(f"watcher: file stable → queued, median {sorted(latencies)[len(latencies) // 2]:.2f}s, "
              f"max {max(latencies):.2f}s over {len(latencies)} files")
        print(f"peak RSS of one worker process: {max(sampler.peak_mb.values(), default=0):.0f} MiB "
              f"(sampled every 0.25 s)")
        ws.close()


if __name__ == "__main__":
    main()
