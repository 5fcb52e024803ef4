"""Signed export packages, verification (ours and openssl's) and provincial import."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from scanner_station.domain.errors import ExitCode
from scanner_station.domain.records import BatchInfo
from scanner_station.export import keys
from scanner_station.export.package import ExportOptions, export_package, verify_package
from scanner_station.extraction.extract import ExtractedField, PageAnalysis
from scanner_station.storage.province import ProvinceDB

PEOPLE = [("Nguyễn Văn Đức", "001087012345", "1987-03-15", "Nam"),
          ("Trần Thị Hằng", "001188054321", "1988", "Nữ"),
          ("Lê Minh Khôi", "", "1990-01-02", "Nam")]  # no ID: a local key that says why


def _field(key, value, normalized=None, status="proposed"):
    return ExtractedField(key, value, value if normalized is None else normalized, status, 0.97,
                          (10, 20, 300, 60), ())


def _page_image(ws, sha, name, pid):
    """A real page image with its true word boxes (the OCR layout the PDF text layer is built from)."""
    from PIL import Image

    from scanner_station.synth.pages import render_with_layout

    img, layout = render_with_layout(["TRÍCH LỤC KHAI SINH", f"Họ, chữ đệm, tên: {name}",
                                      f"Số định danh cá nhân: {pid or '...'}"])
    path = ws.root / "derived" / f"{sha}.png"
    Image.fromarray(img).save(path)
    return f"derived/{sha}.png", layout


def add_records(ws, people=PEOPLE, batch="so-ks-1987"):
    bid = ws.store.ensure_batch(BatchInfo(batch, office="UBND xã Tân Phú", record_family="civil_status",
                                          book_type="khai sinh", volume="01", year="1987"))
    for i, (name, pid, dob, sex) in enumerate(people):
        sha = hashlib.sha256(f"{batch}{i}{name}".encode()).hexdigest()
        fid = ws.store.add_file(sha256=sha, original_name=f"trang-{i}.png", size=1, kind="png",
                                page_count=1, batch_id=bid, stored_path=f"originals/{sha}.png")
        fields = {"full_name": _field("full_name", name), "date_of_birth": _field("date_of_birth", dob),
                  "sex": _field("sex", sex),
                  "personal_id": _field("personal_id", pid, status="proposed" if pid else "illegible")}
        analysis = PageAnalysis("civil.birth_extract", 1.0, (), (fields,))
        image_path, layout = _page_image(ws, sha, name, pid)
        job = [j for j in ws.store.claim_jobs(10) if j.file_id == fid][0]
        ws.store.complete_page_job(job, [{"part": 0, "image_path": image_path, "width": 1240,
                                          "height": 1754, "blank": False, "steps": {"source": {"dpi": 150}},
                                          "state": "ocr_done", "ocr_text": name, "ocr_json": json.dumps(layout),
                                          "analysis": json.dumps(analysis.as_json())}])
        ws.store.rebuild_records(fid)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    paths = keys.demo(d, password="pw")
    return {"dir": d, **paths, "signer": keys.load_p12(paths["p12"], "pw")}


OPTS = ExportOptions(office_code="01001", office_name="UBND xã Tân Phú", station_id="st-1", operator="clerk1",
                     states=("extracted", "corrected", "verified"))


@pytest.fixture()
def package(ws, pki):
    add_records(ws)
    return export_package(ws.store, ws.root / "exports", pki["signer"], OPTS)


def test_package_content_csv_and_signature(package, pki, ws, tmp_path):
    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
        assert {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt",
                "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s", "data/records.json",
                "data/records.csv"} <= names
        doc = json.loads(z.read("data/records.json"))
        csv_bytes = z.read("data/records.csv")
        manifest = z.read("manifest-sha256.txt").decode()
        # the template the records were read with travels with them, hashed like every payload file
        carried = z.read("data/templates/civil.birth_extract.toml")
        z.extractall(tmp_path)
    from scanner_station.extraction.templates import load_all
    birth = next(t for t in load_all() if t.id == "civil.birth_extract")
    assert carried == Path(birth.path).read_bytes()
    assert f"{hashlib.sha256(carried).hexdigest()}  data/templates/civil.birth_extract.toml" in manifest
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and "Nguyễn Văn Đức".encode() in csv_bytes
    recs = {r["key"]: r for r in doc["records"]}
    assert recs["001087012345"]["fields"]["full_name"]["value"] == "Nguyễn Văn Đức"
    assert recs["001188054321"]["fields"]["date_of_birth"]["normalized"] == "1988"  # partial stays partial
    local = [r for r in doc["records"] if r["key_kind"] == "local"]
    assert len(local) == 1 and "no valid 12-digit ID" in local[0]["key_reason"]
    assert recs["001087012345"]["provenance"]["volume"] == "01"
    exported = {r["exported_package"] for r in ws.store.overview()["records"]}
    assert exported == {package.name}  # the app shows these records as exported, and where
    # an independent validator agrees with ours on the schema and the document
    import jsonschema
    from scanner_station.export.package import SCHEMA_PATH, PackageError, validate_schema
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(doc)
    bad = json.loads(json.dumps(doc))
    bad["records"][0]["persons"][0]["personal_id"] = "00108701234"
    assert not jsonschema.Draft7Validator(schema).is_valid(bad)
    with pytest.raises(PackageError) as exc:
        validate_schema(bad)
    assert "records/0/persons/0/personal_id" in exc.value.message and "pattern" in exc.value.message
    report = verify_package(package, pki["trust"])
    assert report.ok, report.checks
    assert "Scanner Station" in report.signer
    assert any("every PDF (3)" in name for name, ok, _ in report.checks if ok)
    pdf = tmp_path / "data" / recs["001087012345"]["provenance"]["document"]
    res = subprocess.run(["pdfsig", "-nocert", str(pdf)], capture_output=True, text=True)
    assert "Signature is Valid" in res.stdout, res.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Nguyễn Văn Đức" in text and "001087012345" in text
    # an independent implementation agrees: openssl verifies the detached CMS signature
    bag = tmp_path
    res = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER",
                          "-in", str(bag / "tagmanifest-sha256.txt.p7s"),
                          "-content", str(bag / "tagmanifest-sha256.txt"),
                          "-CAfile", str(pki["trust"]), "-purpose", "any", "-out", os.devnull],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def _rewrite(src: Path, dst: Path, change) -> Path:
    """Copy a zip, letting ``change(name, data)`` return new bytes (or None to drop a member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def test_tampering_is_rejected_naming_the_member(package, pki, tmp_path):
    def flip(target):
        def change(name, data):
            if name.endswith(target):
                i = data.find(b"1987")
                return data[:i] + b"1978" + data[i + 4:] if i >= 0 else data + b" "
            return data
        return change

    with zipfile.ZipFile(package) as z:
        pdf = next(n for n in z.namelist() if n.endswith(".pdf"))
    cases = {"data/records.json": ExitCode.checksum_mismatch,
             pdf: ExitCode.checksum_mismatch,
             "manifest-sha256.txt": ExitCode.signature_invalid,  # covered by the signed tag manifest
             "tagmanifest-sha256.txt": ExitCode.signature_invalid}
    for member, code in cases.items():
        bad = _rewrite(package, tmp_path / f"bad-{member.replace('/', '_')}.zip", flip(member))
        r = verify_package(bad, pki["trust"])
        assert not r.ok and r.exit_code == code, (member, r.checks)
        assert any(member.split("/")[-1] in d or "tagmanifest" in d for _, ok, d in r.checks if not ok)
    unsigned = _rewrite(package, tmp_path / "unsigned.zip", lambda n, d: None if n.endswith(".p7s") else d)
    r = verify_package(unsigned, pki["trust"])
    assert r.exit_code == ExitCode.package_unsigned


def test_untrusted_and_expired_signers_are_rejected(ws, pki, tmp_path):
    add_records(ws)
    other_key, other_ca = keys.make_ca("Someone else's CA")
    stranger = keys.issue(other_key, other_ca, "Unknown station", "Nobody")
    pkg = export_package(ws.store, tmp_path / "a", stranger, OPTS)
    r = verify_package(pkg, pki["trust"])
    assert r.exit_code == ExitCode.signature_invalid and "trust store" in r.checks[-1][2]
    ca_key = keys.serialization.load_pem_private_key(pki["ca_key"].read_bytes(), None)
    ca_cert = keys.load_trust(pki["trust"])[0]
    expired = keys.issue(ca_key, ca_cert, "Old station", "UBND", days=30,
                         not_before=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400))
    pkg = export_package(ws.store, tmp_path / "b", expired, OPTS)
    r = verify_package(pkg, pki["trust"])
    assert r.exit_code == ExitCode.signature_invalid


