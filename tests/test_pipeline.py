"""The durable pipeline: inbox → cleanup → OCR → store, error paths with the faulty engine."""

import json

import pytest

from conftest import cer, write_pdf
from scanner_station.ingest.intake import intake
from scanner_station.pipeline import Pipeline
from scanner_station.storage.store import MAX_ATTEMPTS


def test_pages_stored_with_text_layout_and_steps(ws, pages):
    write_pdf(ws.inbox / "so.pdf", [pages["clean"].image, pages["spread"].image])
    intake(ws, ws.inbox / "so.pdf")
    assert Pipeline(ws, engine="tesseract", workers=0).run() == 2
    rows = ws.store.pages()
    assert [(r["source_index"], r["part"]) for r in rows] == [(0, 0), (1, 1), (1, 2)]
    first = rows[0]
    assert cer(pages["clean"].text, first["ocr_text"]) < 0.01
    layout = json.loads(first["ocr_json"])
    assert layout["blocks"] and layout["engine"] == "tesseract"
    steps = json.loads(first["steps"])
    assert {"orientation", "deskew_deg", "border_crop", "ink_ratio"} <= set(steps)
    # an image-only PDF page is taken at the embedded image's native resolution, not re-rendered
    assert steps["source"] == {"how": "embedded-image", "dpi": 300.0}
    assert (ws.root / first["image_path"]).exists()
    assert ws.store.status()["files"] == {"done": 1}
    # the halves of the spread hold the left and right page texts
    left, right = rows[1]["ocr_text"], rows[2]["ocr_text"]
    assert cer("\n".join(pages["spread"].halves[0]), left) < 0.05
    assert cer("\n".join(pages["spread"].halves[1]), right) < 0.05


def test_a_leaf_with_its_other_side_showing_through_is_stored_with_the_lines_left_out(ws):
    """The old leaf's mirrored verso is not stored as text; the page's steps say how many
    lines were left out, and the layout keeps their boxes."""
    from scanner_station.synth.pages import make_page

    page = make_page(5702, "showthrough")
    write_pdf(ws.inbox / "leaf.pdf", [page.image])
    intake(ws, ws.inbox / "leaf.pdf")
    assert Pipeline(ws, workers=0).run() == 1
    row = ws.store.pages()[0]
    assert cer(page.text, row["ocr_text"]) < 0.02
    boxes = json.loads(row["ocr_json"])["meta"]["show_through"]
    assert json.loads(row["steps"])["show_through_lines"] == len(boxes) >= 8


def test_blank_page_is_stored_flagged(ws, pages):
    import numpy as np
    blank = np.full((3508, 2480, 3), 245, np.uint8)
    write_pdf(ws.inbox / "b.pdf", [pages["clean"].image, blank])
    intake(ws, ws.inbox / "b.pdf")
    Pipeline(ws, engine="tesseract", workers=0).run()
    rows = ws.store.pages()
    assert len(rows) == 2
    assert rows[1]["blank"] == 1 and rows[1]["state"] == "blank"
    assert ws.store.status()["blank_pages"] == 1


def test_engine_failure_is_retried_then_failed_with_reason(ws, pages, monkeypatch):
    monkeypatch.setenv("SCANNER_STATION_FAULT", "raise")
    pages["clean"].save(ws.inbox / "a.png")
    intake(ws, ws.inbox / "a.png")
    Pipeline(ws, engine="faulty", workers=0).run()
    st = ws.store.status()
    assert st["jobs"] == {"failed": 1} and st["files"] == {"failed": 1}
    job = ws.store._conn.execute("SELECT attempts, last_error FROM jobs").fetchone()
    assert job["attempts"] == MAX_ATTEMPTS and "injected OCR failure" in job["last_error"]
    # after fixing the cause, a retry processes it
    assert ws.store.retry_failed() == 1
    monkeypatch.setenv("SCANNER_STATION_FAULT", "ok")
    from scanner_station.pipeline import runner
    runner._ENGINES.clear()
    Pipeline(ws, engine="faulty", workers=0).run()
    assert ws.store.status()["jobs"] == {"done": 1}


