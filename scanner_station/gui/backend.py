"""Everything the app reads or writes, off the UI thread.

``Backend.call(fn, *args, done=…, fail=…)`` runs ``fn(workspace, *args)`` on one worker
thread (one SQLite connection, changes in order) and delivers the result or the error
to the UI thread through a queued Qt signal. The functions below are the only ones the
widgets use: SQL, file reads and image decoding all happen here, never in a widget.
"""

from __future__ import annotations

import json
import logging
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from ..domain.records import BatchInfo
from ..storage.review import Review, User
from ..storage.workspace import Workspace

log = logging.getLogger(__name__)


class _Bridge(QObject):
    finished = Signal(object, object, object)  # (done, fail), result, error
    event = Signal(object)  # processing events (dicts)


class Backend(QObject):
    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = Path(root)
        self._exec = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._ws: Workspace | None = None
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.events = self._bridge.event
        self.pending = 0
        self._closed = False

    def _workspace(self) -> Workspace:
        if self._ws is None:
            self._ws = Workspace(self.root)
        return self._ws

    def call(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None,
             fail: Callable[[BaseException], None] | None = None) -> Future:
        self.pending += 1

        def job():
            return fn(self._workspace(), *args)

        fut = self._exec.submit(job)

        def finished(f: Future) -> None:
            err = f.exception()
            if not self._closed:
                self._bridge.finished.emit((done, fail), None if err else f.result(), err)
        fut.add_done_callback(finished)
        return fut

    def _deliver(self, callbacks, result, error) -> None:
        self.pending -= 1
        done, fail = callbacks
        try:
            if error is not None:
                if fail:
                    fail(error)
                else:
                    log.warning("background call failed: %s", type(error).__name__)
            elif done:
                done(result)
        except RuntimeError as exc:
            # the widget that asked was closed meanwhile (a window replaced after a new login):
            # its answer has nowhere to go
            if "already deleted" not in str(exc):
                raise

    def emit_event(self, event: dict) -> None:
        """Thread-safe: deliver a processing event to the UI thread."""
        if not self._closed:
            self._bridge.event.emit(event)

    def close(self) -> None:
        self._closed = True

        def shut(ws):
            ws.close()
        if self._ws is not None:
            self._exec.submit(shut, self._ws)
        self._exec.shutdown(wait=True)


# --- operations (run on the worker thread; ``ws`` first) -----------------------------------------


def has_users(ws: Workspace) -> bool:
    return Review(ws.store).has_users()


def create_first_admin(ws: Workspace, name: str, display: str, password: str) -> User:
    return Review(ws.store).create_user(name, display, "admin", password)


def create_user(ws: Workspace, by: User, name: str, display: str, role: str, password: str) -> User:
    return Review(ws.store).create_user(name, display, role, password, by=by)


def login(ws: Workspace, name: str, password: str) -> User:
    return Review(ws.store).login(name, password)


def overview(ws: Workspace) -> dict[str, Any]:
    return ws.store.overview()


def _image(path: Path) -> QImage | None:
    img = QImage(str(path))
    return None if img.isNull() else img


def _left_out(row) -> list[list[int]]:
    """The boxes of a page's detected lines the engine left out of its text (the layout's
    ``show_through``): faint lines, most often the other side of an old leaf."""
    if not row["ocr_json"]:
        return []
    try:
        boxes = json.loads(row["ocr_json"]).get("meta", {}).get("show_through", [])
        return [[int(v) for v in b] for b in boxes if len(b) == 4]
    except (ValueError, TypeError, AttributeError):
        return []  # an unreadable layout shows no boxes; the page itself is still shown


def load_document(ws: Workspace, record_id: int) -> dict[str, Any]:
    """A record with its fields, page images and field crops decoded (QImage), and its audit."""
    from ..extraction.templates import load_all

    rec = ws.store.record(record_id)
    pages = []
    for row in ws.store.pages_by_id(rec["page_ids"]):
        path = ws.root / row["image_path"]
        pages.append({"id": row["id"], "name": Path(row["image_path"]).name, "image": _image(path),
                      "width": row["width"], "height": row["height"], "left_out": _left_out(row)})
    crops = {}
    for key, f in rec["fields"].items():
        if f.get("crop_path"):
            crops[key] = _image(ws.root / f["crop_path"])
    types, labels, title = {}, {}, ""
    for t in load_all(workspace=ws.root):
        if t.id == rec["template_id"]:
            types = {fs.key: fs.type for fs in t.fields}
            labels = {fs.key: fs.labels[0] for fs in t.fields if fs.labels}
            title = t.title
    review = Review(ws.store)
    return {"record": rec, "pages": pages, "crops": crops, "types": types, "labels": labels, "title": title,
            "audit": review.audit(record_id), "double_keys": review.double_keys(record_id)}


def set_field(ws: Workspace, user: User, record_id: int, key: str, version: int, kw: dict) -> int:
    return Review(ws.store).set_field(user, record_id, key, version, **kw)


def confirm_record(ws: Workspace, user: User, record_id: int, version: int) -> int:
    return Review(ws.store).confirm_record(user, record_id, version)


def verify_record(ws: Workspace, user: User, record_id: int, version: int, approve: bool, comment: str) -> int:
    return Review(ws.store).verify_record(user, record_id, version, approve, comment)


def double_key(ws: Workspace, user: User, record_id: int, values: dict[str, str]) -> list[str]:
    return Review(ws.store).double_key(user, record_id, values)


