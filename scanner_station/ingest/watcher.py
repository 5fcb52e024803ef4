"""Watched inbox: take a file only when it is complete.

No filesystem event means "file finished", so any event (created, modified,
closed, moved) only makes a path a *candidate*. A candidate is taken when its
size and mtime have not changed for ``stable_seconds`` and no process has it
open for writing. Files already in the inbox at start are candidates too (so a
restart re-queues them), and the inbox is rescanned periodically so a missed
event never strands a file. ``poll_seconds > 0`` uses watchdog's polling
observer for network shares, where inotify is silent.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .intake import is_candidate
from .safe_read import identity

log = logging.getLogger(__name__)


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float
    first: float  # when the entry was first seen (a file that never settles is given up on)


def open_for_writing(path: Path) -> bool:
    """Whether any process has ``path`` open for writing (best effort, per platform)."""
    if sys.platform.startswith("linux"):
        return _linux_writers(path)
    if sys.platform.startswith("win"):
        try:  # Windows refuses to rename a file another process holds open
            os.rename(path, path)
            return False
        except OSError:
            return True
    return False


def _linux_writers(path: Path) -> bool:
    target = os.path.realpath(path)
    proc = Path("/proc")
    for pid_dir in proc.iterdir():
        if not pid_dir.name.isdigit():
            continue
        fd_dir = pid_dir / "fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink(fd_dir / fd)
            except OSError:
                continue
            if link != target:
                continue
            try:
                info = (pid_dir / "fdinfo" / fd).read_text()
            except OSError:
                continue
            for line in info.splitlines():
                if line.startswith("flags:"):
                    flags = int(line.split()[1], 8)
                    if flags & (os.O_WRONLY | os.O_RDWR):
                        return True
    return False


class _Handler(FileSystemEventHandler):
    def __init__(self, notify: Callable[[Path], None]) -> None:
        self._notify = notify

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        path = getattr(event, "dest_path", None) or event.src_path
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        self._notify(Path(path))


class InboxWatcher:
    """Feeds complete inbox files to ``on_stable(path)`` (called from the watcher's thread;
    returning ``False`` means "not taken yet, watch it again")."""

    def __init__(self, inbox: Path, on_stable: Callable[[Path], object], stable_seconds: float = 1.0,
                 poll_seconds: float = 0.0, rescan_seconds: float = 30.0,
                 on_unstable: Callable[[Path, str], None] | None = None,
                 max_unstable_seconds: float = 1800.0, max_bytes: int = 2048 * 2**20) -> None:
        """``on_unstable(path, why)`` is called for a file that keeps changing for longer than
        ``max_unstable_seconds`` or grows past ``max_bytes`` (it is never taken as complete)."""
        self.inbox = Path(inbox)
        self.on_stable = on_stable
        self.stable_seconds = stable_seconds
        self.poll_seconds = poll_seconds
        self.rescan_seconds = rescan_seconds
        self._candidates: dict[Path, _Seen | None] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._observer = None
        self._thread: threading.Thread | None = None
        self._failed: set[Path] = set()
        self._handled: dict[Path, tuple[int, int, int, int]] = {}
        self.on_unstable = on_unstable
        self.max_unstable_seconds = max_unstable_seconds
        self.max_bytes = max_bytes

    def notify(self, path: Path) -> None:
        if not is_candidate(path):
            return
        seen = self._handled.get(path)
        if seen is not None:  # handed over already and left in place (refused, kept): not again
            try:                # until it changes
                if identity(os.lstat(path)) == seen:
                    return
            except OSError:
                pass
            self._handled.pop(path, None)
        with self._lock:
            self._candidates.setdefault(path, None)
            self._failed.discard(path)

    def rescan(self) -> None:
        for root, dirs, files in os.walk(self.inbox):  # links to folders are listed, not entered
            for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                p = Path(root) / name
                if p not in self._failed:
                    self.notify(p)

    def start(self) -> None:
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._observer = (PollingObserver(timeout=self.poll_seconds) if self.poll_seconds > 0
                          else Observer())
        self._observer.schedule(_Handler(self.notify), str(self.inbox), recursive=True)
        self._observer.start()
        self.rescan()
        self._thread = threading.Thread(target=self._loop, name="inbox-stability", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def check_once(self) -> list[Path]:
        """One pass of the stability check; returns the paths handed to ``on_stable``."""
        now = time.monotonic()
        ready = []
        with self._lock:
            items = list(self._candidates.items())
        unstable: list[tuple[Path, str]] = []
        for path, seen in items:
            try:
                st = os.lstat(path)  # never follow: a link is handed over as a link (and refused)
            except OSError:
                with self._lock:
                    self._candidates.pop(path, None)  # gone (moved away, deleted)
                continue
            if not stat.S_ISREG(st.st_mode):
                ready.append(path)  # links, pipes, devices: nothing to wait for, never opened here
                continue
            first = seen.first if seen is not None else now
            if st.st_size > self.max_bytes:
                unstable.append((path, f"it grew past {self.max_bytes // 2**20} MiB"))
                continue
            if now - first > self.max_unstable_seconds:
                unstable.append((path, f"it was still changing after {self.max_unstable_seconds / 60:g} "
                                       "minutes"))
                continue
            if seen is None or seen.size != st.st_size or seen.mtime_ns != st.st_mtime_ns:
                with self._lock:
                    self._candidates[path] = _Seen(st.st_size, st.st_mtime_ns, now, first)
                continue
            if now - seen.since < self.stable_seconds:
                continue
            if open_for_writing(path):
                with self._lock:
                    self._candidates[path] = _Seen(st.st_size, st.st_mtime_ns, now, first)
                continue
            ready.append(path)
        for path, why in unstable:
            with self._lock:
                self._candidates.pop(path, None)
            if self.on_unstable is not None:
                self._hand_over(path, lambda p, why=why: self.on_unstable(p, why))
        for path in ready:
            with self._lock:
                self._candidates.pop(path, None)
            self._hand_over(path, self.on_stable)
        return ready

    def _hand_over(self, path: Path, take: Callable[[Path], object]) -> None:
        try:
            if take(path) is False:  # "not now" (it changed while read): watch it again
                self.notify(path)
                return
        except Exception:  # keep watching; the path is retried at the next rescan
            log.exception("taking an inbox file failed; it will be retried")
            self._failed.add(path)
            return
        try:  # still there (kept in place after a refusal): not handed over again unchanged
            self._handled[path] = identity(os.lstat(path))
        except OSError:
            self._handled.pop(path, None)

    def _loop(self) -> None:
        last_rescan = time.monotonic()
        while not self._stop.wait(0.2):
            self.check_once()
            if time.monotonic() - last_rescan > self.rescan_seconds:
                self._failed.clear()
                self.rescan()
                last_rescan = time.monotonic()
