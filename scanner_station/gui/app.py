"""``scanner-station gui``: the desktop app's controller.

Opens the workspace's backend, asks for the first administrator on the first run or
for a login otherwise, shows the main window, runs the inbox and pipeline here when
this process gets the workspace's processing lock (else another process is processing
it and the app only shows progress), and locks the session after idle time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from . import backend as B
from .i18n import set_language, tr
from .login import LoginDialog, NewUserDialog
from .main_window import MainWindow

IDLE_SECONDS = 600.0


class _Activity(QObject):
    """Notes the time of the last keyboard or mouse input anywhere in the app."""

    def __init__(self) -> None:
        super().__init__()
        self.last = time.monotonic()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.last = time.monotonic()
        return False


class StationApp:
    def __init__(self, root: Path, *, lang: str = "vi", processing: bool = True, demo: bool = False,
                 idle_seconds: float = IDLE_SECONDS) -> None:
        set_language(lang)
        self.root = Path(root)
        self.backend = B.Backend(self.root)
        self.want_processing, self.demo = processing, demo
        self.processing = None  # the StationService, once this process holds the processing lock
        self.window: MainWindow | None = None
        self.dialog = None
        self.user = None
        self.idle_seconds = idle_seconds
        self.activity = _Activity()
        QApplication.instance().installEventFilter(self.activity)
        self.idle_timer = QTimer()
        self.idle_timer.timeout.connect(self._check_idle)
        self.idle_timer.start(5000)

    def start(self) -> None:
        self.backend.call(B.has_users, done=self._first_step, fail=self._fatal)

    def _first_step(self, has_users: bool) -> None:
        if has_users:
            self._ask_login()
            return
        dlg = NewUserDialog(roles=("admin",), title=tr("login.first"))
        self._hand_over(dlg)
        dlg.accepted.connect(lambda: self._create_admin(dlg))
        dlg.show()

    def _hand_over(self, dlg) -> None:
        """A dialog between windows: while the backend works after it closes, no window may be
        visible, and Qt quits when its last window closes — the first run used to end right
        after "create administrator". So the dialog does not count as a last window; closing it
        without going on (Cancel, the close box) leaves the app."""
        self.dialog = dlg
        dlg.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        dlg.rejected.connect(self._leave)

    def _leave(self) -> None:
        if self.window is None or not self.window.isVisible():
            QApplication.quit()

    def _create_admin(self, dlg: NewUserDialog) -> None:
        name, display, _, pw = dlg.values()

        def fail(exc):  # e.g. a name already taken: ask again, saying why
            dlg.error.setText(getattr(exc, "message", str(exc)))
            dlg.show()
        self.backend.call(B.create_first_admin, name, display, pw, done=self._logged_in, fail=fail)

    def _ask_login(self, note: str = "", user_name: str = "") -> None:
        dlg = LoginDialog(self.backend, note, user_name)
        dlg.logged_in.connect(self._logged_in)
        self._hand_over(dlg)
        dlg.show()
        dlg.raise_()

    def _logged_in(self, user) -> None:
        self.activity.last = time.monotonic()
        if self.window is not None and self.user is not None and user.name == self.user.name:
            self.window.show()  # unlocked: same user, same place
            return
        self.user = user
        if self.want_processing and self.processing is None:
            self.backend.call(_take_lock, done=self._start_processing, fail=lambda e: None)
        self._open_window()

    def _open_window(self) -> None:
        old = self.window
        self.window = MainWindow(self.backend, self.user, self.processing, on_lock=self.lock,
                                 on_language=self.set_language, processing_wanted=self.want_processing)
        self.window.show()
        if old is not None:  # closed once its successor shows: never a moment without a window
            old.close()
            old.deleteLater()
        if self.demo:
            self.demo = False
            self.backend.call(_empty, done=lambda empty: empty and self.window.add_demo())

    def _start_processing(self, locked: bool) -> None:
        if not locked:
            return
        self.processing = B.processing_service(self.root, self.backend)
        self.processing.start()
        if self.window is not None:
            self.window.processing = self.processing
            self.window.cancel_btn.setEnabled(True)
            self.window.progress_label.setText(tr("processing.idle"))

    def set_language(self, lang: str) -> None:
        set_language(lang)
        if self.window is not None:
            self._open_window()

    def lock(self, note: str = "") -> None:
        if self.window is None or not self.window.isVisible():
            return
        self.window.hide()
        self._ask_login(note, self.user.name if self.user else "")

    def _check_idle(self) -> None:
        if self.window is not None and self.window.isVisible() and \
                time.monotonic() - self.activity.last > self.idle_seconds:
            self.lock(tr("login.locked"))

    def _fatal(self, exc: BaseException) -> None:
        QMessageBox.critical(None, tr("error.title"), getattr(exc, "message", str(exc)))

    def shutdown(self) -> None:
        self.idle_timer.stop()
        if self.processing is not None:
            self.processing.stop()
        if self.window is not None:
            self.window.close()
        self.backend.close()


def _take_lock(ws) -> bool:
    from ..domain.errors import WorkspaceLocked

    try:
        ws.lock()
        ws.private_tmp()
        return True
    except WorkspaceLocked:
        return False


def _empty(ws) -> bool:
    return not ws.store.overview()["batches"]


def run_gui(args) -> int:
    from ..storage.workspace import Workspace, default_workspace

    ws = Workspace.init(Path(args.workspace) if args.workspace else default_workspace())
    ws.close()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Scanner Station")
    station = StationApp(ws.root, lang=args.lang or "vi", processing=not args.no_processing, demo=args.demo)
    station.start()
    try:
        return app.exec()
    finally:
        station.shutdown()
