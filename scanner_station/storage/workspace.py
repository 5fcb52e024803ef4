"""A station workspace: folders, configuration, the store and the processing lock.

Layout::

    inbox/        scanner software drops files here (subfolder = batch; batch.toml names it)
    originals/    every accepted input, content-addressed by SHA-256, read-only
    derived/      cleaned page images (per original)
    quarantine/   files that could not be taken, each with a .reason.txt
    exports/      signed packages
    tmp/          temporary files of the processes working here (emptied when one starts)
    station.db    SQLite (WAL)
    station.toml  configuration

Personal data at rest: folders are ``0700`` and files ``0600`` on POSIX (the processes run
with umask ``077``; ``init`` and ``doctor --fix-permissions`` set the modes), so another
account on a shared PC reads nothing. Temporary files go to ``tmp/`` here, never to a
world-readable ``/tmp``.

The processing lock (an OS file lock, released when the process dies, even on
SIGKILL) makes sure only one watcher/pipeline works on a workspace.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from platformdirs import user_data_dir

from ..domain.errors import WorkspaceError, WorkspaceLocked
from .store import Store

SUBDIRS = ("inbox", "originals", "derived", "quarantine", "exports", "tmp")
#: How many files per folder ``permission_problems`` looks at (archives hold millions).
_SAMPLE = 500


def write_private(target: Path, data: bytes, exclusive: bool = True) -> None:
    """Write ``data`` readable by this account only (0600), synced to disk; a new file unless
    ``exclusive`` is False (then an existing one is replaced in place). A write that fails (a
    full disk) leaves no partial file behind."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(target).unlink(missing_ok=True)
        raise


def private_umask() -> None:
    """New files readable by this account only (POSIX; on Windows the profile's ACLs apply)."""
    if os.name == "posix":
        os.umask(0o077)


def default_workspace() -> Path:
    env = os.environ.get("SCANNER_STATION_WORKSPACE")
    return Path(env) if env else Path(user_data_dir("scanner-station", appauthor=False))


