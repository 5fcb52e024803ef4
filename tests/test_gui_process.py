"""The real `scanner-station gui` process on an X display (Xvfb), driven by keys as a person
would (xdotool): first run → create the administrator → the main window (it used to quit here:
issue 16), lock → log in again → the main window, the language switched to English (the window
is replaced), File → Quit exits with status 0.

pytest-qt cannot see these hand-overs: it keeps the application alive, and it never quits."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _free_display() -> int:
    """A display number no X server holds: no lock file in this /tmp, and no socket in the abstract
    namespace, which a chroot shares with its host (a second test run in a fresh root beside the
    host's took the host's ``:0`` for free, and its app could not connect)."""
    used = set()
    try:
        used = {int(n) for n in re.findall(r"@/tmp/\.X11-unix/X(\d+)", Path("/proc/net/unix").read_text())}
    except OSError:
        pass
    return next(n for n in range(10 + os.getpid() % 200, 1000)
                if n not in used and not Path(f"/tmp/.X{n}-lock").exists())


def _display():
    """A private Xvfb display: (its environment, the server process)."""
    r, w = os.pipe()
    server = subprocess.Popen(["Xvfb", f":{_free_display()}", "-displayfd", str(w), "-screen", "0", "1400x900x24",
                               "-nolisten", "tcp"],
                              pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            break
        number += chunk
    os.close(r)
    env = dict(os.environ, DISPLAY=f":{number.decode().strip()}")
    env.pop("QT_QPA_PLATFORM", None)  # the real platform plugin (xcb), not offscreen
    return env, server


class Desktop:
    def __init__(self, env: dict, pid: int) -> None:
        self.env, self.pid = env, pid

    def xdo(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=30).stdout.strip()

    def window(self, *titles: str, timeout: float = 60.0) -> str:
        """A visible window of the app whose title contains one of ``titles``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for w in self.xdo("search", "--onlyvisible", "--pid", str(self.pid)).split():
                name = self.xdo("getwindowname", w)
                if any(t in name for t in titles):
                    return w
            time.sleep(0.3)
        raise AssertionError(f"no window titled {titles} appeared")

    def type(self, text: str) -> None:
        self.xdo("type", "--delay", "15", text)

    def keys(self, *keys: str) -> None:
        self.xdo("key", "--delay", "60", *keys)

    def focus(self, window: str) -> None:
        self.xdo("windowactivate", "--sync", window)
        self.xdo("windowfocus", "--sync", window)


@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")),
                    reason="installer/install.sh installs xvfb and xdotool")
def test_first_run_lock_unlock_and_quit_in_the_real_process(tmp_path):
    env, server = _display()
    env["SCANNER_STATION_WORKSPACE"] = str(tmp_path / "ws")
    log = open(tmp_path / "app.log", "w")
    app = subprocess.Popen([str(BIN / "scanner-station"), "gui", "--no-processing"], env=env,
                           stdout=log, stderr=subprocess.STDOUT)
    try:
        d = Desktop(env, app.pid)
        first = d.window("tài khoản quản trị")
        d.focus(first)
        d.type("admin")
        d.keys("Tab")
        d.type("Quan tri")
        d.keys("Tab", "Tab")  # the role is fixed to administrator on the first run
        d.type("matkhau-123")
        d.keys("Tab")
        d.type("matkhau-123")
        d.keys("Return")
        main = d.window("— Quan tri (")  # "Trạm số hoá hồ sơ — Quan tri (Quản trị)"
        assert app.poll() is None, "the app quit after creating the administrator"
        d.focus(main)
        d.keys("ctrl+l")  # lock the session
        login = d.window("Đăng nhập")
        d.focus(login)
        d.type("matkhau-123")  # the user name is filled in, the focus is in the password
        d.keys("Return")
        main = d.window("— Quan tri (")
        d.focus(main)
        d.keys("alt+n", "Down", "Return")  # Ngôn ngữ → English: the window is rebuilt in English
        main = d.window("Scanner Station — Quan tri (")
        assert app.poll() is None, "the app quit while the window was replaced"
        d.focus(main)
        d.keys("alt+f", "Up", "Return")  # File → Quit (the last item)
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        server.terminate()
        server.wait()
        log.close()
    out = (tmp_path / "app.log").read_text("utf-8", "replace")
    assert "Traceback" not in out and "No ccache" not in out, out
