"""The desktop app driven through its real window (pytest-qt, offscreen platform).

Log in → open a batch → correct an uncertain field by typing Vietnamese (committed by an
input method, as IBus/Unikey do) → confirm → a supervisor approves → the audit chain
verifies; and the four-eyes refusal, a lost update avoided, a missing page image, and
the wrong-password answer."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from scanner_station.gui.app import StationApp
from scanner_station.gui.login import LoginDialog
from scanner_station.storage.review import Review
from test_export import add_records

pytestmark = pytest.mark.gui


@pytest.fixture()
def station(ws, qtbot):
    add_records(ws)
    rv = Review(ws.store)
    admin = rv.create_user("admin", "Quản trị", "admin", "admin-pass-1")
    rv.create_user("lan", "Nguyễn Thị Lan", "clerk", "clerk-pass-1", by=admin)
    rv.create_user("minh", "Lê Văn Minh", "supervisor", "super-pass-1", by=admin)
    app = StationApp(ws.root, processing=False)
    app.start()
    yield app
    app.shutdown()


def type_vietnamese(widget, text: str) -> None:
    """Text as an input method commits it (qtbot.keyClicks cannot type these letters)."""
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def login(qtbot, app: StationApp, name: str, password: str):
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog) and app.dialog.isVisible(), timeout=10000)
    dlg = app.dialog
    dlg.user.setText(name)
    qtbot.keyClicks(dlg.password, password)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    return dlg


def admin_window(qtbot, ws):
    """The app on ``ws`` (records already there), its admin logged in: (app, main window).
    The caller shuts the app down."""
    Review(ws.store).create_user("admin", "Quản trị", "admin", "admin-pass-1")
    app = StationApp(ws.root, processing=False)
    app.start()
    login(qtbot, app, "admin", "admin-pass-1")
    qtbot.waitUntil(lambda: app.window is not None and app.window.isVisible(), timeout=10000)
    return app, app.window


def open_first_record(qtbot, app: StationApp):
    win = app.window
    qtbot.waitUntil(lambda: win.record_table.rowCount() >= 3, timeout=10000)
    win.tabs.setCurrentIndex(0)
    win.batch_table.selectRow(0)
    win.record_table.setFocus()
    win.record_table.selectRow(0)
    qtbot.keyClick(win.record_table, Qt.Key.Key_Return)
    view = win.correction
    qtbot.waitUntil(lambda: view.doc is not None, timeout=10000)
    return view


def test_clerk_corrects_supervisor_approves_and_the_audit_chain_verifies(station, qtbot, ws):
    app = station
    # the machine misread the name (diacritics lost) and flagged it
    ws.store._conn.execute("UPDATE fields SET value = 'Nguyen Van Duc', status = 'uncertain'"
                           " WHERE key = 'full_name' AND record_id = (SELECT MIN(id) FROM records)")
    login(qtbot, app, "lan", "clerk-pass-1")
    qtbot.waitUntil(lambda: app.window is not None and app.window.isVisible(), timeout=10000)
    view = open_first_record(qtbot, app)
    rid = view.doc["record"]["id"]
    assert view.page.has_image()  # the page is shown beside the fields
    assert view.keys[0] == "full_name"  # the uncertain field is visited first
    # fields by the form's printed labels, the document by its title (not keys and ids)
    assert view.fields.item(0).text().startswith("Họ, chữ đệm, tên: Nguyen Van Duc")
    assert "Trích lục khai sinh" in view.header.text() and "civil.birth_extract" not in view.header.text()
    assert view.page._box.isVisible()  # and its box is highlighted on the page
    assert view.page.left_out == [] and "⚠" not in view.page_label.text()  # no faint lines left out
    # select the name field, replace it by typing Vietnamese, Enter confirms and moves on
    view.fields.setCurrentRow(view.keys.index("full_name"))
    view.value.clear()
    view.value.setFocus()
    type_vietnamese(view.value, "Nguyễn Văn Đức")
    assert view.value.text() == "Nguyễn Văn Đức"
    qtbot.keyClick(view.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.store.record(rid)["fields"]["full_name"]["status"] == "confirmed", timeout=10000)
    assert ws.store.record(rid)["fields"]["full_name"]["set_by"] == "lan"
    # confirm every remaining field with Enter (an invalid one needs "as written")
    for _ in range(10):
        open_keys = [k for k, f in ws.store.record(rid)["fields"].items() if f["status"] not in
                     ("confirmed", "illegible")]
        if not open_keys:
            break
        qtbot.waitUntil(lambda: view.isEnabled() and view.doc["record"]["version"] ==
                        ws.store.record(rid)["version"], timeout=10000)
        key = view.keys[view.fields.currentRow()]
        if view.problem.text() and "as written" not in view.problem.text():
            view.as_written.setChecked(True)
        before = ws.store.record(rid)["version"]
        qtbot.keyClick(view.value, Qt.Key.Key_Return)
        if "Giá trị không hợp lệ" in view.problem.text():  # the validator refused: keep it as written
            view.as_written.setChecked(True)
            qtbot.keyClick(view.value, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda b=before: ws.store.record(rid)["version"] > b, timeout=10000)
        assert ws.store.record(rid)["fields"][key]["status"] == "confirmed"
    qtbot.waitUntil(lambda: view.doc["record"]["version"] == ws.store.record(rid)["version"], timeout=10000)
    qtbot.keyClick(view.value, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.store.record(rid)["state"] == "corrected", timeout=10000)
    # the clerk cannot approve (no buttons for a clerk); lock and let the supervisor in
    assert not view.approve_btn.isVisible()
    app.lock()
    login(qtbot, app, "minh", "super-pass-1")
    qtbot.waitUntil(lambda: app.window is not None and app.window.user.name == "minh" and
                    app.window.queue_table.rowCount() >= 1, timeout=10000)
    win = app.window
    win.tabs.setCurrentIndex(2)
    win.queue_table.setFocus()
    win.queue_table.selectRow(0)
    qtbot.keyClick(win.queue_table, Qt.Key.Key_Return)
    view = win.correction
    qtbot.waitUntil(lambda: view.doc is not None and view.doc["record"]["id"] == rid
                    and view.approve_btn.isVisible(), timeout=10000)
    view.setFocus()
    qtbot.keyClick(view.value, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.store.record(rid)["state"] == "verified", timeout=10000)
    assert ws.store.record(rid)["verified_by"] == "minh"
    # every change is in the chain, shown per document, and the chain verifies
    rv = Review(ws.store)
    actions = [a["action"] for a in rv.audit(rid)]
    assert actions.count("verified") == 1 and "confirmed" in actions and "value" in actions
    qtbot.waitUntil(lambda: view.audit.count() == len(actions), timeout=10000)
    assert rv.verify_audit()[0]


def test_four_eyes_refusal_and_no_lost_update(station, qtbot, ws):
    app = station
    login(qtbot, app, "minh", "super-pass-1")
    qtbot.waitUntil(lambda: app.window is not None, timeout=10000)
    view = open_first_record(qtbot, app)
    rid = view.doc["record"]["id"]
    rv = Review(ws.store)
    minh = rv.login("minh", "super-pass-1")
    lan = rv.login("lan", "clerk-pass-1")
    v = ws.store.record(rid)["version"]
    for key in ws.store.record(rid)["fields"]:
        v = rv.set_field(minh, rid, key, v, status="confirmed", as_written=True)  # the supervisor keyed it
    v = rv.confirm_record(lan, rid, v)
    # the view still holds an old version: a change is refused and the record reloaded
    view.fields.setCurrentRow(view.keys.index("sex"))
    view.value.setText("Nữ")
    qtbot.keyClick(view.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.doc["record"]["version"] == v, timeout=10000)
    assert ws.store.record(rid)["fields"]["sex"]["value"] == "Nam"  # not overwritten
    assert "người khác" in app.window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: view.approve_btn.isVisible(), timeout=10000)
    qtbot.keyClick(view.value, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "four eyes" in view.problem.text(), timeout=10000)
    assert ws.store.record(rid)["state"] == "corrected"


def test_wrong_password_and_missing_page_image(station, qtbot, ws):
    app = station
    dlg = login(qtbot, app, "lan", "wrong-password")
    qtbot.waitUntil(lambda: dlg.error.text() != "", timeout=10000)
    assert dlg.error.text() == "wrong user name or password" and app.window is None
    for p in (ws.root / "derived").glob("*.png"):
        p.unlink()  # the page images are gone
    dlg.password.setText("clerk-pass-1")
    dlg.submit()
    qtbot.waitUntil(lambda: app.window is not None, timeout=10000)
    view = open_first_record(qtbot, app)
    assert not view.page.has_image() and "Không tìm thấy ảnh trang" in view.page._message.toPlainText()
    assert view.value.isEnabled()  # the rest still works


def test_faint_lines_left_out_of_the_text_are_shown_on_the_page(station, qtbot, ws):
    """Lines the engine did not read as text (the other side of an old leaf showing through) are
    not lost from sight: dashed boxes on the page, and the page's label says how many."""
    conn = ws.store._conn
    for pid, raw in conn.execute("SELECT id, ocr_json FROM pages").fetchall():
        layout = json.loads(raw)
        layout["meta"] = {"show_through": [[100, 900, 700, 940], [120, 1000, 640, 1038]]}
        conn.execute("UPDATE pages SET ocr_json = ? WHERE id = ?", (json.dumps(layout), pid))
    conn.commit()
    login(qtbot, station, "lan", "clerk-pass-1")
    qtbot.waitUntil(lambda: station.window is not None and station.window.isVisible(), timeout=10000)
    view = open_first_record(qtbot, station)
    assert [b.rect().getCoords() for b in view.page.left_out] == [(96, 896, 704, 944), (116, 996, 644, 1042)]
    assert all(b.isVisible() and b.scene() is view.page.scene() for b in view.page.left_out)
    assert "2 dòng mờ không đọc thành chữ" in view.page_label.text()
    assert "mặt sau" in view.page.left_out[0].toolTip()
    view.show_page(0)  # shown again: the boxes are replaced, not added twice
    assert len(view.page.left_out) == 2 and sum(
        isinstance(i, type(view.page.left_out[0])) for i in view.page.scene().items()) == 3  # + the field's


