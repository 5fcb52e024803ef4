"""Reading from a hostile inbox without ever leaving it.

The inbox is written by scanner software and often shared on the network, so
anything may appear in it: symbolic links (to ``/etc/shadow``, to another
workspace, to a folder), hard links to files elsewhere, FIFOs and device nodes,
a batch folder that is itself a link, names with line breaks or control
characters, a file swapped for another between the stability check and the
read, a file that never stops growing. Nothing there may make the station read
or move a file outside the inbox, or hang.

So every entry is judged by ``lstat`` (links are never followed), every folder
between the inbox and the file must be a real folder inside the inbox, and the
bytes are read through one descriptor opened with ``O_NOFOLLOW | O_NONBLOCK``
and checked with ``fstat`` to be the same regular file, with one name, not
changed while it was read. What is checked is exactly what is kept.

Refusals raise ``InputFileError`` (quarantined with the reason); a file that
changed while being read raises ``StillChanging`` (taken again once it is
stable).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..domain.errors import InputFileError

#: Beyond this many bytes in one name the station's own files (quarantine copy + reason file)
#: could not be written on common file systems (255 bytes a name).
MAX_NAME_BYTES = 240

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

_HINT_COPY = ("copy the scan itself (not a link to it) into the inbox; the station never follows "
              "links or special files there")


class StillChanging(Exception):
    """The file changed while it was being read: take it again once it is stable."""


def bad_name_reason(name: str) -> str | None:
    """Why a name cannot be taken as it is, or None."""
    if any(ord(ch) < 32 or ord(ch) == 127 or ch in "\u2028\u2029\u0085" for ch in name):
        return "the file name contains a line break or a control character"
    if len(os.fsencode(name)) > MAX_NAME_BYTES:
        return f"the file name is longer than {MAX_NAME_BYTES} bytes"
    return None


def printable_name(name: str) -> str:
    """A name safe to put in a log line or message: control characters shown as escapes."""
    return "".join(ch if (ord(ch) >= 32 and ord(ch) != 127 and ch not in "\u2028\u2029\u0085")
                   else f"\\x{ord(ch):02x}" for ch in name)


def check_entry(path: Path, inbox: Path) -> os.stat_result:
    """Judge an inbox entry without following it; return its ``lstat``.

    Raises ``InputFileError`` with ``path`` set to the entry to quarantine — the file itself,
    or the linked folder that leads to it (never anything outside the inbox).
    """
    inbox = Path(os.path.abspath(inbox))
    path = Path(os.path.abspath(path))
    try:
        rel = path.relative_to(inbox)
    except ValueError:
        raise InputFileError("outside_inbox", "the file is not inside the inbox", path=str(path),
                             hint="put the file into the inbox folder") from None
    if not rel.parts or ".." in rel.parts:
        raise InputFileError("outside_inbox", "the path leaves the inbox", path=str(path),
                             hint="put the file into the inbox folder")
    here = inbox
    for part in rel.parts[:-1]:
        here = here / part
        st = os.lstat(here)
        if stat.S_ISLNK(st.st_mode):
            raise InputFileError("linked_folder",
                                 "the batch folder is a link to a folder elsewhere; "
                                 "nothing is taken through it", path=str(here), hint=_HINT_COPY)
        if not stat.S_ISDIR(st.st_mode):
            raise InputFileError("not_regular_file", "a part of the path is not a folder",
                                 path=str(here), hint=_HINT_COPY)
    st = os.lstat(path)  # FileNotFoundError: gone, the caller skips it
    why = bad_name_reason(path.name)
    if why:
        raise InputFileError("bad_name", why, path=str(path),
                             hint="rename the file (no line breaks or control characters, "
                                  f"at most {MAX_NAME_BYTES} bytes) and put it back into the inbox")
    if stat.S_ISLNK(st.st_mode):
        if os.path.isdir(path):  # only classifies the message; nothing is read through it
            raise InputFileError("linked_folder", "the batch folder is a link to a folder elsewhere; "
                                 "nothing is taken through it", path=str(path), hint=_HINT_COPY)
        raise InputFileError("symlink", "the entry is a symbolic link; the station never follows "
                             "links in the inbox", path=str(path), hint=_HINT_COPY)
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError("not_regular_file", "the entry is a folder", path=str(path),
                             hint="batch folders belong directly in the inbox, one level deep")
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError("not_regular_file", f"the entry is not an ordinary file ({_kind(st)})",
                             path=str(path), hint=_HINT_COPY)
    if st.st_nlink > 1:
        raise InputFileError("hard_link", f"the file has {st.st_nlink} names on disk (a hard link to "
                             "a file that may be outside the inbox)", path=str(path), hint=_HINT_COPY)
    return st


def _kind(st: os.stat_result) -> str:
    mode = st.st_mode
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_regular(path: Path, max_bytes: int, expect: os.stat_result | None = None,
                 allow_hard_links: bool = False) -> tuple[bytes, os.stat_result]:
    """Read a regular file through one descriptor, never following a link or blocking on a
    pipe. ``expect``: the entry's ``lstat`` when it was judged; the opened file must be that
    same file (not swapped in between). ``allow_hard_links``: for a province's archive, where
    deduplicated copies are hard links (an inbox refuses them)."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY | _CLOEXEC)
    except OSError as exc:
        if exc.errno in (getattr(os, "ELOOP", 40), 40):  # O_NOFOLLOW on a link
            raise InputFileError("symlink", "the entry became a symbolic link", path=name,
                                 hint=_HINT_COPY) from exc
        raise InputFileError("unreadable", f"cannot read the file ({exc.strerror})", path=name,
                             hint="check the file's permissions; the station needs read access") from exc
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise InputFileError("not_regular_file", f"the entry is not an ordinary file ({_kind(before)})",
                                 path=name, hint=_HINT_COPY)
        if expect is not None and (before.st_ino, before.st_dev) != (expect.st_ino, expect.st_dev):
            raise StillChanging(name)  # swapped after it was judged: judge the new one
        if before.st_nlink > 1 and not allow_hard_links:
            raise InputFileError("hard_link", "the file has more than one name on disk (a hard link)",
                                 path=name, hint=_HINT_COPY)
        if before.st_size > max_bytes:
            raise InputFileError("too_large", f"the file has {before.st_size / 2**20:.0f} MiB "
                                 f"(limit {max_bytes / 2**20:.0f} MiB)", path=name,
                                 hint="split the scan into smaller files, or raise max_input_mib "
                                      "in the station config")
        if _NONBLOCK:
            os.set_blocking(fd, True)
        chunks, total = [], 0
        while total < before.st_size:  # never more than the size it had when opened
            chunk = os.read(fd, min(1 << 20, before.st_size - total))
            if not chunk:
                break
            total += len(chunk)
            chunks.append(chunk)
        if os.read(fd, 1):
            raise StillChanging(name)  # it grew while it was read
        after = os.fstat(fd)
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) \
                or total != before.st_size:
            raise StillChanging(name)
        return b"".join(chunks), before
    finally:
        os.close(fd)


def identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """Which file, at which size and modification: equal identities mean nothing changed."""
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


def same_file(path: Path, st: os.stat_result) -> bool:
    """Whether ``path`` is still the file that was read (so removing it loses nothing new)."""
    try:
        now = os.lstat(path)
    except OSError:
        return False
    return identity(now) == identity(st) and stat.S_ISREG(now.st_mode)


def read_small_text(path: Path, inbox: Path, max_bytes: int = 64 * 1024) -> str:
    """A sidecar (``batch.toml``) read by the same rules: a link or special file is refused."""
    st = check_entry(path, inbox)
    data, _ = read_regular(path, max_bytes, expect=st)
    return data.decode("utf-8")
