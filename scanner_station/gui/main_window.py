"""The main window: batches and documents, correction, verification queue, search.

Lists refresh from ``Backend.overview`` on a timer and after each change; the inbox
watcher and pipeline run in this process when it holds the workspace's processing
lock (otherwise another program — ``scanner-station watch`` — processes and the app
only shows progress). Nothing here touches the store or files directly.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QMainWindow, QMessageBox, QProgressBar, QPushButton, QSpinBox, QSplitter, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from . import backend as B
from .correction import CorrectionView
from .i18n import language, show_date, tr


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    # sized once per change (ResizeToContents would re-measure every column on every cell set)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setVisible(False)
    return t


def _fill(table: QTableWidget, rows: list[list[Any]], ids: list[int] | None = None) -> bool:
    """Show ``rows``; only cells that changed are touched (a refresh every few seconds must not
    stall typing). Returns whether anything changed."""
    texts = [["" if v is None else str(v) for v in row] for row in rows]
    if getattr(table, "_shown", None) == (texts, ids):
        return False
    old = getattr(table, "_shown", ([], None))[0]
    table.setUpdatesEnabled(False)
    try:
        table.setRowCount(len(rows))
        for r, row in enumerate(texts):
            if r < len(old) and old[r] == row and (ids is None or table.item(r, 0).data(
                    Qt.ItemDataRole.UserRole) == ids[r]):
                continue
            for c, v in enumerate(row):
                item = QTableWidgetItem(v)
                if ids is not None and c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, ids[r])
                table.setItem(r, c, item)
        if len(texts) != len(old):
            table.resizeColumnsToContents()
    finally:
        table.setUpdatesEnabled(True)
    table._shown = (texts, ids)
    return True


class _EnterOpens(QObject):
    """Enter on a table row opens it (keyboard-first)."""

    def __init__(self, table: QTableWidget, fn) -> None:
        super().__init__(table)
        self.table, self.fn = table, fn
        table.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.fn()
            return True
        return False


class MainWindow(QMainWindow):
    def __init__(self, backend: B.Backend, user, processing,
                 on_lock=None, on_language=None, processing_wanted: bool = True) -> None:
        super().__init__()
        self.backend, self.user, self.processing = backend, user, processing
        self.on_lock, self.on_language = on_lock, on_language
        self.setWindowTitle(f"{tr('app.title')} — {user.display_name} ({tr('role.' + user.role)})")
        self.resize(1400, 900)
        self.pages_done = 0
        self.data: dict[str, Any] = {}
        self._build_menu()
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self._build_batches()
        self.correction = CorrectionView(backend, user)
        self.correction.message.connect(self.statusBar().showMessage)
        self.correction.changed.connect(self.refresh)
        self.tabs.addTab(self.correction, tr("tab.correct"))
        self._build_verify()
        self._build_search()
        from .scan_view import ScanView
        self.scan_view = ScanView(backend.root, user)
        self.tabs.addTab(self.scan_view, tr("tab.scan"))
        self.progress_label = QLabel(tr("processing.idle") if processing else
                                     tr("processing.attached") if processing_wanted else tr("processing.off"))
        self.statusBar().addPermanentWidget(self.progress_label)
        self.backup_label = QLabel("")
        self.backup_label.setStyleSheet("color: #b00020")
        self.statusBar().addPermanentWidget(self.backup_label)
        if user.can("admin"):  # remind the admin when the last backup is older than a week
            backend.call(B.backup_state, done=self._show_backup_state)
        backend.events.connect(self._on_event)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(3000)
        self._soon = QTimer(self)  # processing events arrive in bursts: one refresh per burst
        self._soon.setSingleShot(True)
        self._soon.setInterval(500)
        self._soon.timeout.connect(self.refresh)
        self.refresh()

    # --- menu -----------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        m = self.menuBar().addMenu(tr("menu.file"))
        self.demo_action = QAction(tr("menu.demo"), self)
        self.demo_action.triggered.connect(self.add_demo)
        m.addAction(self.demo_action)
        if self.user.can("admin"):
            users = QAction(tr("menu.users"), self)
            users.triggered.connect(self._add_user)
            m.addAction(users)
            self.backup_action = QAction(tr("menu.backup"), self)
            self.backup_action.triggered.connect(self._backup)
            m.addAction(self.backup_action)
        self.open_package_action = QAction(tr("menu.open_package"), self)
        self.open_package_action.triggered.connect(lambda: self._open_package())
        m.addAction(self.open_package_action)
        sheets = QAction(tr("menu.separator"), self)
        sheets.triggered.connect(self._print_separator)
        m.addAction(sheets)
        cover = QAction(tr("menu.cover"), self)
        cover.triggered.connect(self._print_cover)
        m.addAction(cover)
        lock = QAction(tr("menu.lock"), self)
        lock.setShortcut("Ctrl+L")
        lock.triggered.connect(lambda: self.on_lock and self.on_lock())
        m.addAction(lock)
        quit_ = QAction(tr("menu.quit"), self)
        quit_.triggered.connect(self.close)
        m.addAction(quit_)
        lm = self.menuBar().addMenu(tr("menu.language"))
        group = QActionGroup(self)
        for code, label in (("vi", "Tiếng Việt"), ("en", "English")):
            a = QAction(label, self, checkable=True)
            a.setChecked(language() == code)
            a.triggered.connect(lambda _=False, c=code: self.on_language and self.on_language(c))
            group.addAction(a)
            lm.addAction(a)

    # --- batches & documents --------------------------------------------------------------------
    def _build_batches(self) -> None:
        w = QWidget()
        v = QVBoxLayout(w)
        self.batch_table = _table([tr("batches.batch"), tr("batches.office"), tr("batches.book"),
                                   tr("batches.volume"), tr("batches.year"), tr("batches.progress")])
        self.batch_table.itemSelectionChanged.connect(self._show_records)
        self.batch_bars: list[QProgressBar] = []
        self.record_table = _table([tr("col.id"), tr("col.file"), tr("col.form"), tr("col.state"), tr("col.open"),
                                    tr("col.by")])
        self.record_table.doubleClicked.connect(self._open_selected)
        _EnterOpens(self.record_table, self._open_selected)
        self.error_list = QListWidget()
        self.error_list.itemActivated.connect(self._show_error)
        self.cancel_btn = QPushButton(tr("batches.cancel"))
        self.cancel_btn.clicked.connect(self._toggle_processing)
        self.cancel_btn.setEnabled(self.processing is not None)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.batch_table)
        split.addWidget(self.record_table)
        low = QWidget()
        lv = QVBoxLayout(low)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(tr("batches.errors")))
        lv.addWidget(self.error_list)
        split.addWidget(low)
        split.setStretchFactor(1, 3)
        v.addWidget(split)
        h = QHBoxLayout()
        h.addStretch(1)
        h.addWidget(self.cancel_btn)
        v.addLayout(h)
        self.tabs.addTab(w, tr("tab.batches"))

    def refresh(self) -> None:
        if self.backend.pending > 3:  # the worker is busy: skip this tick rather than queue up
            return
        self.backend.call(B.overview, done=self._apply_overview)
        self.backend.call(B.verification_queue, done=self._apply_queue)

    def _apply_overview(self, data: dict[str, Any]) -> None:
        self.data = data
        rows = [[b["name"], b["office"], b["book_type"], b["volume"], b["year"], ""] for b in data["batches"]]
        _fill(self.batch_table, rows)
        for r, b in enumerate(data["batches"]):
            if b.get("note"):  # e.g. the cover sheet disagreed with the folder's batch.toml
                item = self.batch_table.item(r, 0)
                item.setText("⚠ " + b["name"])
                item.setToolTip(b["note"])
            bar = self.batch_table.cellWidget(r, 5)
            if bar is None:
                bar = QProgressBar()
                self.batch_table.setCellWidget(r, 5, bar)
            bar.setMaximum(max(1, b["pages"]))
            bar.setValue(b["pages_done"])
            bar.setFormat(f"{b['pages_done']}/{b['pages']}" + (f" ⚠{b['files_failed']}" if b["files_failed"] else ""))
        self._show_records()
        if hasattr(self, "sample_batch"):
            names = [b["name"] for b in data["batches"]]
            if names != [self.sample_batch.itemText(i) for i in range(self.sample_batch.count())]:
                self.sample_batch.clear()
                self.sample_batch.addItems(names)
        errors = [f"[{e['kind']}] {e['name']}: {e['reason']}" for e in data["errors"]]
        if errors != [self.error_list.item(i).text() for i in range(self.error_list.count())]:
            self.error_list.clear()
            self.error_list.addItems(errors)
        if self.processing:
            self.progress_label.setText(tr("processing.busy", pages=self.pages_done, queued=data["queued_pages"])
                                        if data["queued_pages"] else tr("processing.idle"))

    def _show_records(self) -> None:
        if not self.data:
            return
        row = self.batch_table.currentRow()
        batch = self.data["batches"][row]["name"] if 0 <= row < len(self.data["batches"]) else None
        recs = [r for r in self.data["records"] if batch is None or r["batch"] == batch]
        rows = [[r["id"], r["original_name"], r["template_id"] or "—",
                 tr(f"state.{r['state']}") + (f" · {tr('state.exported')}" if r.get("exported_package") else ""),
                 r["open_fields"], r["confirmed_by"] or ""] for r in recs]
        pend = [f for f in self.data["pending_files"] if batch is None or f["batch"] == batch]
        rows += [["", f["original_name"], "", tr("state.ocr" if f["state"] == "processing" else "state.queued"),
                  "", ""] for f in pend]
        _fill(self.record_table, rows, [r["id"] for r in recs] + [0] * len(pend))

    def _open_selected(self) -> None:
        row = self.record_table.currentRow()
        item = self.record_table.item(row, 0) if row >= 0 else None
        rid = item.data(Qt.ItemDataRole.UserRole) if item else None
        if rid:
            self.open_record(int(rid))

    def open_record(self, record_id: int) -> None:
        self.tabs.setCurrentWidget(self.correction)
        self.correction.open_record(record_id)

    def _show_error(self, item) -> None:
        QMessageBox.information(self, tr("batches.errors"), item.text())

    def _toggle_processing(self) -> None:
        if self.processing is None:
            return
        if self.processing.stopped:
            self.processing.start()
            self.cancel_btn.setText(tr("batches.cancel"))
        else:
            self.processing.request_stop()  # the UI does not wait for the pages in flight
            self.cancel_btn.setText(tr("batches.resume"))
            self.progress_label.setText(tr("processing.stopped"))

    def _on_event(self, event: dict) -> None:
        if event.get("event") in ("disk_full", "disk_ok"):
            self.statusBar().showMessage(tr("disk.full" if event["event"] == "disk_full" else "disk.ok"))
        if event.get("event") == "page_done":
            self.pages_done += 1
        if event.get("event") in ("records", "page_failed", "intake") and not self._soon.isActive():
            self._soon.start()

    def add_demo(self) -> None:
        self.backend.call(B.add_demo_batch, done=lambda n: (self.statusBar().showMessage(tr("demo.added", n=n)),
                                                             self.refresh()))

    def _print_separator(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog
        path = path or QFileDialog.getSaveFileName(self, tr("menu.separator"), "to-phan-cach.pdf", "PDF (*.pdf)")[0]
        if path:
            self.backend.call(B.write_sheet, "separator", path, {},
                              done=lambda p: self.statusBar().showMessage(tr("sheet.saved", path=p)))

    def _print_cover(self, values: dict | None = None, path: str | None = None) -> None:
        from .sheets_dialog import CoverDialog
        if values is None:
            dlg = CoverDialog(self)
            if not dlg.exec():
                return
            values = dlg.values()
        from PySide6.QtWidgets import QFileDialog
        path = path or QFileDialog.getSaveFileName(self, tr("menu.cover"), "to-bia-lo.pdf", "PDF (*.pdf)")[0]
        if path:
            self.backend.call(B.write_sheet, "cover", path, values,
                              done=lambda p: self.statusBar().showMessage(tr("sheet.saved", path=p)),
                              fail=lambda e: self.statusBar().showMessage(getattr(e, "message", str(e))))

    BACKUP_REMIND_DAYS = 7

    def _show_backup_state(self, state) -> None:
        days, records = state
        if days is None and records:
            self.backup_label.setText(tr("backup.never"))
        elif days is not None and days > self.BACKUP_REMIND_DAYS:
            self.backup_label.setText(tr("backup.old", days=int(days)))
        else:
            self.backup_label.setText("")

    def _backup(self, dest: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog
        dest = dest or QFileDialog.getExistingDirectory(self, tr("backup.choose"))
        if not dest:
            return
        self.statusBar().showMessage(tr("backup.running"))
        self.backend.call(B.make_backup, dest,
                          done=lambda r: (self.statusBar().showMessage(tr("backup.done", **r)),
                                          self.backend.call(B.backup_state, done=self._show_backup_state)),
                          fail=lambda e: self.statusBar().showMessage(
                              tr("backup.failed", why=getattr(e, "message", str(e)))))

    def _open_package(self, path: str | None = None, trust: str | None = None) -> None:
        """File → Open a work package: the book read on the farm becomes a batch to check."""
        from PySide6.QtWidgets import QFileDialog
        path = path or QFileDialog.getOpenFileName(self, tr("package.choose"), "", "Zip (*.zip)")[0]
        if not path:
            return

        def with_trust(found: str | None) -> None:
            chosen = trust or found or QFileDialog.getOpenFileName(
                self, tr("package.trust"), "", "PEM (*.pem *.crt)")[0]
            if not chosen:
                return
            self.statusBar().showMessage(tr("package.running"))
            self.backend.call(B.open_work_package, path, chosen, self.user.name,
                              done=self._opened_package,
                              fail=lambda e: self.statusBar().showMessage(
                                  tr("package.failed", why=getattr(e, "message", str(e)))))

        if trust:
            with_trust(trust)
        else:
            self.backend.call(B.default_trust, done=with_trust)

    def _opened_package(self, res: dict) -> None:
        self.statusBar().showMessage(tr("package.done", **res) + (tr("package.kept", **res) if res["files_kept"] else ""))
        self.refresh()

    def _add_user(self) -> None:
        from .login import NewUserDialog
        dlg = NewUserDialog(self, roles=("clerk", "supervisor", "admin"))
        if dlg.exec():
            name, display, role, pw = dlg.values()
            self.backend.call(B.create_user, self.user, name, display, role, pw,
                              done=lambda u: self.statusBar().showMessage(f"{u.name} ({u.role})"),
                              fail=lambda e: QMessageBox.warning(self, tr("error.title"), str(e)))

    # --- verification -----------------------------------------------------------------------------
    def _build_verify(self) -> None:
        w = QWidget()
        v = QVBoxLayout(w)
        v.addWidget(QLabel(tr("verify.queue")))
        if self.user.can("supervisor"):
            row = QHBoxLayout()
            self.sample_batch = QComboBox()
            self.sample_rate = QSpinBox()
            self.sample_rate.setRange(0, 100)
            self.sample_rate.setSuffix(" %")
            self.sample_rate.setValue(100)
            apply_btn = QPushButton("OK")
            apply_btn.clicked.connect(self._apply_sample_rate)
            for w_ in (QLabel(tr("verify.sample")), self.sample_batch, self.sample_rate, apply_btn):
                row.addWidget(w_)
            row.addStretch(1)
            v.addLayout(row)
        self.queue_table = _table([tr("col.id"), tr("batches.batch"), tr("col.form"), tr("col.by"), tr("col.reason")])
        self.queue_table.doubleClicked.connect(self._open_queue)
        _EnterOpens(self.queue_table, self._open_queue)
        v.addWidget(self.queue_table)
        self.tabs.addTab(w, tr("tab.verify"))

    def _apply_sample_rate(self) -> None:
        batch = self.sample_batch.currentText()
        if batch:
            self.backend.call(B.set_sample_rate, self.user, batch, self.sample_rate.value() / 100.0,
                              done=lambda _: self.refresh(),
                              fail=lambda e: self.statusBar().showMessage(getattr(e, "message", str(e))))

    def _apply_queue(self, rows: list[dict]) -> None:
        self.queue = rows
        _fill(self.queue_table, [[r["id"], r["batch"], r["template_id"] or "—", r["confirmed_by"] or "",
                                  r["needs_review"]] for r in rows], [r["id"] for r in rows])

    def _open_queue(self) -> None:
        row = self.queue_table.currentRow()
        if 0 <= row < len(self.queue):
            self.open_record(self.queue[row]["id"])

    # --- search ------------------------------------------------------------------------------------
    def _build_search(self) -> None:
        w = QWidget()
        v = QVBoxLayout(w)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(tr("search.hint"))
        self.search_box.returnPressed.connect(self.search)
        self.search_table = _table([tr("col.id"), tr("col.name"), tr("col.pid"), tr("col.birth")])
        self.search_table.doubleClicked.connect(self._open_found)
        _EnterOpens(self.search_table, self._open_found)
        v.addWidget(self.search_box)
        v.addWidget(self.search_table)
        self.tabs.addTab(w, tr("tab.search"))
        self.found: list[dict] = []

    def search(self) -> None:
        q = self.search_box.text().strip()
        if q:
            self.backend.call(B.find_people, q, done=self._apply_found)

    def _apply_found(self, rows: list[dict]) -> None:
        self.found = rows
        _fill(self.search_table, [[r["record_id"], r["name"], r["personal_id"], show_date(r["birth"])] for r in rows],
              [r["record_id"] for r in rows])

    def _open_found(self) -> None:
        row = self.search_table.currentRow()
        if 0 <= row < len(self.found):
            self.open_record(self.found[row]["record_id"])

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.timer.stop()
        self.scan_view.close_backend()
        super().closeEvent(event)
