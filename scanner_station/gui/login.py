"""Login, first-run administrator and new-account dialogs (the check itself runs in the backend)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from . import backend as B
from .i18n import tr


class LoginDialog(QDialog):
    """Asks for a user name and password; ``logged_in(user)`` on success. A wrong try shows the
    store's answer, which never says whether the name or the password was wrong."""

    logged_in = Signal(object)

    def __init__(self, backend: B.Backend, note: str = "", user_name: str = "") -> None:
        super().__init__()
        self.backend = backend
        self.setWindowTitle(f"{tr('app.title')} — {tr('login.title')}")
        self.user = QLineEdit(user_name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(note)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b00020;")
        form = QFormLayout()
        form.addRow(tr("login.user"), self.user)
        form.addRow(tr("login.password"), self.password)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(tr("login.ok"))
        box.accepted.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        v = QVBoxLayout(self)
        v.addLayout(form)
        v.addWidget(self.error)
        v.addWidget(box)
        (self.password if user_name else self.user).setFocus()

    def submit(self) -> None:
        self.error.setText("")
        self.setEnabled(False)

        def done(user):
            self.setEnabled(True)
            self.password.clear()
            self.logged_in.emit(user)
            self.accept()

        def fail(exc):
            self.setEnabled(True)
            self.password.clear()
            self.password.setFocus()
            self.error.setText(getattr(exc, "message", str(exc)))
        self.backend.call(B.login, self.user.text(), self.password.text(), done=done, fail=fail)


class NewUserDialog(QDialog):
    """Name, full name, role and password (twice) for a new account."""

    def __init__(self, parent=None, roles: tuple[str, ...] = ("admin",), title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or tr("login.create"))
        self.name = QLineEdit()
        self.display = QLineEdit()
        self.role = QComboBox()
        for r in roles:
            self.role.addItem(tr(f"role.{r}"), r)
        self.pw1 = QLineEdit()
        self.pw2 = QLineEdit()
        for p in (self.pw1, self.pw2):
            p.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("")
        self.error.setStyleSheet("color:#b00020;")
        form = QFormLayout()
        form.addRow(tr("login.user"), self.name)
        form.addRow(tr("login.display"), self.display)
        form.addRow(tr("user.role"), self.role)
        form.addRow(tr("login.password"), self.pw1)
        form.addRow(tr("login.password2"), self.pw2)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(tr("login.create"))
        box.accepted.connect(self._check)
        box.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        if title:
            v.addWidget(QLabel(title))
        v.addLayout(form)
        v.addWidget(self.error)
        v.addWidget(box)

    def _check(self) -> None:
        if self.pw1.text() != self.pw2.text() or len(self.pw1.text()) < 8 or not self.name.text().strip():
            self.error.setText(tr("login.password_rule"))
            return
        self.accept()

    def values(self) -> tuple[str, str, str, str]:
        return (self.name.text(), self.display.text() or self.name.text(), self.role.currentData(),
                self.pw1.text())
