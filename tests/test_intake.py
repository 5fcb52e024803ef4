"""Inbox intake: originals kept by SHA-256, duplicates recognised, bad files quarantined."""

import hashlib
import os
import stat
import unicodedata

import pytest
from PIL import Image

from conftest import write_pdf, write_tiff
from scanner_station.ingest.intake import intake


def test_accepted_file_keeps_original_bytes_and_queues_pages(ws, pages, tmp_path):
    src = write_pdf(ws.inbox / "so.pdf", [pages["clean"].image, pages["scanner"].image])
    data = src.read_bytes()
    res = intake(ws, src)
    assert res.status == "accepted"
    assert not src.exists()  # moved out of the inbox
    row = ws.store.file(res.file_id)
    assert row["sha256"] == hashlib.sha256(data).hexdigest()
    assert row["page_count"] == 2
    stored = ws.root / row["stored_path"]
    assert stored.read_bytes() == data
    assert not os.access(stored, os.W_OK) or os.geteuid() == 0
    assert stat.S_IMODE(stored.stat().st_mode) & 0o222 == 0
    assert ws.store.status()["jobs"] == {"queued": 2}


def test_same_content_twice_is_a_duplicate(ws, pages):
    a = write_pdf(ws.inbox / "a.pdf", [pages["clean"].image])
    data = a.read_bytes()
    first = intake(ws, a)
    (ws.inbox / "b.pdf").write_bytes(data)
    second = intake(ws, ws.inbox / "b.pdf")
    assert second.status == "duplicate" and second.file_id == first.file_id
    assert ws.store.status()["jobs"] == {"queued": 1}
    assert ws.store.status()["duplicates"] == 1


def test_multipage_tiff_and_png_and_jpeg(ws, pages):
    t = write_tiff(ws.inbox / "book.tif", [pages["clean"].image, pages["scanner"].image,
                                           pages["handwriting"].image])
    assert ws.store.file(intake(ws, t).file_id)["page_count"] == 3
    p = pages["clean"].save(ws.inbox / "x.png")
    assert intake(ws, p).status == "accepted"
    j = pages["scanner"].save(ws.inbox / "x.jpg")
    assert intake(ws, j).status == "accepted"


def _encrypted_pdf(path, pages):
    import pikepdf
    plain = write_pdf(path.with_suffix(".plain.pdf"), [pages["clean"].image])
    with pikepdf.open(plain) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    plain.unlink()
    return path


def _truncated_jpeg(path, pages):
    full = pages["clean"].save(path.with_suffix(".full.jpg"))
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) // 2])
    return path


def _truncated_pdf(path, pages):
    full = write_pdf(path.with_suffix(".full.pdf"), [pages["clean"].image])
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: int(len(data) * 0.7)])
    return path


def _bomb_png(path, pages):
    # 20000 × 20000 pixels, tiny on disk
    Image.new("1", (20000, 20000), 1).save(path)
    return path


BAD = {
    "empty": lambda p, pg: (p.write_bytes(b""), p)[1],
    "not_an_image": lambda p, pg: (p.write_text("Họ và tên: không phải ảnh"), p)[1],
    "encrypted": _encrypted_pdf,
    "truncated-jpeg": _truncated_jpeg,
    "truncated-pdf": _truncated_pdf,
    "too_many_pixels": _bomb_png,
}


@pytest.mark.parametrize("kind, name", [("empty", "empty.pdf"), ("not_an_image", "fake.jpg"),
                                        ("encrypted", "locked.pdf"), ("truncated-jpeg", "cut.jpg"),
                                        ("truncated-pdf", "cut.pdf"), ("too_many_pixels", "bomb.png")])
def test_bad_file_goes_to_quarantine_with_reason(ws, pages, kind, name):
    path = BAD[kind](ws.inbox / name, pages)
    before = path.read_bytes()
    res = intake(ws, path, max_pixels=150_000_000 if kind != "too_many_pixels" else 100_000_000)
    assert res.status == "quarantined"
    expected = kind.split("-")[0]
    assert res.reason_code == expected
    assert not path.exists()
    files = sorted(p.name for p in ws.quarantine.iterdir())
    kept = [f for f in files if f.endswith(name)]
    assert len(kept) == 1
    assert (ws.quarantine / kept[0]).read_bytes() == before  # nothing lost
    reason = (ws.quarantine / (kept[0] + ".reason.txt")).read_text("utf-8")
    assert f"reason: {expected}" in reason and "What to do:" in reason
    row = ws.store.quarantined()[-1]
    assert row["reason_code"] == expected and row["original_name"] == name


def test_unreadable_file_is_quarantined(ws, pages, tmp_path):
    """Permissions checked for real: as root (CI) the check runs with every capability dropped
    (setpriv), so root's permission override does not apply."""
    import subprocess
    import sys
    if os.geteuid() != 0:
        p = pages["clean"].save(ws.inbox / "locked.png")
        p.chmod(0)
        res = intake(ws, p)
        assert res.status == "quarantined" and res.reason_code == "unreadable"
        return
    p = pages["clean"].save(tmp_path / "locked.png")
    os.chmod(p, 0)
    code = ("import sys; from pathlib import Path; from scanner_station.imaging.sources import inspect_file\n"
            "from scanner_station.domain.errors import InputFileError\n"
            "try:\n inspect_file(Path(sys.argv[1]))\nexcept InputFileError as e:\n print(e.reason_code)\n")
    res = subprocess.run(["setpriv", "--bounding-set=-all", "--inh-caps=-all", sys.executable,
                          "-c", code, str(p)], capture_output=True, text=True)
    assert res.stdout.strip() == "unreadable", res.stderr


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_vietnamese_file_names_in_nfc_or_nfd(ws, pages, form):
    name = unicodedata.normalize(form, "Sổ đăng ký khai sinh quyển 3.png")
    p = pages["clean"].save(ws.inbox / name)
    res = intake(ws, p)
    assert res.status == "accepted"
    stored = ws.store.file(res.file_id)["original_name"]
    assert stored == unicodedata.normalize("NFC", name)


def test_batch_from_subfolder_and_sidecar(ws, pages):
    folder = ws.inbox / "Khai sinh 1995"
    folder.mkdir()
    (folder / "batch.toml").write_text(
        '[batch]\noffice = "UBND xã Tân Phú"\nbook_type = "khai sinh"\nvolume = "01"\nyear = "1995"\n'
        'record_family = "civil_status"\nsplit_mode = "on"\n', "utf-8")
    p = pages["spread"].save(folder / "p1.jpg")
    res = intake(ws, p)
    b = ws.store.batch(ws.store.file(res.file_id)["batch_id"])
    assert (b.name, b.book_type, b.volume, b.year, b.split_mode) == ("Khai sinh 1995", "khai sinh", "01",
                                                                     "1995", "on")


def test_bad_sidecar_is_reported(ws, pages):
    folder = ws.inbox / "lô lỗi"
    folder.mkdir()
    (folder / "batch.toml").write_text('[batch]\ncolour = "red"\n', "utf-8")
    p = pages["clean"].save(folder / "p1.png")
    res = intake(ws, p)
    assert res.status == "quarantined" and res.reason_code == "bad_batch_file"
    assert "colour" in res.message


def test_batch_sidecar_round_trips_through_toml():
    import tomllib

    from scanner_station.domain.records import BatchInfo
    info = BatchInfo("sổ-1", office='UBND xã "Tân Phú"\\ thôn 2', record_family="land", book_type="GCN",
                     volume="03", year="2010")
    back = BatchInfo.from_mapping(tomllib.loads(info.to_toml())["batch"], "other")
    assert back == info
