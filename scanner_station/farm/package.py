"""Work packages: a book read on the farm, sent to the commune that owns it to verify.

Layout of a work package (``<book>-<date>-<id8>.zip``), a signed BagIt bag like an export::

    bagit.txt  bag-info.txt  manifest-sha256/512.txt  tagmanifest-sha256/512.txt
    tagmanifest-sha256.txt.p7s      detached CMS signature over the tag manifest
    data/workpackage.json           the book, its files, every page's OCR layout and field
                                    reading, the machine-read records, the farm runs and models
    data/derived/<sha2>/<sha>/…     the cleaned page images (JPEG, quality 90) and field crops (PNG)

``open_work_package`` verifies it (the export's checks: archive safety, signature, chain,
checksums) and loads it into a workspace as a batch whose pages are already read: no OCR
runs again; records are built by the station's own ``rebuild_records``. Opening the same
package twice is refused; a newer package of the same book replaces only files no person
has worked on yet.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from ..domain.errors import ExitCode, StationError
from ..domain.records import BatchInfo
from ..domain.text import nfc, safe_filename
from ..export.package import WORK_PACKAGE_DOCUMENT as DOCUMENT
from ..export.package import bag_sign_zip, verify_bag
from ..storage.store import Store
from .db import FarmDB

WORK_PACKAGE_VERSION = 1


class AlreadyOpened(StationError):
    exit_code = ExitCode.conflict


def _version() -> str:
    from .. import __version__
    return __version__


def book_ready(db: FarmDB, name: str) -> tuple[bool, str]:
    p = db.book_progress(name)
    if p["unjudged"]:
        return False, f"{p['unjudged']} file(s) not judged yet"
    if p["pages_done"] < p["pages_expected"]:
        return False, f"{p['pages_expected'] - p['pages_done']} of {p['pages_expected']} page(s) not read yet"
    if not p["pages_expected"]:
        return False, "no readable page"
    return True, ""


def book_document(db: FarmDB, name: str) -> dict[str, Any]:
    """The work package's JSON document for one book, from the farm's database."""
    book = next(iter(db.books(name)), None)
    if book is None:
        raise StationError(f"the farm database has no book named '{name}'",
                           hint="list the books with `scanner-station farm status --db …`")
    files, run_ids = [], set()
    for f in db.book_files(name):
        runs = db.page_runs(f["sha256"])
        pages = []
        for p in db.file_pages(f["sha256"]):
            run = runs.get(p["source_index"], "")
            run_ids.add(run)
            p["steps"] = dict(p["steps"], farm={"run": run})
            p.pop("sha256")
            pages.append(p)
        files.append(dict(f, pages=pages))
    return {"work_package_version": WORK_PACKAGE_VERSION,
            "package": {"id": str(uuid.uuid4()), "kind": "scanner-station work package",
                        "created_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
                        "software_version": _version(), "book": name,
                        "file_count": len(files), "page_count": sum(len(f["pages"]) for f in files)},
            "book": {"name": name, "meta": book["meta"], "meta_source": book["meta_source"],
                     "folder": Path(book["folder"]).name},
            "runs": db.runs(sorted(r for r in run_ids if r)),
            "files": files,
            "not_read": [{"name": e["rel_path"], "state": e["state"], "reason_code": e["reason_code"],
                          "reason": e["reason"]} for e in db.book_entries_not_ok(name)]}


def machine_records(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The records the station builds from these pages, as read by machine (field statuses)."""
    with tempfile.TemporaryDirectory(prefix="ss-wp-") as tmp:
        store = Store(Path(tmp) / "station.db")
        try:
            pkg = doc["package"]
            store.add_work_package(package_id=pkg["id"], batch_id=store.ensure_batch(batch_of(doc)), book=pkg["book"],
                                   created_at=pkg["created_at"], signer="", provenance={}, opened_by="farm")
            load_pages(store, doc, pkg["id"])
            out = []
            for r in store.records():
                rec = store.record(r["id"])
                f = store.file(r["file_id"])
                out.append({"file_sha256": f["sha256"], "document": r["doc_index"] + 1, "entry": r["entry_index"] + 1,
                            "template": r["template_id"], "state": r["state"],
                            "fields": {k: {"value": fl["value"], "normalized": fl["normalized"],
                                           "status": fl["status"], "confidence": round(float(fl["confidence"]), 4),
                                           "engine": fl["engine"]} for k, fl in rec["fields"].items()}})
            return out
        finally:
            store.close()


