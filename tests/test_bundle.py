"""The offline bundle (issue 16): built by `installer/build-bundle`, installed in a network
namespace with no network at all (`unshare -n`) into a fresh directory, then `scanner-station
ocr` reads a generated page there; installed again over itself (an upgrade keeps the
workspace), refused when damaged, and uninstalled leaving the workspace."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import cer
from scanner_station.synth.pages import make_page

pytestmark = pytest.mark.slow
TOP = Path(__file__).resolve().parents[1]


def _offline(cmd: list[str], env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run with no network: a new network namespace holds only a loopback that is down."""
    return subprocess.run(["unshare", "-n", *cmd], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(os.geteuid() != 0, reason="unshare -n (a namespace without network) needs root")
def test_the_bundle_installs_and_reads_a_page_without_any_network(tmp_path):
    t0 = time.perf_counter()
    res = subprocess.run([str(TOP / "installer" / "build-bundle"), str(tmp_path / "dist")],
                         capture_output=True, text=True, timeout=1800)
    assert res.returncode == 0, res.stdout + res.stderr
    built = time.perf_counter() - t0
    archive = next((tmp_path / "dist").glob("scanner-station-bundle-*-debian12-*.tar.gz"))
    (tmp_path / "usb").mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(tmp_path / "usb")], check=True)  # as on the PC
    bundle = next((tmp_path / "usb").iterdir())
    assert {"app", "wheels", "debs", "install.sh", "SHA256SUMS"} <= {p.name for p in bundle.iterdir()}
    assert len(list((bundle / "debs").glob("*.deb"))) > 50 and len(list((bundle / "wheels").glob("*.whl"))) > 50

    env = dict(os.environ, SCANNER_STATION_WORKSPACE=str(tmp_path / "ws"), HOME=str(tmp_path / "home"))
    env.pop("PIP_INDEX_URL", None)
    prefix = tmp_path / "station"
    t0 = time.perf_counter()
    res = _offline([str(bundle / "install.sh"), "--prefix", str(prefix), "--no-launcher"], env)
    installed = time.perf_counter() - t0
    assert res.returncode == 0, res.stdout + res.stderr
    exe = prefix / "app" / ".venv" / "bin" / "scanner-station"
    page = make_page(21, "scanner")
    Image.fromarray(page.image).save(tmp_path / "trang.png", dpi=(300, 300))
    res = _offline([str(exe), "ocr", str(tmp_path / "trang.png"), "-o", str(tmp_path / "out"), "-q", "--jobs", "1"], env)
    assert res.returncode == 0, res.stderr
    assert cer(page.text, (tmp_path / "out" / "trang.txt").read_text("utf-8")) < 0.02

    # an upgrade in place keeps the workspace and what is in it
    assert _offline([str(exe), "init"], env).returncode == 0
    (tmp_path / "ws" / "inbox" / "keep.txt").write_text("x", "utf-8")
    res = _offline([str(bundle / "install.sh"), "--prefix", str(prefix), "--no-launcher"], env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (tmp_path / "ws" / "station.db").exists() and (tmp_path / "ws" / "inbox" / "keep.txt").exists()

    # a damaged bundle is refused before anything is installed
    wheel = next((bundle / "wheels").glob("rich-*.whl"))
    wheel.write_bytes(wheel.read_bytes()[:-10])
    res = _offline([str(bundle / "install.sh"), "--prefix", str(tmp_path / "other"), "--no-launcher"], env)
    assert res.returncode == 3 and "damaged" in res.stderr and not (tmp_path / "other").exists()

    res = _offline([str(bundle / "install.sh"), "--uninstall", "--prefix", str(prefix)], env)
    assert res.returncode == 0 and not (prefix / "app").exists()
    assert (tmp_path / "ws" / "station.db").exists()  # the records stay unless --purge-data
    size = archive.stat().st_size / 2**20
    print(f"\nbundle {archive.name}: {size:.0f} MiB, built in {built:.0f} s, installed offline in {installed:.0f} s")