def set_sample_rate(ws: Workspace, user: User, batch: str, rate: float) -> None:
    Review(ws.store).set_sample_rate(user, batch, rate)


def verification_queue(ws: Workspace) -> list[dict[str, Any]]:
    return Review(ws.store).verification_queue()


def find_people(ws: Workspace, query: str) -> list[dict[str, Any]]:
    return ws.store.find_people(query)


def backup_state(ws: Workspace) -> tuple[float | None, int]:
    """Days since the last backup (None: never) and how many records there are to lose."""
    from ..storage.backup import backup_age_days
    return backup_age_days(ws.root), ws.store.record_count()


def write_sheet(ws: Workspace, kind: str, path: str, values: dict[str, str]) -> str:
    """A printable cover or separator sheet (PDF)."""
    from ..imaging.sheets import write_sheets
    return str(write_sheets(kind, values, Path(path)))


def make_backup(ws: Workspace, dest: str) -> dict[str, Any]:
    from ..storage.backup import backup
    r = backup(ws, Path(dest))
    return {"files": r.files, "copied": r.copied, "dest": str(r.dest)}


def default_trust(ws: Workspace) -> str | None:
    """The trust store the station was given (``keys/trust``), if there is one."""
    for p in (ws.root / "keys" / "trust", ws.root / "keys" / "trust.pem"):
        if p.exists():
            return str(p)
    return None


def open_work_package(ws: Workspace, path: str, trust: str, operator: str) -> dict[str, Any]:
    """Verify a work package from the province's farm and load it as a batch (pages already read)."""
    from ..farm.package import open_work_package as open_package
    return open_package(ws, Path(path), Path(trust), operator)


def add_demo_batch(ws: Workspace, n: int = 3) -> int:
    """A few generated forms (birth extract, marriage, death) taken in as the batch "demo"."""
    from PIL import Image

    from ..ingest.intake import intake
    from ..synth.forms import make_form

    info = BatchInfo("demo", office="UBND xã Tân Phú (mẫu)", record_family="civil_status",
                     book_type="khai sinh", volume="01", year="2024")
    kinds = ["civil.birth_extract", "civil.marriage_extract", "civil.death_extract"]
    taken = 0
    with tempfile.TemporaryDirectory(dir=ws.root / "tmp") as d:
        for i in range(n):
            form = make_form(100 + i, kinds[i % len(kinds)], "scanner")
            path = Path(d) / f"mau-{i + 1}.png"
            Image.fromarray(form.image).save(path, dpi=(300, 300))
            if intake(ws, path, batch=info).status == "accepted":
                taken += 1
    return taken


def processing_service(root: Path, backend: Backend):
    """The inbox watcher and pipeline in this process (when it holds the workspace's lock), with
    their progress delivered to the UI thread. Stop and start it again as often as needed."""
    from ..ingest.service import StationService
    from ..pipeline import Pipeline

    return StationService(root, Pipeline, on_progress=backend.emit_event,
                          on_intake=lambda res: backend.emit_event({"event": "intake", "status": res.status}))


# --- teaching a form (supervisors) ---------------------------------------------------------------


def page_for_teaching(ws: Workspace, page_id: int) -> dict[str, Any]:
    """A stored page's image and OCR layout, its batch, the lines in capitals (title cues), and
    each family's known field keys, for the teach dialog."""
    import json

    from ..domain.layout import PageLayout
    from ..extraction import teach
    from ..extraction.templates import load_all

    row = ws.store.pages_by_id([page_id])[0]
    layout = PageLayout.from_dict(json.loads(row["ocr_json"])) if row["ocr_json"] else None
    file = ws.store.file(row["file_id"])
    batch = ws.store.batch(file["batch_id"])
    templates = load_all(workspace=ws.root)
    return {"page_id": page_id, "image": _image(ws.root / row["image_path"]), "layout": layout,
            "batch": batch.name, "titles": teach.title_lines(layout) if layout else [],
            "catalogue": {fam: teach.catalogue(fam, templates) for fam in teach.FAMILY_PREFIX}}


def teach_template(ws: Workspace, user: User, page_id: int, family: str, name: str, cues: list[str],
                   fields: list[dict], batch: str | None, progress: Callable[[int, int], None]) -> dict:
    """Save the template taught on a page (``fields``: key, type, and ``label`` or ``box`` in the
    page's pixels), audited, then read the batch's pages again with it (unclassified ones, and
    ones another template read with fields missing; records a person worked on stay)."""
    import json

    from ..domain.layout import BBox, PageLayout
    from ..extraction import teach
    from ..extraction.templates import WORKSPACE_DIR, load_all
    from ..pipeline.reanalyse import batch_files, reanalyse

    row = ws.store.pages_by_id([page_id])[0]
    layout = PageLayout.from_dict(json.loads(row["ocr_json"]))
    picks = [(f["key"], f["type"], BBox(*f["box"]) if f.get("box") else f["label"]) for f in fields]
    text = teach.compose(layout, family, name, cues, picks, load_all(workspace=ws.root), ws.root / WORKSPACE_DIR,
                         author=user.name, taught_from=ws.store.file(row["file_id"])["sha256"])
    path, template = Review(ws.store).save_template(user, ws.root / WORKSPACE_DIR, text)
    counts = reanalyse(ws, batch_files(ws, batch), progress, template.id)
    counts.update(template=template.id, version=template.version, path=str(path))
    return counts
