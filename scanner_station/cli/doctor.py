"""`scanner-station doctor`: what a support technician asks on a phone call, each check with
what is wrong and the fix. Exit status 0 when all is well, 1 when something needs a fix
(warnings alone — a scanner not plugged in — do not fail).

Checks: versions (station, Python, system, Qt, onnxruntime, Tesseract), model files against
the manifest, Tesseract's Vietnamese language, Qt's platform and display, SANE devices, the
workspace (folders, free disk, database integrity and schema, audit chain, who holds the
processing lock, queued and failed pages). Never prints personal data.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

OK, WARN, FAIL = "ok", "warn", "fail"
MIN_FREE_GB = 2.0


@dataclass
class Check:
    area: str
    status: str
    detail: str
    fix: str = ""


def _run(cmd: list[str], timeout: float = 20.0) -> tuple[int, str]:
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return res.returncode, (res.stdout + res.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        return -1, str(exc)


def _versions() -> list[Check]:
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__

    out = [Check("version", OK, f"scanner-station {__version__}; Python {platform.python_version()}; "
                                f"{platform.system()} {platform.release()} ({platform.machine()})")]
    libs = []
    for dist in ("PySide6-Essentials", "onnxruntime", "paddlepaddle", "numpy", "opencv-python-headless"):
        try:
            libs.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            libs.append(f"{dist} (not installed)")
    out.append(Check("libraries", OK, "; ".join(libs)))
    return out


def _models() -> list[Check]:
    from ..ocr.models import OPTIONAL, check_all

    out = []
    try:
        report = check_all()
    except Exception as exc:  # the manifest itself is unreadable
        return [Check("models", FAIL, str(exc).splitlines()[0], getattr(exc, "hint", "") or
                      "restore ocr_models/manifest.toml from the installation")]
    bad = [(m, r) for m, r in report if r != "ok"]
    out.append(Check("models", OK if not bad else FAIL,
                     f"{len(report) - len(bad)}/{len(report)} model files match their SHA-256"))
    for m, r in bad:
        optional = set(m.used_by) <= OPTIONAL
        out.append(Check(f"model {m.name}", WARN if optional else FAIL, r.splitlines()[0], m.fix_hint()))
    return out


def _tesseract() -> list[Check]:
    exe = shutil.which("tesseract")
    if exe is None:
        return [Check("tesseract", FAIL, "the tesseract program is not installed",
                      "sudo apt-get install tesseract-ocr tesseract-ocr-vie (or run installer/install.sh)")]
    code, text = _run([exe, "--version"])
    first = text.splitlines()[0] if text else "?"
    code, langs = _run([exe, "--list-langs"])
    have = {ln.strip() for ln in langs.splitlines()[1:]}
    if "vie" not in have:
        return [Check("tesseract", FAIL, f"{first}; no Vietnamese language (vie)",
                      "sudo apt-get install tesseract-ocr-vie")]
    return [Check("tesseract", OK, f"{first}; languages: {', '.join(sorted(have))}")]


def _qt() -> list[Check]:
    display = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or ""
    forced = os.environ.get("QT_QPA_PLATFORM", "")
    probe = ("from PySide6.QtGui import QGuiApplication; from PySide6.QtCore import qVersion; "
             "a = QGuiApplication([]); print(a.platformName(), qVersion())")
    code, text = _run([sys.executable, "-c", probe], timeout=30)
    where = f"display {display or '(none)'}" + (f", QT_QPA_PLATFORM={forced}" if forced else "")
    if code == 0:
        name, _, ver = text.splitlines()[-1].partition(" ")
        return [Check("qt", OK, f"Qt {ver}, platform {name}, {where}")]
    if not display and os.name == "posix" and sys.platform != "darwin" and not forced:
        return [Check("qt", WARN, f"no display ({where}): the desktop app cannot open here",
                      "run it on the station's desktop session; `scanner-station watch` works without one")]
    last = text.splitlines()[-1] if text else "no output"
    return [Check("qt", FAIL, f"Qt cannot start ({where}): {last[:160]}",
                  "install the Qt system libraries: sudo apt-get install libxcb-cursor0 libegl1 (run installer/install.sh)")]


def _sane() -> list[Check]:
    from ..ingest import scanning

    ok, why = scanning.available()
    if not ok:
        return [Check("scanners", WARN, why, "scan with the scanner's own software into the inbox folder")]
    probe = ("import sane; sane.init(); "
             "print(len([d for d in sane.get_devices(localOnly=False) if d[0] != 'test' and not d[0].startswith('test:')]))")
    code, text = _run([sys.executable, "-c", probe], timeout=40)
    if code != 0:
        return [Check("scanners", WARN, f"SANE did not answer: {(text.splitlines() or ['?'])[-1][:120]}",
                      "check the scanner's cable and power, then `scanimage -L`")]
    n = int(text.splitlines()[-1]) if text.splitlines() and text.splitlines()[-1].isdigit() else 0
    return [Check("scanners", OK if n else WARN, f"{n} scanner(s) found through SANE",
                  "" if n else "plug the scanner in and switch it on; `scanimage -L` lists what SANE sees")]


def _workspace(root: Path) -> list[Check]:
    from ..storage.workspace import SUBDIRS, Workspace

    out = []
    if not (root / "station.db").exists():
        return [Check("workspace", FAIL, f"{root} is not a workspace (no station.db)",
                      f"create it: scanner-station init {root}")]
    missing = [d for d in SUBDIRS if not (root / d).is_dir()]
    out.append(Check("workspace", FAIL if missing else OK,
                     f"{root}" + (f"; missing folders: {', '.join(missing)}" if missing else ""),
                     "run: scanner-station init " + str(root) if missing else ""))
    usage = shutil.disk_usage(root)
    free = usage.free / 1e9
    out.append(Check("disk", OK if free >= MIN_FREE_GB else FAIL, f"{free:.1f} GB free of {usage.total / 1e9:.0f} GB",
                     "" if free >= MIN_FREE_GB else "free disk space or move the workspace to a larger disk "
                                                    "(a scanned page takes 1–5 MB)"))
    import sqlite3
    try:
        con = sqlite3.connect(f"file:{root / 'station.db'}?mode=ro", uri=True, timeout=5)
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        schema = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        jobs = dict(con.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall())
        con.close()
    except sqlite3.Error as exc:
        return out + [Check("database", FAIL, f"station.db cannot be read: {exc}",
                            "restore station.db from the last backup (station.db.v*.bak) and run `process`")]
    out.append(Check("database", OK if integrity == "ok" else FAIL,
                     f"integrity {integrity}; schema version {schema}",
                     "" if integrity == "ok" else "stop the station, restore station.db from the last backup"))
    failed = jobs.get("failed", 0)
    out.append(Check("pages", WARN if failed else OK,
                     f"queued {jobs.get('queued', 0)}, running {jobs.get('running', 0)}, done {jobs.get('done', 0)}, "
                     f"failed {failed}", "see the reasons with `scanner-station status`, then `retry`" if failed else ""))
    from ..storage.backup import backup_age_days
    age = backup_age_days(root)
    out.append(Check("backup", OK if age is not None and age <= 7 else WARN,
                     "never backed up" if age is None else f"last backup {age:.1f} day(s) ago",
                     "back up to another disk: scanner-station backup DEST (the app: File → Back up…)"))
    ws = Workspace(root)
    loose = ws.permission_problems()
    out.append(Check("permissions", FAIL if loose else OK,
                     "folders 0700, files 0600: other accounts read nothing" if not loose else
                     f"{len(loose)} folder(s)/file(s) other accounts can read or write, e.g. "
                     f"{loose[0][0].relative_to(root) if loose[0][0] != root else '.'} "
                     f"(mode {loose[0][1]:o})",
                     "" if not loose else "run: scanner-station doctor --fix-permissions"))
    try:
        from ..storage.review import Review
        ok, broken, n = Review(ws.store).verify_audit()
        out.append(Check("audit", OK if ok else FAIL, f"audit chain of {n} entries " + ("intact" if ok else
                         f"broken at entry #{broken}"), "" if ok else "report it: the store was changed outside "
                         "Scanner Station (`scanner-station audit verify`)"))
        try:
            ws.lock()
            out.append(Check("processing lock", OK, "free: no other process is processing this workspace"))
        except Exception:
            pid = (root / ".processing.lock").read_text("utf-8", "replace").strip() or "?"
            out.append(Check("processing lock", OK, f"held by process {pid} (a running watcher or desktop app)"))
    finally:
        ws.close()
    return out


def doctor(root: Path) -> list[Check]:
    checks = _versions() + _models() + _tesseract() + _qt() + _sane()
    return checks + _workspace(root)


def cmd_doctor(args) -> int:
    from ..storage.workspace import default_workspace

    root = Path(args.workspace) if args.workspace else default_workspace()
    if getattr(args, "fix_permissions", False) and (root / "station.db").exists():
        from ..storage.workspace import Workspace
        n = Workspace(root).fix_permissions()
        print(f"permissions: {n} folder(s)/file(s) made private to this account")
    checks = doctor(root.expanduser().resolve())
    if args.json:
        print(json.dumps([asdict(c) for c in checks], ensure_ascii=False, indent=1))
    else:
        mark = {OK: "✓", WARN: "!", FAIL: "✗"}
        for c in checks:
            print(f"{mark[c.status]} {c.area}: {c.detail}")
            if c.fix and c.status != OK:
                print(f"    → {c.fix}")
        bad = sum(c.status == FAIL for c in checks)
        print(f"\n{bad} problem(s), {sum(c.status == WARN for c in checks)} warning(s)")
    return 1 if any(c.status == FAIL for c in checks) else 0
