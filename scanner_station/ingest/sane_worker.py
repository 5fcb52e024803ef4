"""The SANE side of a scanner, run in a process of its own (``Scanner`` starts it).

A SANE backend is C code that talks to a device: it can block for ever (a scanner that stops
answering mid-page, a backend that deadlocks its own reader thread — SANE's ``sanei_thread``
cancels readers asynchronously), and a call that never returns cannot be interrupted inside
the station's process. Here it can: the station waits for each answer with a deadline and ends
this process when none comes, and the scan ends with a clear message instead of a frozen
window. This module imports nothing of the station (the process starts in a fraction of a
second) and speaks a small request/answer protocol over a ``multiprocessing`` pipe:

- requests ``(op, *args)``: ``devices``, ``open name``, ``options``, ``set opt value``,
  ``get opt default``, ``page``, ``none_refs`` (for a test), ``close``;
- answers ``("ok", value)``, ``("error", text)`` or ``("cancelled", None)``; a page's value
  is ``(mode, (width, height), raw bytes)``.

A cancel comes on a second, one-way pipe, not as a request (the worker is busy reading a page
when it is wanted): a thread here cancels the read in progress, and that page is never sent.
Nothing the station waits on can be held by this process (a ``multiprocessing.Event`` can: a
worker stopped inside one blocks the station's ``set()`` for ever).
"""

from __future__ import annotations

import sys
import threading
from typing import Any


def _no_progress(*_args) -> None:
    """python-sane 2.9.2's snap() without a progress callback drops a reference to None per
    line read (the interpreter dies after a few hundred pages): a callback is always passed."""
    return None


def _options(dev) -> list[tuple[str, str, Any]]:
    out = []
    for opt in dev.get_options():
        # (index, name, title, desc, type, unit, size, cap, constraint)
        if opt[1]:
            out.append((opt[1].replace("-", "_"), opt[2], opt[8]))
    return out


def serve(conn, cancels) -> None:
    """Answer requests on ``conn`` until ``close`` or the station goes away; a byte on
    ``cancels`` (a one-way pipe: the station never waits on anything this process holds)
    cancels the page being read."""
    import sane

    sane.init()
    dev = None
    lock = threading.Lock()  # the read in progress and a cancel of it
    state = {"reading": False, "cancelled": False}

    def watch_cancels() -> None:
        while True:
            try:
                cancels.recv_bytes()
            except (EOFError, OSError):
                return
            with lock:
                if not state["reading"]:
                    continue  # between pages: the station does not ask for the next one
                state["cancelled"] = True
            try:
                dev.cancel()  # SANE allows it from another thread while a read blocks
            except Exception:
                pass

    threading.Thread(target=watch_cancels, name="sane-cancel", daemon=True).start()
    while True:
        try:
            op, *args = conn.recv()
        except (EOFError, OSError):
            return  # the station went away
        try:
            if op == "devices":
                value: Any = [tuple(d) for d in sane.get_devices(localOnly=False)]
            elif op == "open":
                dev = sane.open(args[0])
                value = None
            elif op == "options":
                value = _options(dev)
            elif op == "set":
                setattr(dev, args[0], args[1])
                value = None
            elif op == "get":
                value = getattr(dev, args[0], args[1])
            elif op == "page":
                with lock:
                    state["reading"], state["cancelled"] = True, False
                try:
                    dev.start()
                    img = dev.snap(progress=_no_progress)
                except Exception:
                    if not state["cancelled"]:
                        raise
                    img = None
                finally:
                    with lock:
                        state["reading"] = False
                if state["cancelled"]:  # the backend may hand back the part read before the cancel
                    conn.send(("cancelled", None))
                    continue
                value = (img.mode, img.size, img.tobytes())
            elif op == "none_refs":
                value = sys.getrefcount(None)
            elif op == "close":
                if dev is not None:
                    dev.close()
                conn.send(("ok", None))
                return
            else:
                raise ValueError(f"unknown request {op!r}")
        except Exception as exc:  # the backend's error, as its text: the station words the message
            conn.send(("error", str(exc) or type(exc).__name__))
            continue
        conn.send(("ok", value))


# --- the station's side ---------------------------------------------------------------------

#: how long opening the device, listing or setting its options may take
CALL_DEADLINE = 60.0
#: after a cancel, how long the backend gets to give up the page before its process is ended
CANCEL_GRACE = 10.0


class SaneFailed(Exception):
    """A SANE call answered with an error (its text, worded by the backend)."""


class SaneCancelled(Exception):
    """The page being read was cancelled."""


class SaneGone(Exception):
    """The SANE process ended on its own (a backend that crashed)."""


class SaneStuck(Exception):
    """The SANE process gave no answer within the deadline (it has been ended)."""


class SaneProcess:
    """The process that runs SANE (``sane_worker``): one request at a time, each with a
    deadline; a worker that does not answer in time is ended (a backend stuck in C cannot be
    interrupted otherwise), a worker that dies is reported. ``cancel()`` is thread-safe."""

    def __init__(self) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("spawn")  # never fork a process that may run Qt or OCR threads
        self._conn, child = ctx.Pipe()
        cancels_r, self._cancels = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=serve, args=(child, cancels_r), name="sane", daemon=True)
        self._proc.start()
        child.close()
        cancels_r.close()
        self.cancelled = threading.Event()  # set by cancel(), cleared by the one who starts a scan
        self._lock = threading.Lock()  # one request at a time; close() waits for a call in progress
        self._ended = False

    def call(self, op: str, *args: Any, deadline: float = CALL_DEADLINE, grace: float = 0.0) -> Any:
        with self._lock:
            if self._ended:
                raise SaneStuck(op)
            try:
                self._conn.send((op, *args))
                if not self._conn.poll(deadline):
                    if grace:  # a page being read: the backend may still give it up
                        self._cancel_read()
                        if self._conn.poll(grace):
                            self._conn.recv()
                            raise SaneStuck(op)
                    self._end()
                    raise SaneStuck(op)
                status, value = self._conn.recv()
            except (EOFError, OSError) as exc:
                self._end()
                raise SaneGone(op) from exc
        if status == "error":
            raise SaneFailed(value)
        if status == "cancelled":
            raise SaneCancelled()
        return value

    def cancel(self) -> None:
        """Cancel the page being read (thread-safe; never blocks)."""
        self.cancelled.set()
        self._cancel_read()

    def _cancel_read(self) -> None:
        try:
            self._cancels.send_bytes(b"c")
        except OSError:  # the process has ended
            pass

    def _end(self) -> None:
        self._ended = True
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(5)
        self._conn.close()
        self._cancels.close()

    def close(self) -> None:
        with self._lock:
            if self._ended:
                return
            try:
                self._conn.send(("close",))
                if self._conn.poll(CANCEL_GRACE):
                    self._conn.recv()
                self._proc.join(CANCEL_GRACE)
            except (EOFError, OSError):
                pass
            self._end()
