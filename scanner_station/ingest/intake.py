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
import stat
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DiskFull, InputFileError, is_disk_full
from ..domain.records import DEFAULT_BATCH_NAME, BatchInfo
from ..domain.text import nfc, safe_filename
from ..imaging.sources import inspect_data
from ..storage.workspace import Workspace, write_private
from .safe_read import (StillChanging, check_entry, printable_name, read_regular, read_small_text,
                        same_file)

log = logging.getLogger(__name__)

SIDECAR = "batch.toml"
IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".reason.txt")


@dataclass(frozen=True, slots=True)
class IntakeResult:
    status: str  # accepted | duplicate | quarantined | skipped | waiting (disk full)
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
        return BatchInfo(DEFAULT_BATCH_NAME)
    if len(rel.parts) < 2:
        return BatchInfo(DEFAULT_BATCH_NAME)
    folder = inbox / rel.parts[0]
    name = nfc(rel.parts[0])
    sidecar = folder / SIDECAR
    if os.path.lexists(sidecar):
        try:
            text = read_small_text(sidecar, inbox)
        except (InputFileError, OSError) as exc:
            raise InputFileError("bad_batch_file", "the batch file is a link, a special file or "
                                 "unreadable", path=str(sidecar),
                                 hint="put an ordinary batch.toml file into the batch folder") from exc
        try:
            data = tomllib.loads(text)
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
    write_private(tmp, data, exclusive=False)  # a half-written original is never left behind
    os.replace(tmp, target)
    os.chmod(target, stat.S_IRUSR)  # read-only, this account only


def quarantine_name(name: str) -> str:
    """A quarantine file name from an outside name: safe characters, short enough that the
    stamp and ``.reason.txt`` still fit in 255 bytes, its extension kept."""
    name = safe_filename(name)
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 8:
        stem, ext = name, ""
    budget = 180 - len(ext.encode()) - 1
    while len(stem.encode()) > budget:
        stem = stem[:-1]
    return f"{stem}.{ext}" if ext else stem


def quarantine(ws: Workspace, path: Path, code: str, message: str, hint: str,
               sha256: str | None = None, keep_source: bool = False, data: bytes | None = None,
               st: os.stat_result | None = None) -> IntakeResult:
    """Put ``path`` into ``quarantine/`` with a reason file, and record it.

    ``data`` (the bytes already read through one descriptor) is written there and the inbox
    entry removed only if it is still the file that was read. Without ``data`` the entry is
    moved by renaming it — a link stays a link, a pipe a pipe; nothing is followed, opened or
    copied. A file named on the command line (``keep_source``) stays where it is. If the entry
    cannot be placed (no access, another file system), it stays and the reason file says so.
    """
    shown = printable_name(nfc(path.name))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = quarantine_name(shown)
    target = ws.quarantine / f"{stamp}-{base}"
    n = 1
    while os.path.lexists(target):
        target = ws.quarantine / f"{stamp}-{n}-{base}"
        n += 1
    placed = True
    if data is not None and not ws.space_ok(len(data)):
        raise DiskFull("no room to quarantine the file", path=shown)
    try:
        if data is not None:
            write_private(target, data)
            if not keep_source and st is not None and same_file(path, st):
                path.unlink()
        elif keep_source:
            placed = False
        else:
            os.rename(path, target)
    except OSError as exc:
        if is_disk_full(exc):
            raise
        placed = False  # e.g. unreadable, the inbox is read-only for us, another file system
    reason = f"{message}\nWhat to do: {hint}\n" if hint else message + "\n"
    if not placed:
        reason += "The file could not be copied or moved and is still where it was.\n"
    write_private(ws.quarantine / f"{target.name}.reason.txt",
                   f"file: {shown}\nreason: {code}\n{reason}".encode("utf-8"))
    ws.store.add_quarantine(sha256=sha256, original_name=shown, reason_code=code, reason=message,
                            path=str(target if placed else path))
    log.warning("quarantined %s: %s", shown, code)
    return IntakeResult("quarantined", str(path), reason_code=code, message=message)


def _in_inbox(ws: Workspace, path: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(ws.inbox))
        return True
    except ValueError:
        return False