def test_garbage_from_engine_is_stored_sanitised(ws, pages, monkeypatch):
    monkeypatch.setenv("SCANNER_STATION_FAULT", "garbage")
    from scanner_station.pipeline import runner
    runner._ENGINES.clear()
    pages["clean"].save(ws.inbox / "g.png")
    intake(ws, ws.inbox / "g.png")
    Pipeline(ws, engine="faulty", workers=0).run()
    row = ws.store.pages()[0]
    layout = json.loads(row["ocr_json"])
    conf = layout["blocks"][0]["lines"][0]["words"][0]["confidence"]
    assert 0.0 <= conf <= 1.0  # NaN clamped


@pytest.mark.slow
def test_hung_and_crashing_workers_do_not_stop_the_batch(ws, pages, monkeypatch):
    monkeypatch.setenv("SCANNER_STATION_FAULT", "hang")
    pages["clean"].save(ws.inbox / "h.png")
    intake(ws, ws.inbox / "h.png")
    events = []
    Pipeline(ws, engine="faulty", workers=1, page_timeout=3, on_progress=events.append).run()
    assert ws.store.status()["jobs"] == {"failed": 1}
    assert any("longer than" in e.get("reason", "") for e in events)
    monkeypatch.setenv("SCANNER_STATION_FAULT", "crash")
    ws.store.retry_failed()
    Pipeline(ws, engine="faulty", workers=1, page_timeout=30).run()
    assert ws.store.status()["jobs"] == {"failed": 1}


@pytest.mark.slow
def test_a_worker_crash_with_several_pages_in_flight_is_recorded_not_raised(ws, pages, monkeypatch):
    """A worker that dies (killed for memory, a crash in a native library) breaks every page in
    flight at once: each is recorded and retried, and the run ends with every page accounted for
    instead of stopping on the second broken page."""
    monkeypatch.setenv("SCANNER_STATION_FAULT", "crash")
    write_pdf(ws.inbox / "three.pdf", [pages["clean"].image, pages["scanner"].image, pages["handwriting"].image])
    intake(ws, ws.inbox / "three.pdf")
    events = []
    Pipeline(ws, engine="faulty", workers=2, page_timeout=60, on_progress=events.append).run()
    assert ws.store.status()["jobs"] == {"failed": 3}
    assert {e["page"] for e in events if e["event"] == "page_failed"} == {1, 2, 3}


@pytest.mark.slow
def test_worker_pool_processes_a_batch(ws, pages):
    imgs = [pages["clean"].image, pages["scanner"].image] * 3
    write_pdf(ws.inbox / "six.pdf", imgs)
    intake(ws, ws.inbox / "six.pdf")
    assert Pipeline(ws, engine="tesseract", workers=2).run() == 6
    assert len(ws.store.pages()) == 6


def test_search_folds_diacritics_and_ranks_exact_first(ws):
    from scanner_station.storage.store import Store
    from scanner_station.synth.pages import printed_fonts, render_lines
    from PIL import Image
    lines_a = ["Họ, chữ đệm, tên: Nguyễn Văn Đức", "Nơi sinh: xã Tân Phú"]
    lines_b = ["Họ, chữ đệm, tên: Nguyen Van Duc", "Nơi sinh: xã Đông Hòa"]
    for name, lines in (("a.png", lines_a), ("b.png", lines_b)):
        Image.fromarray(render_lines(lines, printed_fonts()[0])).save(ws.inbox / name)
        intake(ws, ws.inbox / name)
    Pipeline(ws, engine="tesseract", workers=0).run()
    store: Store = ws.store
    hits = store.search("nguyen van duc")
    assert {h["file"] for h in hits} == {"a.png", "b.png"}
    hits = store.search("Nguyễn Văn Đức")
    assert hits[0]["file"] == "a.png" and hits[0]["exact"]
    assert store.search("đông hoa")[0]["file"] == "b.png"
    assert store.search("duc")  # a single folded word
    assert store.search('" OR 1=1 --') == []  # quotes cannot inject FTS syntax
    assert store.search("Trần Thị Hằng") == []
    # the snippet starts and ends at word boundaries and marks the word hit
    snippet = store.search("dong hoa")[0]["snippet"]
    assert "«Đông»" in snippet and snippet.split()[0] in ("…", "Họ,") and "Hòa" in snippet


