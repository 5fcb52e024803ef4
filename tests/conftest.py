"""Shared fixtures: real workspaces on temp dirs and synthetic Vietnamese pages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_NUM_THREADS", "1")
# SANE sees only its `test` backend (virtual scanners), from the project's private configuration
os.environ["SANE_CONFIG_DIR"] = str(Path(__file__).resolve().parents[1] / "installer" / "sane-test")

from scanner_station.storage.workspace import Workspace  # noqa: E402
from scanner_station.synth.pages import line_crop as _line_crop, make_page, to_pdf_bytes, to_tiff_bytes  # noqa: E402

BIN = Path(sys.executable).parent


def run_watched(cmd: list[str], timeout: float = 120.0, **kw):
    """``subprocess.run(cmd, capture_output=True, text=True)`` for a command that may hang: if it
    outlives ``timeout``, the test fails with where it hung — every thread's native stack (gdb,
    where installed) and Python stack (faulthandler on SIGABRT) — instead of a bare timeout."""
    import shutil
    import signal
    import subprocess

    env = {**kw.pop("env", os.environ), "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kw)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        native = ""
        children = _descendants(proc.pid)
        if shutil.which("gdb"):  # the command and the processes it started (a SANE worker, say)
            for pid in [proc.pid, *children]:
                native += f"=== process {pid}\n" + subprocess.run(
                    ["gdb", "-p", str(pid), "-batch", "-nx", "-ex", "thread apply all bt"],
                    capture_output=True, text=True, timeout=60).stdout
        # and any started while the stacks were taken (once it dies, they are no longer its own)
        children += [pid for pid in _descendants(proc.pid) if pid not in children]
        proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's Python stack, then it dies
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        # the processes it started hold its output pipes open: ended too, or reading its output
        # would wait for them for ever (a stuck SANE worker kept CI waiting 600 s more)
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:  # a process not found above still holds the pipes
            for pipe in (proc.stdout, proc.stderr):
                pipe.close()
            out, err = "", "(not read: a process the command started still held its output)"
        pytest.fail(f"{Path(cmd[0]).name} {' '.join(cmd[1:3])}… hung for {timeout:g} s\n--- stdout\n{out[-2000:]}"
                    f"\n--- stderr (Python stacks)\n{err[-6000:]}\n--- native stacks\n{native[-12000:]}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _descendants(pid: int) -> list[int]:
    """Processes started (directly or not) by ``pid``, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [c for c, p in parents.items() if p == parent]
        out += kids
        todo += kids
    return out


def wait_until(cond, timeout: float = 15.0) -> bool:
    """Poll ``cond`` until it holds or ``timeout`` seconds pass (threads, watchers, processes)."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture()
def ws(tmp_path) -> Workspace:
    w = Workspace.init(tmp_path / "ws")
    yield w
    w.close()


@pytest.fixture(scope="session")
def pages():
    """A few synthetic pages (rendered once per session)."""
    return {v: make_page(11, v) for v in ("clean", "scanner", "spread", "handwriting")}


def write_pdf(path: Path, images) -> Path:
    path.write_bytes(to_pdf_bytes(list(images)))
    return path


def write_tiff(path: Path, images) -> Path:
    path.write_bytes(to_tiff_bytes(list(images)))
    return path


def line_crop(text: str, font, width: int = 1600):
    """``text`` in ``font`` at 54 px as a gray line crop, padded like a detected line's (12 % of
    its ink's height)."""
    return _line_crop(text, font, page_size=(width, 160))


def smeared(text: str, font, sigma: float = 3.2):
    """``text`` in ``font`` blurred, faded and grainy: ink a recogniser reads unsurely."""
    import cv2
    import numpy as np

    g = line_crop(text, font).astype(np.float32)
    x = 255 - (255 - cv2.GaussianBlur(g, (0, 0), sigma)) * 0.55 + np.random.default_rng(0).normal(0, 18, g.shape)
    return np.clip(x, 0, 255).astype(np.uint8)


def page_of(text: str, font, sigma: float, under: str = "Họ và tên: Nguyễn Văn An"):
    """A page with ``text`` in ``font`` blurred (``sigma``), its darkest ink stretched to black as
    cleanup does (not a faint line showing through), and ``under`` printed below it."""
    import cv2
    import numpy as np

    from scanner_station.synth.pages import printed_fonts

    g = cv2.GaussianBlur(line_crop(text, font).astype(np.float32), (0, 0), sigma)
    g = 255 * (g - g.min()) / (255 - g.min()) + np.random.default_rng(0).normal(0, 18, g.shape)
    top = np.clip(g, 0, 255).astype(np.uint8)
    name = line_crop(under, printed_fonts()[0])
    page = np.full((600, max(top.shape[1], name.shape[1]) + 200), 255, np.uint8)
    page[100:100 + top.shape[0], 100:100 + top.shape[1]] = top
    page[350:350 + name.shape[0], 100:100 + name.shape[1]] = name
    return page


def read_with_and_without(page, **without):
    """``page`` read by the default engine, and by it with the steps ``without`` names turned off
    (``headings=False``): both layouts."""
    from scanner_station.ocr import create_engine

    engine, other = create_engine("onnx-hybrid"), create_engine("onnx-hybrid", **without)
    try:
        return engine.read_page(page), other.read_page(page)
    finally:
        engine.close()
        other.close()


@pytest.fixture(scope="module")
def aster():
    """One AsterOCR recogniser for a test module."""
    from scanner_station.ocr.aster import AsterRecognizer

    rec = AsterRecognizer()
    yield rec
    rec.close()


from scanner_station.synth.metrics import cer  # noqa: E402,F401  (re-exported for tests)


# --- a throwaway PostgreSQL 15 cluster -------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_url():
    from pgcluster import PgUnavailable, throwaway_cluster

    try:
        with throwaway_cluster() as url:
            yield url
    except PgUnavailable as exc:
        pytest.fail(str(exc))


@pytest.fixture()
def pg_db(pg_url):
    """A fresh database in the session's cluster, for one test."""
    import uuid

    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    yield pg_url.rsplit("/", 1)[0] + "/" + name
