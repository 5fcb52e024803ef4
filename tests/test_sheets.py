"""Cover and separator sheets split a scanned stack into documents with their batch's metadata;
codes on documents become evidence (issue 18)."""

from __future__ import annotations

import json
import random
import subprocess

import numpy as np
import pytest
from PIL import Image

from conftest import BIN
from scanner_station.domain.sheets import cover_payload, parse_code, separator_payload
from scanner_station.imaging.codes import read_codes, sheet_of
from scanner_station.ingest.intake import intake
from scanner_station.pipeline import Pipeline
from scanner_station.synth.forms import make_form
from scanner_station.synth.pages import to_pdf_bytes
from scanner_station.synth.stacks import SHEET_VARIANTS, damage, degrade_sheet, sheet_rgb, with_foreign_code

COVER = {"batch": "Khai sinh 1995 quyển 02", "office": "UBND xã Tân Phú", "office_code": "01001",
         "family": "civil_status", "book_type": "khai sinh", "volume": "02", "year": "1995"}
KINDS = ["civil.birth_extract", "civil.marriage_extract", "civil.death_extract"]


def test_payloads_round_trip_and_foreign_codes_are_kept_raw():
    c = parse_code(cover_payload(**{"batch": "Lô 1", "office": "UBND phường Đống Đa", "office_code": "01",
                                    "family": "land", "book_type": "GCN", "volume": "3", "year": "2001"}))
    assert c.kind == "cover" and c.fields["office"] == "UBND phường Đống Đa" and c.fields["family"] == "land"
    assert parse_code(separator_payload("trích lục")).fields == {"doc_type": "trích lục"}
    card = parse_code("001087012345|123456789|Nguyễn Văn Đức|15031987|Nam|Thôn 3, xã Tân Phú|01022021")
    assert card.kind == "id_card" and card.fields["date_of_birth"] == "1987-03-15"
    assert card.fields["full_name"] == "Nguyễn Văn Đức"
    dossier = parse_code("000.00.07.H56-241201-0001")
    assert dossier.kind == "dossier" and dossier.fields["received_date"] == "2024-12-01"
    assert dossier.fields["receiving_office"] == "000.00.07.H56"
    other = parse_code("https://dichvucong.gov.vn/hs/123")
    assert other.kind == "other" and other.raw.endswith("123")
    assert parse_code("SSTN1{broken").kind == "other"


@pytest.mark.parametrize("variant", SHEET_VARIANTS)
@pytest.mark.parametrize("kind", ["separator", "cover"])
def test_sheets_are_found_on_degraded_scans(kind, variant):
    img = degrade_sheet(sheet_rgb(kind, cover=COVER), variant, random.Random(7))
    found = sheet_of(read_codes(img))
    assert found is not None and found.info.kind == kind
    if kind == "cover":
        assert found.info.fields["batch"] == COVER["batch"]


def test_damaged_sheet_is_reported_and_not_taken_for_a_sheet():
    codes = read_codes(damage(sheet_rgb("separator"), random.Random(3)))
    assert sheet_of(codes) is None


def _stack(forms):
    """cover, doc 1, separator, doc 2, separator, doc 3, separator (last: no empty document)"""
    rng = random.Random(5)
    sep = sheet_rgb("separator")
    pages = [degrade_sheet(sheet_rgb("cover", cover=COVER), "skewed", rng)]
    for i, f in enumerate(forms):
        pages.append(f.image)
        pages.append(degrade_sheet(sep, ("low_contrast", "rotated180", "skewed")[i], rng))
    return pages


def _process(ws):
    assert Pipeline(ws, workers=0).run() >= 1
    return ws.store.records()


