"""Export and provincial import benchmark.

1. Export of a book of N records (default 500) with one 300-dpi page each: PDF/A-2b build,
   PAdES signing, BagIt, detached CMS — seconds in all and per document, package size.
   (20 distinct rendered pages are reused cyclically as page images: the export re-encodes
   and signs every document, so the timing is that of N documents.)
2. Verification and import of a package of M synthetic records (default 20,000) into SQLite
   and into a throwaway PostgreSQL 15 cluster: records per second for the import
   transaction alone and for verify + import.

    .venv/bin/python bench/export_bench.py --records 500 --import-records 20000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from scanner_station.domain.records import BatchInfo  # noqa: E402
from scanner_station.export import keys  # noqa: E402
from scanner_station.export.package import ExportOptions, export_package, verify_package, write_package  # noqa: E402
from scanner_station.extraction.extract import ExtractedField, PageAnalysis  # noqa: E402
from scanner_station.storage.province import ProvinceDB  # noqa: E402
from scanner_station.storage.workspace import Workspace  # noqa: E402
from scanner_station.synth.pages import render_with_layout  # noqa: E402
from scanner_station.synth.records import fake_records  # noqa: E402

OPTS = ExportOptions(office_code="01001", office_name="UBND xã Tân Phú", station_id="bench", operator="clerk1",
                     states=("extracted", "corrected", "verified"))


def _book(ws: Workspace, n: int) -> None:
    people = fake_records(n, seed=7)
    pages = []
    for i in range(20):
        p = people[i]
        img, layout = render_with_layout(["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TRÍCH LỤC KHAI SINH",
                                          f"Họ, chữ đệm, tên: {p['persons'][0]['name']}",
                                          f"Ngày, tháng, năm sinh: {p['fields']['date_of_birth']['value']}",
                                          f"Nơi sinh: {p['fields']['place_of_birth']['value']}",
                                          f"Số định danh cá nhân: {p['key']}"] + ["." * 60] * 20,
                                         page_size=(2480, 3508), size_px=56, margin=220)
        path = ws.root / "derived" / f"bench-{i}.png"
        Image.fromarray(img).save(path)
        pages.append((f"derived/bench-{i}.png", json.dumps(layout)))
    bid = ws.store.ensure_batch(BatchInfo("so-ks-bench", office="UBND xã Tân Phú", record_family="civil_status",
                                          book_type="khai sinh", volume="01", year="2001"))
    for i, p in enumerate(people):
        sha = hashlib.sha256(f"bench{i}".encode()).hexdigest()
        fid = ws.store.add_file(sha256=sha, original_name=f"trang-{i}.png", size=1, kind="png", page_count=1,
                                batch_id=bid, stored_path=f"originals/{sha}.png")
        fields = {k: ExtractedField(k, f["value"], f["normalized"], "proposed", 0.97, (10, 20, 300, 60), ())
                  for k, f in p["fields"].items()}
        analysis = PageAnalysis("civil.birth_extract", 1.0, (), (fields,))
        job = [j for j in ws.store.claim_jobs(50) if j.file_id == fid][0]
        image_path, layout = pages[i % len(pages)]
        ws.store.complete_page_job(job, [{"part": 0, "image_path": image_path, "width": 2480, "height": 3508,
                                          "blank": False, "steps": {"source": {"dpi": 300}},
                                          "state": "ocr_done", "ocr_text": "", "ocr_json": layout,
                                          "analysis": json.dumps(analysis.as_json())}])
        ws.store.rebuild_records(fid)


def bench_export(n: int, signer) -> dict:
    with tempfile.TemporaryDirectory() as d:
        ws = Workspace.init(Path(d) / "ws")
        t = time.perf_counter()
        _book(ws, n)
        setup = time.perf_counter() - t
        t = time.perf_counter()
        pkg = export_package(ws.store, ws.root / "exports", signer, OPTS)
        secs = time.perf_counter() - t
        size = pkg.stat().st_size
        ws.close()
    return {"records": n, "setup_s": round(setup, 1), "export_s": round(secs, 1),
            "per_document_ms": round(1000 * secs / n, 1), "package_mb": round(size / 1e6, 1)}


def bench_import(m: int, signer, trust: Path, pg_url: str | None) -> dict:
    out: dict = {"records": m}
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        pkg = write_package(fake_records(m, seed=11), Path(d), signer, OPTS)
        out["write_package_s"] = round(time.perf_counter() - t, 2)
        out["package_mb"] = round(pkg.stat().st_size / 1e6, 2)
        t = time.perf_counter()
        report = verify_package(pkg, trust)
        verify_s = time.perf_counter() - t
        assert report.ok, report.checks
        out["verify_s"] = round(verify_s, 2)
        targets = {"sqlite": f"sqlite:///{Path(d) / 'province.db'}"}
        if pg_url:
            targets["postgresql"] = pg_url
        for name, url in targets.items():
            db = ProvinceDB(url)
            t = time.perf_counter()
            counts = db.import_document(report.document, report.signer)
            secs = time.perf_counter() - t
            assert counts["added"] == m, counts
            db.close()
            out[name] = {"import_s": round(secs, 2), "records_per_s": round(m / secs),
                         "with_verify_records_per_s": round(m / (secs + verify_s))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=500)
    ap.add_argument("--import-records", type=int, default=20000)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        paths = keys.demo(Path(d), password="pw")
        signer = keys.load_p12(paths["p12"], "pw")
        result = {"export": bench_export(args.records, signer) if args.records else None}
        print(json.dumps(result, indent=1), flush=True)
        if not args.import_records:
            pass
        elif args.no_postgres:
            result["import"] = bench_import(args.import_records, signer, paths["trust"], None)
        else:
            from pgcluster import throwaway_cluster
            with throwaway_cluster(fsync=True) as url:
                result["import"] = bench_import(args.import_records, signer, paths["trust"], url)
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
