"""Teach mode: a supervisor defines a new form on the page on screen.

Per field, three actions: choose the field key (the family's keys with their printed labels,
or type a new one), click the label on the page (the whole label up to its colon is taken
from one word) or drag a box around the value, press "Thêm trường" (Add field). The lines
printed in capitals are offered as title cues. Saving writes an ordinary template file in the
workspace's ``templates/`` folder (audited) and reads the batch's pages again in the
background, reporting how many the new template now reads. Nothing here reads the store or runs OCR:
the page's layout comes from the ``Backend``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGraphicsRectItem, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QRadioButton, QSplitter, QVBoxLayout,
                               QWidget)

from ..extraction import teach as T
from ..extraction.templates import FIELD_TYPES
from . import backend as B
from .i18n import tr
from .page_view import PageView

FAMILIES = ("civil_status", "land", "procedure_result")


class TeachPageView(PageView):
    """The page: a click picks the label under the pointer; a drag draws a box (scene pixels)."""

    clicked = Signal(QPointF)
    boxed = Signal(QRectF)

    def __init__(self) -> None:
        super().__init__()
        self.setDragMode(PageView.DragMode.NoDrag)
        self._press: QPointF | None = None
        self._rubber = QGraphicsRectItem()
        self._rubber.setPen(QPen(QColor("#1f77b4"), 4))
        self._rubber.setBrush(QBrush(QColor(31, 119, 180, 40)))
        self._rubber.setZValue(3)
        self.scene().addItem(self._rubber)
        self._rubber.hide()
        self._marks: list[QGraphicsRectItem] = []

    def mark(self, boxes: list[tuple[str, list[int]]]) -> None:
        """Outline boxes on the page: (colour, [x0, y0, x1, y1]) each."""
        for m in self._marks:
            self.scene().removeItem(m)
        self._marks = []
        for colour, (x0, y0, x1, y1) in boxes:
            item = QGraphicsRectItem(QRectF(x0 - 3, y0 - 3, x1 - x0 + 6, y1 - y0 + 6))
            item.setPen(QPen(QColor(colour), 3))
            item.setZValue(2)
            self.scene().addItem(item)
            self._marks.append(item)
        self._rubber.hide()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self.fit_width()  # the dialog opens small and grows: keep the whole width in view

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self.mapToScene(event.position().toPoint())
            self._rubber.setRect(QRectF(self._press, self._press))
            self._rubber.show()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt)
        if self._press is not None:
            self._rubber.setRect(QRectF(self._press, self.mapToScene(event.position().toPoint())).normalized())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt)
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            end = self.mapToScene(event.position().toPoint())
            rect = QRectF(self._press, end).normalized()
            self._press = None
            if rect.width() < 8 and rect.height() < 8:
                self._rubber.hide()
                self.clicked.emit(end)
            else:
                self.boxed.emit(rect)
        super().mouseReleaseEvent(event)


class TeachDialog(QDialog):
    """Teach a new form from the page on screen (supervisors and administrators)."""

    saved = Signal(dict)

    def __init__(self, backend: B.Backend, user, page_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend, self.user, self.page_id = backend, user, page_id
        self.data: dict[str, Any] | None = None
        self.taught: list[dict] = []
        self.pending: dict | None = None  # the label or box picked for the current field
        self.setWindowTitle(tr("teach.title"))
        self.resize(1200, 800)
        self._build()
        self.backend.events.connect(self._on_event)
        self.backend.call(B.page_for_teaching, page_id, done=self._loaded, fail=self._error)

    def _build(self) -> None:
        self.page = TeachPageView()
        self.page.clicked.connect(self._clicked)
        self.page.boxed.connect(self._boxed)
        right = QWidget()
        form = QFormLayout()
        self.family = QComboBox()
        for fam in FAMILIES:
            self.family.addItem(tr(f"family.{fam}"), fam)
        self.family.currentIndexChanged.connect(self._fill_keys)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("teach.name_hint"))
        form.addRow(tr("teach.family"), self.family)
        form.addRow(tr("teach.name"), self.name)
        self.cues = QListWidget()
        self.cues.setMaximumHeight(110)
        self.key = QComboBox()
        self.key.setEditable(True)
        self.key.currentIndexChanged.connect(self._key_chosen)
        self.key.editTextChanged.connect(self._key_typed)
        self.type = QComboBox()
        self.type.addItems(FIELD_TYPES)
        self.by_label = QRadioButton(tr("teach.by_label"))
        self.by_box = QRadioButton(tr("teach.by_box"))
        self.by_label.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.by_label)
        mode.addButton(self.by_box)
        modes = QHBoxLayout()
        modes.addWidget(self.by_label)
        modes.addWidget(self.by_box)
        self.picked = QLabel(tr("teach.pick"))
        self.picked.setWordWrap(True)
        self.add_btn = QPushButton(tr("teach.add"))
        self.add_btn.clicked.connect(self.add_field)
        self.fields = QListWidget()
        remove = QPushButton(tr("teach.remove"))
        remove.clicked.connect(self._remove)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.save_btn = self.buttons.addButton(tr("teach.save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("dialog.close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        rv = QVBoxLayout(right)
        rv.addLayout(form)
        rv.addWidget(QLabel(tr("teach.cues")))
        rv.addWidget(self.cues)
        fl = QFormLayout()
        fl.addRow(tr("teach.key"), self.key)
        fl.addRow(tr("teach.type"), self.type)
        rv.addLayout(fl)
        rv.addLayout(modes)
        rv.addWidget(self.picked)
        rv.addWidget(self.add_btn)
        rv.addWidget(QLabel(tr("teach.fields")))
        rv.addWidget(self.fields, 1)
        rv.addWidget(remove)
        rv.addWidget(self.status)
        rv.addWidget(self.buttons)
        right.setMaximumWidth(520)
        self.page.setMinimumWidth(480)
        split = QSplitter()
        split.addWidget(self.page)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        QHBoxLayout(self).addWidget(split)

    # --- loading ------------------------------------------------------------------------------
    def _loaded(self, data: dict[str, Any]) -> None:
        self.data = data
        self.page.show_image(data["image"], tr("correct.no_page", name="—"))
        title = T.likely_title(data["titles"])
        for line in data["titles"]:
            item = QListWidgetItem(line)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if line == title else Qt.CheckState.Unchecked)
            self.cues.addItem(item)
        if data["layout"] is None:
            self.status.setText(tr("teach.no_layout"))
            self.save_btn.setEnabled(False)
        self._fill_keys()

    def _fill_keys(self) -> None:
        self.key.blockSignals(True)
        self.key.clear()
        fam = self.family.currentData()
        for k in (self.data or {}).get("catalogue", {}).get(fam, []):
            self.key.addItem(f"{k.key} — {k.label}", k)
        self.key.setCurrentIndex(-1)
        self.key.blockSignals(False)

    def choose_key(self, key: str) -> None:
        """Select a field key (as a click in the list would); an unknown key is typed in."""
        for i in range(self.key.count()):
            if self.key.itemData(i) is not None and self.key.itemData(i).key == key:
                self.key.setCurrentIndex(i)
                return
        self.key.setEditText(key)

    def _key_chosen(self, index: int) -> None:
        known = self.key.itemData(index)
        if known is not None:
            self.type.setCurrentText(known.type)

    def _key_typed(self, text: str) -> None:
        """A typed key takes the type the templates suggest (``document_number`` as the procedure
        results have it, ``residence`` a place like ``husband_residence``), else plain text —
        never the previous field's type."""
        key = text.split("—")[0].strip()
        known = [k for fam in (self.data or {}).get("catalogue", {}).values() for k in fam]
        self.type.setCurrentText(T.guess_type(key, known))

    def _current_key(self) -> str:
        data = self.key.currentData()
        if data is not None and self.key.currentText() == self.key.itemText(self.key.currentIndex()):
            return data.key
        return self.key.currentText().split("—")[0].strip()

    # --- picking on the page ------------------------------------------------------------------
    def _clicked(self, point: QPointF) -> None:
        if not self.data or not self.data["layout"]:
            return
        hit = T.word_at(self.data["layout"], point.x(), point.y())
        if hit is None:
            self.picked.setText(tr("teach.nothing_here"))
            return
        line, word = hit
        words = T.label_words(line, word)
        label = T.label_text(self.data["layout"], words)
        self.by_label.setChecked(True)
        self.pending = {"label": label, "marks": [w.bbox.as_list() for w in words]}
        self._show_marks()
        self.picked.setText(tr("teach.label_picked", label=label))

    def _boxed(self, rect: QRectF) -> None:
        box = [int(rect.left()), int(rect.top()), int(rect.right()), int(rect.bottom())]
        self.by_box.setChecked(True)
        self.pending = {"box": box, "marks": [box]}
        self._show_marks()
        self.picked.setText(tr("teach.box_picked", box=", ".join(map(str, box))))

    def add_field(self) -> None:
        key = self._current_key()
        if not key or not T.valid_key(key):
            self.status.setText(tr("teach.need_key"))
            return
        if self.pending is None:
            self.status.setText(tr("teach.need_pick"))
            return
        if any(f["key"] == key for f in self.taught):
            self.taught = [f for f in self.taught if f["key"] != key]  # taught again: the new one
        field = {"key": key, "type": self.type.currentText(), **self.pending}
        self.taught.append(field)
        self.pending = None
        self._show_fields()
        self.status.setText(tr("teach.added", field=key, n=len(self.taught)))

    def _show_marks(self) -> None:
        """Taught fields in green, the label or box just picked in blue."""
        marks = [("#2ca02c", b) for f in self.taught for b in f["marks"]]
        marks += [("#1f77b4", b) for b in (self.pending or {}).get("marks", [])]
        self.page.mark(marks)

    def _show_fields(self) -> None:
        self._show_marks()
        self.fields.clear()
        for f in self.taught:
            how = tr("teach.how_label", label=f["label"]) if "label" in f else tr("teach.how_box")
            self.fields.addItem(f"{f['key']} ({f['type']}): {how}")

    def _remove(self) -> None:
        row = self.fields.currentRow()
        if 0 <= row < len(self.taught):
            del self.taught[row]
            self._show_fields()

    def title_cues(self) -> list[str]:
        return [self.cues.item(i).text() for i in range(self.cues.count())
                if self.cues.item(i).checkState() == Qt.CheckState.Checked]

    # --- saving -------------------------------------------------------------------------------
    def save(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            self.status.setText(tr("teach.need_name"))
            return
        if not self.title_cues():
            self.status.setText(tr("teach.need_cue"))
            return
        if not self.taught:
            self.status.setText(tr("teach.need_field"))
            return
        self.save_btn.setEnabled(False)
        self.status.setText(tr("teach.saving"))

        def progress(done: int, total: int) -> None:
            self.backend.emit_event({"event": "teach_progress", "done": done, "total": total})
        self.backend.call(B.teach_template, self.user, self.page_id, self.family.currentData(), name,
                          self.title_cues(), [{k: v for k, v in f.items() if k != "marks"} for f in self.taught],
                          self.data["batch"] if self.data else None,
                          progress, done=self._saved, fail=self._error)

    def _on_event(self, ev: dict) -> None:
        if ev.get("event") == "teach_progress":
            self.status.setText(tr("teach.rereading", done=ev["done"], total=ev["total"]))

    def _saved(self, result: dict) -> None:
        self.result_counts = result
        self.status.setText(tr("teach.done", id=result["template"], v=result["version"],
                               n=result["read_with_template"], before=result["unclassified_before"],
                               after=result["unclassified_after"]))
        self.save_btn.setEnabled(True)
        self.saved.emit(result)

    def _error(self, exc: BaseException) -> None:
        self.save_btn.setEnabled(True)
        hint = getattr(exc, "hint", "")
        self.status.setText(tr("teach.error", msg=str(exc).splitlines()[0]) + (f" — {hint}" if hint else ""))
