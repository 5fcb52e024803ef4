"""The correction view: the page image beside the record's fields, keyboard first.

Enter confirms the field and jumps to the next one still to check (uncertain ones first);
Ctrl+I marks it illegible; Ctrl+Enter confirms the document; PgUp/PgDn page; Ctrl+Z /
Ctrl+Y undo and redo (each undo is itself a recorded change). A value a validator
dislikes is kept only with "Keep as written" ticked. Supervisors approve (Ctrl+D) or
reject with a comment. All loading and saving goes through the ``Backend``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPixmap, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from ..extraction.extract import parse
from ..storage.review import Conflict
from . import backend as B
from .i18n import field_label, language, tr, tr_field_message
from .page_view import PageView

STATUS_COLOURS = {"uncertain": "#ffd7a8", "illegible": "#f4b6b6", "proposed": "#fff6c2", "confirmed": "#c9efcf"}
#: visiting order: what most needs a person first
VISIT = {"uncertain": 0, "illegible": 1, "proposed": 2, "confirmed": 3}


class _FieldChange(QUndoCommand):
    """One field change; undo applies the previous value and status (itself an audited change)."""

    def __init__(self, view: "CorrectionView", key: str, before: dict, after: dict) -> None:
        super().__init__(key)
        self.view, self.key, self.before, self.after = view, key, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # the change was already made when the command was pushed
            self._first = False
            return
        self.view._save(self.key, self.after, push=False)

    def undo(self) -> None:
        self.view._save(self.key, self.before, push=False)


class _UndoKeys(QObject):
    """Ctrl+Z / Ctrl+Y in the value box: undo the typing while there is some, else undo the last
    saved change of the record (QLineEdit would otherwise swallow the keys)."""

    def __init__(self, view: "CorrectionView", edit: QLineEdit) -> None:
        super().__init__(edit)
        self.view, self.edit = view, edit
        edit.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier or \
                event.key() not in (Qt.Key.Key_Z, Qt.Key.Key_Y):
            return False
        if self.edit.isUndoAvailable() and self.edit.isModified():
            return False  # the line edit's own undo of what is being typed
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        (self.view.undo.undo if event.key() == Qt.Key.Key_Z else self.view.undo.redo)()
        return True


class CorrectionView(QWidget):
    message = Signal(str)
    changed = Signal()  # a record's state changed (lists refresh)
    opened = Signal(int, float)  # record id, seconds from request to first page shown

    def __init__(self, backend: B.Backend, user) -> None:
        super().__init__()
        self.backend, self.user = backend, user
        self.doc: dict[str, Any] | None = None
        self.page_index = 0
        self.undo = QUndoStack(self)
        self._build()

    # --- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.page = PageView()
        self.page_label = QLabel()
        left = QWidget()
        lv = QVBoxLayout(left)
        tools = QHBoxLayout()
        self.fit_btn = QPushButton(tr("correct.fit"))
        self.fit_btn.clicked.connect(self.page.fit_width)
        self.rot_btn = QPushButton(tr("correct.rotate"))
        self.rot_btn.clicked.connect(self.page.rotate_page)
        self.teach_btn = QPushButton(tr("correct.teach"))
        self.teach_btn.clicked.connect(self.teach)
        self.teach_btn.setVisible(self.user.can("supervisor"))
        self.teach_btn.setEnabled(False)
        for w in (self.page_label, self.fit_btn, self.rot_btn, self.teach_btn):
            tools.addWidget(w)
        lv.addLayout(tools)
        lv.addWidget(self.page, 1)

        right = QWidget()
        rv = QVBoxLayout(right)
        self.header = QLabel(tr("correct.none"))
        self.header.setWordWrap(True)
        self.fields = QListWidget()
        self.fields.currentRowChanged.connect(self._select_row)
        self.crop = QLabel(tr("correct.no_crop"))
        self.crop.setMinimumHeight(70)
        self.crop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.crop.setStyleSheet("background:#fff;border:1px solid #999;")
        self.second = QLabel("")
        self.value = QLineEdit()
        self.value.setPlaceholderText(tr("correct.value"))
        self.value.returnPressed.connect(self.confirm_field)
        _UndoKeys(self, self.value)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#b00020;")
        self.as_written = QCheckBox(tr("correct.as_written"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("correct.note"))
        self.note.returnPressed.connect(self.confirm_field)
        buttons = QHBoxLayout()
        self.confirm_btn = QPushButton(tr("correct.confirm"))
        self.confirm_btn.clicked.connect(self.confirm_field)
        self.illegible_btn = QPushButton(tr("correct.illegible"))
        self.illegible_btn.clicked.connect(self.mark_illegible)
        self.doc_btn = QPushButton(tr("correct.doc"))
        self.doc_btn.clicked.connect(self.confirm_document)
        for b in (self.confirm_btn, self.illegible_btn, self.doc_btn):
            buttons.addWidget(b)
        self.double_btn = QPushButton(tr("double.button"))
        self.double_btn.clicked.connect(self.double_key)
        buttons.addWidget(self.double_btn)
        review = QHBoxLayout()
        self.approve_btn = QPushButton(tr("verify.approve"))
        self.approve_btn.clicked.connect(lambda: self.verify(True))
        self.reject_btn = QPushButton(tr("verify.reject"))
        self.reject_btn.clicked.connect(lambda: self.verify(False))
        review.addWidget(self.approve_btn)
        review.addWidget(self.reject_btn)
        self.audit = QListWidget()
        self.audit.setMaximumHeight(120)
        for w in (self.header, self.fields):
            rv.addWidget(w)
        rv.addWidget(self.crop)
        rv.addWidget(self.second)
        rv.addWidget(self.value)
        rv.addWidget(self.problem)
        rv.addWidget(self.as_written)
        rv.addWidget(self.note)
        rv.addLayout(buttons)
        rv.addLayout(review)
        rv.addWidget(QLabel(tr("correct.audit")))
        rv.addWidget(self.audit)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer = QHBoxLayout(self)
        outer.addWidget(split)

        def key(seq, fn):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
        key("Ctrl+I", self.mark_illegible)
        key("Ctrl+Return", self.confirm_document)
        key("Ctrl+Enter", self.confirm_document)
        key("PgDown", lambda: self.show_page(self.page_index + 1))
        key("PgUp", lambda: self.show_page(self.page_index - 1))
        key("Ctrl+Z", self.undo.undo)
        key("Ctrl+Y", self.undo.redo)
        key("Ctrl+D", lambda: self.verify(True))
        key("Ctrl+K", self.double_key)
        key("Ctrl+W", self.page.fit_width)
        key("Ctrl+R", self.page.rotate_page)
        key("Ctrl++", lambda: self.page.zoom(1.25))
        key("Ctrl+-", lambda: self.page.zoom(0.8))
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for w in (self.value, self.as_written, self.note, self.confirm_btn, self.illegible_btn, self.doc_btn,
                  self.double_btn):
            w.setEnabled(on)
        self.teach_btn.setEnabled(bool(on and self.doc and self.doc["pages"]))
        sup = on and self.user.can("supervisor") and self.doc and self.doc["record"]["state"] == "corrected"
        self.approve_btn.setVisible(bool(sup))
        self.reject_btn.setVisible(bool(sup))

    # --- loading --------------------------------------------------------------------------------
    def open_record(self, record_id: int, keep_key: str | None = None) -> None:
        import time

        started = time.perf_counter()

        def done(doc):
            self._show(doc, keep_key)
            self.opened.emit(record_id, time.perf_counter() - started)
        self.backend.call(B.load_document, record_id, done=done, fail=self._error)

    def _show(self, doc: dict[str, Any], keep_key: str | None = None) -> None:
        self.doc = doc
        rec = doc["record"]
        if keep_key is None:
            self.undo.clear()
        state = tr(f"state.{rec['state']}")
        form = (doc.get("title") or rec["template_id"]) if language() == "vi" else rec["template_id"]
        head = f"#{rec['id']} · {form or tr('correct.unclassified')} · {state}"
        if rec.get("review_comment"):
            head += "\n" + tr("correct.comment", c=rec["review_comment"])
        if rec.get("needs_review"):
            head += "\n⚠ " + rec["needs_review"]
        self.header.setText(head)
        self.keys = sorted(rec["fields"], key=lambda k: (VISIT.get(rec["fields"][k]["status"], 9),
                                                          list(rec["fields"]).index(k)))
        self.fields.blockSignals(True)
        self.fields.clear()
        for k in self.keys:
            self.fields.addItem(self._item(k, rec["fields"][k]))
        self.fields.blockSignals(False)
        self.audit.clear()
        for a in reversed(doc["audit"]):
            self.audit.addItem(f"{a['user']} · {a['action']} · {a['field']}: {a['old']} → {a['new']}"
                               + (f" ({a['reason']})" if a["reason"] else ""))
        self._enable(True)
        self.show_page(0 if keep_key is None else self.page_index)
        row = self.keys.index(keep_key) if keep_key in self.keys else self._next_open(-1)
        self.fields.setCurrentRow(max(0, row))
        self._select_row(self.fields.currentRow())
        self.value.setFocus()

    def _item(self, key: str, f: dict) -> QListWidgetItem:
        name = field_label(key, (self.doc or {}).get("labels", {}))
        text = f"{name}: {f['value']}  [{tr('status.' + f['status'])}]" + (" ✎" if f.get("as_written") else "")
        item = QListWidgetItem(text)
        item.setBackground(QColor(STATUS_COLOURS.get(f["status"], "#ffffff")))
        return item

    def show_page(self, index: int) -> None:
        if not self.doc or not self.doc["pages"]:
            self.page.show_image(None, tr("correct.no_page", name="—"))
            return
        index = max(0, min(index, len(self.doc["pages"]) - 1))
        self.page_index = index
        p = self.doc["pages"][index]
        self.page.show_image(p["image"], tr("correct.no_page", name=p["name"]))
        left_out, tip = p.get("left_out", []), tr("correct.left_out_tip")
        self.page.show_left_out(left_out, tip)
        text = tr("correct.page", n=index + 1, total=len(self.doc["pages"]))
        if left_out:  # lines the engine did not take as text: a person looks, nothing is lost
            text += " · " + tr("correct.left_out", n=len(left_out))
        self.page_label.setText(text)
        self.page_label.setToolTip(tip if left_out else "")

    def _current(self) -> tuple[str, dict] | None:
        row = self.fields.currentRow()
        if not self.doc or row < 0 or row >= len(self.keys):
            return None
        key = self.keys[row]
        return key, self.doc["record"]["fields"][key]

    def _select_row(self, row: int) -> None:
        cur = self._current()
        if cur is None:
            return
        key, f = cur
        page_ids = [p["id"] for p in self.doc["pages"]]
        if f.get("page_id") in page_ids and page_ids.index(f["page_id"]) != self.page_index:
            self.show_page(page_ids.index(f["page_id"]))
        self.page.highlight(f.get("bbox"))
        crop = self.doc["crops"].get(key)
        if crop is not None:
            pm = QPixmap.fromImage(crop)
            self.crop.setPixmap(pm.scaledToHeight(min(90, max(40, pm.height() * 2)),
                                                  Qt.TransformationMode.SmoothTransformation))
        else:
            self.crop.setPixmap(QPixmap())
            self.crop.setText(tr("correct.no_crop"))
        self.second.setText(tr("correct.second", v=f["second_reading"]) if f.get("second_reading") else "")
        self.value.setText(f["value"])
        self.as_written.setChecked(bool(f.get("as_written")))
        self.note.setText(f.get("note", ""))
        self.problem.setText("; ".join(tr_field_message(m) for m in f.get("messages") or []))

    def _next_open(self, after: int, fields: dict | None = None) -> int:
        """Row of the next field still to check after row ``after`` (wrapping), or -1."""
        fields = fields or self.doc["record"]["fields"]
        n = len(self.keys)
        for step in range(1, n + 1):
            i = (after + step) % n
            if fields[self.keys[i]]["status"] in ("uncertain", "proposed"):
                return i
        return -1

    # --- actions --------------------------------------------------------------------------------
    def confirm_field(self) -> None:
        cur = self._current()
        if cur is None:
            return
        key, f = cur
        value = self.value.text()
        kind = self.doc["types"].get(key)
        normalized = None
        if kind and value.strip():
            parsed = parse(kind, value)
            if not parsed.ok and not self.as_written.isChecked():
                self.problem.setText(tr("correct.invalid", msg="; ".join(tr_field_message(m)
                                                                         for m in parsed.messages)))
                return
            normalized = parsed.normalized or value
        self._change(key, f, {"value": value, "status": "confirmed", "as_written": self.as_written.isChecked(),
                              "note": self.note.text(), "normalized": normalized})

    def mark_illegible(self) -> None:
        cur = self._current()
        if cur is None:
            return
        key, f = cur
        self._change(key, f, {"value": self.value.text(), "status": "illegible", "as_written": False,
                              "note": self.note.text()})

    def _change(self, key: str, f: dict, after: dict) -> None:
        before = {"value": f["value"], "status": f["status"] if f["status"] != "proposed" else "uncertain",
                  "as_written": bool(f.get("as_written")), "note": f.get("note", "")}
        self._save(key, after, push=True, before=before)

    def _save(self, key: str, values: dict, push: bool, before: dict | None = None) -> None:
        rec = self.doc["record"]
        current_row = self.fields.currentRow()

        def done(version):
            rec["version"] = version
            if push:
                self.undo.push(_FieldChange(self, key, before, values))
            nxt = self._next_after_save(key, values["status"], current_row)
            self.message.emit(tr("correct.saved"))
            self.open_record(rec["id"], keep_key=nxt)
        self.backend.call(B.set_field, self.user, rec["id"], key, rec["version"], dict(values), done=done,
                          fail=self._error)

    def _next_after_save(self, key: str, status: str, row: int) -> str:
        fields = dict(self.doc["record"]["fields"])
        fields[key] = {**fields[key], "status": status}  # as saved
        i = self._next_open(row, fields)
        return self.keys[i] if i >= 0 else key

    def confirm_document(self) -> None:
        if not self.doc:
            return
        rec = self.doc["record"]

        def done(version):
            self.message.emit(tr("correct.doc_done"))
            self.changed.emit()
            self.open_record(rec["id"])
        self.backend.call(B.confirm_record, self.user, rec["id"], rec["version"], done=done, fail=self._error)

    def double_key(self, values: dict[str, str] | None = None) -> None:
        """A second clerk keys the ID numbers and names again, blind; mismatches go to a supervisor."""
        from ..storage.review import Review

        if not self.doc:
            return
        keys = [k for k in self.doc["record"]["fields"] if k in Review.DOUBLE_KEYED]
        if not keys:
            return
        if values is None:
            dlg = QDialog(self)
            dlg.setWindowTitle(tr("double.button"))
            form = QFormLayout(dlg)
            form.addRow(QLabel(tr("double.title")))
            edits = {k: QLineEdit() for k in keys}
            for k, e in edits.items():
                form.addRow(k, e)
            box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
            box.accepted.connect(dlg.accept)
            box.rejected.connect(dlg.reject)
            form.addRow(box)
            if not dlg.exec():
                return
            values = {k: e.text() for k, e in edits.items()}
        rid = self.doc["record"]["id"]

        def done(mismatched):
            self.message.emit(tr("double.mismatch", keys=", ".join(mismatched)) if mismatched
                              else tr("double.match"))
            self.changed.emit()
            self.open_record(rid)
        self.backend.call(B.double_key, self.user, rid, values, done=done, fail=self._error)

    def verify(self, approve: bool, comment: str | None = None) -> None:
        if not self.doc or not self.approve_btn.isVisible():
            return
        rec = self.doc["record"]
        if not approve and comment is None:
            comment, ok = QInputDialog.getText(self, tr("verify.reject"), tr("verify.reason"))
            if not ok:
                return

        def done(version):
            self.message.emit(tr("verify.done" if approve else "verify.rejected"))
            self.changed.emit()
            self.open_record(rec["id"])
        self.backend.call(B.verify_record, self.user, rec["id"], rec["version"], approve, comment or "",
                          done=done, fail=self._error)

    def teach(self) -> None:
        """Teach mode on the page shown (supervisors and administrators only)."""
        if not self.user.can("supervisor") or not self.doc or not self.doc["pages"]:
            return
        from .teach import TeachDialog

        self.teach_dialog = TeachDialog(self.backend, self.user, self.doc["pages"][self.page_index]["id"], self)
        self.teach_dialog.saved.connect(lambda _r: self.changed.emit())
        self.teach_dialog.show()

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, Conflict):
            self.message.emit(tr("correct.conflict"))
            if self.doc:
                self.open_record(self.doc["record"]["id"])
            return
        text = getattr(exc, "message", None) or f"{type(exc).__name__}"
        hint = getattr(exc, "hint", "")
        self.problem.setText(text + (f" → {hint}" if hint else ""))
        self.message.emit(text)
