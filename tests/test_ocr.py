"""OCR engines on rendered Vietnamese pages (real Tesseract, PaddleOCR and AsterOCR)."""

import json

import numpy as np
import pytest

from conftest import cer, line_crop
from scanner_station.domain.errors import ModelError, OcrError
from scanner_station.domain.layout import PageLayout
from scanner_station.imaging.cleanup import clean_page
from scanner_station.ocr import create_engine, engine_names, models


@pytest.fixture(scope="module")
def tesseract():
    e = create_engine("tesseract")
    yield e
    e.close()


def test_engines_registered():
    names = engine_names()
    for n in ("tesseract", "paddle-aster", "paddle-tess", "paddle-hybrid", "tess-aster", "faulty"):
        assert n in names


def test_unknown_engine_names_the_choices():
    with pytest.raises(OcrError) as exc:
        create_engine("nope")
    assert "tesseract" in exc.value.hint


def test_tesseract_reads_clean_page_with_diacritics(tesseract, pages):
    page = pages["clean"]
    layout = tesseract.read_page(clean_page(page.image)[0].image)
    assert isinstance(layout, PageLayout)
    assert cer(page.text, layout.text) < 0.01
    words = list(layout.words())
    assert words and all(0.0 <= w.confidence <= 1.0 for w in words)
    assert all(w.bbox.x1 <= layout.width and w.bbox.y1 <= layout.height for w in words)
    # JSON round trip of the typed tree
    again = PageLayout.from_dict(json.loads(json.dumps(layout.to_dict())))
    assert again.text == layout.text


@pytest.mark.slow
def test_paddle_hybrid_reads_print_and_handwriting(pages):
    eng = create_engine("paddle-hybrid")
    try:
        clean = eng.read_page(clean_page(pages["clean"].image)[0].image)
        assert cer(pages["clean"].text, clean.text) < 0.01
        hw = eng.read_page(clean_page(pages["handwriting"].image)[0].image)
        # Tesseract alone reads cursive at ~50 % CER; the cascade must do far better
        assert cer(pages["handwriting"].text, hw.text) < 0.10
        assert hw.meta["line_choices"].get("aster", 0) > 0
    finally:
        eng.close()


def test_tesseract_alone_fails_on_handwriting(tesseract, pages):
    """Why the neural recogniser is needed: the baseline really is poor on cursive."""
    hw = tesseract.read_page(clean_page(pages["handwriting"].image)[0].image)
    assert cer(pages["handwriting"].text, hw.text) > 0.2


def test_aster_recogniser_reads_a_cursive_line():
    from scanner_station.ocr.aster import AsterRecognizer
    from scanner_station.synth.pages import cursive_fonts
    text = "Họ, chữ đệm, tên: Nguyễn Thị Thủy"
    crop = line_crop(text, cursive_fonts()[0])
    read = AsterRecognizer().read([crop])[0]
    assert cer(text, read.text) < 0.1
    assert 0 < read.confidence <= 1
    assert read.words and read.words[0][1] < read.words[-1][1]


def test_blank_page_reads_nothing(tesseract):
    layout = tesseract.read_page(np.full((800, 600), 255, np.uint8))
    assert layout.text == ""


def test_altered_model_file_is_refused(tmp_path, monkeypatch):
    manifest = models.load_manifest()
    vocab = next(m for m in manifest if m.name == "asternet-vi-vocab")
    copy = tmp_path / "vocab.json"
    copy.write_bytes(vocab.resolve().read_bytes() + b" ")
    altered = models.ModelFile(vocab.name, vocab.version, "repo", str(copy), vocab.licence,
                               vocab.sha256, vocab.used_by)
    monkeypatch.setattr(models, "models_dir", lambda: tmp_path / "ocr_models")
    with pytest.raises(ModelError) as exc:
        models.verify(altered)
    assert "SHA-256" in str(exc.value)
    missing = models.ModelFile("x", "1", "debian:tesseract-ocr-xyz", str(tmp_path / "nope.traineddata"),
                               "MIT", "0" * 64, ("t",))
    with pytest.raises(ModelError) as exc:
        models.verify(missing)
    assert "missing" in str(exc.value) and "apt-get install" in exc.value.hint


def test_manifest_lists_every_model_with_licence_and_hash():
    report = models.check_all()
    assert report and all(result == "ok" for _, result in report), report
    for m, _ in report:
        assert m.licence and len(m.sha256) == 64