def batch_of(doc: dict[str, Any]) -> BatchInfo:
    meta = doc["book"]["meta"]
    return BatchInfo(**{k: v for k, v in meta.items() if k in BatchInfo.keys()})


def load_pages(store: Store, doc: dict[str, Any], package_id: str,
               skip: set[str] = frozenset()) -> dict[str, int]:
    """Put the document's files and pages into ``store`` and build their records; returns
    ``{sha256: file_id}``. Files in ``skip`` are left alone."""
    batch_id = store.ensure_batch(batch_of(doc))
    ids = {}
    for f in doc["files"]:
        if f["sha256"] in skip:
            continue
        ids[f["sha256"]] = store.put_read_file(sha256=f["sha256"], original_name=f["name"], size=f["size"],
                                               kind=f["kind"], page_count=f["page_count"], batch_id=batch_id,
                                               work_package=package_id, pages=f["pages"])
        store.rebuild_records(ids[f["sha256"]])
    return ids


#: cleaned pages travel as JPEG (quality 90): ~5× smaller than the farm's PNGs, what a commune can
#: download; the originals stay in the archive, and exported PDFs hold JPEG pages anyway
PAGE_JPEG_QUALITY = 90


def has_colour(bgr, min_share: float = 0.0005) -> bool:
    """Whether a page has ink in colour worth keeping (a red seal, a red serial, a blue
    signature): more than ``min_share`` of its pixels clearly away from grey."""
    import numpy as np

    small = bgr[::4, ::4].astype(np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return float((spread > 60).mean()) > min_share


def _as_jpeg(src: Path, target: Path, rel: str) -> str:
    import cv2

    image = cv2.imread(str(src), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise StationError("a cleaned page image of the farm cannot be read", path=str(src),
                           hint="give `farm package` the farm's output folder: --pages-from (the run's --out)")
    if image.ndim == 3 and not has_colour(image):
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)  # a page in black ink travels grey (~3× smaller)
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, PAGE_JPEG_QUALITY])
    target.write_bytes(buf.tobytes())
    return rel[: -len(".png")] + ".jpg"


def write_work_package(db: FarmDB, farm_out: Path, dest: Path, signer, name: str) -> Path:
    doc = book_document(db, name)
    doc["records"] = machine_records(doc)
    pkg = doc["package"]
    info = {"Source-Organization": signer.subject, "Package-Id": pkg["id"], "Package-Kind": "work package",
            "Book": nfc(name), "Software-Version": f"scanner-station {_version()}",
            "Page-Count": str(pkg["page_count"]), "Record-Count": str(len(doc["records"])),
            "Farm-Runs": " ".join(r["id"] for r in doc["runs"])}
    stem = safe_filename(f"{name}-{pkg['created_at'][:10]}-{pkg['id'][:8]}")

    def fill(bag_dir: Path) -> None:
        for f in doc["files"]:
            src = farm_out / "derived" / f["sha256"][:2] / f["sha256"]
            pages = {p["image_path"]: p for p in f["pages"]}
            if not src.is_dir():
                continue
            for item in sorted(src.rglob("*")):
                if not item.is_file():
                    continue
                rel = item.relative_to(farm_out).as_posix()
                target = bag_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                page = pages.get(rel)
                if page is not None and item.suffix == ".png":
                    page["image_path"] = _as_jpeg(item, target.with_suffix(".jpg"), rel)
                else:
                    shutil.copyfile(item, target)  # field crops: small, kept lossless
        (bag_dir / DOCUMENT).write_text(json.dumps(doc, ensure_ascii=False), "utf-8")

    return bag_sign_zip(dest, stem, info, signer, fill)