def test_a_stack_in_one_pdf_splits_at_separators_and_takes_the_cover(ws):
    forms = [make_form(300 + i, k, "clean") for i, k in enumerate(KINDS)]
    folder = ws.inbox / "quét-ngày-1"
    folder.mkdir()
    # the folder says volume 01; the cover sheet says 02: the sheet wins, the batch says so
    (folder / "batch.toml").write_text('[batch]\nbook_type = "khai sinh"\nvolume = "01"\n', "utf-8")
    path = folder / "xap.pdf"
    path.write_bytes(to_pdf_bytes(_stack(forms)))
    assert intake(ws, path).status == "accepted"
    records = _process(ws)
    assert [r["template_id"] for r in records] == KINDS  # three documents, none made of a sheet
    f = ws.store.file(records[0]["file_id"])
    pages = ws.store.pages(f["id"])
    assert len(pages) == 7  # every page kept
    assert [p["state"] for p in pages].count("separator") == 3
    assert pages[0]["state"] == "cover"
    sheet_ids = {p["id"] for p in pages if p["state"] in ("separator", "cover")}
    for r in records:
        assert not set(json.loads(r["page_ids"]) if isinstance(r["page_ids"], str) else r["page_ids"]) & sheet_ids
    b = ws.store.batch(f["batch_id"])
    assert (b.office, b.volume, b.year, b.record_family) == ("UBND xã Tân Phú", "02", "1995", "civil_status")
    note = ws.store.batch_note(f["batch_id"])
    assert "volume" in note and "sheet's values are used" in note


def test_a_folder_of_images_and_a_stack_without_cover(ws):
    forms = [make_form(310 + i, k, "scanner") for i, k in enumerate(KINDS[:2])]
    folder = ws.inbox / "lô ảnh"
    folder.mkdir()
    imgs = [sheet_rgb("cover", cover=COVER | {"batch": "Lô ảnh bìa"}), forms[0].image, sheet_rgb("separator"),
            forms[1].image]
    for i, im in enumerate(imgs):
        Image.fromarray(im).save(folder / f"{i + 1:03d}.png", dpi=(300, 300))
        assert intake(ws, folder / f"{i + 1:03d}.png").status == "accepted"
    # a stack without a cover keeps its inbox folder's batch
    other = ws.inbox / "không bìa"
    other.mkdir()
    (other / "a.pdf").write_bytes(to_pdf_bytes([forms[0].image, sheet_rgb("separator"), forms[1].image]))
    assert intake(ws, other / "a.pdf").status == "accepted"
    records = _process(ws)
    by_batch = {}
    for r in records:
        by_batch.setdefault(r["batch"], []).append(r["template_id"])
    assert by_batch["lô ảnh"] == KINDS[:2]  # the folder's batch, with the cover's metadata
    b = next(ws.store.batch(ws.store.file(r["file_id"])["batch_id"]) for r in records if r["batch"] == "lô ảnh")
    assert (b.volume, b.year) == ("02", "1995")
    assert by_batch["không bìa"] == KINDS[:2]
    nb = next(ws.store.batch(ws.store.file(r["file_id"])["batch_id"]) for r in records if r["batch"] == "không bìa")
    assert nb.volume == "unknown"


def test_damaged_separator_is_processed_as_an_ordinary_page_with_a_message(ws, caplog):
    forms = [make_form(320 + i, k, "clean") for i, k in enumerate(KINDS[:2])]
    bad = damage(sheet_rgb("separator"), random.Random(1))
    (ws.inbox / "x.pdf").write_bytes(to_pdf_bytes([forms[0].image, bad, forms[1].image]))
    assert intake(ws, ws.inbox / "x.pdf").status == "accepted"
    records = _process(ws)
    pages = ws.store.pages(records[0]["file_id"])
    assert pages[1]["state"] not in ("separator", "cover")  # processed as a page
    steps = json.loads(pages[1]["steps"])
    said = steps.get("sheet_unreadable", "") + " ".join(c["message"] for c in steps.get("codes", []))
    assert "cannot be read" in said and "print a new sheet" in steps.get("sheet_unreadable", "")
    assert any("cannot be read" in r.getMessage() for r in caplog.records)
    assert [r["template_id"] for r in records if r["template_id"]] == KINDS[:2]