def test_first_run_creates_the_admin_and_english_is_selectable(tmp_path, qtbot, monkeypatch):
    from scanner_station.gui.i18n import set_language
    from scanner_station.gui.login import NewUserDialog
    from scanner_station.storage.workspace import Workspace
    ws = Workspace.init(tmp_path / "fresh")
    ws.close()
    app = StationApp(tmp_path / "fresh", processing=False, lang="en")
    try:
        app.start()
        qtbot.waitUntil(lambda: isinstance(app.dialog, NewUserDialog), timeout=10000)
        d = app.dialog
        assert d.windowTitle() == "First run: create the administrator account"
        from PySide6.QtWidgets import QDialogButtonBox, QFormLayout
        form = d.findChild(QFormLayout)
        labels = [form.labelForField(w).text() for w in (d.pw1, d.pw2)]
        assert labels == ["Password", "Repeat the password"]  # not "Password" twice
        assert [b.text() for b in d.findChild(QDialogButtonBox).buttons()] == ["Create account", "Cancel"]
        # the real process quit here (Qt's last window closed while the backend created the
        # admin): a dialog between windows never counts as the last window
        from PySide6.QtCore import Qt
        assert not d.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)
        d.name.setText("admin")
        d.display.setText("Admin")
        d.pw1.setText("admin-pass-1")
        d.pw2.setText("admin-pass-1")
        d._check()
        qtbot.waitUntil(lambda: app.window is not None, timeout=10000)
        assert app.window.tabs.tabText(0) == "Batches and documents" and app.user.role == "admin"
        first = app.window
        app.set_language("vi")
        assert app.window.tabs.tabText(0) == "Lô và hồ sơ"
        assert app.window is not first and app.window.isVisible()  # shown before the old closed
        # Cancel on a dialog with no window behind it leaves the app
        quits = []
        monkeypatch.setattr("scanner_station.gui.app.QApplication.quit", lambda: quits.append(1))
        app.window.hide()
        app._ask_login()
        # Qt's own button texts follow the language (no Vietnamese catalogue ships with Qt)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        assert [b.text() for b in box.buttons()] == ["Đồng ý", "Huỷ"]
        app.dialog.reject()
        assert quits == [1]
    finally:
        app.shutdown()
        set_language("vi")


