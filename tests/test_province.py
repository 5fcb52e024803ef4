"""The provincial database on both back ends: a real SQLite file and a real PostgreSQL 15 cluster.

Imports are atomic (an exception or a kill -9 midway leaves nothing), idempotent, never
overwrite (conflicts are kept), and the schema migrates stepwise."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from scanner_station.export import keys
from scanner_station.export.package import ExportOptions, verify_package, write_package
from scanner_station.storage.province import ProvinceDB
from scanner_station.synth.records import fake_records

OPTS = ExportOptions(office_code="01001", office_name="UBND xã Tân Phú", station_id="st-1", operator="clerk1",
                     states=("extracted", "corrected", "verified"))


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    paths = keys.demo(d, password="pw")
    return {**paths, "signer": keys.load_p12(paths["p12"], "pw")}


@pytest.fixture(scope="module")
def packages(pki, tmp_path_factory):
    d = tmp_path_factory.mktemp("pkgs")
    small = fake_records(300, seed=1)
    changed = [dict(r) for r in small[:5]]
    for r in changed:  # another book says something else about the same people
        r["fields"] = {**r["fields"], "full_name": {**r["fields"]["full_name"], "value": "Đỗ Thị Khác"}}
    return {"small": write_package(small, d / "a", pki["signer"], OPTS),
            "changed": write_package(changed + fake_records(10, seed=2), d / "b", pki["signer"], OPTS),
            "big": write_package(fake_records(12000, seed=3), d / "c", pki["signer"], OPTS)}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'province.db'}"
    return request.getfixturevalue("pg_db")


def _doc(path, pki):
    report = verify_package(path, pki["trust"])
    assert report.ok, report.checks
    return report


def test_import_is_idempotent_and_keeps_conflicts(db_url, packages, pki):
    db = ProvinceDB(db_url)
    r = _doc(packages["small"], pki)
    assert db.import_document(r.document, r.signer, checks=r.checks)["added"] == 300
    assert db.import_document(r.document, r.signer)["already_imported"] == 1
    assert db.counts()["person_records"] == 300
    r2 = _doc(packages["changed"], pki)
    counts = db.import_document(r2.document, r2.signer)
    assert counts == {"added": 10, "unchanged": 0, "conflicts": 5, "already_imported": 0}
    pid = r.document["records"][0]["key"]
    info = db.lookup(pid)
    assert info["records"][0]["fields"]["full_name"]["value"] == r.document["records"][0]["fields"]["full_name"]["value"]
    assert info["conflicts"][0]["fields"]["full_name"]["value"] == "Đỗ Thị Khác"
    assert info["records"][0]["office"] == "UBND xã Tân Phú"  # provenance kept
    db.close()


def test_an_error_midway_rolls_everything_back(db_url, packages, pki):
    db = ProvinceDB(db_url)
    r = _doc(packages["big"], pki)

    def boom(done, total):
        if done >= 3000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        db.import_document(r.document, r.signer, progress=boom)
    assert db.counts() == {"packages": 0, "person_records": 0, "person_ids": 0, "conflicts": 0}
    db.close()


def test_kill_9_mid_import_leaves_nothing_half_imported(db_url, packages, pki):
    from conftest import BIN
    proc = subprocess.Popen([str(BIN / "scanner-station"), "import", str(packages["big"]), "--trust",
                             str(pki["trust"]), "--db", db_url, "--progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    deadline = time.time() + 120
    while time.time() < deadline:
        line = proc.stderr.readline()
        if line.startswith("importing "):
            seen = line
            done, total = map(int, line.split()[1].split("/"))
            if 0 < done < total:
                break
    assert seen and proc.poll() is None, f"no progress seen before the end: {seen!r}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    db = ProvinceDB(db_url)
    assert db.counts() == {"packages": 0, "person_records": 0, "person_ids": 0, "conflicts": 0}
    r = _doc(packages["big"], pki)
    assert db.import_document(r.document, r.signer)["added"] == 12000  # nothing stuck: a clean retry
    db.close()


def test_schema_migrates_stepwise_and_refuses_a_newer_database(db_url):
    db = ProvinceDB(db_url, upto=1)
    assert db.schema_version() == 1
    db._exec("INSERT INTO packages (id, office_code, office_name, station_id, operator, signer, created_at,"
             " imported_at, record_count, meta) VALUES (?,?,?,?,?,?,?,?,?,?)",
             ("p-old", "01001", "UBND xã Tân Phú", "st", "op", "s", "2025-01-01", 1.0, 0, "{}"))
    db.close()
    db = ProvinceDB(db_url)
    assert db.schema_version() == 2
    row = db._exec("SELECT office_name, checks FROM packages WHERE id = ?", ("p-old",)).fetchone()
    assert tuple(row) == ("UBND xã Tân Phú", "[]")
    db._exec("INSERT INTO schema_version (version) VALUES (?)", (99,))
    db.close()
    with pytest.raises(Exception) as exc:
        ProvinceDB(db_url)
    assert "newer than this program" in str(exc.value)


def test_a_rejected_package_imports_nothing(db_url, packages, pki, tmp_path):
    from conftest import BIN
    import zipfile
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(packages["small"]) as zin, zipfile.ZipFile(bad, "w") as zout:
        for i in zin.infolist():
            data = zin.read(i)
            zout.writestr(i.filename, data.replace(b"UBND", b"UBNX", 1) if i.filename.endswith(".json") else data)
    res = subprocess.run([str(BIN / "scanner-station"), "import", str(bad), "--trust", str(pki["trust"]),
                          "--db", db_url], capture_output=True, text=True)
    assert res.returncode != 0 and "nothing imported" in res.stderr and "data/records.json" in res.stdout + res.stderr
    db = ProvinceDB(db_url)
    assert db.counts()["packages"] == 0
    db.close()
