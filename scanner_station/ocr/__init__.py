"""OCR: an engine protocol returning the domain layout tree, one module per engine,
and a model store that checks every model file's SHA-256. Imports only ``domain``.
"""

from .base import OcrEngine, create_engine, engine_names

DEFAULT_ENGINE = "onnx-hybrid"

__all__ = ["DEFAULT_ENGINE", "OcrEngine", "create_engine", "engine_names"]
