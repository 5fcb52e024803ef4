"""Soak: thousands of small pages dropped into a running station in bursts, with the station
killed (SIGKILL, its whole process group) every few minutes and a full-disk episode, then
the books are checked: every page stored exactly once, no job stuck or failed, the audit
chain verifies, and the long-lived processes' memory does not creep.

Not part of CI (it runs for tens of minutes). As root the workspace lives on its own tmpfs so
the disk can really be filled; otherwise the full-disk episode is skipped (said in the report).

usage: python bench/soak.py [--pages 10000] [--burst 250] [--kill-every 240] [--engine tesseract]
                            [--full-seconds 40] [--out bench/out/soak.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from PIL import Image

from scanner_station.synth.pages import render_with_layout
from scanner_station.synth.texts import make_person

EXE = Path(sys.executable).parent / "scanner-station"


def page_png(i: int) -> bytes:
    import io
    import random
    rng = random.Random(i)
    who = make_person(rng)
    lines = [f"SỔ ĐĂNG KÝ KHAI SINH — trang {i:05d}", f"Họ, chữ đệm, tên: {who.full_name}",
             f"Ngày, tháng, năm sinh: {who.birth_day:02d}/{who.birth_month:02d}/{who.birth_year}",
             f"Số định danh cá nhân: {who.personal_id}"]
    img, _ = render_with_layout(lines, page_size=(1240, 520), size_px=30, margin=80)
    buf = io.BytesIO()
    Image.fromarray(img).convert("L").save(buf, "PNG", dpi=(300, 300))
    return buf.getvalue()


class Station:
    """``scanner-station watch`` as its own process group (so a kill takes its workers too)."""

    def __init__(self, ws: Path, engine: str, logdir: Path) -> None:
        self.ws, self.engine, self.logdir = ws, engine, logdir
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.logdir / f"watch-{self.starts}.log", "wb")
        self.proc = subprocess.Popen([str(EXE), "-w", str(self.ws), "watch", "--engine", self.engine],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def kill9(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                self.kill9()

    def rss_mb(self) -> tuple[float, float]:
        """(main process, main + workers) resident memory."""
        if not self.proc or self.proc.poll() is not None:
            return 0.0, 0.0
        try:
            p = psutil.Process(self.proc.pid)
            main = p.memory_info().rss
            total = main + sum(c.memory_info().rss for c in p.children(recursive=True))
            return main / 2**20, total / 2**20
        except psutil.Error:
            return 0.0, 0.0


def counts(ws: Path) -> dict:
    try:
        con = sqlite3.connect(f"file:{ws / 'station.db'}?mode=ro", uri=True, timeout=30)
        jobs = dict(con.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall())
        files = con.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        pages = con.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
        dup = con.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0]
        quar = con.execute("SELECT COUNT(*) FROM quarantine").fetchone()[0]
        distinct_pages = con.execute("SELECT COUNT(*) FROM (SELECT DISTINCT file_id, source_index, part"
                                     " FROM pages)").fetchone()[0]
        con.close()
        return {"jobs": jobs, "files": files, "pages": pages, "distinct_pages": distinct_pages,
                "duplicates": dup, "quarantined": quar}
    except sqlite3.Error:
        return {}


def fill_disk(path: Path) -> Path:
    ballast = path / "ballast"
    free = shutil.disk_usage(path).free
    with open(ballast, "wb") as fh:
        block = b"\0" * (1 << 20)
        while free > 0:
            try:
                fh.write(block[:min(free, len(block))])
                fh.flush()
            except OSError:
                break
            free -= len(block)
    return ballast


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--burst", type=int, default=250)
    ap.add_argument("--kill-every", type=float, default=240.0, help="seconds between kill -9s")
    ap.add_argument("--engine", default="tesseract")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--disk-mib", type=int, default=3072)
    ap.add_argument("--full-seconds", type=float, default=40.0)
    ap.add_argument("--timeout", type=float, default=6 * 3600)
    ap.add_argument("--out", default="bench/out/soak.json")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    mnt = tmp / "disk"
    mnt.mkdir()
    tmpfs = False
    if os.geteuid() == 0:
        tmpfs = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={args.disk_mib}m", "tmpfs", str(mnt)],
                               capture_output=True).returncode == 0
    ws = mnt / "ws"
    subprocess.run([str(EXE), "init", str(ws)], check=True, capture_output=True)
    (ws / "station.toml").write_text(f'[station]\nengine = "{args.engine}"\nworkers = {args.workers}\n'
                                     "stable_seconds = 0.5\nmin_free_mib = 32\n", "utf-8")
    station = Station(ws, args.engine, tmp)
    station.start()
    t0 = time.monotonic()
    last_kill = t0
    dropped, kills, full_episodes = 0, 0, 0
    full_at = args.pages // 2 if tmpfs else None
    samples = []  # (seconds, pages done, rss main, rss total)
    ballast = None
    try:
        while time.monotonic() - t0 < args.timeout:
            c = counts(ws)
            done = c.get("jobs", {}).get("done", 0)
            main_mb, total_mb = station.rss_mb()
            samples.append((round(time.monotonic() - t0, 1), done, round(main_mb, 1), round(total_mb, 1)))
            backlog = dropped - done
            if dropped < args.pages and backlog < args.burst * 2 and ballast is None:
                batch = ws / "inbox" / f"quyen-{dropped // 1000:02d}"
                batch.mkdir(exist_ok=True)
                for i in range(dropped, min(args.pages, dropped + args.burst)):
                    part = batch / f".trang-{i:05d}.png.part"  # hidden while it is written
                    part.write_bytes(page_png(i))
                    os.replace(part, batch / f"trang-{i:05d}.png")
                dropped = min(args.pages, dropped + args.burst)
            if full_at is not None and dropped >= full_at and ballast is None and full_episodes == 0:
                ballast = fill_disk(mnt)
                full_started = time.monotonic()
                full_episodes += 1
                print(f"[{time.monotonic() - t0:7.0f} s] disk full", flush=True)
            if ballast is not None and time.monotonic() - full_started > args.full_seconds:
                ballast.unlink()
                ballast = None
                print(f"[{time.monotonic() - t0:7.0f} s] disk space back", flush=True)
            if time.monotonic() - last_kill > args.kill_every and done < args.pages:
                station.kill9()
                kills += 1
                last_kill = time.monotonic()
                print(f"[{time.monotonic() - t0:7.0f} s] kill -9 #{kills} at {done} pages done", flush=True)
                station.start()
            inbox_left = sum(1 for _ in (ws / "inbox").rglob("*.png"))
            if dropped >= args.pages and done >= args.pages and inbox_left == 0 and ballast is None:
                break
            if len(samples) % 12 == 0:
                print(f"[{time.monotonic() - t0:7.0f} s] dropped {dropped}, done {done}, rss "
                      f"{main_mb:.0f}/{total_mb:.0f} MiB, restarts {kills}", flush=True)
            time.sleep(5)
    finally:
        seconds = time.monotonic() - t0
        station.stop()
        if ballast is not None:
            ballast.unlink(missing_ok=True)
    c = counts(ws)
    audit = subprocess.run([str(EXE), "-w", str(ws), "audit", "verify"], capture_output=True, text=True)
    done = c.get("jobs", {}).get("done", 0)

    def window(lo, hi):
        vals = [s for s in samples if lo <= s[1] < hi and s[3] > 0]
        return (statistics.median(v[2] for v in vals), statistics.median(v[3] for v in vals)) if vals else (0, 0)

    first = window(0, 1000)
    last = window(max(0, done - 1000), done + 1)
    result = {
        "pages": args.pages, "dropped": dropped, "seconds": round(seconds), "engine": args.engine,
        "pages_per_min": round(done / seconds * 60, 1), "restarts_survived": kills,
        "full_disk_episodes": full_episodes, "tmpfs": tmpfs, "counts": c,
        "stored_exactly_once": c.get("files") == args.pages and c.get("distinct_pages") == c.get("pages") == args.pages,
        "no_job_stuck": set(c.get("jobs", {})) == {"done"},
        "audit_ok": audit.returncode == 0,
        "rss_first_1000_mib": {"main": first[0], "with_workers": first[1]},
        "rss_last_1000_mib": {"main": last[0], "with_workers": last[1]},
        "rss_growth_pct": {k: round((b / a - 1) * 100, 1) if a else None
                           for k, a, b in (("main", first[0], last[0]), ("with_workers", first[1], last[1]))},
        "samples": samples,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1), "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=1, ensure_ascii=False))
    if tmpfs:
        subprocess.run(["umount", "-l", str(mnt)])
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
