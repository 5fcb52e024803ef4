"""The tests' own watchdog (``conftest.run_watched``): a command that hangs fails its test with
where it hung, in bounded time — also when a process it started holds its output open."""

from __future__ import annotations

import sys
import time

import pytest

from conftest import run_watched


@pytest.mark.skipif(sys.platform == "win32", reason="reads the process tree from /proc")
def test_a_hung_command_whose_child_holds_its_output_fails_in_bounded_time():
    # the command starts a child (as `scan` starts its SANE worker) that inherits its pipes
    code = ("import subprocess, sys, time; "
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)']); "
            "print('started', flush=True); time.sleep(300)")
    _fails_as_hung(code, "started")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="reads the process tree from /proc")
def test_a_hung_command_whose_output_a_stranger_holds_still_fails_as_hung():
    """A process the command started that is no longer its own (its parent gone: not found in the
    process tree) still holds the output: the test fails as hung, not with an error of its own."""
    code = ("import subprocess, sys, time; "
            "subprocess.Popen([sys.executable, '-c', 'import subprocess, sys; "
            "subprocess.Popen([sys.executable, \"-c\", \"import time; time.sleep(90)\"])']).wait(); "
            "print('started', flush=True); time.sleep(300)")
    _fails_as_hung(code, "still held its output")


def _fails_as_hung(code: str, said: str) -> None:
    """Python ``code`` run watched for 2 s fails its test as hung, saying ``said``, in bounded time."""
    t = time.monotonic()
    with pytest.raises(pytest.fail.Exception, match=r"hung for 2 s[\s\S]*" + said):
        run_watched([sys.executable, "-c", code], timeout=2)
    assert time.monotonic() - t < 120
