"""Pure typed values of the station (no I/O, no SQL, no images).

Layout tree (Document → Page → Block → Line → Word), batches, records and
fields, text normalisation and typed errors. Every other package may import
this one; this one imports nothing of the station's.
"""

from .errors import ExitCode, StationError
from .layout import BBox, Block, DocumentLayout, Line, PageLayout, Word
from .records import BatchInfo, Field, FieldStatus, Record, RecordFamily, SplitMode
from .text import fold, nfc, strip_marks

__all__ = [
    "BBox", "BatchInfo", "Block", "DocumentLayout", "ExitCode", "Field", "FieldStatus", "Line",
    "PageLayout", "Record", "RecordFamily", "SplitMode", "StationError", "Word", "fold", "nfc",
    "strip_marks",
]