def test_scan_view_runs_a_book_session_off_the_ui_thread(station, qtbot, ws):
    app = station
    login(qtbot, app, "lan", "clerk-pass-1")
    qtbot.waitUntil(lambda: app.window is not None, timeout=10000)
    view = app.window.scan_view
    app.window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.device.count() == 2 and view.profile.count() >= 3, timeout=10000)
    view.profile.setCurrentIndex(view.profile.findData("bulk-results"))
    view.office.setText("UBND xã Tân Phú")
    type_vietnamese(view.rtype, "khai sinh")
    view.volume.setText("02")
    view.year.setText("2001")
    view.last.setValue(12)
    view.start_btn.click()
    qtbot.waitUntil(lambda: view.session_id is not None and view.scan_btn.isEnabled(), timeout=10000)
    view.scan_btn.click()
    qtbot.waitUntil(lambda: "10/12" in view.count.text(), timeout=30000)  # the feeder held 10 sheets
    assert view.preview.pixmap() is not None and not view.preview.pixmap().isNull()
    view.page_no.setValue(4)
    view.rescan_btn.click()
    qtbot.waitUntil(lambda: view.scan_btn.isEnabled() and "quét lại: 1" in view.count.text(), timeout=30000)
    pages = ws.store.scan_pages(view.session_id)
    assert [p["page_no"] for p in pages if p["status"] == "superseded"] == [4]
    assert {p["operator"] for p in pages} == {"lan"}


