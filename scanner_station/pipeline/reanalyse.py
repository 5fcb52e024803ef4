"""Read stored pages again with the current templates (after a template was taught, edited or
imported): classify and read each page's stored OCR layout again and rebuild the file's records.
Records a person already worked on are left as they are. No OCR is run: the pages' layouts are
in the store."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Callable

from ..domain.layout import PageLayout
from ..storage.workspace import Workspace

log = logging.getLogger(__name__)


def batch_files(ws: Workspace, batch: str | None) -> list[int]:
    """The processed files of a batch (all batches with None)."""
    return [f["id"] for f in ws.store.files_done(batch)]


def reanalyse(ws: Workspace, file_ids: list[int], progress: Callable[[int, int], None] | None = None,
              template_id: str | None = None) -> dict[str, int]:
    """Read the files' pages again and rebuild their records. Returns counts: pages read,
    records built, files kept as clerks left them, unclassified documents before and after,
    and with ``template_id`` the records that template now reads."""
    import cv2

    from .runner import analyse, field_reader

    files = set(file_ids)

    def records():
        return [r for r in ws.store.records() if r["file_id"] in files]

    before = sum(r["state"] == "unclassified" for r in records())
    pages = [p for f in file_ids for p in ws.store.pages(f) if not p["blank"] and p["ocr_json"]]
    built = kept = read = 0
    for i, p in enumerate(pages):
        image = cv2.imread(str(ws.root / p["image_path"]), cv2.IMREAD_GRAYSCALE)
        if image is None:
            log.warning("page image missing: page #%s (run `process` again)", p["id"])
            continue
        layout = PageLayout.from_dict(json.loads(p["ocr_json"]))
        out_dir = (ws.root / p["image_path"]).parent
        a = analyse(ws.root, layout, image, out_dir, Path(p["image_path"]).stem, field_reader())
        ws.store.set_page_analysis(p["id"], json.dumps(a.as_json(), ensure_ascii=False))
        read += 1
        if progress:
            progress(i + 1, len(pages))
    for f in file_ids:
        n = ws.store.rebuild_records(f)
        if n is None:
            kept += 1
        else:
            built += n
    now = records()
    return {"pages": read, "built": built, "kept": kept, "unclassified_before": before,
            "unclassified_after": sum(r["state"] == "unclassified" for r in now),
            "read_with_template": sum(r["template_id"] == template_id for r in now)}