def test_blank_pages_separate_when_the_batch_says_so(ws):
    blank = None
    for j, (name, flag) in enumerate((("tách", "yes"), ("liền", "no"))):
        forms = [make_form(330 + 10 * j + i, k, "clean") for i, k in enumerate(KINDS[:2])]
        blank = np.full_like(forms[0].image, 255)
        folder = ws.inbox / name
        folder.mkdir()
        (folder / "batch.toml").write_text(f'[batch]\nblank_separates = "{flag}"\n', "utf-8")
        (folder / "s.pdf").write_bytes(to_pdf_bytes([forms[0].image, blank, forms[1].image, blank]))
        assert intake(ws, folder / "s.pdf").status == "accepted"
    records = _process(ws)
    split = [r for r in records if r["batch"] == "tách"]
    assert [r["template_id"] for r in split] == KINDS[:2]
    assert all(len(r["page_ids"] if not isinstance(r["page_ids"], str) else json.loads(r["page_ids"])) == 1
               for r in split)  # the blank pages belong to no document, and are kept
    pages = ws.store.pages(split[0]["file_id"])
    assert len(pages) == 4 and sum(p["blank"] for p in pages) == 2
    joined = [r for r in records if r["batch"] == "liền"]  # without the option, blanks join documents
    assert sorted(len(r["page_ids"] if not isinstance(r["page_ids"], str) else json.loads(r["page_ids"]))
                  for r in joined) == [2, 2]


def test_id_card_qr_is_evidence_for_the_fields(ws):
    from scanner_station.synth.stacks import qr_image
    form = make_form(340, "civil.birth_extract", "clean")
    truth = form.truth[0]
    good = f"{truth['personal_id']}||{truth['full_name']}|" \
           f"{truth['date_of_birth'][8:10]}{truth['date_of_birth'][5:7]}{truth['date_of_birth'][:4]}|Nam|x|01012021"
    wrong_name = good.replace(truth["full_name"], "Phạm Thị Khác")
    for name, payload in (("dung.png", good), ("sai.png", wrong_name)):
        img = form.image.copy()
        q = np.array(qr_image(payload, 300).convert("RGB"))
        img[-q.shape[0] - 60:-60, -q.shape[1] - 60:-60] = q
        Image.fromarray(img).save(ws.inbox / name, dpi=(300, 300))
        assert intake(ws, ws.inbox / name).status == "accepted"
    records = _process(ws)
    assert len(records) == 2
    good_rec, bad_rec = (ws.store.record(r["id"]) for r in records)
    g = good_rec["fields"]["full_name"]
    assert any("matches the ID card" in m for m in g["messages"]), g
    b = bad_rec["fields"]["full_name"]
    assert b["status"] == "uncertain" and b["value"] == truth["full_name"]  # the paper's value stays
    assert any("Phạm Thị Khác" in m for m in b["messages"]) and "Phạm Thị Khác" in b["suggestions"]


def test_foreign_codes_are_kept_and_split_nothing(ws):
    rng = random.Random(9)
    forms = [make_form(350 + i, k, "scanner") for i, k in enumerate(KINDS[:2])]
    pages = [with_foreign_code(forms[0].image, rng), with_foreign_code(forms[1].image, rng, "barcode")]
    (ws.inbox / "f.pdf").write_bytes(to_pdf_bytes(pages))
    assert intake(ws, ws.inbox / "f.pdf").status == "accepted"
    records = _process(ws)
    assert [r["template_id"] for r in records] == KINDS[:2]
    steps = [json.loads(p["steps"]) for p in ws.store.pages(records[0]["file_id"])]
    kinds = [c["kind"] for s in steps for c in s.get("codes", [])]
    assert kinds.count("other") >= 1 and "separator" not in kinds


