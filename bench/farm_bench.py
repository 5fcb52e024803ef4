"""The farm's figures (issue 19) on this machine, for bench/RESULTS.md and docs/scale.md.

- pages/min of ``farm run`` with 1 and 2 local worker processes on the same generated archive
  (scaling efficiency), and the station's own pipeline (2 workers) on the same files;
- scheduler overhead: no-op tasks per second through the same LocalCluster;
- PostgreSQL result writes per second (``FarmDB.store_page`` with a real page's row);
- bytes moved per page (original read, cleaned image and crops written, database row);
- ``open`` of a 200-page work package at a station.

usage: OMP_NUM_THREADS=1 python bench/farm_bench.py [--pages-per-book 10] [--out bench/out/farm.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pgcluster import throwaway_cluster  # noqa: E402

from scanner_station.farm.db import FarmDB  # noqa: E402
from scanner_station.synth.archive import make_archive  # noqa: E402


def fresh_db(url: str) -> str:
    import psycopg

    name = "b" + uuid.uuid4().hex[:10]
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


def farm_pass(archive: Path, url: str, out: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from scanner_station.farm.run import run_farm

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        t0 = time.perf_counter()
        stats = run_farm(client, str(archive), url, str(out))
        wall = time.perf_counter() - t0
        # scheduler overhead: no-op tasks through the same cluster
        n = 4000
        t1 = time.perf_counter()
        client.gather(client.map(lambda x: x, range(n), pure=False))
        noop = n / (time.perf_counter() - t1)
    finally:
        client.close()
        cluster.close()
    d = stats.as_dict()
    return {"workers": workers, "pages": stats.pages_done, "wall_s": round(wall, 1),
            "pages_per_min": round(60 * stats.pages_done / wall, 1),
            "mean_page_s": d.get("mean_page_seconds"), "noop_tasks_per_s": round(noop)}


def station_pass(archive: Path, workers: int) -> dict:
    from scanner_station.domain.records import BatchInfo
    from scanner_station.ingest.intake import intake
    from scanner_station.pipeline import Pipeline
    from scanner_station.storage.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.init(Path(tmp) / "ws")
        t0 = time.perf_counter()
        for book in sorted(p for p in archive.iterdir() if p.is_dir()):
            for f in sorted(book.iterdir()):
                if f.name != "batch.toml":
                    intake(ws, f, batch=BatchInfo(book.name), remove_source=False)
        pages = Pipeline(ws, workers=workers).run()
        wall = time.perf_counter() - t0
        ws.close()
    return {"workers": workers, "pages": pages, "wall_s": round(wall, 1),
            "pages_per_min": round(60 * pages / wall, 1)}


def write_rate(url: str, out: Path) -> dict:
    """Rows like a real page's (taken from the farm's database), stored under new keys."""
    db = FarmDB(url)
    sha = db.conn.execute("SELECT sha256 FROM farm_page_done LIMIT 1").fetchone()[0]
    row = db.file_pages(sha)[0]
    row_bytes = sum(len(str(v or "")) for v in row.values())
    n = 500
    t0 = time.perf_counter()
    for _ in range(n):
        db.store_page(uuid.uuid4().hex * 2, 0, [row], "bench", "bench", 1.0)
    rate = n / (time.perf_counter() - t0)
    db.close()
    return {"page_writes_per_s": round(rate), "row_bytes": row_bytes}


def bytes_per_page(archive: Path, out: Path, pages: int) -> dict:
    read = sum(p.stat().st_size for p in archive.rglob("*") if p.is_file() and "interrupted" not in p.name)
    written = sum(p.stat().st_size for p in (out / "derived").rglob("*") if p.is_file())
    return {"original_read_bytes": read // pages, "images_written_bytes": written // pages}


def open_200(url: str, out: Path, tmp: Path) -> dict:
    """A 200-page book: the stored pages repeated under new file hashes (real images, real
    readings), packaged, then opened at a fresh station."""
    from scanner_station.export.keys import demo, load_p12
    from scanner_station.farm.package import open_work_package, write_work_packages
    from scanner_station.storage.workspace import Workspace

    db = FarmDB(url)
    src = [r[0] for r in db.conn.execute("SELECT sha256 FROM farm_files ORDER BY sha256").fetchall()]
    book = "Sổ 200 trang"
    db.list_book(book, "/bench", {"name": book}, "bench", [])
    made = 0
    i = 0
    while made < 200:
        s = src[i % len(src)]
        i += 1
        new = uuid.uuid4().hex * 2
        pages = db.file_pages(s)
        take = pages[: 200 - made]
        db.conn.execute("INSERT INTO farm_files (sha256, book, rel_path, size, kind, page_count) VALUES"
                        " (%s,%s,%s,1,'pdf',%s)", (new, book, f"f{i:04d}.pdf", len(take)))
        shutil.copytree(out / "derived" / s[:2] / s, out / "derived" / new[:2] / new)
        for p in take:
            p["image_path"] = p["image_path"].replace(s, new).replace(f"/{s[:2]}/", f"/{new[:2]}/")
            if p["analysis"]:
                p["analysis"] = p["analysis"].replace(s, new).replace(f"/{s[:2]}/", f"/{new[:2]}/")
            db.store_page(new, p["source_index"], [p], "bench", "bench", 1.0)
        made += len(take)
    keys = demo(tmp / "keys")
    signer = load_p12(keys["p12"], "demo")
    t0 = time.perf_counter()
    (_, pkg, _), = write_work_packages(db, out, tmp / "packages", signer, book)
    package_s = time.perf_counter() - t0
    db.close()
    ws = Workspace.init(tmp / "ws200")
    t0 = time.perf_counter()
    res = open_work_package(ws, pkg, keys["trust"], "bench")
    open_s = time.perf_counter() - t0
    ws.close()
    return {"pages": res["pages"], "records": res["records"], "package_mib": round(pkg.stat().st_size / 2**20, 1),
            "package_s": round(package_s, 1), "open_s": round(open_s, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages-per-book", type=int, default=10)
    ap.add_argument("--out", default="bench/out/farm.json")
    ap.add_argument("--farm-only", action="store_true", help="only the farm passes (quick comparisons)")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    result: dict = {}
    with tempfile.TemporaryDirectory() as t, throwaway_cluster(fsync=True) as url:
        tmp = Path(t)
        truth = make_archive(tmp / "archive", pages_per_book=args.pages_per_book, seed=21)
        pages = sum(truth.pages.values())
        result["pages"] = pages
        if not args.farm_only:
            result["station_2"] = station_pass(tmp / "archive", 2)
            print("station", result["station_2"], flush=True)
        for w in (1, 2):
            url_w = fresh_db(url)
            out = tmp / f"out{w}"
            result[f"farm_{w}"] = farm_pass(tmp / "archive", url_w, out, w)
            print("farm", result[f"farm_{w}"], flush=True)
        result["scaling_efficiency"] = round(result["farm_2"]["pages_per_min"] / (2 * result["farm_1"]["pages_per_min"]), 3)
        if args.farm_only:
            print(json.dumps(result, indent=1))
            return
        result["farm_vs_station"] = round(result["station_2"]["pages_per_min"] / result["farm_2"]["pages_per_min"], 3)
        result["db"] = write_rate(url_w, out)
        result["bytes_per_page"] = bytes_per_page(tmp / "archive", out, pages)
        result["open_200"] = open_200(url_w, out, tmp)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
