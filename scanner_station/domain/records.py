"""Batches, records and fields: the station's pure domain values.

A *batch* (lô) groups ingested files with their provenance: office, record
family, book type, volume (quyển số) and year; any of them may be unknown.
A *record* is one structured entry (a birth entry, a certificate, a decision)
made of *fields*; each field keeps the text as written and a status set by a
person or by the machine. Nothing here ever "fixes" a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import Any

from .text import nfc

UNKNOWN = "unknown"


class RecordFamily(str, Enum):
    civil_status = "civil_status"  # hộ tịch
    land = "land"  # đất đai (GCN)
    procedure_result = "procedure_result"  # kết quả TTHC
    unknown = "unknown"


class SplitMode(str, Enum):
    """Open-book spread splitting for a batch: decide per page, always, or never."""

    auto = "auto"
    on = "on"
    off = "off"


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """Provenance of a batch (lô). Unknown parts stay ``"unknown"``, never guessed."""

    name: str
    office: str = UNKNOWN  # cơ quan đăng ký
    record_family: str = RecordFamily.unknown.value
    book_type: str = UNKNOWN  # loại sổ: khai sinh / kết hôn / khai tử / …
    volume: str = UNKNOWN  # quyển số
    year: str = UNKNOWN
    split_mode: str = SplitMode.auto.value
    #: "yes": a blank page ends a document, like a separator sheet (it stays flagged and kept)
    blank_separates: str = "no"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            if not isinstance(value, str):
                value = str(value)
            value = nfc(value).strip() or UNKNOWN
            object.__setattr__(self, f.name, value)
        flag = self.blank_separates.lower()
        flag = {"unknown": "no", "true": "yes", "false": "no", "có": "yes", "không": "no"}.get(flag, flag)
        if flag not in ("yes", "no"):
            raise ValueError(f"blank_separates must be yes or no, not {self.blank_separates!r}")
        object.__setattr__(self, "blank_separates", flag)
        if self.record_family not in {m.value for m in RecordFamily}:
            raise ValueError(f"unknown record family {self.record_family!r}; "
                             f"use one of {', '.join(m.value for m in RecordFamily)}")
        if self.split_mode not in {m.value for m in SplitMode}:
            raise ValueError(f"unknown split mode {self.split_mode!r}; use auto, on or off")

    @staticmethod
    def keys() -> tuple[str, ...]:
        return tuple(f.name for f in fields(BatchInfo))

    @staticmethod
    def from_mapping(data: dict[str, Any], default_name: str) -> "BatchInfo":
        unknown = set(data) - set(BatchInfo.keys())
        if unknown:
            raise ValueError(f"unknown batch key(s): {', '.join(sorted(unknown))}; "
                             f"allowed: {', '.join(BatchInfo.keys())}")
        values = {k: str(v) for k, v in data.items()}
        values.setdefault("name", default_name)
        return BatchInfo(**values)

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_toml(self) -> str:
        """The ``batch.toml`` sidecar that ``from_mapping`` reads back (TOML basic strings; JSON's
        string escapes are valid in them)."""
        import json

        return "[batch]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n"
                                     for k, v in self.as_dict().items())


#: the batch of files dropped loose into the inbox ("not yet batched")
DEFAULT_BATCH_NAME = "chưa phân lô"

#: the states a record goes through (the store's ``records.state``)
RECORD_STATES = ("extracted", "unclassified", "corrected", "verified", "rejected")


class FieldStatus(str, Enum):
    confirmed = "confirmed"  # only ever set by a person
    proposed = "proposed"  # machine reading, confident and valid: still awaits a person
    uncertain = "uncertain"
    illegible = "illegible"


@dataclass(frozen=True, slots=True)
class Field:
    """One value of a record, as written (``value``) and normalised for matching."""

    key: str
    value: str
    normalized: str = ""
    status: FieldStatus = FieldStatus.uncertain
    confidence: float = 0.0
    set_by: str = "machine"
    page_id: int | None = None
    bbox: tuple[int, int, int, int] | None = None
    messages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", nfc(self.value))
        object.__setattr__(self, "normalized", nfc(self.normalized))
        object.__setattr__(self, "status", FieldStatus(self.status))

    def with_status(self, status: FieldStatus, by: str) -> "Field":
        return replace(self, status=status, set_by=by)


@dataclass(frozen=True, slots=True)
class Record:
    template_id: str
    fields: dict[str, Field] = field(default_factory=dict)
    document_id: int | None = None