def test_cli_prints_sheets_that_read_back(tmp_path):
    out = tmp_path / "bia.pdf"
    res = subprocess.run([str(BIN / "scanner-station"), "sheets", "cover", "-o", str(out), "--batch", COVER["batch"],
                          "--office", COVER["office"], "--office-code", "01001", "--family", "civil_status",
                          "--book-type", "khai sinh", "--volume", "02", "--year", "1995"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    from scanner_station.imaging.sources import load_page
    img = load_page(out, "pdf", 0).image
    found = sheet_of(read_codes(img))
    assert found.info.kind == "cover" and found.info.fields["batch"] == COVER["batch"]
    res = subprocess.run([str(BIN / "scanner-station"), "sheets", "cover", "-o", str(out), "--batch", "x"],
                         capture_output=True, text=True)
    assert res.returncode != 0 and "--office" in res.stderr
    sep = tmp_path / "sep.pdf"
    res = subprocess.run([str(BIN / "scanner-station"), "sheets", "separator", "-o", str(sep), "--copies", "3"],
                         capture_output=True, text=True)
    assert res.returncode == 0
    import pikepdf
    with pikepdf.open(sep) as pdf:
        assert len(pdf.pages) == 3


@pytest.mark.gui
def test_app_prints_sheets_and_shows_a_batch_note(ws, qtbot, tmp_path):
    from scanner_station.gui.sheets_dialog import CoverDialog
    from test_export import add_records
    from test_gui import admin_window
    add_records(ws)
    ws.store._conn.execute("UPDATE batches SET note = 'the cover sheet differs in volume'")
    app, win = admin_window(qtbot, ws)
    try:
        qtbot.waitUntil(lambda: win.batch_table.rowCount() >= 1, timeout=10000)
        item = win.batch_table.item(0, 0)
        assert item.text().startswith("⚠") and "volume" in item.toolTip()
        sep, cov = tmp_path / "sep.pdf", tmp_path / "cov.pdf"
        win._print_separator(str(sep))
        win._print_cover(COVER, str(cov))
        qtbot.waitUntil(lambda: sep.exists() and cov.exists(), timeout=10000)
        from scanner_station.imaging.sources import load_page
        assert sheet_of(read_codes(load_page(sep, "pdf", 0).image)).info.kind == "separator"
        assert sheet_of(read_codes(load_page(cov, "pdf", 0).image)).info.fields["volume"] == "02"
        dlg = CoverDialog(win)
        dlg.edits["batch"].setText("Lô 7")
        dlg._accept()  # office, code and year missing: said, not accepted
        assert "Cơ quan" in dlg.error.text() and not dlg.result()
        for k, v in (("office", "UBND xã A"), ("office_code", "01"), ("year", "95")):
            dlg.edits[k].setText(v)
        dlg._accept()
        assert "YYYY" in dlg.error.text()
        dlg.edits["year"].setText("1995")
        dlg._accept()
        assert dlg.result() and dlg.values()["family"] == "civil_status"
    finally:
        app.shutdown()


def test_a_second_cover_sheet_starts_a_new_batch(ws):
    forms = [make_form(360 + i, k, "clean") for i, k in enumerate(KINDS[:2])]
    second = COVER | {"batch": "Khai sinh 1996 quyển 01", "volume": "01", "year": "1996"}
    (ws.inbox / "hai-lo.pdf").write_bytes(to_pdf_bytes([sheet_rgb("cover", cover=COVER), forms[0].image,
                                                         sheet_rgb("cover", cover=second), forms[1].image]))
    assert intake(ws, ws.inbox / "hai-lo.pdf").status == "accepted"
    records = _process(ws)
    assert [(r["template_id"], r["batch"]) for r in records] == [(KINDS[0], COVER["batch"]),
                                                                 (KINDS[1], second["batch"])]
    f = ws.store.file(records[0]["file_id"])
    assert "second cover sheet" in ws.store.batch_note(f["batch_id"])
    b2 = ws.store.batch(records[1]["batch_id"])
    assert (b2.volume, b2.year) == ("01", "1996")
    assert [r["id"] for r in ws.store.records(batch=second["batch"])] == [records[1]["id"]]
