"""The Scan view: book session facts, device and profile, live count, last-page preview,
rescan / insert / mark buttons. SANE and the files run on the view's own worker thread
(a second ``Backend``), so a long feeder batch never freezes the window; Cancel is
thread-safe and keeps the pages already scanned."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from ..ingest import scanning as S
from . import backend as B
from .i18n import tr


def _devices(ws) -> list[str]:
    return [d.name for d in S.list_devices()]


def _profiles(ws) -> list[tuple[str, str, list[str]]]:
    return [(p.name, p.label, p.warnings()) for p in S.load_profiles(ws).values()]


class ScanView(QWidget):
    def __init__(self, root: Path, user) -> None:
        super().__init__()
        self.user = user
        self.backend = B.Backend(root)  # its own thread: scanning may take minutes
        self.backend.events.connect(self._on_event)
        self.session_id: int | None = None
        self.scanner: S.Scanner | None = None
        self.device = QComboBox()
        self.profile = QComboBox()
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self.office, self.rtype, self.volume, self.year = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.family = QComboBox()
        for fam in ("civil_status", "land", "procedure_result"):
            self.family.addItem(tr(f"family.{fam}"), fam)
        self.first, self.last = QSpinBox(), QSpinBox()
        for sb in (self.first, self.last):
            sb.setRange(1, 9999)
        form = QFormLayout()
        form.addRow(tr("scan.device"), self.device)
        form.addRow(tr("scan.profile"), self.profile)
        form.addRow(tr("scan.family"), self.family)
        form.addRow(tr("batches.office"), self.office)
        form.addRow(tr("batches.book"), self.rtype)
        form.addRow(tr("batches.volume"), self.volume)
        form.addRow(tr("batches.year"), self.year)
        pages = QHBoxLayout()
        pages.addWidget(self.first)
        pages.addWidget(QLabel("–"))
        pages.addWidget(self.last)
        form.addRow(tr("scan.pages"), pages)
        self.warning = QLabel("")
        self.warning.setStyleSheet("color:#b00020;")
        self.warning.setWordWrap(True)
        self.start_btn = QPushButton(tr("scan.start"))
        self.start_btn.clicked.connect(self.start_session)
        self.scan_btn = QPushButton(tr("scan.scan"))
        self.scan_btn.clicked.connect(lambda: self.scan())
        self.cancel_btn = QPushButton(tr("scan.cancel"))
        self.cancel_btn.clicked.connect(self.cancel)
        self.page_no = QSpinBox()
        self.page_no.setRange(1, 9999)
        self.rescan_btn = QPushButton(tr("scan.rescan"))
        self.rescan_btn.clicked.connect(lambda: self.scan("rescan"))
        self.insert_btn = QPushButton(tr("scan.insert"))
        self.insert_btn.clicked.connect(lambda: self.scan("insert"))
        self.missing_btn = QPushButton(tr("scan.missing"))
        self.missing_btn.clicked.connect(self.mark_missing)
        self.count = QLabel("")
        self.count.setWordWrap(True)
        self.preview = QLabel(tr("scan.no_preview"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 420)
        self.preview.setStyleSheet("background:#fafafa;border:1px solid #aaa;")
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.warning)
        row1 = QHBoxLayout()
        for w in (self.start_btn, self.scan_btn, self.cancel_btn):
            row1.addWidget(w)
        left.addLayout(row1)
        row2 = QHBoxLayout()
        for w in (QLabel(tr("scan.page")), self.page_no, self.rescan_btn, self.insert_btn, self.missing_btn):
            row2.addWidget(w)
        left.addLayout(row2)
        left.addWidget(self.count)
        left.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 1)
        outer.addWidget(self.preview, 1)
        self._busy(False)
        ok, why = S.available()
        if not ok:
            self.warning.setText(why)
            self.start_btn.setEnabled(False)
            return
        self.backend.call(_devices, done=self._fill_devices, fail=self._error)
        self.backend.call(_profiles, done=self._fill_profiles, fail=self._error)

    def _fill_devices(self, names: list[str]) -> None:
        self.device.clear()
        self.device.addItems(names)
        if not names:
            self.warning.setText(tr("scan.no_device"))

    def _fill_profiles(self, rows) -> None:
        self._profile_rows = rows
        self.profile.clear()
        for name, label, _ in rows:
            self.profile.addItem(label, name)

    def _profile_changed(self, i: int) -> None:
        rows = getattr(self, "_profile_rows", [])
        if 0 <= i < len(rows):
            self.warning.setText("; ".join(rows[i][2]))

    def _busy(self, busy: bool) -> None:
        has = self.session_id is not None
        self.start_btn.setEnabled(not busy)
        for w in (self.scan_btn, self.rescan_btn, self.insert_btn, self.missing_btn):
            w.setEnabled(has and not busy)
        self.cancel_btn.setEnabled(busy)

    # --- actions --------------------------------------------------------------------------------
    def start_session(self) -> None:
        book = S.Book(self.office.text(), self.rtype.text(), self.volume.text(), self.year.text(),
                      self.first.value(), max(self.first.value(), self.last.value()), self.family.currentData())
        if not book.office.strip() or not book.record_type.strip():
            self.warning.setText(tr("scan.need_book"))
            return
        profile, device, operator = self.profile.currentData(), self.device.currentText(), self.user.name

        def start(ws):
            p = S.load_profiles(ws)[profile]
            return S.BookSession.start(ws, book, p, device, operator).id

        def done(sid):
            self.session_id = sid
            self._busy(False)
            self._refresh()
        self.backend.call(start, done=done, fail=self._error)

    def scan(self, how: str = "next") -> None:
        sid, profile, device, operator, page = (self.session_id, self.profile.currentData(),
                                                self.device.currentText(), self.user.name, self.page_no.value())
        emit = self.backend.emit_event

        def run(ws):
            p = S.load_profiles(ws)[profile]
            session = S.BookSession(ws, sid)
            self.scanner = S.Scanner(device)

            def on_page(n, name):
                img = QImage(str(ws.inbox / session.info["batch"] / name))
                emit({"event": "scanned", "page": n, "image": None if img.isNull() else img})
            try:
                if how == "rescan":
                    return session.rescan(self.scanner, p, operator, page)
                if how == "insert":
                    return session.insert(self.scanner, p, operator, page)
                return session.scan(self.scanner, p, operator, on_page=on_page)
            finally:
                self.scanner.close()

        self._busy(True)
        self.backend.call(run, done=lambda pages: (self._busy(False), self._refresh()),
                          fail=lambda e: (self._busy(False), self._error(e), self._refresh()))

    def cancel(self) -> None:
        if self.scanner is not None:
            self.scanner.cancel()  # thread-safe

    def mark_missing(self) -> None:
        sid, page, operator = self.session_id, self.page_no.value(), self.user.name
        self.backend.call(lambda ws: S.BookSession(ws, sid).mark(page, "missing", operator),
                          done=lambda _: self._refresh(), fail=self._error)

    def _refresh(self) -> None:
        sid = self.session_id
        if sid is not None:
            self.backend.call(lambda ws: S.BookSession(ws, sid).status(), done=self._show_status)

    def _show_status(self, st: S.SessionStatus) -> None:
        self.status = st
        gaps = ", ".join(map(str, st.gaps[:20])) + ("…" if len(st.gaps) > 20 else "")
        self.count.setText(tr("scan.count", scanned=st.scanned, expected=st.expected, missing=st.missing_marked,
                              superseded=st.superseded, next=st.next_page) + (f"\n{tr('scan.gaps')}: {gaps}"
                                                                              if gaps else ""))
        self.page_no.setValue(st.next_page)

    def _on_event(self, ev: dict) -> None:
        if ev.get("event") == "scanned":
            if ev.get("image") is not None:
                pm = QPixmap.fromImage(ev["image"])
                self.preview.setPixmap(pm.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
            self._refresh()

    def _error(self, exc: BaseException) -> None:
        text = getattr(exc, "message", None) or type(exc).__name__
        hint = getattr(exc, "hint", "")
        self.warning.setText(text + (f" → {hint}" if hint else ""))

    def close_backend(self) -> None:
        self.cancel()
        self.backend.close()