def test_unsafe_archives_are_refused_before_extraction(package, pki, tmp_path):
    def with_member(name, data=b"x", mode=None):
        dst = tmp_path / f"evil{abs(hash(name))}.zip"
        shutil.copy(package, dst)
        with zipfile.ZipFile(dst, "a") as z:
            info = zipfile.ZipInfo(name)
            if mode is not None:
                info.external_attr = mode << 16
            z.writestr(info, data)
        return dst

    for evil in (with_member("../../etc/evil.txt"), with_member("/abs/path.txt"),
                 with_member("data/link", b"/etc/passwd", stat.S_IFLNK | 0o777)):
        r = verify_package(evil, pki["trust"])
        assert r.exit_code == ExitCode.package_unsafe, r.checks
        assert not (tmp_path.parent / "etc" / "evil.txt").exists()
    bomb = tmp_path / "bomb.zip"
    shutil.copy(package, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data/zeros.bin", b"\0" * (64 * 1024 * 1024))
    r = verify_package(bomb, pki["trust"])
    assert r.exit_code == ExitCode.package_unsafe and "bomb" in r.checks[-1][2]
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is not a zip")
    assert verify_package(junk, pki["trust"]).exit_code == ExitCode.package_unsafe


def test_schema_version_and_duplicate_ids_are_refused(ws, pki, tmp_path):
    add_records(ws, [PEOPLE[0], ("Nguyễn Văn Đức", "001087012345", "1987-03-15", "Nam")])
    with pytest.raises(Exception) as exc:
        export_package(ws.store, tmp_path, pki["signer"], OPTS)
    assert "more than one record" in str(exc.value)


def test_import_sqlite_is_atomic_idempotent_and_keeps_conflicts(package, pki, ws, tmp_path):
    url = f"sqlite:///{tmp_path / 'province.db'}"
    report = verify_package(package, pki["trust"])
    db = ProvinceDB(url)
    first = db.import_document(report.document, report.signer)
    assert first["added"] == 3
    again = db.import_document(report.document, report.signer)
    assert again["already_imported"] == 1 and db.counts()["person_records"] == 3
    # a later package from another book says something else about the same person
    ws.store._conn.execute("DELETE FROM records")
    add_records(ws, [("Nguyễn Văn Được", "001087012345", "1987-03-15", "Nam")], batch="so-ks-1987-b")
    pkg2 = export_package(ws.store, tmp_path / "p2", pki["signer"], OPTS)
    r2 = verify_package(pkg2, pki["trust"])
    counts = db.import_document(r2.document, r2.signer)
    assert counts == {"added": 0, "unchanged": 0, "conflicts": 1, "already_imported": 0}
    info = db.lookup("001087012345")
    assert info["records"][0]["fields"]["full_name"]["value"] == "Nguyễn Văn Đức"  # never overwritten
    assert info["conflicts"][0]["fields"]["full_name"]["value"] == "Nguyễn Văn Được"
    db.close()


def test_cli_export_verify_import_lookup(ws, tmp_path):
    from conftest import BIN
    add_records(ws)
    exe = str(BIN / "scanner-station")
    run = lambda *a: subprocess.run([exe, "-w", str(ws.root), *a], capture_output=True, text=True)  # noqa: E731
    assert run("keys", "demo").returncode == 0
    # a state that does not exist is refused with the valid ones, not an empty signed package
    res = run("export", "--office-code", "01001", "--office-name", "X", "--operator", "c", "--password", "demo",
              "--states", "verified,checked")
    assert res.returncode != 0 and "checked" in res.stderr and "valid states: extracted" in res.stderr
    assert not list((ws.root / "exports").glob("*.zip"))
    # by default only what a person confirmed leaves the station: nothing here, and it says why
    res = run("export", "--office-code", "01001", "--office-name", "UBND xã Tân Phú", "--operator", "clerk1",
              "--password", "demo")
    assert res.returncode != 0 and "3 record(s) read by machine wait for review" in res.stderr
    assert "--include-unreviewed" in res.stderr and not list((ws.root / "exports").glob("*.zip"))
    res = run("export", "--office-code", "01001", "--office-name", "X", "--operator", "c", "--password", "demo",
              "--states", "extracted,verified")
    assert res.returncode != 0 and "--include-unreviewed" in res.stderr
    res = run("export", "--office-code", "01001", "--office-name", "UBND xã Tân Phú", "--operator", "clerk1",
              "--password", "demo", "--include-unreviewed")
    assert res.returncode == 0, res.stderr
    pkg = res.stdout.strip()
    with zipfile.ZipFile(pkg) as z:  # the package says what no person has checked
        assert "Unreviewed-Records: 3 (read by machine" in z.read("bag-info.txt").decode()
        doc = json.loads(z.read("data/records.json"))
    assert doc["package"]["unreviewed_records"] == 3
    assert {r["state"] for r in doc["records"]} == {"extracted"}
    trust = str(ws.root / "keys" / "trust")
    assert run("verify", pkg, "--trust", trust).returncode == 0
    db = f"sqlite:///{tmp_path / 'p.db'}"
    res = run("import", pkg, "--trust", trust, "--db", db)
    assert res.returncode == 0 and "3 added" in res.stdout, res.stdout + res.stderr
    res = run("lookup", "001087012345", "--db", db)
    assert res.returncode == 0 and "Nguyễn Văn Đức" in res.stdout
    other = tmp_path / "other-trust.pem"
    other.write_bytes(keys.make_ca("x")[1].public_bytes(keys.serialization.Encoding.PEM))
    res = run("import", pkg, "--trust", str(other), "--db", f"sqlite:///{tmp_path / 'q.db'}")
    assert res.returncode == ExitCode.signature_invalid and "nothing imported" in res.stderr


def test_many_documents_are_built_in_worker_processes_and_all_verify(ws, pki, tmp_path):
    people = [(f"Phạm Văn Người {i}", f"0010870123{i:02d}", "1987", "Nam") for i in range(5)]
    add_records(ws, people, batch="so-ks-nhieu")
    pkg = export_package(ws.store, tmp_path, pki["signer"], OPTS)  # ≥ 4 documents: the process pool
    report = verify_package(pkg, pki["trust"])
    assert report.ok and any("every PDF (5)" in name for name, ok, _ in report.checks), report.checks
    with zipfile.ZipFile(pkg) as z:
        assert not [n for n in z.namelist() if "unsigned" in n or n.endswith(".part")]