@pytest.mark.parametrize("text,query,want", [
    ("Thủ tướng Chính phủ ban hành quyết định về việc thường trực Chính phủ họp",
     "thuong truc", "… ban hành quyết định về việc «thường» trực Chính phủ họp"),
    ("ngắn", "ngan", "«ngắn»"),
    ("một hai ba bốn năm sáu bảy tám chín mười", "zzz", "một hai ba bốn năm sáu bảy tám chín mười"),
])
def test_search_snippets_never_cut_a_word(text, query, want):
    from scanner_station.storage.store import _snippet
    assert _snippet(text, query, width=60) == want


def test_pdf_with_text_is_rendered_at_300_dpi(ws, tmp_path):
    import pikepdf
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 700 Td (So dinh danh ca nhan: 001087012345) Tj ET")
    path = ws.inbox / "text.pdf"
    pdf.save(path)
    intake(ws, path)
    Pipeline(ws, engine="tesseract", workers=0).run()
    row = ws.store.pages()[0]
    steps = json.loads(row["steps"])
    assert steps["source"] == {"how": "rendered", "dpi": 300.0}
    assert "001087012345" in row["ocr_text"]


def test_altered_model_stops_the_pipeline_at_start(ws, pages, tmp_path, monkeypatch):
    from scanner_station.domain.errors import ModelError
    from scanner_station.ocr import models
    manifest = models.load_manifest()
    bad = [models.ModelFile(m.name, m.version, m.source, m.path, m.licence, "0" * 64, m.used_by)
           if m.name == "asternet-vi-vocab" else m for m in manifest]
    monkeypatch.setattr(models, "load_manifest", lambda path=None: bad)
    pages["clean"].save(ws.inbox / "a.png")
    intake(ws, ws.inbox / "a.png")
    with pytest.raises(ModelError) as exc:
        Pipeline(ws, engine="tesseract", workers=0).run()
    assert "asternet-vi-vocab" in exc.value.message and "reinstall" in exc.value.hint
    assert ws.store.status()["jobs"] == {"queued": 1}  # nothing consumed, nothing lost


def test_a_worker_holds_one_copy_of_each_recogniser(monkeypatch):
    """The field re-reader uses the page engine's AsterOCR and Tesseract line reader (one model
    in memory, loaded once per worker), and reads with them as with its own."""
    import numpy as np

    from scanner_station.extraction.reread import CropReader
    from scanner_station.ocr import aster
    from scanner_station.pipeline import runner

    made = []
    real = aster.AsterRecognizer.__init__

    def counted(self, *a, **kw):
        made.append(self)
        real(self, *a, **kw)

    monkeypatch.setattr(aster.AsterRecognizer, "__init__", counted)
    monkeypatch.setattr(runner, "_ENGINES", {})
    monkeypatch.setattr(runner, "_EXTRACTION", {})
    runner.warm("onnx-hybrid")
    engine, reader = runner._engine("onnx-hybrid"), runner.field_reader()
    assert len(made) == 1
    assert reader._rec("aster") is engine.line_recognizers()["aster"]
    assert reader._rec("tess-line") is engine.line_recognizers()["tess-line"]
    line = np.full((48, 400), 255, np.uint8)
    import cv2
    cv2.putText(line, "2006", (10, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    assert reader.read(line, "aster") == CropReader().read(line, "aster") == "2006"
    assert len(made) == 2  # the re-reader made on its own loads its own
    closed = []
    monkeypatch.setattr(aster.AsterRecognizer, "close", lambda self: closed.append(self))
    reader.close()
    assert closed == []  # the engine's recognisers are the engine's to close
    engine.close()
    assert closed == [engine.line_recognizers()["aster"]]
