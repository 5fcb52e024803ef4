"""A generated archive for the farm's tests and benchmark: one folder per book, filled
forms as multi-page PDFs, multi-page TIFFs and single images, one book with a
``batch.toml`` and others named only by their folder, and — on request — a truncated file.
Returns what a correct run must find (pages per book, the bad files)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from .forms import make_form
from .pages import to_pdf_bytes, to_tiff_bytes


@dataclass
class ArchiveTruth:
    pages: dict[str, int] = field(default_factory=dict)  # book -> source pages in good files
    files: dict[str, int] = field(default_factory=dict)  # "book/rel" -> pages
    bad: dict[str, str] = field(default_factory=dict)  # "book/rel" -> expected reason code
    truth: dict[str, list[dict]] = field(default_factory=dict)  # "book/rel" -> per page field truth


BOOKS = (
    # folder name, batch.toml (or None), template of its pages
    ("KS-1998-Q02", {"office": "UBND xã Tân Phú", "record_family": "civil_status", "book_type": "Sổ đăng ký khai sinh",
                     "volume": "02", "year": "1998"}, "civil.birth_extract"),
    ("Quyển 05 khai tử 2003", None, "civil.death_extract"),
    ("GCN xã Hòa An", None, "procedure.result"),
)


def make_archive(root: Path, pages_per_book: int = 7, seed: int = 5, truncated: bool = True,
                 layout: str = "classic", books: int = 3) -> ArchiveTruth:
    """Write the archive under ``root`` (created); ``pages_per_book`` good pages per book, as
    one PDF, one TIFF and single PNGs."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    out = ArchiveTruth()
    for b_i, (name, meta, template) in enumerate(BOOKS[:books]):
        folder = root / name
        folder.mkdir()
        if meta:
            lines = "".join(f'{k} = "{v}"\n' for k, v in meta.items())
            (folder / "batch.toml").write_text(f"[batch]\n{lines}", "utf-8")
        samples = [make_form(seed * 1000 + b_i * 100 + i, template, rng.choice(["clean", "scanner"]),
                             "printed", layout) for i in range(pages_per_book)]
        n_pdf = max(1, pages_per_book // 2)
        n_tif = max(0, min(2, pages_per_book - n_pdf - 1))
        groups = [("scan-001.pdf", samples[:n_pdf]), ("scan-002.tif", samples[n_pdf:n_pdf + n_tif])]
        groups += [(f"trang-{i + 1:03d}.png", [s]) for i, s in enumerate(samples[n_pdf + n_tif:])]
        for fname, group in groups:
            if not group:
                continue
            imgs = [s.image for s in group]
            if fname.endswith(".pdf"):
                data = to_pdf_bytes(imgs)
            elif fname.endswith(".tif"):
                data = to_tiff_bytes(imgs)
            else:
                import cv2

                data = cv2.imencode(".png", imgs[0][:, :, ::-1])[1].tobytes()
            (folder / fname).write_bytes(data)
            out.files[f"{name}/{fname}"] = len(group)
            out.truth[f"{name}/{fname}"] = [s.truth for s in group]
        out.pages[name] = pages_per_book
    if truncated:
        first = BOOKS[0][0]
        data = (root / first / "scan-001.pdf").read_bytes()
        (root / first / "scan-003-copy-interrupted.pdf").write_bytes(data[: len(data) // 2])
        out.bad[f"{first}/scan-003-copy-interrupted.pdf"] = "truncated"
    return out
