"""The batch cover sheet's fields (File → Print a batch cover sheet…)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from .i18n import tr

FAMILIES = (("civil_status", "Hộ tịch / Civil status"), ("land", "Đất đai / Land"),
            ("procedure_result", "Kết quả TTHC / Procedure results"))


class CoverDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("cover.title"))
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key in ("batch", "office", "office_code"):
            self.edits[key] = QLineEdit()
            form.addRow(tr("cover." + key), self.edits[key])
        self.family = QComboBox()
        for value, label in FAMILIES:
            self.family.addItem(label, value)
        form.addRow(tr("cover.family"), self.family)
        for key in ("book_type", "volume", "year"):
            self.edits[key] = QLineEdit()
            form.addRow(tr("cover." + key), self.edits[key])
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        out = {k: e.text().strip() for k, e in self.edits.items()}
        out["family"] = self.family.currentData()
        return out

    def _accept(self) -> None:
        v = self.values()
        missing = [tr("cover." + k) for k in ("batch", "office", "office_code", "year") if not v[k]]
        if not missing and not (v["year"].isdigit() and len(v["year"]) == 4):
            missing = [tr("cover.year") + " (YYYY)"]
        if missing:
            self.error.setText(tr("cover.missing", what=", ".join(missing)))
            return
        self.accept()
