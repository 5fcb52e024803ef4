"""The page image of the correction screen: zoom, pan, fit width, rotate, the selected field's
box, and the faint lines the engine left out of the text."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene, QGraphicsView


class PageView(QGraphicsView):
    """A page image with zoom (Ctrl+wheel, +/-), pan (drag), fit width, rotate, and a highlighted box."""

    def __init__(self) -> None:
        super().__init__()
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._pix = QGraphicsPixmapItem()
        self.scene().addItem(self._pix)
        self._box = QGraphicsRectItem()
        self._box.setPen(QPen(QColor("#d62728"), 4))
        self._box.setBrush(QBrush(QColor(214, 39, 40, 40)))
        self._box.setZValue(1)
        self.scene().addItem(self._box)
        self._message = self.scene().addText("")
        self._message.setZValue(2)
        #: the page's faint lines the engine left out of the text (the other side of an old
        #: leaf showing through, or a pale pencilled note): dashed boxes, for a person to look at
        self.left_out: list[QGraphicsRectItem] = []
        self.rotation = 0

    def show_image(self, image, missing_text: str = "") -> None:
        if image is None:
            self._pix.setPixmap(QPixmap())
            self._message.setPlainText(missing_text)
            self._box.hide()
            return
        self._message.setPlainText("")
        self._pix.setPixmap(QPixmap.fromImage(image))
        self.scene().setSceneRect(QRectF(self._pix.pixmap().rect()))
        self.fit_width()

    def has_image(self) -> bool:
        return not self._pix.pixmap().isNull()

    def show_left_out(self, boxes: list[list[int]], tip: str = "") -> None:
        """Dashed boxes around the lines that were detected but not read as text."""
        for item in self.left_out:
            self.scene().removeItem(item)
        self.left_out = []
        if not self.has_image():
            return
        pen = QPen(QColor("#1f5fbf"), 3, Qt.PenStyle.DashLine)
        for x0, y0, x1, y1 in boxes:
            item = QGraphicsRectItem(QRectF(x0 - 4, y0 - 4, x1 - x0 + 8, y1 - y0 + 8))
            item.setPen(pen)
            item.setBrush(QBrush(QColor(31, 95, 191, 25)))
            item.setZValue(0.5)
            item.setToolTip(tip)
            self.scene().addItem(item)
            self.left_out.append(item)

    def highlight(self, bbox: list[int] | None) -> None:
        if not bbox or not self.has_image():
            self._box.hide()
            return
        x0, y0, x1, y1 = bbox
        self._box.setRect(QRectF(x0 - 6, y0 - 6, x1 - x0 + 12, y1 - y0 + 12))
        self._box.show()
        self.ensureVisible(self._box, 40, 80)

    def fit_width(self) -> None:
        if not self.has_image():
            return
        self.resetTransform()
        self.rotate(self.rotation)
        w = self._pix.pixmap().width() if self.rotation % 180 == 0 else self._pix.pixmap().height()
        s = max(0.05, (self.viewport().width() - 20) / max(1, w))
        self.scale(s, s)

    def rotate_page(self) -> None:
        self.rotation = (self.rotation + 90) % 360
        self.fit_width()

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
        else:
            super().wheelEvent(event)