def test_aster_reads_lines_longer_than_its_window():
    """The model covers 1024 px at height 32; a longer line is cut at word gaps, not failed."""
    from scanner_station.ocr.aster import AsterRecognizer
    from scanner_station.synth.pages import printed_fonts, render_lines
    text = ("Nơi cư trú: xã Tân Phú, huyện Đông Anh, thành phố Hà Nội; Nơi sinh: Trạm y tế "
            "phường Bến Thành, quận Hoàn Kiếm, tỉnh Lào Cai; Ghi chú: không")
    img = render_lines([text], printed_fonts()[0], size_px=40, page_size=(4200, 120), margin=20)
    g = img[:, :, 0]
    ys, xs = np.nonzero(g < 128)
    crop = g[ys.min() - 6:ys.max() + 6, xs.min() - 4:xs.max() + 4]
    assert crop.shape[1] * 32 / crop.shape[0] > 1024
    read = AsterRecognizer().read([crop])[0]
    assert read.extra.get("pieces", 1) >= 2
    assert cer(text, read.text) < 0.05


def test_the_onnx_detector_finds_the_lines_paddleocr_finds():
    """The default engine's detector (PP-OCRv4 weights through onnxruntime, our pre- and
    post-processing) against PaddleOCR's own implementation of the same weights: the same lines,
    the same boxes within a pixel or two, on print, handwriting, a scan and a phone photo."""
    from scanner_station.ocr.hybrid import make_detector
    from scanner_station.synth.forms import make_form

    from scanner_station.ocr.onnx_det import OnnxDetector

    paddle, onnx = make_detector("paddle"), OnnxDetector(score_mode="fast")  # PaddleOCR's default
    for seed, variant, fill in ((1, "clean", "printed"), (2, "scanner", "handwriting"), (3, "phone", "printed")):
        gray = clean_page(make_form(seed, variant=variant, fill=fill).image)[0].image
        ref, ours = paddle.detect(gray), onnx.detect(gray)
        assert len(ref) >= 8 and len(ours) == len(ref), (seed, len(ref), len(ours))
        for r in ref:
            best = min(ours, key=lambda o: sum(abs(a - b) for a, b in zip(o.bbox.as_list(), r.bbox.as_list())))
            assert max(abs(a - b) for a, b in zip(best.bbox.as_list(), r.bbox.as_list())) <= 3, (seed, r.bbox)
    paddle.close()
    onnx.close()


def test_a_line_crop_completes_a_glyph_the_tight_box_cut_and_maps_words_back():
    """The detector's box can cut a narrow first glyph ("1" of "153" in a register's number
    cell; both recognisers then read "53"): the crop takes more page on that side so the glyph
    is whole, whitens other ink there (a table rule), takes none where another detected line
    begins, and word positions in the crop still map onto the page."""
    from scanner_station.ocr.base import DetectedLine, LineRead
    from scanner_station.ocr.hybrid import SIDE_MARGIN, _free_ends, _words_from_read, rectify_line
    from scanner_station.synth.pages import printed_fonts, render_lines
    img = render_lines(["153"], printed_fonts()[0], size_px=40, page_size=(400, 120), margin=60)[:, :, 0].copy()
    ys, xs = np.nonzero(img < 128)
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    img[y0 - 4:y1 + 4, x0 - 12:x0 - 10] = 0  # a table rule left of the cell's text
    h = y1 - y0
    tight = (x0 + 3, y0), (x1, y0), (x1, y1), (x0 + 3, y1)  # the box starts inside the "1"
    crop, left = rectify_line(img, tight)
    assert left == round(h * SIDE_MARGIN)  # grown on the cut side
    assert crop[:, left - 4:left].min() < 100  # the whole "1" is there
    assert crop[:, :left - 6].min() > 200  # the rule is not
    assert crop.shape[1] - left - (x1 - x0 - 3) == round(h * 0.06)  # the uncut side: a sliver
    whole = (x0, y0), (x1, y0), (x1, y1), (x0, y1)
    crop2, left2 = rectify_line(img, whole)
    assert left2 == round(h * 0.06)  # nothing cut: a sliver of page, as before
    det = DetectedLine(tight, 1.0)
    neighbour = DetectedLine(((x0 - 80, y0), (x0 + 1, y0), (x0 + 1, y1), (x0 - 80, y1)), 1.0)
    assert _free_ends(det, [det, neighbour]) == (False, True)
    assert rectify_line(img, tight, grow=(False, True))[1] == round(h * 0.06)
    # a long line (a handwritten sentence) is never grown: more page changed its readings
    long_img = np.full((120, 1400), 255, np.uint8)
    long_img[:, :200] = img[:, :200]
    long_quad = (x0 + 3, y0), (x0 + 8 * h, y0), (x0 + 8 * h, y1), (x0 + 3, y1)
    assert rectify_line(long_img, long_quad)[1] == round(h * 0.06)
    read = LineRead("153", 0.99, (("53", left, crop.shape[1] - round(h * 0.06), 0.99),), "aster", {})
    (word,) = _words_from_read(read, det, crop.shape[1], left)
    assert abs(word.bbox.x0 - (x0 + 3)) <= 1 and abs(word.bbox.x1 - x1) <= 2


