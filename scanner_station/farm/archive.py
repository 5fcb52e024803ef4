"""An archive of scanned books as the farm sees it: one folder per book, files below it.

The archive is read, never changed (earlier projects' scans are often on read-only shares).
A book's metadata comes from its ``batch.toml`` (the inbox's batch file); a book without
one takes its name from the folder and a year and volume found in it, and says so
(``meta_source = "folder name"``). Entries are judged without following anything: a link,
a special file or a name with control characters is quarantined with its reason, by record
(the archive stays as it was). Paths go through ``fsspec`` so an object store can take the
shared file system's place; the local file system keeps the ``lstat`` rules.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..domain.errors import InputFileError
from ..domain.records import BatchInfo
from ..domain.text import fold, nfc
from ..ingest.intake import SIDECAR, is_candidate
from ..ingest.safe_read import bad_name_reason, printable_name, read_regular

ROOT_BOOK = "(archive root)"


@dataclass
class Book:
    name: str
    folder: str  # the book folder (a local path or an fsspec URL)
    meta: BatchInfo
    meta_source: str  # "batch.toml" | "folder name" | "folder name (batch.toml invalid: …)"
    entries: list[tuple[str, int, int]] = field(default_factory=list)  # rel path, size, mtime_ns
    refused: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # + code, reason


def is_local(url: str) -> bool:
    return "://" not in url or url.startswith("file://")


def local_path(url: str) -> Path:
    return Path(url[len("file://"):] if url.startswith("file://") else url)


def join(folder: str, rel: str) -> str:
    return str(local_path(folder) / rel) if is_local(folder) else folder.rstrip("/") + "/" + rel


def meta_from_name(name: str) -> BatchInfo:
    """A book's metadata from its folder name only: the name, a year (4 digits) and a volume
    (``Q3``, ``quyen 03``, ``Quyển 3``) when the name has them."""
    folded = fold(name)
    year = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", folded)
    vol = re.search(r"(?:quyen|q)[ _.-]*0*(\d{1,3})(?!\d)", folded)
    return BatchInfo(nfc(name), year=year.group(1) if year else "", volume=vol.group(1) if vol else "")


def book_meta(folder: str, name: str, read_text) -> tuple[BatchInfo, str]:
    try:
        text = read_text(join(folder, SIDECAR))
    except FileNotFoundError:
        return meta_from_name(name), "folder name"
    except (OSError, InputFileError, UnicodeDecodeError) as exc:
        return meta_from_name(name), f"folder name (batch.toml unreadable: {type(exc).__name__})"
    try:
        data = tomllib.loads(text)
        return BatchInfo.from_mapping(data.get("batch", data), nfc(name)), "batch.toml"
    except (tomllib.TOMLDecodeError, ValueError, TypeError) as exc:
        return meta_from_name(name), f"folder name (batch.toml invalid: {str(exc)[:120]})"


def walk(archive: str) -> Iterator[Book]:
    """The archive's books in name order, each with its entries listed (nothing read yet)."""
    if is_local(archive):
        yield from _walk_local(local_path(archive))
    else:
        yield from _walk_fsspec(archive)


def _read_local_text(path: str, limit: int = 64 * 1024) -> str:
    """A book's ``batch.toml`` by the inbox's reader: never through a link, never a pipe."""
    if not os.path.lexists(path):
        raise FileNotFoundError(path)
    return read_regular(Path(path), limit, allow_hard_links=True)[0].decode("utf-8")


def _walk_local(root: Path) -> Iterator[Book]:
    if not root.is_dir():
        raise InputFileError("not_found", "the archive folder does not exist or is not a folder",
                             path=str(root), hint="pass the folder that holds one folder per book")
    loose: list[os.DirEntry] = []
    folders: list[os.DirEntry] = []
    with os.scandir(root) as it:
        for e in it:
            (folders if e.is_dir(follow_symlinks=False) else loose).append(e)
    if any(is_candidate(Path(e.name)) for e in loose):
        book = Book(ROOT_BOOK, str(root), BatchInfo(ROOT_BOOK), "archive root (files outside book folders)")
        for e in sorted(loose, key=lambda e: e.name):
            _judge_local(book, root, Path(e.path))
        yield book
    for e in sorted(folders, key=lambda e: e.name):
        name = nfc(e.name)
        meta, source = book_meta(e.path, name, _read_local_text)
        book = Book(printable_name(name), e.path, meta, source)
        for dirpath, dirnames, filenames in os.walk(e.path, followlinks=False):
            dirnames.sort()
            for d in list(dirnames):  # a linked folder is listed as an entry, never entered
                if os.path.islink(os.path.join(dirpath, d)):
                    dirnames.remove(d)
                    _judge_local(book, Path(e.path), Path(dirpath) / d)
            for f in sorted(filenames):
                _judge_local(book, Path(e.path), Path(dirpath) / f)
        yield book


def _judge_local(book: Book, folder: Path, path: Path) -> None:
    rel = PurePosixPath(*path.relative_to(folder).parts).as_posix()
    if not is_candidate(path):
        return
    try:
        st = os.lstat(path)
    except OSError:
        return  # gone since listed
    why = bad_name_reason(path.name)
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        why = "the file name is not valid UTF-8"
    if why:
        book.refused.append((printable_name(rel).encode("utf-8", "replace").decode(), st.st_size, st.st_mtime_ns, "bad_name", why))
    elif stat.S_ISLNK(st.st_mode):
        book.refused.append((rel, st.st_size, st.st_mtime_ns, "symlink",
                             "the entry is a symbolic link; the farm never follows links in the archive"))
    elif not stat.S_ISREG(st.st_mode):
        book.refused.append((rel, st.st_size, st.st_mtime_ns, "not_regular_file",
                             "the entry is not an ordinary file (a pipe, socket or device)"))
    else:
        book.entries.append((rel, st.st_size, st.st_mtime_ns))  # as on disk: it is read by this name


def _mtime_ns(info: dict) -> int:
    """An fsspec entry's modification time (a number or a datetime, by file system), in ns."""
    m = info.get("mtime") or 0
    return int((m.timestamp() if hasattr(m, "timestamp") else float(m)) * 1e9)


def _walk_fsspec(archive: str) -> Iterator[Book]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(archive)
    proto = archive.split("://", 1)[0]

    def url(p: str) -> str:
        return f"{proto}://{p.lstrip('/')}" if proto != "memory" else f"memory://{p}"

    def read_text(u: str) -> str:
        try:
            return fs.cat_file(fsspec.core.url_to_fs(u)[1]).decode("utf-8")
        except (FileNotFoundError, KeyError):
            raise FileNotFoundError(u) from None

    for info in sorted(fs.ls(root, detail=True), key=lambda i: i["name"]):
        if info["type"] != "directory":
            continue
        path = info["name"]
        name = nfc(PurePosixPath(path).name)
        meta, source = book_meta(url(path), name, read_text)
        book = Book(printable_name(name), url(path), meta, source)
        for p, f in sorted(fs.find(path, detail=True).items()):
            rel = p[len(path):].lstrip("/")
            if f["type"] != "file" or not is_candidate(Path(rel)):
                continue
            book.entries.append((rel, int(f.get("size") or 0), _mtime_ns(f)))  # as stored: read by this name
        yield book