def write_work_packages(db: FarmDB, farm_out: Path, dest: Path, signer,
                        book: str | None = None) -> list[tuple[str, Path | None, str]]:
    """One package per finished book (or ``book`` only); ``(book, path or None, why not)``."""
    names = [book] if book else [b["name"] for b in db.books()]
    out = []
    for name in names:
        ok, why = book_ready(db, name)
        if not ok:
            if book:
                raise StationError(f"the book '{name}' is not finished: {why}",
                                   hint="let `farm run` finish it (run it again to resume)")
            out.append((name, None, why))
            continue
        out.append((name, write_work_package(db, farm_out, dest, signer, name), ""))
    return out


def open_work_package(ws, path: Path, trust_path: Path, operator: str) -> dict[str, Any]:
    """Verify a work package and load it into the workspace ``ws``. Returns what it did."""
    tmp = Path(tempfile.mkdtemp(prefix="ss-open-", dir=ws.private_tmp()))
    try:
        report, bag_dir = verify_bag(Path(path), trust_path, tmp)
        if not report.ok:
            failed = next((c for c in report.checks if not c[1]), ("", False, ""))
            err = StationError(f"the work package did not verify: {failed[0]}: {failed[2]}", path=str(path),
                               hint="ask the province for the package again; nothing was loaded")
            err.exit_code = report.exit_code
            raise err
        try:
            doc = json.loads((bag_dir / "data" / DOCUMENT).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise StationError(f"the work package has no readable {DOCUMENT}", path=str(path),
                               hint="ask the province for the package again") from exc
        version = doc.get("work_package_version")
        if version != WORK_PACKAGE_VERSION:
            raise StationError(f"work package version {version!r}; this program reads {WORK_PACKAGE_VERSION}",
                               path=str(path), hint="update Scanner Station" if isinstance(version, int)
                               and version > WORK_PACKAGE_VERSION else "ask the province for the package again")
        pkg = doc["package"]
        store = ws.store
        earlier = store.work_package(pkg["id"])
        if earlier:
            raise AlreadyOpened(f"this work package was already opened (batch '{store.batch(earlier['batch_id']).name}')",
                                path=str(path), hint="nothing was changed; the clerks go on in that batch")
        kept, replaced = set(), []
        for f in doc["files"]:
            row = store.file_by_sha(f["sha256"])
            if row is None:
                continue
            if store.file_has_human_work(row["id"]):
                kept.add(f["sha256"])  # a clerk's work is never overwritten by a machine reading
            else:
                replaced.append(f["sha256"])
        src = bag_dir / "data" / "derived"
        for f in doc["files"]:
            if f["sha256"] in kept:
                continue
            folder = src / f["sha256"][:2] / f["sha256"]
            if folder.is_dir():
                target = ws.root / "derived" / f["sha256"][:2] / f["sha256"]
                shutil.rmtree(target, ignore_errors=True)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(folder), target)
        meta = doc["book"]["meta"]
        batch_id = store.ensure_batch(batch_of(doc))
        provenance = {"work_package": pkg["id"], "created_at": pkg["created_at"], "signer": report.signer,
                      "book": doc["book"], "runs": [{"id": r["id"], "engine": r["engine"], "models": r["models"],
                                                     "software_version": r["software_version"]}
                                                    for r in doc["runs"]]}
        store.add_work_package(package_id=pkg["id"], batch_id=batch_id, book=pkg["book"],
                               created_at=pkg["created_at"], signer=report.signer, provenance=provenance,
                               opened_by=operator)
        ids = load_pages(store, doc, pkg["id"], skip=kept)
        records = sum(len(store.records_of_file(i)) for i in ids.values())
        return {"package": pkg["id"], "batch": meta["name"], "files": len(ids), "files_kept": len(kept),
                "files_replaced": len(replaced), "pages": sum(len(f["pages"]) for f in doc["files"]
                                                              if f["sha256"] in ids),
                "records": records, "not_read": len(doc.get("not_read", []))}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