def test_qt_signals_keep_python_refcounts(qtbot):
    """PySide6 6.12.0 released a reference to True on every emit; the app, which emits for every
    background result, died after a few thousand. The installed Qt binding must not do that."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        s = Signal(object)

    e, got = Emitter(), []
    e.s.connect(got.append)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(500):
        e.s.emit(None)
    assert len(got) == 500
    assert abs(sys.getrefcount(True) - before[0]) < 20 and abs(sys.getrefcount(None) - before[1] - 500) < 20


def test_blind_double_keying_from_the_correction_view(station, qtbot, ws):
    app = station
    rv = Review(ws.store)
    admin = rv.login("admin", "admin-pass-1")
    lan = rv.login("lan", "clerk-pass-1")
    rv.create_user("hung", "Trần Văn Hùng", "clerk", "clerk-pass-2", by=admin)
    rid = ws.store.records()[0]["id"]
    v = ws.store.record(rid)["version"]
    for key in ws.store.record(rid)["fields"]:
        v = rv.set_field(lan, rid, key, v, status="confirmed", as_written=True)
    rv.confirm_record(lan, rid, v)
    login(qtbot, app, "hung", "clerk-pass-2")
    qtbot.waitUntil(lambda: app.window is not None, timeout=10000)
    view = open_first_record(qtbot, app)
    view.double_key({"personal_id": "001087012354", "full_name": "Nguyễn Văn Đức"})  # two digits swapped
    qtbot.waitUntil(lambda: ws.store.record(rid)["needs_review"] != "", timeout=10000)
    assert "personal_id" in ws.store.record(rid)["needs_review"]
    assert "full_name" not in ws.store.record(rid)["needs_review"]
    qtbot.waitUntil(lambda: "personal_id" in app.window.statusBar().currentMessage(), timeout=10000)


def test_undo_redo_and_the_sampling_rate(station, qtbot, ws):
    app = station
    login(qtbot, app, "minh", "super-pass-1")
    qtbot.waitUntil(lambda: app.window is not None, timeout=10000)
    view = open_first_record(qtbot, app)
    rid = view.doc["record"]["id"]
    view.fields.setCurrentRow(view.keys.index("sex"))
    view.value.setText("Nữ")
    qtbot.keyClick(view.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.store.record(rid)["fields"]["sex"]["value"] == "Nữ", timeout=10000)
    qtbot.waitUntil(lambda: view.doc["record"]["version"] == ws.store.record(rid)["version"], timeout=10000)
    qtbot.keyClick(view.value, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo: back to "Nam"
    qtbot.waitUntil(lambda: ws.store.record(rid)["fields"]["sex"]["value"] == "Nam", timeout=10000)
    qtbot.waitUntil(lambda: view.doc["record"]["version"] == ws.store.record(rid)["version"], timeout=10000)
    qtbot.keyClick(view.value, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo
    qtbot.waitUntil(lambda: ws.store.record(rid)["fields"]["sex"]["value"] == "Nữ", timeout=10000)
    actions = [(a["action"], a["new"]) for a in Review(ws.store).audit(rid) if a["field"] == "sex"]
    assert [n for a, n in actions if a == "value"] == ["Nữ", "Nam", "Nữ"]  # undo is itself on record
    win = app.window
    qtbot.waitUntil(lambda: win.sample_batch.count() == 1, timeout=10000)
    win.sample_rate.setValue(10)
    win._apply_sample_rate()
    qtbot.waitUntil(lambda: ws.store.overview()["batches"][0]["sample_rate"] == 0.1, timeout=10000)


def test_every_validator_message_has_a_vietnamese_text():
    """Messages the extraction stores with a field are shown in the interface language."""
    import re
    from pathlib import Path

    from scanner_station.gui.i18n import FIELD_MESSAGES, set_language, tr_field_message
    folder = Path(__file__).parents[1] / "scanner_station" / "extraction"
    files = ("validators.py", "extract.py", "parsing.py", "doubt.py", "rereading.py", "places.py", "persons.py", "reading.py",
             "valid_parts.py", "unit_words.py", "name_search.py", "sequence.py", "name_readings.py",
             "dated_at.py", "id_readings.py", "page_marks.py", "book_year.py", "person_fields.py")
    src = "".join((folder / f).read_text("utf-8") for f in files)
    shown = set(re.findall(r'(?:Parsed\([^)]*\(|messages=\(|msgs\.append\(|\.append\()f?"([a-z][^"{]{8,})', src))
    # and the messages named once at module level (SECOND_DIFFERS = "a second recogniser …")
    shown |= set(re.findall(r'^[A-Z][A-Z_]+ = "([a-z][^"{]{8,})"$', src, re.M))
    shown = {m.strip() for m in shown}
    assert len(shown) >= 15  # the scan of the sources found the messages
    missing = [m for m in shown if not any(m == k or m.startswith(k) for k in FIELD_MESSAGES)]
    assert not missing, missing
    set_language("vi")
    # messages written over several lines, which the scan above does not see
    from scanner_station.extraction.entry_spans import SPLIT_ENTRY
    from scanner_station.extraction.place_readings import LEAD_LEFT_OUT
    from scanner_station.extraction.reading import BELOW_ANOTHER, LABEL_MISREAD, PLACE_LABEL_MISREAD
    from scanner_station.extraction.capitals import ISSUER_CAPITALS, NAME_CAPITALS, PERSON_CAPITALS
    from scanner_station.extraction.number_steps import DIGIT_PREFERRED
    from scanner_station.extraction.code_steps import DIGITS_AS_LETTERS, STOPS_RESTORED
    from scanner_station.extraction.dots_taken import DOTS_PAIRED
    from scanner_station.extraction.unit_words import DISTRICT_KIND_SPELLED
    from scanner_station.extraction.code_readings import SERIAL_CONSTRAINED
    from scanner_station.extraction.person_fields import ID_RECORD_CONSTRAINED
    for message in (SERIAL_CONSTRAINED, ID_RECORD_CONSTRAINED, SPLIT_ENTRY, BELOW_ANOTHER, STOPS_RESTORED, DIGITS_AS_LETTERS, NAME_CAPITALS, PERSON_CAPITALS,
                    ISSUER_CAPITALS, DIGIT_PREFERRED, LABEL_MISREAD, DISTRICT_KIND_SPELLED, LEAD_LEFT_OUT,
                    PLACE_LABEL_MISREAD, DOTS_PAIRED):
        assert tr_field_message(message) != message, message
    assert tr_field_message("unknown province code 99") == "mã tỉnh không có 99"
    set_language("en")
    assert tr_field_message("not 12 digits") == "not 12 digits"
    set_language("vi")
