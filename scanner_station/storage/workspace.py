"""A station workspace: folders, configuration, the store and the processing lock.

Layout::

    inbox/        scanner software drops files here (subfolder = batch; batch.toml names it)
    originals/    every accepted input, content-addressed by SHA-256, read-only
    derived/      cleaned page images (per original)
    quarantine/   files that could not be taken, each with a .reason.txt
    exports/      signed packages
    station.db    SQLite (WAL)
    station.toml  configuration

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

SUBDIRS = ("inbox", "originals", "derived", "quarantine", "exports")


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
        ws.root.mkdir(parents=True, exist_ok=True)
        for d in SUBDIRS:
            (ws.root / d).mkdir(exist_ok=True)
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

    def unlock(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None
