"""Backups of a workspace while the station runs, their verification, and restoring one.

``backup(ws, dest)`` makes a consistent copy into the folder ``dest``:

- ``station.db`` through SQLite's online backup API (a consistent snapshot while the
  watcher and the app keep writing), checked with ``PRAGMA integrity_check``;
- the files: ``originals/`` (content-addressed: a file already in the backup is never copied
  again), ``derived/``, ``quarantine/``, ``templates/``, ``exports/``, ``station.toml``;
  ``keys/`` only when asked (a backup disk should not carry the signing key by default);
- ``backup-manifest.json``: every file with its size and SHA-256, written last, so a backup
  interrupted half-way is never taken for a complete one; the next run continues it.

Incremental: a file already in the backup with the same size (and, outside the
content-addressed originals, the same modification time) is not read again; its hash comes
from the previous manifest. ``verify(dest)`` re-hashes everything against the manifest;
``restore(dest, target)`` rebuilds a workspace from it (each file checked on the way).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import ExitCode, StationError

MANIFEST = "backup-manifest.json"
FOLDERS = ("originals", "derived", "quarantine", "templates", "exports")
FILES = ("station.toml", ".workspace-id")
FORMAT = 1


class BackupError(StationError):
    exit_code = ExitCode.verification_failed


@dataclass
class BackupReport:
    dest: Path
    copied: int = 0
    reused: int = 0
    bytes_copied: int = 0
    files: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _copy(src: Path, dst: Path) -> str:
    """Copy through a temporary name (a half-copied file is never in place); return the SHA-256
    of what was written."""
    dst.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = dst.with_name(dst.name + ".part")
    h = hashlib.sha256()
    with open(src, "rb") as fi, open(part, "wb") as fo:
        for chunk in iter(lambda: fi.read(1 << 20), b""):
            h.update(chunk)
            fo.write(chunk)
        fo.flush()
        os.fsync(fo.fileno())
    shutil.copystat(src, part)
    os.replace(part, dst)
    return h.hexdigest()


def _load_manifest(dest: Path) -> dict:
    try:
        return json.loads((dest / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise BackupError("the backup's manifest cannot be read", path=str(dest / MANIFEST),
                          hint="make a new backup into an empty folder") from exc


def _walk(root: Path, with_keys: bool) -> list[str]:
    rels = [f for f in FILES if (root / f).is_file()]
    for folder in FOLDERS + (("keys",) if with_keys else ()):
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                p = Path(dirpath) / name
                if name.endswith((".part", ".tmp")) or p.is_symlink() or not p.is_file():
                    continue
                rels.append(p.relative_to(root).as_posix())
    return sorted(rels)


def backup(ws, dest: Path, with_keys: bool = False) -> BackupReport:
    """A consistent, incremental backup of workspace ``ws`` into folder ``dest``."""
    from .. import __version__

    t0 = time.monotonic()
    dest = Path(dest).expanduser().resolve()
    root = ws.root
    if dest == root or root in dest.parents:
        raise BackupError("the backup folder is inside the workspace", path=str(dest),
                          hint="back up to another disk (a USB disk or a network share)")
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    old = _load_manifest(dest)
    ident = _workspace_id(ws)
    if old and old.get("workspace_id") != ident:
        raise BackupError("this folder holds the backup of another workspace", path=str(dest),
                          hint="use an empty folder, or the one this workspace was backed up to")
    previous = {e["path"]: e for e in old.get("files", [])}
    report = BackupReport(dest)
    # the database first: what it references exists by then (originals are never deleted)
    db_part = dest / "station.db.part"
    db_part.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{ws.db_path}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(str(db_part))
    try:
        src.backup(dst, pages=4096)
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
        records = dst.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        audit = dst.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if ok != "ok":
        db_part.unlink(missing_ok=True)
        raise BackupError(f"the database copy fails its integrity check ({ok})", path=str(ws.db_path),
                          hint="run `scanner-station doctor`; restore the last good backup if it fails too")
    with open(db_part, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(db_part, dest / "station.db")
    entries = [{"path": "station.db", "size": (dest / "station.db").stat().st_size,
                "sha256": _sha256(dest / "station.db")}]
    for rel in _walk(root, with_keys):
        src_path, dst_path = root / rel, dest / rel
        st = src_path.stat()
        prev = previous.get(rel)
        content_addressed = rel.startswith("originals/")
        if prev and dst_path.is_file() and prev["size"] == st.st_size == dst_path.stat().st_size and \
                (content_addressed or prev.get("mtime_ns") == st.st_mtime_ns):
            digest = prev["sha256"]
            report.reused += 1
        else:
            digest = _copy(src_path, dst_path)
            report.copied += 1
            report.bytes_copied += st.st_size
        entries.append({"path": rel, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest})
    # files the workspace no longer has (a page re-read, a template replaced) leave the backup;
    # originals never do
    current = {e["path"] for e in entries}
    for rel in previous:
        if rel not in current and not rel.startswith("originals/"):
            (dest / rel).unlink(missing_ok=True)
        elif rel not in current:
            entries.append(previous[rel])
    report.files = len(entries)
    manifest = {"format": FORMAT, "software_version": __version__, "workspace": str(root),
                "workspace_id": ident,
                "created_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
                "records": records, "audit_entries": audit, "with_keys": with_keys,
                "files": sorted(entries, key=lambda e: e["path"])}
    part = dest / (MANIFEST + ".part")
    part.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    os.replace(part, dest / MANIFEST)
    _note_backup(ws, dest, manifest["created_at"])
    report.seconds = time.monotonic() - t0
    return report


def _workspace_id(ws) -> str:
    """A stable identity of the workspace (made at its first backup, restored with it)."""
    import uuid

    path = ws.root / ".workspace-id"
    try:
        return path.read_text("utf-8").strip()
    except FileNotFoundError:
        ident = uuid.uuid4().hex
        path.write_text(ident, "utf-8")
        return ident


def _note_backup(ws, dest: Path, when: str) -> None:
    info = {"last_backup": when, "dest": str(dest)}
    part = ws.root / ".last-backup.json.part"
    part.write_text(json.dumps(info), "utf-8")
    os.replace(part, ws.root / ".last-backup.json")


def last_backup(root: Path) -> dt.datetime | None:
    """When this workspace was last backed up (None: never)."""
    try:
        info = json.loads((Path(root) / ".last-backup.json").read_text("utf-8"))
        return dt.datetime.fromisoformat(info["last_backup"])
    except (OSError, ValueError, KeyError):
        return None


def backup_age_days(root: Path) -> float | None:
    when = last_backup(root)
    if when is None:
        return None
    return (dt.datetime.now(dt.timezone.utc) - when).total_seconds() / 86400


def verify(dest: Path) -> BackupReport:
    """Re-hash every file of a backup against its manifest; check the database copy."""
    dest = Path(dest)
    manifest = _load_manifest(dest)
    if not manifest:
        raise BackupError("no backup here (no backup-manifest.json)", path=str(dest),
                          hint="give the folder a backup was made into; an interrupted backup has no "
                               "manifest until it is run again")
    report = BackupReport(dest)
    for e in manifest["files"]:
        p = dest / e["path"]
        if not p.is_file():
            report.problems.append(f"missing: {e['path']}")
        elif p.stat().st_size != e["size"] or _sha256(p) != e["sha256"]:
            report.problems.append(f"changed: {e['path']}")
        report.files += 1
    if (dest / "station.db").is_file():
        con = sqlite3.connect(f"file:{dest / 'station.db'}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            ok = str(exc)
        finally:
            con.close()
        if ok != "ok":
            report.problems.append(f"station.db integrity: {ok}")
    return report


def restore(dest: Path, target: Path) -> BackupReport:
    """A workspace at ``target`` (a new or empty folder) from the backup in ``dest``."""
    dest, target = Path(dest), Path(target).expanduser().resolve()
    manifest = _load_manifest(dest)
    if not manifest:
        raise BackupError("no backup here (no backup-manifest.json)", path=str(dest),
                          hint="give the folder a backup was made into")
    if target.exists() and any(target.iterdir()):
        raise StationError("the folder to restore into is not empty", path=str(target),
                           hint="restore into a new folder; nothing was changed")
    report = BackupReport(target)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        for e in manifest["files"]:
            src = dest / e["path"]
            if not src.is_file():
                raise BackupError("a file of the backup is missing", path=e["path"],
                                  hint="run `scanner-station backup --verify`; use an older backup")
            if _copy(src, target / e["path"]) != e["sha256"]:
                raise BackupError("a file of the backup does not match its manifest", path=e["path"],
                                  hint="run `scanner-station backup --verify`; use an older backup")
            report.copied += 1
            report.bytes_copied += e["size"]
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # nothing half-restored stays
        raise
    from .workspace import SUBDIRS
    for d in SUBDIRS:
        (target / d).mkdir(exist_ok=True, mode=0o700)
    report.files = len(manifest["files"])
    return report