def test_a_glyph_touching_the_rule_it_is_written_on_is_still_a_glyph():
    """A value written on its cell's foot ("123" in a death extract's number cell): the rule
    joins the "1" the tight box cut to the other digits, yet the crop still takes the "1" whole
    (AsterOCR read "23" and the value was proposed so)."""
    from scanner_station.ocr.hybrid import SIDE_MARGIN, rectify_line
    from scanner_station.synth.pages import printed_fonts, render_lines
    img = render_lines(["123"], printed_fonts()[0], size_px=40, page_size=(400, 120), margin=60)[:, :, 0].copy()
    ys, xs = np.nonzero(img < 128)
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    h = y1 - y0
    img[y1 - 2:y1 + 1, x0 - 60:x1 + 60] = 0  # the cell's foot, touching every digit
    tight = (x0 + 3, y0), (x1, y0), (x1, y1 + 1), (x0 + 3, y1 + 1)
    crop, left = rectify_line(img, tight)
    assert left == round((h + 1) * SIDE_MARGIN)  # grown on the cut side
    assert crop[: h // 2, left - 4:left].min() < 100  # the whole "1" is there
    # a cell's upright rule standing on that foot across the box's edge is no glyph cut there
    img2 = img.copy()
    img2[y0 - 20:y1 + 20, x0 - 6:x0 - 2] = 0
    boxed = (x0 - 4, y0), (x1, y0), (x1, y1 + 1), (x0 - 4, y1 + 1)
    assert rectify_line(img2, boxed)[1] == round((h + 1) * 0.06)


@pytest.mark.parametrize("words,want", [
    ([("huyện Đinh", 100, 200, 0.8)], [("huyện", 100, 156), ("Đinh", 156, 200)]),
    ([("Kim", 0, 30, 0.9), ("Ánh", 40, 70, 0.9)], [("Kim", 0, 30), ("Ánh", 40, 70)]),
    ([("a b c", 0, 3, 0.5)], [("a", 0, 1), ("b", 1, 2), ("c", 2, 3)]),
])
def test_a_span_re_read_as_two_syllables_becomes_two_words(words, want):
    from scanner_station.ocr.aster import split_spaced
    got = split_spaced(words)
    assert [(t, a, b) for t, a, b, _ in got] == want
    assert all(" " not in t for t, *_ in got)


def test_the_default_engine_puts_back_the_word_spaces_a_line_ran_together():
    """Words written close together are read as one ("Độclập", "khaisinh"): the page's text has
    them apart, each less sure; without the step they stay run together."""
    from scanner_station.ocr.calibration import calibrate
    from scanner_station.ocr.hybrid import HybridEngine
    from scanner_station.ocr.spacing import RESPACED_CONFIDENCE
    from scanner_station.synth.pages import printed_fonts, render_lines

    img = render_lines(["Độclập - Tự do", "Ghi chú: khaisinh 3năm2024"], printed_fonts()[0], size_px=44,
                       page_size=(1200, 260), margin=40)[:, :, 0].copy()
    texts = {}
    for respace in (True, False):
        eng = HybridEngine("onnx", ("tess-line", "aster"), respace=respace)
        texts[respace] = eng.read_page(img)
        eng.close()
    # without the step a number and a word run together stay so (AsterOCR's decoder may part
    # two syllables of a word itself: ctc.Refiner)
    assert "3năm2024" in texts[False].text.split()
    assert texts[True].text.split() == ["Độc", "lập", "-", "Tự", "do", "Ghi", "chú:", "khai", "sinh",
                                        "3", "năm", "2024"]
    # the words the step parted (the recogniser may read "Độc lập" apart itself) are less sure
    kept = {w.text for w in texts[False].words()}
    split = [w for w in texts[True].words() if w.text not in kept]
    most = max(calibrate(e, RESPACED_CONFIDENCE) for e in ("tess-line", "aster"))
    assert {"3", "năm", "2024"} <= {w.text for w in split}
    assert all(w.confidence <= most for w in split)


def test_a_line_of_print_with_a_lower_handwritten_value_is_found():
    """A hand-filled line sits lower than its printed label: the region is uneven and its box
    mostly empty page. Scored by its box ("fast") the line was lost; by the region itself
    ("slow", the default) it is found — and every line the box score finds is found too."""
    from scanner_station.ocr.onnx_det import OnnxDetector
    from scanner_station.synth.forms import make_form

    gray = clean_page(make_form(6535, "civil.death_extract", "clean", "handwriting", "old").image)[0].image
    fast_det, slow_det = OnnxDetector(score_mode="fast"), OnnxDetector()
    fast, slow = fast_det.detect(gray), slow_det.detect(gray)
    fast_det.close()
    slow_det.close()

    def covers(lines, y0, y1, x1):  # a line across the band, reaching x1
        return any(ln.bbox.y0 < y1 and ln.bbox.y1 > y0 and ln.bbox.x1 >= x1 for ln in lines)
    assert not covers(fast, 925, 975, 900) and covers(slow, 925, 975, 900)  # "Đã chết vào lúc: 19 giờ …"
    for f in fast:
        assert any(max(abs(a - b) for a, b in zip(f.bbox.as_list(), s.bbox.as_list())) <= 3 for s in slow)


def test_a_words_recogniser_survives_the_layouts_json():
    from scanner_station.domain.layout import BBox, Block, Line, Word
    words = (Word("Họ", BBox(0, 0, 10, 10), 0.9, "tess-line"), Word("Toàn", BBox(20, 0, 40, 10), 0.8, "aster"),
             Word("x", BBox(50, 0, 55, 10), 0.7))
    layout = PageLayout(100, 20, (Block((Line(words, BBox(0, 0, 55, 10), 0.7, "aster+tess-line"),), BBox(0, 0, 55, 10)),))
    again = PageLayout.from_dict(json.loads(json.dumps(layout.to_dict())))
    assert [w.engine for w in again.words()] == ["tess-line", "aster", ""]
    assert "engine" not in layout.to_dict()["blocks"][0]["lines"][0]["words"][2]  # none stored when unset


def test_a_long_line_is_cut_in_pieces_the_recogniser_can_take():
    """Cuts go to the emptiest column near each ideal cut; where the gaps between words lie at
    the far ends of their windows, a middle piece came out wider than the model's 1024 px and
    onnxruntime failed on it (a field's band crop, 32 px tall and 2500 wide)."""
    from scanner_station.ocr.aster import HEIGHT, MAX_WIDTH, split_long

    w = 2500
    crop = np.zeros((HEIGHT, w), np.uint8)  # ink everywhere …
    window = w // 18
    crop[:, w // 3 - window + 1] = 255  # … but a gap early in the first cut's window
    crop[:, 2 * w // 3 + window - 1] = 255  # and one late in the second's
    pieces = split_long(crop)
    assert all(p.shape[1] <= MAX_WIDTH * 0.95 for _, p in pieces)
    assert sum(p.shape[1] for _, p in pieces) == w and pieces[0][0] == 0


def test_a_fitted_calibration_table_is_monotone_and_measures_its_error():
    from scanner_station.ocr.calibration import apply, calibration_error, fit

    rng = np.random.default_rng(5)
    raw = rng.uniform(0.5, 1.0, 4000)
    # a recogniser that is over-confident: a word scored s is right with probability 2s - 1
    right = rng.uniform(0, 1, raw.size) < (2 * raw - 1)
    pairs = list(zip(raw.tolist(), right.tolist()))
    table = fit(pairs)
    ys = [y for _, y in table]
    assert ys == sorted(ys) and table[0] == (0.0, 0.0)
    assert apply(table, 0.75) == pytest.approx(0.5, abs=0.08)
    assert apply(None, 0.75) == 0.75
    ece_raw, brier_raw = calibration_error(pairs)
    ece_fit, brier_fit = calibration_error([(apply(table, c), r) for c, r in pairs])
    assert ece_raw > 0.2 and ece_fit < 0.05 and brier_fit < brier_raw
    assert calibration_error([(1.0, True), (0.0, False)]) == (0.0, 0.0)


def test_every_recogniser_reads_every_line_for_calibration(pages):
    eng = create_engine("onnx-hybrid")
    try:
        gray = clean_page(pages["clean"].image)[0].image
        readings = eng.every_reading(gray)
        layout = eng.read_page(gray)
    finally:
        eng.close()
    assert len(readings) >= 10
    assert all([r.engine for r in reads] == ["tess-line", "aster"] for reads in readings)
    # raw confidences, before any table
    assert all(0.0 <= r.confidence <= 1.0 for reads in readings for r in reads)
    assert cer(pages["clean"].text, "\n".join(r[0].text for r in readings)) < 0.03
    assert len(readings) >= len(list(layout.lines()))
