"""The OCR result tree: Document → Page → Block → Line → Word.

Pure, frozen values with geometry (pixel boxes in the cleaned page image) and
confidence in [0, 1]. Every text value is NFC. The tree serialises to and from
plain JSON so it can be stored per page and exported.

This module never touches files, images or engines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from .text import nfc


@dataclass(frozen=True, slots=True)
class BBox:
    """Axis-aligned box in page pixels: left, top, right (exclusive), bottom (exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int

    def __post_init__(self) -> None:
        if self.x1 < self.x0 or self.y1 < self.y0:
            raise ValueError(f"inverted box {self.as_list()}")

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def as_list(self) -> list[int]:
        return [self.x0, self.y0, self.x1, self.y1]

    def union(self, other: "BBox") -> "BBox":
        return BBox(min(self.x0, other.x0), min(self.y0, other.y0),
                    max(self.x1, other.x1), max(self.y1, other.y1))

    def vertical_overlap(self, other: "BBox") -> float:
        """Overlap of the two boxes' vertical extents, as a share of the smaller height."""
        inter = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = max(1, min(self.height, other.height))
        return max(0.0, inter / smaller)

    @staticmethod
    def enclosing(boxes: Iterable["BBox"]) -> "BBox":
        boxes = list(boxes)
        if not boxes:
            raise ValueError("no boxes")
        out = boxes[0]
        for b in boxes[1:]:
            out = out.union(b)
        return out

    @staticmethod
    def from_list(values: Iterable[int]) -> "BBox":
        x0, y0, x1, y1 = (int(v) for v in values)
        return BBox(x0, y0, x1, y1)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    bbox: BBox
    confidence: float
    #: the recogniser(s) the word's reading came from, where a line mixes them ("" = the line's)
    engine: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", nfc(self.text))
        object.__setattr__(self, "confidence", _clamp(self.confidence))


@dataclass(frozen=True, slots=True)
class Line:
    """A text line as read, with the recogniser that produced it (``engine``)."""

    words: tuple[Word, ...]
    bbox: BBox
    confidence: float
    engine: str = ""
    #: Angle (degrees) of the line's baseline in the page image, 0 when level.
    angle: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(self.words))
        object.__setattr__(self, "confidence", _clamp(self.confidence))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if w.text)


@dataclass(frozen=True, slots=True)
class Block:
    lines: tuple[Line, ...]
    bbox: BBox

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class PageLayout:
    """One page's OCR result. ``width``/``height`` are those of the image that was read."""

    width: int
    height: int
    blocks: tuple[Block, ...] = ()
    engine: str = ""
    #: Extra facts the engine wants kept (timings, per-line choices); JSON-safe values only.
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", tuple(self.blocks))

    def lines(self) -> Iterator[Line]:
        for block in self.blocks:
            yield from block.lines

    def words(self) -> Iterator[Word]:
        for line in self.lines():
            yield from line.words

    @property
    def text(self) -> str:
        """Reading-order text: one text line per line, blocks separated by a newline."""
        return "\n".join(line.text for line in self.lines() if line.text)

    @property
    def mean_confidence(self) -> float:
        words = [w for w in self.words() if w.text]
        if not words:
            return 0.0
        total = sum(len(w.text) for w in words)
        return sum(w.confidence * len(w.text) for w in words) / total

    # --- JSON -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "page",
            "width": self.width,
            "height": self.height,
            "engine": self.engine,
            "meta": self.meta,
            "blocks": [
                {
                    "bbox": b.bbox.as_list(),
                    "lines": [
                        {
                            "bbox": ln.bbox.as_list(),
                            "confidence": round(ln.confidence, 4),
                            "engine": ln.engine,
                            "angle": round(ln.angle, 3),
                            "text": ln.text,
                            "words": [
                                {"text": w.text, "bbox": w.bbox.as_list(),
                                 "confidence": round(w.confidence, 4), **({"engine": w.engine} if w.engine else {})}
                                for w in ln.words
                            ],
                        }
                        for ln in b.lines
                    ],
                }
                for b in self.blocks
            ],
        }

    @staticmethod
    def from_dict(data: dict[str, Any]) -> "PageLayout":
        blocks = []
        for b in data.get("blocks", []):
            lines = []
            for ln in b.get("lines", []):
                words = tuple(Word(w["text"], BBox.from_list(w["bbox"]), float(w["confidence"]), w.get("engine", ""))
                              for w in ln.get("words", []))
                lines.append(Line(words, BBox.from_list(ln["bbox"]), float(ln["confidence"]),
                                  ln.get("engine", ""), float(ln.get("angle", 0.0))))
            blocks.append(Block(tuple(lines), BBox.from_list(b["bbox"])))
        return PageLayout(int(data["width"]), int(data["height"]), tuple(blocks),
                          data.get("engine", ""), dict(data.get("meta", {})))


@dataclass(frozen=True, slots=True)
class DocumentLayout:
    pages: tuple[PageLayout, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"type": "document", "pages": [p.to_dict() for p in self.pages]}

    @property
    def text(self) -> str:
        """Pages separated by a form feed, as ``scanner-station ocr`` writes them."""
        return "\f".join(p.text for p in self.pages)


def _clamp(value: float) -> float:
    value = float(value)
    if value != value:  # NaN
        return 0.0
    return min(1.0, max(0.0, value))


def rows_by_overlap(items: list, bbox_of, min_overlap: float = 0.5) -> list[list]:
    """Group items into text rows (top to bottom, each row left to right): an item joins the
    first row whose extent overlaps it vertically by more than ``min_overlap``."""
    rows: list[list] = []
    for item in sorted(items, key=lambda it: bbox_of(it).center[1]):
        box = bbox_of(item)
        for row in rows:
            if BBox.enclosing(bbox_of(x) for x in row).vertical_overlap(box) > min_overlap:
                row.append(item)
                break
        else:
            rows.append([item])
    for row in rows:
        row.sort(key=lambda it: bbox_of(it).x0)
    rows.sort(key=lambda r: min(bbox_of(x).y0 for x in r))
    return rows