def intake(ws: Workspace, path: Path, batch: BatchInfo | None = None,
           remove_source: bool = True, max_pixels: int | None = None) -> IntakeResult:
    """Take one complete file. ``remove_source=False`` leaves it in place (``ingest`` CLI).

    A file in the inbox is judged without following anything (``safe_read``); a file named
    on the command line may be a link the user chose, but must still be an ordinary file.
    A file that changed while it was read is ``skipped`` (taken again once stable); with the
    disk full it is ``waiting``: left in the inbox untouched, nothing half-written kept.
    """
    try:
        return _intake(ws, Path(path), batch, remove_source, max_pixels)
    except Exception as exc:
        if is_disk_full(exc):
            return _waiting(Path(path))
        raise


def _intake(ws: Workspace, path: Path, batch: BatchInfo | None, remove_source: bool,
            max_pixels: int | None) -> IntakeResult:
    if not is_candidate(path):
        return IntakeResult("skipped", str(path))
    cfg = ws.config
    max_pixels = max_pixels or cfg.max_pixels
    max_bytes = cfg.max_input_mib * 2**20
    keep = not remove_source
    in_inbox = _in_inbox(ws, path)
    try:
        expect = check_entry(path, ws.inbox) if in_inbox else None
    except FileNotFoundError:
        return IntakeResult("skipped", str(path), message="the file is gone")
    except InputFileError as exc:
        entry = Path(exc.path or path)
        return quarantine(ws, entry, exc.reason_code, exc.message, exc.hint, keep_source=keep)
    except OSError as exc:
        return IntakeResult("skipped", str(path), message=f"cannot look at the file ({exc.strerror})")
    if expect is not None and not ws.space_ok(expect.st_size, cfg.min_free_mib):
        return _waiting(path)  # not even read while there is no room for it
    data = st = None
    try:
        if batch is None:
            batch = batch_for(path, ws.inbox)
        if in_inbox:
            data, st = read_regular(path, max_bytes, expect=expect)
        else:
            data, st = read_regular_named(path, max_bytes)
        info = inspect_data(data, printable_name(path.name), max_pixels=max_pixels)
    except StillChanging:
        return IntakeResult("skipped", str(path), message="the file changed while it was read; "
                            "it is taken once it is complete")
    except InputFileError as exc:
        sha = sha256_bytes(data) if data is not None else None
        return quarantine(ws, path, exc.reason_code, exc.message, exc.hint, sha, keep_source=keep,
                          data=data, st=st)
    except OSError as exc:
        return quarantine(ws, path, "unreadable", f"cannot read the file ({exc.strerror})",
                          "check the file's permissions; the station needs read access",
                          keep_source=keep)
    if not ws.space_ok(len(data), cfg.min_free_mib):
        return _waiting(path)
    return _keep(ws, path, data, st, info, batch, remove_source)


_disk_full_logged = False


def _waiting(path: Path) -> IntakeResult:
    """No room for the file: it stays in the inbox, untouched, and is taken when there is."""
    global _disk_full_logged
    if not _disk_full_logged:
        log.warning("the disk is full: inbox files wait until space is freed")
        _disk_full_logged = True
    return IntakeResult("waiting", str(path), message="the disk is full: the file stays in the inbox "
                        "and is taken once disk space is freed")


def _keep(ws: Workspace, path: Path, data: bytes, st, info, batch, remove_source: bool) -> IntakeResult:
    global _disk_full_logged
    sha = sha256_bytes(data)
    store = ws.store
    existing = store.file_by_sha(sha)
    if existing is not None:
        store.add_duplicate(existing["id"], printable_name(nfc(path.name)))
        if remove_source and same_file(path, st):
            path.unlink(missing_ok=True)
        return IntakeResult("duplicate", str(path), existing["id"],
                            message=f"same content as '{existing['original_name']}' (already taken)")
    target = original_path(ws, sha, info.kind)
    _write_readonly(target, data)
    batch_id = store.ensure_batch(batch)
    file_id = store.add_file(sha256=sha, original_name=printable_name(path.name), size=len(data),
                             kind=info.kind, page_count=info.page_count, batch_id=batch_id,
                             stored_path=str(target.relative_to(ws.root)))
    if remove_source and same_file(path, st):
        path.unlink(missing_ok=True)
    _disk_full_logged = False
    log.info("accepted file #%d (%d pages)", file_id, info.page_count)
    return IntakeResult("accepted", str(path), file_id)


def read_regular_named(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """A file named on the command line: links are the user's choice, but it must resolve to an
    ordinary file (a pipe or device would hang or never end)."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError("not_regular_file", "the path is not an ordinary file", path=str(path),
                             hint="name a PDF, TIFF, JPEG or PNG file")
    real = Path(os.path.realpath(path))
    data, st = read_regular(real, max_bytes)
    return data, st
