"""Taking one file from the inbox into the station (the consume chain's front door).

Order of steps, each able to stop with a reason (after paperless-ngx's consume
plugins): skip non-inputs → inspect (complete, readable, a real PDF/TIFF/JPEG/PNG
within the pixel limit) → hash → duplicate check → keep the original bytes
(content-addressed, read-only) → record the file and queue its pages in one
transaction → remove it from the inbox.

Nothing is ever lost: a bad file goes to ``quarantine/`` with a reason file and
a database row; the original bytes of every accepted file stay in
``originals/``. Messages name files, never their content.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import InputFileError
from ..domain.records import BatchInfo
from ..domain.text import nfc, safe_filename
from ..imaging.sources import inspect_file
from ..storage.workspace import Workspace

log = logging.getLogger(__name__)

SIDECAR = "batch.toml"
DEFAULT_BATCH = "chưa phân lô"  # "not yet batched"
IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".reason.txt")


@dataclass(frozen=True, slots=True)
class IntakeResult:
    status: str  # accepted | duplicate | quarantined | skipped
    path: str
    file_id: int | None = None
    reason_code: str = ""
    message: str = ""


def is_candidate(path: Path) -> bool:
    """Whether a path in the inbox is an input to take (not a sidecar, temp or hidden file)."""
    name = path.name
    if name.startswith((".", "~$")) or name == SIDECAR:
        return False
    return not name.lower().endswith(IGNORED_SUFFIXES)


def batch_for(path: Path, inbox: Path) -> BatchInfo:
    """The batch a file belongs to: its first-level subfolder of the inbox (with an optional
    ``batch.toml`` naming office, book type, volume, year…), else the default batch."""
    try:
        rel = path.relative_to(inbox)
    except ValueError:
        return BatchInfo(DEFAULT_BATCH)
    if len(rel.parts) < 2:
        return BatchInfo(DEFAULT_BATCH)
    folder = inbox / rel.parts[0]
    name = nfc(rel.parts[0])
    sidecar = folder / SIDECAR
    if sidecar.exists():
        try:
            data = tomllib.loads(sidecar.read_text("utf-8"))
            return BatchInfo.from_mapping(data.get("batch", data), name)
        except (tomllib.TOMLDecodeError, ValueError, TypeError) as exc:
            raise InputFileError("bad_batch_file", f"the batch file is invalid: {exc}",
                                 path=str(sidecar), hint="fix batch.toml (keys: "
                                 + ", ".join(BatchInfo.keys()) + ")") from exc
    return BatchInfo(name)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def original_path(ws: Workspace, sha256: str, kind: str) -> Path:
    ext = {"jpeg": ".jpg", "tiff": ".tif"}.get(kind, "." + kind)
    return ws.originals / sha256[:2] / f"{sha256}{ext}"


def _write_readonly(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        with target.open("rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() == target.stem:
                return
        os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def quarantine(ws: Workspace, path: Path, code: str, message: str, hint: str,
               sha256: str | None = None, keep_source: bool = False) -> IntakeResult:
    """Put ``path`` into ``quarantine/`` with a reason file, and record it.

    The inbox's file is moved; a file named on the command line (``keep_source``) stays
    where it is and a copy is quarantined. If neither is possible (no read or write
    access), the file stays in place and the reason file says so.
    """
    name = nfc(path.name)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = ws.quarantine / f"{stamp}-{safe_filename(name)}"
    n = 1
    while target.exists():
        target = ws.quarantine / f"{stamp}-{n}-{safe_filename(name)}"
        n += 1
    placed = True
    try:
        if keep_source:
            shutil.copyfile(path, target)
        else:
            shutil.move(str(path), str(target))
    except OSError:
        placed = False  # e.g. unreadable, or the inbox is read-only for us
    reason = f"{message}\nWhat to do: {hint}\n" if hint else message + "\n"
    if not placed:
        reason += "The file could not be copied or moved and is still where it was.\n"
    (ws.quarantine / f"{target.name}.reason.txt").write_text(
        f"file: {name}\nreason: {code}\n{reason}", "utf-8")
    ws.store.add_quarantine(sha256=sha256, original_name=name, reason_code=code, reason=message,
                            path=str(target if placed else path))
    log.warning("quarantined %s: %s", name, code)
    return IntakeResult("quarantined", str(path), reason_code=code, message=message)


def intake(ws: Workspace, path: Path, batch: BatchInfo | None = None,
           remove_source: bool = True, max_pixels: int | None = None) -> IntakeResult:
    """Take one complete file. ``remove_source=False`` leaves it in place (``ingest`` CLI)."""
    path = Path(path)
    if not is_candidate(path):
        return IntakeResult("skipped", str(path))
    max_pixels = max_pixels or ws.config.max_pixels
    try:
        if batch is None:
            batch = batch_for(path, ws.inbox)
        info = inspect_file(path, max_pixels=max_pixels)
        data = path.read_bytes()
    except InputFileError as exc:
        sha = None
        try:
            sha = sha256_bytes(path.read_bytes())
        except OSError:
            pass
        return quarantine(ws, path, exc.reason_code, exc.message, exc.hint, sha,
                          keep_source=not remove_source)
    except OSError as exc:
        return quarantine(ws, path, "unreadable", f"cannot read the file ({exc.strerror})",
                          "check the file's permissions; the station needs read access",
                          keep_source=not remove_source)
    sha = sha256_bytes(data)
    store = ws.store
    existing = store.file_by_sha(sha)
    if existing is not None:
        store.add_duplicate(existing["id"], path.name)
        if remove_source:
            path.unlink(missing_ok=True)
        return IntakeResult("duplicate", str(path), existing["id"],
                            message=f"same content as '{existing['original_name']}' (already taken)")
    target = original_path(ws, sha, info.kind)
    _write_readonly(target, data)
    batch_id = store.ensure_batch(batch)
    file_id = store.add_file(sha256=sha, original_name=path.name, size=len(data), kind=info.kind,
                             page_count=info.page_count, batch_id=batch_id,
                             stored_path=str(target.relative_to(ws.root)))
    if remove_source:
        path.unlink(missing_ok=True)
    log.info("accepted file #%d (%d pages)", file_id, info.page_count)
    return IntakeResult("accepted", str(path), file_id)
