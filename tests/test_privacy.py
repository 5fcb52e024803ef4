"""Personal data at rest and in logs (issue 17, item 3).

A workspace is private to the account that runs the station (folders 0700, files 0600, even
when the user's umask would share them), `doctor` checks it and fixes it, temporary files stay
in the workspace; and a whole batch — ingest, OCR, extraction, correction, export, import —
run with the log at DEBUG leaves no ID number, name or birth date in any log line or message.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conftest import BIN
from scanner_station.storage.review import Review
from scanner_station.storage.workspace import Workspace
from scanner_station.synth.forms import make_form

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _cli(*args, env=None):
    """The real command, started with a permissive umask (as a desktop session often has)."""
    cmd = " ".join(_q(a) for a in [str(BIN / "scanner-station"), *args])
    return subprocess.run(["sh", "-c", f"umask 022; exec {cmd}"], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def _q(s: str) -> str:
    return "'" + str(s).replace("'", "'\\''") + "'"


def _modes(root: Path) -> dict[str, int]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            p = Path(dirpath) / name
            out[str(p.relative_to(root))] = stat.S_IMODE(os.lstat(p).st_mode)
    return out


@posix_only
def test_workspace_is_private_and_doctor_checks_it(tmp_path, pages):
    root = tmp_path / "ws"
    assert _cli("init", root).returncode == 0
    pages["clean"].save(root / "inbox" / "trang-1.png")
    (root / "tmp").mkdir(exist_ok=True)
    (root / "tmp" / "left-by-a-crash.png").write_bytes(b"x")  # a crashed run's leftover
    res = _cli("-w", root, "ingest", root / "inbox" / "trang-1.png", "--move")
    assert res.returncode == 0, res.stderr
    modes = _modes(root)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    loose = {k: oct(m) for k, m in modes.items() if m & 0o077}
    assert not loose, loose
    assert any(k.startswith("originals/") and m == 0o400 for k, m in modes.items())
    assert any(k.startswith("derived/") for k in modes)  # pages were processed: derived images exist
    assert modes["station.db"] == 0o600
    assert not (root / "tmp" / "left-by-a-crash.png").exists()  # emptied when processing started

    res = _cli("doctor", "--workspace", root, "--json")
    checks = {c["area"]: c for c in json.loads(res.stdout)}
    assert checks["permissions"]["status"] == "ok"
    os.chmod(root / "derived", 0o755)
    os.chmod(root / "station.db", 0o644)
    res = _cli("doctor", "--workspace", root)
    assert res.returncode == 1 and "✗ permissions:" in res.stdout, res.stdout
    assert "folder(s)/file(s) other accounts can read or write" in res.stdout
    assert "doctor --fix-permissions" in res.stdout
    res = _cli("doctor", "--workspace", root, "--fix-permissions", "--json")
    assert "made private" in res.stdout
    assert not {k for k, m in _modes(root).items() if m & 0o077}


def _secrets(truth: list[dict[str, str]]) -> set[str]:
    """The personal values of a form's records: names, ID numbers, birth dates (ISO and as printed)."""
    out = set()
    for rec in truth:
        for key, value in rec.items():
            if not value or len(value) < 4:
                continue
            if "name" in key or key.endswith("_id") or key in ("personal_id", "owner_id") or "birth" in key:
                out.add(value)
                if len(value) == 10 and value[4] == "-":  # ISO date: also dd/mm/yyyy
                    y, m, d = value.split("-")
                    out.add(f"{d}/{m}/{y}")
    return out


def test_no_personal_data_in_logs_or_messages_through_a_whole_batch(tmp_path, caplog):
    root = tmp_path / "ws"
    log_env = {"SCANNER_STATION_LOG": "DEBUG"}
    assert _cli("init", root).returncode == 0
    forms = [make_form(4100 + i, t, "scanner") for i, t in
             enumerate(["civil.birth_extract", "civil.marriage_extract", "civil.death_extract"])]
    secrets = set().union(*(_secrets(f.truth) for f in forms))
    assert len(secrets) >= 9, secrets
    batch = root / "inbox" / "Khai sinh 2024"
    batch.mkdir()
    for i, f in enumerate(forms):
        Image.fromarray(f.image).save(batch / f"trang-{i + 1}.png", dpi=(300, 300))
    streams = []
    res = _cli("-v", "-w", root, "ingest", *sorted(batch.iterdir()), "--move", env=log_env)
    assert res.returncode == 0, res.stderr
    streams.append(res.stderr)
    assert "DEBUG" in res.stderr or "INFO" in res.stderr  # the log really was verbose

    # the clerk corrects and confirms every record, in this process, with every logger at DEBUG
    ws = Workspace(root)
    with caplog.at_level(logging.DEBUG):
        rv = Review(ws.store)
        admin = rv.create_user("admin", "Quản trị", "admin", "admin-pass-1")
        clerk = rv.create_user("lan", "Nguyễn Thị Lan", "clerk", "clerk-pass-1", by=admin)
        records = ws.store.records()
        assert len(records) >= 3
        for r in records:
            rec = ws.store.record(r["id"])
            version = rec["version"]
            for key, fl in rec["fields"].items():
                if fl["status"] not in ("confirmed", "illegible"):
                    version = rv.set_field(clerk, r["id"], key, version, value=fl["value"] or "?",
                                           as_written=True)
            rv.confirm_record(clerk, r["id"], version)
        # a refused action's message names no one either
        with pytest.raises(Exception) as exc:
            rv.set_field(clerk, records[0]["id"], "full_name", 0, value="Tên Khác")
        streams.append(str(exc.value))
    ws.close()
    streams += [rec.getMessage() for rec in caplog.records]
    streams += [str(rec.args) for rec in caplog.records if rec.args]

    assert _cli("-w", root, "keys", "demo").returncode == 0
    res = _cli("-v", "-w", root, "export", "--office-code", "01001", "--office-name", "UBND xã Tân Phú",
               "--operator", "lan", "--password", "demo", env=log_env)
    assert res.returncode == 0, res.stderr
    streams.append(res.stderr)
    pkg = res.stdout.strip()
    db = f"sqlite:///{tmp_path / 'province.db'}"
    for _ in range(2):  # the second import: "imported before", still no names
        res = _cli("-v", "import", pkg, "--trust", root / "keys" / "trust", "--db", db, env=log_env)
        assert res.returncode == 0, res.stderr
        streams.append(res.stderr)
    # the package really carries them (the check above is not vacuous)
    import zipfile
    with zipfile.ZipFile(pkg) as z:
        carried = z.read("data/records.json").decode()
    assert sum(s in carried for s in secrets) >= len(secrets) // 2
    logs = "\n".join(streams) + "".join(p.read_text("utf-8", "replace") for p in root.rglob("*.log"))
    leaked = sorted(s for s in secrets if s in logs)
    assert not leaked, leaked
