"""Images: open scanner inputs and clean pages for OCR. Imports only ``domain``."""
