"""PDF bytes into Qt: a document for the preview, page images for the printer.

Both run where they are called; the dialog calls ``page_images`` through the TaskRunner,
so rasterising for the printer never happens on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

PRINT_DPI = 300


class PdfBytes(QObject):
    """A QPdfDocument reading from memory; the buffer lives as long as the document."""

    def __init__(self, pdf: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)


def page_images(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """Every page as an image at ``dpi`` (for printers that take raster pages)."""
    source = PdfBytes(pdf)
    document = source.document
    images = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        images.append(document.render(page, size))
    document.close()
    source.deleteLater()
    return images


def print_images(printer: QPrinter, images: list[QImage]) -> None:
    """Each image on its own page, scaled to the printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(area.x(), area.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
            painter.setWindow(area)
    finally:
        painter.end()
