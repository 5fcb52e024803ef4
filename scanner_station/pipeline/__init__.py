"""The page pipeline (durable jobs → cleanup → OCR → store). Imports storage and below."""

from .runner import Pipeline, process_page

__all__ = ["Pipeline", "process_page"]