@dataclass(frozen=True)
class Config:
    engine: str = "onnx-hybrid"
    max_pixels: int = 150_000_000
    workers: int = 2
    stable_seconds: float = 1.0
    poll_seconds: float = 0.0  # 0: native events (inotify); >0: polling for network shares
    render_dpi: int = 300
    max_input_mib: int = 2048  # a larger inbox file is quarantined (too_large)
    max_unstable_minutes: float = 30.0  # an inbox file still changing after this is quarantined
    min_free_mib: int = 200  # below this much free disk, intake and processing wait (nothing fails)

    @staticmethod
    def load(path: Path) -> "Config":
        if not path.exists():
            return Config()
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise WorkspaceError(f"the configuration cannot be read: {exc}", path=str(path),
                                 hint="fix the TOML syntax, or delete the file to use defaults") from exc
        station = data.get("station", {})
        allowed = {f.name for f in fields(Config)}
        unknown = set(station) - allowed
        if unknown:
            raise WorkspaceError(f"unknown configuration key(s): {', '.join(sorted(unknown))}",
                                 path=str(path), hint="allowed keys: " + ", ".join(sorted(allowed)))
        return Config(**station)

    def to_toml(self) -> str:
        lines = ["[station]"]
        for f in fields(self):
            v = getattr(self, f.name)
            lines.append(f'{f.name} = "{v}"' if isinstance(v, str) else f"{f.name} = {v}")
        return "\n".join(lines) + "\n"


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self._lock_fh = None
        self._store: Store | None = None

    @staticmethod
    def init(root: Path) -> "Workspace":
        ws = Workspace(root)
        ws.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for d in SUBDIRS:
            (ws.root / d).mkdir(exist_ok=True, mode=0o700)
        if os.name == "posix":
            for d in (ws.root, *(ws.root / n for n in SUBDIRS)):
                os.chmod(d, 0o700)
        cfg = ws.root / "station.toml"
        if not cfg.exists():
            cfg.write_text(Config().to_toml(), "utf-8")
        ws.store.close()
        ws._store = None
        return ws

    @staticmethod
    def open(root: Path, create: bool = False) -> "Workspace":
        ws = Workspace(root)
        if not (ws.root / "station.db").exists() or not (ws.root / "inbox").is_dir():
            if create:
                return Workspace.init(root)
            raise WorkspaceError("this folder is not a Scanner Station workspace", path=str(ws.root),
                                 hint=f"create it with: scanner-station init {ws.root}")
        return ws

    def __getattr__(self, name: str) -> Path:
        if name in SUBDIRS:
            return self.root / name
        raise AttributeError(name)

    @property
    def db_path(self) -> Path:
        return self.root / "station.db"

    @property
    def config(self) -> Config:
        return Config.load(self.root / "station.toml")

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self.unlock()

    # --- processing lock ----------------------------------------------------------------------
    def lock(self) -> None:
        path = self.root / ".processing.lock"
        fh = open(path, "a+b")
        try:
            if sys.platform.startswith("win"):
                import msvcrt
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise WorkspaceLocked("another Scanner Station process is already processing this workspace",
                                  path=str(self.root),
                                  hint="close the other window or `scanner-station watch`, or use a different workspace") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._lock_fh = fh

    def space_ok(self, extra_bytes: int = 0, min_free_mib: int | None = None) -> bool:
        """Whether writing ``extra_bytes`` more still leaves the reserve free (``min_free_mib``,
        by default the configured one: callers on a hot path pass it, the configuration is a
        file read)."""
        import shutil

        try:
            free = shutil.disk_usage(self.root).free
        except OSError:
            return True
        reserve = self.config.min_free_mib if min_free_mib is None else min_free_mib
        return free - extra_bytes >= reserve * 2**20

    def private_tmp(self) -> Path:
        """Send this process's (and its workers') temporary files to ``tmp/`` in the workspace,
        after removing what a crashed run left there. Called by the process that holds the
        processing lock."""
        import shutil
        import tempfile

        tmp = self.root / "tmp"
        tmp.mkdir(exist_ok=True, mode=0o700)
        for child in tmp.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        os.environ["TMPDIR"] = str(tmp)
        tempfile.tempdir = str(tmp)
        return tmp

    def permission_problems(self) -> list[tuple[Path, int]]:
        """Folders and files other accounts could read or write (POSIX): the workspace's folders,
        the database and its journal, keys, and up to a sample of files in each folder."""
        if os.name != "posix":
            return []
        out = []
        candidates = [self.root, *(self.root / d for d in SUBDIRS), self.root / "keys",
                      *sorted(self.root.glob("station.db*")), self.root / "station.toml"]
        for d in [self.root / n for n in ("originals", "derived", "quarantine", "exports", "keys", "templates")]:
            if d.is_dir():
                for i, (dirpath, dirnames, filenames) in enumerate(os.walk(d)):
                    candidates += [Path(dirpath) / n for n in dirnames[:_SAMPLE]]
                    candidates += [Path(dirpath) / n for n in filenames[:_SAMPLE]]
                    if i > 50:
                        break
        for path in dict.fromkeys(candidates):
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if mode & 0o077 and not os.path.islink(path):
                out.append((path, mode & 0o777))
        return out

    def fix_permissions(self) -> int:
        """Take group and other access away from everything in the workspace; returns how many
        entries changed."""
        if os.name != "posix":
            return 0
        n = 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            for name in [*dirnames, *filenames, ""]:
                path = os.path.join(dirpath, name) if name else dirpath
                st = os.lstat(path)
                if st.st_mode & 0o077 and not os.path.islink(path):
                    os.chmod(path, st.st_mode & 0o700 & 0o7777)
                    n += 1
        return n

    def unlock(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None
