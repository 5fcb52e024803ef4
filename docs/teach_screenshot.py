"""Screenshot of teach mode for the README, taken from the real window on an X display.

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python docs/teach_screenshot.py docs/teach-mode.png

Builds a throwaway workspace with one page of a form no shipped template knows (read by the
pipeline), opens the teach dialog on it as a supervisor, teaches three fields by their label
and one by a box — the same calls the mouse makes — and saves the screen.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, QTimer
from PySide6.QtWidgets import QApplication

from scanner_station.gui import backend as B
from scanner_station.gui.i18n import set_language
from scanner_station.gui.teach import TeachDialog
from scanner_station.ingest.intake import intake
from scanner_station.pipeline import Pipeline
from scanner_station.storage.review import Review
from scanner_station.storage.workspace import Workspace
from scanner_station.synth.unknown_forms import make_unknown


def main(out: str) -> int:
    tmp = Path(tempfile.mkdtemp())
    ws = Workspace.init(tmp / "ws")
    sample = make_unknown(1)
    page = ws.inbox / "mau.png"
    Image.fromarray(sample.image).save(page, dpi=(300, 300))
    intake(ws, page)
    Pipeline(ws, workers=0).run()
    rv = Review(ws.store)
    admin = rv.create_user("admin", "Quản trị", "admin", "admin-pass-1")
    sup = rv.create_user("minh", "Lê Văn Minh", "supervisor", "super-pass-1", by=admin)
    page_id = ws.store.pages()[0]["id"]
    ws.close()

    set_language("vi")
    app = QApplication(sys.argv)
    backend = B.Backend(ws.root)
    dlg = TeachDialog(backend, sup, page_id)
    dlg.resize(1560, 960)
    dlg.show()
    steps = [("full_name", "Họ, chữ đệm, tên"), ("date_of_birth", "Ngày, tháng, năm sinh"),
             ("personal_id", "Số định danh cá nhân")]

    def teach() -> None:
        if dlg.data is None:
            QTimer.singleShot(200, teach)
            return
        dlg.name.setText("Giấy xác nhận tình trạng hôn nhân")
        for key, label in steps:
            dlg.choose_key(key)
            x0, y0, x1, y1 = sample.labels[label]
            dlg._clicked(QPointF(x0 + 0.3 * (x1 - x0), (y0 + y1) / 2))
            dlg.add_field()
        dlg.choose_key("document_number")
        x0, y0, x1, y1 = sample.boxes["document_number"]
        dlg._boxed(QRectF(x0 - 6, y0 - 6, x1 - x0 + 12, y1 - y0 + 12))
        dlg.page.centerOn(1240, 900)
        QTimer.singleShot(800, shoot)

    def shoot() -> None:
        subprocess.run(["import", "-window", "root", out], check=True)
        app.quit()

    QTimer.singleShot(300, teach)
    app.exec()
    backend.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/teach-mode.png"))
