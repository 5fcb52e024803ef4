"""The desktop application (PySide6). Never runs OCR, I/O or SQL on the UI thread."""
